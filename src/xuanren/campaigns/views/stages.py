"""The stage machine from the dashboard: open a stage, seal it, correct it after sealing (with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required
from xuanren.campaigns import actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Review, Stage
from xuanren.campaigns.views.campaigns import back, dashboard_url

CHANGE_PREFIX = "decision_"


def get_stage(campaign_pk: int, pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), pk=pk, campaign_id=campaign_pk)


@require_POST
@capability_required("campaigns.change")
def stage_open(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    try:
        actions.stage_open(actor=request.user, stage=stage)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("“%(stage)s”环节已开始。") % {"stage": stage.get_kind_display()})
    return back(request, dashboard_url(pk))


@require_POST
@capability_required("stages.seal")
def stage_seal(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    try:
        publication = actions.stage_seal(actor=request.user, stage=stage)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("“%(stage)s”环节已封存，结果已发布（第%(version)s版）。") % {
            "stage": stage.get_kind_display(), "version": publication.version})
    return back(request, dashboard_url(pk))


@require_POST
@capability_required("stages.seal")
def stage_correct(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """A correction of a sealed stage: ``decision_<application pk>`` fields that change, and the reason."""
    stage = get_stage(pk, stage_pk)
    changes = {int(key.removeprefix(CHANGE_PREFIX)): value for key, value in request.POST.items()
               if key.startswith(CHANGE_PREFIX) and key.removeprefix(CHANGE_PREFIX).isdigit()
               and value in (Review.Decision.ELIGIBLE, Review.Decision.INELIGIBLE)}
    try:
        publication = actions.stage_correct(actor=request.user, stage=stage, changes=changes,
                                            reason=request.POST.get("reason", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已更正并重新发布（第%(version)s版）。") % {"version": publication.version})
    return back(request, dashboard_url(pk))
