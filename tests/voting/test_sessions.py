"""Voting sessions: created from their stage with its rules and default ballots, groups and forms set
while a draft, opened only when ready; turnout and the named roll's status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.campaigns.world import nothing_changes, one_event
from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Stage
from xuanren.campaigns.presets import SEED_000_RECOMMENDATION
from xuanren.campaigns.selectors import candidates
from xuanren.record.models import Event
from xuanren.voting import actions
from xuanren.voting.models import Ballot, BallotForm, Session, VoterCode, VoterGroup


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


def _groups(session: Session) -> list[tuple[str, str, Decimal, int]]:
    return [(g.code, g.name, g.weight, g.entitled) for g in session.groups.order_by("order")]


# --- create ---------------------------------------------------------------------------------------

def test_a_recommendation_session_copies_seed_000_and_lists_every_post_with_candidates(vw: VotingWorld) -> None:
    with one_event("voting.session_create"):
        session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="民主推荐大会",
                                         place="三楼会议室")
    assert (session.status, session.trial, session.mode, session.place) == ("draft", False, "slips", "三楼会议室")
    assert session.campaign == vw.campaign and session.stage == vw.recommendation
    assert session.rules == {"thresholds": [[1, 60], [2, 50], [3, 40]], "rate_base": "returned"}
    assert _groups(session) == [("leaders", "院领导", 30, 0), ("middle_managers", "中层干部", 30, 0),
                                ("others", "其他人员", 40, 0)]
    (form,) = session.forms.all()
    assert (form.kind, form.title) == ("recommendation", "民主推荐票")
    posts = form.content["posts"]
    assert [p["code"] for p in posts] == ["P01", "P02"]  # P03 was cancelled
    p01 = posts[0]
    assert (p01["slots"], p01["max_marks"], p01["write_ins"]) == (1, 1, 0)
    assert [c["application"] for c in p01["candidates"]] == list(
        candidates(vw.campaign, vw.world.posts["P01"]).values_list("pk", flat=True))
    assert [c["name"] for c in p01["candidates"]] == ["人员1", "人员2", "人员3"]
    assert p01["candidates"][0]["note"] == "办公室 科员"


def test_the_stage_settings_override_the_defaults(vw: VotingWorld) -> None:
    Stage.objects.filter(pk=vw.recommendation.pk).update(settings={
        "groups": [{"code": "a", "name": "甲组", "weight": 50}, {"code": "b", "name": "乙组", "weight": 50}],
        "rate_base": "entitled", "attendance": "3/4"})
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    assert _groups(session) == [("a", "甲组", 50, 0), ("b", "乙组", 50, 0)]
    assert session.rules == {"thresholds": SEED_000_RECOMMENDATION["thresholds"], "rate_base": "entitled",
                             "attendance": "3/4"}


def test_an_evaluation_session_grades_each_candidate_once(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.evaluation, name="民主测评")
    assert _groups(session) == [("all", "全体参评人员", 100, 0)]
    (form,) = session.forms.all()
    assert form.kind == "evaluation"
    assert form.content["grades"] == ["excellent", "competent", "basically_competent", "incompetent"]
    assert form.content["unknown"] is True
    subjects = form.content["subjects"]
    # Each of the three applied for P01 and P02: one line each, naming both posts.
    assert [s["name"] for s in subjects] == ["人员1", "人员2", "人员3"]
    assert subjects[0]["post"] == "办公室副主任、政策法规科副科长"


def test_a_trial_may_run_before_the_stage_opens_a_real_session_may_not(vw: VotingWorld) -> None:
    Stage.objects.filter(pk=vw.recommendation.pk).update(status=Stage.Status.PENDING)
    with nothing_changes(), pytest.raises(CampaignError) as e:
        actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    assert e.value.code == "campaigns.voting.session.stage_status" and "模拟测试" in str(e.value)
    trial = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="模拟", trial=True)
    assert trial.trial
    Stage.objects.filter(pk=vw.recommendation.pk).update(status=Stage.Status.SEALED)
    with pytest.raises(CampaignError) as e:
        actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="y", trial=True)
    assert e.value.code == "campaigns.voting.session.stage_status"


def test_only_voting_stages_and_organisers(vw: VotingWorld, personas: dict[str, Any]) -> None:
    with pytest.raises(CampaignError) as e:
        actions.session_create(actor=vw.organiser, stage=vw.world.stage("interview"), name="x")
    assert e.value.code == "campaigns.voting.session.stage_kind"
    with pytest.raises(PermissionDenied):
        actions.session_create(actor=personas["supervisor"], stage=vw.recommendation, name="x")
    for bad in ({"name": " "}, {"name": "x", "mode": "paper"}):
        with pytest.raises(CampaignError):
            actions.session_create(actor=vw.organiser, stage=vw.recommendation, **bad)
    assert not Session.objects.exists()


def test_no_candidates_no_default_form(vw: VotingWorld) -> None:
    Application.objects.filter(campaign=vw.campaign).update(status=Application.Status.WITHDRAWN)
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    assert not session.forms.exists()


# --- groups ---------------------------------------------------------------------------------------

def test_groups_are_replaced_while_draft(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    with one_event("voting.groups_set"):
        actions.groups_set(actor=vw.organiser, session=session, groups=[
            {"code": "leaders", "name": "院领导", "weight": "30", "entitled": 7},
            {"code": "others", "name": "其他人员", "weight": Decimal("70"), "entitled": "120"}])
    assert _groups(session) == [("leaders", "院领导", 30, 7), ("others", "其他人员", 70, 120)]


@pytest.mark.parametrize(("groups", "code"), [
    ([], "groups.empty"),
    ([{"code": "a", "name": "甲", "weight": 60}, {"code": "b", "name": "乙", "weight": 30}], "groups.weights_sum"),
    ([{"code": "a", "name": "甲", "weight": 50}, {"code": "a", "name": "乙", "weight": 50}], "groups.duplicate"),
    ([{"code": "a", "name": "", "weight": 100}], "groups.name"),
    ([{"code": "", "name": "甲", "weight": 100}], "groups.code"),
    ([{"code": "a", "name": "甲", "weight": "百"}], "groups.weight"),
    ([{"code": "a", "name": "甲", "weight": 100.001}], "groups.weight"),
    ([{"code": "a", "name": "甲", "weight": 100, "entitled": -3}], "groups.entitled"),
])
def test_bad_groups_are_refused(vw: VotingWorld, groups: list[dict[str, Any]], code: str) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    before = _groups(session)
    with pytest.raises(CampaignError) as e:
        actions.groups_set(actor=vw.organiser, session=session, groups=groups)
    assert e.value.code == f"campaigns.voting.{code}"
    assert _groups(session) == before


def test_the_weight_sum_is_shown_as_written(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    with pytest.raises(CampaignError) as e:
        actions.groups_set(actor=vw.organiser, session=session, groups=[
            {"code": "a", "name": "甲", "weight": 60}, {"code": "b", "name": "乙", "weight": 30}])
    assert str(e.value).endswith("现为90")


def test_groups_with_codes_stay_and_nothing_changes_once_open(vw: VotingWorld) -> None:
    session, _ = ready_session(vw, open_it=False)
    with pytest.raises(CampaignError) as e:
        actions.groups_set(actor=vw.organiser, session=session,
                           groups=[{"code": "others", "name": "其他人员", "weight": 100, "entitled": 3}])
    assert e.value.code == "campaigns.voting.groups.has_codes" and "院领导" in str(e.value)
    actions.session_open(actor=vw.organiser, session=session)
    with pytest.raises(CampaignError) as e:
        actions.groups_set(actor=vw.organiser, session=session, groups=[
            {"code": g.code, "name": g.name, "weight": g.weight, "entitled": 99} for g in session.groups.all()])
    assert e.value.code == "campaigns.voting.not_draft"


# --- forms ----------------------------------------------------------------------------------------

def _apps(vw: VotingWorld, post: str) -> list[int]:
    return list(candidates(vw.campaign, vw.world.posts[post]).values_list("pk", flat=True))


def test_a_recommendation_form_is_checked_and_filled_in(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    p01 = vw.world.posts["P01"]
    with one_event("voting.form_set"):
        form = actions.form_set(actor=vw.organiser, session=session, kind="recommendation", title="副职推荐票",
                                content={"posts": [{"post": p01.pk, "max_marks": 2, "write_ins": 1,
                                                    "candidates": [{"application": a} for a in _apps(vw, "P01")[:2]]}]})
    assert form.order == 1
    (post,) = form.content["posts"]
    assert (post["code"], post["title"], post["max_marks"], post["write_ins"]) == ("P01", "办公室副主任", 2, 1)
    assert [c["name"] for c in post["candidates"]] == ["人员1", "人员2"]
    # Replacing keeps the row; candidates default to every qualified applicant of the post.
    again = actions.form_set(actor=vw.organiser, session=session, form=form, kind="recommendation", title="推荐票",
                             content={"posts": [{"post": p01.pk}]})
    assert again.pk == form.pk and len(again.content["posts"][0]["candidates"]) == 3
    assert again.content["posts"][0]["max_marks"] == p01.slots


@pytest.mark.parametrize(("content", "code"), [
    ({"posts": []}, "form.no_posts"),
    ({"posts": [{"post": 999999}]}, "form.unknown_post"),
    ({"posts": [{"post": "P03"}]}, "form.unknown_post"),
    ({"posts": [{"post": "P01", "max_marks": 0}]}, "form.max_marks"),
    ({"posts": [{"post": "P01", "write_ins": -1}]}, "form.write_ins"),
    ({"posts": [{"post": "P01"}, {"post": "P01"}]}, "form.duplicate_post"),
    ({"posts": [{"post": "P01", "candidates": [{"application": "other"}]}]}, "form.unknown_candidate"),
    ({"posts": [{"post": "P01", "candidates": []}]}, "form.no_candidates"),
    ({"posts": [{"post": "P03cancelled"}]}, "form.post_closed"),
])
def test_bad_recommendation_forms_are_refused(vw: VotingWorld, content: dict[str, Any], code: str) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    posts = vw.world.posts
    for row in content.get("posts", []):
        if row["post"] == "P01":
            row["post"] = posts["P01"].pk
        elif row["post"] == "P03cancelled":
            row["post"] = posts["P03"].pk
        elif row["post"] == "P03":
            row["post"] = "P03"  # a code, not a pk
        for c in row.get("candidates", []):
            if c["application"] == "other":
                c["application"] = _apps(vw, "P02")[0]  # qualified, but for another post
    before = list(BallotForm.objects.values())
    with pytest.raises(CampaignError) as e:
        actions.form_set(actor=vw.organiser, session=session, kind="recommendation", title="t", content=content)
    assert e.value.code == f"campaigns.voting.{code}"
    assert list(BallotForm.objects.values()) == before


def test_evaluation_and_elements_forms(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.evaluation, name="x")
    people = vw.world.people
    form = actions.form_set(actor=vw.organiser, session=session, kind="evaluation", title="测评票",
                            content={"grades": ["incompetent", "excellent"], "unknown": False,
                                     "subjects": [{"person": people[4].pk, "post": "办公室主任"}]})
    assert form.content == {"grades": ["excellent", "incompetent"], "unknown": False,
                            "subjects": [{"person": people[4].pk, "name": "人员5", "post": "办公室主任"}]}
    elements = actions.form_set(actor=vw.organiser, session=session, kind="elements", title="要素推荐票", content={})
    assert elements.content["elements"] == ["道德品行最好", "工作最敬业", "工作业绩最突出", "业务能力最强",
                                            "综合素质最高", "最适合提拔使用"]
    assert elements.content["marks_per_element"] == 1
    assert len(elements.content["candidates"]) == 6  # three people, two posts each: one line per application
    for kind, content, code in (
            ("evaluation", {"subjects": []}, "form.no_subjects"),
            ("evaluation", {"subjects": [{"person": 10 ** 9}]}, "form.unknown_person"),
            ("evaluation", {"grades": ["good"], "subjects": [{"person": people[0].pk}]}, "form.grades"),
            ("elements", {"elements": []}, "form.elements"),
            ("elements", {"elements": ["最好", " "]}, "form.elements"),
            ("elements", {"marks_per_element": 0}, "form.marks_per_element"),
            ("ballot", {}, "form.kind")):
        with pytest.raises(CampaignError) as e:
            actions.form_set(actor=vw.organiser, session=session, kind=kind, title="t", content=content)
        assert e.value.code == f"campaigns.voting.{code}", (kind, content)
    assert session.forms.count() == 3
    actions.sessions.form_delete(actor=vw.organiser, session=session, form=elements)
    assert session.forms.count() == 2


def test_element_problems_name_the_line(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    for content, code, message in (
            ({"elements": ["最好", " "]}, "form.elements", "第2项推荐要素为空"),
            ({"elements": ["最好", "好" * 51]}, "form.elements", "第2项推荐要素“" + "好" * 51 + "”超过50个字符"),
            ({"elements": ["最好", "次好", "最好 "]}, "form.duplicate_element", "推荐要素“最好”重复"),
            ({"marks_per_element": "x"}, "form.marks_per_element", "每个要素可推荐人数应为正整数（x）")):
        with pytest.raises(CampaignError) as e:
            actions.form_set(actor=vw.organiser, session=session, kind="elements", title="t", content=content)
        assert (e.value.code, str(e.value)) == (f"campaigns.voting.{code}", message)
    assert not session.forms.filter(kind="elements").exists()


# --- delete ---------------------------------------------------------------------------------------

def _voting_rows() -> tuple[Any, ...]:
    return (list(Session.objects.order_by("pk").values()), list(VoterGroup.objects.order_by("pk").values()),
            list(BallotForm.objects.order_by("pk").values()), list(VoterCode.objects.order_by("pk").values()),
            list(Ballot.objects.order_by("pk").values()), Event.objects.count())


def test_a_draft_is_deleted_with_its_groups_forms_and_codes_and_recorded(vw: VotingWorld) -> None:
    keep, _ = ready_session(vw, open_it=False, name="保留")
    session, _ = ready_session(vw, open_it=False, codes=2, name="备用场次")
    actions.form_set(actor=vw.organiser, session=session, kind="elements", title="要素推荐票", content={})
    with one_event("voting.session_delete"):
        actions.session_delete(actor=vw.organiser, session=session, reason="  多建了一场  ")
    assert list(Session.objects.values_list("name", flat=True)) == ["保留"]
    for model in (VoterGroup, BallotForm, VoterCode):
        assert not model.objects.filter(session_id=session.pk).exists()
        assert model.objects.filter(session=keep).exists()
    event = Event.objects.get(action="voting.session_delete")
    assert (event.object_type, event.object_id, event.object_repr) == ("voting.session", str(session.pk), "备用场次")
    assert event.details == {"campaign": vw.campaign.pk, "stage": vw.recommendation.pk, "trial": False,
                             "mode": "slips", "groups": ["leaders", "middle_managers", "others"],
                             "forms": ["民主推荐票", "要素推荐票"], "codes": 6, "reason": "多建了一场"}
    assert event.before_digest


def test_an_open_or_closed_session_is_not_deleted(vw: VotingWorld, personas: dict[str, Any]) -> None:
    session, codes = ready_session(vw)
    actions.ballot_cast(code=codes["others"][0], marks={}, submission="s" * 20)
    for status in ("open", "closed"):
        if status == "closed":
            actions.session_close(actor=vw.organiser, session=session)
        before = _voting_rows()
        with pytest.raises(CampaignError) as e:
            actions.session_delete(actor=vw.organiser, session=session)
        assert e.value.code == "campaigns.voting.delete.not_draft"
        assert str(e.value) == ("投票场次“第一场”" + ("投票中" if status == "open" else "已结束")
                                + "，不能删除（只能删除准备中、尚未开始投票的场次）")
        assert _voting_rows() == before
    draft = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    before = _voting_rows()
    with pytest.raises(PermissionDenied):
        actions.session_delete(actor=personas["supervisor"], session=draft)
    assert _voting_rows() == before


# --- open -----------------------------------------------------------------------------------------

def test_opening_needs_forms_entitled_and_codes(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    with pytest.raises(CampaignError) as e:
        actions.session_open(actor=vw.organiser, session=session)
    assert e.value.code == "campaigns.voting.open.entitled_zero" and "院领导" in str(e.value)
    actions.groups_set(actor=vw.organiser, session=session, groups=[
        {"code": g.code, "name": g.name, "weight": g.weight, "entitled": 5} for g in session.groups.all()])
    with pytest.raises(CampaignError) as e:
        actions.session_open(actor=vw.organiser, session=session)
    assert e.value.code == "campaigns.voting.open.no_codes"
    actions.codes_issue(actor=vw.organiser, session=session, group=session.groups.first(), count=1)
    for form in session.forms.all():
        actions.sessions.form_delete(actor=vw.organiser, session=session, form=form)
    with pytest.raises(CampaignError) as e:
        actions.session_open(actor=vw.organiser, session=session)
    assert e.value.code == "campaigns.voting.open.no_forms"
    actions.form_set(actor=vw.organiser, session=session, kind="recommendation", title="推荐票",
                     content={"posts": [{"post": vw.world.posts["P01"].pk}]})
    with one_event("voting.session_open"):
        actions.session_open(actor=vw.organiser, session=session)
    session.refresh_from_db()
    assert session.status == "open" and session.opened_at is not None
    with pytest.raises(CampaignError) as e:
        actions.session_open(actor=vw.organiser, session=session)
    assert e.value.code == "campaigns.voting.not_draft"
    with pytest.raises(CampaignError):
        actions.form_set(actor=vw.organiser, session=session, kind="recommendation", title="t",
                         content={"posts": [{"post": vw.world.posts["P01"].pk}]})


# --- reads ----------------------------------------------------------------------------------------

def test_turnout_counts_ballots_per_group(vw: VotingWorld) -> None:
    session, codes = ready_session(vw, codes=4)
    for i, code in enumerate(codes["others"][:3] + codes["leaders"][:1]):
        actions.ballot_cast(code=code, marks={}, submission=f"token-{i:020d}")
    rows = actions.turnout(session)
    assert [(r.code, r.name, r.weight, r.entitled, r.issued, r.returned) for r in rows] == [
        ("leaders", "院领导", 30, 5, 4, 1), ("middle_managers", "中层干部", 30, 10, 4, 0),
        ("others", "其他人员", 40, 20, 4, 3)]


def test_the_roll_shows_who_voted_never_what(vw: VotingWorld) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x", mode="roll")
    actions.groups_set(actor=vw.organiser, session=session, groups=[
        {"code": g.code, "name": g.name, "weight": g.weight, "entitled": 5} for g in session.groups.all()])
    people = vw.world.people
    pairs = actions.roll_issue(actor=vw.organiser, session=session, group=session.groups.get(code="others"),
                               persons=[people[2], people[0], people[1]])
    actions.session_open(actor=vw.organiser, session=session)
    code_of = {p.pk: c for p, c in pairs}
    actions.ballot_cast(code=code_of[people[1].pk], marks={}, submission="x" * 20)
    status = actions.roll_status(session)
    assert [(p.name, voted) for p, voted in status] == [("人员1", False), ("人员2", True), ("人员3", False)]
    assert VoterCode.objects.filter(session=session, used=True).count() == 1
    assert VoterGroup.objects.get(session=session, code="others").issued == 3
    assert not Event.objects.filter(action__startswith="voting.ballot").exists()
