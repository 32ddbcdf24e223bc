"""Loading the demo: once only, all or nothing, the same for a seed; the commands."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from tests.conftest import make_user
from xuanren.accounts.roles import Role
from xuanren.cli.main import main
from xuanren.demo.court import make_court
from xuanren.demo.loading import DEMO_PASSWORD, DemoError, demo_load
from xuanren.demo.roster import sample_roster
from xuanren.people.models import Person
from xuanren.record.models import Event
from xuanren.rules.ranks import rank
from xuanren.voting.actions import code_lookup

TODAY = dt.date(2026, 3, 1)
SEED = 11

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> Any:
    return demo_load(today=TODAY, seed=SEED)


def test_if_empty_does_nothing_the_second_time(loaded):
    events = Event.objects.count()
    again = demo_load(today=TODAY, seed=SEED, if_empty=True)
    assert not again.loaded
    assert Person.objects.count() == 240
    assert Event.objects.count() == events


def test_loading_twice_without_if_empty_is_refused(loaded):
    with pytest.raises(DemoError, match="已有人员"):
        demo_load(today=TODAY, seed=SEED)
    assert Person.objects.count() == 240


def test_taken_demo_user_names_are_refused_and_nothing_is_written():
    make_user("voter")
    events = Event.objects.count()
    with pytest.raises(DemoError, match="voter"):
        demo_load(today=TODAY, seed=SEED)
    assert Person.objects.count() == 0
    assert get_user_model().objects.count() == 1
    assert Event.objects.count() == events


def _snapshot() -> dict[str, Any]:
    """Everything the demo made that a second load must repeat, named without database ids (PostgreSQL
    does not roll its sequences back)."""
    from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
    from xuanren.campaigns.models import Application, Campaign, Post, Publication
    from xuanren.committee.models import CommitteeVote, Item, Meeting, ProposalCandidate
    from xuanren.inspection.models import Inspection
    from xuanren.notices.models import Notice, NoticeEntry, Objection
    from xuanren.scoring.models import Appearance, ExamScore, Sheet
    from xuanren.voting.models import Ballot, Session

    person = dict(Application.objects.values_list("pk", "person__id_number"))
    post = dict(Post.objects.values_list("pk", "code"))

    def in_rubric_order(points: dict[str, str]) -> list[str]:
        return [v for _, v in sorted(points.items(), key=lambda kv: int(kv[0]))]

    def marks(m: dict[str, Any]) -> list[Any]:
        return sorted((post[int(p)], sorted(person[a] for a in v["marks"]))
                      for form in m.values() for p, v in form.items())

    recommendation = [[(p["code"], [(c["name"], c["score"]["exact"], c["meets"]) for c in p["candidates"]])
                       for p in pub.content["forms"][0]["posts"]]
                      for pub in Publication.objects.filter(stage__kind="recommendation")]
    return {
        "people": sorted(Person.objects.values_list("id_number", "name", "rank")),
        "campaigns": [(c.name, c.template, [(s.kind, s.status, s.opened_at, s.sealed_at) for s in c.stages.order_by(
            "order")]) for c in Campaign.objects.order_by("pk")],
        "applications": sorted((a.campaign.name, a.post.code, a.person.id_number, a.status, a.review.decision)
                               for a in Application.objects.select_related("campaign", "post", "person", "review")),
        "exam": sorted((person[e.application_id], str(e.score), e.absent, e.exam_number)
                       for e in ExamScore.objects.all()),
        "appearances": sorted((a.stage.campaign.name, person[a.application_id], a.order or 0, a.status, a.absent)
                              for a in Appearance.objects.select_related("stage__campaign")),
        "sheets": sorted((s.appearance.stage.campaign.name, person[s.appearance.application_id], s.judge.user.username,
                          str(s.total), in_rubric_order(s.points), s.recused, s.recusal_reason)
                         for s in Sheet.objects.select_related("appearance__stage__campaign", "judge__user")),
        "sessions": [(s.name, s.trial, s.status, sorted((b.group.code, str(marks(b.marks))) for b in
                                                        Ballot.objects.filter(session=s).select_related("group")))
                     for s in Session.objects.order_by("pk")],
        "recommendation": recommendation,
        "shortlist": [pub.content for pub in Publication.objects.filter(stage__kind="shortlist")],
        "events": list(Event.objects.order_by("seq").values_list("action", "actor")),
        # The decisions (issue 6): never the random keys (secret votes, receipts), the counts and outcomes.
        "proposals": sorted((person[c.application_id], c.reason) for c in ProposalCandidate.objects.all()),
        "meetings": [(m.name, m.held_on, m.mode, [(x.name, x.present, x.absence_reason) for x in m.members.all()])
                     for m in Meeting.objects.order_by("held_on", "name")],
        "items": sorted((i.meeting.name, person[i.application_id], i.outcome, i.agree, i.disagree, i.defer)
                        for i in Item.objects.select_related("meeting")),
        "votes": sorted((person[v.item.application_id], v.choice, v.member.name if v.member else "")
                        for v in CommitteeVote.objects.select_related("item", "member")),
        "notices": [(n.starts, n.ends, n.text, sorted((e.details["name"], e.outcome) for e in n.entries.all()))
                    for n in Notice.objects.order_by("starts")],
        "objections": sorted((o.lodged_at, o.channel, o.anonymous, o.name, o.finding, o.reply, o.investigation,
                              person[o.entry.application_id]) for o in Objection.objects.select_related("entry")),
        "appointments": sorted((a.person.id_number, a.post.code, a.document_number, a.effective, a.text)
                               for a in Appointment.objects.select_related("person", "post")),
        "pool": sorted((e.person.id_number, e.status, e.entered_on, e.expires_on, str(e.scores))
                       for e in PoolEntry.objects.select_related("person")),
        "vacancies": sorted((v.post.code, v.reason, v.detail) for v in Vacancy.objects.select_related("post")),
        "inspections": sorted((person[i.application_id], i.status, i.team_leader, i.notice_text, str(i.talks),
                               str(i.findings)) for i in Inspection.objects.all()),
        "entries": sorted(NoticeEntry.objects.values_list("outcome", flat=True)),
        "exam_file": [e.details["sha256"] for e in Event.objects.filter(action="scoring.exam.import")],
    }


def test_the_same_seed_loads_the_same_demo():
    court = make_court(seed=SEED, today=TODAY)
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            demo_load(today=TODAY, seed=SEED)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    first, second = snapshots
    assert first["people"] == sorted((s.id_number, s.name, rank(s.rank).code) for s in court.staff)
    for key in first:
        assert first[key] == second[key], key
    assert len(first["sheets"]) > 100 and len(first["sessions"]) == 4
    assert len(first["meetings"]) == 3 and len(first["objections"]) == 2 and len(first["appointments"]) >= 5


def test_the_command_prints_the_accounts_and_skips_when_not_empty():
    runner = CliRunner()
    first = runner.invoke(main, ["demo", "load", "--if-empty", "--today", "2026-03-01"])
    assert first.exit_code == 0, first.output
    assert "用户名" in first.output and "角色" in first.output and "密码" in first.output
    assert "organiser" in first.output and DEMO_PASSWORD in first.output
    assert "http://127.0.0.1:8000/" in first.output
    assert str(Role.ORGANISER.label) in first.output
    # Five codes of the open trial session, and where to use them.
    assert "http://127.0.0.1:8000/vote/" in first.output
    codes = re.findall(r"^ {4}([0-9A-Z]{5}-[0-9A-Z]{5})$", first.output, re.MULTILINE)
    assert len(set(codes)) == 5
    assert all(code_lookup(code).trial for code in codes)
    page = re.search(r"http://127\.0\.0\.1:8000(/voting/sessions/\d+/)", first.output)
    assert page is not None and code_lookup(codes[0]).session.pk == int(page.group(1).split("/")[-2])
    organiser = Client()
    organiser.force_login(get_user_model().objects.get(username="organiser"))
    assert organiser.get(page.group(1)).status_code == 200
    # Where the decision steps are seen: every page printed opens for the organiser.
    assert "从确定人选到任职" in first.output and "未演示" not in first.output
    paths = re.findall(r"(/(?:committee|notices|appointments|reports|inspection)/[\w/]*)", first.output)
    assert len(paths) >= 8 and any(p.startswith("/notices/public/") for p in paths)
    member = Client()
    member.force_login(get_user_model().objects.get(username="committee1"))
    for path in paths:  # the committee member's page is theirs; the rest the organiser's
        assert (member if path == "/committee/my/" else organiser).get(path).status_code == 200, path
    second = runner.invoke(main, ["demo", "load", "--if-empty"])
    assert second.exit_code == 0
    assert "未载入" in second.output
    third = runner.invoke(main, ["demo", "load"])
    assert third.exit_code == 1
    assert "已有人员" in third.output


def test_the_command_writes_the_sample_roster(tmp_path):
    target = tmp_path / "演示干部名册.xlsx"
    result = CliRunner().invoke(main, ["demo", "roster", str(target), "--today", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == sample_roster(today=TODAY)


def test_a_year_the_calendar_lacks_stops_the_decisions_and_says_so():
    """On a day whose decisions fall in a year without the holiday arrangements (none are shipped for 2027),
    the demo still loads: the court campaign waits at its committee stage, the open selection at its
    shortlist, and what to enter is printed. Last year's campaign (2026, shipped) is carried through."""
    from xuanren.campaigns.models import Campaign

    with transaction.atomic():
        result = demo_load(today=dt.date(2027, 4, 1), seed=SEED)
        campaigns = {c.name: c for c in Campaign.objects.all()}
        court = next(c for name, c in campaigns.items() if "2027年中层领导职位竞争上岗" in name)
        assert court.status == Campaign.Status.ANNOUNCED
        assert court.stages.get(kind="committee").status == "open"
        assert next(c for name, c in campaigns.items() if "2026年中层副职竞争上岗" in name).status == "closed"
        guide = "\n".join(result.guide)
        assert "2027年的节假日安排尚未录入，请先录入" in guide and "/notices/calendar/" in guide
        transaction.set_rollback(True)
