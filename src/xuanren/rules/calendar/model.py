"""The working-day calendar (工作日历) and the public notice period (任前公示期) counted on it.

A day is a working day when it is a make-up working day (调休上班), or a Monday to Friday that is not a
day off of an official holiday. The calendar judges only the years it has data for: any other date is a
:class:`~xuanren.rules.errors.RuleError` ("2027年的节假日安排尚未录入，请先录入"), never a guess.

**Counting a notice period.** 《党政领导干部选拔任用工作条例》 requires 任前公示 of "不少于5个工作日".
The notice states its own period (公示期：X月X日至X月X日), and the day it is published does not count:
《民法典》 第二百零一条 says of every period counted in years, months and days "开始的当日不计入，自下一日
开始计算". That is the default (``start_counts=False``): a notice published on Monday 2026-03-02 counts
Tuesday to Friday and the next Monday, and runs to 2026-03-09; its end is never earlier than the start plus
5 calendar days. ``start_counts=True`` keeps the looser local habit of counting the day of publication
when it is a working day (the same notice would run to Friday 2026-03-06); a publication on a day off
then counts from the next working day. Weekends and holidays inside the period are not counted;
make-up working Saturdays and Sundays are.

>>> cal = WorkCalendar.from_data()
>>> cal.is_working_day(date(2026, 10, 10)), cal.is_working_day(date(2026, 10, 8)), cal.is_working_day(date(2026, 10, 3))
(True, True, False)
>>> period = cal.notice_period(date(2026, 9, 30))
>>> period.end
datetime.date(2026, 10, 13)
>>> for line in period.explain(): print(line)
公示期自2026年9月30日至2026年10月13日，共5个工作日（起始日不计入，自次日起算）
不计入：9月30日（起始日不计入）、10月1日至10月7日（国庆节）、10月11日（周日）
计入调休上班日：10月10日（周六，国庆节调休）
>>> for problem in cal.validate_notice(date(2026, 9, 28), date(2026, 10, 2)): print(problem)
公示期2026年9月28日至2026年10月2日仅有2个工作日，少于5个工作日，最早应至2026年10月10日截止
截止日2026年10月2日为国庆节假期，不是工作日
>>> cal.add_working_days(date(2027, 1, 4), 1)
Traceback (most recent call last):
...
xuanren.rules.errors.RuleError: 2027年的节假日安排尚未录入，请先录入
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import NamedTuple

from xuanren.rules.calendar.official import SHIPPED_YEARS
from xuanren.rules.calendar.years import (
    YearData,
    error,
    holiday_en,
    is_weekend,
    message,
    weekday_en,
    weekday_zh,
    zh_date,
    zh_month_day,
)
from xuanren.rules.messages import Message

ONE_DAY = timedelta(days=1)
NOTICE_WORKING_DAYS = 5


class Skipped(NamedTuple):
    """A day inside a notice period that was not counted, and why (周六, 国庆节, 起始日不计入 …)."""

    day: date
    reason: str
    reason_en: str


@dataclass(frozen=True)
class NoticePeriod:
    """A notice period: from ``start`` to ``end``, the working ``days`` counted and the days ``skipped``."""

    start: date
    end: date
    working_days: int
    start_counts: bool
    days: tuple[date, ...]
    skipped: tuple[Skipped, ...]
    names: Mapping[date, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def makeup_days(self) -> tuple[date, ...]:
        """Counted days that are weekend days worked instead of a holiday (调休上班)."""
        return tuple(d for d in self.days if is_weekend(d))

    def explain(self) -> tuple[Message, ...]:
        convention = (("起始日为工作日的计入", "the first day counts when it is a working day") if self.start_counts
                      else ("起始日不计入，自次日起算", "the first day does not count"))
        lines = [message("notice.period", "公示期自{start}至{end}，共{n}个工作日（{convention}）",
                         "notice period from {start_en} to {end_en}: {n} working days ({convention_en})",
                         start=zh_date(self.start), end=zh_date(self.end), n=self.working_days,
                         start_en=self.start.isoformat(), end_en=self.end.isoformat(),
                         convention=convention[0], convention_en=convention[1])]
        if self.skipped:
            zh, en = _runs(self.skipped, self.start.year)
            lines.append(message("notice.skipped", "不计入：{days}", "not counted: {days_en}", days=zh, days_en=en))
        if self.makeup_days:
            zh = "、".join(f"{self._day(d)}（{weekday_zh(d)}，{self.names.get(d, '')}调休）" for d in self.makeup_days)
            en = ", ".join(f"{d.isoformat()} ({weekday_en(d)}, for {holiday_en(self.names.get(d, ''))})"
                           for d in self.makeup_days)
            lines.append(message("notice.makeup", "计入调休上班日：{days}", "make-up working days counted: {days_en}",
                                 days=zh, days_en=en))
        return tuple(lines)

    def _day(self, d: date) -> str:
        return zh_month_day(d) if d.year == self.start.year else zh_date(d)


def _runs(skipped: Iterable[Skipped], year: int) -> tuple[str, str]:
    """Consecutive skipped days with one reason as one run: ``10月1日至10月7日（国庆节）``."""
    runs: list[list[Skipped]] = []
    for s in skipped:
        key = "周末" if s.reason in ("周六", "周日") else s.reason
        last = runs[-1][-1] if runs else None
        last_key = None if last is None else ("周末" if last.reason in ("周六", "周日") else last.reason)
        if last is not None and last.day + ONE_DAY == s.day and last_key == key:
            runs[-1].append(s)
        else:
            runs.append([s])

    def day(d: date) -> str:
        return zh_month_day(d) if d.year == year else zh_date(d)

    zh, en = [], []
    for run in runs:
        first, last = run[0], run[-1]
        if len(run) == 1:
            zh.append(f"{day(first.day)}（{first.reason}）")
            en.append(f"{first.day.isoformat()} ({first.reason_en})")
        else:
            weekend = first.reason in ("周六", "周日")
            zh.append(f"{day(first.day)}至{day(last.day)}（{'周末' if weekend else first.reason}）")
            en.append(f"{first.day.isoformat()} to {last.day.isoformat()} "
                      f"({'weekend' if weekend else first.reason_en})")
    return "、".join(zh), ", ".join(en)


@dataclass(frozen=True)
class WorkCalendar:
    """The days off (``holidays``), the weekend days worked (``workdays``), the holiday's name for each of
    them (``names``) and the ``years`` the calendar knows. ``years`` defaults to the years of the dates
    given; a date in any other year is refused."""

    holidays: frozenset[date]
    workdays: frozenset[date]
    names: Mapping[date, str] = field(default_factory=dict)
    years: frozenset[int] = frozenset()
    sources: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        holidays, workdays = frozenset(self.holidays), frozenset(self.workdays)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "workdays", workdays)
        object.__setattr__(self, "names", MappingProxyType(dict(self.names)))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))
        years = frozenset(self.years) or frozenset(d.year for d in holidays | workdays)
        if not years:
            raise error("no_years", "日历中没有任何年份的节假日安排", "the calendar has no year's arrangements")
        object.__setattr__(self, "years", years)
        both = sorted(holidays & workdays)
        if both:
            raise error("day_off_and_worked", "{day}既是放假日又是调休上班日",
                        "{day_en} is both a day off and a make-up working day", day=zh_date(both[0]),
                        day_en=both[0].isoformat())
        weekdays = sorted(d for d in workdays if not is_weekend(d))
        if weekdays:
            raise error("workday_not_weekend", "调休上班日{day}是{weekday}，不是周末",
                        "the make-up working day {day_en} is a {weekday_en}, not a weekend day",
                        day=zh_date(weekdays[0]), weekday=weekday_zh(weekdays[0]), day_en=weekdays[0].isoformat(),
                        weekday_en=weekday_en(weekdays[0]))

    @classmethod
    def from_data(cls, years: Mapping[int, YearData] | None = None) -> WorkCalendar:
        """The calendar of the given years (default: the shipped ones, :data:`SHIPPED_YEARS`).

        To apply an organiser's additions and corrections: ``from_data({**SHIPPED_YEARS, **overrides})``.
        """
        data = SHIPPED_YEARS if years is None else years
        holidays: set[date] = set()
        workdays: set[date] = set()
        names: dict[date, str] = {}
        for year, item in data.items():
            if year != item.year:
                raise error("year_mismatch", "{key}年的位置上录入的是{year}年的安排",
                            "the entry for {key} holds the arrangements of {year}", key=year, year=item.year)
            for holiday in item.holidays:
                holidays.update(holiday.days())
                workdays.update(holiday.workdays)
                names.update(dict.fromkeys((*holiday.days(), *holiday.workdays), holiday.name))
        return cls(frozenset(holidays), frozenset(workdays), names, frozenset(data),
                   {y: item.source for y, item in data.items()})

    def covers(self, year: int) -> bool:
        return year in self.years

    def _require(self, d: date) -> None:
        if d.year not in self.years:
            raise error("year_unknown", "{year}年的节假日安排尚未录入，请先录入",
                        "the holiday arrangements for {year} have not been entered yet; enter them first",
                        year=d.year)

    def is_working_day(self, d: date) -> bool:
        self._require(d)
        if d in self.workdays:
            return True
        return d not in self.holidays and not is_weekend(d)

    def day_off_reason(self, d: date) -> tuple[str, str] | None:
        """Why ``d`` is not a working day, in Chinese and English (``("国庆节", "National Day")``); None if it is."""
        if self.is_working_day(d):
            return None
        if d in self.holidays:
            name = self.names.get(d, "节假日")
            return name, holiday_en(name)
        return weekday_zh(d), weekday_en(d)

    def _count(self, first: date, n: int, start_counts: bool) -> NoticePeriod:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise error("working_days_range", "工作日数应为正整数，实为{n}", "the number of working days must be a "
                        "positive integer, not {n}", n=n)
        day = first if start_counts else first + ONE_DAY
        skipped = [] if start_counts else [Skipped(first, "起始日不计入", "first day not counted")]
        days: list[date] = []
        while True:
            reason = self.day_off_reason(day)
            if reason is None:
                days.append(day)
                if len(days) == n:
                    return NoticePeriod(first, day, n, start_counts, tuple(days), tuple(skipped), self.names)
            else:
                skipped.append(Skipped(day, *reason))
            day += ONE_DAY

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted; ``n`` ≥ 1)."""
        return self._count(start, n, start_counts=False).end

    def notice_period(self, start: date, working_days: int = NOTICE_WORKING_DAYS, *,
                      start_counts: bool = False) -> NoticePeriod:
        """The shortest notice period from ``start`` with ``working_days`` working days (see the module)."""
        return self._count(start, working_days, start_counts)

    def working_days_in(self, start: date, end: date, *, start_counts: bool = False) -> tuple[date, ...]:
        """The working days a notice from ``start`` to ``end`` (inclusive) counts."""
        day = start if start_counts else start + ONE_DAY
        days = []
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += ONE_DAY
        return tuple(days)

    def validate_notice(self, start: date, end: date, min_working_days: int = NOTICE_WORKING_DAYS, *,
                        start_counts: bool = False) -> list[Message]:
        """What is wrong with a notice period from ``start`` to ``end``; an empty list when nothing is.

        Too short: how many working days it has and the earliest end that would do, and — the usual way
        of counting wrongly — whether it ends on a day that is not a working day.
        """
        params = {"start": zh_date(start), "end": zh_date(end), "start_en": start.isoformat(),
                  "end_en": end.isoformat(), "n": min_working_days}
        if end < start:
            return [message("notice.reversed", "公示截止日{end}早于起始日{start}",
                            "the notice ends on {end_en}, before it starts on {start_en}", **params)]
        earliest = self.notice_period(start, min_working_days, start_counts=start_counts).end
        counted = len(self.working_days_in(start, end, start_counts=start_counts))
        if counted >= min_working_days:
            return []
        problems = [message("notice.too_short",
                            "公示期{start}至{end}仅有{counted}个工作日，少于{n}个工作日，最早应至{earliest}截止",
                            "the notice period {start_en} to {end_en} has only {counted} working days, fewer than "
                            "{n}; it can end on {earliest_en} at the earliest",
                            counted=counted, earliest=zh_date(earliest), earliest_en=earliest.isoformat(), **params)]
        reason = self.day_off_reason(end)
        if reason is not None:
            kind = ("{reason}假期", "{reason_en}") if end in self.holidays else ("{reason}", "{reason_en}")
            problems.append(message("notice.ends_on_day_off", "截止日{end}为" + kind[0] + "，不是工作日",
                                    "the last day, {end_en}, is not a working day (" + kind[1] + ")",
                                    reason=reason[0], reason_en=reason[1], **params))
        return problems


