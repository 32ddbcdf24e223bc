"""The working-day calendar used everywhere: the shipped State Council arrangements plus the organiser's
:class:`~xuanren.notices.models.CalendarYear` rows (a row replaces the shipped data of its year), and how a
year is typed in, uploaded and stored.

:func:`current_calendar` is the one place the application gets its
:class:`~xuanren.rules.calendar.WorkCalendar`; every notice period is counted on it.

**The table of a year** (the text form, a CSV or an .xlsx sheet: one row per line of the State Council's
notice), columns {COLUMNS}::

    节日,放假开始,放假结束,调休上班日
    元旦,2027-01-01,2027-01-03,
    春节,2027-02-06,2027-02-14,2027-02-20、2027-02-21

Dates may be written 2027-01-01, 2027/1/1, 2027.1.1, 2027年1月1日 or, within the year, 1月1日 or 1-1;
several make-up working days are separated by 、，; or spaces. A first row naming the columns is optional
in the text form. Every problem is reported with its row (the people import's
:class:`~xuanren.people.importing.Problem`) and nothing is stored unless there is none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from xuanren.notices.models import CalendarYear
from xuanren.people.actions import ImportRejected
from xuanren.people.importing import FileRejected, Problem, XlsxBook, decode_text, normalise_header, sniff, text_of
from xuanren.rules.calendar import SHIPPED_YEARS, Holiday, WorkCalendar, YearData, is_weekend, weekday_zh, zh_date
from xuanren.rules.errors import RuleError

COLUMNS = ("节日", "放假开始", "放假结束", "调休上班日")
SYNONYMS = {"节日名称": "节日", "名称": "节日", "节假日": "节日", "假日": "节日", "开始": "放假开始",
            "开始日期": "放假开始", "放假开始日期": "放假开始", "结束": "放假结束", "结束日期": "放假结束",
            "放假结束日期": "放假结束", "调休": "调休上班日", "上班日": "调休上班日", "调休上班": "调休上班日"}
SHEET = "节假日"

__doc__ = (__doc__ or "").format(COLUMNS="、".join(COLUMNS))


# --- the calendar ----------------------------------------------------------------------------------

def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def year_data_of(row: CalendarYear) -> YearData:
    """A stored year as the rules read it. Raises :class:`RuleError` for data the form would have refused."""
    holidays: list[Holiday] = []
    for item in row.holidays if isinstance(row.holidays, list) else []:
        days = sorted(_day(d) for d in item.get("days", []))
        if not days:
            continue
        holidays.append(Holiday(str(item.get("name", "")), days[0], days[-1],
                                tuple(_day(d) for d in item.get("workdays", []))))
    return YearData(row.year, tuple(holidays), row.source)


def stored_years() -> dict[int, YearData]:
    """The organiser's years (overriding the shipped ones of the same year)."""
    out: dict[int, YearData] = {}
    for row in CalendarYear.objects.order_by("year"):
        try:
            out[row.year] = year_data_of(row)
        except (RuleError, ValueError, TypeError, AttributeError) as exc:
            # Only data edited by hand outside the application can get here: say so rather than guess.
            raise _broken(row.year, exc) from None
    return out


def _broken(year: int, exc: Exception) -> RuleError:
    from xuanren.rules.messages import Message

    reason = str(exc)
    return RuleError(Message("calendar.stored_year_broken", "{year}年的工作日历数据有误（{reason}），请重新录入",
                             "the stored calendar of {year} is broken ({reason}); enter it again",
                             {"year": year, "reason": reason}))


def all_years() -> dict[int, YearData]:
    return {**SHIPPED_YEARS, **stored_years()}


def current_calendar() -> WorkCalendar:
    """The calendar every period is counted on: the shipped years, with the organiser's years over them."""
    return WorkCalendar.from_data(all_years())


def year_json(data: YearData) -> tuple[list[dict[str, Any]], list[str]]:
    """``(holidays, workdays)`` as :class:`CalendarYear` stores them."""
    holidays = [{"name": h.name, "days": [d.isoformat() for d in h.days()],
                 "workdays": [d.isoformat() for d in h.workdays]} for h in data.holidays]
    workdays = sorted(d.isoformat() for h in data.holidays for d in h.workdays)
    return holidays, workdays


