"""The inspection pages: the stage's list of inspections, one inspection's page with a form for each part,
the attachments (served only to ``inspection.view``), and the public page of published advance notices.

Each view parses the request, checks the capability, calls one action and redirects (or renders); a
refusal is shown in the action's words and nothing has changed. Reading needs ``inspection.view``
(organiser, supervisor: the supervisor reads everything and changes nothing); every change
``inspection.manage``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage, StageKind
from xuanren.campaigns.public_views import announced_campaigns, clean_text, public_page
from xuanren.inspection import actions, selectors
from xuanren.inspection.actions.attachments import ALLOWED, MAX_BYTES, content_type
from xuanren.inspection.handlers import inspection_blockers
from xuanren.inspection.models import TALK_CATEGORIES, Inspection, InspectionAttachment

_MEMBER_SPLIT = re.compile(r"[\n、;；,，]+")


def get_stage(pk: int, stage_pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), pk=stage_pk, campaign_id=pk,
                             kind=StageKind.INSPECTION)


def get_inspection(pk: int) -> Inspection:
    return selectors.inspection_by_id(pk)


def stage_url(stage: Stage) -> str:
    return reverse("inspection:stage", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


def detail_url(inspection: Inspection, anchor: str = "") -> str:
    url = reverse("inspection:detail", kwargs={"inspection_pk": inspection.pk})
    return f"{url}#{anchor}" if anchor else url


def _refused(request: HttpRequest, exc: CampaignError) -> None:
    messages.error(request, str(exc))


# --- the stage --------------------------------------------------------------------------------------

@capability_required("inspection.view")
def stage_page(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    overview = selectors.stage_overview(stage)
    is_open = stage.status == Stage.Status.OPEN
    return render(request, "inspection/stage.html", {
        "campaign": stage.campaign, "stage": stage, "overview": overview, "groups": overview.by_post(),
        "can_manage": has(request.user, "inspection.manage") and is_open,
        "can_seal": has(request.user, "stages.seal") and is_open,
        "blockers": inspection_blockers(stage, timezone.now()) if is_open else [],
        "open": is_open, "sealed": stage.status == Stage.Status.SEALED,
        "notices_url": reverse("inspection:notices", kwargs={"pk": stage.campaign_id}),
    })


@require_POST
@capability_required("inspection.manage")
def start(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    try:
        made = actions.inspections_start(actor=request.user, stage=stage)
    except CampaignError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已为%(n)s名人选建立考察。") % {"n": len(made)})
    return HttpResponseRedirect(stage_url(stage))


@require_POST
@capability_required("inspection.manage")
def dimensions(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """Rows ``key-N``, ``label-N``, ``weight-N`` (N = 0, 1, …); a row without key and label is skipped."""
    stage = get_stage(pk, stage_pk)
    rows = []
    n = 0
    while f"key-{n}" in request.POST or f"label-{n}" in request.POST:
        key = request.POST.get(f"key-{n}", "").strip()
        label = request.POST.get(f"label-{n}", "").strip()
        if key or label:
            rows.append({"key": key, "label": label, "weight": request.POST.get(f"weight-{n}", "").strip() or None})
        n += 1
    try:
        actions.dimensions_set(actor=request.user, stage=stage, dimensions=rows)
    except CampaignError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("考察维度和权重已保存。"))
    return HttpResponseRedirect(stage_url(stage) + "#dimensions")


@require_POST
@capability_required("inspection.manage")
def team_many(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """One team for the inspections ticked in the stage's tables (``inspection``, repeated)."""
    stage = get_stage(pk, stage_pk)
    chosen = [int(v) for v in request.POST.getlist("inspection") if v.isdigit()]
    members = [m.strip() for m in _MEMBER_SPLIT.split(request.POST.get("members", "")) if m.strip()]
    try:
        done = actions.team_set_many(actor=request.user, stage=stage, inspections=chosen,
                                     leader=request.POST.get("leader", ""), members=members)
    except CampaignError as exc:
        _refused(request, exc)
        return HttpResponseRedirect(stage_url(stage) + "#team-many")
    messages.success(request, _("已为%(n)s名考察对象设置考察组。") % {"n": len(done)})
    return HttpResponseRedirect(stage_url(stage))


