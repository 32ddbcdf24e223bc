"""Benchmark of the composite score and the shortlist: 100,000 candidates across 2,000 posts in under 3 seconds.

Run:  .venv/bin/python bench/composite.py       (or --candidates N --posts P --repeat R --target SECONDS --seed S)

The data: 100,000 candidates spread over 2,000 posts (1 to 3 slots each), with 4 components — the written
exam (笔试, weight 30, out of 150, minimum 90), the interview (面试, 30), the democratic recommendation
(民主推荐, 20) and the evaluation (民主测评, 20) — each score an exact decimal with 2 places, about 2% absent
from the exam and 1% from the interview; 1% of the candidates have exactly the scores of another candidate of
their post (so some are tied). Tie-breaks: the recommendation, then the interview.

What is timed, for the core (xuanren.rules.scoring, pure Python, exact): ``composites`` (every candidate's
composite, its parts scaled to 100 and the reasons they cannot be shortlisted) and ``rank_all`` (competition
ranks per post with the tie-breaks, the 1:3 shortlist with ties at the cut, a reason per candidate). The
explanations are built as :class:`~xuanren.rules.messages.Message` objects but not rendered to text. Not
timed: making the :class:`CandidateScores` from the data, as reading them from the database is not.

The baseline, in the same run on the same data: the plain way, with binary floats — per candidate the sum
of weighted float scores, candidates grouped by post and sorted, the first ``3 × slots`` eligible taken
(ties at the cut compared with ``==`` on floats). It decides nothing exactly and explains nothing.

The bench checks that both shortlists agree on every post where no other eligible candidate is within 1e-9 of
the last one taken (floats cannot be trusted to order them, and the core's tie-breaks may part an exact tie),
prints both times and the ratio, and exits 1 if the core's median run misses the target (2 if the shortlists
disagree).
"""

from __future__ import annotations

import argparse
import importlib
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from math import lcm
from typing import Any

from xuanren.rules.scoring import (
    CandidateScores,
    Component,
    Composite,
    PostRanking,
    ShortlistRule,
    composites,
    rank_all,
)

COMPONENTS = (
    Component("exam", "笔试", Fraction(30), Fraction(150), min_score=Fraction(90)),
    Component("interview", "面试", Fraction(30)),
    Component("recommendation", "民主推荐", Fraction(20)),
    Component("evaluation", "民主测评", Fraction(20)),
)
ABSENT = {"exam": 0.02, "interview": 0.01}
SAME_AS_ANOTHER = 0.01
RULE = ShortlistRule(ratio=3, tie_breaks=("recommendation", "interview"), decimals=2)
NEAR = 1e-9

Row = tuple[str, str, tuple[int | None, ...]]  # candidate, post, scores in hundredths (None: absent)


def make_data(rng: random.Random, candidates: int, posts: int) -> tuple[dict[str, int], list[Row]]:
    """Posts with 1 to 3 slots; candidates spread over them (each post gets at least one); scores in cents."""
    slots = {f"p{i:04d}": rng.choice((1, 1, 1, 2, 2, 3)) for i in range(posts)}
    names = list(slots)
    rows: list[Row] = []
    last: dict[str, tuple[int | None, ...]] = {}
    for n in range(candidates):
        post = names[n] if n < posts else rng.choice(names)
        if post in last and rng.random() < SAME_AS_ANOTHER:
            rows.append((f"c{n:06d}", post, last[post]))
            continue
        scores: list[int | None] = []
        for c in COMPONENTS:
            if rng.random() < ABSENT.get(c.kind, 0.0):
                scores.append(None)
                continue
            full = int(c.full_marks) * 100
            # Mostly 55–95% of full marks, the exam a little lower (some fall below its minimum).
            low = 0.45 if c.kind == "exam" else 0.55
            scores.append(min(full, max(0, round(rng.uniform(low, 0.95) * full))))
        last[post] = tuple(scores)
        rows.append((f"c{n:06d}", post, last[post]))
    rng.shuffle(rows)
    return slots, rows


def timed(fn: Callable[[], Any], repeat: int, cpu: list[float] | None = None) -> tuple[Any, list[float]]:
    """``fn()`` run ``repeat`` times: its result and the wall-clock times (CPU times appended to ``cpu``)."""
    times, result = [], None
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        if cpu is not None:
            cpu.append(time.process_time() - c0)
    return result, times


