"""Committee vote (票决): the issue's named examples, the refusals and the configurable parts."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xuanren.rules.committee import (
    Base,
    Choice,
    Committee,
    CommitteeRule,
    DeferRule,
    Outcome,
    Vote,
    check_quorum,
    committee_vote,
)
from xuanren.rules.errors import RuleError

NINE = Committee(("甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬"))
DEFAULT = CommitteeRule()


def votes(candidate: str, agree: str = "", disagree: str = "", defer: str = "") -> list[Vote]:
    """Votes on one candidate: each character of a string is a member."""
    return ([Vote(m, candidate, Choice.AGREE) for m in agree] + [Vote(m, candidate, Choice.DISAGREE) for m in disagree]
            + [Vote(m, candidate, Choice.DEFER) for m in defer])


# --- the issue's named examples: 9 members --------------------------------------------------------------------

def test_six_of_nine_present_is_a_quorum() -> None:
    quorum = check_quorum(DEFAULT, NINE, "甲乙丙丁戊己")
    assert quorum.met
    assert str(quorum.explain()) == "应到9人，实到6人，不少于三分之二，可以表决"
    quorum.require()


def test_five_of_nine_present_is_no_quorum_and_the_vote_is_void() -> None:
    quorum = check_quorum(DEFAULT, NINE, "甲乙丙丁戊")
    assert not quorum.met
    with pytest.raises(RuleError) as refused:
        quorum.require()
    assert str(refused.value) == "应到9人，实到5人，不足三分之二，表决无效"
    assert refused.value.message.code == "committee.quorum_short"
    result = committee_vote(DEFAULT, NINE, "甲乙丙丁戊", ["某甲"], votes("某甲", agree="甲乙丙丁戊"))
    assert not result.valid
    assert result.result("某甲").outcome is Outcome.VOID
    assert result.passed() == ()
    assert str(result.explain()[0]) == "应到9人，实到5人，不足三分之二，表决无效"
    assert str(result.result("某甲").explain()[0]) == "应到9人，实到5人，不足三分之二，表决无效"


def test_five_agreements_of_nine_members_pass() -> None:
    result = committee_vote(DEFAULT, NINE, "甲乙丙丁戊己", ["某甲"], votes("某甲", agree="甲乙丙丁戊", disagree="己"))
    candidate = result.result("某甲")
    assert candidate.outcome is Outcome.PASSED and candidate.passed
    assert result.passed() == ("某甲",)
    assert str(candidate.explain()[0]) == "应到9人，实到6人，同意5人 > 4.5，通过"
    assert candidate.explain()[0].text("en") == "9 members, 6 present, 5 agree > 4.5, passed"
    assert str(candidate.explain()[1]) == "某甲：同意5人，不同意1人，缓议0人"


def test_four_agreements_of_nine_members_do_not_pass_even_when_they_are_all_of_six_present() -> None:
    # More than half of those present (4 of 6) is not enough: the base is all members who should attend.
    result = committee_vote(DEFAULT, NINE, "甲乙丙丁戊己", ["某甲"], votes("某甲", agree="甲乙丙丁", disagree="戊己"))
    assert result.result("某甲").outcome is Outcome.FAILED
    assert str(result.result("某甲").explain()[0]) == "应到9人，实到6人，同意4人 ≤ 4.5，不通过"


def test_the_issue_example_text() -> None:
    result = committee_vote(DEFAULT, NINE, "甲乙丙丁戊己庚", ["某甲"], votes("某甲", agree="甲乙丙丁戊", defer="己庚"))
    assert str(result.result("某甲").explain()[0]) == "应到9人，实到7人，同意5人 > 4.5，通过"
    assert [str(m) for m in result.explain()] == ["应到9人，实到7人，不少于三分之二，可以表决",
                                                  "某甲：同意5人 > 4.5，通过（不同意0人，缓议2人）"]


def test_several_candidates_are_judged_each_on_their_own_in_the_order_given() -> None:
    present = "甲乙丙丁戊己庚"
    cast = (votes("某乙", agree="甲乙丙", disagree="丁戊己", defer="庚")
            + votes("某甲", agree="甲乙丙丁戊己")
            + votes("某丙", agree="甲乙", disagree="丙", defer="丁戊己庚"))
    result = committee_vote(DEFAULT, NINE, present, ["某甲", "某乙", "某丙"], cast)
    assert [c.candidate for c in result.candidates] == ["某甲", "某乙", "某丙"]
    assert (result.passed(), result.failed(), result.deferred()) == (("某甲",), ("某乙",), ("某丙",))
    assert str(result.result("某丙").line()) == "某丙：同意2人 ≤ 4.5，缓议4人 > 不同意1人，缓议（不同意1人，缓议4人）"


def test_a_present_member_who_did_not_vote_counts_as_not_agreeing() -> None:
    result = committee_vote(DEFAULT, NINE, "甲乙丙丁戊己", ["某甲"], votes("某甲", agree="甲乙丙丁"))
    candidate = result.result("某甲")
    assert candidate.not_voted == 2
    assert candidate.outcome is Outcome.FAILED
    assert str(candidate.explain()[1]) == "某甲：同意4人，不同意0人，缓议0人，未表态2人"


# --- deferral (缓议) ----------------------------------------------------------------------------------------------

def test_deferred_when_more_defer_than_disagree_by_default() -> None:
    present = "甲乙丙丁戊己庚"
    deferred = committee_vote(DEFAULT, NINE, present, ["某甲"], votes("某甲", agree="甲乙丙丁", defer="戊己庚"))
    assert deferred.deferred() == ("某甲",)
    assert str(deferred.result("某甲").explain()[0]) == "应到9人，实到7人，同意4人 ≤ 4.5，缓议3人 > 不同意0人，缓议"
    tie = committee_vote(DEFAULT, NINE, present, ["某甲"], votes("某甲", agree="甲", disagree="乙丙丁", defer="戊己庚"))
    assert tie.failed() == ("某甲",)  # as many said no as asked to wait: not passed


def test_deferral_rule_at_least_agree() -> None:
    rule = CommitteeRule(defer_rule=DeferRule.AT_LEAST_AGREE)
    present = "甲乙丙丁戊己庚"
    assert committee_vote(rule, NINE, present, ["某甲"],
                          votes("某甲", agree="甲乙丙", disagree="丁", defer="戊己庚")).deferred() == ("某甲",)
    assert committee_vote(rule, NINE, present, ["某甲"],
                          votes("某甲", agree="甲乙丙丁", defer="戊己庚")).failed() == ("某甲",)
    result = committee_vote(rule, NINE, present, ["某甲"], votes("某甲", agree="甲乙丙", defer="丁戊己庚"))
    assert str(result.result("某甲").explain()[0]) == "应到9人，实到7人，同意3人 ≤ 4.5，缓议4人 ≥ 同意3人，缓议"
    assert committee_vote(rule, NINE, present, ["某甲"], votes("某甲", disagree="甲")).failed() == ("某甲",)


def test_deferral_rule_never() -> None:
    rule = CommitteeRule(defer_rule="never")  # type: ignore[arg-type]
    result = committee_vote(rule, NINE, "甲乙丙丁戊己庚", ["某甲"], votes("某甲", agree="甲", defer="乙丙丁戊己庚"))
    assert result.failed() == ("某甲",)


# --- configurable base and shares -------------------------------------------------------------------------------

def test_base_present_measures_against_those_present() -> None:
    rule = CommitteeRule(base=Base.PRESENT)
    result = committee_vote(rule, NINE, "甲乙丙丁戊己", ["某甲"], votes("某甲", agree="甲乙丙丁", disagree="戊己"))
    assert result.passed() == ("某甲",)
    assert str(result.result("某甲").explain()[0]) == "应到9人，实到6人，同意4人 > 3（按实到人数计），通过"
    assert (result.result("某甲").explain()[0].text("en")
            == "9 members, 6 present, 4 agree > 3 (of those present), passed")


def test_exactly_the_threshold_does_not_pass() -> None:
    ten = Committee(tuple("ABCDEFGHIJ"))
    result = committee_vote(DEFAULT, ten, "ABCDEFGHIJ", ["X"], votes("X", agree="ABCDE", disagree="FGHIJ"))
    assert result.failed() == ("X",)
    assert str(result.result("X").explain()[0]) == "应到10人，实到10人，同意5人 ≤ 5，不通过"


def test_a_two_thirds_passing_share_and_a_four_fifths_quorum() -> None:
    rule = CommitteeRule(quorum=Fraction(4, 5), pass_share=Fraction(2, 3))
    assert not check_quorum(rule, NINE, "甲乙丙丁戊己庚").met  # 7/9 < 4/5
    assert str(check_quorum(rule, NINE, "甲乙丙丁戊己庚").explain()) == "应到9人，实到7人，不足80%，表决无效"
    present = "甲乙丙丁戊己庚辛"
    assert committee_vote(rule, NINE, present, ["X"], votes("X", agree="甲乙丙丁戊己")).failed() == ("X",)  # 6 ≤ 6
    assert committee_vote(rule, NINE, present, ["X"], votes("X", agree="甲乙丙丁戊己庚")).passed() == ("X",)


def test_a_threshold_close_to_the_count_is_shown_with_enough_places() -> None:
    rule = CommitteeRule(pass_share=Fraction(9999, 10000), base=Base.PRESENT)
    members = Committee(tuple(str(i) for i in range(10)))
    present = [str(i) for i in range(10)]
    result = committee_vote(rule, members, present, ["X"], [Vote(m, "X", Choice.AGREE) for m in present])
    assert result.passed() == ("X",)
    assert "同意10人 > 9.999" in str(result.result("X").explain()[0])


@pytest.mark.parametrize(("field", "value"), [("quorum", Fraction(3, 2)), ("quorum", Fraction(-1, 3)),
                                              ("pass_share", Fraction(1)), ("pass_share", 0.5),
                                              ("base", "all"), ("defer_rule", "sometimes")])
def test_a_rule_outside_its_range_or_inexact_is_refused(field: str, value: object) -> None:
    with pytest.raises(RuleError):
        CommitteeRule(**{field: value})  # type: ignore[arg-type]


# --- refusals ---------------------------------------------------------------------------------------------------

def refusal(present: str, cast: list[Vote], candidates: tuple[str, ...] = ("某甲",)) -> RuleError:
    with pytest.raises(RuleError) as refused:
        committee_vote(DEFAULT, NINE, present, candidates, cast)
    return refused.value


def test_a_vote_from_someone_not_on_the_committee_is_refused() -> None:
    error = refusal("甲乙丙丁戊己", [Vote("癸", "某甲", Choice.AGREE)])
    assert error.message.code == "committee.vote_not_member"
    assert str(error) == "癸不是委员会成员，不能对某甲表决"


def test_a_member_voting_twice_on_one_candidate_is_refused() -> None:
    error = refusal("甲乙丙丁戊己", [Vote("甲", "某甲", Choice.AGREE), Vote("甲", "某甲", Choice.DISAGREE)])
    assert str(error) == "甲对某甲重复表决"
    # the same member on two candidates is fine
    result = committee_vote(DEFAULT, NINE, "甲乙丙丁戊己", ["某甲", "某乙"],
                            [Vote("甲", "某甲", Choice.AGREE), Vote("甲", "某乙", Choice.AGREE)])
    assert (result.result("某甲").agree, result.result("某乙").agree) == (1, 1)


def test_a_vote_from_an_absent_member_is_refused() -> None:
    error = refusal("甲乙丙丁戊己", [Vote("壬", "某甲", Choice.AGREE)])
    assert error.message.code == "committee.vote_absent"
    assert str(error) == "壬未到会，不能对某甲表决"


def test_a_vote_on_an_unknown_candidate_is_refused() -> None:
    error = refusal("甲乙丙丁戊己", [Vote("甲", "某丁", Choice.AGREE)])
    assert str(error) == "甲表决的某丁不是本次表决的人选"


def test_a_present_list_naming_a_non_member_or_a_member_twice_is_refused() -> None:
    assert str(refusal("甲乙丙丁戊己癸", [])) == "实到名单中的癸不是委员会成员"
    assert str(refusal("甲乙丙丁戊己甲", [])) == "实到名单中甲重复列出"
    with pytest.raises(RuleError):
        check_quorum(DEFAULT, NINE, ["甲", "外人"])


def test_no_candidate_or_a_candidate_twice_is_refused() -> None:
    assert refusal("甲乙丙丁戊己", [], ()).message.code == "committee.no_candidates"
    assert refusal("甲乙丙丁戊己", [], ("某甲", "某甲")).message.code == "committee.candidate_twice"


def test_an_unknown_choice_is_refused_and_a_known_one_may_be_given_as_text() -> None:
    assert Vote("甲", "某甲", "agree").choice is Choice.AGREE  # type: ignore[arg-type]
    with pytest.raises(RuleError) as refused:
        Vote("甲", "某甲", "abstain")  # type: ignore[arg-type]
    assert "同意、不同意或缓议" in str(refused.value)


@pytest.mark.parametrize("members", [(), ("甲", "甲"), ("甲", " ")])
def test_a_committee_without_members_with_a_blank_or_a_repeated_member_is_refused(members: tuple[str, ...]) -> None:
    with pytest.raises(RuleError):
        Committee(members)


def test_asking_for_a_candidate_not_voted_on_is_refused() -> None:
    result = committee_vote(DEFAULT, NINE, "甲乙丙丁戊己", ["某甲"], [])
    with pytest.raises(RuleError):
        result.result("某乙")