# --- one inspection ---------------------------------------------------------------------------------

@capability_required("inspection.view")
def detail(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = get_inspection(inspection_pk)
    info = selectors.inspection_detail(inspection)
    stage = inspection.stage
    is_open = stage.status == Stage.Status.OPEN
    concluded = inspection.status == Inspection.Status.CONCLUDED
    manage = has(request.user, "inspection.manage") and is_open
    return render(request, "inspection/detail.html", {
        "campaign": stage.campaign, "stage": stage, "inspection": inspection, "info": info,
        "application": inspection.application, "person": inspection.application.person,
        "post": inspection.application.post,
        "can_edit": manage and not concluded, "can_withdraw": manage and concluded, "can_attach": manage,
        "open": is_open, "concluded": concluded, "members": "\n".join(inspection.team or []),
        "allowed_types": ALLOWED, "max_mb": MAX_BYTES // 1048576,
        "notices_url": reverse("inspection:notices", kwargs={"pk": stage.campaign_id}),
        "conclusions": [(c.value, c.label) for c in Inspection.Conclusion if c.value],
        "earlier_rank": _earlier_rank(inspection.finalist),
    })


def _earlier_rank(finalist: Any) -> Any:
    """The earlier stage's rank to print before its score and note, or None when there is none or the note
    already starts with it (a shortlist's note reads "第1名，在职数…")."""
    rank = finalist.get("rank") if isinstance(finalist, dict) else None
    if rank is None or rank == "":
        return None
    return None if str(finalist.get("note") or "").startswith(f"第{rank}名") else rank


def _post_action(request: HttpRequest, inspection_pk: int, anchor: str, done: str, call: Any) -> HttpResponse:
    inspection = get_inspection(inspection_pk)
    try:
        call(inspection)
    except CampaignError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(detail_url(inspection, anchor))


@require_POST
@capability_required("inspection.manage")
def team(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    members = [m.strip() for m in _MEMBER_SPLIT.split(request.POST.get("members", "")) if m.strip()]
    return _post_action(request, inspection_pk, "team", _("考察组已保存。"), lambda i: actions.team_set(
        actor=request.user, inspection=i, leader=request.POST.get("leader", ""), members=members))


@require_POST
@capability_required("inspection.manage")
def notice(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Draft the notice: with ``regenerate`` (or no text) the text is generated from the contact words."""
    text = "" if request.POST.get("regenerate") else request.POST.get("text", "")
    return _post_action(request, inspection_pk, "notice", _("考察预告已保存（尚未发布）。"),
                        lambda i: actions.notice_draft(
                            actor=request.user, inspection=i, notice_from=request.POST.get("notice_from", ""),
                            notice_until=request.POST.get("notice_until", ""),
                            contact=request.POST.get("contact", ""), text=text))


@require_POST
@capability_required("inspection.manage")
def notice_publish(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    return _post_action(request, inspection_pk, "notice", _("考察预告已发布，公众可在公开页面查看。"),
                        lambda i: actions.notice_publish(actor=request.user, inspection=i))


@require_POST
@capability_required("inspection.manage")
def talks(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    counts = {k: request.POST.get(f"talks-{k}", "") for k, _label in TALK_CATEGORIES}
    return _post_action(request, inspection_pk, "talks", _("谈话情况已保存。"),
                        lambda i: actions.talks_set(actor=request.user, inspection=i, talks=counts))


@require_POST
@capability_required("inspection.manage")
def evaluation(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    raw = request.POST.get("session", "").strip()
    session: Any = int(raw) if raw.isdigit() else None
    if raw and session is None:
        messages.error(request, _("请选择投票场次。"))
        return HttpResponseRedirect(detail_url(get_inspection(inspection_pk), "evaluation"))
    return _post_action(request, inspection_pk, "evaluation", _("民主测评的关联已保存。"),
                        lambda i: actions.evaluation_link(actor=request.user, inspection=i, session=session))


@require_POST
@capability_required("inspection.manage")
def findings(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = get_inspection(inspection_pk)
    dims, _problem = selectors.stage_dimensions(inspection.stage)
    given = {d.key: {"text": request.POST.get(f"text-{d.key}", ""), "score": request.POST.get(f"score-{d.key}", "")}
             for d in dims if f"text-{d.key}" in request.POST or f"score-{d.key}" in request.POST}
    try:
        actions.findings_set(actor=request.user, inspection=inspection, findings=given)
    except CampaignError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("考察情况已保存。"))
    return HttpResponseRedirect(detail_url(inspection, "findings"))


@require_POST
@capability_required("inspection.manage")
def conclude(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    return _post_action(request, inspection_pk, "conclusion", _("考察结论已形成。"), lambda i: actions.conclude(
        actor=request.user, inspection=i, conclusion=request.POST.get("conclusion", ""),
        text=request.POST.get("text", "")))


@require_POST
@capability_required("inspection.manage")
def withdraw(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    return _post_action(request, inspection_pk, "conclusion", _("考察结论已撤回，可继续修改。"),
                        lambda i: actions.conclusion_withdraw(actor=request.user, inspection=i,
                                                              reason=request.POST.get("reason", "")))


# --- attachments ------------------------------------------------------------------------------------

@require_POST
@capability_required("inspection.manage")
def attachment_add(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = get_inspection(inspection_pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的文件。"))
        return HttpResponseRedirect(detail_url(inspection, "attachments"))
    if upload.size is not None and upload.size > MAX_BYTES:
        # Not read into memory: refused by its declared size (the action checks the bytes again).
        messages.error(request, _("文件“%(name)s”超过了%(mb)s MB的上限。") % {"name": upload.name,
                                                                          "mb": MAX_BYTES // 1048576})
        return HttpResponseRedirect(detail_url(inspection, "attachments"))
    try:
        row = actions.attachment_add(actor=request.user, inspection=inspection, data=upload.read(),
                                     filename=upload.name or "", title=request.POST.get("title", ""))
    except CampaignError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已上传附件“%(title)s”。") % {"title": row.title})
    return HttpResponseRedirect(detail_url(inspection, "attachments"))


@capability_required("inspection.view")
def attachment(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    """The file, as a download (never shown inline), to those who may read inspections."""
    row = get_object_or_404(InspectionAttachment, pk=attachment_pk)
    name = row.file.name.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    shown = f"{row.title}.{ext}" if ext and not row.title.lower().endswith(f".{ext}") else row.title
    try:
        with row.file.open("rb") as handle:
            data = handle.read()  # at most 10 MB (checked when uploaded)
    except FileNotFoundError:
        return HttpResponse(_("附件文件已不在服务器上，请联系系统管理员。"), status=410,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=content_type(name))
    response["Content-Disposition"] = (f"attachment; filename=\"attachment-{row.pk}.{ext}\"; "
                                       f"filename*=UTF-8''{quote(shown, safe='')}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@capability_required("inspection.manage")
def attachment_delete(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    row = get_object_or_404(InspectionAttachment.objects.select_related("inspection__stage__campaign"),
                            pk=attachment_pk)
    inspection = row.inspection
    try:
        actions.attachment_delete(actor=request.user, attachment=row, reason=request.POST.get("reason", ""))
    except CampaignError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("附件已删除。"))
    return HttpResponseRedirect(detail_url(inspection, "attachments"))


# --- the public page --------------------------------------------------------------------------------

@public_page
def notices(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's published advance notices (考察预告), for everyone."""
    campaign = get_object_or_404(announced_campaigns(), pk=pk)
    rows = selectors.published_notices(campaign)
    today = timezone.localdate()
    return render(request, "inspection/public_notices.html", {
        "campaign": campaign, "notices": [{"inspection": i, "paragraphs": [clean_text(p) for p in
                                                                             i.notice_text.split("\n\n") if p.strip()],
                                           "ended": i.notice_until is not None and i.notice_until < today}
                                          for i in rows]})
