"""Closing a session through the real actions: seed 000's cases at the 60/50/40 edges end to end, the
ballots rewritten in receipt order, only an open session closes, a trial is marked trial, and the
record holds the turnout and digests but nothing of any ballot."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.campaigns.errors import CampaignError
from xuanren.record.models import Event
from xuanren.rules import chain
from xuanren.voting import actions
from xuanren.voting.ballotfile import ballots_digest, session_export, verify_export
from xuanren.voting.models import Ballot, Session, VoterGroup


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


def session_with(vw: VotingWorld, entitled: dict[str, int], candidates: int, *, trial: bool = False,
                 name: str = "第一场") -> tuple[Session, dict[str, list[str]], dict[str, Any]]:
    """A session of the recommendation stage for post P01 with its first ``candidates`` candidates, each
    group entitled as given and issued as many codes; opened. Returns it, its codes and its form's post."""
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name=name, trial=trial)
    groups = [{"code": g.code, "name": g.name, "weight": g.weight, "entitled": entitled[g.code]}
              for g in VoterGroup.objects.filter(session=session)]
    actions.groups_set(actor=vw.organiser, session=session, groups=groups)
    form = session.forms.get()
    p01 = next(p for p in form.content["posts"] if p["code"] == "P01")
    content = {"posts": [{"post": p01["post"], "max_marks": 1,
                          "candidates": [{"application": c["application"]} for c in p01["candidates"][:candidates]]}]}
    form = actions.form_set(actor=vw.organiser, session=session, form=form, kind="recommendation", title="推荐票",
                            content=content)
    codes = {g.code: actions.codes_issue(actor=vw.organiser, session=session, group=g, count=entitled[g.code])
             for g in VoterGroup.objects.filter(session=session)}
    actions.session_open(actor=vw.organiser, session=session)
    session.refresh_from_db()
    return session, codes, {"form": str(form.pk), **form.content["posts"][0]}


_n = iter(range(10**6))


def cast(codes: list[str], form_pk: str, post: dict[str, Any], choices: list[int | None]) -> list[str]:
    """One ballot per choice (an index into the post's candidates, or None for a blank); receipts returned."""
    receipts = []
    for code, choice in zip(codes, choices, strict=False):
        marks = [] if choice is None else [post["candidates"][choice]["application"]]
        receipts.append(actions.ballot_cast(code=code, marks={form_pk: {str(post["post"]): {"marks": marks}}},
                                            submission=f"submission-token-{next(_n):010d}").receipt)
    return receipts


def close(vw: VotingWorld, session: Session) -> Session:
    return actions.session_close(actor=vw.organiser, session=session)


# --- seed 000 end to end ---------------------------------------------------------------------------

@pytest.mark.parametrize(("candidates", "entitled", "marked", "score", "meets"), [
    (1, (5, 10, 20), (3, 6, 12), "60", True),       # 18 + 18 + 24
    (1, (5, 10, 20), (3, 6, 11), "58", False),      # 18 + 18 + 22: the post is left vacant
    (2, (4, 10, 20), (2, 5, 10), "50", True),       # 15 + 15 + 20
    (2, (4, 10, 20), (2, 5, 9), "48", False),
    (3, (5, 10, 20), (2, 4, 8), "40", True),        # 12 + 12 + 16
    (3, (5, 10, 20), (2, 3, 8), "37", False),
])
def test_seed_000_thresholds_through_a_real_session(vw: VotingWorld, candidates: int, entitled: tuple[int, ...],
                                                     marked: tuple[int, ...], score: str, meets: bool) -> None:
    groups = dict(zip(("leaders", "middle_managers", "others"), entitled, strict=True))
    session, codes, post = session_with(vw, groups, candidates)
    for (group, n), m in zip(groups.items(), marked, strict=True):
        # ``m`` mark the first candidate; the rest mark the last one (or leave it blank with one candidate).
        rest = candidates - 1 if candidates > 1 else None
        cast(codes[group], post["form"], post, [0] * m + [rest] * (n - m))
    session = close(vw, session)
    assert session.status == Session.Status.CLOSED and session.closed_at is not None
    result = session.result
    assert result["valid"] is True and result["trial"] is False
    p = result["forms"][0]["posts"][0]
    first = next(c for c in p["candidates"] if c["application"] == post["candidates"][0]["application"])
    assert p["threshold"]["exact"] == {1: "60", 2: "50", 3: "40"}[candidates]
    assert first["score"]["exact"] == score and first["meets"] is meets
    if candidates == 1:
        assert p["outcome"] == ("filled" if meets else "vacant")
        assert [q["code"] for q in result["forms"][0]["vacant_posts"]] == ([] if meets else ["P01"])
    assert [r["returned"] for r in result["turnout"]] == list(entitled)


