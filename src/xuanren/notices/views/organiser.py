"""The organiser's notice pages: the stage (settings, notices, generating a draft), one notice (preview, edit
while a draft, publish, end, delete; PDF and .docx).

Each view parses the request, checks the capability, calls one action and redirects; a refusal is shown in
the action's words and nothing has changed. Reading needs ``notices.view`` (organiser, supervisor); changing
``notices.manage`` (organiser).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.actions._common import local_date
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Review, Stage
from xuanren.notices import actions, clock
from xuanren.notices.actions._common import notice_settings
from xuanren.notices.actions.notices import _to_notify
from xuanren.notices.calendar import current_calendar
from xuanren.notices.documents import build_document
from xuanren.notices.handlers import notice_blockers
from xuanren.notices.models import Notice, NoticeEntry, Objection
from xuanren.notices.views.common import (
    checked,
    get_notice,
    notice_docx,
    notice_pdf,
    notice_stage,
    period_lines,
)
from xuanren.rules.errors import RuleError


def stage_url(stage: Stage) -> str:
    return reverse("notices:stage", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


def notice_url(notice: Notice) -> str:
    return reverse("notices:notice", kwargs={"notice_pk": notice.pk})


@capability_required("notices.view")
def stage_page(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = notice_stage(pk, stage_pk)
    campaign = stage.campaign
    now = clock.now()
    notices = list(Notice.objects.filter(stage=stage).order_by("starts", "id"))
    open_counts: dict[int, int] = {}
    for o in Objection.objects.filter(notice__stage=stage).exclude(status=Objection.Status.CONCLUDED):
        open_counts[o.notice_id] = open_counts.get(o.notice_id, 0) + 1
    rows = [{"notice": n, "entries": n.entries.count(), "open": open_counts.get(n.pk, 0)} for n in notices]
    is_open = stage.status == Stage.Status.OPEN
    preview: dict[str, Any] = {}
    if is_open and has(request.user, "notices.manage"):
        rules = notice_settings(stage)
        today = local_date(campaign, now)
        preview["people"] = _to_notify(stage)
        preview["starts"] = today.isoformat()
        try:
            preview["period"] = [str(m) for m in current_calendar().notice_period(today, rules.working_days).explain()]
        except RuleError as exc:
            preview["period"] = [str(exc)]
    return render(request, "notices/stage.html", {
        "campaign": campaign, "stage": stage, "settings": notice_settings(stage), "rows": rows,
        "blockers": notice_blockers(stage, now) if is_open else [], "open": is_open,
        "sealed": stage.status == Stage.Status.SEALED, "can_manage": has(request.user, "notices.manage"),
        "can_objections": has(request.user, "objections.view"), "preview": preview,
        "has_draft": any(n.status == Notice.Status.DRAFT for n in notices),
    })


@require_POST
@capability_required("notices.manage")
def settings_save(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = notice_stage(pk, stage_pk)
    p = request.POST
    try:
        actions.notice_settings_set(actor=request.user, now=clock.now(), stage=stage,
                                    working_days=p.get("working_days", ""), issuer=p.get("issuer", ""),
                                    phone=p.get("phone", ""), address=p.get("address", ""),
                                    mailbox=p.get("mailbox", ""), contact=p.get("contact", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("公示规则已保存。"))
    return HttpResponseRedirect(stage_url(stage))


@require_POST
@capability_required("notices.manage")
def generate(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = notice_stage(pk, stage_pk)
    try:
        notice = actions.notice_generate(actor=request.user, now=clock.now(), stage=stage,
                                         starts=request.POST.get("starts") or None,
                                         working_days=request.POST.get("working_days") or None)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(stage_url(stage))
    messages.success(request, _("已生成公示草稿，请核对后发布。"))
    return HttpResponseRedirect(notice_url(notice))


@capability_required("notices.view")
def notice_page(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_notice(notice_pk)
    entries = list(NoticeEntry.objects.filter(notice=notice).select_related("application__person", "application__post")
                   .order_by("order", "id"))
    overridden = {r.application_id: r.reason for r in Review.objects.filter(
        application_id__in=[e.application_id for e in entries], overridden=True)}
    objections = list(Objection.objects.filter(notice=notice).select_related("entry", "assignee")
                      .order_by("lodged_at", "id")) if has(request.user, "objections.view") else []
    counts: dict[int, int] = {}
    for o in objections:
        if o.entry_id:
            counts[o.entry_id] = counts.get(o.entry_id, 0) + 1
    day = local_date(notice.campaign, clock.now())
    return render(request, "notices/notice.html", {
        "notice": notice, "campaign": notice.campaign, "stage": notice.stage, "doc": build_document(notice),
        "entries": [{"entry": e, "override": overridden.get(e.application_id, ""), "objections": counts.get(e.pk, 0)}
                    for e in entries],
        "period": period_lines(notice), "objections": objections,
        "can_manage": has(request.user, "notices.manage"), "can_handle": has(request.user, "objections.handle"),
        "draft": notice.status == Notice.Status.DRAFT, "published": notice.status == Notice.Status.PUBLISHED,
        "over": day > notice.ends, "stage_open": notice.stage.status == Stage.Status.OPEN,
    })


@require_POST
@capability_required("notices.manage")
def notice_update(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_notice(notice_pk)
    p = request.POST
    exceptional = {int(k.split("-", 1)[1]): v for k, v in p.items()
                   if k.startswith("exceptional-") and k.split("-", 1)[1].isdigit()}
    remove = [int(v) for v in p.getlist("remove") if v.isdigit()]
    try:
        actions.notice_update(actor=request.user, now=clock.now(), notice=notice, title=p.get("title"),
                              text=p.get("text"), issuer=p.get("issuer"), phone=p.get("phone"),
                              address=p.get("address"), mailbox=p.get("mailbox"), contact=p.get("contact"),
                              starts=p.get("starts") or None, ends=p.get("ends") or None,
                              working_days=p.get("working_days") or None, exceptional=exceptional, remove=remove,
                              regenerate=checked(request, "regenerate"))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("公示草稿已保存。"))
    return HttpResponseRedirect(notice_url(notice))


@require_POST
@capability_required("notices.manage")
def notice_publish(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_notice(notice_pk)
    try:
        actions.notice_publish(actor=request.user, now=clock.now(), notice=notice)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("公示已发布，公众可在公示页面查看并反映问题。"))
    return HttpResponseRedirect(notice_url(notice))


@require_POST
@capability_required("notices.manage")
def notice_end(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_notice(notice_pk)
    try:
        actions.notice_end(actor=request.user, now=clock.now(), notice=notice)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("公示已结束。"))
    return HttpResponseRedirect(notice_url(notice))


@require_POST
@capability_required("notices.manage")
def notice_delete(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_notice(notice_pk)
    stage = notice.stage
    try:
        actions.notice_delete(actor=request.user, now=clock.now(), notice=notice)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(notice_url(notice))
    messages.success(request, _("公示草稿已删除。"))
    return HttpResponseRedirect(stage_url(stage))


@capability_required("notices.view")
def notice_pdf_view(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_notice(notice_pk)
    response = notice_pdf(notice)
    if response is None:
        messages.error(request, _("服务器缺少中文字体，暂时无法生成PDF，请下载Word版本。"))
        return HttpResponseRedirect(notice_url(notice))
    return response


@capability_required("notices.view")
def notice_docx_view(request: HttpRequest, notice_pk: int) -> HttpResponse:
    return notice_docx(get_notice(notice_pk))
