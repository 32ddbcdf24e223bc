"""Laws of the committee vote, searched by hypothesis."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from xuanren.rules.committee import (
    Base,
    Choice,
    Committee,
    CommitteeRule,
    DeferRule,
    Outcome,
    Vote,
    committee_vote,
)

CANDIDATES = ("某甲", "某乙", "某丙")


@dataclass(frozen=True)
class Meeting:
    rule: CommitteeRule
    committee: Committee
    present: tuple[str, ...]
    votes: tuple[Vote, ...]


rules = st.builds(CommitteeRule,
                  quorum=st.sampled_from([Fraction(2, 3), Fraction(1, 2), Fraction(4, 5), Fraction(0), Fraction(1)]),
                  pass_share=st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(0), Fraction(99, 100)]),
                  base=st.sampled_from(list(Base)), defer_rule=st.sampled_from(list(DeferRule)))


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    size = draw(st.integers(1, 15))
    members = tuple(f"委员{i}" for i in range(size))
    present = tuple(m for m in members if draw(st.booleans()))
    cast = []
    for member in present:
        for candidate in CANDIDATES:
            choice = draw(st.sampled_from([*Choice, None]))
            if choice is not None:
                cast.append(Vote(member, candidate, choice))
    return Meeting(draw(rules), Committee(members), present, tuple(cast))


def vote(m: Meeting, cast: tuple[Vote, ...] | None = None) -> dict[str, Outcome]:
    result = committee_vote(m.rule, m.committee, m.present, CANDIDATES, m.votes if cast is None else cast)
    return {c.candidate: c.outcome for c in result.candidates}


@given(meetings(), st.data())
def test_changing_a_disagree_or_defer_to_agree_never_turns_a_pass_into_anything_else(m: Meeting,
                                                                                    data: st.DataObject) -> None:
    others = [i for i, v in enumerate(m.votes) if v.choice is not Choice.AGREE]
    if not others:
        return
    i = data.draw(st.sampled_from(others))
    changed = (*m.votes[:i], replace(m.votes[i], choice=Choice.AGREE), *m.votes[i + 1:])
    before, after = vote(m), vote(m, changed)
    for candidate in CANDIDATES:
        if before[candidate] is Outcome.PASSED:
            assert after[candidate] is Outcome.PASSED


@given(meetings(), st.data())
def test_adding_an_agreeing_vote_never_turns_a_pass_into_anything_else(m: Meeting, data: st.DataObject) -> None:
    voted = {(v.member, v.candidate) for v in m.votes}
    free = [(p, c) for p in m.present for c in CANDIDATES if (p, c) not in voted]
    if not free:
        return
    member, candidate = data.draw(st.sampled_from(free))
    before, after = vote(m), vote(m, (*m.votes, Vote(member, candidate, Choice.AGREE)))
    if before[candidate] is Outcome.PASSED:
        assert after[candidate] is Outcome.PASSED
    assert {c: o for c, o in after.items() if c != candidate} == {c: o for c, o in before.items() if c != candidate}


@given(meetings(), st.randoms(use_true_random=False))
def test_the_order_of_the_votes_changes_nothing(m: Meeting, rnd: Random) -> None:
    shuffled = list(m.votes)
    rnd.shuffle(shuffled)
    first = committee_vote(m.rule, m.committee, m.present, CANDIDATES, m.votes)
    second = committee_vote(m.rule, m.committee, m.present, CANDIDATES, tuple(shuffled))
    assert first == second
    assert [x.as_dict() for x in first.explain()] == [x.as_dict() for x in second.explain()]


@given(meetings())
def test_void_exactly_when_those_present_are_fewer_than_the_quorum_share(m: Meeting) -> None:
    result = committee_vote(m.rule, m.committee, m.present, CANDIDATES, m.votes)
    below = Fraction(len(m.present), len(m.committee.members)) < m.rule.quorum
    assert result.valid is not below
    assert all((c.outcome is Outcome.VOID) is below for c in result.candidates)


@given(meetings())
def test_with_the_default_rule_a_candidate_passes_exactly_when_agreements_are_more_than_half_of_all_members(
        m: Meeting) -> None:
    default = replace(m, rule=CommitteeRule())
    result = committee_vote(default.rule, default.committee, default.present, CANDIDATES, default.votes)
    for c in result.candidates:
        if 3 * len(m.present) >= 2 * len(m.committee.members):
            assert c.passed is (2 * c.agree > len(m.committee.members))
        else:
            assert c.outcome is Outcome.VOID


@given(meetings())
def test_counts_add_up_to_those_present_and_every_candidate_has_one_outcome(m: Meeting) -> None:
    result = committee_vote(m.rule, m.committee, m.present, CANDIDATES, m.votes)
    for c in result.candidates:
        assert c.agree + c.disagree + c.defer + c.not_voted == len(m.present)
        assert c.not_voted >= 0
    assert sorted(result.passed() + result.failed() + result.deferred()) == (
        sorted(CANDIDATES) if result.valid else [])
    assert len(result.explain()) == 1 + len(CANDIDATES)
