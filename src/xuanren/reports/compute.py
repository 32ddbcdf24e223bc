"""The arithmetic of the closing report, without Django: ages, averages and shares as exact fractions, their
display (rounded half up, for display only), the education groups, and how an appointment compares the
appointee's previous level with the new one (晋升 / 平级交流 / 低于原层次 / 不详).

Nothing here reads the database or the clock: :mod:`xuanren.reports.figures` reads the rows and passes plain
values in, so every figure can be checked against a hand count.

>>> display(Fraction(161, 4))  # 40.25: half up, where float rounding would give 40.2
'40.3'
>>> percent(Fraction(6, 7))
'85.7%'
>>> move("section_deputy", None, "section_chief").kind
'promotion'
>>> move(None, "principal_3", "section_deputy").kind  # 三级主任科员 → 副科长: the same tier, a transfer
'lateral'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from xuanren.rules.ranks import LEVELS, RANKS

# --- numbers ---------------------------------------------------------------------------------------


def round_half_up(value: Fraction, places: int = 1) -> Fraction:
    """``value`` rounded half away from zero to ``places`` decimals (the way a report rounds 40.25 → 40.3)."""
    scale = 10**places
    scaled = abs(value) * scale
    whole = int(scaled + Fraction(1, 2))
    out = Fraction(whole, scale)
    return -out if value < 0 else out


def display(value: Fraction | int | None, places: int = 1) -> str:
    """The value shown: an integer as it is, a fraction rounded half up to ``places`` decimals; ``None`` → "—"."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    rounded = round_half_up(value, places)
    sign = "-" if rounded < 0 else ""
    rounded = abs(rounded)
    whole = int(rounded)
    if places == 0:
        return f"{sign}{whole}"
    part = int((rounded - whole) * 10**places)
    return f"{sign}{whole}.{part:0{places}d}"


def percent(value: Fraction | None, places: int = 1) -> str:
    """A share as a percentage rounded half up: 6/7 → "85.7%"; ``None`` (no base) → "—"."""
    if value is None:
        return "—"
    return display(value * 100, places) + "%"


def exact(value: Fraction | int | None) -> str | None:
    """The exact value as text: "122/3", "40", or ``None``."""
    if value is None:
        return None
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    return f"{value.numerator}/{value.denominator}"


def share(part: int, whole: int) -> Fraction | None:
    """``part / whole`` exactly, or ``None`` when there is nothing to divide by."""
    return Fraction(part, whole) if whole else None


def average(values: Sequence[int]) -> Fraction | None:
    """The exact mean, ``None`` for no values."""
    return Fraction(sum(values), len(values)) if values else None


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years (周岁) on ``day``; someone born on 29 February is a year older on 1 March."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- education -------------------------------------------------------------------------------------

# The groups of a personnel report (研究生 / 大学本科 / …), highest first, each with the register's codes
# (xuanren.people.models.Education).
EDUCATION_GROUPS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("graduate", "研究生", frozenset({"doctorate", "master"})),
    ("bachelor", "大学本科", frozenset({"bachelor"})),
    ("college", "大学专科", frozenset({"college"})),
    ("secondary", "中专", frozenset({"secondary"})),
    ("high_school", "高中及以下", frozenset({"high_school"})),
)
BACHELOR_OR_ABOVE = frozenset({"doctorate", "master", "bachelor"})


def education_group(code: str) -> str:
    """The group key of a register education code; an unknown code is "other"."""
    return next((key for key, _, codes in EDUCATION_GROUPS if code in codes), "other")


@dataclass(frozen=True)
class Holder:
    """One post holder as the statistics need them."""

    person: int
    birth_date: dt.date
    education: str
    full_time: bool
    level: str


@dataclass(frozen=True)
class HolderStats:
    """Count, exact ages and average, education by group, and the shares of 本科以上 (all / full-time)."""

    count: int
    ages: tuple[int, ...]
    average_age: Fraction | None
    education: tuple[tuple[str, str, int], ...]  # (group key, name, count), every group, highest first
    bachelor_or_above: int
    full_time_bachelor_or_above: int
    by_level: tuple[tuple[str, int, Fraction | None], ...]  # (level code, count, average age)

    @property
    def bachelor_share(self) -> Fraction | None:
        return share(self.bachelor_or_above, self.count)

    @property
    def full_time_bachelor_share(self) -> Fraction | None:
        return share(self.full_time_bachelor_or_above, self.count)

    def education_count(self, key: str) -> int:
        return next((n for k, _, n in self.education if k == key), 0)


def holder_stats(holders: Iterable[Holder], day: dt.date, levels: Sequence[str]) -> HolderStats:
    """The statistics of ``holders`` on ``day``; ``levels`` orders the per-level lines (each listed, 0 too)."""
    rows = sorted(holders, key=lambda h: h.person)
    ages = tuple(age_on(h.birth_date, day) for h in rows)
    counts = {key: 0 for key, _, _ in EDUCATION_GROUPS}
    other = 0
    for h in rows:
        key = education_group(h.education)
        if key in counts:
            counts[key] += 1
        else:
            other += 1
    education = tuple((key, name, counts[key]) for key, name, _ in EDUCATION_GROUPS)
    if other:
        education += (("other", "其他/不详", other),)
    by_level = []
    for code in levels:
        level_ages = [a for h, a in zip(rows, ages, strict=True) if h.level == code]
        by_level.append((code, len(level_ages), average(level_ages)))
    return HolderStats(
        count=len(rows), ages=ages, average_age=average(list(ages)), education=education,
        bachelor_or_above=sum(1 for h in rows if h.education in BACHELOR_OR_ABOVE),
        full_time_bachelor_or_above=sum(1 for h in rows if h.education in BACHELOR_OR_ABOVE and h.full_time),
        by_level=tuple(by_level))


