"""Leadership levels and the 12-rank ladder of the 2019 rules (公务员职务与职级并行规定, 2019).

Ranks are ordered from the highest (一级巡视员) to the lowest (二级科员). ``min_years`` of a rank is the
time the rules require in the rank below (or the equivalent leadership level) before promotion to it
(第十八条); ``equivalent_level`` is the leadership level that the same article lets count instead of the
rank below. Both were cross-checked against published copies of the article; the official text governs,
and campaigns set their own conditions.

>>> RANKS[0].name, RANKS[-1].name, len(RANKS)
('一级巡视员', '二级科员', 12)
>>> rank("四级调研员").min_years
2
>>> rank("三级调研员").equivalent_level
'县处级副职'
>>> is_higher_rank("三级调研员", "四级调研员")
True
"""

from __future__ import annotations

from dataclasses import dataclass

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    short: str


@dataclass(frozen=True)
class Rank:
    code: str
    name: str
    en: str
    min_years: int
    # The leadership level at or above which a holder may be promoted straight to this rank (第十八条).
    equivalent_level: str | None


LEVELS: tuple[Level, ...] = (
    Level("provincial_chief", "省部级正职", "正部"),
    Level("provincial_deputy", "省部级副职", "副部"),
    Level("bureau_chief", "厅局级正职", "正厅"),
    Level("bureau_deputy", "厅局级副职", "副厅"),
    Level("division_chief", "县处级正职", "正处"),
    Level("division_deputy", "县处级副职", "副处"),
    Level("section_chief", "乡科级正职", "正科"),
    Level("section_deputy", "乡科级副职", "副科"),
)

RANKS: tuple[Rank, ...] = (
    Rank("inspector_1", "一级巡视员", "First-class inspector", 4, "厅局级副职"),
    Rank("inspector_2", "二级巡视员", "Second-class inspector", 4, None),
    Rank("researcher_1", "一级调研员", "First-class researcher", 3, "县处级正职"),
    Rank("researcher_2", "二级调研员", "Second-class researcher", 2, None),
    Rank("researcher_3", "三级调研员", "Third-class researcher", 2, "县处级副职"),
    Rank("researcher_4", "四级调研员", "Fourth-class researcher", 2, "乡科级正职"),
    Rank("principal_1", "一级主任科员", "First-class principal staff member", 2, None),
    Rank("principal_2", "二级主任科员", "Second-class principal staff member", 2, None),
    Rank("principal_3", "三级主任科员", "Third-class principal staff member", 2, "乡科级副职"),
    Rank("principal_4", "四级主任科员", "Fourth-class principal staff member", 2, None),
    Rank("clerk_1", "一级科员", "First-class staff member", 2, None),
    Rank("clerk_2", "二级科员", "Second-class staff member", 0, None),
)

_BY_NAME = {r.name: r for r in RANKS} | {r.code: r for r in RANKS}
_LEVEL_BY_NAME = {lv.name: lv for lv in LEVELS} | {lv.short: lv for lv in LEVELS} | {lv.code: lv for lv in LEVELS}


def rank(name_or_code: str) -> Rank:
    try:
        return _BY_NAME[name_or_code.strip()]
    except KeyError:
        raise RuleError(Message("rank.unknown", "未知职级“{name}”", "unknown rank '{name}'",
                                {"name": name_or_code})) from None


def level(name_or_code: str) -> Level:
    """A leadership level by full name (县处级正职), short name (正处) or code."""
    try:
        return _LEVEL_BY_NAME[name_or_code.strip()]
    except KeyError:
        raise RuleError(Message("level.unknown", "未知职务层次“{name}”", "unknown level '{name}'",
                                {"name": name_or_code})) from None


def rank_index(name_or_code: str) -> int:
    """0 for the highest rank, 11 for the lowest."""
    return RANKS.index(rank(name_or_code))


def is_higher_rank(a: str, b: str) -> bool:
    return rank_index(a) < rank_index(b)


def next_rank(name_or_code: str) -> Rank | None:
    i = rank_index(name_or_code)
    return RANKS[i - 1] if i > 0 else None
