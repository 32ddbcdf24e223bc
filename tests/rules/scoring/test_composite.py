"""The composite score: named examples, failures, refusals."""

from __future__ import annotations

import gc
from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.scoring import (
    CandidateScores,
    Component,
    Plan,
    composite,
    composites,
    display,
    formula,
    validate_components,
)

EXAM_150 = [Component("exam", "笔试", Fraction(40), Fraction(150), min_score=Fraction(90)),
            Component("interview", "面试", Fraction(60))]


def scores(exam: object = None, interview: object = None, candidate: str = "a") -> CandidateScores:
    return CandidateScores(candidate, "p1", {"exam": exam, "interview": interview})  # type: ignore[dict-item]


def test_exam_40_interview_60_with_exam_out_of_150() -> None:
    result = composite(scores(Fraction(120), Fraction(8467, 100)), EXAM_150)
    # 120/150×100 = 80, ×40% = 32; 84.67 × 60% = 50.802
    assert [p.scaled for p in result.parts] == [80, Fraction(8467, 100)]
    assert [p.contribution for p in result.parts] == [32, Fraction(50802, 1000)]
    assert result.value == Fraction(82802, 1000)
    assert result.eligible
    lines = [str(m) for m in result.explain()]
    assert lines == [
        "综合成绩 = 笔试成绩×40% + 面试成绩×60%（笔试满分150分，折算为百分制：笔试成绩÷150×100）",
        "笔试：120分（满分150分），折算为百分制80分，×40% = 32分",
        "面试：84.67分，×60% = 50.802分",
        "综合成绩 = 32 + 50.802 = 82.802分，显示为82.80分（四舍五入保留2位小数；排名按精确值比较）",
    ]
    assert result.explain()[0].text("en") == "composite = exam × 40% + interview × 60% (exam is out of 150, scaled " \
                                             "to 100)"


def test_a_composite_shown_exactly_has_no_rounding_note() -> None:
    result = composite(scores(Fraction(105), Fraction(80)), EXAM_150)
    assert result.value == 76
    assert str(result.explain()[-1]) == "综合成绩 = 28 + 48 = 76.00分"


def test_formula_of_equal_components() -> None:
    components = [Component("exam", "笔试", Fraction(30)), Component("interview", "面试", Fraction(30)),
                  Component("recommendation", "民主推荐", Fraction(40))]
    assert str(formula(components)) == "综合成绩 = 笔试成绩×30% + 面试成绩×30% + 民主推荐成绩×40%"


def test_below_the_minimum_score_is_a_failure_not_an_error() -> None:
    result = composite(scores(Fraction(87), Fraction(95)), EXAM_150)
    assert not result.eligible
    assert [str(m) for m in result.failures] == ["笔试成绩87分，低于最低分数线90分"]
    assert result.value == Fraction(87 * 40, 150) + 57
    assert str(result.explain()[-1]) == "笔试成绩87分，低于最低分数线90分"


def test_just_below_the_minimum_is_shown_so() -> None:
    result = composite(scores(Fraction(89999, 1000), Fraction(95)), EXAM_150)
    assert [str(m) for m in result.failures] == ["笔试成绩89.999分，低于最低分数线90分"]
    assert composite(scores(Fraction(90), Fraction(95)), EXAM_150).eligible


def test_absent_counts_zero_and_fails() -> None:
    result = composite(scores(None, Fraction(90)), EXAM_150)
    assert result.value == 54
    assert [str(m) for m in result.failures] == ["笔试缺考"]
    assert str(result.explain()[1]) == "笔试：缺考（无成绩），按0分计，×40% = 0分"
    missing = composite(CandidateScores("a", "p1", {"exam": Fraction(100)}), EXAM_150)
    assert [str(m) for m in missing.failures] == ["面试缺考"]


def test_absent_from_an_unweighted_stage_without_minimum_is_no_failure() -> None:
    components = [Component("exam", "笔试", Fraction(100)), Component("inspection", "考察", Fraction(0))]
    result = composite(CandidateScores("a", "p1", {"exam": Fraction(80), "inspection": None}), components)
    assert result.eligible
    assert result.value == 80