# --- the rewrite -----------------------------------------------------------------------------------

def physical_rows(session: Session) -> list[tuple[str, str]]:
    """(position, receipt) in the order the database stores the rows (SQLite: rowid; PostgreSQL: ctid)."""
    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {position}, receipt FROM voting_ballot WHERE session_id = %s ORDER BY {position}",
                       [session.pk])
        return [(str(p), r) for p, r in cursor.fetchall()]


def test_the_close_rewrites_the_ballots_in_receipt_order_and_changes_no_ballot(vw: VotingWorld) -> None:
    session, codes, post = session_with(vw, {"leaders": 5, "middle_managers": 10, "others": 20}, 3)
    cast_order = []
    for plain in codes.values():
        cast_order += cast(plain, post["form"], post, [i % 3 if i % 4 else None for i in range(len(plain))])
    assert cast_order != sorted(cast_order)  # 35 random receipts: never sorted
    rows = set(Ballot.objects.filter(session=session).values_list("id", "group_id", "receipt", "submission"))
    marks = dict(Ballot.objects.filter(session=session).values_list("receipt", "marks"))
    before = physical_rows(session)
    close(vw, session)
    after = physical_rows(session)
    if connection.vendor == "sqlite":
        # SQLite appends rows in insertion order: casting order before, receipt order after.
        assert [r for _, r in before] == cast_order and [r for _, r in after] == sorted(cast_order)
    else:
        # PostgreSQL places a row wherever its free-space map finds room (a freed line pointer, an earlier
        # page), so heap order is not insertion order; what holds is that every row was written anew.
        assert not {p for p, _ in before} & {p for p, _ in after}
    assert set(Ballot.objects.filter(session=session).values_list("id", "group_id", "receipt", "submission")) == rows
    assert dict(Ballot.objects.filter(session=session).values_list("receipt", "marks")) == marks


# --- refusals, trial, record -----------------------------------------------------------------------

def test_only_an_open_session_closes_and_a_refusal_writes_nothing(vw: VotingWorld, personas: dict[str, Any]
                                                                  ) -> None:
    draft, _codes = ready_session(vw, open_it=False)
    events = Event.objects.count()
    with pytest.raises(CampaignError) as e:
        close(vw, draft)
    assert e.value.code == "campaigns.voting.close.not_open" and "尚未开始投票" in str(e.value)
    session, _codes, _post = session_with(vw, {"leaders": 1, "middle_managers": 1, "others": 1}, 1, name="第二场")
    with pytest.raises(PermissionDenied):
        actions.session_close(actor=personas["supervisor"], session=session)
    close(vw, session)
    events = Event.objects.count()
    with pytest.raises(CampaignError) as e:
        close(vw, session)
    assert e.value.code == "campaigns.voting.close.closed" and "已结束" in str(e.value)
    assert Event.objects.count() == events
    draft.refresh_from_db()
    assert draft.status == Session.Status.DRAFT and draft.result is None


def test_a_trial_session_is_counted_and_marked_trial(vw: VotingWorld) -> None:
    session, codes, post = session_with(vw, {"leaders": 1, "middle_managers": 1, "others": 2}, 1, trial=True)
    cast(codes["others"], post["form"], post, [0, 0])
    session = close(vw, session)
    assert session.result["trial"] is True
    assert session_export(session)["session"]["trial"] is True


def test_the_record_holds_turnout_and_digests_and_nothing_of_any_ballot(vw: VotingWorld) -> None:
    session, codes, post = session_with(vw, {"leaders": 2, "middle_managers": 2, "others": 3}, 2)
    receipts = []
    for plain in codes.values():
        receipts += cast(plain, post["form"], post, [0, 1, None][: len(plain)])
    session = close(vw, session)
    event = Event.objects.filter(action="voting.close").get()
    details = event.details
    assert details["ballots"] == 7 and details["trial"] is False and details["valid"] is True
    assert [(t["code"], t["entitled"], t["issued"], t["returned"]) for t in details["turnout"]] == [
        ("leaders", 2, 2, 2), ("middle_managers", 2, 2, 2), ("others", 3, 3, 3)]
    export = session_export(session)
    assert details["ballots_digest"] == export["digests"]["ballots"] == ballots_digest(export["ballots"])
    assert details["result_digest"] == export["digests"]["result"] == chain.digest(session.result)
    text = json.dumps(details, ensure_ascii=False)
    assert not any(r in text for r in receipts) and "marks" not in text
    assert verify_export(export).ok
