"""The written exam's pages: the score table (entry while open, corrections after sealing), its settings,
importing a file and the template listing the candidates.

Each view parses the request, checks the capability, calls one action and renders or redirects; a refusal
is shown in the action's words and nothing has changed. Reading the table needs ``scoring.view``
(organiser, reviewer, supervisor); entering and importing ``scoring.manage``; a correction after sealing
``stages.seal``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Stage, StageKind
from xuanren.campaigns.views.campaigns import attachment
from xuanren.campaigns.views.forms import UploadForm
from xuanren.people.actions import PROBLEMS_SHOWN, ImportRejected
from xuanren.scoring import actions, importing, selectors
from xuanren.scoring.actions._common import plain, score_settings
from xuanren.scoring.handlers.exam import exam_blockers


def get_stage(pk: int, stage_pk: int, kind: str) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), pk=stage_pk, campaign_id=pk, kind=kind)


def exam_url(stage: Stage) -> str:
    return reverse("scoring:exam", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


def _application(stage: Stage, raw: str) -> Application | None:
    return Application.objects.filter(campaign_id=stage.campaign_id, pk=int(raw)).first() if raw.isdigit() else None


@capability_required("scoring.view")
def exam_page(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.EXAM)
    table = selectors.exam_table(stage)
    user = request.user
    return render(request, "scoring/exam_entry.html", {
        "campaign": stage.campaign, "stage": stage, "table": table, "groups": table.by_post(),
        "full_marks": plain(table.settings.full_marks),
        "min_score": plain(table.settings.min_score) if table.settings.min_score is not None else "",
        "blockers": exam_blockers(stage, timezone.now()) if stage.status == Stage.Status.OPEN else [],
        "can_manage": has(user, "scoring.manage"), "can_correct": has(user, "stages.seal"),
        "open": stage.status == Stage.Status.OPEN, "sealed": stage.status == Stage.Status.SEALED,
        "upload": UploadForm(),
    })


@require_POST
@capability_required("scoring.manage")
def exam_settings(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.EXAM)
    try:
        actions.exam_settings_set(actor=request.user, stage=stage, full_marks=request.POST.get("full_marks", ""),
                                  min_score=request.POST.get("min_score", "").strip() or None)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("满分和合格线已保存。"))
    return HttpResponseRedirect(exam_url(stage))


@require_POST
@capability_required("scoring.manage")
def exam_enter(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """One candidate's score (``score``), or ``absent``; an exam number (``exam_number``) optionally."""
    stage = get_stage(pk, stage_pk, StageKind.EXAM)
    application = _application(stage, request.POST.get("application", ""))
    if application is None:
        messages.error(request, _("请选择考生。"))
        return HttpResponseRedirect(exam_url(stage))
    try:
        row = actions.exam_score_enter(actor=request.user, stage=stage, application=application,
                                       score=request.POST.get("score", "").strip() or None,
                                       absent=request.POST.get("absent") in ("1", "on", "true"),
                                       exam_number=request.POST.get("exam_number", ""))
    except CampaignError as exc:
        messages.error(request, f"{application.person.name}：{exc}")
    else:
        shown = _("缺考") if row.absent else plain(row.score)
        messages.success(request, _("已录入：%(name)s %(score)s") % {"name": application.person.name, "score": shown})
    return HttpResponseRedirect(f"{exam_url(stage)}#candidate-{application.pk}")


@require_POST
@capability_required("stages.seal")
def exam_correct(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """After sealing: one candidate's corrected score (or absent) and the reason; published again."""
    stage = get_stage(pk, stage_pk, StageKind.EXAM)
    application = _application(stage, request.POST.get("application", ""))
    if application is None:
        messages.error(request, _("请选择考生。"))
        return HttpResponseRedirect(exam_url(stage))
    try:
        publication = actions.exam_score_correct(
            actor=request.user, stage=stage, application=application,
            score=request.POST.get("score", "").strip() or None,
            absent=request.POST.get("absent") in ("1", "on", "true"), reason=request.POST.get("reason", ""))
    except CampaignError as exc:
        messages.error(request, f"{application.person.name}：{exc}")
    else:
        messages.success(request, _("已更正%(name)s的成绩并重新发布（第%(version)s版）。") % {
            "name": application.person.name, "version": publication.version})
    return HttpResponseRedirect(f"{exam_url(stage)}#candidate-{application.pk}")


@capability_required("scoring.manage")
def exam_import(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """Upload a score file: all entered, or every problem listed and nothing changed."""
    stage = get_stage(pk, stage_pk, StageKind.EXAM)
    context: dict[str, Any] = {"campaign": stage.campaign, "stage": stage, "upload": UploadForm(),
                               "problems_shown": PROBLEMS_SHOWN,
                               "full_marks": plain(score_settings(stage).full_marks)}
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            context["error"] = _("请选择要上传的文件。")
        else:
            upload = form.cleaned_data["file"]
            try:
                result = actions.exam_import(actor=request.user, stage=stage, data=upload.read(),
                                             filename=upload.name or "")
            except ImportRejected as exc:
                context["rejected"] = exc
            else:
                for line in result.lines():
                    messages.success(request, line)
                return HttpResponseRedirect(exam_url(stage))
    return render(request, "scoring/exam_import.html", context)


@capability_required("scoring.manage")
def exam_template(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.EXAM)
    return attachment(importing.exam_template(stage), f"{stage.campaign.name}笔试成绩.xlsx",
                      f"exam-scores-{stage.campaign_id}.xlsx")
