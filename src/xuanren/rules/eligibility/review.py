"""Judging candidates against a post's conditions on a reference date.

:func:`check` judges one application; :func:`compile` turns a post's conditions and the reference date
into a :class:`Review` that judges many candidates quickly (every date limit becomes one comparison,
and the explanations, which depend only on a few figures, are built once and shared);
:func:`check_many` judges a batch of (candidate, conditions) pairs with one :class:`Review` per post.
All three give the same :class:`~xuanren.rules.eligibility.model.Verdict`.

>>> import datetime as dt
>>> post = Conditions(min_age=25, max_age=45, free_text=("具有两年以上基层工作经历",))
>>> review = compile(post, on=dt.date(2026, 11, 23))
>>> review.eligible(Candidate(dt.date(1981, 11, 23), "bachelor"))
True
>>> review.check(Candidate(dt.date(1981, 11, 23), "bachelor")).passes[0].message.text()
'年龄45岁（按2026年11月23日计算），要求25至45岁'
>>> review.check(Candidate(dt.date(1980, 11, 23), "bachelor")).failures[0].message.text("en")
'aged 46 on 23 November 2026; at most 45 required'
>>> review.for_reviewer[0].text()
'具有两年以上基层工作经历（需审查人员判断）'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from xuanren.rules.eligibility.codes import (
    APPRAISAL_EN,
    APPRAISAL_ORDER,
    APPRAISAL_ZH,
    EDUCATION_EN,
    EDUCATION_INDEX,
    EDUCATION_ZH,
    LEVEL_EN,
    LEVEL_ZH,
    POLITICAL_EN,
    POLITICAL_ZH,
    RANK_EN,
    RANK_ZH,
    Kind,
    describe_levels_en,
    describe_levels_zh,
    describe_ranks_en,
    describe_ranks_zh,
    en_date,
    full_years,
    years_back,
    zh_date,
)
from xuanren.rules.eligibility.model import Candidate, Conditions, Finding, Verdict, validate_conditions
from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message

__all__ = ["Review", "check", "check_many", "compile"]

# Explanations depend on a handful of figures (an age, a number of years, a code), so the same Finding
# recurs across thousands of candidates; building it once keeps a province-wide review fast.
_CACHE = 8192


def _finding(kind: Kind, passed: bool, outcome: str, zh: str, en: str, /, **params: Any) -> Finding:
    return Finding(kind, passed, Message(f"eligibility.{kind.value}.{outcome}", zh, en, params))


def _level_name(which: str, code: str) -> tuple[str, str]:
    return (LEVEL_ZH[code], LEVEL_EN[code]) if which == "level" else (RANK_ZH[code], RANK_EN[code])


@lru_cache(maxsize=_CACHE)
def _level_or_rank(passed: bool, level: str | None, rank: str | None, required_zh: str,
                   required_en: str) -> Finding:
    held_zh = "、".join(n for n in (level and LEVEL_ZH[level], rank and RANK_ZH[rank]) if n) or "无职务层次或职级"
    held_en = ", ".join(n for n in (level and LEVEL_EN[level], rank and RANK_EN[rank]) if n) or "no level or rank"
    params = {"level": level, "rank": rank, "held_zh": held_zh, "held_en": held_en,
              "required_zh": required_zh, "required_en": required_en}
    if passed:
        return _finding(Kind.LEVEL_OR_RANK, True, "held", "现任{held_zh}，符合要求（{required_zh}）",
                        "holds {held_en}; required: {required_en}", **params)
    return _finding(Kind.LEVEL_OR_RANK, False, "not_held", "现任{held_zh}，要求{required_zh}",
                    "holds {held_en}; {required_en} required", **params)


@lru_cache(maxsize=_CACHE)
def _years(passed: bool, which: str, code: str, years: int, required: int) -> Finding:
    name_zh, name_en = _level_name(which, code)
    what_zh, what_en = ("职务层次", "level") if which == "level" else ("职级", "rank")
    return _finding(Kind.YEARS_AT_LEVEL, passed, "enough" if passed else "too_few",
                    "任现{what_zh}（{name_zh}）{years}年，要求满{required}年",
                    "{years} full year(s) in the current {what_en} ({name_en}), {required} required",
                    which=which, code=code, years=years, required=required, what_zh=what_zh, what_en=what_en,
                    name_zh=name_zh, name_en=name_en)


@lru_cache(maxsize=_CACHE)
def _years_unknown(which: str, code: str, required: int) -> Finding:
    name_zh, name_en = _level_name(which, code)
    what_zh, what_en = ("职务层次", "level") if which == "level" else ("职级", "rank")
    return _finding(Kind.YEARS_AT_LEVEL, False, "since_missing",
                    "未登记任现{what_zh}（{name_zh}）的时间，无法计算任职年限（要求满{required}年）",
                    "the date of taking the current {what_en} ({name_en}) is not recorded, so the years "
                    "cannot be counted ({required} required)",
                    which=which, code=code, required=required, what_zh=what_zh, what_en=what_en,
                    name_zh=name_zh, name_en=name_en)


@lru_cache(maxsize=_CACHE)
def _age(outcome: str, age: int, on: dt.date, min_age: int | None, max_age: int | None) -> Finding:
    if outcome == "too_old" or (outcome == "ok" and min_age is None):
        zh, en = "要求不超过{max_age}岁", "at most {max_age} required"
    elif outcome == "too_young" or max_age is None:
        zh, en = "要求年满{min_age}岁", "at least {min_age} required"
    else:
        zh, en = "要求{min_age}至{max_age}岁", "{min_age} to {max_age} required"
    return _finding(Kind.AGE, outcome == "ok", outcome, "年龄{age}岁（按{on_zh}计算），" + zh,
                    "aged {age} on {on_en}; " + en, age=age, on=on.isoformat(), on_zh=zh_date(on),
                    on_en=en_date(on), min_age=min_age, max_age=max_age)


@lru_cache(maxsize=_CACHE)
def _education(passed: bool, education: str, full_time: bool, minimum: str, full_time_required: bool) -> Finding:
    return _finding(
        Kind.EDUCATION, passed, "met" if passed else "not_met",
        "学历为{education_zh}（{mode_zh}），要求{required_mode_zh}{minimum_zh}及以上",
        "education: {education_en} ({mode_en}); {required_mode_en}{minimum_en} or higher required",
        education=education, full_time=full_time, minimum=minimum, full_time_required=full_time_required,
        education_zh=EDUCATION_ZH[education], education_en=EDUCATION_EN[education],
        mode_zh="全日制" if full_time else "在职", mode_en="full-time" if full_time else "part-time",
        minimum_zh=EDUCATION_ZH[minimum], minimum_en=EDUCATION_EN[minimum],
        required_mode_zh="全日制" if full_time_required else "", required_mode_en="full-time " if
        full_time_required else "")


def _appraisal_minimum(minimum: str) -> dict[str, str]:
    if minimum == APPRAISAL_ORDER[0]:
        return {"minimum_zh": APPRAISAL_ZH[minimum], "minimum_en": APPRAISAL_EN[minimum]}
    return {"minimum_zh": APPRAISAL_ZH[minimum] + "及以上", "minimum_en": APPRAISAL_EN[minimum] + " or better"}


@lru_cache(maxsize=_CACHE)
def _appraisals_met(first: int, last: int, minimum: str) -> Finding:
    span_zh = f"{first}年度" if first == last else f"{first}—{last}年度"
    span_en = f"{first}" if first == last else f"{first}–{last}"
    return _finding(Kind.APPRAISALS, True, "met", "{span_zh}考核均为{minimum_zh}",
                    "appraisals {span_en}: all {minimum_en}", first=first, last=last, minimum=minimum,
                    span_zh=span_zh, span_en=span_en, **_appraisal_minimum(minimum))


@lru_cache(maxsize=_CACHE)
def _appraisal_failed(year: int, result: str | None, minimum: str) -> Finding:
    more = _appraisal_minimum(minimum)
    if result is None:
        return _finding(Kind.APPRAISALS, False, "missing", "{year}年度无考核结果，要求{minimum_zh}",
                        "no appraisal for {year}; {minimum_en} required", year=year, result=None,
                        minimum=minimum, **more)
    if result == "ungraded":
        return _finding(Kind.APPRAISALS, False, "ungraded", "{year}年度考核不定等次，要求{minimum_zh}",
                        "the {year} appraisal was not graded; {minimum_en} required", year=year, result=result,
                        minimum=minimum, **more)
    return _finding(Kind.APPRAISALS, False, "below", "{year}年度考核为{result_zh}，要求{minimum_zh}",
                    "the {year} appraisal was {result_en}; {minimum_en} required", year=year, result=result,
                    minimum=minimum, result_zh=APPRAISAL_ZH[result], result_en=APPRAISAL_EN[result], **more)


@lru_cache(maxsize=_CACHE)
def _discipline_clear(on: dt.date) -> Finding:
    return _finding(Kind.DISCIPLINE, True, "none_in_force", "截至{on_zh}无处于影响期内的处分",
                    "no disciplinary sanction in force on {on_en}", on=on.isoformat(), on_zh=zh_date(on),
                    on_en=en_date(on))


@lru_cache(maxsize=_CACHE)
def _discipline_in_force(start: dt.date, until: dt.date | None) -> Finding:
    dates = {"start": start.isoformat(), "start_zh": zh_date(start), "start_en": en_date(start)}
    if until is None:
        return _finding(Kind.DISCIPLINE, False, "no_end", "{start_zh}起的处分未载明影响期截止日期，视为尚在影响期内",
                        "a sanction from {start_en} has no recorded end of its effect period and counts as in "
                        "force", until=None, **dates)
    return _finding(Kind.DISCIPLINE, False, "in_force", "处分影响期至{until_zh}，尚未期满",
                    "a sanction is in force until {until_en}", until=until.isoformat(), until_zh=zh_date(until),
                    until_en=en_date(until), **dates)


@lru_cache(maxsize=_CACHE)
def _party(passed: bool, status: str, probationary_counts: bool) -> Finding:
    return _finding(Kind.PARTY, passed, "member" if passed else "not_member",
                    "政治面貌为{status_zh}，要求{required_zh}",
                    "political status: {status_en}; {required_en} required", status=status,
                    probationary_counts=probationary_counts, status_zh=POLITICAL_ZH[status],
                    status_en=POLITICAL_EN[status],
                    required_zh="中共党员（含预备党员）" if probationary_counts else "中共正式党员",
                    required_en="CPC member (probationary included)" if probationary_counts else
                    "full CPC member")


@lru_cache(maxsize=_CACHE)
def _free_text(text: str) -> Message:
    return Message("eligibility.free_text", "{text}（需审查人员判断）", "{text} (for the reviewer to judge)",
                   {"text": text})


def _open_ended_last(sanction: tuple[dt.date, dt.date | None]) -> tuple[dt.date, dt.date]:
    return sanction[0], sanction[1] or dt.date.max


def _born_after(on: dt.date) -> RuleError:
    return RuleError(Message("eligibility.birth_after_reference", "出生日期晚于审查基准日{on_zh}",
                             "the date of birth is after the reference date {on_en}",
                             {"on": on.isoformat(), "on_zh": zh_date(on), "on_en": en_date(on)}))


class Review:
    """A post's conditions compiled for one reference date ``on``; validated on construction.

    :meth:`check` gives the full :class:`Verdict`; :meth:`eligible` only the yes/no, with no
    explanation, for callers that filter. Raises :class:`RuleError` for invalid conditions, an appraisal
    year later than ``on``, or (when judging) a candidate born after ``on``.
    """

    __slots__ = ("_age_max_cut", "_age_min_cut", "_appraisal_ok", "_appraisal_pass", "_appraisal_years",
                 "_discipline_pass", "_edu_index", "_levels", "_party_ok", "_ranks", "_required_en", "_required_zh",
                 "_years_cut", "conditions", "for_reviewer", "on")

    def __init__(self, conditions: Conditions, *, on: dt.date) -> None:
        validate_conditions(conditions)
        c = conditions
        self.conditions = c
        self.on = on
        self.for_reviewer = tuple(_free_text(t) for t in c.free_text)
        self._levels = frozenset(c.qualifying_levels)
        self._ranks = frozenset(c.qualifying_ranks)
        required = [(describe_levels_zh(self._levels), describe_levels_en(self._levels)),
                    (describe_ranks_zh(self._ranks), describe_ranks_en(self._ranks))]
        self._required_zh = "或".join(zh for zh, _ in required if zh)
        self._required_en = ", or ".join(en for _, en in required if en)
        self._years_cut = years_back(on, c.min_years) if c.min_years else None
        # Age at least N: born on or before years_back(on, N). Age at most M: born after years_back(on, M + 1).
        self._age_min_cut = years_back(on, c.min_age) if c.min_age is not None else None
        self._age_max_cut = years_back(on, c.max_age + 1) if c.max_age is not None else None
        self._edu_index = EDUCATION_INDEX[c.min_education] if c.min_education is not None else None
        if c.appraisal_years:
            last = on.year - 1 if c.appraisal_last_year is None else c.appraisal_last_year
            if last > on.year:
                raise RuleError(Message(
                    "eligibility.conditions.appraisal_last_year", "考核年度截至{last}年，晚于审查基准日所在的{year}年",
                    "appraisals are required up to {last}, after the reference year {year}",
                    {"last": last, "year": on.year}))
            self._appraisal_years: tuple[int, ...] = tuple(range(last - c.appraisal_years + 1, last + 1))
            self._appraisal_pass: Finding | None = _appraisals_met(last - c.appraisal_years + 1, last,
                                                                   c.appraisal_min)
        else:
            self._appraisal_years = ()
            self._appraisal_pass = None
        self._appraisal_ok = frozenset(APPRAISAL_ORDER[: APPRAISAL_ORDER.index(c.appraisal_min) + 1])
        self._discipline_pass = _discipline_clear(on)
        if c.party_member_required:
            self._party_ok: frozenset[str] | None = frozenset(
                ("party_member", "probationary") if c.probationary_counts else ("party_member",))
        else:
            self._party_ok = None

    def _best_holding(self, c: Candidate) -> tuple[str, str, dt.date | None] | None:
        """The qualifying level or rank held the longest (one with a recorded date before one without)."""
        best: tuple[str, str, dt.date | None] | None = None
        if c.post_level is not None and c.post_level in self._levels:
            best = ("level", c.post_level, c.post_level_since)
        if c.rank is not None and c.rank in self._ranks and (
                best is None or best[2] is None or (c.rank_since is not None and c.rank_since < best[2])):
            best = ("rank", c.rank, c.rank_since)
        return best

    def eligible(self, c: Candidate) -> bool:
        """Whether ``c`` meets every condition; the same as ``check(c).eligible``, without explanations."""
        if c.birth_date > self.on:
            raise _born_after(self.on)
        if self._levels or self._ranks:
            held = self._best_holding(c)
            if held is None:
                return False
            if self._years_cut is not None and (held[2] is None or held[2] > self._years_cut):
                return False
        if self._age_min_cut is not None and c.birth_date > self._age_min_cut:
            return False
        if self._age_max_cut is not None and c.birth_date <= self._age_max_cut:
            return False
        if self._edu_index is not None and (EDUCATION_INDEX[c.education] > self._edu_index or (
                self.conditions.full_time_required and not c.full_time)):
            return False
        appraisals, ok = c.appraisals, self._appraisal_ok
        for year in self._appraisal_years:
            if appraisals.get(year) not in ok:
                return False
        if self.conditions.no_discipline_in_force:
            on = self.on
            for start, until in c.disciplines:
                if start <= on and (until is None or on <= until):
                    return False
        return self._party_ok is None or c.political_status in self._party_ok

    def check(self, c: Candidate) -> Verdict:
        """Judge ``c`` against every condition the post sets; see :class:`Verdict`."""
        on, cond = self.on, self.conditions
        b = c.birth_date
        if b > on:
            raise _born_after(on)
        failures: list[Finding] = []
        passes: list[Finding] = []
        # Each finding is a shared, cached object: the branches below only pick which one applies.
        if self._levels or self._ranks:
            held = self._best_holding(c)
            if held is None:
                failures.append(_level_or_rank(False, c.post_level, c.rank, self._required_zh, self._required_en))
            else:
                passes.append(_level_or_rank(True, c.post_level, c.rank, self._required_zh, self._required_en))
                # Years are counted only at a qualifying level or rank: without one, only the level fails.
                if self._years_cut is not None:
                    which, code, since = held
                    required = cond.min_years or 0
                    if since is None:
                        failures.append(_years_unknown(which, code, required))
                    elif since <= self._years_cut:
                        passes.append(_years(True, which, code, full_years(since, on), required))
                    else:
                        failures.append(_years(False, which, code, max(0, full_years(since, on)), required))
        if self._age_min_cut is not None or self._age_max_cut is not None:
            age = on.year - b.year - ((on.month, on.day) < (b.month, b.day))
            if self._age_min_cut is not None and b > self._age_min_cut:
                failures.append(_age("too_young", age, on, cond.min_age, cond.max_age))
            elif self._age_max_cut is not None and b <= self._age_max_cut:
                failures.append(_age("too_old", age, on, cond.min_age, cond.max_age))
            else:
                passes.append(_age("ok", age, on, cond.min_age, cond.max_age))
        if self._edu_index is not None:
            passed = EDUCATION_INDEX[c.education] <= self._edu_index and (c.full_time or not cond.full_time_required)
            (passes if passed else failures).append(_education(
                passed, c.education, c.full_time, cond.min_education or "", cond.full_time_required))
        if self._appraisal_pass is not None:
            appraisals, ok = c.appraisals, self._appraisal_ok
            for year in self._appraisal_years:
                if appraisals.get(year) not in ok:
                    failures.extend(_appraisal_failed(y, appraisals.get(y), cond.appraisal_min)
                                    for y in self._appraisal_years if appraisals.get(y) not in ok)
                    break
            else:
                passes.append(self._appraisal_pass)
        if cond.no_discipline_in_force:
            in_force = sorted(((start, until) for start, until in c.disciplines
                               if start <= on and (until is None or on <= until)),
                              key=_open_ended_last) if c.disciplines else None
            if in_force:
                failures.extend(_discipline_in_force(start, until) for start, until in in_force)
            else:
                passes.append(self._discipline_pass)
        if self._party_ok is not None:
            passed = c.political_status in self._party_ok
            (passes if passed else failures).append(_party(passed, c.political_status, cond.probationary_counts))
        return Verdict(not failures, tuple(failures), tuple(passes), self.for_reviewer)


def compile(conditions: Conditions, *, on: dt.date) -> Review:
    """Validate ``conditions`` and prepare them for judging many candidates on the reference date ``on``."""
    return Review(conditions, on=on)


def check(candidate: Candidate, conditions: Conditions, *, on: dt.date) -> Verdict:
    """Judge one application on the reference date ``on``; raises :class:`RuleError` for invalid conditions."""
    return Review(conditions, on=on).check(candidate)


def check_many(pairs: Iterable[tuple[Candidate, Conditions]], *, on: dt.date) -> list[Verdict]:
    """Judge (candidate, conditions) pairs in order; each distinct conditions object is compiled once."""
    reviews: dict[int, tuple[Conditions, Review]] = {}
    out: list[Verdict] = []
    for candidate, conditions in pairs:
        entry = reviews.get(id(conditions))
        if entry is None:
            # The conditions are kept in the entry so that their id cannot be reused while we run.
            entry = reviews[id(conditions)] = (conditions, Review(conditions, on=on))
        out.append(entry[1].check(candidate))
    return out

