"""The organiser's working-day calendar: a year entered or corrected (:func:`calendar_year_save`), or the
correction removed so that the shipped data counts again (:func:`calendar_year_delete`).

A year is checked as it is read (:mod:`xuanren.notices.calendar`: dates in that year, make-up working
days on a weekend, no day both off and worked) and stored whole or not at all. A change that would leave a
published notice short of its working days is refused, naming the notice: a period already announced to
the public is not shortened behind its back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from xuanren.campaigns.errors import refuse
from xuanren.notices.actions._common import notice_settings, now_or, require, state, user_or_none
from xuanren.notices.calendar import all_years, year_json
from xuanren.notices.models import CalendarYear, Notice
from xuanren.record.actions import record_event
from xuanren.rules.calendar import SHIPPED_YEARS, WorkCalendar, YearData, zh_date
from xuanren.rules.errors import RuleError


def _check_published(years: dict[int, YearData], changed: int) -> None:
    """Every published notice touching ``changed`` still has its working days on the calendar ``years`` give."""
    notices = Notice.objects.filter(status=Notice.Status.PUBLISHED).select_related("stage").order_by("starts", "id")
    touching = [n for n in notices if n.starts.year <= changed <= n.ends.year]
    if not touching:
        return
    try:
        cal = WorkCalendar.from_data(years) if years else None
    except RuleError as exc:  # pragma: no cover - each year was checked on its own
        raise refuse("notices.calendar.invalid", "{reason}", "{reason}", reason=str(exc)) from None
    for notice in touching:
        minimum = notice_settings(notice.stage).working_days
        try:
            problems = [str(p) for p in cal.validate_notice(notice.starts, notice.ends, minimum)] if cal else [
                f"{changed}年的节假日安排将不存在"]
            counted = len(cal.working_days_in(notice.starts, notice.ends)) if cal else 0
            if not problems and counted != notice.working_days:
                problems = [f"公示所写的{notice.working_days}个工作日将变为{counted}个"]
        except RuleError as exc:
            problems = [str(exc)]
        if problems:
            raise refuse("notices.calendar.breaks_notice",
                         "已发布的公示“{title}”（{starts}至{ends}）按修改后的日历将不符合要求：{reasons}。"
                         "请核对后再修改",
                         "the published notice '{title}' ({starts_en} to {ends_en}) would no longer be valid on "
                         "the changed calendar: {reasons}", title=notice.title,
                         starts=zh_date(notice.starts), ends=zh_date(notice.ends),
                         starts_en=notice.starts.isoformat(), ends_en=notice.ends.isoformat(),
                         reasons="；".join(problems))


def calendar_year_save(*, actor: Any, data: YearData, now: dt.datetime | None = None) -> CalendarYear:
    """Store one year's arrangements (``data``, already checked by the reader), replacing the shipped data and
    any earlier entry of that year. Recorded as ``notices.calendar.save``."""
    require(actor, "notices.manage")
    now = now_or(now)
    source = (data.source or "").strip()
    if len(source) > 300:
        raise refuse("notices.calendar.source_too_long", "依据最多300个字", "the source has at most 300 characters")
    holidays, workdays = year_json(data)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=data.year).first()
        before = state(row) if row else None
        years = {**all_years(), data.year: data}
        _check_published(years, data.year)
        if row is None:
            row = CalendarYear(year=data.year)
        row.holidays, row.workdays, row.source = holidays, workdays, source
        row.updated, row.updated_by = now, user_or_none(actor)
        row.save()
        record_event(actor=actor, action="notices.calendar.save", obj=row, before=before, after=state(row),
                     details={"year": data.year, "holidays": [{"name": h.name, "first": h.first.isoformat(),
                                                               "last": h.last.isoformat(),
                                                               "workdays": [d.isoformat() for d in h.workdays]}
                                                              for h in data.holidays],
                              "source": source, "replaces": "entered" if before else
                              ("shipped" if data.year in SHIPPED_YEARS else "none")})
    return row


def calendar_year_delete(*, actor: Any, year: int, now: dt.datetime | None = None) -> None:
    """Remove the organiser's entry of ``year``: the shipped data of that year counts again (or, for a year not
    shipped, the year is unknown once more). Recorded as ``notices.calendar.delete``."""
    require(actor, "notices.manage")
    now_or(now)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            raise refuse("notices.calendar.not_entered", "{year}年没有录入的工作日历", "no calendar was entered for "
                         "{year}", year=year)
        before = state(row)
        years = {y: d for y, d in all_years().items() if y != year}
        if year in SHIPPED_YEARS:
            years[year] = SHIPPED_YEARS[year]
        _check_published(years, year)
        row.delete()
        record_event(actor=actor, action="notices.calendar.delete", object_type="notices.calendaryear",
                     object_id=str(before["id"]), object_repr=f"{year}年工作日历", before=before,
                     details={"year": year, "shipped_again": year in SHIPPED_YEARS})
