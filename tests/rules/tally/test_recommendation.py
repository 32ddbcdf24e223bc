"""Democratic recommendation, with the rules of seed 000 as named examples.

Seed 000: "民主推荐按百分制计算，院领导票占分值的30，中层领导干部票占分值的30，其他人员票占分值40。并规定
一个人竞聘一个职位，得票率不得低于60；二个人竞聘一个职位，得票率不得低于50；三个人（含三人）以上竞聘一个
职位，得票率不得低于40；对综合得分未达到40分、50分60分的人选，暂不予以任用。" … "因得票率未达要求，空缺
正职领导岗位1个，副职领导岗位4个。"
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.tally import (
    DEFAULT_GROUPS,
    EmptyGroupRule,
    MeetingConfig,
    Option,
    Post,
    PostOutcome,
    RateBase,
    RecommendationConfig,
    Thresholds,
    Turnout,
    VoterGroup,
    count_ballots,
    recommendation_sheet,
    tally_recommendation,
)
from xuanren.rules.tally.ballots import Ballot

from .scenario import box, candidates, one_post, turnout

SIZES = {"leaders": 10, "middle_managers": 20, "others": 50}


# --- seed 000: one, two, three candidates at the edges of 60, 50, 40 ----------------------------------

def test_seed000_one_candidate_at_exactly_60_meets_the_threshold() -> None:
    result = one_post(candidates("A"), {"leaders": {"a": 6}, "middle_managers": {"a": 12}, "others": {"a": 30}},
                      SIZES)
    (a,) = result.posts[0].candidates
    assert (a.score, a.threshold, a.meets) == (Fraction(60), Fraction(60), True)
    assert result.posts[0].outcome is PostOutcome.FILLED
    assert [c.candidate.code for c in result.posts[0].qualified] == ["a"]


def test_seed000_one_candidate_at_59_99_does_not_and_the_post_is_left_vacant() -> None:
    # 院领导 6/10 → 18, 中层 12/20 → 18, 其他 2399/4000 → 23.99: 59.99 in all.
    sizes = {"leaders": 10, "middle_managers": 20, "others": 4000}
    result = one_post(candidates("A"), {"leaders": {"a": 6}, "middle_managers": {"a": 12}, "others": {"a": 2399}},
                      sizes)
    post = result.posts[0]
    (a,) = post.candidates
    assert a.score == Fraction(5999, 100)
    assert not a.meets
    assert post.outcome is PostOutcome.VACANT and post.vacant_slots == 1
    assert [p.post.code for p in result.vacant_posts] == ["p"]
    assert str(a.explain()[0]) == "候选人A：综合得分59.99分，1人竞聘本职位，不得低于60分，未达到"
    assert str(post.explain()[0]) == "办公室主任：职数1，候选人1名，不得低于60分；无人达到，职位空缺"


def test_seed000_a_score_that_rounds_to_60_is_still_below_60_and_says_so() -> None:
    sizes = {"leaders": 10, "middle_managers": 20, "others": 40000}
    result = one_post(candidates("A"), {"leaders": {"a": 6}, "middle_managers": {"a": 12}, "others": {"a": 23999}},
                      sizes)
    (a,) = result.posts[0].candidates
    assert a.score == Fraction(59999, 1000) and not a.meets  # 18 + 18 + 23.999
    assert str(a.explain()[0]).startswith("候选人A：综合得分59.999分")


def test_seed000_two_candidates_at_exactly_50_meet_it() -> None:
    sizes = {"leaders": 10, "middle_managers": 10, "others": 10}
    result = one_post(candidates("A", "B"), {g: {"a": 5, "b": 4} for g in sizes}, sizes)
    a, b = result.posts[0].candidates
    assert (a.threshold, a.score, a.meets) == (Fraction(50), Fraction(50), True)
    assert (b.score, b.meets) == (Fraction(40), False)
    assert (a.rank, b.rank) == (1, 2)
    assert result.posts[0].outcome is PostOutcome.FILLED


def test_seed000_two_candidates_just_under_50_leave_the_post_vacant() -> None:
    sizes = {"leaders": 10, "middle_managers": 10, "others": 100}
    result = one_post(candidates("A", "B"), {"leaders": {"a": 5}, "middle_managers": {"a": 5},
                                             "others": {"a": 49, "b": 51}}, sizes)
    a, b = result.posts[0].candidates
    assert a.score == Fraction(30 * 5, 10) * 2 + Fraction(40 * 49, 100)  # 30 + 19.6 = 49.6
    assert b.score == Fraction(40 * 51, 100)                              # 20.4
    assert not a.meets and not b.meets
    assert result.posts[0].outcome is PostOutcome.VACANT


def test_seed000_three_candidates_at_exactly_40_meet_it() -> None:
    sizes = {"leaders": 10, "middle_managers": 10, "others": 10}
    result = one_post(candidates("A", "B", "C"), {g: {"a": 4, "b": 3, "c": 3} for g in sizes}, sizes)
    a, b, c = result.posts[0].candidates
    assert (a.threshold, a.score, a.meets) == (Fraction(40), Fraction(40), True)
    assert (b.score, b.meets, b.rank, c.rank) == (Fraction(30), False, 2, 2)


def test_seed000_three_or_more_candidates_all_face_40() -> None:
    sizes = {"leaders": 10, "middle_managers": 10, "others": 10}
    result = one_post(candidates("A", "B", "C", "D", "E"), {g: {"a": 4} for g in sizes}, sizes)
    assert {c.threshold for c in result.posts[0].candidates} == {40}
    assert result.posts[0].candidates[0].meets


def test_seed000_campaign_leaves_one_chief_and_four_deputy_posts_vacant() -> None:
    # 3 正职 posts and 6 副职 posts; the others group alone votes (the other groups' weights are shared).
    posts = [Post(f"z{i}", f"正职{i}", candidates("A", "B"), kind="正职") for i in range(3)]
    posts += [Post(f"f{i}", f"副职{i}", candidates("A"), kind="副职") for i in range(6)]
    sheet = recommendation_sheet(posts)
    answers = {"z0": [(("a",), 60)], "z1": [(("a",), 50)], "z2": [(("a",), 49), (("b",), 49)],
               "f0": [(("a",), 60)], "f1": [(("a",), 60)], "f2": [(("a",), 59)], "f3": [(("a",), 59)],
               "f4": [(("a",), 10)], "f5": [(("a",), 0)]}
    ballots = box(sheet, "others", 100, answers)
    turnouts = [Turnout("leaders", 0, 0, 0), Turnout("middle_managers", 0, 0, 0), Turnout("others", 120, 100, 100)]
    result = tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, ballots), turnouts)
    assert result.valid
    assert [p.post.code for p in result.vacant_posts] == ["z2", "f2", "f3", "f4", "f5"]
    assert result.vacancies_by_kind() == {"正职": 1, "副职": 4}
    summary = next(m for m in result.explain() if m.code == "tally.summary")
    assert str(summary) == "共9个职位，空缺5个（正职1个、副职4个）"


# --- slots, ranking ---------------------------------------------------------------------------------

def test_a_two_slot_post_with_one_qualified_candidate_is_partly_vacant() -> None:
    sizes = {"leaders": 10, "middle_managers": 10, "others": 10}
    result = one_post(candidates("A", "B", "C"), {g: {"a": 9, "b": 1} for g in sizes}, sizes, slots=2)
    post = result.posts[0]
    assert post.outcome is PostOutcome.PARTLY_VACANT and post.vacant_slots == 1
    assert [c.candidate.code for c in post.qualified] == ["a"]


def test_all_qualified_candidates_are_listed_even_beyond_the_slots() -> None:
    # The committee chooses among those who qualify; the tally only ranks them.
    posts = [Post("p", "副庭长", candidates("A", "B", "C"), slots=1, max_marks=2)]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 10, {"p": [(("a", "b"), 6), (("c",), 4)]})
    result = tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, ballots),
                                  turnout({"others": 10}))
    post = result.posts[0]
    assert [(c.candidate.code, c.rank) for c in post.qualified] == [("a", 1), ("b", 1), ("c", 3)]
    assert post.outcome is PostOutcome.FILLED and post.vacant_slots == 0


def test_a_post_without_candidates_is_vacant() -> None:
    posts = [Post("p", "某职位", ())]
    sheet = recommendation_sheet(posts)
    result = tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, box(sheet, "others", 3, {})),
                                  turnout({"others": 3}))
    assert result.posts[0].outcome is PostOutcome.VACANT
    assert str(result.posts[0].explain()[0]) == "某职位：职数1，无候选人，空缺"


# --- overvotes, blanks, write-ins ------------------------------------------------------------------------

def test_overvoted_post_lowers_valid_ballots_but_not_returned() -> None:
    posts = [Post("p1", "甲职位", candidates("A", "B")), Post("p2", "乙职位", candidates("C"))]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 10, {"p1": [(("a", "b"), 2), (("a",), 5)], "p2": [(("a",), 10)]})
    result = tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, ballots),
                                  turnout({"others": 10}))
    p1, p2 = result.posts
    others = p1.ballots[2]
    assert (others.returned, others.valid, others.overvoted, others.blank) == (10, 8, 2, 3)
    assert p1.candidates[0].parts[2].marks == 5 and p1.candidates[0].score == 50
    assert p2.candidates[0].score == 100
    assert str(others.explain()) == "其他人员组：收回10张，有效8张（其中空白3张），推荐超过1人无效2张，整张无效0张"


def test_write_ins_are_listed_and_leave_candidates_untouched() -> None:
    posts = [Post("p", "办公室主任", candidates("A"))]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 10, {"p": [(("a",), 6)]}, write_ins={"p": [(("某乙",), 8), (("候选人A",), 1)]})
    result = tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, ballots),
                                  turnout({"others": 10}))
    post = result.posts[0]
    # 6 ballots mark A and write in someone: 2 marks for 1 slot, invalid. Ballots 7-8 write in 某乙, 9 writes in
    # A's name: that is a written-in name, not a mark for A.
    assert post.candidates[0].marks == 0
    assert [(w.name, w.marks, w.by_group) for w in post.write_ins] == [("某乙", 2, (("others", 2),)),
                                                                      ("候选人A", 1, (("others", 1),))]
    lines = [str(m) for m in post.explain()]
    assert "另推他人：某乙，得2票（单独统计，不计入任何候选人）" in lines


def test_void_ballots_count_as_returned_but_valid_for_nothing() -> None:
    posts = [Post("p", "办公室主任", candidates("A"))]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 8, {"p": [(("a",), 6)]})
    turnouts = [Turnout("leaders", 0, 0, 0), Turnout("middle_managers", 0, 0, 0), Turnout("others", 10, 10, 10, void=2)]
    result = tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, ballots), turnouts)
    assert result.posts[0].candidates[0].parts[2].rate == Fraction(6, 10)
    assert result.posts[0].ballots[2].void == 2


# --- the three rate bases ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("base", "rate"), [
    (RateBase.RETURNED, Fraction(6, 10)),   # 实到: 10 returned
    (RateBase.ENTITLED, Fraction(6, 12)),   # 应到: 12 entitled
    (RateBase.VALID, Fraction(6, 8)),       # valid for the post: 10 less 2 overvoted
])
def test_the_rate_base_is_configurable(base: RateBase, rate: Fraction) -> None:
    posts = [Post("p", "办公室主任", candidates("A", "B"))]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 10, {"p": [(("a",), 6), (("a", "b"), 2)]})
    config = RecommendationConfig(rate_base=base)
    result = tally_recommendation(config, posts, count_ballots(sheet, ballots),
                                  turnout({"others": 10}, entitled={"others": 12}))
    part = result.posts[0].candidates[0].parts[2]
    assert part.base_kind is base and part.rate == rate
    assert result.posts[0].candidates[0].score == 100 * rate  # the only group that voted carries all weight


def test_explain_names_the_base_in_words() -> None:
    sizes = {"leaders": 28, "middle_managers": 20, "others": 50}
    result = one_post(candidates("A"), {"leaders": {"a": 23}}, sizes)
    figure = result.posts[0].candidates[0].parts[0]
    assert str(figure.explain()) == "院领导组：实到28张，得23票，得票率82.14%，权重30，计24.64分"
    valid_base = one_post(candidates("A"), {"leaders": {"a": 23}}, sizes, config=RecommendationConfig(
        rate_base=RateBase.VALID))
    assert str(valid_base.posts[0].candidates[0].parts[0].explain()).startswith("院领导组：有效票28张，得23票")


def test_a_group_with_no_valid_ballot_for_a_post_rates_it_0_under_the_valid_base() -> None:
    posts = [Post("p", "办公室主任", candidates("A", "B"))]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 4, {"p": [(("a", "b"), 4)]}) + box(sheet, "leaders", 2, {"p": [(("a",), 2)]})
    result = tally_recommendation(RecommendationConfig(rate_base=RateBase.VALID), posts,
                                  count_ballots(sheet, ballots), turnout({"others": 4, "leaders": 2}))
    a = result.posts[0].candidates[0]
    assert a.parts[2].base == 0 and a.parts[2].rate == 0
    assert str(a.parts[2].explain()).startswith("其他人员组：有效票0张，得票率按0计")


# --- a group that returned no ballot -----------------------------------------------------------------------

def test_empty_group_weight_is_shared_in_proportion_by_default() -> None:
    sizes = {"leaders": 10, "middle_managers": 0, "others": 20}
    result = one_post(candidates("A"), {"leaders": {"a": 10}, "others": {"a": 10}}, sizes)
    a = result.posts[0].candidates[0]
    weights = [p.weight for p in a.parts]
    assert weights == [Fraction(300, 7), 0, Fraction(400, 7)]
    assert sum(weights) == 100
    assert a.score == Fraction(300, 7) + Fraction(400, 7) / 2
    notes = [str(m) for m in result.weighting.notes]
    assert notes == ["中层干部组未收回选票：按规则，其权重30由已投票的组按权重比例分享"
                     "（院领导30→42.86，其他人员40→57.14）"]
    assert str(a.parts[0].explain()) == "院领导组：实到10张，得10票，得票率100%，权重30（分得后为42.86），计42.86分"
    assert str(a.parts[1].explain()) == "中层干部组：未收回选票，不计分（权重30已按规则处理）"
    assert notes[0] in [str(m) for m in result.explain()]


def test_empty_group_may_instead_count_as_zero() -> None:
    sizes = {"leaders": 10, "middle_managers": 0, "others": 20}
    config = RecommendationConfig(empty_group=EmptyGroupRule.ZERO)
    result = one_post(candidates("A"), {"leaders": {"a": 10}, "others": {"a": 20}}, sizes, config=config)
    a = result.posts[0].candidates[0]
    assert a.score == 70 and a.meets
    assert result.weighting.total == 70
    assert "满分为70分" in str(result.weighting.notes[0])


def test_empty_group_may_instead_invalidate_the_result() -> None:
    sizes = {"leaders": 10, "middle_managers": 0, "others": 20}
    config = RecommendationConfig(empty_group=EmptyGroupRule.INVALID)
    result = one_post(candidates("A"), {"leaders": {"a": 10}, "others": {"a": 20}}, sizes, config=config)
    assert not result.valid
    assert result.posts[0].outcome is PostOutcome.VOID and result.posts[0].qualified == ()
    assert [m.code for m in result.reasons] == ["tally.empty_group.invalid"]
    assert "推荐结果无效" in [str(m) for m in result.explain()]


# --- meeting validity ---------------------------------------------------------------------------------------

def test_an_invalid_meeting_gives_an_invalid_result_with_the_reason_but_keeps_the_figures() -> None:
    posts = [Post("p", "办公室主任", candidates("A"))]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 50, {"p": [(("a",), 50)]})
    turnouts = [Turnout("leaders", 10, 0, 0), Turnout("middle_managers", 30, 0, 0), Turnout("others", 80, 50, 50)]
    result = tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, ballots), turnouts)
    assert not result.valid
    assert [m.code for m in result.reasons] == ["tally.meeting.attendance"]
    post = result.posts[0]
    assert post.outcome is PostOutcome.VOID and post.vacant_slots == 0 and result.vacant_posts == ()
    assert post.candidates[0].score == 100  # still computed, for the record
    assert str(result.explain()[0]).startswith("会议无效")
    assert str(post.explain()[0]) == "办公室主任：推荐结果无效，不据此确定人选"


def test_returned_over_issued_is_a_result_not_an_error() -> None:
    posts = [Post("p", "办公室主任", candidates("A"))]
    sheet = recommendation_sheet(posts)
    ballots = box(sheet, "others", 11, {"p": [(("a",), 11)]})
    turnouts = [Turnout("leaders", 0, 0, 0), Turnout("middle_managers", 0, 0, 0), Turnout("others", 12, 10, 11)]
    result = tally_recommendation(RecommendationConfig(meeting=MeetingConfig()), posts,
                                  count_ballots(sheet, ballots), turnouts)
    assert not result.valid
    assert [m.code for m in result.reasons] == ["tally.meeting.returned_over_issued"]


# --- configuration and input errors ------------------------------------------------------------------------

def test_group_weights_must_sum_to_100() -> None:
    groups = (VoterGroup("a", "甲", Fraction(30)), VoterGroup("b", "乙", Fraction(60)))
    with pytest.raises(RuleError, match="各组权重之和应为100，实为90"):
        RecommendationConfig(groups=groups)


def test_weights_may_be_decimals_or_fractions_summing_exactly_to_100() -> None:
    from decimal import Decimal
    groups = (VoterGroup("a", "甲", Fraction(100, 3)), VoterGroup("b", "乙", Fraction(200, 3)))
    assert RecommendationConfig(groups=groups).groups[0].weight == Fraction(100, 3)
    decimals = (VoterGroup("a", "甲", Decimal("33.33")), VoterGroup("b", "乙", Decimal("66.67")))  # type: ignore[arg-type]
    assert sum(g.weight for g in RecommendationConfig(groups=decimals).groups) == 100
    with pytest.raises(RuleError, match=r"实为99\.99"):
        RecommendationConfig(groups=(*decimals[:1], VoterGroup("b", "乙", Decimal("66.66"))))  # type: ignore[arg-type]


def test_duplicate_group_codes_are_an_error() -> None:
    with pytest.raises(RuleError, match="重复"):
        RecommendationConfig(groups=(VoterGroup("a", "甲", Fraction(50)), VoterGroup("a", "乙", Fraction(50))))


@pytest.mark.parametrize("steps", [(), ((2, Fraction(50)),), ((1, Fraction(60)), (1, Fraction(50))),
                                   ((1, Fraction(120)),), ((1, Fraction(-1)),)])
def test_a_malformed_threshold_table_is_an_error(steps: tuple[tuple[int, Fraction], ...]) -> None:
    with pytest.raises(RuleError):
        Thresholds(steps)


def test_thresholds_are_configurable() -> None:
    config = RecommendationConfig(thresholds=Thresholds(((1, Fraction(2, 3) * 100), (4, Fraction(30)))))
    assert config.thresholds.for_candidates(3) == Fraction(200, 3)
    assert config.thresholds.for_candidates(4) == 30
    assert str(config.thresholds.explain()) == "1至3人竞聘不得低于66.67分；4人及以上竞聘不得低于30分"
    sizes = {"leaders": 3, "middle_managers": 3, "others": 3}
    result = one_post(candidates("A"), {g: {"a": 2} for g in sizes}, sizes, config=config)
    assert result.posts[0].candidates[0].meets  # exactly 2/3 of 100


def test_a_count_that_does_not_match_the_ballots_returned_is_an_error() -> None:
    posts = [Post("p", "办公室主任", candidates("A"))]
    sheet = recommendation_sheet(posts)
    counts = count_ballots(sheet, box(sheet, "others", 9, {}))
    with pytest.raises(RuleError, match="计票9张，与收回10张"):
        tally_recommendation(RecommendationConfig(), posts, counts, turnout({"others": 10}))
    with pytest.raises(RuleError, match="计票0张，与收回10张"):
        tally_recommendation(RecommendationConfig(), posts, {}, turnout({"others": 10}))


def test_turnout_is_needed_for_every_group_and_only_for_configured_groups() -> None:
    posts = [Post("p", "办公室主任", candidates("A"))]
    with pytest.raises(RuleError, match="缺少中层干部组"):
        tally_recommendation(RecommendationConfig(), posts, {}, [Turnout("leaders", 1, 0, 0),
                                                                 Turnout("others", 1, 0, 0)])
    with pytest.raises(RuleError, match="未设置的投票人分组"):
        tally_recommendation(RecommendationConfig(), posts, {}, [*turnout({}), Turnout("guests", 1, 0, 0)])
    with pytest.raises(RuleError, match="出现两次"):
        tally_recommendation(RecommendationConfig(), posts, {}, [*turnout({}), Turnout("others", 1, 0, 0)])


def test_counts_for_an_unknown_group_or_another_sheet_are_errors() -> None:
    posts = [Post("p", "办公室主任", candidates("A"))]
    sheet = recommendation_sheet(posts)
    with pytest.raises(RuleError, match="未设置的投票人分组"):
        tally_recommendation(RecommendationConfig(), posts, count_ballots(sheet, [Ballot("guests", ((),))]),
                             turnout({}))
    other = recommendation_sheet([Post("p", "办公室主任", candidates("A", "B"))])
    with pytest.raises(RuleError, match="选票格式不符"):
        tally_recommendation(RecommendationConfig(), posts, count_ballots(other, [Ballot("others", ((),))]),
                             turnout({"others": 1}))


def test_post_slots_must_be_positive() -> None:
    with pytest.raises(RuleError, match="职数"):
        Post("p", "办公室主任", candidates("A"), slots=0)


def test_max_marks_defaults_to_the_slots_and_may_be_set() -> None:
    assert Post("p", "x", candidates("A", "B", "C"), slots=2).marks_allowed == 2
    assert Post("p", "x", candidates("A", "B", "C"), slots=2, max_marks=3).question().max_marks == 3


def test_explain_gives_english_too() -> None:
    result = one_post(candidates("A"), {"others": {"a": 30}}, {"leaders": 10, "middle_managers": 20, "others": 50})
    lines = [m.text("en") for m in result.explain()]
    assert "办公室主任: 1 slot(s), 1 candidate(s), threshold 60; nobody meets it: the post is left vacant" in lines
    assert "other staff: 30 of 50 (returned), rate 60%, weight 40, 24 points" in lines


def test_result_default_groups_are_those_of_seed_000() -> None:
    assert [(g.name, g.weight) for g in DEFAULT_GROUPS] == [("院领导", Fraction(30)), ("中层干部", Fraction(30)),
                                                             ("其他人员", Fraction(40))]
    assert replace(RecommendationConfig()).thresholds == Thresholds()
    assert Option("a", "甲") == Option("a", "甲")
