"""What the committee's pages share: finding objects (404 when missing), their URLs, the users who may sit
on a committee, and running one action with its message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage, StageKind
from xuanren.campaigns.views.campaigns import back
from xuanren.committee.models import Item, Meeting, Proposal


def get_stage(pk: int, stage_pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), pk=stage_pk, campaign_id=pk,
                             kind=StageKind.COMMITTEE)


def get_proposal(proposal_pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("stage", "stage__campaign", "post"), pk=proposal_pk)


def get_meeting(meeting_pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("stage", "campaign"), pk=meeting_pk)


def get_item(item_pk: int) -> Item:
    return get_object_or_404(Item.objects.select_related("meeting", "meeting__stage"), pk=item_pk)


def stage_url(stage: Stage) -> str:
    return reverse("committee:stage", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


def proposal_url(proposal: Proposal) -> str:
    return reverse("committee:proposal", kwargs={"proposal_pk": proposal.pk})


def meeting_url(meeting: Meeting) -> str:
    return reverse("committee:meeting", kwargs={"meeting_pk": meeting.pk})


def committee_users() -> list[Any]:
    """Active users holding the committee member role, by name."""
    return list(get_user_model().objects.filter(role_grants__role="committee", is_active=True).distinct()
                .order_by("first_name", "username"))


def run(request: HttpRequest, call: Callable[[], Any], success: str, default: str,
        failure: str | None = None) -> HttpResponse:
    """Call the action: its refusal shown in its own words (nothing changed), else ``success``; then back to
    the form's ``next`` or ``default`` (``failure`` after a refusal, when given)."""
    try:
        call()
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(failure) if failure else back(request, default)
    messages.success(request, success)
    return back(request, default)
