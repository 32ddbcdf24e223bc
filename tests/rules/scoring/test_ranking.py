"""Ranking per post and the shortlist: ties at the cut, tie-breaks, minimum scores, refusals."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.scoring import (
    CandidateScores,
    Component,
    Composite,
    ShortlistRule,
    composites,
    display,
    rank_all,
    rank_post,
)
from xuanren.rules.scoring.ranking import Standing

COMPONENTS = [Component("exam", "笔试", Fraction(40), min_score=Fraction(60)),
              Component("interview", "面试", Fraction(30)),
              Component("recommendation", "民主推荐", Fraction(30))]


def make(rows: Mapping[str, tuple[int | str | None, ...]], post: str = "p1") -> list[Composite]:
    kinds = [c.kind for c in COMPONENTS]
    return composites([CandidateScores(cand, post, {k: None if v is None else Fraction(v)
                                                    for k, v in zip(kinds, values, strict=True)})
                       for cand, values in rows.items()], COMPONENTS)


def summary(standings: tuple[Standing, ...]) -> list[tuple[int, str, bool, bool]]:
    return [(s.rank, s.candidate, s.shortlisted, s.tied) for s in standings]


def test_a_tie_at_the_cut_with_one_slot_and_ratio_3_takes_four() -> None:
    ranking = rank_post("p1", 1, make({"a": (90, 90, 90), "b": (80, 80, 80), "c": (70, 70, 70),
                                       "d": (70, 70, 70), "e": (65, 65, 65)}), ShortlistRule())
    assert summary(ranking.standings) == [(1, "a", True, False), (2, "b", True, False), (3, "c", True, True),
                                          (3, "d", True, True), (5, "e", False, False)]
    assert ranking.shortlist == ("a", "b", "c", "d")
    assert ranking.quota == 3
    assert [str(s.reason) for s in ranking.standings] == [
        "第1名，在职数1×3=3名之内",
        "第2名，在职数1×3=3名之内",
        "并列第3名，在职数1×3=3名之内",
        "并列第3名，与职数1×3=3名中的末位并列，一并确定为考察对象",
        "第5名，超出职数1×3=3名",
    ]
    lines = [str(m) for m in ranking.explain()]
    assert lines[1] == "职数1名，按1:3确定考察对象3名，实际确定4名"
    assert lines[5] == "d（确定为考察对象）：综合成绩70.00分，并列第3名，与职数1×3=3名中的末位并列，一并确定为考察对象"
    assert lines[6] == "e（未确定为考察对象）：综合成绩65.00分，第5名，超出职数1×3=3名"


def test_a_tie_broken_by_the_recommendation() -> None:
    # c and d have the same composite (70.00); d's recommendation is higher, so d ranks 3rd and c 4th.
    rows = {"a": (90, 90, 90), "b": (80, 80, 80), "c": (70, 80, 60), "d": (70, 60, 80), "e": (65, 65, 65)}
    cs = make(rows)
    assert cs[2].value == cs[3].value == 70
    ranking = rank_post("p1", 1, cs, ShortlistRule(tie_breaks=("recommendation", "interview")))
    assert summary(ranking.standings) == [(1, "a", True, False), (2, "b", True, False), (3, "d", True, False),
                                          (4, "c", False, False), (5, "e", False, False)]
    third, fourth = (str(s.reason) for s in ranking.standings[2:4])
    assert third == "第3名，在职数1×3=3名之内；综合成绩与第4名相同，民主推荐成绩较高，排在其前"
    assert fourth == "第4名，超出职数1×3=3名；综合成绩与第3名相同，民主推荐成绩较低，排在其后"
    assert "综合成绩相同的，依次比较民主推荐成绩、面试成绩，较高者在前" in str(ranking.explain()[0])
    # Without the tie-break they are tied and both shortlisted.
    assert rank_post("p1", 1, cs, ShortlistRule()).shortlist == ("a", "b", "c", "d")


def test_a_second_tie_break_decides_when_the_first_is_equal() -> None:
    cs = make({"c": (70, 80, 60), "d": (85, 60, 60)})
    assert cs[0].value == cs[1].value
    ranking = rank_post("p1", 1, cs, ShortlistRule(ratio=1, tie_breaks=("recommendation", "interview")))
    assert summary(ranking.standings) == [(1, "c", True, False), (2, "d", False, False)]
    assert "面试成绩较高" in str(ranking.standings[0].reason)


def test_an_absent_tie_break_score_counts_below_every_score() -> None:
    cs = make({"a": (80, 70, None), "b": (80, 0, 70)})
    assert cs[0].value == cs[1].value
    ranking = rank_post("p1", 1, cs, ShortlistRule(ratio=2, tie_breaks=("recommendation",)))
    assert [s.candidate for s in ranking.standings] == ["b", "a"]


def test_below_the_minimum_score_is_ranked_but_never_shortlisted() -> None:
    ranking = rank_post("p1", 1, make({"a": (59, 100, 100), "b": (80, 80, 80), "c": (70, 70, 70),
                                       "d": (65, 65, 65), "e": (60, 60, 60)}), ShortlistRule())
    assert summary(ranking.standings) == [(1, "a", False, False), (2, "b", True, False), (3, "c", True, False),
                                          (4, "d", True, False), (5, "e", False, False)]
    assert str(ranking.standings[0].reason) == "第1名，不能确定为考察对象：笔试成绩59分，低于最低分数线60分"
    assert str(ranking.standings[3].reason) == "第4名（可确定为考察对象的人选中第3位），在职数1×3=3名之内"
    assert str(ranking.standings[4].reason) == "第5名（可确定为考察对象的人选中第4位），超出职数1×3=3名"


def test_absent_candidates_cannot_be_shortlisted_even_with_room() -> None:
    ranking = rank_post("p1", 2, make({"a": (None, 90, 90), "b": (80, 80, 80)}), ShortlistRule())
    assert ranking.shortlist == ("b",)
    assert str(ranking.standings[1].reason) == "第2名，不能确定为考察对象：笔试缺考"


def test_two_slots_take_six() -> None:
    rows = {f"c{i}": (50 + 5 * i, 50 + 5 * i, 50 + 5 * i) for i in range(1, 9)}
    ranking = rank_post("p1", 2, make(rows), ShortlistRule())
    assert ranking.quota == 6
    assert ranking.shortlist == ("c8", "c7", "c6", "c5", "c4", "c3")


def test_an_empty_post() -> None:
    ranking = rank_post("p1", 1, [], ShortlistRule())
    assert ranking.standings == () and ranking.shortlist == ()


def test_rank_all_groups_by_post_and_equals_rank_post() -> None:
    p1 = make({"a": (90, 90, 90), "b": (80, 80, 80)}, "p1")
    p2 = make({"c": (70, 70, 70), "d": (75, 75, 75), "e": (60, 60, 60)}, "p2")
    rule = ShortlistRule(ratio=1, tie_breaks=("interview",))
    rankings = rank_all({"p1": 1, "p2": 2, "p3": 1}, [*p2, *p1], rule)
    assert list(rankings) == ["p1", "p2", "p3"]
    assert rankings["p1"] == rank_post("p1", 1, p1, rule)
    assert rankings["p2"] == rank_post("p2", 2, p2, rule)
    assert rankings["p2"].shortlist == ("d", "c")
    assert rankings["p3"].standings == ()


@pytest.mark.parametrize(("call", "text"), [
    (lambda: rank_all({"p1": 1}, make({"a": (1, 1, 1)}, "p9"), ShortlistRule()), "所报职位p9不在职位表中"),
    (lambda: rank_post("p1", 0, make({"a": (1, 1, 1)}), ShortlistRule()), "职位p1的职数应为正整数，实为0"),
    (lambda: rank_post("p2", 1, make({"a": (1, 1, 1)}), ShortlistRule()), "人选a属于职位p1，不能参加职位p2的排名"),
    (lambda: rank_post("p1", 1, make({"a": (1, 1, 1)}) * 2, ShortlistRule()), "人选a在职位p1的排名中出现两次"),
    (lambda: rank_post("p1", 1, make({"a": (1, 1, 1)}), ShortlistRule(tie_breaks=("essay",))),
     "同分时比较的项目“essay”不在综合成绩之中"),
])
def test_ranking_refusals(call: object, text: str) -> None:
    with pytest.raises(RuleError, match=text):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(("rule", "text"), [
    ({"ratio": 0}, "比例应为不小于1的整数，实为0"),
    ({"ratio": 1.5}, "比例应为不小于1的整数"),
    ({"decimals": 5}, "小数位数应为0至4，实为5"),
    ({"tie_breaks": "interview"}, "应为项目代码列表"),
    ({"tie_breaks": ["interview", "interview"]}, "有重复"),
    ({"ratio": 3, "quota": 9}, "未知的设置项：quota"),
])
def test_shortlist_rule_refusals(rule: dict[str, object], text: str) -> None:
    with pytest.raises(RuleError, match=text):
        ShortlistRule.from_json(rule)


def test_shortlist_rule_json_round_trip() -> None:
    rule = ShortlistRule(ratio=2, tie_breaks=("recommendation", "interview"), decimals=3)
    assert rule.as_json() == {"ratio": 2, "tie_breaks": ["recommendation", "interview"], "decimals": 3}
    assert ShortlistRule.from_json(rule.as_json()) == rule
    assert ShortlistRule.from_json({}) == ShortlistRule()


def test_display_rounds_half_up_with_fixed_places() -> None:
    assert display(Fraction(8765, 100), 1) == "87.7"
    assert display(Fraction(87645, 1000), 2) == "87.65"
    assert display(Fraction(263, 3), 4) == "87.6667"
    assert display(Fraction(80), 2) == "80.00"
    assert display(Fraction(1, 2), 0) == "1"


def test_ranks_compare_exact_values_not_the_display() -> None:
    # 70.004 and 70.001 both show as 70.00 but are not tied.
    cs = make({"a": ("70.01", 70, 70), "b": ("70.0025", 70, 70)})
    ranking = rank_post("p1", 1, cs, ShortlistRule(ratio=1))
    assert [display(s.composite.value, 2) for s in ranking.standings] == ["70.00", "70.00"]
    assert summary(ranking.standings) == [(1, "a", True, False), (2, "b", False, False)]
