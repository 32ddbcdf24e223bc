"""Benchmark of the recommendation tally: 1,000,000 ballots × 10 posts × 3 voter groups in under 2 seconds.

Run:  .venv/bin/python bench/tally.py            (or --ballots N --repeat R --target SECONDS --seed S)

What is timed, for the core (xuanren.rules.tally, pure Python): counting the groups' ballot boxes
(``count_boxes``: one ``collections.Counter`` pass over each post's column of pattern numbers, then each
distinct pattern judged once) and the exact tally of every post (``tally_recommendation``: meeting
validity, empty-group rule, Fractions, thresholds, ranks) with all its ``explain()`` lines. Not timed:
packing ballots into boxes, which ingestion does ballot by ballot as they are cast or scanned; its
throughput is measured separately on a sample of typed ballots and printed.

The baseline, in the same run and on the same marks: an SQL group-by in an in-memory SQLite database
(one row per ballot, one column per post) that counts (group, post, pattern) and joins the pattern
tables to get valid, blank and overvoted ballots and marks per candidate, and written-in names on valid
answers. When NumPy is importable, a ``bincount`` baseline is timed too. Loading the rows into SQLite is
not timed, as packing is not timed for the core.

The bench checks that the core's counts equal the baseline's, prints ballots/second for both and the
ratio, and exits 1 if the core's median run misses the target (2 exits 2 if the counts differ).
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import combinations
from typing import Any

from xuanren.rules.tally import (
    Ballot,
    BallotBox,
    GroupCount,
    Option,
    Pattern,
    Post,
    QuestionCount,
    RecommendationConfig,
    Sheet,
    Turnout,
    WriteIn,
    count_boxes,
    encode,
    recommendation_sheet,
    tally_recommendation,
)

GROUP_SHARES = (("leaders", 0.05), ("middle_managers", 0.25), ("others", 0.70))
POSTS = 10
WRITE_IN_SHARE = 0.001
NAMES = ("另推甲", "另推乙", "另推丙", "另推丁")

Counts = dict[str, GroupCount]


def make_posts() -> list[Post]:
    """10 posts of 1 to 5 candidates; every fourth has 2 slots; all take written-in names."""
    posts = []
    for i in range(POSTS):
        k = 1 + i % 5
        cands = tuple(Option(f"p{i}c{j}", f"候选人{i}-{j}") for j in range(k))
        posts.append(Post(f"p{i}", f"职位{i}", cands, slots=2 if i % 4 == 3 else 1))
    return posts


def pattern_table(post: Post) -> tuple[list[Pattern], list[float]]:
    """Every set of marks up to one more than allowed (so some ballots overvote), then the same sets
    with one written-in name; and the weights voters choose the plain sets with."""
    k, allowed = len(post.candidates), post.marks_allowed
    plain = [Pattern(c) for r in range(min(k, allowed + 1) + 1) for c in combinations(range(k), r)]
    weights = [0.05 if not p.marks else (0.01 if len(p.marks) > allowed else 1.0) for p in plain]
    with_name = [Pattern(p.marks, 1) for p in plain]
    return plain + with_name, weights + [0.0] * len(with_name)


def make_boxes(posts: list[Post], ballots: int, rng: random.Random) -> list[BallotBox]:
    boxes = []
    sizes = group_sizes(ballots)
    for group, size in sizes.items():
        columns, patterns, write_ins = [], [], []
        for qi, post in enumerate(posts):
            table, weights = pattern_table(post)
            plain = len(table) // 2
            codes = bytearray(rng.choices(range(len(table)), weights, k=size))
            for b in rng.sample(range(size), int(size * WRITE_IN_SHARE)):
                codes[b] = plain + codes[b]  # the same marks, and a name written in
                write_ins.append(WriteIn(b, qi, (rng.choice(NAMES),)))
            columns.append(bytes(codes))
            patterns.append(tuple(table))
        write_ins.sort(key=lambda w: (w.ballot, w.question))
        boxes.append(BallotBox(group, size, tuple(columns), ("B",) * len(posts), tuple(patterns), tuple(write_ins)))
    return boxes


def group_sizes(ballots: int) -> dict[str, int]:
    sizes = {g: int(ballots * share) for g, share in GROUP_SHARES}
    sizes["others"] += ballots - sum(sizes.values())
    return sizes


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, list[float]]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, times


# --- the core --------------------------------------------------------------------------------------------

def core_tally(sheet: Sheet, posts: list[Post], boxes: list[BallotBox], turnout: list[Turnout]) -> tuple[Counts, int]:
    counts = count_boxes(sheet, boxes)
    result = tally_recommendation(RecommendationConfig(), posts, counts, turnout)
    return counts, len(result.explain())


# --- the SQL baseline ------------------------------------------------------------------------------------

def sql_load(posts: list[Post], boxes: list[BallotBox]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    cols = ", ".join(f"p{i} INTEGER" for i in range(len(posts)))
    db.execute(f"CREATE TABLE ballots (id INTEGER PRIMARY KEY, grp TEXT, {cols})")
    db.execute("CREATE TABLE patterns (post INTEGER, code INTEGER, valid INTEGER, blank INTEGER, "
               "PRIMARY KEY (post, code))")
    db.execute("CREATE TABLE pattern_marks (post INTEGER, code INTEGER, cand INTEGER)")
    db.execute("CREATE TABLE writeins (ballot INTEGER, post INTEGER, name TEXT)")
    sheet = recommendation_sheet(posts)
    for qi, question in enumerate(sheet.questions):
        for code, p in enumerate(boxes[0].patterns[qi]):
            db.execute("INSERT INTO patterns VALUES (?, ?, ?, ?)",
                       (qi, code, question.is_valid(p), not p.marks and not p.write_ins))
            db.executemany("INSERT INTO pattern_marks VALUES (?, ?, ?)", [(qi, code, c) for c in p.marks])
    marks = ", ".join("?" * (len(posts) + 2))
    next_id = 0
    for box in boxes:
        db.executemany(f"INSERT INTO ballots VALUES ({marks})",
                       zip(range(next_id, next_id + box.size), [box.group] * box.size,
                           *(box.column(q) for q in range(len(posts))), strict=True))
        db.executemany("INSERT INTO writeins VALUES (?, ?, ?)",
                       [(next_id + w.ballot, w.question, name) for w in box.write_ins for name in w.names])
        next_id += box.size
    db.commit()
    return db


def sql_count(db: sqlite3.Connection, posts: list[Post]) -> Counts:
    db.execute("DROP TABLE IF EXISTS c")
    db.execute("CREATE TEMP TABLE c AS " + " UNION ALL ".join(
        f"SELECT grp, {i} AS post, p{i} AS code, COUNT(*) AS n FROM ballots GROUP BY grp, p{i}"
        for i in range(len(posts))))
    figures = {(g, q): (n, valid, blank, n - valid) for g, q, n, valid, blank in db.execute(
        "SELECT c.grp, c.post, SUM(c.n), SUM(c.n * p.valid), SUM(c.n * p.blank) FROM c "
        "JOIN patterns p ON p.post = c.post AND p.code = c.code GROUP BY c.grp, c.post")}
    marks = {(g, q, cand): n for g, q, cand, n in db.execute(
        "SELECT c.grp, c.post, m.cand, SUM(c.n) FROM c JOIN pattern_marks m ON m.post = c.post AND m.code = c.code "
        "JOIN patterns p ON p.post = c.post AND p.code = c.code WHERE p.valid GROUP BY c.grp, c.post, m.cand")}
    case = " ".join(f"WHEN {i} THEN b.p{i}" for i in range(len(posts)))
    names: dict[tuple[str, int], dict[str, int]] = {}
    for g, q, name, n in db.execute(
            f"SELECT b.grp, w.post, w.name, COUNT(*) FROM writeins w JOIN ballots b ON b.id = w.ballot "
            f"JOIN patterns p ON p.post = w.post AND p.code = CASE w.post {case} END "
            f"WHERE p.valid GROUP BY b.grp, w.post, w.name"):
        names.setdefault((g, q), {})[name] = n
    return assemble(posts, figures, marks, names)


def assemble(posts: list[Post], figures: dict[tuple[str, int], tuple[int, int, int, int]],
             marks: dict[tuple[str, int, int], int], names: dict[tuple[str, int], dict[str, int]]) -> Counts:
    counts: Counts = {}
    for g in sorted({g for g, _ in figures}):
        questions = []
        for q, post in enumerate(posts):
            n, valid, blank, over = figures[(g, q)]
            questions.append(QuestionCount(n, valid, blank, over,
                                           tuple(marks.get((g, q, c), 0) for c in range(len(post.candidates))),
                                           tuple(sorted(names.get((g, q), {}).items()))))
        counts[g] = GroupCount(g, questions[0].ballots, tuple(questions))
    return counts


# --- the NumPy baseline (when NumPy is there) ------------------------------------------------------------

def numpy_count(np: Any, sheet: Sheet, posts: list[Post], boxes: list[BallotBox]) -> Counts:
    figures: dict[tuple[str, int], tuple[int, int, int, int]] = {}
    marks: dict[tuple[str, int, int], int] = {}
    names: dict[tuple[str, int], dict[str, int]] = {}
    for box in boxes:
        for q, question in enumerate(sheet.questions):
            table = box.patterns[q]
            per_code = np.bincount(np.frombuffer(box.columns[q], dtype=np.uint8), minlength=len(table))
            valid = np.array([question.is_valid(p) for p in table])
            blank = np.array([not p.marks and not p.write_ins for p in table])
            incidence = np.zeros((len(table), len(question.options)), dtype=np.int64)
            for code, p in enumerate(table):
                incidence[code, list(p.marks)] = 1
            n = int(per_code.sum())
            v = int(per_code[valid].sum())
            figures[(box.group, q)] = (n, v, int(per_code[blank].sum()), n - v)
            for c, m in enumerate((per_code * valid) @ incidence):
                marks[(box.group, q, c)] = int(m)
        column_codes = [np.frombuffer(box.columns[q], dtype=np.uint8) for q in range(len(posts))]
        for w in box.write_ins:
            if sheet.questions[w.question].is_valid(box.patterns[w.question][int(column_codes[w.question][w.ballot])]):
                per = names.setdefault((box.group, w.question), {})
                for name in w.names:
                    per[name] = per.get(name, 0) + 1
    return assemble(posts, figures, marks, names)


# --- ingestion: packing typed ballots --------------------------------------------------------------------

def typed_sample(posts: list[Post], boxes: list[BallotBox], size: int) -> list[Ballot]:
    """The first ``size`` ballots of the boxes as typed ballots (candidate codes, names written in)."""
    written = {(box.group, w.ballot, w.question): w.names for box in boxes for w in box.write_ins}
    sample = []
    for box in boxes:
        n = min(box.size, max(1, size * box.size // sum(b.size for b in boxes)))
        for b in range(n):
            marks, names = [], []
            for q, post in enumerate(posts):
                p = box.patterns[q][box.column(q)[b]]
                marks.append(tuple(post.candidates[i].code for i in p.marks))
                names.append(written.get((box.group, b, q), ()))
            sample.append(Ballot(box.group, tuple(marks), tuple(names)))
    return sample


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} ballots/s" if seconds else "∞"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--target", type=float, default=2.0, help="seconds the core's median run must stay under")
    parser.add_argument("--seed", type=int, default=20240801)
    parser.add_argument("--sample", type=int, default=100_000, help="typed ballots packed to measure ingestion")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    posts = make_posts()
    sheet = recommendation_sheet(posts)
    print(f"Python {platform.python_version()} on {platform.machine()}; "
          f"{args.ballots:,} ballots × {len(posts)} posts × {len(GROUP_SHARES)} groups = "
          f"{args.ballots * len(posts):,} post answers")
    t0 = time.perf_counter()
    boxes = make_boxes(posts, args.ballots, rng)
    sizes = group_sizes(args.ballots)
    turnout = [Turnout(g, n + n // 10, n, n) for g, n in sizes.items()]
    print(f"generated boxes in {time.perf_counter() - t0:.2f} s "
          f"({sum(len(b.write_ins) for b in boxes):,} written-in names)")

    (core_counts, lines), core_times = timed(lambda: core_tally(sheet, posts, boxes, turnout), args.repeat)
    core = statistics.median(core_times)
    print(f"core   count + tally + explain ({lines} lines): median {core:.3f} s of "
          f"{', '.join(f'{t:.3f}' for t in core_times)} → {rate(args.ballots, core)}")

    t0 = time.perf_counter()
    db = sql_load(posts, boxes)
    print(f"sqlite load (not timed below): {time.perf_counter() - t0:.2f} s")
    sql_counts, sql_times = timed(lambda: sql_count(db, posts), args.repeat)
    sql = statistics.median(sql_times)
    print(f"sqlite group-by: median {sql:.3f} s → {rate(args.ballots, sql)}; the core is {sql / core:.2f}× "
          f"as fast")
    ok = core_counts == sql_counts
    print(f"core counts == sqlite counts: {ok}")

    try:
        import numpy as np
    except ImportError:
        print("numpy baseline: skipped (NumPy not installed)")
    else:
        np_counts, np_times = timed(lambda: numpy_count(np, sheet, posts, boxes), args.repeat)
        npt = statistics.median(np_times)
        print(f"numpy bincount: median {npt:.3f} s → {rate(args.ballots, npt)}; the core is {npt / core:.2f}× "
              f"as fast; counts equal: {np_counts == core_counts}")
        ok = ok and np_counts == core_counts

    sample = typed_sample(posts, boxes, args.sample)
    (packed,), pack_times = timed(lambda: (encode(sheet, sample),), 1)
    per_million = pack_times[0] / len(sample) * 1_000_000
    print(f"ingestion (encode typed ballots, not in the target): {len(sample):,} in {pack_times[0]:.2f} s → "
          f"{rate(len(sample), pack_times[0])}, {per_million:.1f} s per million")
    sample_counts = count_boxes(sheet, packed)
    direct = Counter({g: c.ballots for g, c in sample_counts.items()})
    assert sum(direct.values()) == len(sample)

    if not ok:
        print("FAIL: the core's counts differ from the baseline's", file=sys.stderr)
        return 2
    if core >= args.target:
        print(f"FAIL: the core took {core:.3f} s, target {args.target} s", file=sys.stderr)
        return 1
    print(f"OK: {core:.3f} s < {args.target} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
