"""Graded evaluation and the flags of seed 003.

Seed 003: "民主测评群众满意率低于75%的一般不评定为优秀；群众不满意率超过20%的要进行诫勉谈话，其中对群众
不满意率超过50%的坚决进行调整". 低于 (below) and 超过 (more than) are strict: exactly 75% satisfaction may
still be rated 优秀, exactly 20% (50%) dissatisfaction does not call for an admonition talk (adjustment).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.tally import (
    EmptyGroupRule,
    EvaluationConfig,
    Grade,
    Option,
    PersonResult,
    Pooling,
    RateBase,
    Turnout,
    count_ballots,
    evaluation_sheet,
    tally_evaluation,
)
from xuanren.rules.tally.ballots import Ballot

from .scenario import turnout

PERSON = Option("x", "某同志")


def evaluate(grades: dict[str, list[str]], config: EvaluationConfig | None = None,
             sizes: dict[str, int] | None = None, entitled: dict[str, int] | None = None) -> PersonResult:
    """``grades[group]`` lists each ballot's grade for the one person ("" for a blank, "a+b" for two)."""
    config = config or EvaluationConfig()
    sheet = evaluation_sheet([PERSON], config.offer_unknown)
    ballots = [sheet.ballot(group, {"x": [g for g in grade.split("+") if g]})
               for group, gs in grades.items() for grade in gs]
    sizes = sizes or {g: len(gs) for g, gs in grades.items()}
    result = tally_evaluation(config, [PERSON], count_ballots(sheet, ballots), turnout(sizes, entitled))
    return result.persons[0]


def spread(excellent: int = 0, competent: int = 0, basic: int = 0, incompetent: int = 0, unknown: int = 0,
           blank: int = 0) -> list[str]:
    return (["excellent"] * excellent + ["competent"] * competent + ["basic"] * basic
            + ["incompetent"] * incompetent + ["unknown"] * unknown + [""] * blank)


def test_rates_per_grade_over_ballots_returned() -> None:
    r = evaluate({"others": spread(excellent=5, competent=3, basic=1, incompetent=1)})
    assert [(g.grade, g.marks, g.rate) for g in r.grades] == [
        (Grade.EXCELLENT, 5, Fraction(1, 2)), (Grade.COMPETENT, 3, Fraction(3, 10)),
        (Grade.BASIC, 1, Fraction(1, 10)), (Grade.INCOMPETENT, 1, Fraction(1, 10)), (Grade.UNKNOWN, 0, Fraction(0))]
    assert r.satisfaction == Fraction(4, 5) and r.dissatisfaction == Fraction(1, 10)


def test_seed003_satisfaction_of_exactly_75_percent_may_still_be_rated_excellent() -> None:
    r = evaluate({"others": spread(excellent=10, competent=5, basic=5)})
    assert r.satisfaction == Fraction(3, 4)
    assert r.may_be_excellent
    assert "满意率75%不低于75%：可评定为优秀" in [str(m) for m in r.explain()]


def test_seed003_satisfaction_just_below_75_percent_is_not_rated_excellent() -> None:
    r = evaluate({"others": spread(excellent=74, competent=0, basic=26)})
    assert r.satisfaction == Fraction(74, 100) and not r.may_be_excellent
    assert "满意率74%低于75%：一般不评定为优秀" in [str(m) for m in r.explain()]


def test_seed003_dissatisfaction_of_exactly_20_percent_calls_for_no_admonition_talk() -> None:
    r = evaluate({"others": spread(competent=8, incompetent=2)})
    assert r.dissatisfaction == Fraction(1, 5)
    assert not r.admonition and not r.adjustment
    assert "不满意率20%未超过20%：无需诫勉谈话或调整" in [str(m) for m in r.explain()]


def test_seed003_dissatisfaction_just_above_20_percent_calls_for_an_admonition_talk() -> None:
    r = evaluate({"others": spread(competent=79, incompetent=21)})
    assert r.admonition and not r.adjustment
    assert "不满意率21%超过20%：应进行诫勉谈话" in [str(m) for m in r.explain()]


def test_seed003_dissatisfaction_of_exactly_50_percent_calls_for_admonition_not_adjustment() -> None:
    r = evaluate({"others": spread(competent=5, incompetent=5)})
    assert r.dissatisfaction == Fraction(1, 2)
    assert r.admonition and not r.adjustment


def test_seed003_dissatisfaction_above_50_percent_calls_for_adjustment() -> None:
    r = evaluate({"others": spread(competent=49, incompetent=51)})
    assert r.admonition and r.adjustment and not r.may_be_excellent
    lines = [str(m) for m in r.explain()]
    assert "不满意率51%超过50%：应坚决进行调整" in lines


def test_basically_competent_is_neither_satisfied_nor_dissatisfied_by_default() -> None:
    r = evaluate({"others": spread(basic=10)})
    assert r.satisfaction == 0 and r.dissatisfaction == 0 and not r.admonition


def test_the_categories_and_limits_are_configurable() -> None:
    config = EvaluationConfig(dissatisfied=(Grade.BASIC, Grade.INCOMPETENT), admonition_above=Fraction(1, 3),
                              excellent_min_satisfaction=Fraction(9, 10))
    r = evaluate({"others": spread(excellent=6, basic=2, incompetent=2)}, config)
    assert r.dissatisfaction == Fraction(2, 5) and r.admonition
    assert r.satisfaction == Fraction(3, 5) and not r.may_be_excellent


