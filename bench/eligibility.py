"""Benchmark: eligibility review of a province-wide open selection (100,000 applications, 2,000 posts).

Run: ``.venv/bin/python bench/eligibility.py`` (``--applications``, ``--posts``, ``--seed`` to vary).

Measured, in this order, in one process on the same generated data:

1. ``check_many``: the batch review, a full :class:`Verdict` (every finding with its explanation) per
   application. This is what the 5-second target applies to.
2. the baseline: the simplest loop, one application at a time, that computes only eligible / not with
   the same rules written out plainly (no compilation, no explanations, no caches). It is in this file,
   independent of the rules module, so it also cross-checks the results.
3. ``Review.eligible``: the compiled predicate (yes/no only), for comparison.
4. one-by-one ``check()``: each application compiled and judged on its own, to verify the batch.

The run fails (exit status 1) if the batch results differ from one-by-one ``check`` or from the baseline,
or if the batch review takes 5 seconds or more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from xuanren.rules.eligibility import (
    APPRAISAL_ORDER,
    EDUCATION_ORDER,
    LEVEL_CODES,
    RANK_CODES,
    Candidate,
    Conditions,
    Verdict,
    check,
    check_many,
    compile,
    levels_at_or_above,
    ranks_at_or_above,
)

TARGET_SECONDS = 5.0
ON = dt.date(2026, 11, 23)
T = TypeVar("T")


def make_posts(rng: random.Random, n: int) -> list[Conditions]:
    posts = []
    for _ in range(n):
        # Mostly leadership posts from 副科 to 正处, open to the parallel ranks as well (the 2019 rules).
        level_i = rng.randrange(4, 8)
        levels = levels_at_or_above(LEVEL_CODES[level_i]) if rng.random() < 0.9 else frozenset()
        ranks = ranks_at_or_above(RANK_CODES[rng.randrange(3, 11)]) if rng.random() < 0.6 or not levels else frozenset()
        max_age = rng.choice((None, 35, 40, 45, 45, 50, 55))
        min_age = rng.choice((None, None, None, 25, 30)) if max_age is None or max_age >= 35 else None
        min_education = rng.choice((None, "college", "bachelor", "bachelor", "master"))
        posts.append(Conditions(
            qualifying_levels=levels,
            qualifying_ranks=ranks,
            min_years=rng.choice((None, 1, 2, 2, 3, 3, 4)),
            min_age=min_age,
            max_age=max_age,
            min_education=min_education,
            full_time_required=min_education is not None and rng.random() < 0.4,
            appraisal_years=rng.choice((0, 1, 2, 3, 3, 3, 5)),
            appraisal_min=rng.choice(("competent",) * 9 + ("excellent",)),
            no_discipline_in_force=rng.random() < 0.9,
            party_member_required=rng.random() < 0.7,
            probationary_counts=rng.random() < 0.8,
            free_text=("具有两年以上基层工作经历",) if rng.random() < 0.3 else (),
        ))
    return posts


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def make_candidates(rng: random.Random, n: int) -> list[Candidate]:
    people = []
    for _ in range(n):
        born = _date_between(rng, dt.date(1966, 1, 1), dt.date(2000, 12, 31))
        career_start = born.replace(year=born.year + 22) if born.month != 2 or born.day != 29 else dt.date(
            born.year + 22, 3, 1)
        level = rng.choice((None, None, *LEVEL_CODES[3:]))
        rank = rng.choice((None, *RANK_CODES[2:]))
        appraisals = {}
        for year in range(2016, 2026):
            if rng.random() < 0.03:
                continue  # a year without a result (leave, a move between units)
            appraisals[year] = rng.choices((*APPRAISAL_ORDER, "ungraded"), weights=(25, 70, 3, 0.5, 1.5))[0]
        disciplines = []
        if rng.random() < 0.04:
            start = _date_between(rng, dt.date(2018, 1, 1), ON)
            until = None if rng.random() < 0.1 else start + dt.timedelta(days=rng.choice((180, 365, 540, 730)))
            disciplines.append((start, until))
        people.append(Candidate(
            birth_date=born,
            education=rng.choices(EDUCATION_ORDER, weights=(3, 25, 50, 15, 5, 2))[0],
            full_time=rng.random() < 0.7,
            political_status=rng.choices(("party_member", "probationary", "democratic_party", "league", "masses"),
                                         weights=(80, 3, 4, 5, 8))[0],
            post_level=level,
            post_level_since=_date_between(rng, max(career_start, dt.date(2008, 1, 1)), ON) if level else None,
            rank=rank,
            rank_since=(_date_between(rng, max(career_start, dt.date(2019, 6, 1)), ON)
                        if rank and rng.random() < 0.98 else None),
            appraisals=appraisals,
            disciplines=tuple(disciplines),
        ))
    return people


def baseline_eligible(c: Candidate, p: Conditions, on: dt.date) -> bool:
    """The rules written out plainly, one application at a time: the yes/no only."""

    def years(start: dt.date) -> int:
        return on.year - start.year - ((on.month, on.day) < (start.month, start.day))

    if p.qualifying_levels or p.qualifying_ranks:
        held = []
        if c.post_level in p.qualifying_levels:
            held.append(c.post_level_since)
        if c.rank in p.qualifying_ranks:
            held.append(c.rank_since)
        if not held:
            return False
        if p.min_years and max((years(s) for s in held if s is not None), default=-1) < p.min_years:
            return False
    age = years(c.birth_date)
    if p.min_age is not None and age < p.min_age:
        return False
    if p.max_age is not None and age > p.max_age:
        return False
    if p.min_education is not None:
        if EDUCATION_ORDER.index(c.education) > EDUCATION_ORDER.index(p.min_education):
            return False
        if p.full_time_required and not c.full_time:
            return False
    last = on.year - 1 if p.appraisal_last_year is None else p.appraisal_last_year
    for year in range(last - p.appraisal_years + 1, last + 1):
        result = c.appraisals.get(year)
        if result is None or result == "ungraded":
            return False
        if APPRAISAL_ORDER.index(result) > APPRAISAL_ORDER.index(p.appraisal_min):
            return False
    if p.no_discipline_in_force:
        for start, until in c.disciplines:
            if start <= on and (until is None or on <= until):
                return False
    if p.party_member_required:
        members = ("party_member", "probationary") if p.probationary_counts else ("party_member",)
        if c.political_status not in members:
            return False
    return True


def timed(label: str, n: int, run: Callable[[], T]) -> tuple[T, float]:
    """Run once; print wall-clock seconds (what counts) and CPU seconds (less sensitive to a busy machine)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{label:<44} {seconds:7.3f} s (CPU {cpu:6.3f} s) {n / seconds:>10,.0f} applications/s")
    return result, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    posts = make_posts(rng, args.posts)
    people = make_candidates(rng, (args.applications + 1) // 2)
    # Every person applies for two different posts (the default limit), in random order.
    pairs = []
    for person in people:
        for post in rng.sample(posts, 2):
            pairs.append((person, post))
    pairs = pairs[: args.applications]
    rng.shuffle(pairs)
    n = len(pairs)
    print(f"eligibility review: {n:,} applications, {len(posts):,} posts, reference date {ON.isoformat()}, "
          f"{len(people):,} candidates")

    verdicts, batch_s = timed("check_many (full verdicts, explanations)", n, lambda: check_many(pairs, on=ON))
    baseline, base_s = timed("baseline: simple loop, yes/no only", n,
                             lambda: [baseline_eligible(c, p, ON) for c, p in pairs])
    reviews = {id(p): compile(p, on=ON) for p in posts}
    predicate, _ = timed("compiled Review.eligible, yes/no only", n,
                         lambda: [reviews[id(p)].eligible(c) for c, p in pairs])
    one_by_one: list[Verdict]
    one_by_one, _ = timed("one-by-one check() (compiles every time)", n,
                          lambda: [check(c, p, on=ON) for c, p in pairs])

    assert verdicts == one_by_one, "check_many differs from one-by-one check"
    assert [v.eligible for v in verdicts] == baseline, "check_many differs from the baseline loop"
    assert predicate == baseline, "Review.eligible differs from the baseline loop"
    eligible = sum(baseline)
    findings = sum(len(v.failures) + len(v.passes) for v in verdicts)
    print(f"results agree: {eligible:,} eligible ({eligible / n:.1%}), {findings:,} findings explained")
    print(f"batch vs baseline: {base_s / batch_s:.2f}x the baseline's speed "
          f"({n / batch_s:,.0f} vs {n / base_s:,.0f} applications/s)")
    met = batch_s < TARGET_SECONDS
    print(f"target: {n:,} applications in under {TARGET_SECONDS:.0f} s: {'met' if met else 'NOT met'} "
          f"({batch_s:.2f} s)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
