"""A committee member's pages, made for a phone: the meetings they sit on, and the ballot of a secret meeting
(同意 / 不同意 / 缓议 on every candidate, submitted once).

Every page needs ``committee.vote``, and a meeting's page the object rule of :mod:`xuanren.committee.access`
(a member of that meeting); the action checks again. After voting the page says only that the member has
voted: what they chose is not stored with them, so it cannot be shown back. Once the meeting is closed the
member sees its result.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, require_object
from xuanren.campaigns.errors import CampaignError
from xuanren.committee import actions
from xuanren.committee import selectors as sel
from xuanren.committee.actions.votes import seat_of
from xuanren.committee.models import Meeting
from xuanren.committee.views.common import get_meeting
from xuanren.rules.committee import CHOICE_NAMES

FIELD = "item_"


def ballot_url(meeting: Meeting) -> str:
    return reverse("committee:ballot", kwargs={"meeting_pk": meeting.pk})


@capability_required("committee.vote")
def my_meetings(request: HttpRequest) -> HttpResponse:
    return render(request, "committee/my.html", {"seats": sel.member_seats(request.user)})


def _render(request: HttpRequest, meeting: Meeting, given: dict[str, str] | None = None) -> HttpResponse:
    seat = seat_of(request.user, meeting)
    items = sel.items_of(meeting)
    names = sel.labels(items)
    reasons = sel.proposal_reasons(items)
    rows = [{"item": i, "label": names[i.pk], "field": f"{FIELD}{i.pk}", "value": (given or {}).get(str(i.pk), ""),
             "person": i.application.person, "reason": reasons.get(i.pk, ""),
             "lines": sel.explanation_lines(i) if meeting.status == Meeting.Status.CLOSED else []} for i in items]
    can_vote = (meeting.mode == Meeting.Mode.SECRET and meeting.status == Meeting.Status.OPEN and seat is not None
                and seat.present and not seat.voted)
    return render(request, "committee/ballot.html", {
        "meeting": meeting, "seat": seat, "rows": rows, "choices": list(CHOICE_NAMES.items()), "can_vote": can_vote,
        "poll": not can_vote and meeting.status != Meeting.Status.CLOSED})


@capability_required("committee.vote")
def ballot(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    require_object(request.user, "committee.vote", meeting)
    return _render(request, meeting)


@require_POST
@sensitive_post_parameters()
@capability_required("committee.vote")
@sensitive_variables("given")
def ballot_cast(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    require_object(request.user, "committee.vote", meeting)
    given = {k.removeprefix(FIELD): str(request.POST.get(k, "")) for k in request.POST if k.startswith(FIELD)}
    try:
        n = actions.ballot_cast(actor=request.user, meeting=meeting, choices=given)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return _render(request, meeting, given)
    messages.success(request, _("您已完成表决（%(n)s项）。表决为无记名，系统不保存您的选择与您的关联。") % {"n": n})
    return HttpResponseRedirect(ballot_url(meeting))
