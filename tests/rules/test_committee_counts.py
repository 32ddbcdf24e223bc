"""The committee core's additions for the committee area: the rule as JSON, the refusal to start a vote
below quorum, counting a secret vote from anonymous counts, and choosing within the slots when more
candidates pass than there are slots (差额票决)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuanren.rules.committee import (
    Base,
    Committee,
    CommitteeRule,
    Counts,
    DeferRule,
    Outcome,
    Vote,
    check_quorum,
    committee_count,
    committee_vote,
    select_within_slots,
)
from xuanren.rules.errors import RuleError

NINE = Committee(tuple("甲乙丙丁戊己庚辛壬"))


# --- the rule as JSON ------------------------------------------------------------------------------

def test_the_default_rule_round_trips_as_exact_fractions() -> None:
    rule = CommitteeRule()
    assert rule.as_json() == {"quorum": "2/3", "pass_share": "1/2", "base": "members", "defer_rule": "over_disagree"}
    assert CommitteeRule.from_json(rule.as_json()) == rule
    assert CommitteeRule.from_json(None) == rule == CommitteeRule.from_json({})


def test_a_configured_rule_is_read_from_strings_and_integers() -> None:
    rule = CommitteeRule.from_json({"quorum": "3/4", "pass_share": "0.5", "base": "present", "defer_rule": "never"})
    assert rule == CommitteeRule(Fraction(3, 4), Fraction(1, 2), Base.PRESENT, DeferRule.NEVER)
    assert CommitteeRule.from_json({"quorum": 1}).quorum == 1


@pytest.mark.parametrize(("raw", "code"), [
    ({"quorom": "2/3"}, "committee.json_unknown"),
    ({"quorum": 0.66}, "tally.inexact"),
    ({"quorum": "3/2"}, "committee.quorum_range"),
    ({"pass_share": "1"}, "committee.share_range"),
    ({"base": "everyone"}, "committee.unknown_setting"),
    (["2/3"], "committee.json"),
])
def test_a_bad_rule_is_refused_with_its_reason(raw: object, code: str) -> None:
    with pytest.raises(RuleError) as refused:
        CommitteeRule.from_json(raw)  # type: ignore[arg-type]
    assert refused.value.message.code == code


def test_the_rule_in_words() -> None:
    assert str(CommitteeRule().explain()) == ("到会人数须达到应到人数的三分之二以上；同意票超过应到人数的半数为通过；"
                                              "未通过且缓议票多于不同意票的，缓议")


# --- below quorum a vote cannot start ----------------------------------------------------------------

def test_five_of_nine_cannot_start_a_vote() -> None:
    quorum = check_quorum(CommitteeRule(), NINE, "甲乙丙丁戊")
    assert str(quorum.refusal()) == "应到9人，实到5人，不足三分之二，不能表决"
    assert quorum.refusal().code == "committee.quorum_refused"


# --- a secret vote: counts without members -----------------------------------------------------------

def test_counts_give_the_same_result_as_the_same_named_votes() -> None:
    present = "甲乙丙丁戊己庚"
    named = ([Vote(m, "某甲", "agree") for m in "甲乙丙丁戊"] + [Vote("己", "某甲", "disagree")]
             + [Vote(m, "某乙", "defer") for m in "甲乙丙"] + [Vote(m, "某乙", "agree") for m in "丁戊己庚"])
    by_votes = committee_vote(CommitteeRule(), NINE, present, ["某甲", "某乙"], named)
    by_counts = committee_count(CommitteeRule(), NINE, present, ["某甲", "某乙"],
                                {"某甲": Counts(5, 1, 0), "某乙": Counts(4, 0, 3)})
    assert by_counts == by_votes
    assert [str(m) for m in by_counts.explain()] == [
        "应到9人，实到7人，不少于三分之二，可以表决",
        "某甲：同意5人 > 4.5，通过（不同意1人，缓议0人，未表态1人）",
        "某乙：同意4人 ≤ 4.5，缓议3人 > 不同意0人，缓议（不同意0人，缓议3人）"]


def test_the_issue_examples_counted_secretly() -> None:
    six = "甲乙丙丁戊己"
    assert committee_count(CommitteeRule(), NINE, six, ["A"], {"A": Counts(5, 1)}).result("A").outcome is Outcome.PASSED
    assert committee_count(CommitteeRule(), NINE, six, ["A"], {"A": Counts(4, 2)}).result("A").outcome is Outcome.FAILED
    void = committee_count(CommitteeRule(), NINE, "甲乙丙丁戊", ["A"], {"A": Counts(5)})
    assert void.result("A").outcome is Outcome.VOID
    assert str(void.result("A").explain()[0]) == "应到9人，实到5人，不足三分之二，表决无效"


@pytest.mark.parametrize(("counts", "code"), [
    ({"B": Counts(1)}, "committee.count_unknown_candidate"),
    ({"A": Counts(-1)}, "committee.count_negative"),
    ({"A": Counts(4, 2, 1)}, "committee.count_over_present"),
])
def test_impossible_counts_are_refused(counts: dict[str, Counts], code: str) -> None:
    with pytest.raises(RuleError) as refused:
        committee_count(CommitteeRule(), NINE, "甲乙丙丁戊己", ["A"], counts)
    assert refused.value.message.code == code


def test_more_votes_than_members_present_names_the_figures() -> None:
    with pytest.raises(RuleError) as refused:
        committee_count(CommitteeRule(), NINE, "甲乙丙丁戊己", ["某甲"], {"某甲": Counts(7)})
    assert str(refused.value) == "某甲的表决票7张，多于实到人数6人"


@given(st.integers(0, 9), st.integers(6, 9))
def test_one_more_agreement_never_turns_a_pass_into_anything_else(agree: int, present: int) -> None:
    agree = min(agree, present - 1)
    members = "甲乙丙丁戊己庚辛壬"[:present]
    before = committee_count(CommitteeRule(), NINE, members, ["A"], {"A": Counts(agree)}).result("A")
    after = committee_count(CommitteeRule(), NINE, members, ["A"], {"A": Counts(agree + 1)}).result("A")
    assert not before.passed or after.passed


# --- choosing within the slots -----------------------------------------------------------------------

def test_all_passed_candidates_fit_the_slots() -> None:
    s = select_within_slots({"甲": 5, "乙": 7}, 2)
    assert s.chosen == ("乙", "甲") and s.decided and s.explain() == ()


def test_the_most_agreements_take_the_slot_and_the_others_are_named() -> None:
    s = select_within_slots([("甲", 5), ("乙", 7), ("丙", 6)], 1)
    assert s.chosen == ("乙",) and s.beyond == ("丙", "甲") and s.decided
    assert [str(m) for m in s.explain()] == ["通过3人，多于职数1个，按同意票数排序：乙（7票）、丙（6票）、甲（5票）",
                                             "确定乙为拟任人选；丙、甲同意票数较少，不作为拟任人选"]


def test_a_tie_across_the_last_slot_is_put_to_a_new_vote() -> None:
    s = select_within_slots({"甲": 6, "乙": 8, "丙": 6, "丁": 5}, 2)
    assert s.chosen == ("乙",) and s.tied == ("甲", "丙") and s.beyond == ("丁",) and not s.decided
    assert str(s.explain()[1]) == "甲、丙同意票数相同（6票），争最后的职数，须复议"


def test_a_tie_below_the_cut_changes_nothing() -> None:
    s = select_within_slots({"甲": 7, "乙": 6, "丙": 6}, 1)
    assert s.chosen == ("甲",) and s.beyond == ("乙", "丙") and s.decided


@pytest.mark.parametrize("slots", [0, -1, True])
def test_slots_must_be_a_positive_whole_number(slots: int) -> None:
    with pytest.raises(RuleError):
        select_within_slots({"甲": 5}, slots)


@given(st.dictionaries(st.sampled_from("甲乙丙丁戊己"), st.integers(5, 9), min_size=1), st.integers(1, 4))
def test_never_more_chosen_than_slots_and_everyone_placed(agreements: dict[str, int], slots: int) -> None:
    s = select_within_slots(agreements, slots)
    assert len(s.chosen) <= slots
    assert sorted(s.chosen + s.tied + s.beyond) == sorted(agreements)
    assert s.decided == (len(s.chosen) == min(slots, len(agreements)))
    ranked = [agreements[n] for n in s.chosen + s.tied + s.beyond]
    assert ranked == sorted(ranked, reverse=True)
    if s.chosen and s.beyond:
        assert min(agreements[n] for n in s.chosen) > max(agreements[n] for n in s.beyond)
