"""What every area of the scoring API shares: the router, the 400 for a refused action (the campaigns API's),
and finding a campaign's stage of a kind.

A refused action raises :class:`~xuanren.campaigns.errors.CampaignError`; :func:`refusals` turns it into a
400 ``{"detail": 中文, "detail_en": English, "code": "campaigns.scoring.…"}`` with nothing written.
"""

from django.shortcuts import get_object_or_404
from ninja import Router

from xuanren.campaigns.api.common import ErrorOut, refusals
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Application, Stage

router = Router(tags=["scoring"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = ["XLSX", "ErrorOut", "application_of", "refusals", "router", "stage_of"]


def stage_of(campaign_id: int, kind: str) -> Stage:
    """The campaign's stage of ``kind`` (a campaign has at most one); 404 when there is none."""
    return get_object_or_404(Stage.objects.select_related("campaign"), campaign_id=campaign_id, kind=kind)


def application_of(stage: Stage, pk: int) -> Application:
    """An application of the stage's campaign; one of another campaign is a refusal, not a 404."""
    app = Application.objects.filter(campaign_id=stage.campaign_id, pk=pk).select_related("person", "post").first()
    if app is None:
        raise refuse("scoring.api.unknown_application", "本批次没有编号为{pk}的报名",
                     "the campaign has no application {pk}", pk=pk)
    return app
