"""Multi-element recommendation (seed 002: x最优要素定向推荐)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.tally import (
    DEFAULT_ELEMENTS,
    Element,
    ElementConfig,
    count_ballots,
    element_sheet,
    tally_elements,
)

from .scenario import box, candidates, turnout

PEOPLE = candidates("A", "B", "C")


def test_the_default_elements_are_those_of_seed_002() -> None:
    assert [e.name for e in DEFAULT_ELEMENTS] == ["道德品行最好", "工作最敬业", "工作业绩最突出", "业务能力最强",
                                                  "综合素质最高", "最适合提拔使用"]


def test_candidates_are_ranked_per_element_and_combined() -> None:
    config = ElementConfig()
    sheet = element_sheet(config.elements, PEOPLE)
    # A is named best on the first three elements by everyone, B on the last three, C never.
    answers = {e.code: [(("a" if i < 3 else "b",), 10)] for i, e in enumerate(config.elements)}
    ballots = box(sheet, "others", 10, answers) + box(sheet, "leaders", 10, answers) + box(
        sheet, "middle_managers", 10, answers)
    result = tally_elements(config, PEOPLE, count_ballots(sheet, ballots),
                            turnout({"leaders": 10, "middle_managers": 10, "others": 10}))
    first = result.elements[0]
    assert [(s.candidate.code, s.score, s.rank) for s in first.ranking] == [
        ("a", Fraction(100), 1), ("b", Fraction(0), 2), ("c", Fraction(0), 2)]
    assert [(s.candidate.code, s.score, s.rank, s.mentions) for s in result.ranking] == [
        ("a", Fraction(50), 1, 90), ("b", Fraction(50), 1, 90), ("c", Fraction(0), 3, 0)]
    assert result.combined[0].element_scores == tuple(Fraction(s) for s in (100, 100, 100, 0, 0, 0))


def test_element_weights_change_the_combination() -> None:
    elements = (Element("ability", "业务能力最强", Fraction(1)), Element("promotion", "最适合提拔使用", Fraction(3)))
    config = ElementConfig(elements=elements)
    sheet = element_sheet(elements, PEOPLE)
    ballots = box(sheet, "others", 10, {"ability": [(("a",), 10)], "promotion": [(("b",), 6), (("a",), 4)]})
    result = tally_elements(config, PEOPLE, count_ballots(sheet, ballots), turnout({"others": 10}))
    a, b, _ = result.combined
    assert a.score == (100 + 3 * 40) / Fraction(4) and b.score == 3 * 60 / Fraction(4)
    assert (a.rank, b.rank) == (1, 2)
    lines = [str(m) for m in result.explain()]
    assert "综合得分为各要素得分按要素权重（业务能力最强1，最适合提拔使用3）的加权平均" in lines
    assert "第1名 候选人A：综合55分，被推荐14次" in lines


def test_naming_too_many_is_invalid_for_that_element_only() -> None:
    elements = (Element("ability", "业务能力最强"), Element("promotion", "最适合提拔使用", max_marks=2))
    config = ElementConfig(elements=elements)
    sheet = element_sheet(elements, PEOPLE)
    ballots = box(sheet, "others", 4, {"ability": [(("a", "b"), 4)], "promotion": [(("a", "b"), 4)]})
    result = tally_elements(config, PEOPLE, count_ballots(sheet, ballots), turnout({"others": 4}))
    ability, promotion = result.elements
    assert (ability.valid, ability.overvoted) == (0, 4)
    assert (promotion.valid, promotion.overvoted) == (4, 0)
    assert [s.marks for s in promotion.standings] == [4, 4, 0]
    assert "业务能力最强：有效0张（其中空白0张），推荐超过1人无效4张" in [str(m) for m in result.explain()]


def test_written_in_names_are_refused_on_an_element_ballot() -> None:
    sheet = element_sheet(DEFAULT_ELEMENTS, PEOPLE)
    with pytest.raises(RuleError, match="不接受另推"):
        count_ballots(sheet, [sheet.ballot("others", {}, {"ability": ["某人"]})])


def test_element_config_errors() -> None:
    with pytest.raises(RuleError):
        ElementConfig(elements=())
    with pytest.raises(RuleError):
        ElementConfig(elements=(Element("a", "x", Fraction(0)),))
    with pytest.raises(RuleError):
        Element("a", "x", Fraction(-1))
