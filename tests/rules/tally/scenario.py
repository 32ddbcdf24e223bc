"""Builders for tally tests: ballots from per-post distributions, turnouts from box sizes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from xuanren.rules.tally import (
    Ballot,
    Option,
    Post,
    RecommendationConfig,
    RecommendationResult,
    Sheet,
    Turnout,
    count_ballots,
    recommendation_sheet,
    tally_recommendation,
)

GROUPS = ("leaders", "middle_managers", "others")

Spec = Sequence[tuple[Sequence[str], int]]


def candidates(*names: str) -> tuple[Option, ...]:
    """Options coded a, b, c… named 候选人A, 候选人B…"""
    return tuple(Option(chr(ord("a") + i), f"候选人{name}") for i, name in enumerate(names))


def box(sheet: Sheet, group: str, size: int, answers: Mapping[str, Spec],
        write_ins: Mapping[str, Spec] | None = None) -> list[Ballot]:
    """``size`` ballots of ``group``; for each post, ``(marks, k)`` pairs give k ballots marking ``marks``
    (the first ballots, in order), the rest blank. ``write_ins`` likewise give names written in."""
    columns = {post: _column(spec, size) for post, spec in answers.items()}
    written = {post: _column(spec, size) for post, spec in (write_ins or {}).items()}
    return [sheet.ballot(group, {p: c[i] for p, c in columns.items()},
                         {p: c[i] for p, c in written.items()} if written else None)
            for i in range(size)]


def _column(spec: Spec, size: int) -> list[tuple[str, ...]]:
    column = [tuple(marks) for marks, k in spec for _ in range(k)]
    assert len(column) <= size, "more answers than ballots"
    return column + [()] * (size - len(column))


def turnout(sizes: Mapping[str, int], entitled: Mapping[str, int] | None = None) -> list[Turnout]:
    """Every group issued and returned its box size; entitled as given, else the same."""
    return [Turnout(g, (entitled or {}).get(g, sizes.get(g, 0)), sizes.get(g, 0), sizes.get(g, 0)) for g in GROUPS]


def one_post(cands: tuple[Option, ...], marks: Mapping[str, Mapping[str, int]], sizes: Mapping[str, int],
             slots: int = 1, config: RecommendationConfig | None = None) -> RecommendationResult:
    """A single post: ``marks[group][candidate code]`` ballots mark just that candidate, the rest blank."""
    post = Post("p", "办公室主任", cands, slots=slots)
    sheet = recommendation_sheet([post])
    ballots: list[Ballot] = []
    for group, size in sizes.items():
        ballots += box(sheet, group, size, {"p": [((c,), k) for c, k in marks.get(group, {}).items()]})
    return tally_recommendation(config or RecommendationConfig(), [post], count_ballots(sheet, ballots),
                                turnout(sizes))
