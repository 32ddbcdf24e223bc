"""Working days (工作日): the calendar of weekends, official holidays and make-up working days (调休),
and the public notice period (任前公示, "不少于5个工作日") counted on it.

The calendar is data: :mod:`~xuanren.rules.calendar.official` ships the State Council's arrangements for
the years published so far; the application passes an organiser's additions and corrections to
:meth:`WorkCalendar.from_data`. A year without data is refused, never guessed.

>>> from datetime import date
>>> notice_period(date(2026, 3, 2)).end  # published on a Monday; the first day does not count
datetime.date(2026, 3, 9)
>>> add_working_days(date(2026, 2, 13), 1)
datetime.date(2026, 2, 14)
"""

from __future__ import annotations

from xuanren.rules.calendar.model import (
    NOTICE_WORKING_DAYS,
    SHIPPED_CALENDAR,
    NoticePeriod,
    Skipped,
    WorkCalendar,
    add_working_days,
    is_working_day,
    notice_period,
    validate_notice,
)
from xuanren.rules.calendar.official import SHIPPED_YEARS
from xuanren.rules.calendar.years import Holiday, YearData, is_weekend, weekday_zh, zh_date, zh_official_date

__all__ = [
    "NOTICE_WORKING_DAYS",
    "SHIPPED_CALENDAR",
    "SHIPPED_YEARS",
    "Holiday",
    "NoticePeriod",
    "Skipped",
    "WorkCalendar",
    "YearData",
    "add_working_days",
    "is_weekend",
    "is_working_day",
    "notice_period",
    "validate_notice",
    "weekday_zh",
    "zh_date",
    "zh_official_date",
]
