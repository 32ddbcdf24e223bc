"""A campaign's stages: opened, sealed (the results published) and corrected; the published results."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from xuanren.accounts.access import require
from xuanren.campaigns import actions, selectors
from xuanren.campaigns.api.common import ErrorOut, refusals, router
from xuanren.campaigns.api.schemas import (
    CorrectIn,
    PublicationOut,
    PublicPublicationOut,
    StageOut,
    public_publication,
    publication_out,
    stage_out,
)
from xuanren.campaigns.models import Stage


def _stage(campaign_id: int, kind: str) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), campaign_id=campaign_id, kind=kind)


@router.post("/{int:campaign_id}/stages/{kind}/open", response={200: StageOut, 400: ErrorOut},
             summary="开始一个环节（此前各环节须已封存）")
@refusals
def open_stage(request: HttpRequest, campaign_id: int, kind: str) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    stage = actions.stage_open(actor=request.user, stage=_stage(campaign_id, kind))
    return Status(200, stage_out(stage, stage.campaign))


@router.post("/{int:campaign_id}/stages/{kind}/seal", response={200: PublicationOut, 400: ErrorOut},
             summary="封存环节并公布结果（仅一次；此后只能更正）")
@refusals
def seal_stage(request: HttpRequest, campaign_id: int, kind: str) -> Status[dict[str, Any]]:
    require(request.user, "stages.seal")
    stage = _stage(campaign_id, kind)
    publication = actions.stage_seal(actor=request.user, stage=stage)
    return Status(200, publication_out(publication, stage.campaign))


@router.post("/{int:campaign_id}/stages/{kind}/correct", response={200: PublicationOut, 400: ErrorOut},
             summary="更正已封存环节的结果（须写明理由；公布为新版本）")
@refusals
def correct_stage(request: HttpRequest, campaign_id: int, kind: str, payload: CorrectIn) -> Status[dict[str, Any]]:
    require(request.user, "stages.seal")
    stage = _stage(campaign_id, kind)
    changes = [{"application": c.application_id, "decision": c.decision} for c in payload.changes]
    publication = actions.stage_correct(actor=request.user, stage=stage, changes=changes, reason=payload.reason)
    return Status(200, publication_out(publication, stage.campaign))


@router.get("/{int:campaign_id}/results", response=list[PublicPublicationOut],
            summary="已公布的公开结果（各公开环节的最新版本，与公开页面相同）")
def results(request: HttpRequest, campaign_id: int) -> list[dict[str, Any]]:
    from xuanren.campaigns.public_views import announced_campaigns

    c = get_object_or_404(announced_campaigns(), pk=campaign_id)
    return [public_publication(p, c) for p in selectors.latest_publications(campaigns=[c.pk])[c.pk]]
