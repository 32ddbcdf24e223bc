"""The eligibility review: the automatic run, confirming its results, and a reviewer's decision."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from xuanren.accounts.access import require
from xuanren.campaigns import actions
from xuanren.campaigns.api.common import ErrorOut, post_of, refusals, router
from xuanren.campaigns.api.schemas import (
    ApplicationOut,
    ConfirmIn,
    ConfirmOut,
    DecideIn,
    ReviewRunIn,
    ReviewRunOut,
    fresh_application,
)
from xuanren.campaigns.models import Application, Campaign


@router.post("/{int:campaign_id}/review/run", response={200: ReviewRunOut, 400: ErrorOut},
             summary="运行自动资格审查（每项条件记录依据）")
@refusals
def review_run(request: HttpRequest, campaign_id: int, payload: ReviewRunIn | None = None) -> Status[dict[str, Any]]:
    require(request.user, "applications.review")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    run = actions.review_run(actor=request.user, campaign=campaign, on=payload.on if payload else None)
    return Status(200, {"on": run.on, "checked": run.checked, "created": run.created, "updated": run.updated,
                        "eligible": run.eligible, "ineligible": run.ineligible, "reverted": list(run.reverted)})


@router.post("/{int:campaign_id}/review/confirm", response={200: ConfirmOut, 400: ErrorOut},
             summary="确认待审查的自动结果（不含须人工判断的）")
@refusals
def review_confirm(request: HttpRequest, campaign_id: int, payload: ConfirmIn | None = None) -> Status[dict[str, int]]:
    require(request.user, "applications.review")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    post = post_of(campaign, payload.post_id) if payload and payload.post_id is not None else None
    return Status(200, {"confirmed": actions.review_confirm_pending(actor=request.user, campaign=campaign, post=post)})


@router.post("/applications/{int:application_id}/review", response={200: ApplicationOut, 400: ErrorOut},
             summary="审查结论：合格或不合格（与自动结果不同须写明理由）")
@refusals
def review_decide(request: HttpRequest, application_id: int, payload: DecideIn) -> Status[dict[str, Any]]:
    require(request.user, "applications.review")
    app = get_object_or_404(Application.objects.select_related("campaign"), pk=application_id)
    actions.review_decide(actor=request.user, application=app, decision=payload.decision, reason=payload.reason)
    return Status(200, fresh_application(app.pk))
