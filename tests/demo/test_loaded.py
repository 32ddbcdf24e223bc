"""The loaded demo, as the product sees it: one demo loaded once for these read-only tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings

from tests.demo.conftest import FAST_HASHERS
from xuanren.accounts.access import roles_of
from xuanren.demo.court import make_court
from xuanren.demo.loading import ACCOUNTS, DEMO_PASSWORD, demo_load
from xuanren.people.models import Appraisal, Discipline, Person, Reward, Unit
from xuanren.record.actions import record_verify
from xuanren.record.models import Event
from xuanren.rules import idnumber

TODAY = dt.date(2026, 3, 1)
SEED = 11

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield demo_load(today=TODAY, seed=SEED)
        transaction.set_rollback(True)


def test_the_demo_loads_into_an_empty_database(loaded):
    court = make_court(seed=SEED, today=TODAY)
    assert loaded.loaded
    assert Person.objects.count() == len(court.staff) == 240
    unit = Unit.objects.get(parent=None)
    assert unit.name == "××市中级人民法院"
    assert Unit.objects.filter(parent=unit, kind=Unit.Kind.DEPARTMENT).count() == 18
    assert Appraisal.objects.count() == sum(len(s.appraisals) for s in court.staff)
    assert Reward.objects.count() == len(court.rewards)
    assert Discipline.objects.count() == len(court.disciplines)
    assert sum(d.in_force_on(TODAY) for d in Discipline.objects.all()) == 1
    assert loaded.import_result.created == 240


def test_every_stored_id_number_is_valid_and_agrees_with_the_person(loaded):
    for p in Person.objects.all():
        assert idnumber.is_valid(p.id_number)
        assert idnumber.birth_date(p.id_number) == p.birth_date
        assert idnumber.gender(p.id_number) == p.gender
        assert 25 <= p.age_on(TODAY) <= 59


def test_the_demo_users_hold_their_roles_and_share_one_password(loaded):
    users = get_user_model().objects.all()
    assert users.count() == len(ACCOUNTS) == 19
    for username, role in ACCOUNTS:
        user = users.get(username=username)
        assert roles_of(user) == {role}
        assert user.check_password(DEMO_PASSWORD)
        assert user.first_name  # the name of the court's person holding that role
    assert {a.username for a in loaded.accounts} == {u for u, _ in ACCOUNTS}


def test_the_applicant_sees_their_own_record_and_no_other(loaded):
    applicant = get_user_model().objects.get(username="applicant")
    own = Person.objects.get(user=applicant)
    assert own.post_title == "审判员"
    client = Client()
    client.force_login(applicant)
    assert client.get(f"/people/{own.pk}/").status_code == 200
    other = Person.objects.exclude(pk=own.pk).first()
    assert client.get(f"/people/{other.pk}/").status_code == 403


def test_the_organiser_sees_the_register(loaded):
    client = Client()
    client.force_login(get_user_model().objects.get(username="organiser"))
    page = client.get("/people/")
    assert page.status_code == 200
    assert "××市中级人民法院" in page.content.decode()


def test_the_record_holds_the_import_by_the_organiser_and_verifies(loaded):
    event = Event.objects.get(action="people.import")
    assert event.actor == "organiser"
    assert event.details["file"] == "演示干部名册.xlsx"
    assert event.details["created"] == 240
    assert Event.objects.filter(action="users.create").count() == 19
    assert Event.objects.filter(action="people.link_user", actor="organiser").count() == 1
    assert Event.objects.get(action="demo.load").details["seed"] == SEED
    assert record_verify().ok


def test_the_demo_runs_four_campaigns_through_the_real_actions(loaded):
    from xuanren.campaigns.models import Application, Campaign, Publication, Review, StageKind

    first, second, open_, live = Campaign.objects.order_by("pk")
    assert loaded.campaigns == 4
    assert [c.template for c in (first, second, open_, live)] == ["court_2010", "court_2010", "open_2004", "nine_steps"]
    assert all(c.status == Campaign.Status.ANNOUNCED for c in (first, second, open_, live))
    assert "公开选拔副处级领导干部" in open_.name and "第三批中层干部竞争上岗" in live.name
    stages = {s.kind: s.status for s in first.stages.all()}
    assert stages == {"eligibility": "sealed", "interview": "sealed", "recommendation": "sealed", "committee": "open",
                      "notice": "pending", "appointment": "pending"}
    assert {s.kind: s.status for s in open_.stages.all() if s.status != "pending"} == {
        "eligibility": "sealed", "exam": "sealed", "interview": "sealed", "shortlist": "sealed"}
    assert {s.kind: s.status for s in live.stages.all() if s.status != "pending"} == {
        "eligibility": "sealed", "interview": "open"}
    # Every application of the sealed stage was decided, one against the rules' result with its reason.
    reviews = Review.objects.filter(application__campaign=first)
    assert reviews.count() == Application.objects.filter(campaign=first).count() >= 10
    assert not reviews.filter(decision=Review.Decision.PENDING).exists()
    assert reviews.filter(overridden=True).exclude(reason="").count() == 1
    assert reviews.filter(decision=Review.Decision.INELIGIBLE).exists()
    publication = Publication.objects.get(stage__campaign=first, stage__kind=StageKind.ELIGIBILITY)
    assert publication.version == 1
    # A post nobody qualified for was cancelled with its reason.
    cancelled = first.posts.get(code="F05")
    assert cancelled.status == "cancelled"
    assert "无符合资格条件" in Event.objects.get(action="posts.cancel", object_id=str(cancelled.pk)).details["reason"]
    # Applications are open in the second, with the reviews not yet decided.
    assert second.apply_until.date() > TODAY
    assert Review.objects.filter(application__campaign=second, decision=Review.Decision.PENDING).count() >= 3
    # The applicant account's own person was left free to apply.
    assert not Application.objects.filter(person__user__username="applicant").exists()
    # Every sealed stage is published, once.
    sealed = [s for c in (first, open_, live) for s in c.stages.filter(status="sealed")]
    assert sorted(Publication.objects.filter(stage__in=sealed).values_list("stage_id", flat=True)) == sorted(
        s.pk for s in sealed)
    assert {"campaigns.create", "stages.seal", "review.decide", "scoring.exam.import", "scoring.sheet.submit",
            "scoring.sheet.recuse", "voting.close"} <= set(Event.objects.values_list("action", flat=True))


def test_the_public_pages_show_the_demo_campaigns(loaded, client):
    page = client.get("/public/").content.decode()
    assert "中层领导职位竞争上岗" in page and "第二批" in page
    assert "公开选拔副处级领导干部" in page and "第三批中层干部竞争上岗" in page


# --- the campaigns, stage by stage -----------------------------------------------------------------

def _campaign(template: str) -> Any:
    from xuanren.campaigns.models import Campaign

    return Campaign.objects.filter(template=template).order_by("pk").first()


def test_the_speech_was_heard_by_the_five_judges_one_recusing_with_the_reason(loaded):
    from xuanren.campaigns.selectors import candidates
    from xuanren.rules.scoring.panel import PanelRule
    from xuanren.scoring.models import Appearance, Criterion, Panel, PanelJudge, Sheet

    first = _campaign("court_2010")
    stage = first.stages.get(kind="interview")
    assert [(c.name, int(c.max_points)) for c in Criterion.objects.filter(stage=stage).order_by("order")] == [
        ("政治素质", 20), ("工作思路", 30), ("表达能力", 20), ("岗位认识", 30)]
    panel = Panel.objects.get(stage=stage)
    assert PanelRule.from_json(panel.rule) == PanelRule()  # the default: drop the highest and the lowest
    assert [j.user.username for j in PanelJudge.objects.filter(panel=panel).order_by("order")] == [
        "judge1", "judge2", "judge3", "judge4", "judge5"]
    appearances = list(Appearance.objects.filter(panel=panel).order_by("order"))
    assert len(appearances) == candidates(first).count() >= 10
    assert [a.order for a in appearances] == list(range(1, len(appearances) + 1))  # drawn by lot
    assert all(a.status == Appearance.Status.CLOSED and not a.absent for a in appearances)
    sheets = Sheet.objects.filter(appearance__panel=panel)
    assert sheets.count() == 5 * len(appearances)
    recused = sheets.filter(recused=True)
    assert recused.count() == 1 and len(recused.get().recusal_reason) > 10
    totals = [s.total for s in sheets.filter(recused=False)]
    assert all(55 <= t <= 98 for t in totals) and len(set(totals)) > 10
    assert Event.objects.filter(action="scoring.panel.draw", details__stage=stage.pk).count() == 1
    published = first.stages.get(kind="interview").publications.get()
    assert published.version == 1


def test_the_recommendation_counts_the_court_once_with_a_vacant_post(loaded):
    from xuanren.voting.models import Ballot, Session

    first = _campaign("court_2010")
    stage = first.stages.get(kind="recommendation")
    trial, real = Session.objects.filter(stage=stage).order_by("pk")
    assert trial.trial and not real.trial
    assert trial.status == real.status == Session.Status.CLOSED
    # Entitled: the court's people in the seed 000 groups.
    people = Person.objects.all()
    leaders = people.filter(unit__name="院领导").count()
    middle = people.exclude(unit__name="院领导").filter(post_level__in=["division_chief", "division_deputy"]).count()
    entitled = {g.code: g.entitled for g in real.groups.all()}
    assert entitled == {"leaders": leaders, "middle_managers": middle, "others": 240 - leaders - middle}
    turnout = {t["code"]: t for t in real.result["turnout"]}
    issued = sum(t["issued"] for t in turnout.values())
    returned = sum(t["returned"] for t in turnout.values())
    assert 0.85 <= returned / issued <= 0.95 and issued < 240
    assert Ballot.objects.filter(session=real).count() == returned
    assert Ballot.objects.filter(session=real, marks={}).count() >= 3  # some blank ballots
    # What is published: the real session only (trials never count).
    content = stage.publications.get().content
    assert [s["name"] for s in content["sessions"]] == [real.name]
    assert content["valid"] and not content["trial"]
    assert trial.result["trial"] is True
    posts = content["forms"][0]["posts"]
    by_n = {p["candidates_count"]: p["threshold"]["exact"] for p in posts}
    assert by_n[1] == "60" and by_n[2] == "50" and by_n[3] == "40"  # all three thresholds in play
    outcomes = [p["outcome"] for p in posts]
    assert outcomes.count("vacant") == 1 and "filled" in outcomes
    vacant = next(p for p in posts if p["outcome"] == "vacant")
    assert vacant["candidates_count"] >= 3 and not any(c["meets"] for c in vacant["candidates"])
    clear = [p for p in posts if p["outcome"] == "filled" and sum(c["meets"] for c in p["candidates"]) == 1]
    assert clear and all(p["qualified"] for p in clear)
    assert any(sum(c["meets"] for c in p["candidates"]) == 2 for p in posts)  # two above 40: the committee chooses
    assert first.stages.get(kind="committee").status == "open"


def test_the_open_selection_has_exam_interview_and_a_tie_at_the_cut(loaded):
    from xuanren.scoring.models import Appearance, ExamScore

    open_ = _campaign("open_2004")
    exam = open_.stages.get(kind="exam")
    assert exam.settings["full_marks"] == "100" and exam.settings["min_score"] == "60"
    scores = ExamScore.objects.filter(stage=exam)
    assert scores.filter(absent=True).count() == 1
    assert scores.filter(absent=False, score__lt=60).count() == 1
    assert scores.exclude(exam_number="").count() == scores.count()
    imported = Event.objects.get(action="scoring.exam.import")
    assert imported.details["file"].endswith(".xlsx") and imported.details["absent"] == 1
    absent = scores.get(absent=True).application
    assert Appearance.objects.get(stage__campaign=open_, application=absent).absent
    assert open_.posts.filter(slots=2).count() == 1
    content = open_.stages.get(kind="shortlist").publications.get().content
    assert content["ratio"] == 3
    posts = {p["code"]: p for p in content["posts"]}
    tied = [p for p in posts.values() if p["ties"]]
    assert len(tied) == 1
    post = tied[0]
    # The tie at the cut brings in one more than the quota, and one candidate is left out.
    assert post["shortlisted"] == post["quota"] + 1 and len(post["rows"]) > post["shortlisted"]
    at_cut = [r for r in post["rows"] if r["tied"]]
    assert len(at_cut) == 2 and {r["rank"] for r in at_cut} == {post["quota"]}
    assert at_cut[0]["composite_exact"] == at_cut[1]["composite_exact"] and all(r["shortlisted"] for r in at_cut)
    rows = [r for p in posts.values() for r in p["rows"]]
    assert all(r["reason"] for r in rows)
    assert any("低于最低分数线60分" in r["reason"] and not r["shortlisted"] for r in rows)
    assert any("缺考" in r["reason"] and not r["shortlisted"] for r in rows)
    assert any("超出职数" in r["reason"] for r in rows)


def test_the_live_interview_waits_for_judge5(loaded):
    from django.urls import reverse

    from xuanren.scoring.actions.panels import missing_judges
    from xuanren.scoring.models import Appearance, Panel
    from xuanren.scoring.panels_selectors import judge_panels

    live = _campaign("nine_steps")
    panel = Panel.objects.get(stage__campaign=live)
    states = [a.status for a in Appearance.objects.filter(panel=panel).order_by("order")]
    assert states[:4] == ["closed", "closed", "closed", "scoring"] and set(states[4:]) == {"waiting"}
    judge5 = get_user_model().objects.get(username="judge5")
    to_score = [r.appearance for p in judge_panels(judge5) for r in p.rows
                if r.appearance.status == Appearance.Status.SCORING and r.sheet is None]
    assert len(to_score) == 1
    current = to_score[0]
    assert missing_judges(current) == [f"评委5（{judge5.first_name}）"]
    for n in range(1, 5):  # the other judges have nothing left to do
        judge = get_user_model().objects.get(username=f"judge{n}")
        assert not [r for p in judge_panels(judge) for r in p.rows
                    if r.appearance.status == Appearance.Status.SCORING and r.sheet is None]
    client = Client()
    client.force_login(judge5)
    assert current.application.person.name in client.get("/judge/").content.decode()
    client.force_login(get_user_model().objects.get(username="organiser"))
    progress = client.get(reverse("scoring:panel_progress", args=[panel.pk]))
    assert progress.status_code == 200 and judge5.first_name in progress.content.decode()


def test_the_trial_evaluation_is_open_and_its_codes_vote(loaded):
    from xuanren.voting import actions as voting
    from xuanren.voting.models import Session

    live = _campaign("nine_steps")
    session = Session.objects.get(stage__campaign=live)
    assert session.trial and session.status == Session.Status.OPEN
    assert session.stage.kind == "evaluation" and session.stage.status == "pending"
    assert len(loaded.trial_codes) == len(set(loaded.trial_codes)) == 5
    assert sum(g.issued for g in session.groups.all()) == 5
    ticket = voting.code_lookup(loaded.trial_codes[0])
    assert ticket.trial and ticket.session == session
    form = ticket.forms[0]
    person = form.content["subjects"][0]["person"]
    receipt = voting.ballot_cast(code=loaded.trial_codes[0], marks={str(form.pk): {str(person): "excellent"}},
                                 submission="demo-test-submission-0001")
    assert receipt.trial
    # The codes are printed, never recorded.
    recorded = json.dumps([[e.details, e.object_repr] for e in Event.objects.all()], ensure_ascii=False)
    assert not any(code in recorded for code in loaded.trial_codes)


def test_the_published_results_are_public(loaded, client):
    for template, kind, words in (("court_2010", "recommendation", "全院干部大会民主推荐"),
                                  ("open_2004", "shortlist", "并列第"),
                                  ("open_2004", "exam", "缺考")):
        campaign = _campaign(template)
        page = client.get(f"/public/{campaign.pk}/results/{kind}/")
        assert page.status_code == 200, (template, kind)
        assert words in page.content.decode(), (template, kind)