SHIPPED_CALENDAR = WorkCalendar.from_data(SHIPPED_YEARS)


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    return SHIPPED_CALENDAR if calendar is None else calendar


def is_working_day(d: date, *, calendar: WorkCalendar | None = None) -> bool:
    """Is ``d`` a working day (on ``calendar``, default the shipped one)?"""
    return _calendar(calendar).is_working_day(d)


def add_working_days(start: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """The ``n``-th working day after ``start``."""
    return _calendar(calendar).add_working_days(start, n)


def notice_period(start: date, working_days: int = NOTICE_WORKING_DAYS, *, start_counts: bool = False,
                  calendar: WorkCalendar | None = None) -> NoticePeriod:
    """The shortest notice period from ``start`` (see :meth:`WorkCalendar.notice_period`)."""
    return _calendar(calendar).notice_period(start, working_days, start_counts=start_counts)


def validate_notice(start: date, end: date, min_working_days: int = NOTICE_WORKING_DAYS, *,
                    start_counts: bool = False, calendar: WorkCalendar | None = None) -> list[Message]:
    """What is wrong with a notice from ``start`` to ``end`` (see :meth:`WorkCalendar.validate_notice`)."""
    return _calendar(calendar).validate_notice(start, end, min_working_days, start_counts=start_counts)
