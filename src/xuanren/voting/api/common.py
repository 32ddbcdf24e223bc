"""What every area of the voting API shares: the router, the 400 for a refused action, lookups.

A refused action raises :class:`~xuanren.campaigns.errors.CampaignError` (codes ``campaigns.voting.…``);
:func:`refusals` turns it into the same 400 as the campaigns API, with the same :class:`ErrorOut` schema.
"""

from django.shortcuts import get_object_or_404
from ninja import Router

from xuanren.campaigns.api.common import ErrorOut, refusals
from xuanren.campaigns.models import Stage
from xuanren.voting.models import Session

router = Router(tags=["voting"])

__all__ = ["ErrorOut", "refusals", "router", "session_by_id", "stage_by_id"]


def session_by_id(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("campaign", "stage"), pk=pk)


def stage_by_id(pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), pk=pk)
