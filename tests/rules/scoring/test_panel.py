"""Panel scores, judges' sheets and score checks: named examples and refusals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.scoring import (
    Criterion,
    JudgeScore,
    PanelRule,
    check_score,
    display,
    panel_score,
    rubric_max,
    sheet_total,
)


def judges(*totals: int | str, group: str = "", prefix: str = "j") -> list[JudgeScore]:
    return [JudgeScore(f"{prefix}{i}", Fraction(t), group) for i, t in enumerate(totals, 1)]


def test_five_judges_drop_the_highest_and_the_lowest() -> None:
    result = panel_score(judges(90, 85, 88, 70, 95))
    assert result.score == Fraction(263, 3)
    assert display(result.score, 2) == "87.67"
    assert [s.total for s in result.highest] == [95]
    assert [s.total for s in result.lowest] == [70]
    assert [s.judge for s in result.counted] == ["j1", "j2", "j3"]
    assert [s.judge for s in result.dropped] == ["j4", "j5"]
    lines = [str(m) for m in result.explain()]
    assert lines[0] == ("评分规则：5名及以上评委评分时，去掉一个最高分和一个最低分，取其余评委评分的平均分"
                        "（不足5名时取全部评委评分的平均分）")
    assert "j5：95分（最高分，去掉）" in lines
    assert "j4：70分（最低分，去掉）" in lines
    assert lines[-1] == "评委5名，去掉最高分95、最低分70，其余3名评委平均分：(90 + 85 + 88) ÷ 3 = 87.67分"


def test_four_judges_give_the_plain_mean() -> None:
    result = panel_score(judges(90, 85, 88, 70))
    assert result.score == Fraction(333, 4)
    assert result.dropped == ()
    assert str(result.explain()[-1]) == "评委4名，平均分：(90 + 85 + 88 + 70) ÷ 4 = 83.25分"


def test_mean_method_never_drops() -> None:
    result = panel_score(judges(90, 85, 88, 70, 95, 60), PanelRule(method="mean"))
    assert result.score == Fraction(488, 6)
    assert result.dropped == ()
    assert "取全部评委评分的平均分" in str(PanelRule(method="mean").explain())


def test_drop_two_each_side_from_seven() -> None:
    rule = PanelRule(drop=2, min_judges=7)
    result = panel_score(judges(50, 60, 70, 80, 90, 100, 95), rule)
    assert sorted(s.total for s in result.counted) == [70, 80, 90]
    assert result.score == 80
    assert "去掉两个最高分和两个最低分" in str(rule.explain())


def test_which_of_tied_judges_is_dropped_goes_by_judge_id_and_does_not_change_the_score() -> None:
    scores = [JudgeScore("b", Fraction(90)), JudgeScore("a", Fraction(90)), JudgeScore("c", Fraction(80)),
              JudgeScore("e", Fraction(70)), JudgeScore("d", Fraction(70))]
    result = panel_score(scores)
    assert [s.judge for s in result.highest] == ["b"]
    assert [s.judge for s in result.lowest] == ["d"]
    assert result.score == Fraction(240, 3)
    assert panel_score(list(reversed(scores))) == result


def test_no_judge_no_score() -> None:
    result = panel_score([])
    assert result.score is None
    assert str(result.explain()[-1]) == "没有评委评分，无面试成绩"


def test_leaders_and_experts_groups() -> None:
    rule = PanelRule(method="groups", groups=(("leaders", Fraction(40)), ("experts", Fraction(60))))
    scores = judges(90, 80, group="leaders", prefix="L") + judges(70, 75, 80, 85, 99, group="experts", prefix="E")
    result = panel_score(scores, rule)
    # leaders: 2 judges, plain mean 85; experts: 5 judges, drop 99 and 70, mean 80.
    assert [g.score for g in result.groups] == [85, 80]
    assert result.score == Fraction(40 * 85 + 60 * 80, 100)
    assert [s.judge for s in result.dropped] == ["E1", "E5"]
    lines = [str(m) for m in result.explain()]
    assert lines[0].startswith("评分规则：按评委类别加权（领导评委40%、专家评委60%）")
    assert lines[-1] == "面试成绩 = 85×40% + 80×60% = 82.00分"


def test_a_group_with_no_score_shares_its_weight() -> None:
    rule = PanelRule(method="groups", groups=(("leaders", Fraction(20)), ("experts", Fraction(50)),
                                              ("staff", Fraction(30))))
    scores = judges(90, group="leaders", prefix="L") + judges(80, group="experts", prefix="E")
    result = panel_score(scores, rule)
    assert [g.effective for g in result.groups] == [Fraction(200, 7), Fraction(500, 7), 0]
    assert result.score == Fraction(200, 7) * 90 / 100 + Fraction(500, 7) * 80 / 100
    note = str(result.notes[0])
    assert note.startswith("群众代表无人评分：其权重30%由其他类别按权重比例分享（领导评委20%→28.5714%")
    assert note in [str(m) for m in result.explain()]


@pytest.mark.parametrize(("scores", "text"), [
    ([JudgeScore("a", Fraction(80)), JudgeScore("a", Fraction(90))], "评委“a”对同一人选评分两次"),
    ([JudgeScore("a", Fraction(-1))], "评委“a”的评分-1不能为负数"),
    ([JudgeScore("a", 0.5)], "不接受浮点数"),  # type: ignore[arg-type]
])
def test_refused_judges(scores: list[JudgeScore], text: str) -> None:
    with pytest.raises(RuleError, match=text):
        panel_score(scores)


def test_groups_need_every_judge_in_a_weighted_group() -> None:
    rule = PanelRule(method="groups", groups=(("leaders", Fraction(40)), ("experts", Fraction(60))))
    with pytest.raises(RuleError, match="评委“x”未分评委类别"):
        panel_score([JudgeScore("x", Fraction(80))], rule)
    with pytest.raises(RuleError, match="评委“x”的类别“guests”不在计分规则中"):
        panel_score([JudgeScore("x", Fraction(80), "guests")], rule)


@pytest.mark.parametrize(("rule", "text"), [
    ({"method": "median"}, "未知的评委计分方法“median”"),
    ({"drop": -1}, "不能为负数"),
    ({"drop": 2, "min_judges": 4}, "至少需要5名评委，规则中为4名"),
    ({"method": "groups", "groups": [{"code": "leaders", "weight": 40}, {"code": "experts", "weight": 50}]},
     "各评委类别权重之和应为100，实为90"),
    ({"method": "groups", "groups": [{"code": "leaders", "weight": 50}, {"code": "leaders", "weight": 50}]},
     "评委类别“领导评委”重复"),
    ({"method": "groups"}, "须设置评委类别及权重"),
    ({"method": "trimmed", "groups": [["leaders", 100]]}, "只有按评委类别加权"),
    ({"method": "groups", "groups": [{"code": "leaders", "weight": 100.0}]}, "不接受浮点数"),
    ({"drop": "1"}, "drop应为整数"),
    ({"dorp": 1}, "未知的设置项：dorp"),
])
def test_panel_rule_refusals(rule: dict[str, object], text: str) -> None:
    with pytest.raises(RuleError, match=text):
        PanelRule.from_json(rule)


def test_panel_rule_json_round_trip() -> None:
    for rule in (PanelRule(), PanelRule(method="mean"), PanelRule(drop=2, min_judges=7),
                 PanelRule(method="groups", drop=0, groups=(("leaders", Fraction(100, 3)),
                                                            ("experts", Fraction(200, 3))))):
        assert PanelRule.from_json(rule.as_json()) == rule
    assert PanelRule.from_json({}) == PanelRule()
    assert PanelRule.from_json({"method": "groups", "groups": [["leaders", "40.5"], ["experts", "59.5"]]}).groups == (
        ("leaders", Fraction(81, 2)), ("experts", Fraction(119, 2)))


RUBRIC = [Criterion("politics", "政治素质", Fraction(20)), Criterion("ideas", "工作思路", Fraction(40)),
          Criterion("speech", "表达能力", Fraction(10)), Criterion("post", "岗位认识", Fraction(30))]


def test_sheet_total_adds_exact_points() -> None:
    assert rubric_max(RUBRIC) == 100
    assert sheet_total(RUBRIC, {"politics": 18, "ideas": "35.5", "speech": Decimal("8.25"),
                                "post": Fraction(51, 2)}) == Fraction(8725, 100)


@pytest.mark.parametrize(("points", "text"), [
    ({"politics": 18, "ideas": 35, "speech": 12, "post": 25}, "“表达能力”得分12超过该项满分10"),
    ({"politics": -1, "ideas": 35, "speech": 8, "post": 25}, "“政治素质”得分-1不能为负数"),
    ({"politics": 18, "ideas": 35, "speech": 8}, "“岗位认识”未评分"),
    ({"politics": 18, "ideas": 35, "speech": 8, "post": None}, "“岗位认识”未评分"),
    ({"politics": 18, "ideas": 35, "speech": 8, "post": 25, "looks": 5}, "评分标准之外的项目：looks"),
    ({"politics": 18, "ideas": 35.5, "speech": 8, "post": 25},
     "“工作思路”得分须为整数、分数或十进制数，不接受浮点数35.5"),
    ({"politics": 18, "ideas": "很好", "speech": 8, "post": 25}, "“工作思路”得分“很好”不是数"),
    ({"politics": 18, "ideas": True, "speech": 8, "post": 25}, "不接受浮点数True"),
])
def test_sheet_refusals_name_the_criterion_the_value_and_the_maximum(points: dict[str, object], text: str) -> None:
    with pytest.raises(RuleError, match=text) as info:
        sheet_total(RUBRIC, points)
    assert info.value.message.code.startswith("scoring.")


def test_a_rubric_with_a_criterion_twice_is_refused() -> None:
    with pytest.raises(RuleError, match="评分要素“政治素质”重复"):
        sheet_total([*RUBRIC, RUBRIC[0]], {})


def test_check_score() -> None:
    assert check_score("88.5", Fraction(150), "笔试") == Fraction(177, 2)
    assert check_score(150, Fraction(150), "笔试") == 150
    with pytest.raises(RuleError, match=r"笔试得分150\.01超过满分150"):
        check_score("150.01", Fraction(150), "笔试")
    with pytest.raises(RuleError, match=r"笔试得分-0\.5不能为负数"):
        check_score(Decimal("-0.5"), Fraction(150), "笔试")
    with pytest.raises(RuleError, match="不是数"):
        check_score("缺考", Fraction(150), "笔试")
    with pytest.raises(RuleError, match="不是数"):
        check_score(None, Fraction(150), "笔试")


def test_judges_are_listed_in_natural_order_of_their_seats() -> None:
    """评委2 comes before 评委10 in the explanation, not after it as in text order."""
    scores = [JudgeScore(f"评委{n}", Fraction(80 + n)) for n in range(1, 12)]
    result = panel_score(scores, PanelRule())
    assert [s.judge for s in result.judges] == [f"评委{n}" for n in range(1, 12)]
    assert [s.judge for s in result.dropped] == ["评委1", "评委11"]