def education_pairs(before: HolderStats, after: HolderStats) -> list[tuple[str, str, int, int]]:
    """``(group, name, before, after)`` for every education group of either, highest first."""
    names = {key: name for key, name, _ in before.education} | {key: name for key, name, _ in after.education}
    order = [key for key, _, _ in EDUCATION_GROUPS] + ["other"]
    return [(key, names[key], before.education_count(key), after.education_count(key)) for key in order
            if key in names]


# --- levels: promotion or lateral move ------------------------------------------------------------

LEVEL_CODES = tuple(lv.code for lv in LEVELS)
RANK_CODES = tuple(r.code for r in RANKS)
LEVEL_NAME = {lv.code: lv.name for lv in LEVELS} | {r.code: r.name for r in RANKS}
LEVEL_SHORT = {lv.code: lv.short for lv in LEVELS} | {r.code: r.name for r in RANKS}

# Which leadership level each rank corresponds to (公务员职务与职级并行规定 2019, the correspondence of
# ranks and leadership levels: 一级巡视员 厅局级正职, 二级巡视员 厅局级副职, 一级/二级调研员 县处级正职,
# 三级/四级调研员 县处级副职, 一级/二级主任科员 乡科级正职, 三级/四级主任科员 乡科级副职); 一级科员 and
# 二级科员 are below every leadership level (科员, 办事员).
RANK_TIER: dict[str, int] = {
    "inspector_1": LEVEL_CODES.index("bureau_chief"), "inspector_2": LEVEL_CODES.index("bureau_deputy"),
    "researcher_1": LEVEL_CODES.index("division_chief"), "researcher_2": LEVEL_CODES.index("division_chief"),
    "researcher_3": LEVEL_CODES.index("division_deputy"), "researcher_4": LEVEL_CODES.index("division_deputy"),
    "principal_1": LEVEL_CODES.index("section_chief"), "principal_2": LEVEL_CODES.index("section_chief"),
    "principal_3": LEVEL_CODES.index("section_deputy"), "principal_4": LEVEL_CODES.index("section_deputy"),
    "clerk_1": len(LEVEL_CODES), "clerk_2": len(LEVEL_CODES) + 1,
}


def is_level(code: str | None) -> bool:
    return code in LEVEL_CODES


def is_rank(code: str | None) -> bool:
    return code in RANK_CODES


def tier(code: str) -> int:
    """0 for the highest leadership level; a rank takes the tier of the level it corresponds to."""
    return LEVEL_CODES.index(code) if code in LEVEL_CODES else RANK_TIER[code]


@dataclass(frozen=True)
class Move:
    """How an appointment compares with what the appointee held: ``kind`` is promotion (晋升), to_leadership
    (a rank taking up the leadership post of its tier, 职级改任领导职务), lateral (平级交流或转任), lower
    (降低层次) or unknown; ``basis`` the code compared with; ``why`` in words."""

    kind: str
    basis: str | None
    why: str


MOVE_NAME = {"promotion": "晋升", "to_leadership": "职级改任领导职务", "lateral": "平级交流",
             "lower": "低于原层次任职", "unknown": "原层次不详"}


def _compare(old: str, new: str) -> int:
    """> 0 when ``new`` is above ``old``: two levels or two ranks by their ladder; a level and a rank by tier
    (a rank and the level it corresponds to are the same tier: a move between them is a transfer, 转任)."""
    if is_level(old) and is_level(new):
        return LEVEL_CODES.index(old) - LEVEL_CODES.index(new)
    if is_rank(old) and is_rank(new):
        return RANK_CODES.index(old) - RANK_CODES.index(new)
    return tier(old) - tier(new)


def move(previous_level: str | None, previous_rank: str | None, new: str) -> Move:
    """Compare the new post's level or rank ``new`` with what the appointee held before.

    A leadership post is compared with the previous leadership level when there was one (副科长 → 科长 is a
    promotion whatever the rank), else with the previous rank by tier; a rank (职级) post with the previous
    rank when there was one, else with the previous leadership level by tier. Nothing known before: unknown.
    """
    level = previous_level if is_level(previous_level) else None
    rank = previous_rank if is_rank(previous_rank) else None
    if is_level(new):
        basis = level or rank
    elif is_rank(new):
        basis = rank or level
    else:
        return Move("unknown", None, f"新职位的层次“{new}”不在职务层次或职级序列中")
    if basis is None:
        return Move("unknown", None, "原职务层次和职级均不详")
    diff = _compare(basis, new)
    kind = "promotion" if diff > 0 else ("lateral" if diff == 0 else "lower")
    if kind == "lateral" and is_level(new) and is_rank(basis):
        # A rank (非领导职务) taking up the leadership post of its tier: not a higher level, but a move into
        # leadership, which a closing report counts on its own (e.g. "处级非领导职务的干部…到了副处长岗位").
        kind = "to_leadership"
    words = {"promotion": "由{old}晋升为{new}", "lateral": "由{old}平级任{new}", "lower": "由{old}任{new}",
             "to_leadership": "由{old}改任{new}（职级改任领导职务）"}[kind]
    return Move(kind, basis, words.format(old=LEVEL_NAME[basis], new=LEVEL_NAME[new]))
