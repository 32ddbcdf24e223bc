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
def loaded(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The demo, loaded once for this module and rolled back after it (its files in a temporary folder)."""
    media = tmp_path_factory.mktemp("media")
    with (django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media),
          transaction.atomic()):
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


def test_the_demo_runs_five_campaigns_through_the_real_actions(loaded):
    from xuanren.campaigns.models import Application, Campaign, Publication, Review, StageKind

    last_year, first, second, open_, live = Campaign.objects.order_by("pk")
    assert loaded.campaigns == 5
    assert [c.template for c in (last_year, first, second, open_, live)] == [
        "court_2010", "court_2010", "court_2010", "open_2004", "nine_steps"]
    assert [c.status for c in (last_year, first)] == [Campaign.Status.CLOSED] * 2
    assert all(c.status == Campaign.Status.ANNOUNCED for c in (second, open_, live))
    assert f"{TODAY.year - 1}年中层副职竞争上岗" in last_year.name
    assert "公开选拔副处级领导干部" in open_.name and "第三批中层干部竞争上岗" in live.name
    for campaign in (last_year, first):
        assert {s.status for s in campaign.stages.all()} == {"sealed"}
    assert {s.kind: s.status for s in open_.stages.all() if s.status != "pending"} == {
        "eligibility": "sealed", "exam": "sealed", "interview": "sealed", "shortlist": "sealed", "inspection": "open"}
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
    sealed = [s for c in (last_year, first, open_, live) for s in c.stages.filter(status="sealed")]
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
    """This year's campaign of ``template`` (the court procedure: seed 000's, not last year's)."""
    from xuanren.campaigns.models import Campaign

    return Campaign.objects.filter(template=template, name__contains=str(TODAY.year)).order_by("pk").first()


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
    # Entitled: the court's people in the seed 000 groups (as they were: this campaign's appointments since
    # made some middle managers).
    from xuanren.appointments.models import Appointment

    division = ["division_chief", "division_deputy"]
    people = Person.objects.all()
    leaders = people.filter(unit__name="院领导").count()
    middle = people.exclude(unit__name="院领导").filter(post_level__in=division).count() - sum(
        a.previous.get("post_level") not in division for a in Appointment.objects.filter(post__campaign=first))
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
    assert first.stages.get(kind="committee").status == "sealed"


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


# --- from the shortlist to the appointment (issue 6) ------------------------------------------------

def _court() -> Any:
    return _campaign("court_2010")


def _organiser() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="organiser"))
    return client


def test_the_party_group_met_twice_a_secret_vote_then_a_revote(loaded):
    from xuanren.committee.models import CommitteeVote, Item, Meeting, Proposal

    court = _court()
    first, second = Meeting.objects.filter(campaign=court).order_by("held_on", "pk")
    assert first.mode == Meeting.Mode.SECRET and second.mode == Meeting.Mode.ENTERED
    assert first.held_on < second.held_on and first.name != second.name and "院党组" in first.name
    # 应到 9 (the nine committee accounts and their people), 实到 8: one away, with the reason.
    members = list(first.members.order_by("order"))
    assert [m.user.username for m in members] == [f"committee{n}" for n in range(1, 10)]
    assert all(m.person is not None and m.person.name == m.user.first_name for m in members)
    absent = [m for m in members if not m.present]
    assert len(absent) == 1 and "培训" in absent[0].absence_reason
    assert all(m.voted for m in members if m.present) and not absent[0].voted
    # Each present member voted once on every item, and no vote names a member.
    items = list(Item.objects.filter(meeting=first))
    votes = CommitteeVote.objects.filter(item__meeting=first)
    assert votes.count() == 8 * len(items) and not votes.filter(member__isnull=False).exists()
    outcomes = sorted(i.outcome for i in items)
    assert outcomes.count("passed") >= 2 and outcomes.count("failed") == 1 and outcomes.count("deferred") == 1
    assert all(i.explanation[0]["zh"].startswith("应到9人，实到8人") for i in items)
    deferred = next(i for i in items if i.outcome == "deferred")
    assert "缓议4人 > 不同意1人" in deferred.explanation[0]["zh"]
    # The competitive post (差额): two proposed, one passed, the other failed.
    competitive = Proposal.objects.get(stage__campaign=court, competitive=True)
    assert competitive.candidates.count() == 2 and "差额" in competitive.note
    assert sorted(i.outcome for i in Item.objects.filter(proposal=competitive)) == ["failed", "passed"]
    assert all(len(c.reason) > 40 for p in Proposal.objects.filter(stage__campaign=court) for c in p.candidates.all())
    # The re-vote (复议) of the deferred candidate, everyone present, by a show of hands: passed.
    (again,) = Item.objects.filter(meeting=second)
    assert again.revote_of == deferred and again.application == deferred.application
    assert again.outcome == "passed" and again.explanation[0]["zh"].startswith("应到9人，实到9人，同意8人 > 4.5")
    assert CommitteeVote.objects.filter(item=again, member__isnull=False).count() == 9
    assert Event.objects.filter(action="committee.item.revote").count() == 1
    # The committee's results are published (not public) and its pages show them.
    stage = court.stages.get(kind="committee")
    content = stage.publications.get().content
    assert content["totals"]["meetings"] == 2 and not stage.public
    page = _organiser().get(f"/committee/{court.pk}/stage/{stage.pk}/")
    assert page.status_code == 200 and first.name in page.content.decode()
    member = Client()
    member.force_login(get_user_model().objects.get(username="committee1"))
    assert first.name in member.get("/committee/my/").content.decode()


