"""The working-day calendar's pages: the years known (shipped and entered), one year month by month, and
entering or correcting a year from the text form or an .xlsx/CSV file (all or nothing: the problem report
lists every row that is wrong, and nothing is stored)."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.errors import CampaignError
from xuanren.notices import actions
from xuanren.notices.calendar import COLUMNS, all_years, parse_file, parse_text, year_rows, year_text
from xuanren.notices.models import CalendarYear
from xuanren.people.actions import PROBLEMS_SHOWN, ImportRejected, check_size
from xuanren.rules.calendar import SHIPPED_YEARS, WorkCalendar, YearData, weekday_zh, zh_date
from xuanren.rules.errors import RuleError


def _years() -> tuple[dict[int, YearData], str]:
    try:
        return all_years(), ""
    except RuleError as exc:
        return dict(SHIPPED_YEARS), str(exc)


def _summary(year: int, data: YearData, entered: dict[int, CalendarYear]) -> dict[str, Any]:
    cal = WorkCalendar.from_data({year: data})
    day, working = dt.date(year, 1, 1), 0
    while day.year == year:
        working += cal.is_working_day(day)
        day += dt.timedelta(days=1)
    row = entered.get(year)
    return {"year": year, "holidays": len(data.holidays), "workdays": sum(len(h.workdays) for h in data.holidays),
            "working_days": working, "source": data.source, "entered": row, "shipped": year in SHIPPED_YEARS}


@capability_required("notices.view")
def calendar_page(request: HttpRequest) -> HttpResponse:
    years, broken = _years()
    entered = {r.year: r for r in CalendarYear.objects.select_related("updated_by")}
    return render(request, "notices/calendar.html", {
        "years": [_summary(y, years[y], entered) for y in sorted(years)], "broken": broken,
        "can_manage": has(request.user, "notices.manage"), "columns": "、".join(COLUMNS),
        "next_year": max(years, default=timezone.localdate().year) + 1,
    })


def _months(year: int, data: YearData) -> list[dict[str, Any]]:
    off = {d: h.name for h in data.holidays for d in h.days()}
    worked = {d: h.name for h in data.holidays for d in h.workdays}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for d in week:
                kind = "off" if d in off else "worked" if d in worked else "weekend" if d.weekday() >= 5 else "work"
                cells.append({"day": d.day if d.month == month else "", "kind": kind if d.month == month else "",
                              "title": f"{zh_date(d)}（{weekday_zh(d)}）{off.get(d) or worked.get(d) or ''}"})
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


@capability_required("notices.view")
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    years, broken = _years()
    if year not in years:
        raise Http404("no such year")
    data = years[year]
    row = CalendarYear.objects.filter(year=year).select_related("updated_by").first()
    return render(request, "notices/calendar_year.html", {
        "year": year, "data": data, "rows": year_rows(data), "months": _months(year, data), "entered": row,
        "shipped": year in SHIPPED_YEARS, "text": year_text(data), "broken": broken,
        "can_manage": has(request.user, "notices.manage"),
        "weekdays": [pgettext("weekday", "一"), pgettext("weekday", "二"), pgettext("weekday", "三"),
                     pgettext("weekday", "四"), pgettext("weekday", "五"), pgettext("weekday", "六"),
                     pgettext("weekday", "日")],
    })


@require_POST
@capability_required("notices.manage")
def calendar_save(request: HttpRequest) -> HttpResponse:
    """The year (``year``), its source (``source``) and either an uploaded file (``file``) or the text (``text``)."""
    raw_year = request.POST.get("year", "").strip()
    source = request.POST.get("source", "")
    back = reverse("notices:calendar")
    if not raw_year.isdigit() or not 2000 <= int(raw_year) <= 2100:
        messages.error(request, _("请填写年份（2000至2100之间）。"))
        return HttpResponseRedirect(back)
    year = int(raw_year)
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            check_size(upload.size or 0, filename=upload.name or "")
            data = parse_file(year, upload.read(), upload.name or "", source=source)
        else:
            data = parse_text(year, request.POST.get("text", ""), source=source)
        actions.calendar_year_save(actor=request.user, data=data)
    except ImportRejected as exc:
        years, broken = _years()
        entered = {r.year: r for r in CalendarYear.objects.all()}
        return render(request, "notices/calendar.html", {
            "years": [_summary(y, years[y], entered) for y in sorted(years)], "broken": broken,
            "can_manage": True, "columns": "、".join(COLUMNS), "next_year": year, "rejected": exc,
            "problems_shown": PROBLEMS_SHOWN, "posted_text": request.POST.get("text", ""), "posted_year": year,
            "posted_source": source,
        }, status=400)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    messages.success(request, _("%(year)s年的节假日安排已保存。") % {"year": year})
    return HttpResponseRedirect(reverse("notices:calendar_year", kwargs={"year": year}))


@require_POST
@capability_required("notices.manage")
def calendar_delete(request: HttpRequest, year: int) -> HttpResponse:
    try:
        actions.calendar_year_delete(actor=request.user, year=year)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("notices:calendar_year", kwargs={"year": year}))
    messages.success(request, _("已删除录入的%(year)s年节假日安排。") % {"year": year})
    return HttpResponseRedirect(reverse("notices:calendar"))
