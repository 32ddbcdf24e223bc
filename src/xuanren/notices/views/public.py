"""The public notice pages (no log-in, each marked with
:func:`~xuanren.campaigns.public_views.public_page`): the notices published, one notice with its text,
period and the objection form, its PDF and .docx, the receipt after lodging, and the receipt lookup.

The objection form is a POST to the notice's own page (CSRF-protected like every form), rate-limited per
client (:mod:`xuanren.notices.throttle`); a refused submission shows the reason and keeps what was typed. The
receipt lookup shows the status and, once concluded, the reply — nothing else of that objection or any
other. Only notices published (or ended) of announced or closed campaigns are shown; anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.public_views import PUBLIC_STATUSES, public_page
from xuanren.notices import actions, clock, throttle
from xuanren.notices.actions.objections import MAX_FILES, TYPE_WORDS, check_open, max_bytes, normalise_receipt
from xuanren.notices.documents import build_document
from xuanren.notices.models import Notice, NoticeEntry, Objection
from xuanren.notices.views.common import notice_docx, notice_pdf, uploads
from xuanren.voting.privacy import client_of

SESSION_KEY = "notices_receipt"


def public_notices() -> Any:
    return (Notice.objects.filter(status__in=(Notice.Status.PUBLISHED, Notice.Status.ENDED),
                                  campaign__status__in=PUBLIC_STATUSES)
            .select_related("campaign", "campaign__unit"))


def _notice(pk: int) -> Notice:
    notice: Notice = get_object_or_404(public_notices(), pk=pk)
    return notice


def _accepting(notice: Notice) -> str:
    """Why objections are not taken now ("" when they are)."""
    try:
        check_open(notice, clock.now())
    except CampaignError as exc:
        return str(exc)
    return ""


@public_page
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = list(public_notices().order_by("-starts", "-id")[:200])
    return render(request, "notices/public/list.html", {"notices": notices})


def _render_notice(request: HttpRequest, notice: Notice, values: dict[str, Any], error: str = "",
                   status: int = 200) -> HttpResponse:
    return render(request, "notices/public/notice.html", {
        "notice": notice, "campaign": notice.campaign, "doc": build_document(notice),
        "entries": list(NoticeEntry.objects.filter(notice=notice).order_by("order", "id")),
        "closed_reason": _accepting(notice), "values": values, "error": error, "max_files": MAX_FILES,
        "types": TYPE_WORDS, "max_mb": round(max_bytes() / 1048576),
    }, status=status)


@public_page
def notice_page(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """GET: the notice and the form; POST: lodge an objection (then the receipt page)."""
    notice = _notice(notice_pk)
    if request.method != "POST":
        return _render_notice(request, notice, {"anonymous": True})
    p = request.POST
    values: dict[str, Any] = {"anonymous": p.get("identity", "anonymous") != "named", "name": p.get("name", ""),
              "contact": p.get("contact", ""), "text": p.get("text", ""), "entry": p.get("entry", "")}
    try:
        objection = actions.objection_lodge(now=clock.now(), notice=notice, text=values["text"],
                                            anonymous=values["anonymous"], name=values["name"],
                                            contact=values["contact"], entry=values["entry"] or None,
                                            files=uploads(request), client=client_of(request.META))
    except CampaignError as exc:
        return _render_notice(request, notice, values, str(exc), status=400)
    request.session[SESSION_KEY] = objection.receipt
    return HttpResponseRedirect(reverse("notices:public_lodged", kwargs={"notice_pk": notice.pk}))


@public_page
def lodged(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """The receipt number, shown once after lodging (kept in the session, not in the address)."""
    notice = _notice(notice_pk)
    receipt = request.session.pop(SESSION_KEY, "")
    return render(request, "notices/public/lodged.html", {"notice": notice, "receipt": receipt})


@public_page
def notice_pdf_view(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = _notice(notice_pk)
    response = notice_pdf(notice)
    if response is None:
        return render(request, "campaigns/public/unavailable.html", {"campaign": notice.campaign}, status=503)
    return response


@public_page
def notice_docx_view(request: HttpRequest, notice_pk: int) -> HttpResponse:
    return notice_docx(_notice(notice_pk))


@public_page
def receipt(request: HttpRequest) -> HttpResponse:
    """GET: the lookup form; POST: the status of the objection with that receipt number, and its reply once
    concluded. Unknown numbers are counted per client: after too many, lookups are refused for a while."""
    context: dict[str, Any] = {"typed": "", "found": None, "error": ""}
    status = 200
    if request.method == "POST":
        client = client_of(request.META)
        typed = normalise_receipt(request.POST.get("receipt", ""))
        context["typed"] = typed
        if throttle.is_locked(throttle.RECEIPT, client):
            context["error"], status = _("查询次数过多，请稍后再试"), 429
        elif not typed:
            context["error"], status = _("请输入受理编号"), 400
        else:
            found = Objection.objects.filter(receipt=typed).only("receipt", "status", "reply", "concluded_at").first()
            if found is None:
                throttle.note(throttle.RECEIPT, client)
                context["error"], status = _("未找到该受理编号，请核对后重新输入"), 404
            else:
                context["found"] = {"receipt": found.receipt, "status": found.get_status_display(),
                                    "concluded": found.status == Objection.Status.CONCLUDED,
                                    "reply": found.reply if found.status == Objection.Status.CONCLUDED else "",
                                    "concluded_at": found.concluded_at}
    return render(request, "notices/public/receipt.html", context, status=status)
