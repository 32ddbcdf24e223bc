"""The composite, ranking and shortlist from the stages' scores: preview, what blocks the sealing, the
standings stored and published at sealing, ties at the cut, pass lines, recomputation after a correction."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from tests.scoring.exam_world import LATER, ExamWorld, build_exam_world, last_event, nothing_changes
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage
from xuanren.scoring import actions, selectors, sources
from xuanren.scoring.models import Standing


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    world = build_exam_world(personas, monkeypatch)
    actions.exam_settings_set(actor=world.organiser, stage=world.exam, full_marks=100, min_score=60)
    return world


EXAM = {(1, "P01"): 90, (2, "P01"): 80, (3, "P01"): "缺考", (4, "P01"): 70, (5, "P01"): 55,
        (4, "P02"): 80, (5, "P02"): 65, (6, "P02"): 95}
INTERVIEW = {(1, "P01"): 80, (2, "P01"): "263/3", (3, "P01"): 70, (4, "P01"): 85, (5, "P01"): 95,
             (4, "P02"): 80, (5, "P02"): 60, (6, "P02"): 70}


def table(posts: list[dict[str, Any]], code: str) -> list[tuple[str, int, bool, bool, str]]:
    post = next(p for p in posts if p["code"] == code)
    return [(r["name"], r["rank"], r["tied"], r["shortlisted"], r["composite"]) for r in post["rows"]]


def test_preview_before_sealing_ranks_exactly(ew: ExamWorld) -> None:
    stage = ew.to_shortlist(EXAM, INTERVIEW)
    preview = selectors.shortlist_preview(stage)
    assert preview.problems == []
    assert str(preview.formula) == "综合成绩 = 笔试成绩×40% + 面试成绩×60%"
    assert table(preview.posts, "P01") == [
        ("人员2", 1, False, True, "84.60"), ("人员1", 2, False, True, "84.00"), ("人员4", 3, True, True, "79.00"),
        ("人员5", 3, True, False, "79.00"), ("人员3", 5, False, False, "42.00")]
    rows = {r["name"]: r for r in preview.posts[0]["rows"]}
    assert rows["人员2"]["composite_exact"] == "423/5"
    assert rows["人员5"]["reason"] == "并列第3名，不能确定为考察对象：笔试成绩55分，低于最低分数线60分"
    assert rows["人员3"]["reason"].endswith("笔试缺考")
    assert rows["人员4"]["reason"] == "并列第3名，在职数1×3=3名之内"
    interview = next(p for p in rows["人员2"]["parts"] if p["kind"] == "interview")
    assert interview["raw"] == "87.67" and interview["raw_exact"] == "263/3"
    assert interview["explanation"][0]["zh"] == "面试得分263/3"  # the source's own lines first
    assert [m["zh"] for m in rows["人员2"]["explanation"]] == [
        "综合成绩 = 笔试成绩×40% + 面试成绩×60%", "笔试：80分，×40% = 32分", "面试：87.666667分，×60% = 52.6分",
        "综合成绩 = 32 + 52.6 = 84.60分"]


def test_weights_not_summing_to_100_block_the_sealing_with_the_sum(ew: ExamWorld) -> None:
    stage = ew.to_shortlist(EXAM, INTERVIEW)
    Stage.objects.filter(pk=ew.stage("interview").pk).update(weight=50)
    problems = selectors.shortlist_preview(stage).problems
    assert any("各计分环节权重合计应为100，现为90（笔试40、竞聘演讲/面试50）" in p for p in problems)
    with nothing_changes(), pytest.raises(CampaignError, match="权重合计应为100，现为90"):
        ew.seal("shortlist")


def test_missing_scores_and_unsealed_stages_block(ew: ExamWorld) -> None:
    ew.enter_all(EXAM)
    ew.seal("exam")
    ew.open("interview")
    ew.interview({k: v for k, v in INTERVIEW.items() if k != (6, "P02")})
    comp = selectors.shortlist_preview(ew.stage("shortlist"))
    assert "“竞聘演讲/面试”环节尚未封存（进行中），其成绩还可能变动" in comp.problems
    assert "“竞聘演讲/面试”环节尚有1名人选没有成绩：人员6（P02）" in comp.problems
    assert table(comp.posts, "P02")[-1][0] == "人员6"  # the preview still ranks, the missing score as none


def test_a_weighted_stage_without_a_score_source_blocks(ew: ExamWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    stage = ew.to_shortlist(EXAM, INTERVIEW)
    monkeypatch.delitem(sources._SOURCES, "interview")
    problems = selectors.shortlist_preview(stage).problems
    assert any("“竞聘演讲/面试”环节的成绩尚无法读取" in p for p in problems)
    with nothing_changes(), pytest.raises(CampaignError, match="尚无法读取"):
        ew.seal("shortlist")


def test_sealing_stores_and_publishes_the_standings(ew: ExamWorld) -> None:
    ew.to_shortlist(EXAM, INTERVIEW)
    publication = ew.seal("shortlist")
    standings = {s.application.person.name + s.application.post.code: s
                 for s in Standing.objects.select_related("application__person", "application__post")}
    assert len(standings) == 8
    two = standings["人员2P01"]
    assert (two.composite, two.display, two.rank, two.shortlisted) == ("423/5", "84.60", 1, True)
    assert two.explanation[-1]["zh"] == "第1名，在职数1×3=3名之内"
    assert standings["人员5P01"].shortlisted is False and "低于最低分数线60分" in standings["人员5P01"].reason
    content = publication.content
    assert content["kind"] == "shortlist" and content["formula"] == "综合成绩 = 笔试成绩×40% + 面试成绩×60%"
    p01 = next(p for p in content["posts"] if p["code"] == "P01")
    assert (p01["quota"], p01["shortlisted"], p01["ties"]) == (3, 3, ["并列第3名：人员4、人员5"])
    assert p01["rows"][0]["parts"][0] == {"kind": "exam", "label": "笔试", "weight": "40", "full_marks": "100",
                                          "raw": "80", "scaled": "80.00", "absent": False}
    assert "application" not in str(content) and "110" not in str(content)
    results = selectors.campaign_results(ew.campaign)
    assert results.source == "standings" and results.stale == []
    assert table(results.posts, "P01")[0] == ("人员2", 1, False, True, "84.60")


def test_ties_at_the_cut_go_through_unless_a_tie_break_decides(ew: ExamWorld) -> None:
    actions.shortlist_settings_set(actor=ew.organiser, stage=ew.stage("shortlist"), ratio=1, decimals=2)
    stage = ew.to_shortlist(EXAM, INTERVIEW)
    assert table(selectors.shortlist_preview(stage).posts, "P02") == [
        ("人员4", 1, True, True, "80.00"), ("人员6", 1, True, True, "80.00"), ("人员5", 3, False, False, "62.00")]
    actions.shortlist_settings_set(actor=ew.organiser, stage=stage, ratio=1, tie_breaks=["interview"], decimals=1)
    posts = selectors.shortlist_preview(stage).posts
    assert table(posts, "P02") == [
        ("人员4", 1, False, True, "80.0"), ("人员6", 2, False, False, "80.0"), ("人员5", 3, False, False, "62.0")]
    six = next(r for r in posts[1]["rows"] if r["name"] == "人员6")
    assert "面试成绩较低，排在其后" in six["reason"]
    assert last_event().action == "scoring.shortlist.settings"


def test_settings_refused(ew: ExamWorld) -> None:
    stage = ew.stage("shortlist")
    with nothing_changes(), pytest.raises(CampaignError, match="不是本批次计入综合成绩的环节"):
        actions.shortlist_settings_set(actor=ew.organiser, stage=stage, tie_breaks=["recommendation"])
    with nothing_changes(), pytest.raises(CampaignError, match="不小于1的整数"):
        actions.shortlist_settings_set(actor=ew.organiser, stage=stage, ratio=0)
    with nothing_changes(), pytest.raises(CampaignError, match="应为整数"):
        actions.shortlist_settings_set(actor=ew.organiser, stage=stage, ratio="三")


def test_recompute_after_an_exam_correction(ew: ExamWorld) -> None:
    ew.to_shortlist(EXAM, INTERVIEW)
    ew.seal("shortlist")
    stage = ew.stage("shortlist")
    with nothing_changes(), pytest.raises(CampaignError, match="无需更正"):
        actions.shortlist_recompute(actor=ew.organiser, stage=stage, reason="复核")
    actions.exam_score_correct(actor=ew.organiser, stage=ew.exam, application=ew.app(5, "P01"), score=65,
                               reason="阅卷复核", now=LATER)
    results = selectors.campaign_results(ew.campaign)
    assert results.stale == ["人员5（P01）"]
    publication = actions.shortlist_recompute(actor=ew.organiser, stage=stage, reason="笔试成绩复核更正")
    assert publication.version == 2
    five = Standing.objects.get(application=ew.app(5, "P01"))
    assert (five.display, five.rank, five.shortlisted) == ("83.00", 3, True)
    assert Standing.objects.get(application=ew.app(4, "P01")).shortlisted is False  # now beyond 1×3
    assert last_event().action == "stages.correct"
    assert selectors.campaign_results(ew.campaign).stale == []


def test_only_the_whole_can_be_recomputed(ew: ExamWorld) -> None:
    from xuanren.campaigns.actions import stage_correct

    ew.to_shortlist(EXAM, INTERVIEW)
    ew.seal("shortlist")
    with nothing_changes(), pytest.raises(CampaignError, match="只能整体重新计算"):
        stage_correct(actor=ew.organiser, stage=ew.stage("shortlist"), changes={"1": "eligible"}, reason="x")


def test_a_campaign_without_weights_cannot_compute(ew: ExamWorld) -> None:
    Stage.objects.filter(campaign=ew.campaign).update(weight=None)
    comp = selectors.shortlist_preview(ew.stage("shortlist"))
    assert comp.posts == [] and comp.formula is None
    assert comp.problems[0].startswith("本批次没有设定权重的计分环节")


def test_a_composite_is_exact_not_binary(ew: ExamWorld) -> None:
    stage = ew.to_shortlist(EXAM, {**INTERVIEW, (1, "P01"): "84.67"})
    rows = {r["name"]: r for r in selectors.shortlist_preview(stage).posts[0]["rows"]}
    assert Fraction(rows["人员1"]["composite_exact"]) == Fraction(90) * 40 / 100 + Fraction("84.67") * 60 / 100