# --- the core --------------------------------------------------------------------------------------------

def exact_inputs(rows: list[Row]) -> list[CandidateScores]:
    kinds = [c.kind for c in COMPONENTS]
    return [CandidateScores(cand, post, {k: None if s is None else Fraction(s, 100)
                                         for k, s in zip(kinds, scores, strict=True)})
            for cand, post, scores in rows]


def core(slots: dict[str, int], inputs: list[CandidateScores]) -> dict[str, PostRanking]:
    return rank_all(slots, composites(inputs, COMPONENTS), RULE)


@contextmanager
def _no_pause() -> Iterator[None]:
    yield


def with_collector(fn: Callable[[], Any]) -> Any:
    """``fn()`` with the core's pause of the cyclic garbage collector switched off, to measure what it saves."""
    modules = [importlib.import_module(f"xuanren.rules.scoring.{name}") for name in ("composite", "ranking")]
    saved = [m.collector_paused for m in modules]
    for m in modules:
        setattr(m, "collector_paused", _no_pause)  # noqa: B010
    try:
        return fn()
    finally:
        for m, pause in zip(modules, saved, strict=True):
            setattr(m, "collector_paused", pause)  # noqa: B010


# --- sort keys: what ranking on exact values costs, Fractions against scaled integers --------------------

def sort_on_fractions(slots: dict[str, int], cs: list[Composite]) -> int:
    by_post: dict[str, list[tuple[tuple[Fraction | int, ...], str]]] = {post: [] for post in slots}
    ties = [[p.kind for p in cs[0].parts].index(k) for k in RULE.tie_breaks]
    for c in cs:
        key = (c.value, *(-1 if (s := c.parts[i].scaled) is None else s for i in ties))
        by_post[c.post].append((key, c.candidate))
    for group in by_post.values():
        group.sort(key=lambda r: r[0], reverse=True)
    return len(by_post)


