"""Secret committee votes (无记名表决): nothing stored or logged links a member to a choice.

- the vote model: a random key, no time, and in a secret meeting no member;
- a whole secret meeting: every vote row has no member, the member's row says only that they voted, no
  record event is written per vote and none holds a choice as a value (the close lists who voted and the
  counts), no event is written in a member's name;
- the log: while a member's vote is written no SQL record reaches a log handler, and the ballot page's
  POST is marked sensitive for error reports.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.db import models
from django.test import Client

from tests.committee.world import CommitteeWorld
from xuanren.committee import actions
from xuanren.committee.models import CommitteeVote, Member
from xuanren.record.models import Event
from xuanren.voting.privacy import VoterLogFilter

CHOICES = {"agree", "disagree", "defer", "同意", "不同意", "缓议"}


def test_a_vote_has_a_random_key_no_time_and_an_optional_member() -> None:
    fields = {f.name: f for f in CommitteeVote._meta.get_fields()}
    assert set(fields) == {"id", "item", "member", "choice"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    assert fields["id"].default is uuid.uuid4
    assert fields["member"].null  # a secret meeting's votes carry none
    assert not any(isinstance(f, models.DateField | models.TimeField | models.AutoField) for f in fields.values())
    member_fields = {f.name for f in Member._meta.concrete_fields}
    assert "voted" in member_fields and not any("choice" in name for name in member_fields)


def _values(data: Any) -> list[Any]:
    """Every leaf value of a JSON document (keys left out)."""
    if isinstance(data, dict):
        return [v for value in data.values() for v in _values(value)]
    if isinstance(data, list):
        return [v for value in data for v in _values(value)]
    return [data]


def test_a_secret_meeting_stores_and_records_no_member_beside_a_choice(cw: CommitteeWorld) -> None:
    first = Event.objects.latest("seq").seq
    p = cw.propose("P01", 1, 2)
    m = cw.meeting(present=8, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    for n in range(1, 9):
        cw.vote(m, n, ("agree", "disagree", "defer")[n % 3], ("defer", "agree")[n % 2])
    cw.close(m)
    assert CommitteeVote.objects.filter(item__meeting=m).count() == 16
    assert not CommitteeVote.objects.filter(item__meeting=m, member__isnull=False).exists()
    assert set(Member.objects.filter(meeting=m, present=True).values_list("voted", flat=True)) == {True}
    events = list(Event.objects.filter(seq__gt=first))
    members = {u.username for u in cw.members}
    assert not [e for e in events if e.actor in members]  # nothing is recorded in a member's name
    assert {e.action for e in events} == {"committee.proposal.create", "committee.meeting.create",
                                          "committee.meeting.attendance", "committee.proposal.submit",
                                          "committee.meeting.open", "committee.meeting.close"}
    for e in events:
        assert not CHOICES & {v for v in _values(e.details) if isinstance(v, str)}, e.action
    close = next(e for e in events if e.action == "committee.meeting.close")
    assert close.details["voted"] == [f"委员{n}" for n in range(1, 9)]  # who voted, never what
    m.refresh_from_db()
    assert m.result["voted"] == close.details["voted"] and m.result["items"][0]["agree"] + m.result["items"][0][
        "disagree"] + m.result["items"][0]["defer"] == 8
    assert not CHOICES & {v for v in _values(m.result) if isinstance(v, str)}


def test_an_entered_meeting_keeps_the_member_it_is_an_open_vote(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, mode="entered", proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    item = cw.items(m)[0]
    actions.votes_enter(actor=cw.organiser, meeting=m, votes=[{"member": "委员1", "item": item.pk, "choice": "agree"}])
    assert CommitteeVote.objects.get(item=item).member.name == "委员1"


def test_no_sql_record_of_a_secret_vote_reaches_a_log_handler(cw: CommitteeWorld, settings: Any) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    item = cw.items(m)[0]
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    handler = Keep(level=logging.DEBUG)
    handler.addFilter(VoterLogFilter())  # the filter settings.LOGGING puts on every handler
    root, sql_logger = logging.getLogger(), logging.getLogger("django.db.backends")
    old, old_sql = root.level, sql_logger.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    sql_logger.setLevel(logging.DEBUG)
    settings.DEBUG = True
    client = Client()
    client.force_login(cw.members[0])
    try:
        r = client.post(f"/committee/my/{m.pk}/cast/", {f"item_{item.pk}": "disagree"})
        client.get("/committee/my/")  # outside the vote's write, SQL is logged as usual
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
        sql_logger.setLevel(old_sql)
    assert r.status_code == 302 and CommitteeVote.objects.get(item=item).choice == "disagree"
    sql = [rec.getMessage() for rec in seen if rec.name == "django.db.backends"]
    assert sql  # SQL was logged...
    assert not any("committee_committeevote" in s for s in sql)  # ...but not the vote's insert
    assert not any("UPDATE" in s and "committee_member" in s for s in sql)  # nor the member's "voted"


def test_the_ballot_post_is_hidden_from_error_reports() -> None:
    from xuanren.committee.views.member import ballot_cast

    assert getattr(ballot_cast, "capability", None) == "committee.vote"
    from django.test import RequestFactory

    request = RequestFactory().post("/committee/my/1/cast/", {"item_1": "agree"})
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    ballot_cast(request, meeting_pk=1)  # refused (log-in page) after the decorator marked the POST sensitive
    assert request.sensitive_post_parameters == "__ALL__"  # type: ignore[attr-defined]
