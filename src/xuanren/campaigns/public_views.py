"""Public pages (公众): announced campaigns, their announcement (HTML, PDF, .docx) and published stage results.

No log-in: each view is marked ``public = True`` (by :func:`public_page`), which the access-matrix test
reads. Only campaigns announced or closed are shown; a draft or cancelled campaign is a 404, as is a stage
that is not public, not sealed or has published nothing.

What a sealed stage published (:class:`~xuanren.campaigns.models.Publication`) is JSON written by the
sealing action; :func:`publication_view` reads it defensively, and never shows an identity-card number
or an internal id, whatever the JSON holds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import select_template

from xuanren.campaigns.documents.announcement import build_announcement
from xuanren.campaigns.models import Campaign, Stage
from xuanren.campaigns.public_links import public_links

F = TypeVar("F", bound=Callable[..., HttpResponse])

log = logging.getLogger(__name__)

PUBLIC_STATUSES = (Campaign.Status.ANNOUNCED, Campaign.Status.CLOSED)


def public_page(view: F) -> F:
    """Marks a page as open to everyone, logged in or not."""
    view.public = True  # type: ignore[attr-defined]
    return view


def announced_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status__in=PUBLIC_STATUSES).select_related("unit")


def _campaign(pk: int) -> Campaign:
    return get_object_or_404(announced_campaigns(), pk=pk)


def published_stages(campaign: Campaign) -> list[Stage]:
    """The campaign's public, sealed stages that have published something, in order."""
    return list(campaign.stages.filter(public=True, status=Stage.Status.SEALED, publications__isnull=False)
                .distinct().order_by("order"))


@public_page
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = announced_campaigns().order_by("-published_at", "-id")
    return render(request, "campaigns/public/campaign_list.html", {"campaigns": campaigns})


@public_page
def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    return render(request, "campaigns/public/announcement.html", {
        "campaign": campaign, "doc": build_announcement(campaign), "stages": published_stages(campaign),
        "notices": public_links(campaign),
    })


