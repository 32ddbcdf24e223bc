"""One year's holiday arrangements, as the State Council's notice states them, and how dates are shown.

Every year the General Office of the State Council publishes 《国务院办公厅关于XXXX年部分节假日安排的
通知》, one line per holiday: the days off (放假调休) and the weekend days worked instead (上班), e.g.
"国庆节：10月1日至7日放假调休，共7天。9月20日（周日）、10月10日（周六）上班。" A :class:`Holiday` is
one such line, a :class:`YearData` one notice. The data is checked as it is built, so that a year typed
in by an organiser cannot put a make-up working day on a weekday or a day both off and worked.

>>> national = Holiday("国庆节", date(2026, 10, 1), date(2026, 10, 7), (date(2026, 9, 20), date(2026, 10, 10)))
>>> len(national.days()), zh_date(national.first), weekday_zh(national.workdays[0])
(7, '2026年10月1日', '周日')
>>> Holiday("国庆节", date(2026, 10, 1), date(2026, 10, 7), (date(2026, 10, 8),))
Traceback (most recent call last):
...
xuanren.rules.errors.RuleError: 国庆节的调休上班日2026年10月8日是周四，不是周末
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

HOLIDAY_NAMES_EN = {"元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Qingming Festival",
                    "劳动节": "Labour Day", "端午节": "Dragon Boat Festival", "中秋节": "Mid-Autumn Festival",
                    "国庆节": "National Day", "国庆节、中秋节": "National Day and Mid-Autumn Festival"}


def message(code: str, zh: str, en: str, /, **params: Any) -> Message:
    """A calendar message; ``code`` is prefixed with ``calendar.``."""
    return Message(f"calendar.{code}", zh, en, params)


def error(code: str, zh: str, en: str, /, **params: Any) -> RuleError:
    return RuleError(message(code, zh, en, **params))


def zh_date(d: date) -> str:
    """``2026年10月9日``: the way dates are written in Chinese official documents."""
    return f"{d.year}年{d.month}月{d.day}日"


_NUMERALS = "〇一二三四五六七八九"


def zh_number(n: int) -> str:
    """1 to 99 in Chinese numerals as a date writes them: 十, 十一, 二十, 三十一."""
    if not 1 <= n <= 99:
        raise ValueError(f"{n} is not between 1 and 99")
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[units] if units else "")


def zh_official_date(d: date) -> str:
    """``二〇二六年十二月七日``: the date under an official document's issuer (the year digit by digit).

    >>> zh_official_date(date(2026, 12, 7)), zh_official_date(date(2030, 10, 31))
    ('二〇二六年十二月七日', '二〇三〇年十月三十一日')
    """
    year = "".join(_NUMERALS[int(c)] for c in str(d.year))
    return f"{year}年{zh_number(d.month)}月{zh_number(d.day)}日"


def zh_month_day(d: date) -> str:
    return f"{d.month}月{d.day}日"


def weekday_zh(d: date) -> str:
    return WEEKDAYS_ZH[d.weekday()]


def weekday_en(d: date) -> str:
    return WEEKDAYS_EN[d.weekday()]


def holiday_en(name: str) -> str:
    return HOLIDAY_NAMES_EN.get(name, name)


def is_weekend(d: date) -> bool:
    return d.weekday() >= 5


@dataclass(frozen=True)
class Holiday:
    """One line of the notice: ``name`` is off from ``first`` to ``last`` (inclusive), and the
    ``workdays`` (weekend days) are worked instead (调休上班)."""

    name: str
    first: date
    last: date
    workdays: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "workdays", tuple(sorted(self.workdays)))
        if not self.name or not self.name.strip():
            raise error("holiday.blank_name", "节假日名称为空", "a holiday has no name")
        if self.last < self.first:
            raise error("holiday.reversed", "{name}的放假结束日{last}早于开始日{first}",
                        "{name}: the last day off, {last_en}, is before the first, {first_en}",
                        name=self.name, first=zh_date(self.first), last=zh_date(self.last),
                        first_en=self.first.isoformat(), last_en=self.last.isoformat())
        for day in self.workdays:
            if not is_weekend(day):
                raise error("holiday.workday_not_weekend", "{name}的调休上班日{day}是{weekday}，不是周末",
                            "{name}: the make-up working day {day_en} is a {weekday_en}, not a weekend day",
                            name=self.name, day=zh_date(day), weekday=weekday_zh(day), day_en=day.isoformat(),
                            weekday_en=weekday_en(day))
            if self.first <= day <= self.last:
                raise error("holiday.workday_in_holiday", "{name}的调休上班日{day}在放假期间之内",
                            "{name}: the make-up working day {day_en} falls within the days off",
                            name=self.name, day=zh_date(day), day_en=day.isoformat())
        twice = sorted(d for d, n in Counter(self.workdays).items() if n > 1)
        if twice:
            raise error("holiday.workday_twice", "{name}的调休上班日{day}重复列出",
                        "{name}: the make-up working day {day_en} is listed twice",
                        name=self.name, day=zh_date(twice[0]), day_en=twice[0].isoformat())

    def days(self) -> tuple[date, ...]:
        """Every day off, first to last."""
        return tuple(self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1))


@dataclass(frozen=True)
class YearData:
    """One year's arrangements: its holidays and where they come from (the notice's title and address).

    Days off must lie in ``year``; a make-up working day may also fall in the December before (as
    2006-12-30 and 31 did for New Year's Day 2007). The weekends and working days not named follow the
    week: Monday to Friday work, Saturday and Sunday rest.
    """

    year: int
    holidays: tuple[Holiday, ...]
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", tuple(self.holidays))
        if not 1949 <= self.year <= 9999:
            raise error("year.range", "年份{year}无效", "{year} is not a valid year", year=self.year)
        seen: dict[date, str] = {}
        for holiday in self.holidays:
            for day in holiday.days():
                if day.year != self.year:
                    raise error("year.day_off_outside", "{year}年的{name}放假日{day}不在{year}年内",
                                "{year}: the {name} day off {day_en} is not in {year}",
                                year=self.year, name=holiday.name, day=zh_date(day), day_en=day.isoformat())
            for day in holiday.workdays:
                if not (day.year == self.year or (day.year == self.year - 1 and day.month == 12)):
                    raise error("year.workday_outside", "{year}年的{name}调休上班日{day}不在{year}年内",
                                "{year}: the {name} make-up working day {day_en} is not in {year}",
                                year=self.year, name=holiday.name, day=zh_date(day), day_en=day.isoformat())
            for day in (*holiday.days(), *holiday.workdays):
                if day in seen:
                    raise error("year.day_twice", "{year}年的{day}同时列在{first}和{second}中",
                                "{year}: {day_en} is listed under both {first} and {second}",
                                year=self.year, day=zh_date(day), day_en=day.isoformat(), first=seen[day],
                                second=holiday.name)
                seen[day] = holiday.name