def test_the_notice_ran_its_working_days_with_two_objections_concluded(loaded, client):
    from xuanren.notices.calendar import current_calendar
    from xuanren.notices.models import Notice, NoticeEntry, Objection

    court = _court()
    notice = Notice.objects.get(campaign=court)
    assert notice.status == Notice.Status.ENDED and notice.working_days == 5
    calendar = current_calendar()
    assert calendar.notice_period(notice.starts, 5).end == notice.ends
    assert calendar.validate_notice(notice.starts, notice.ends) == []
    assert notice.ended_at.date() > notice.ends and notice.published_at.date() == notice.starts
    assert "公示期自" in notice.text and "中共××市中级人民法院党组" in notice.text
    assert notice.entries.count() >= 4 and all(e.details["name"] in notice.text for e in notice.entries.all())
    anonymous, named = Objection.objects.filter(notice=notice).order_by("lodged_at")
    assert anonymous.anonymous and anonymous.channel == Objection.Channel.WEB and not anonymous.name
    assert anonymous.finding == Objection.Finding.NOT_VERIFIED and anonymous.reply
    assert not named.anonymous and named.name and named.channel == Objection.Channel.LETTER
    assert named.finding == Objection.Finding.VERIFIED and named.reply
    assert anonymous.entry != named.entry
    for o in (anonymous, named):
        assert o.status == Objection.Status.CONCLUDED and o.investigation and o.assignee.username == "organiser"
        assert notice.starts <= o.lodged_at.astimezone(dt.UTC).date() <= notice.ends
    assert Event.objects.get(action="objections.lodge").actor == "public"
    stopped = NoticeEntry.objects.get(notice=notice, outcome=NoticeEntry.Outcome.STOPPED)
    assert stopped == named.entry
    assert set(notice.entries.exclude(pk=stopped.pk).values_list("outcome", flat=True)) == {"cleared"}
    # The public page shows the notice, and the receipt number shows the reply.
    page = client.get(f"/notices/public/{notice.pk}/")
    assert page.status_code == 200 and stopped.details["name"] in page.content.decode()
    answer = client.post("/notices/public/receipt/", {"receipt": anonymous.receipt})
    assert answer.status_code == 200 and anonymous.reply[:20] in answer.content.decode()