def _attachment(data: bytes, content_type: str, name: str, fallback: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    return response


@public_page
def announcement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from xuanren.campaigns.documents.pdf import PdfFontMissing, render_pdf

    campaign = _campaign(pk)
    doc = build_announcement(campaign)
    try:
        data = render_pdf(doc)
    except PdfFontMissing as exc:
        # The reason names a file on the server: for the operator's log, not for the public.
        log.error("%s", exc)
        return render(request, "campaigns/public/unavailable.html", {"campaign": campaign}, status=503)
    return _attachment(data, "application/pdf", f"{doc.title}.pdf", f"announcement-{campaign.pk}.pdf")


@public_page
def announcement_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from xuanren.campaigns.documents.docx import render_docx

    campaign = _campaign(pk)
    doc = build_announcement(campaign)
    return _attachment(render_docx(doc),
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       f"{doc.title}.docx", f"announcement-{campaign.pk}.docx")


@public_page
def stage_results(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    campaign = _campaign(pk)
    stage = get_object_or_404(campaign.stages.filter(public=True, status=Stage.Status.SEALED), kind=kind)
    versions = list(stage.publications.order_by("version"))
    if not versions:
        raise Http404("nothing published")
    latest = versions[-1]
    # A stage whose app renders its own results (results_<kind>.html extends stage_results.html).
    template = select_template([f"campaigns/public/results_{stage.kind}.html", "campaigns/public/stage_results.html"])
    return HttpResponse(template.render({
        "campaign": campaign, "stage": stage, "publication": latest, "versions": versions,
        "corrections": [v for v in versions if v.version > 1], "view": publication_view(latest.content),
        "content": latest.content,
    }, request))


# ------------------------------------------------------------------------- reading a publication's content

# Keys never shown, whatever their value: identity numbers, contact details, full birth dates, internal ids.
# (Year and month of birth, "birth", is what public notices customarily give, and the eligibility results
# publish it so.)
_HIDDEN_KEY = re.compile(r"(^|_)(id|pk|ids)$|id_?number|id_?no|identity|身份证|phone|mobile|电话|birth_?date|出生日期"
                         r"|address|住址", re.IGNORECASE)
_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{9}[0-9Xx](?![0-9])")
# Bookkeeping the page already shows in its own words, or codes shown by their label instead.
_META_KEYS = frozenset({"kind", "version", "campaign", "stage", "sealed_at", "published_at", "published_by", "format",
                        "code", "post_code", "title", "post_title", "name", "status", "post"})
_NOTE_KEYS = ("note", "notes", "summary", "remark", "说明", "备注")
# Labels of a post's facts and of the totals.
_FACT = {
    "department": "部门", "level": "职务层次", "slots": "职数", "status_label": "状态", "merged_into": "并入职位",
    "applications": "报名人数", "qualified": "合格人数", "eligible": "合格人数", "candidates": "人选数",
    "shortlisted": "考察对象人数", "note": "备注",
}
# Captions of a post's lists, and the columns of their entries.
_LIST = {
    "people": "名单", "qualified": "资格审查合格人员", "eligible": "资格审查合格人员", "applicants": "报名人员",
    "candidates": "人选", "results": "结果", "rows": "结果", "entries": "名单", "shortlist": "考察对象",
    "appointed": "拟任人选", "ineligible": "资格审查不合格人员",
}
_COLUMN = {
    "name": "姓名", "person": "姓名", "person_name": "姓名", "gender": "性别", "birth": "出生年月",
    "education": "学历", "full_time": "全日制", "current_post": "现任职务", "unit": "单位", "department": "部门",
    "post_title": "现任职务", "rank": "名次", "position": "名次", "score": "得分", "total": "总分",
    "composite": "综合成绩", "vote_rate": "得票率", "votes": "得票数", "result": "结果", "decision": "结论",
    "reason": "理由", "source": "报名方式", "preference": "志愿", "note": "备注", "remark": "备注",
    "passed": "是否通过", "shortlisted": "确定为考察对象",
}


def clean_text(value: Any) -> str:
    """A scalar as shown to the public: identity numbers blotted out, booleans as 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    return _ID_NUMBER.sub("***", str(value))


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _visible(key: Any) -> bool:
    return isinstance(key, str) and not _HIDDEN_KEY.search(key)


def _post_heading(post: Mapping[str, Any]) -> str:
    inner = post.get("post")
    source: Mapping[str, Any] = inner if isinstance(inner, Mapping) else post
    code = source.get("code") or source.get("post_code") or ""
    title = source.get("title") or source.get("post_title") or source.get("name") or ""
    if not title and isinstance(inner, str):
        title = inner
    return clean_text(f"{code} {title}".strip())


def _entries_table(key: str, entries: list[Any]) -> dict[str, Any]:
    """A list of entries (names, or objects of scalars) as a table with its Chinese caption."""
    columns: list[str] = []
    for entry in entries:
        if isinstance(entry, Mapping):
            columns += [k for k, v in entry.items() if _visible(k) and _scalar(v) and k not in columns]
    if not columns:
        return {"caption": _LIST.get(key, key), "columns": ["姓名"],
                "rows": [[clean_text(e)] for e in entries if _scalar(e)]}
    rows = [[clean_text(e.get(c)) for c in columns] if isinstance(e, Mapping) else [clean_text(e)]
            for e in entries if isinstance(e, Mapping) or _scalar(e)]
    return {"caption": _LIST.get(key, key), "columns": [_COLUMN.get(c, c) for c in columns], "rows": rows}


def _facts(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    skip = set(_META_KEYS) | set(_NOTE_KEYS)
    if data.get("status") == "open":  # 正常: say nothing
        skip.add("status_label")
    return [(_FACT.get(k, k), clean_text(v)) for k, v in data.items()
            if _visible(k) and _scalar(v) and v not in (None, "") and k not in skip]


def _part(data: Mapping[str, Any]) -> dict[str, Any]:
    """One post (or the whole content, when it has no posts): its heading, facts and tables."""
    tables = [_entries_table(k, v) for k, v in data.items()
              if _visible(k) and k not in _META_KEYS and isinstance(v, list)]
    notes = [clean_text(data[k]) for k in _NOTE_KEYS if isinstance(data.get(k), str) and data[k].strip()]
    return {"heading": _post_heading(data), "facts": _facts(data), "tables": tables, "notes": notes}


def publication_view(content: Any) -> dict[str, Any]:
    """What the page shows of a publication's JSON: ``title``, ``parts`` (one per post), ``totals``, ``notes``.

    The shape the stage actions write is ``{"title", "posts": [{"code", "title", "department", …,
    "people": [{"name", "gender", "birth", …}]}], "totals": {…}}``; anything else is read as well as it
    can be: a bare list of posts, or one object of facts and lists. Keys that could identify a person
    beyond what a public notice gives (identity number, phone, address, full birth date, internal ids)
    are dropped, and identity numbers inside any text are blotted out.
    """
    view: dict[str, Any] = {"title": "", "parts": [], "totals": [], "notes": []}
    if isinstance(content, list):
        view["parts"] = [_part(p) for p in content if isinstance(p, Mapping)]
        return view
    if not isinstance(content, Mapping):
        if _scalar(content) and content not in (None, ""):
            view["notes"] = [clean_text(content)]
        return view
    if isinstance(content.get("title"), str):
        view["title"] = clean_text(content["title"])
    for key in _NOTE_KEYS:
        value = content.get(key)
        if isinstance(value, str) and value.strip():
            view["notes"].append(clean_text(value))
        elif isinstance(value, list):
            view["notes"] += [clean_text(v) for v in value if isinstance(v, str)]
    totals = content.get("totals")
    if isinstance(totals, Mapping):
        view["totals"] = [(f"{_FACT.get(k, k)}合计" if k in _FACT else k, clean_text(v))
                          for k, v in totals.items() if _visible(k) and _scalar(v)]
    posts = content.get("posts")
    if isinstance(posts, list):
        view["parts"] = [_part(p) for p in posts if isinstance(p, Mapping)]
    else:
        rest = {k: v for k, v in content.items() if k not in {"title", "totals"}}
        part = _part(rest)
        part["heading"] = ""
        if part["facts"] or part["tables"]:
            view["parts"] = [part]
    return view
