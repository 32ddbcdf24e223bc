"""The vocabulary of eligibility: condition kinds, the codes a candidate is described by, their order and names.

The codes are those of ``xuanren.people.models`` (education, political status, appraisal result) and of
:mod:`xuanren.rules.ranks` (levels, ranks). They are repeated here rather than imported because the core
may not import Django; ``tests/rules/test_eligibility.py`` checks that both lists stay the same.

>>> EDUCATION_ORDER[:3]
('doctorate', 'master', 'bachelor')
>>> education_at_least("master")
('doctorate', 'master')
>>> full_years(dt.date(2023, 12, 1), dt.date(2025, 11, 30)), full_years(dt.date(2023, 12, 1), dt.date(2025, 12, 1))
(1, 2)
>>> years_back(dt.date(2027, 2, 28), 3), years_back(dt.date(2028, 2, 29), 1)
(datetime.date(2024, 2, 28), datetime.date(2027, 2, 28))
>>> sorted(levels_at_or_above("division_chief"))
['bureau_chief', 'bureau_deputy', 'division_chief', 'provincial_chief', 'provincial_deputy']
>>> zh_date(dt.date(2027, 3, 1)), en_date(dt.date(2027, 3, 1))
('2027年3月1日', '1 March 2027')
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.ranks import LEVELS, RANKS


class Kind(StrEnum):
    """The kinds of condition a post can set; every :class:`Finding` names one."""

    LEVEL_OR_RANK = "level_or_rank"
    YEARS_AT_LEVEL = "years_at_level"
    AGE = "age"
    EDUCATION = "education"
    APPRAISALS = "appraisals"
    DISCIPLINE = "discipline"
    PARTY = "party"


# Highest first, as ``people.models.Education`` orders them.
EDUCATION_ORDER: tuple[str, ...] = ("doctorate", "master", "bachelor", "college", "secondary", "high_school")
EDUCATION_ZH = {
    "doctorate": "博士研究生", "master": "硕士研究生", "bachelor": "大学本科", "college": "大学专科",
    "secondary": "中专", "high_school": "高中及以下",
}
EDUCATION_EN = {
    "doctorate": "doctorate", "master": "master's degree", "bachelor": "bachelor's degree",
    "college": "college diploma", "secondary": "secondary vocational school", "high_school": "high school or less",
}
EDUCATION_INDEX = {code: i for i, code in enumerate(EDUCATION_ORDER)}

POLITICAL_STATUSES: tuple[str, ...] = ("party_member", "probationary", "democratic_party", "league", "masses")
POLITICAL_ZH = {
    "party_member": "中共党员", "probationary": "中共预备党员", "democratic_party": "民主党派",
    "league": "共青团员", "masses": "群众",
}
POLITICAL_EN = {
    "party_member": "CPC member", "probationary": "probationary CPC member",
    "democratic_party": "member of a democratic party", "league": "Communist Youth League member",
    "masses": "no party affiliation",
}

# Graded results, best first (公务员法 第三十五条). ``ungraded`` (不定等次) is a recorded result but no grade:
# it never meets a minimum.
APPRAISAL_ORDER: tuple[str, ...] = ("excellent", "competent", "basic", "incompetent")
APPRAISAL_RESULTS: tuple[str, ...] = (*APPRAISAL_ORDER, "ungraded")
APPRAISAL_ZH = {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "incompetent": "不称职",
                "ungraded": "不定等次"}
APPRAISAL_EN = {"excellent": "excellent", "competent": "competent", "basic": "basically competent",
                "incompetent": "incompetent", "ungraded": "ungraded"}

LEVEL_CODES: tuple[str, ...] = tuple(lv.code for lv in LEVELS)
RANK_CODES: tuple[str, ...] = tuple(r.code for r in RANKS)
LEVEL_ZH = {lv.code: lv.name for lv in LEVELS}
LEVEL_EN = {
    "provincial_chief": "provincial/ministerial chief", "provincial_deputy": "provincial/ministerial deputy",
    "bureau_chief": "bureau-level chief", "bureau_deputy": "bureau-level deputy",
    "division_chief": "county/division-level chief", "division_deputy": "county/division-level deputy",
    "section_chief": "township/section-level chief", "section_deputy": "township/section-level deputy",
}
RANK_ZH = {r.code: r.name for r in RANKS}
RANK_EN = {r.code: r.en for r in RANKS}


def _unknown(what_zh: str, what_en: str, code: str) -> RuleError:
    return RuleError(Message("eligibility.unknown_code", "未知的{what_zh}代码“{code}”",
                             "unknown {what_en} code '{code}'", {"what_zh": what_zh, "what_en": what_en, "code": code}))


def education_at_least(code: str) -> tuple[str, ...]:
    """The education codes at or above ``code``, highest first."""
    if code not in EDUCATION_INDEX:
        raise _unknown("学历", "education", code)
    return EDUCATION_ORDER[: EDUCATION_INDEX[code] + 1]


def levels_at_or_above(code: str) -> frozenset[str]:
    """Leadership levels at or above ``code`` (``division_deputy`` gives 县处级副职 and everything above)."""
    if code not in LEVEL_CODES:
        raise _unknown("职务层次", "level", code)
    return frozenset(LEVEL_CODES[: LEVEL_CODES.index(code) + 1])


def ranks_at_or_above(code: str) -> frozenset[str]:
    """Ranks at or above ``code`` on the 12-rank ladder."""
    if code not in RANK_CODES:
        raise _unknown("职级", "rank", code)
    return frozenset(RANK_CODES[: RANK_CODES.index(code) + 1])


def full_years(start: dt.date, on: dt.date) -> int:
    """Whole years from ``start`` to ``on``: the count goes up on each anniversary, never part-way.

    Someone appointed on 1 December 2023 has 1 full year on 30 November 2025 and 2 on 1 December 2025.
    A 29 February anniversary falls on 1 March in common years (28 February is still one day short).
    Negative when ``start`` is after ``on``.
    """
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def years_back(on: dt.date, years: int) -> dt.date:
    """The latest start date that has ``years`` full years on ``on``.

    ``full_years(start, on) >= years`` exactly when ``start <= years_back(on, years)``; this turns every
    "at least N years" test into one date comparison.
    """
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February into a common year: the last day that qualifies is the 28th.
        return on.replace(year=on.year - years, day=28)


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def en_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def describe_levels_zh(codes: frozenset[str]) -> str:
    """``县处级副职及以上`` for a set of everything at or above one level, otherwise the names joined."""
    return _describe(codes, LEVEL_CODES, LEVEL_ZH, "{}及以上", "、")


def describe_levels_en(codes: frozenset[str]) -> str:
    return _describe(codes, LEVEL_CODES, LEVEL_EN, "{} or higher", ", ")


def describe_ranks_zh(codes: frozenset[str]) -> str:
    return _describe(codes, RANK_CODES, RANK_ZH, "{}及以上", "、")


def describe_ranks_en(codes: frozenset[str]) -> str:
    return _describe(codes, RANK_CODES, RANK_EN, "{} or higher", ", ")


def _describe(codes: frozenset[str], order: tuple[str, ...], names: dict[str, str], at_or_above: str,
              sep: str) -> str:
    chosen = [c for c in order if c in codes]
    if len(chosen) > 1 and tuple(chosen) == order[: len(chosen)]:
        return at_or_above.format(names[chosen[-1]])
    return sep.join(names[c] for c in chosen)
