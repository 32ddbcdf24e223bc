"""What eligibility review reads (:class:`Candidate`, :class:`Conditions`) and returns (:class:`Verdict`).

>>> validate_slots(2)
>>> validate_slots(0)
Traceback (most recent call last):
...
xuanren.rules.errors.RuleError: 职数应为正整数，实为0
>>> validate_conditions(Conditions(min_age=50, max_age=45))
Traceback (most recent call last):
...
xuanren.rules.errors.RuleError: 最低年龄50岁高于最高年龄45岁，条件互相矛盾
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xuanren.rules.eligibility.codes import (
    APPRAISAL_ORDER,
    APPRAISAL_RESULTS,
    EDUCATION_INDEX,
    LEVEL_CODES,
    POLITICAL_STATUSES,
    RANK_CODES,
    Kind,
)
from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message

MAX_APPRAISAL_YEARS = 10
MAX_MIN_YEARS = 40
MAX_AGE_LIMIT = 100


def _error(code: str, zh: str, en: str, /, **params: Any) -> RuleError:
    return RuleError(Message(f"eligibility.{code}", zh, en, params))


@dataclass(frozen=True)
class Candidate:
    """An applicant as eligibility review sees them, as of the day the campaign takes the data.

    ``post_level``/``rank`` are codes of :data:`xuanren.rules.ranks.LEVELS`/``RANKS`` (``None``: holds none);
    ``*_since`` the day they took it (``None``: not recorded). ``appraisals`` maps a year to its result
    code; ``disciplines`` are ``(start, in_force_until)`` pairs, ``None`` for an effect period with no
    recorded end (treated as still in force, as ``people.models.Discipline.in_force_on`` does). Codes
    that are not known, and an end before its start, raise :class:`RuleError` on construction.
    """

    birth_date: dt.date
    education: str
    full_time: bool = True
    political_status: str = "masses"
    post_level: str | None = None
    post_level_since: dt.date | None = None
    rank: str | None = None
    rank_since: dt.date | None = None
    appraisals: Mapping[int, str] = field(default_factory=dict)
    disciplines: tuple[tuple[dt.date, dt.date | None], ...] = ()

    def __post_init__(self) -> None:
        if self.education not in EDUCATION_INDEX:
            raise _error("candidate.education", "未知学历“{code}”", "unknown education '{code}'", code=self.education)
        if self.political_status not in POLITICAL_STATUSES:
            raise _error("candidate.political_status", "未知政治面貌“{code}”", "unknown political status '{code}'",
                         code=self.political_status)
        if self.post_level is not None and self.post_level not in LEVEL_CODES:
            raise _error("candidate.level", "未知职务层次“{code}”", "unknown level '{code}'", code=self.post_level)
        if self.rank is not None and self.rank not in RANK_CODES:
            raise _error("candidate.rank", "未知职级“{code}”", "unknown rank '{code}'", code=self.rank)
        if self.post_level is None and self.post_level_since is not None:
            raise _error("candidate.level_since", "有任职务层次时间而无职务层次", "a level date without a level")
        if self.rank is None and self.rank_since is not None:
            raise _error("candidate.rank_since", "有任职级时间而无职级", "a rank date without a rank")
        for year, result in self.appraisals.items():
            if result not in APPRAISAL_RESULTS:
                raise _error("candidate.appraisal", "{year}年度考核结果“{code}”未知",
                             "unknown appraisal result '{code}' for {year}", year=year, code=result)
        for start, until in self.disciplines:
            if until is not None and until < start:
                raise _error("candidate.discipline", "处分影响期截止日早于处分日期", "a sanction ends before it starts")


@dataclass(frozen=True)
class Conditions:
    """A post's eligibility conditions (任职资格条件) as data; ``None``/empty/``False`` means "not required".

    - ``qualifying_levels``/``qualifying_ranks``: a candidate qualifies by holding any of either. The 2019
      rules' parallel of levels and ranks is written by naming both, e.g. 县处级副职 and 四级调研员 and
      above (see :func:`~xuanren.rules.eligibility.codes.levels_at_or_above`).
    - ``min_years``: full years (see :func:`~xuanren.rules.eligibility.codes.full_years`) at a qualifying
      level or rank on the reference date; a part year does not count. Needs a qualifying set.
    - ``min_age``/``max_age``: age in full years on the reference date (one turns N on the birthday).
    - ``min_education`` and ``full_time_required`` (全日制): the candidate's highest education must be at
      or above it, and full-time when required.
    - ``appraisal_years`` N and ``appraisal_min``: each of the N years up to ``appraisal_last_year``
      (default: the year before the reference date) has a result at or above the minimum; a missing year
      and 不定等次 fail with their own reasons.
    - ``no_discipline_in_force``: no sanction whose effect period (影响期) covers the reference date.
    - ``party_member_required`` and ``probationary_counts`` (default: a probationary member qualifies, as
      most announcements read "中共党员（含预备党员）"; set it to ``False`` for "正式党员").
    - ``free_text``: conditions no rule can check; each becomes an item for the reviewer, never a failure.
    """

    qualifying_levels: frozenset[str] = frozenset()
    qualifying_ranks: frozenset[str] = frozenset()
    min_years: int | None = None
    min_age: int | None = None
    max_age: int | None = None
    min_education: str | None = None
    full_time_required: bool = False
    appraisal_years: int = 0
    appraisal_min: str = "competent"
    appraisal_last_year: int | None = None
    no_discipline_in_force: bool = False
    party_member_required: bool = False
    probationary_counts: bool = True
    free_text: tuple[str, ...] = ()

    def kinds(self) -> frozenset[Kind]:
        """The kinds of condition this post sets: each gives a finding for every candidate."""
        kinds: set[Kind] = set()
        if self.qualifying_levels or self.qualifying_ranks:
            kinds.add(Kind.LEVEL_OR_RANK)
        if self.min_years:
            kinds.add(Kind.YEARS_AT_LEVEL)
        if self.min_age is not None or self.max_age is not None:
            kinds.add(Kind.AGE)
        if self.min_education is not None:
            kinds.add(Kind.EDUCATION)
        if self.appraisal_years:
            kinds.add(Kind.APPRAISALS)
        if self.no_discipline_in_force:
            kinds.add(Kind.DISCIPLINE)
        if self.party_member_required:
            kinds.add(Kind.PARTY)
        return frozenset(kinds)


@dataclass(frozen=True)
class Finding:
    """One condition judged for one candidate: its kind, whether it was met, and why (with the figures)."""

    kind: Kind
    passed: bool
    message: Message


@dataclass(frozen=True)
class Verdict:
    """The result for one application.

    ``eligible`` is true exactly when ``failures`` is empty. ``passes`` explain the conditions that were
    met; ``for_reviewer`` lists the free-text conditions a person must judge (they never make a candidate
    ineligible automatically). A kind may appear more than once among the failures (one per failing
    appraisal year, one per sanction in force).
    """

    eligible: bool
    failures: tuple[Finding, ...]
    passes: tuple[Finding, ...]
    for_reviewer: tuple[Message, ...]

    def failed_kinds(self) -> frozenset[Kind]:
        return frozenset(f.kind for f in self.failures)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_slots(slots: int) -> None:
    """Refuse a number of slots (职数) that is not a positive whole number."""
    if not _is_int(slots) or slots <= 0:
        raise _error("slots", "职数应为正整数，实为{slots}", "the number of slots must be a positive whole number, "
                     "not {slots}", slots=slots)


def validate_conditions(c: Conditions) -> None:
    """Refuse conditions that are malformed or contradict each other; say which and why.

    Raises :class:`RuleError` for unknown codes, negative or out-of-range figures, a minimum age above
    the maximum, a minimum of years with nothing to count them at, more than
    :data:`MAX_APPRAISAL_YEARS` appraisal years, a minimum appraisal result that is not a grade, and
    full-time education required without a minimum education.
    """
    for code in sorted(c.qualifying_levels):
        if code not in LEVEL_CODES:
            raise _error("conditions.level", "任职资格中的职务层次“{code}”未知", "unknown level '{code}' in the "
                         "conditions", code=code)
    for code in sorted(c.qualifying_ranks):
        if code not in RANK_CODES:
            raise _error("conditions.rank", "任职资格中的职级“{code}”未知", "unknown rank '{code}' in the conditions",
                         code=code)
    if c.min_years is not None:
        if not _is_int(c.min_years) or not 0 <= c.min_years <= MAX_MIN_YEARS:
            raise _error("conditions.min_years", "任职年限要求应为0至{limit}年的整数，实为{value}",
                         "the minimum years must be a whole number from 0 to {limit}, not {value}",
                         value=c.min_years, limit=MAX_MIN_YEARS)
        if c.min_years and not (c.qualifying_levels or c.qualifying_ranks):
            raise _error("conditions.years_without_level", "要求任职满{value}年，但未指定职务层次或职级，无从计算",
                         "{value} years are required, but no level or rank is named to count them at",
                         value=c.min_years)
    for name, zh, value in (("min_age", "最低年龄", c.min_age), ("max_age", "最高年龄", c.max_age)):
        if value is not None and (not _is_int(value) or not 0 < value < MAX_AGE_LIMIT):
            raise _error(f"conditions.{name}", "{what}应为1至{limit}岁之间的整数，实为{value}",
                         "{name} must be a whole number of years from 1 to {limit}, not {value}",
                         what=zh, name=name.replace("_", " "), value=value, limit=MAX_AGE_LIMIT - 1)
    if c.min_age is not None and c.max_age is not None and c.min_age > c.max_age:
        raise _error("conditions.age_range", "最低年龄{min}岁高于最高年龄{max}岁，条件互相矛盾",
                     "the minimum age {min} is above the maximum age {max}: the conditions contradict each other",
                     min=c.min_age, max=c.max_age)
    if c.min_education is not None and c.min_education not in EDUCATION_INDEX:
        raise _error("conditions.education", "任职资格中的学历“{code}”未知", "unknown education '{code}' in the "
                     "conditions", code=c.min_education)
    if c.full_time_required and c.min_education is None:
        raise _error("conditions.full_time", "要求全日制学历，但未指定最低学历",
                     "full-time education is required, but no minimum education is named")
    if not _is_int(c.appraisal_years) or not 0 <= c.appraisal_years <= MAX_APPRAISAL_YEARS:
        raise _error("conditions.appraisal_years", "年度考核年数应为0至{limit}的整数，实为{value}",
                     "the number of appraisal years must be a whole number from 0 to {limit}, not {value}",
                     value=c.appraisal_years, limit=MAX_APPRAISAL_YEARS)
    if c.appraisal_min not in APPRAISAL_ORDER:
        raise _error("conditions.appraisal_min", "考核结果要求“{code}”不是考核等次（优秀、称职、基本称职、不称职）",
                     "the minimum appraisal result '{code}' is not a grade (excellent, competent, basic, "
                     "incompetent)", code=c.appraisal_min)
    if c.appraisal_last_year is not None and not _is_int(c.appraisal_last_year):
        raise _error("conditions.appraisal_last_year", "考核截止年度应为年份，实为{value}",
                     "the last appraisal year must be a year, not {value}", value=c.appraisal_last_year)
    for text in c.free_text:
        if not isinstance(text, str) or not text.strip():
            raise _error("conditions.free_text", "其他任职条件不能为空", "a free-text condition cannot be empty")