def year_rows(data: YearData) -> list[tuple[str, str, str, str]]:
    """The year as the table's rows (for the form and the page)."""
    return [(h.name, h.first.isoformat(), h.last.isoformat(), "、".join(d.isoformat() for d in h.workdays))
            for h in data.holidays]


def year_text(data: YearData) -> str:
    """The year in the text form's format, header first (what the edit form starts from)."""
    lines = [",".join(COLUMNS)] + [",".join(row) for row in year_rows(data)]
    return "\n".join(lines)


# --- reading a year typed in or uploaded -----------------------------------------------------------

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SEPARATORS = re.compile(r"[、，,；;\s]+")


class _Bad(ValueError):
    pass


def parse_day(value: Any, year: int) -> dt.date:
    """A date cell: an Excel date, 2027-01-01 and the like, or 1月1日 (in ``year``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = text_of(value).replace("（", "(").split("(")[0].strip()
    for pattern in (_FULL, _DIGITS, _MONTH_DAY):
        m = pattern.match(text)
        if m:
            y, mo, d = (year, int(m[1]), int(m[2])) if pattern is _MONTH_DAY else (int(m[1]), int(m[2]), int(m[3]))
            try:
                return dt.date(y, mo, d)
            except ValueError:
                raise _Bad(f"不存在的日期“{text}”") from None
    raise _Bad(f"无法识别的日期“{text}”，请写成 {year}-10-01 或 10月1日")


def _rows_of_text(text: str) -> Iterator[tuple[int, list[str]]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        yield number, [c.strip() for c in cells]


def _rows_of_file(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    if sniff(data) == "xlsx":
        book = XlsxBook(data)
        names = {n.strip(): n for n in book.sheets}
        name = names.get(SHEET) or book.sheets[0]
        for number, cells in enumerate(book.rows(name), start=1):
            yield number, list(cells)
        return
    yield from _rows_of_text(decode_text(data))


def _index(cells: list[Any]) -> dict[str, int] | None:
    """The header's columns, or ``None`` when the row is not a header (the text form may omit it)."""
    names = [SYNONYMS.get(normalise_header(c), normalise_header(c)) for c in cells]
    if "节日" not in names and "放假开始" not in names:
        return None
    return {n: i for i, n in reversed(list(enumerate(names))) if n in COLUMNS}


def parse_year(year: int, rows: Iterable[tuple[int, list[Any]]], *, sheet: str = "", filename: str = "",
               source: str = "") -> YearData:
    """The year's arrangements from table rows; raises :class:`ImportRejected` naming every problem."""
    problems: list[Problem] = []

    def add(row: int | None, column: str, value: Any, reason: str) -> None:
        problems.append(Problem(sheet if row is not None else "", row, column, text_of(value), reason))

    index: dict[str, int] | None = None
    seen: dict[dt.date, tuple[str, int]] = {}
    holidays: list[Holiday] = []
    for number, cells in rows:
        if not any(text_of(c) for c in cells):
            continue
        if index is None:
            found = _index(cells)
            index = found or {c: i for i, c in enumerate(COLUMNS)}
            if found is not None:
                missing = [c for c in COLUMNS[:3] if c not in found]
                for c in missing:
                    add(number, c, "", f"缺少必填列“{c}”")
                if missing:
                    break
                continue

        holiday = _row(year, number, _cells(cells, index), add)
        if holiday is None:
            continue
        clash = False
        for day in (*holiday.days(), *holiday.workdays):
            if day in seen:
                other, row = seen[day]
                add(number, "放假开始" if day in holiday.days() else "调休上班日", day.isoformat(),
                    f"{zh_date(day)}已在第{row}行（{other}）中列出，同一天不能既放假又上班或列出两次")
                clash = True
        for day in (*holiday.days(), *holiday.workdays):
            seen.setdefault(day, (holiday.name, number))
        if not clash:
            holidays.append(holiday)
    if not problems and not holidays:
        add(None, "", "", f"未录入{year}年的任何节假日")
    if not problems:
        try:
            return YearData(year, tuple(holidays), source)
        except RuleError as exc:
            add(None, "", "", str(exc))
    raise ImportRejected(problems, filename=filename)