@pytest.mark.parametrize(("components", "text"), [
    ([Component("exam", "笔试", Fraction(40)), Component("interview", "面试", Fraction(50))],
     "各项权重之和应为100%，实为90%"),
    ([Component("exam", "笔试", Fraction(110)), Component("interview", "面试", Fraction(-10))],
     "面试的权重不能为负数"),
    ([Component("exam", "笔试", Fraction(50)), Component("exam", "笔试", Fraction(50))], "综合成绩中“笔试”重复"),
    ([Component("exam", "笔试", Fraction(100), Fraction(0))], "笔试的满分应大于0，实为0"),
    ([Component("exam", "笔试", Fraction(100), min_score=Fraction(101))], "笔试的最低分数线101应在0至满分100之间"),
    ([Component("exam", "笔试", Fraction(100), min_score=Fraction(-1))], "最低分数线-1应在0至满分100之间"),
    ([Component("exam", "笔试", 100.0)], "不接受浮点数"),  # type: ignore[arg-type]
    ([], "没有任何组成部分"),
])
def test_invalid_formulas(components: list[Component], text: str) -> None:
    with pytest.raises(RuleError, match=text):
        validate_components(components)
    with pytest.raises(RuleError, match=text):
        composite(scores(), components)


def test_weights_in_thirds_sum_exactly() -> None:
    components = [Component("a", "甲", Fraction(100, 3)), Component("b", "乙", Fraction(100, 3)),
                  Component("c", "丙", Fraction(100, 3))]
    validate_components(components)
    result = composite(CandidateScores("x", "p", {"a": Fraction(80), "b": Fraction(90), "c": Fraction(71)}),
                       components)
    assert result.value == 80 + Fraction(1, 3)
    assert "甲成绩×33.3333%" in str(formula(components))


@pytest.mark.parametrize(("exam", "text"), [
    (Fraction(151), "人选a的笔试成绩151分超过满分150分"),
    (Fraction(-1), "人选a的笔试成绩-1分低于0分"),
    (88.5, "不接受浮点数"),
])
def test_scores_out_of_range_are_refused(exam: object, text: str) -> None:
    with pytest.raises(RuleError, match=text):
        composite(scores(exam, Fraction(80)), EXAM_150)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(RuleError, match="未计入综合成绩的项目“essay”"):
        composite(CandidateScores("a", "p1", {"exam": Fraction(1), "essay": Fraction(1)}), EXAM_150)


def test_exact_inputs_other_than_fractions_are_taken() -> None:
    result = composite(scores("120", 80), EXAM_150)
    assert result.value == 32 + 48
    assert result.parts[0].raw == 120 and type(result.parts[0].raw) is Fraction


def test_panel_means_in_sevenths_stay_exact() -> None:
    # A panel score of 611/7 is not a 2-place decimal: it takes the slow, still exact path.
    result = composite(scores(Fraction(120), Fraction(611, 7)), EXAM_150)
    assert result.value == Fraction(2953, 35)
    assert display(result.value, 2) == "84.37"
    assert str(result.explain()[-1]) == ("综合成绩 = 32 + 52.371429 = 2953/35（约84.371429）分，显示为84.37分"
                                         "（四舍五入保留2位小数；排名按精确值比较）")


def test_the_batch_equals_one_by_one_and_reuses_parts() -> None:
    many = [scores(Fraction(120), Fraction(80), "a"), scores(Fraction(120), Fraction(81), "b"),
            scores(None, Fraction(80), "c")]
    batch = composites(many, EXAM_150)
    assert batch == [composite(c, EXAM_150) for c in many]
    assert batch[0].parts[0] is batch[1].parts[0]
    plan = Plan(EXAM_150)
    assert plan.apply(many[2]) == batch[2]


def test_the_batch_leaves_the_garbage_collector_as_it_found_it() -> None:
    bad = [scores(Fraction(120), Fraction(80), "a"), scores(Fraction(151), Fraction(80), "b")]
    assert gc.isenabled()
    with pytest.raises(RuleError, match="人选b的笔试成绩151分超过满分150分"):
        composites(bad, EXAM_150)
    assert gc.isenabled()
    gc.disable()
    try:
        composites(bad[:1], EXAM_150)
        assert not gc.isenabled()
    finally:
        gc.enable()
