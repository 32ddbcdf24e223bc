"""Committee votes at the same moment: fifty submissions of one member's secret vote cast it once; a vote
racing the close is either counted or refused, never inserted into a meeting already counted; two organisers
entering the same member's vote get one entry. Runs on SQLite and PostgreSQL (tools/with-postgres.sh), where
the rows are locked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections, transaction

from tests.committee.world import CommitteeWorld, build_committee_world
from xuanren.campaigns.errors import CampaignError
from xuanren.committee import actions
from xuanren.committee.models import CommitteeVote, Meeting, Member


def race(n: int, fn: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # reported in the test's own thread
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def open_meeting(cw: CommitteeWorld, mode: str = "secret") -> Meeting:
    p = cw.propose("P01", 1, 2)
    m = cw.meeting(present=7, mode=mode, proposals=(p,))
    return actions.meeting_open(actor=cw.organiser, meeting=m)


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_submissions_of_one_member_cast_once(personas: dict[str, Any]) -> None:
    cw = build_committee_world(personas)
    m = open_meeting(cw)
    first, second = cw.items(m)
    member = cw.members[0]
    results = race(50, lambda i: actions.ballot_cast(actor=member, meeting=m, choices={
        first.pk: ("agree", "disagree", "defer")[i % 3], second.pk: "agree"}))
    accepted = [r for r in results if r == 2]
    refused = [r for r in results if isinstance(r, CampaignError)]
    assert len(accepted) == 1, [r for r in results if r != 2 and not isinstance(r, CampaignError)]
    assert len(refused) == 49 and {r.code for r in refused} == {"campaigns.committee.vote.already"}
    assert CommitteeVote.objects.filter(item=first).count() == 1
    assert CommitteeVote.objects.filter(item=second).count() == 1
    assert list(Member.objects.filter(meeting=m, voted=True).values_list("name", flat=True)) == ["委员1"]


@pytest.mark.django_db(transaction=True)
def test_different_members_voting_at_once_are_all_counted(personas: dict[str, Any]) -> None:
    cw = build_committee_world(personas)
    m = open_meeting(cw)
    first, second = cw.items(m)
    results = race(7, lambda i: actions.ballot_cast(actor=cw.members[i], meeting=m,
                                                    choices={first.pk: "agree", second.pk: "disagree"}))
    assert results == [2] * 7
    cw.close(m)
    assert [(i.outcome, i.agree) for i in cw.items(m)] == [("passed", 7), ("failed", 0)]


@pytest.mark.django_db(transaction=True)
def test_a_vote_racing_the_close_waits_and_is_refused(personas: dict[str, Any]) -> None:
    """A close holding the meeting's row (as ``meeting_close`` does) makes a vote wait; once the close has
    committed the vote finds the meeting closed — never a vote inserted into a meeting already counted."""
    cw = build_committee_world(personas)
    m = open_meeting(cw)
    first, second = cw.items(m)
    locked, done = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def close() -> None:
        try:
            with transaction.atomic():
                Meeting.objects.select_for_update().get(pk=m.pk)
                locked.set()
                time.sleep(1.0)
                Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.CLOSED)
        finally:
            done.set()
            connections.close_all()

    def vote() -> None:
        outcome["waited"] = locked.wait(60)  # a loaded machine may take seconds to get the close going
        try:
            outcome["result"] = actions.ballot_cast(actor=cw.members[0], meeting=m,
                                                    choices={first.pk: "agree", second.pk: "agree"})
        except CampaignError as exc:
            outcome["result"] = exc
        finally:
            outcome["after_close"] = done.is_set()
            connections.close_all()

    threads = [threading.Thread(target=close), threading.Thread(target=vote)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcome["waited"] and outcome["after_close"]  # the vote waited for the close
    assert isinstance(outcome["result"], CampaignError) and outcome["result"].code == "campaigns.committee.vote.closed"
    assert not CommitteeVote.objects.exists() and not Member.objects.filter(voted=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_organisers_entering_one_vote_get_one_entry(personas: dict[str, Any]) -> None:
    cw = build_committee_world(personas)
    m = open_meeting(cw, "entered")
    first = cw.items(m)[0]
    results = race(2, lambda i: actions.votes_enter(actor=cw.organiser, meeting=m, votes=[
        {"member": "委员1", "item": first.pk, "choice": ("agree", "disagree")[i]}]))
    assert sorted(type(r).__name__ for r in results) == ["CampaignError", "int"], results
    assert CommitteeVote.objects.filter(item=first).count() == 1