def sort_on_integers(slots: dict[str, int], cs: list[Composite]) -> int:
    ties = [[p.kind for p in cs[0].parts].index(k) for k in RULE.tie_breaks]
    scales = [lcm(*{c.value.denominator for c in cs})]
    scales += [lcm(*{s.denominator for c in cs if (s := c.parts[i].scaled) is not None}) for i in ties]
    by_post: dict[str, list[tuple[tuple[int, ...], str]]] = {post: [] for post in slots}
    for c in cs:
        v = c.value
        key = [-(v.numerator * (scales[0] // v.denominator))]
        for i, scale in zip(ties, scales[1:], strict=True):
            s = c.parts[i].scaled
            key.append(1 if s is None else -(s.numerator * (scale // s.denominator)))
        by_post[c.post].append((tuple(key), c.candidate))
    for group in by_post.values():
        group.sort()
    return len(by_post)


# --- the baseline: floats and a sort ---------------------------------------------------------------------

FloatRow = tuple[str, str, tuple[float | None, ...]]


def float_inputs(rows: list[Row]) -> list[FloatRow]:
    return [(cand, post, tuple(None if s is None else s / 100 for s in scores)) for cand, post, scores in rows]


def baseline(slots: dict[str, int], rows: list[FloatRow]) -> dict[str, list[tuple[float, bool, str]]]:
    """Per post, ``(composite, eligible, candidate)`` sorted best first: the sum of weighted floats."""
    weights = [float(c.weight) / float(c.full_marks) for c in COMPONENTS]
    minimum = [None if c.min_score is None else float(c.min_score) for c in COMPONENTS]
    weighted = [bool(c.weight) or c.min_score is not None for c in COMPONENTS]
    by_post: dict[str, list[tuple[float, bool, str]]] = {post: [] for post in slots}
    for cand, post, scores in rows:
        value, eligible = 0.0, True
        for s, w, least, counts in zip(scores, weights, minimum, weighted, strict=True):
            if s is None:
                eligible = eligible and not counts
                continue
            value += w * s
            if least is not None and s < least:
                eligible = False
        by_post[post].append((value, eligible, cand))
    for group in by_post.values():
        group.sort(key=lambda r: -r[0])
    return by_post


def float_shortlist(group: list[tuple[float, bool, str]], quota: int) -> tuple[set[str], bool]:
    """The baseline's shortlist of a post, and whether floats are trustworthy at its cut (no near tie)."""
    eligible = [(v, cand) for v, ok, cand in group if ok]
    taken = eligible[:quota]
    if len(eligible) <= quota:
        return {cand for _, cand in taken}, True
    last = taken[-1][0]
    rest = eligible[quota:]
    chosen = {cand for _, cand in taken} | {cand for v, cand in rest if v == last}
    # Another candidate within NEAR of the last one taken: floats cannot be trusted to order them, and an exact
    # tie may be broken by a tie-break the baseline does not apply.
    near = sum(abs(v - last) < NEAR for v, _ in eligible) > 1
    return chosen, not near


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--target", type=float, default=3.0, help="seconds the core's median run must stay under")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    slots, rows = make_data(rng, args.candidates, args.posts)
    absent = sum(s is None for _, _, scores in rows for s in scores)
    print(f"Python {platform.python_version()} on {platform.machine()}; {len(rows):,} candidates, {len(slots):,} "
          f"posts ({sum(slots.values()):,} slots), {len(COMPONENTS)} components, {absent:,} scores absent")
    inputs = exact_inputs(rows)
    floats = float_inputs(rows)

    cpu: list[float] = []
    rankings, core_times = timed(lambda: core(slots, inputs), args.repeat, cpu)
    ours = statistics.median(core_times)
    standings = sum(len(r.standings) for r in rankings.values())
    shortlisted = sum(len(r.shortlist) for r in rankings.values())
    tied = sum(s.tied for r in rankings.values() for s in r.standings)
    print(f"core   composites + rank_all ({standings:,} standings, {shortlisted:,} shortlisted, {tied:,} tied): "
          f"median {ours:.3f} s of {', '.join(f'{t:.3f}' for t in core_times)} "
          f"(CPU {', '.join(f'{t:.3f}' for t in cpu)})")
    parts = composites(inputs, COMPONENTS)
    _, composite_times = timed(lambda: composites(inputs, COMPONENTS), args.repeat)
    _, rank_times = timed(lambda: rank_all(slots, parts, RULE), args.repeat)
    print(f"       of which composites {statistics.median(composite_times):.3f} s, "
          f"rank_all {statistics.median(rank_times):.3f} s")
    _, collected_times = timed(lambda: with_collector(lambda: core(slots, inputs)), args.repeat)
    print(f"       the same with the garbage collector left running: median {statistics.median(collected_times):.3f} s "
          f"of {', '.join(f'{t:.3f}' for t in collected_times)}")
    _, fraction_times = timed(lambda: sort_on_fractions(slots, parts), args.repeat)
    _, integer_times = timed(lambda: sort_on_integers(slots, parts), args.repeat)
    print(f"sort keys alone (grouped by post, composite + 2 tie-breaks): tuples of Fractions "
          f"{statistics.median(fraction_times):.3f} s, integers over a common denominator "
          f"{statistics.median(integer_times):.3f} s")

    base_result, base_times = timed(lambda: baseline(slots, floats), args.repeat)
    base = statistics.median(base_times)
    print(f"float  weighted sum + sort per post: median {base:.3f} s of {', '.join(f'{t:.3f}' for t in base_times)}; "
          f"the core takes {ours / base:.2f}× as long")

    compared = skipped = differ = 0
    for post, group in base_result.items():
        theirs, trusted = float_shortlist(group, RULE.ratio * slots[post])
        if not trusted:
            skipped += 1
            continue
        compared += 1
        if theirs != set(rankings[post].shortlist):
            differ += 1
            if differ <= 3:
                print(f"  {post}: core {sorted(rankings[post].shortlist)} vs float {sorted(theirs)}")
    print(f"shortlists agree on {compared - differ:,} of {compared:,} posts compared "
          f"({skipped:,} skipped for a float near-tie at the cut)")

    if differ:
        print("FAIL: the shortlists differ from the baseline's", file=sys.stderr)
        return 2
    if ours >= args.target:
        print(f"FAIL: the core took {ours:.3f} s, target {args.target} s", file=sys.stderr)
        return 1
    print(f"OK: {ours:.3f} s < {args.target} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
