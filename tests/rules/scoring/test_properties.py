"""Laws of panel scores, composites and shortlists, searched by hypothesis."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import pairwise
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from xuanren.rules.scoring import (
    CandidateScores,
    Component,
    Composite,
    JudgeScore,
    PanelRule,
    ShortlistRule,
    composite,
    composites,
    panel_score,
    rank_all,
    rank_post,
)

# Scores with two places, as entered; some panel means in thirds and sevenths, as a panel makes them.
cents = st.integers(0, 10_000).map(lambda n: Fraction(n, 100))
odd = st.builds(Fraction, st.integers(0, 700), st.sampled_from([3, 7, 9]))


def judge_scores(draw: st.DrawFn, min_size: int = 0, groups: tuple[str, ...] = ("",)) -> list[JudgeScore]:
    totals = draw(st.lists(st.one_of(cents, odd), min_size=min_size, max_size=9))
    return [JudgeScore(f"j{i}", t, draw(st.sampled_from(groups))) for i, t in enumerate(totals)]


@st.composite
def rules(draw: st.DrawFn) -> PanelRule:
    method = draw(st.sampled_from(["trimmed", "mean", "groups"]))
    drop = draw(st.integers(0, 2))
    min_judges = draw(st.integers(2 * drop + 1, 7))
    groups: tuple[tuple[str, Fraction], ...] = ()
    if method == "groups":
        a = Fraction(draw(st.integers(0, 300)), 3)
        groups = (("leaders", a), ("experts", 100 - a))
    return PanelRule(method, drop, min_judges, groups)


@st.composite
def panels(draw: st.DrawFn, min_size: int = 0) -> tuple[PanelRule, list[JudgeScore]]:
    rule = draw(rules())
    groups = tuple(c for c, _ in rule.groups) or ("",)
    return rule, judge_scores(draw, min_size, groups)


@given(panels(min_size=1))
def test_the_panel_score_lies_between_the_lowest_and_the_highest_total(panel: tuple[PanelRule, list[JudgeScore]]
                                                                       ) -> None:
    rule, scores = panel
    result = panel_score(scores, rule)
    totals = [s.total for s in scores]
    if result.score is None:  # only when every judge sits in a group of weight 0
        assert rule.method == "groups"
        return
    assert min(totals) <= result.score <= max(totals)
    assert sorted(s.judge for s in (*result.counted, *result.dropped)) == sorted(s.judge for s in scores)


@given(panels(), st.randoms())
def test_permuting_judges_changes_nothing(panel: tuple[PanelRule, list[JudgeScore]], rng: object) -> None:
    rule, scores = panel
    shuffled = list(scores)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert panel_score(shuffled, rule) == panel_score(scores, rule)


@given(panels(min_size=1), st.data())
def test_raising_one_judges_total_never_lowers_the_panel_score(panel: tuple[PanelRule, list[JudgeScore]],
                                                               data: st.DataObject) -> None:
    rule, scores = panel
    i = data.draw(st.integers(0, len(scores) - 1))
    more = data.draw(st.one_of(cents, odd))
    raised = list(scores)
    raised[i] = JudgeScore(scores[i].judge, scores[i].total + more, scores[i].group)
    before, after = panel_score(scores, rule).score, panel_score(raised, rule).score
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after >= before


@st.composite
def formulas(draw: st.DrawFn) -> list[Component]:
    n = draw(st.integers(1, 4))
    cuts = sorted(draw(st.lists(st.integers(0, 300), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 300]
    weights = [Fraction(b - a, 3) for a, b in pairwise(bounds)]
    out = []
    for i, w in enumerate(weights):
        full = Fraction(draw(st.sampled_from([100, 150, 120, 10])))
        least = draw(st.one_of(st.none(), st.integers(0, int(full)).map(Fraction)))
        out.append(Component(f"k{i}", f"项目{i}", w, full, least))
    return out


def score_for(draw: st.DrawFn, c: Component) -> Fraction | None:
    full = int(c.full_marks * 100)
    return draw(st.one_of(st.none(), st.integers(0, full).map(lambda n: Fraction(n, 100)),
                          st.integers(0, int(c.full_marks) * 7).map(lambda n: Fraction(n, 7))))


@st.composite
def campaigns(draw: st.DrawFn) -> tuple[list[Component], list[CandidateScores], dict[str, int]]:
    components = draw(formulas())
    slots = {f"p{i}": draw(st.integers(1, 3)) for i in range(draw(st.integers(1, 3)))}
    # Few distinct score values, so that ties (and ties on the tie-breaks) are common.
    pool = [score_for(draw, c) for c in components for _ in range(2)]
    candidates = []
    for i in range(draw(st.integers(0, 14))):
        scores = {c.kind: draw(st.sampled_from([None, *pool[2 * j:2 * j + 2]])) for j, c in enumerate(components)}
        candidates.append(CandidateScores(f"c{i:02d}", draw(st.sampled_from(sorted(slots))), scores))
    return components, candidates, slots


def shortlist_rule(draw: Callable[[st.SearchStrategy[Any]], Any], components: list[Component]) -> ShortlistRule:
    kinds = [c.kind for c in components]
    ties = draw(st.lists(st.sampled_from(kinds), unique=True, max_size=len(kinds)))
    return ShortlistRule(draw(st.integers(1, 3)), tuple(ties))


@given(formulas(), st.data())
def test_weights_summing_to_100_and_scores_within_full_marks_give_a_composite_in_0_100(
        components: list[Component], data: st.DataObject) -> None:
    scores = {c.kind: data.draw(st.builds(lambda n: Fraction(n, 100), st.integers(0, int(c.full_marks * 100))))
              for c in components}
    result = composite(CandidateScores("a", "p", scores), components)
    assert 0 <= result.value <= 100
    assert result.value == sum((p.contribution for p in result.parts), Fraction(0))
    assert all(p.scaled is not None and 0 <= p.scaled <= 100 for p in result.parts)


@given(campaigns())
def test_the_batch_equals_one_by_one(campaign: tuple[list[Component], list[CandidateScores], dict[str, int]]
                                     ) -> None:
    components, candidates, _ = campaign
    batch = composites(candidates, components)
    assert batch == [composite(c, components) for c in candidates]
    for c in batch:
        expected = sum((p.weight * (p.raw or 0) / p.full_marks for p in c.parts), Fraction(0))
        assert c.value == expected


def reference_ranks(cs: list[Composite], tie_breaks: tuple[str, ...]) -> dict[str, int]:
    """Competition ranks computed the slow, obvious way on Fractions."""
    def key(c: Composite) -> tuple[Fraction, ...]:
        parts = {p.kind: Fraction(-1) if p.scaled is None else p.scaled for p in c.parts}
        return (c.value, *(parts[k] for k in tie_breaks))
    return {c.candidate: 1 + sum(key(o) > key(c) for o in cs) for c in cs}


@given(campaigns(), st.data())
def test_shortlists_take_enough_include_ties_at_the_cut_and_only_the_eligible(
        campaign: tuple[list[Component], list[CandidateScores], dict[str, int]], data: st.DataObject) -> None:
    components, candidates, slots = campaign
    rule = shortlist_rule(data.draw, components)
    cs = composites(candidates, components)
    rankings = rank_all(slots, cs, rule)
    assert sorted(s.candidate for r in rankings.values() for s in r.standings) == sorted(c.candidate for c in cs)
    for post, ranking in rankings.items():
        mine = [c for c in cs if c.post == post]
        assert ranking == rank_post(post, slots[post], mine, rule)
        standings = ranking.standings
        eligible = [s for s in standings if s.composite.eligible]
        chosen = [s for s in standings if s.shortlisted]
        k = rule.ratio * slots[post]
        assert len(chosen) >= min(k, len(eligible))
        assert all(s.composite.eligible for s in chosen)
        # Ranks: competition ranking on the exact values, non-decreasing along the standings.
        assert [s.rank for s in standings] == sorted(s.rank for s in standings)
        assert {s.candidate: s.rank for s in standings} == reference_ranks(mine, rule.tie_breaks)
        for s in standings:
            assert s.tied == any(o is not s and o.rank == s.rank for o in standings)
        if chosen:
            last = chosen[-1]
            # Everyone eligible tied with the last one taken is in; nobody else beyond the quota.
            for s in eligible:
                if s.rank == last.rank:
                    assert s.shortlisted
            if len(chosen) > k:
                assert all(s.rank == last.rank for s in chosen[k - 1:])
            assert all(s.rank <= last.rank for s in chosen)
            assert all(not s.shortlisted for s in standings if s.rank > last.rank)


@given(campaigns(), st.data(), st.randoms())
def test_permuting_candidates_changes_no_standing(
        campaign: tuple[list[Component], list[CandidateScores], dict[str, int]], data: st.DataObject,
        rng: object) -> None:
    components, candidates, slots = campaign
    rule = shortlist_rule(data.draw, components)
    shuffled = list(candidates)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert rank_all(slots, composites(shuffled, components), rule) == rank_all(
        slots, composites(candidates, components), rule)
