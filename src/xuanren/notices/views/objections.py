"""The objections queue and one objection: who sent it (or 匿名), what it says, its attachments, the handling
(assign, investigation notes, conclusion) and its history in the record.

Reading needs ``objections.view`` (organiser, supervisor: the supervisor sees every objection, anonymous ones
included, with their attachments, and changes nothing); handling ``objections.handle`` (organiser).
Attachments are served only through :func:`attachment`, never as public files.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.accounts.roles import MATRIX
from xuanren.campaigns.actions._common import local_date
from xuanren.campaigns.errors import CampaignError
from xuanren.notices import actions, clock
from xuanren.notices.actions.objections import MAX_FILES, TYPE_WORDS, max_bytes
from xuanren.notices.models import Notice, NoticeEntry, Objection, ObjectionAttachment
from xuanren.notices.views.common import attachment_response, checked, get_notice, parse_date, uploads
from xuanren.record.labels import action_label
from xuanren.record.models import Event

STATUS_FILTERS = {"open": gettext_lazy("未办结"), "concluded": gettext_lazy("已办结"), "all": gettext_lazy("全部")}


def objection_url(o: Objection) -> str:
    return reverse("notices:objection", kwargs={"objection_pk": o.pk})


def handlers() -> list[object]:
    roles = [r.value for r in MATRIX["objections.handle"]]
    return list(get_user_model().objects.filter(is_active=True, role_grants__role__in=roles).distinct()
                .order_by("username"))


@capability_required("objections.view")
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    rows = Objection.objects.select_related("notice__campaign", "entry", "assignee").order_by("-lodged_at", "-id")
    if status == "open":
        rows = rows.exclude(status=Objection.Status.CONCLUDED)
    elif status == "concluded":
        rows = rows.filter(status=Objection.Status.CONCLUDED)
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        rows = rows.filter(notice__campaign_id=int(campaign))
    return render(request, "notices/objections.html", {
        "objections": list(rows[:500]), "status": status, "filters": STATUS_FILTERS, "campaign": campaign,
        "open_total": Objection.objects.exclude(status=Objection.Status.CONCLUDED).count(),
    })


def _finding_label(details: Any) -> str:
    """The Chinese label of the finding an event's details carry ("" for none; an unknown value as it is)."""
    value = details.get("finding") if isinstance(details, dict) else None
    if not value:
        return ""
    names: dict[str, Any] = dict(Objection.Finding.choices)
    return str(names.get(str(value), value))


@capability_required("objections.view")
def objection_page(request: HttpRequest, objection_pk: int) -> HttpResponse:
    o = get_object_or_404(Objection.objects.select_related("notice__campaign", "entry", "assignee", "registered_by"),
                          pk=objection_pk)
    history = [{"event": e, "action": action_label(e.action), "finding": _finding_label(e.details)}
               for e in Event.objects.filter(object_type="notices.objection", object_id=str(o.pk)).order_by("seq")]
    return render(request, "notices/objection.html", {
        "o": o, "notice": o.notice, "campaign": o.notice.campaign, "attachments": list(o.attachments.all()),
        "history": history, "can_handle": has(request.user, "objections.handle"),
        "concluded": o.status == Objection.Status.CONCLUDED, "handlers": handlers(),
        "entries": list(o.notice.entries.order_by("order", "id")), "findings": [
            c for c in Objection.Finding.choices if c[0]],
    })


@require_POST
@capability_required("objections.handle")
def assign(request: HttpRequest, objection_pk: int) -> HttpResponse:
    o = get_object_or_404(Objection, pk=objection_pk)
    raw = request.POST.get("assignee", "")
    user = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    try:
        actions.objection_assign(actor=request.user, now=clock.now(), objection=o, assignee=user)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已交办。"))
    return HttpResponseRedirect(objection_url(o))


@require_POST
@capability_required("objections.handle")
def investigate(request: HttpRequest, objection_pk: int) -> HttpResponse:
    o = get_object_or_404(Objection, pk=objection_pk)
    try:
        actions.objection_investigate(actor=request.user, now=clock.now(), objection=o,
                                      notes=request.POST.get("notes", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("调查核实情况已记录。"))
    return HttpResponseRedirect(objection_url(o))


@require_POST
@capability_required("objections.handle")
def conclude(request: HttpRequest, objection_pk: int) -> HttpResponse:
    o = get_object_or_404(Objection, pk=objection_pk)
    try:
        actions.objection_conclude(actor=request.user, now=clock.now(), objection=o,
                                   finding=request.POST.get("finding", ""), reply=request.POST.get("reply", ""),
                                   entry=request.POST.get("entry") or None)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已办结，答复意见可凭受理编号查询。"))
    return HttpResponseRedirect(objection_url(o))


@capability_required("objections.handle")
def register(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """GET: the form; POST: register an objection received by phone, letter, visit or e-mail."""
    notice = get_notice(notice_pk)
    values: dict[str, Any] = {"channel": "letter", "anonymous": True,
                              "received": local_date(notice.campaign, clock.now())}
    error = ""
    if request.method == "POST":
        p = request.POST
        values = {"channel": p.get("channel", ""), "anonymous": checked(request, "anonymous"),
                  "name": p.get("name", ""), "contact": p.get("contact", ""), "text": p.get("text", ""),
                  "entry": p.get("entry", ""), "received": p.get("received", "")}
        try:
            received: dt.date | None = parse_date(p.get("received", ""), "收到日期")
            o = actions.objection_register(actor=request.user, now=clock.now(), notice=notice,
                                           channel=values["channel"], text=values["text"],
                                           anonymous=values["anonymous"], name=values["name"],
                                           contact=values["contact"], entry=values["entry"] or None,
                                           received=received, files=uploads(request))
        except CampaignError as exc:
            error = str(exc)
        else:
            messages.success(request, _("已登记，受理编号 %(receipt)s。") % {"receipt": o.receipt})
            return HttpResponseRedirect(objection_url(o))
    return render(request, "notices/objection_register.html", {
        "notice": notice, "campaign": notice.campaign, "values": values, "error": error,
        "entries": list(NoticeEntry.objects.filter(notice=notice).order_by("order", "id")),
        "channels": [c for c in Objection.Channel.choices if c[0] != Objection.Channel.WEB],
        "published": notice.status == Notice.Status.PUBLISHED, "max_files": MAX_FILES, "types": TYPE_WORDS,
        "max_mb": round(max_bytes() / 1048576),
    }, status=400 if error else 200)


@capability_required("objections.view")
def attachment(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    row = get_object_or_404(ObjectionAttachment, pk=attachment_pk)
    with row.file.open("rb") as f:
        data = f.read()
    inline = row.content_type in ("application/pdf", "image/jpeg", "image/png")
    suffix = row.file.name.rsplit(".", 1)[-1] if "." in row.file.name else "bin"
    return attachment_response(data, row.content_type or "application/octet-stream", row.title,
                               f"attachment-{row.pk}.{suffix}", inline=inline)
