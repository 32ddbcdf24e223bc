"""Laws of the tally, searched by hypothesis (STYLE.md: state the law, let hypothesis find the counterexample)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from xuanren.rules.tally import (
    Ballot,
    EmptyGroupRule,
    EvaluationConfig,
    Option,
    Pooling,
    Post,
    RateBase,
    RecommendationConfig,
    RecommendationResult,
    Sheet,
    Turnout,
    VoterGroup,
    count_ballots,
    evaluation_sheet,
    merge,
    rank,
    recommendation_sheet,
    tally_evaluation,
    tally_recommendation,
)

GROUPS = ("leaders", "middle_managers", "others")
NAMES = ("某甲", "某乙", "某丙")


@dataclass(frozen=True)
class Election:
    posts: tuple[Post, ...]
    sheet: Sheet
    ballots: tuple[Ballot, ...]
    spare: tuple[tuple[int, int], ...]  # per group: ballots issued but not returned, entitled but not issued

    def turnout(self, ballots: tuple[Ballot, ...] | None = None) -> list[Turnout]:
        returned = Counter(b.group for b in (self.ballots if ballots is None else ballots))
        return [Turnout(g, returned[g] + unissued + unreturned, returned[g] + unreturned, returned[g])
                for g, (unreturned, unissued) in zip(GROUPS, self.spare, strict=True)]

    def tally(self, config: RecommendationConfig, ballots: tuple[Ballot, ...] | None = None,
              turnout: list[Turnout] | None = None) -> RecommendationResult:
        ballots = self.ballots if ballots is None else ballots
        return tally_recommendation(config, self.posts, count_ballots(self.sheet, ballots),
                                    turnout or self.turnout(ballots))


@st.composite
def elections(draw: st.DrawFn, max_ballots: int = 30) -> Election:
    posts = []
    for i in range(draw(st.integers(1, 3))):
        k = draw(st.integers(0, 4))
        cands = tuple(Option(f"c{j}", f"候选{j}") for j in range(k))
        posts.append(Post(f"p{i}", f"职位{i}", cands, slots=draw(st.integers(1, 2))))
    sheet = recommendation_sheet(posts)

    def answer(post: Post) -> st.SearchStrategy[tuple[tuple[str, ...], tuple[str, ...]]]:
        codes = [c.code for c in post.candidates]
        marks = st.lists(st.sampled_from(codes), unique=True).map(tuple) if codes else st.just(())
        names = st.lists(st.sampled_from(NAMES), unique=True, max_size=2).map(tuple)
        return st.tuples(marks, st.one_of(st.just(()), names))

    ballot = st.builds(lambda g, answers: Ballot(g, tuple(a[0] for a in answers), tuple(a[1] for a in answers)),
                       st.sampled_from(GROUPS), st.tuples(*(answer(p) for p in posts)))
    ballots = tuple(draw(st.lists(ballot, max_size=max_ballots)))
    spare = tuple(draw(st.tuples(st.integers(0, 3), st.integers(0, 3))) for _ in GROUPS)
    return Election(tuple(posts), sheet, ballots, spare)


@st.composite
def weights(draw: st.DrawFn) -> tuple[VoterGroup, ...]:
    """Three group weights, exact fractions ≥ 0, summing to exactly 100."""
    a = Fraction(draw(st.integers(0, 300)), 3)
    b = Fraction(draw(st.integers(0, int((100 - a) * 7))), 7)
    return (VoterGroup("leaders", "院领导", a), VoterGroup("middle_managers", "中层干部", b),
            VoterGroup("others", "其他人员", 100 - a - b))


configs = st.builds(RecommendationConfig, groups=weights(), rate_base=st.sampled_from(list(RateBase)),
                    empty_group=st.sampled_from([EmptyGroupRule.SHARE, EmptyGroupRule.ZERO]))


@given(elections(), st.data())
def test_permuting_ballots_changes_nothing(election: Election, data: st.DataObject) -> None:
    config = data.draw(configs)
    shuffled = tuple(data.draw(st.permutations(election.ballots)))
    assert election.tally(config, shuffled) == election.tally(config)


@given(elections(), configs)
def test_weights_summing_to_100_give_scores_between_0_and_100(election: Election,
                                                              config: RecommendationConfig) -> None:
    result = election.tally(config)
    for post in result.posts:
        for c in post.candidates:
            assert 0 <= c.score <= 100
            assert all(0 <= p.rate <= 1 for p in c.parts)


@given(elections(), st.data())
def test_an_added_mark_for_a_candidate_never_lowers_the_candidates_rate(election: Election,
                                                                        data: st.DataObject) -> None:
    config = data.draw(configs)
    candidates = [(pi, ci) for pi, p in enumerate(election.posts) for ci in range(len(p.candidates))]
    if not election.ballots or not candidates:
        return
    i = data.draw(st.integers(0, len(election.ballots) - 1))
    pi, ci = data.draw(st.sampled_from(candidates))
    code = election.posts[pi].candidates[ci].code
    ballot = election.ballots[i]
    if code in ballot.marks[pi]:
        return
    marks = tuple((*m, code) if q == pi else m for q, m in enumerate(ballot.marks))
    changed = (*election.ballots[:i], Ballot(ballot.group, marks, ballot.write_ins), *election.ballots[i + 1:])
    before = election.tally(config).posts[pi].candidates[ci]
    after = election.tally(config, changed, election.turnout()).posts[pi].candidates[ci]
    assert after.score >= before.score
    assert all(a.rate >= b.rate for a, b in zip(after.parts, before.parts, strict=True))


@given(elections(), st.data())
def test_an_added_ballot_for_a_candidate_never_lowers_the_candidates_rate(election: Election,
                                                                          data: st.DataObject) -> None:
    config = data.draw(configs)
    candidates = [(pi, ci) for pi, p in enumerate(election.posts) for ci in range(len(p.candidates))]
    if not candidates:
        return
    pi, ci = data.draw(st.sampled_from(candidates))
    group = data.draw(st.sampled_from(GROUPS))
    code = election.posts[pi].candidates[ci].code
    extra = Ballot(group, tuple((code,) if q == pi else () for q in range(len(election.posts))))
    before = election.tally(config).posts[pi].candidates[ci]
    after = election.tally(config, (*election.ballots, extra)).posts[pi].candidates[ci]
    rate = {part.group.code: part for part in before.parts}
    assert next(p for p in after.parts if p.group.code == group).rate >= rate[group].rate
    if not rate[group].empty:
        # The weights in force are unchanged, so the score cannot fall. (When the group had returned no
        # ballot, its weight was shared among the others under the default rule: its first ballot takes
        # that weight back at the rate it brings, which may lower the score — as the rule says.)
        assert after.score >= before.score


@given(elections(), st.data())
def test_an_overvoted_post_leaves_the_other_posts_of_the_ballot_unchanged(election: Election,
                                                                          data: st.DataObject) -> None:
    config = data.draw(configs)
    if not election.ballots:
        return
    i = data.draw(st.integers(0, len(election.ballots) - 1))
    pi = data.draw(st.integers(0, len(election.posts) - 1))
    post = election.posts[pi]
    ballot = election.ballots[i]
    everyone = tuple(c.code for c in post.candidates)
    names = NAMES[: max(0, post.marks_allowed + 1 - len(everyone))]  # written-in names take marks too
    writes = ballot.write_ins or tuple(() for _ in election.posts)
    overvoted = Ballot(ballot.group, tuple(everyone if q == pi else m for q, m in enumerate(ballot.marks)),
                       tuple(names if q == pi else w for q, w in enumerate(writes)))
    changed = (*election.ballots[:i], overvoted, *election.ballots[i + 1:])
    before, after = election.tally(config), election.tally(config, changed)
    was_overvoted = len(ballot.marks[pi]) + len(writes[pi]) > post.marks_allowed
    g = GROUPS.index(ballot.group)
    assert after.posts[pi].ballots[g].overvoted == before.posts[pi].ballots[g].overvoted + (not was_overvoted)
    for q in range(len(election.posts)):
        if q != pi:
            assert after.posts[q] == before.posts[q]


@given(elections(max_ballots=60))
def test_the_count_agrees_with_a_ballot_by_ballot_count(election: Election) -> None:
    counts = count_ballots(election.sheet, election.ballots)
    for g in GROUPS:
        mine = [b for b in election.ballots if b.group == g]
        if not mine:
            assert g not in counts
            continue
        for pi, post in enumerate(election.posts):
            c = counts[g].questions[pi]
            marks = [0] * len(post.candidates)
            valid = blank = over = 0
            names: Counter[str] = Counter()
            for b in mine:
                written = b.write_ins[pi] if b.write_ins else ()
                if len(b.marks[pi]) + len(written) > post.marks_allowed:
                    over += 1
                    continue
                valid += 1
                blank += not b.marks[pi] and not written
                for code in b.marks[pi]:
                    marks[[o.code for o in post.candidates].index(code)] += 1
                names.update(written)
            assert (c.ballots, c.valid, c.blank, c.overvoted, c.marks) == (len(mine), valid, blank, over, tuple(marks))
            assert dict(c.write_ins) == dict(names)


@given(elections(), st.integers(0, 30))
def test_counts_made_in_parts_add_up_to_the_count_of_the_whole(election: Election, cut: int) -> None:
    first, second = election.ballots[:cut], election.ballots[cut:]
    assert merge(count_ballots(election.sheet, first), count_ballots(election.sheet, second)) == count_ballots(
        election.sheet, election.ballots)


@given(st.lists(st.fractions(min_value=0, max_value=100), max_size=12))
def test_ranks_follow_the_scores(scores: list[Fraction]) -> None:
    ranks = rank(scores)
    for s, r in zip(scores, ranks, strict=True):
        assert r == 1 + sum(1 for other in scores if other > s)


GRADE_CODES = ("excellent", "competent", "basic", "incompetent", "unknown")


@given(st.lists(st.tuples(st.sampled_from(GROUPS), st.lists(st.sampled_from(GRADE_CODES), unique=True, max_size=2)),
                min_size=1, max_size=40),
       st.sampled_from(list(Pooling)), st.sampled_from(list(RateBase)))
def test_evaluation_rates_are_shares_and_flags_are_nested(ballots: list[tuple[str, list[str]]], pooling: Pooling,
                                                          base: RateBase) -> None:
    person = Option("x", "某同志")
    sheet = evaluation_sheet([person])
    config = EvaluationConfig(pooling=pooling, rate_base=base)
    returned = Counter(g for g, _ in ballots)
    turnouts = [Turnout(g, returned[g] + 1, returned[g], returned[g]) for g in GROUPS]
    counts = count_ballots(sheet, [sheet.ballot(g, {"x": marks}) for g, marks in ballots])
    r = tally_evaluation(config, [person], counts, turnouts).persons[0]
    assert 0 <= sum(g.rate for g in r.grades) <= 1
    assert 0 <= r.satisfaction + r.dissatisfaction <= 1
    assert not r.adjustment or r.admonition
    assert not (r.admonition and r.dissatisfaction <= Fraction(1, 5))
