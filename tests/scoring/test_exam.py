"""The written exam's actions: settings, entering scores, sealing (blockers, what is published), corrections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.scoring.exam_world import LATER, ExamWorld, build_exam_world, last_event, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Publication
from xuanren.scoring import actions
from xuanren.scoring.models import ExamScore
from xuanren.scoring.sources import scores_of


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    return build_exam_world(personas, monkeypatch)


ALL = {(1, "P01"): "85.5", (2, "P01"): 72, (3, "P01"): "缺考", (4, "P01"): 0, (5, "P01"): 59.5,
       (4, "P02"): 90, (5, "P02"): 66, (6, "P02"): "100"}


def test_enter_and_change_before_sealing_each_recorded(ew: ExamWorld) -> None:
    row = ew.enter(1, "P01", "85.5", number="A001")
    assert (row.score, row.absent, row.exam_number) == (Decimal("85.50"), False, "A001")
    event = last_event()
    assert event.action == "scoring.exam.enter" and event.details["score"] == "85.5"
    again = ew.enter(1, "P01", 88)
    assert again.pk == row.pk and again.score == Decimal("88.00") and again.exam_number == "A001"
    assert last_event().action == "scoring.exam.enter"
    assert ExamScore.objects.count() == 1


def test_absent_is_not_zero(ew: ExamWorld) -> None:
    absent = ew.enter(3, "P01", absent=True)
    zero = ew.enter(4, "P01", 0)
    assert (absent.absent, absent.score) == (True, None)
    assert (zero.absent, zero.score) == (False, Decimal("0.00"))
    typed = ew.enter(2, "P01", "缺考")
    assert typed.absent and typed.score is None
    scores = scores_of(ew.exam)
    assert scores[absent.application_id].score is None and scores[absent.application_id].absent
    assert scores[zero.application_id].score == 0 and not scores[zero.application_id].absent


@pytest.mark.parametrize(("score", "absent", "words"), [
    ("101", False, "超过满分100"),
    (-1, False, "不能为负数"),
    ("八十", False, "不是数字"),
    ("85.555", False, "两位小数"),
    (None, False, "请填写成绩"),
    ("85", True, "不能同时有成绩"),
    (float("nan"), False, "不是数字"),
])
def test_bad_scores_refused_and_nothing_changes(ew: ExamWorld, score: Any, absent: bool, words: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError) as err:
        ew.enter(1, "P01", score, absent=absent)
    assert words in str(err.value)


def test_someone_not_a_candidate_refused(ew: ExamWorld) -> None:
    outsider = Application.objects.create(campaign=ew.campaign, post=ew.posts["P01"], person=ew.people[6],
                                          submitted_at=LATER)
    with nothing_changes(), pytest.raises(CampaignError, match="不是本次考试的考生"):
        actions.exam_score_enter(actor=ew.organiser, stage=ew.exam, application=outsider, score=80)


def test_exam_number_of_another_candidate_refused(ew: ExamWorld) -> None:
    ew.enter(1, "P01", 80, number="A001")
    with nothing_changes(), pytest.raises(CampaignError, match="准考证号A001已属于人员1"):
        ew.enter(2, "P01", 70, number="A001")


def test_only_the_organiser_enters(ew: ExamWorld) -> None:
    for role in ("supervisor", "reviewer", "judge", "applicant"):
        with nothing_changes(), pytest.raises(PermissionDenied):
            actions.exam_score_enter(actor=ew.users[role], stage=ew.exam, application=ew.app(1, "P01"), score=80)


def test_not_before_the_stage_opens_nor_on_another_stage(ew: ExamWorld) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="不是笔试环节"):
        actions.exam_score_enter(actor=ew.organiser, stage=ew.stage("interview"), application=ew.app(1, "P01"),
                                 score=80)


def test_settings_full_marks_and_pass_line(ew: ExamWorld) -> None:
    stage = actions.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks="150", min_score=90)
    assert stage.settings["full_marks"] == "150" and stage.settings["min_score"] == "90"
    assert last_event().action == "scoring.exam.settings"
    ew.enter(1, "P01", 149)  # allowed now
    with nothing_changes(), pytest.raises(CampaignError, match="合格线200应在0至满分150之间"):
        actions.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks=150, min_score=200)
    with nothing_changes(), pytest.raises(CampaignError, match="高于新的满分100"):
        actions.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks=100)
    with nothing_changes(), pytest.raises(CampaignError, match="满分应为大于0"):
        actions.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks=0)


def test_sealing_with_missing_scores_refused_naming_them(ew: ExamWorld) -> None:
    ew.enter(1, "P01", 80)
    with nothing_changes(), pytest.raises(CampaignError) as err:
        ew.seal("exam")
    text = str(err.value)
    assert "尚有7名考生未录入笔试成绩" in text and "人员2（P01）" in text and "人员6（P02）" in text


def test_sealed_results_per_post_with_absent_and_below_line(ew: ExamWorld) -> None:
    actions.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks=100, min_score=60)
    ew.enter_all(ALL)
    ew.enter(1, "P01", "85.5", number="A001")
    publication = ew.seal("exam")
    content = publication.content
    assert content["kind"] == "exam" and content["full_marks"] == "100" and content["min_score"] == "60"
    p01 = next(p for p in content["posts"] if p["code"] == "P01")
    assert [(x["name"], x["score"], x["below_line"]) for x in p01["people"]] == [
        ("人员1", "85.5", False), ("人员2", "72", False), ("人员5", "59.5", True), ("人员4", "0", True),
        ("人员3", "缺考", False)]
    assert p01["people"][0]["exam_number"] == "A001"
    assert "110" not in str(content)  # no ID number is published
    with nothing_changes(), pytest.raises(CampaignError, match=r"已封存.*更正程序"):
        ew.enter(2, "P01", 75)


def test_correction_after_sealing_with_a_reason(ew: ExamWorld) -> None:
    ew.enter_all(ALL)
    ew.seal("exam")
    with nothing_changes(), pytest.raises(CampaignError, match="须写明理由"):
        actions.exam_score_correct(actor=ew.organiser, stage=ew.exam, application=ew.app(2, "P01"), score=75,
                                   reason=" ")
    with nothing_changes(), pytest.raises(CampaignError, match="已是72，无需更正"):
        actions.exam_score_correct(actor=ew.organiser, stage=ew.exam, application=ew.app(2, "P01"), score=72,
                                   reason="复核")
    with nothing_changes(), pytest.raises(CampaignError, match="超过满分"):
        actions.exam_score_correct(actor=ew.organiser, stage=ew.exam, application=ew.app(2, "P01"), score=120,
                                   reason="复核")
    publication = actions.exam_score_correct(actor=ew.organiser, stage=ew.exam, application=ew.app(2, "P01"),
                                             score="75.5", reason="试卷复核发现漏计一题", now=LATER + dt.timedelta(1))
    assert publication.version == 2 and publication.reason == "试卷复核发现漏计一题"
    assert ExamScore.objects.get(application=ew.app(2, "P01")).score == Decimal("75.50")
    assert Publication.objects.get(stage=ew.exam, version=1).content != publication.content
    event = last_event()
    assert event.action == "stages.correct"
    assert event.details["changes"] == [{"application": ew.app(2, "P01").pk, "post": "P01", "score": "75.5",
                                         "absent": False}]


def test_exam_source_explains_each_score(ew: ExamWorld) -> None:
    actions.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks=150, min_score=90)
    ew.enter(1, "P01", 120, number="A001")
    ew.enter(2, "P01", 80)
    scores = scores_of(ew.exam)
    one = scores[ew.app(1, "P01").pk]
    assert one.full_marks == 150 and one.score == 120
    assert [str(m) for m in one.explanation] == ["笔试成绩120分（满分150分），准考证号A001"]
    assert [str(m) for m in scores[ew.app(2, "P01").pk].explanation][-1] == "低于合格线90分"


def test_eligibility_correction_reaches_the_exam(ew: ExamWorld) -> None:
    """A candidate found ineligible after all is no longer a candidate of the exam."""
    ew.enter_all(ALL)
    campaign_actions.stage_correct(actor=ew.organiser, stage=ew.stage("eligibility"),
                                   changes={ew.app(6, "P02").pk: "ineligible"}, reason="复核发现不符合条件", now=LATER)
    assert ew.app(6, "P02").pk not in scores_of(ew.exam)
    content = ew.seal("exam").content
    assert "人员6" not in str(content)
