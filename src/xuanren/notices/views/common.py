"""What the notices pages share: finding objects, reading uploads, the notice as a document and its
downloads, dates in Chinese."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Stage, StageKind
from xuanren.notices.actions.objections import MAX_FILES, Upload, check_size
from xuanren.notices.calendar import current_calendar
from xuanren.notices.documents import build_document
from xuanren.notices.models import Notice
from xuanren.rules.calendar import zh_date
from xuanren.rules.errors import RuleError

log = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def notice_stage(pk: int, stage_pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign", "campaign__unit"), pk=stage_pk, campaign_id=pk,
                             kind=StageKind.NOTICE)


def get_notice(pk: int) -> Notice:
    return get_object_or_404(Notice.objects.select_related("campaign", "campaign__unit", "stage"), pk=pk)


def uploads(request: HttpRequest, field: str = "files") -> list[Upload]:
    """The files of a form, each checked for size before it is read; refused when too many or too big."""
    files = [f for f in request.FILES.getlist(field) if f.name]
    if len(files) > MAX_FILES:
        raise refuse("notices.objections.too_many_files", "附件最多{n}个", "at most {n} attachments", n=MAX_FILES)
    for f in files:
        check_size(f.name or "", f.size or 0)
    return [Upload(f.name or "", f.read()) for f in files]


def attachment_response(data: bytes, content_type: str, name: str, fallback: str, *,
                        inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    how = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{how}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    if inline:  # a file someone sent in: shown, never run
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; object-src 'self'"
    return response


def notice_pdf(notice: Notice) -> HttpResponse | None:
    """The notice as PDF, or ``None`` when the server lacks the CJK fonts (logged for the operator)."""
    from xuanren.campaigns.documents.pdf import PdfFontMissing, render_pdf

    doc = build_document(notice)
    try:
        data = render_pdf(doc)
    except PdfFontMissing as exc:
        log.error("%s", exc)
        return None
    return attachment_response(data, "application/pdf", f"{doc.title}（{notice.campaign.name}）.pdf",
                               f"notice-{notice.pk}.pdf")


def notice_docx(notice: Notice) -> HttpResponse:
    from xuanren.campaigns.documents.docx import render_docx

    doc = build_document(notice)
    return attachment_response(render_docx(doc), DOCX, f"{doc.title}（{notice.campaign.name}）.docx",
                               f"notice-{notice.pk}.docx")


def period_lines(notice: Notice) -> list[str]:
    """How the period was counted (公示期自…，共5个工作日；不计入：…), or why it cannot be shown."""
    try:
        cal = current_calendar()
        period = cal.notice_period(notice.starts, notice.working_days)
        if period.end != notice.ends:
            counted = len(cal.working_days_in(notice.starts, notice.ends))
            return [f"公示期自{zh_date(notice.starts)}至{zh_date(notice.ends)}，共{counted}个工作日（起始日不计入）"]
        return [str(m) for m in period.explain()]
    except RuleError as exc:
        return [str(exc)]


def parse_date(value: str, label: str) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise refuse("notices.bad_date", "{label}“{value}”不是有效日期（应写成 2026-12-07）",
                     "{label} '{value}' is not a date", label=label, value=text) from None


def checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("1", "on", "true", "yes")


def context_dates(**kw: Any) -> dict[str, Any]:
    return {k: zh_date(v) if isinstance(v, dt.date) else v for k, v in kw.items()}