def test_blank_and_unknown_ballots_are_in_the_returned_base_and_double_grades_are_invalid() -> None:
    r = evaluate({"others": [*spread(excellent=6, unknown=2, blank=1), "excellent+competent"]})
    assert (r.valid, r.blank, r.overvoted, r.base) == (9, 1, 1, 10)
    assert r.grades[0].rate == Fraction(6, 10)
    assert r.grades[4].grade is Grade.UNKNOWN and r.grades[4].marks == 2


def test_the_valid_base_leaves_out_invalid_ballots() -> None:
    config = EvaluationConfig(rate_base=RateBase.VALID)
    r = evaluate({"others": [*spread(excellent=6, competent=2), "excellent+competent", "basic+incompetent"]}, config)
    assert r.base == 8 and r.satisfaction == 1


def test_the_entitled_base() -> None:
    r = evaluate({"others": spread(excellent=15)}, EvaluationConfig(rate_base=RateBase.ENTITLED),
                 entitled={"others": 20})
    assert r.base == 20 and r.satisfaction == Fraction(3, 4) and r.may_be_excellent


def test_unknown_may_be_left_off_the_ballot() -> None:
    config = EvaluationConfig(offer_unknown=False)
    assert [g.grade for g in evaluate({"others": spread(excellent=1)}, config).grades] == [
        Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.INCOMPETENT]
    sheet = evaluation_sheet([PERSON], offer_unknown=False)
    with pytest.raises(RuleError, match="没有候选项"):
        count_ballots(sheet, [sheet.ballot("others", {"x": ["unknown"]})])


def test_pooled_rates_count_every_ballot_alike() -> None:
    r = evaluate({"leaders": spread(incompetent=10), "others": spread(excellent=90)})
    assert r.dissatisfaction == Fraction(10, 100)


def test_weighted_rates_use_the_group_weights() -> None:
    config = EvaluationConfig(pooling=Pooling.WEIGHTED)
    r = evaluate({"leaders": spread(incompetent=10), "middle_managers": spread(excellent=10),
                  "others": spread(excellent=90)}, config)
    assert r.dissatisfaction == Fraction(30, 100) and r.admonition
    assert r.satisfaction == Fraction(70, 100)
    assert any("院领导组（实到10，权重30）：优秀0，称职0，基本称职0，不称职10" in str(m) for m in r.explain())


def test_weighted_rates_share_an_empty_groups_weight() -> None:
    config = EvaluationConfig(pooling=Pooling.WEIGHTED)
    r = evaluate({"leaders": spread(incompetent=10), "others": spread(excellent=10)}, config,
                 sizes={"leaders": 10, "middle_managers": 0, "others": 10})
    assert r.dissatisfaction == Fraction(3, 7)


def test_an_empty_group_under_the_invalid_rule_invalidates_the_evaluation() -> None:
    config = EvaluationConfig(empty_group=EmptyGroupRule.INVALID)
    sheet = evaluation_sheet([PERSON])
    ballots = [sheet.ballot("others", {"x": ["excellent"]})] * 3
    result = tally_evaluation(config, [PERSON], count_ballots(sheet, ballots),
                              turnout({"leaders": 0, "middle_managers": 0, "others": 3}))
    assert not result.valid
    assert "测评结果无效，不据此评定" in [str(m) for m in result.explain()]


def test_nothing_to_rate_against_raises_no_flag_and_says_so() -> None:
    config = EvaluationConfig(rate_base=RateBase.VALID)
    r = evaluate({"others": ["excellent+incompetent"] * 4}, config)
    assert not r.assessed and not r.may_be_excellent and not r.admonition
    assert "无可计算的基数，不作等次判断" in [str(m) for m in r.explain()]


def test_an_invalid_meeting_makes_the_evaluation_invalid() -> None:
    sheet = evaluation_sheet([PERSON])
    ballots = [Ballot("others", (("excellent",),))] * 5
    result = tally_evaluation(EvaluationConfig(), [PERSON], count_ballots(sheet, ballots),
                              [Turnout("leaders", 0, 0, 0), Turnout("middle_managers", 0, 0, 0),
                               Turnout("others", 10, 5, 5)])
    assert not result.valid
    assert str(result.explain()[0]).startswith("会议无效")


@pytest.mark.parametrize("kwargs", [
    {"excellent_min_satisfaction": Fraction(75)},          # a percentage, not a share
    {"admonition_above": Fraction(-1, 10)},
    {"adjustment_above": 0.5},
    {"satisfied": (Grade.EXCELLENT,), "dissatisfied": (Grade.EXCELLENT,)},
    {"dissatisfied": (Grade.UNKNOWN,)},
    {"satisfied": ()},
])
def test_a_malformed_evaluation_config_is_an_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(RuleError):
        EvaluationConfig(**kwargs)  # type: ignore[arg-type]


def test_english_explanation() -> None:
    r = evaluate({"others": spread(competent=5, incompetent=5)})
    lines = [m.text("en") for m in r.explain()]
    assert lines[0] == ("某同志: satisfaction (excellent + competent) 50%, dissatisfaction (incompetent) 50%, "
                        "over a returned base of 10")
    assert "dissatisfaction 50% is above 20%: an admonition talk (诫勉谈话) is due" in lines