def _cells(cells: list[Any], index: Mapping[str, int]) -> Any:
    """``cell(column)``; the make-up days, when the last column, take the cells after it too (a line of the
    text form typed with commas: 春节,2027-02-06,2027-02-14,2027-02-20,2027-02-21)."""
    last = max(index.values(), default=0)

    def cell(column: str) -> Any:
        i = index.get(column)
        if i is None or i >= len(cells):
            return ""
        rest = [c for c in cells[i:] if text_of(c)]
        if column == "调休上班日" and i == last and len(rest) > 1:
            return "、".join(text_of(c) for c in rest)
        return cells[i]

    return cell


def _row(year: int, number: int, cell: Any, add: Any) -> Holiday | None:
    """One row as a :class:`Holiday`, or ``None`` after reporting what is wrong with it."""
    bad = False
    name = text_of(cell("节日"))
    if not name:
        add(number, "节日", "", "节日名称为空")
        bad = True
    elif len(name) > 20:
        add(number, "节日", name, "节日名称最多20个字")
        bad = True
    first = last = None
    dates_ok = True
    for column in ("放假开始", "放假结束"):
        raw = cell(column)
        if not text_of(raw) and not isinstance(raw, dt.date):
            if column == "放假结束" and first is not None:
                last = first  # a one-day holiday
                continue
            add(number, column, "", f"{column}日期为空")
            bad = True
            continue
        try:
            day = parse_day(raw, year)
        except _Bad as exc:
            add(number, column, raw, str(exc))
            bad = True
            continue
        if day.year != year:
            add(number, column, raw, f"{zh_date(day)}不在{year}年内")
            bad, dates_ok = True, False
        if column == "放假开始":
            first = day
        else:
            last = day
    if not dates_ok:
        pass  # the range is not judged on a date already refused
    elif first is not None and last is not None and last < first:
        add(number, "放假结束", last.isoformat(), f"放假结束日{zh_date(last)}早于开始日{zh_date(first)}")
        bad = True
    elif first is not None and last is not None and (last - first).days > 30:
        add(number, "放假结束", last.isoformat(), "一个节日连续放假不应超过31天，请检查日期")
        bad = True
    workdays: list[dt.date] = []
    raw_workdays = cell("调休上班日")
    parts: list[Any] = [raw_workdays] if isinstance(raw_workdays, dt.date) else [
        p for p in _SEPARATORS.split(text_of(raw_workdays)) if p]
    for part in parts:
        try:
            day = parse_day(part, year)
        except _Bad as exc:
            add(number, "调休上班日", part, str(exc))
            bad = True
            continue
        if not (day.year == year or (day.year == year - 1 and day.month == 12)):
            add(number, "调休上班日", part, f"调休上班日{zh_date(day)}不在{year}年内")
            bad = True
        elif not is_weekend(day):
            add(number, "调休上班日", part, f"调休上班日{zh_date(day)}是{weekday_zh(day)}，不是周末")
            bad = True
        elif first is not None and last is not None and first <= day <= last:
            add(number, "调休上班日", part, f"调休上班日{zh_date(day)}在放假期间之内，同一天不能既放假又上班")
            bad = True
        elif day in workdays:
            add(number, "调休上班日", part, f"调休上班日{zh_date(day)}重复列出")
            bad = True
        else:
            workdays.append(day)
    if bad or first is None or last is None:
        return None
    try:
        return Holiday(name, first, last, tuple(workdays))
    except RuleError as exc:  # pragma: no cover - the checks above are the same
        add(number, "", "", str(exc))
        return None


def parse_text(year: int, text: str, *, source: str = "") -> YearData:
    """The text form: one line per holiday (see the module)."""
    return parse_year(year, _rows_of_text(text), source=source)


def parse_file(year: int, data: bytes, filename: str, *, source: str = "") -> YearData:
    """An uploaded .xlsx or CSV with the table; an unreadable file is one problem."""
    try:
        rows = list(_rows_of_file(data))
    except FileRejected as exc:
        raise ImportRejected([Problem("", None, "", "", str(exc))], filename=filename) from None
    return parse_year(year, rows, sheet=SHEET if sniff(data) == "xlsx" else "", filename=filename, source=source)


def parse_holidays(year: int, items: Iterable[Mapping[str, Any]], *, source: str = "") -> YearData:
    """The API's form: ``[{"name", "first", "last", "workdays": [...]}]``."""
    rows = [(n, [str(i.get("name", "")), str(i.get("first", "")), str(i.get("last", "") or ""),
                 "、".join(str(w) for w in i.get("workdays", []) or [])]) for n, i in enumerate(items, start=1)]
    return parse_year(year, rows, source=source)