def test_the_appointments_have_their_documents(loaded):
    import io
    import re

    from docx import Document

    from xuanren.appointments.documents import period_end
    from xuanren.appointments.models import Appointment
    from xuanren.notices.models import NoticeEntry
    from xuanren.reports.compute import move

    court = _court()
    made = list(Appointment.objects.filter(post__campaign=court).select_related("person", "post"))
    stopped = NoticeEntry.objects.get(notice__campaign=court, outcome="stopped").application
    assert len(made) >= 3 and stopped.person_id not in {a.person_id for a in made}
    numbers = [a.document_number for a in made]
    assert len(set(numbers)) == len(made)
    assert all(re.fullmatch(rf"××中法党〔{TODAY.year}〕\d+号", n) for n in numbers)
    client = _organiser()
    promoted = 0
    for a in made:
        # A year's probation for a promotion; none for a move within the tier.
        kind = move(a.previous.get("post_level") or None, a.previous.get("rank") or None, a.post.level).kind
        promoted += kind == "promotion"
        assert a.term_years == 2 and a.probation_months == (12 if kind == "promotion" else 0)
        assert a.status == (Appointment.Status.PROBATION if kind == "promotion" else Appointment.Status.APPOINTED)
        assert a.effective == a.document_date <= TODAY and a.term_end == period_end(a.effective, 24)
        assert a.probation_end == (period_end(a.effective, 12) if kind == "promotion" else None)
        assert a.person.post_title == a.post.title and a.person.unit_id == a.post.department_id
        assert a.document_number in a.text and a.person.name in a.text
        docx = client.get(f"/appointments/a/{a.pk}/document.docx")
        assert docx.status_code == 200
        text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
        assert a.person.name in text and a.document_number in text
    assert promoted >= 2
    pdf = client.get(f"/appointments/a/{made[0].pk}/document.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000


def test_the_court_campaign_left_vacancies_with_reasons_and_a_pool(loaded):
    from xuanren.appointments.models import PoolEntry, Vacancy

    court = _court()
    vacancies = list(Vacancy.objects.filter(post__campaign=court))
    reasons = {v.reason for v in vacancies}
    assert {Vacancy.Reason.THRESHOLD, Vacancy.Reason.NOTICE} <= reasons
    assert all(v.detail for v in vacancies)
    assert "属实" in next(v.detail for v in vacancies if v.reason == Vacancy.Reason.NOTICE)
    pool = list(PoolEntry.objects.filter(campaign=court))
    assert pool and all(e.scores.get("label") == "民主推荐得分" and e.scores.get("display") for e in pool)
    assert all(e.status == PoolEntry.Status.ACTIVE and e.expires_on > TODAY for e in pool)
    assert court.stages.get(kind="appointment").publications.get().content["totals"]["空缺职数"] == len(vacancies)
    page = _organiser().get("/appointments/pool/").content.decode()
    assert all(e.person.name in page for e in pool)
    assert _organiser().get("/appointments/vacancies/").status_code == 200


def test_the_closing_report_matches_the_data(loaded):
    from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
    from xuanren.campaigns.models import Application
    from xuanren.reports.figures import closing_figures

    court = _court()
    report = closing_figures(court, TODAY)
    assert report.finished
    appointed = Appointment.objects.filter(post__campaign=court).count()
    assert report.value("appointed") == appointed == len(report.appointments)
    assert report.value("posts.vacant") == Vacancy.objects.filter(post__campaign=court).values("post").distinct(
        ).count()
    assert report.value("posts.filled") == appointed
    assert report.value("posts.pending") == 0 and report.value("pool") == PoolEntry.objects.filter(
        campaign=court).count()
    assert report.value("posts.total") == court.posts.count() == 7
    people = set(Application.objects.filter(campaign=court).values_list("person_id", flat=True))
    assert report.value("applicants") == len(people)
    assert report.value("moves.promotion") + report.value("moves.lateral") + report.value(
        "moves.to_leadership") <= appointed
    # The ballots of the court's sessions (the trial never counts).
    from xuanren.voting.models import Ballot, Session

    real = Session.objects.get(stage__campaign=court, trial=False)
    assert report.value("voting.returned") == Ballot.objects.filter(session=real).count()
    client = _organiser()
    page = client.get(f"/reports/{court.pk}/")
    assert page.status_code == 200 and "工作总结" in page.content.decode()
    assert client.get(f"/reports/{court.pk}/export.pdf").content.startswith(b"%PDF")
    assert client.get(f"/reports/{court.pk}/export.xlsx").content.startswith(b"PK")


def test_last_years_probations_end_within_the_month_and_the_home_page_says_so(loaded):
    from xuanren.appointments import selectors
    from xuanren.appointments.models import Appointment

    last_year = _last_year()
    assert Appointment.objects.filter(post__campaign=last_year).count() == 2
    made = list(Appointment.objects.filter(post__campaign=last_year, probation_months=12).select_related("person"))
    assert made
    due = selectors.probation_due(TODAY)
    assert {a.pk for a in made} <= {a.pk for a in due}
    assert all(TODAY < a.probation_end <= TODAY + dt.timedelta(days=30) for a in made)
    assert all(a.effective.year == TODAY.year - 1 or a.effective < TODAY - dt.timedelta(days=300) for a in made)
    home = _organiser().get("/").content.decode()
    assert all(a.person.name in home for a in made)
    # Its runner-up went to the pool, valid a year from the sealing.
    assert last_year.pool_entries.exists()


def _last_year() -> Any:
    from xuanren.campaigns.models import Campaign

    return Campaign.objects.get(name__contains=f"{TODAY.year - 1}年")


def test_the_open_selection_is_at_its_inspection(loaded, client):
    from xuanren.inspection.models import Inspection

    open_ = _campaign("open_2004")
    stage = open_.stages.get(kind="inspection")
    assert stage.status == "open"
    rows = list(Inspection.objects.filter(stage=stage))
    shortlisted = open_.stages.get(kind="shortlist").publications.get().content["posts"]
    assert len(rows) == sum(p["shortlisted"] for p in shortlisted)
    (done,) = [r for r in rows if r.status == Inspection.Status.CONCLUDED]
    assert done.conclusion == Inspection.Conclusion.SUITABLE and done.conclusion_text
    assert set(done.findings) == {"de", "neng", "qin", "ji", "lian"} and all(f["text"] for f in done.findings.values())
    assert done.notice_published_at is not None and done.notice_until < done.concluded_at.date() <= TODAY
    assert sum(done.talks.values()) > 20 and done.attachments.count() == 1
    assert all(r.team_leader and r.team for r in rows)
    running = [r for r in rows if r.status == Inspection.Status.ANNOUNCED]
    assert running and all(r.notice_from < TODAY <= r.notice_until for r in running)
    assert any(r.status == Inspection.Status.PREPARING for r in rows)
    page = _organiser().get(f"/inspection/{open_.pk}/stage/{stage.pk}/")
    assert page.status_code == 200 and done.application.person.name in page.content.decode()
    public = client.get(f"/inspection/public/{open_.pk}/notices/").content.decode()
    assert all(r.application.person.name in public for r in [done, *running])


def test_demo_load_says_where_to_look(loaded):
    guide = "\n".join(loaded.guide)
    assert "/notices/public/" in guide and "/reports/" in guide and "/inspection/" in guide
    assert "未演示" not in guide
