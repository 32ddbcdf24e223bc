"""Reading a roster file (干部名册) and checking every row of it, without the database.

:func:`parse_roster` turns the bytes of an .xlsx or CSV file into a :class:`Roster`: the people, rewards
and disciplinary records it holds, and every :class:`Problem` found, each with its sheet, the row number
Excel shows, the column, the value and the reason in words. Checks that need the register (does the
person a reward names exist?) are made by the action, :func:`xuanren.people.actions.people_import`,
which writes nothing unless the whole file is clean.

The format is defined in :mod:`xuanren.people.columns`.
"""

from __future__ import annotations

import codecs
import copy
import csv
import datetime as dt
import difflib
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from xuanren.people import columns as cols
from xuanren.people.columns import Column, Kind
from xuanren.rules import idnumber
from xuanren.rules.errors import InvalidIdNumber

# Kept in memory however bad the file; the count of the rest is kept too.
MAX_PROBLEMS_KEPT = 10_000
# A title row or two ("某某单位干部名册") may stand above the header.
HEADER_SEARCH_ROWS = 10
PROGRESS_EVERY = 2_000

Progress = Callable[[str, int, int | None], None]
"""``progress(phase, done, total)``; ``total`` is ``None`` when not known in advance."""

READ_PHASE = "读取并校验"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the file. ``row`` is the row number Excel shows (``None``: the whole file)."""

    sheet: str
    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
                "reason": self.reason}

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(_("第%(row)s行") % {"row": self.row})
        if self.column:
            where.append(_("“%(column)s”列") % {"column": self.column})
        value = _("（值：%(value)s）") % {"value": self.value} if self.value else ""
        return f"{' '.join(where)}：{self.reason}{value}" if where else f"{self.reason}{value}"


@dataclass(slots=True)
class PersonRow:
    """A person as the file gives them.

    ``fields`` holds the model fields of the columns present in the file (a column that is absent leaves
    the stored value alone). ``department`` is ``None`` when the 部门 column is absent, else the path of
    department names under the unit (empty: directly in the unit). ``appraisals`` maps every year column
    of the file to the stored result, or ``None`` for an empty cell (no result that year).
    """

    row: int
    id_number: str
    fields: dict[str, Any]
    unit: str
    department: tuple[str, ...] | None
    appraisals: dict[int, str | None]


@dataclass(slots=True)
class RewardRow:
    row: int
    id_number: str
    date: dt.date
    title: str
    issuer: str


@dataclass(slots=True)
class DisciplineRow:
    row: int
    id_number: str
    date: dt.date
    kind: str
    reason: str
    in_force_until: dt.date | None


@dataclass
class Roster:
    """What a file holds, and what is wrong with it. Nothing may be written unless ``ok``."""

    people: list[PersonRow] = field(default_factory=list)
    rewards: list[RewardRow] = field(default_factory=list)
    disciplines: list[DisciplineRow] = field(default_factory=list)
    appraisal_years: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    file_format: str = ""

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why, for the personnel officer."""


def parse_roster(data: bytes, filename: str = "", *, today: dt.date, progress: Progress | None = None) -> Roster:
    """Read and check a roster file (.xlsx or CSV, told apart by content, not by name).

    ``today`` is the reference date (no date may be after it). Never raises for bad input: a file that
    cannot be read at all gives a roster with one problem saying why.
    """
    roster = Roster()
    try:
        if not data or not data.strip():
            raise FileRejected(_("文件是空的。"))
        kind = sniff(data)
        roster.file_format = kind
        if kind == "xlsx":
            _parse_xlsx(data, roster, today, progress)
        else:
            _parse_csv(data, roster, today, progress)
        _check_cross_sheet(roster)
    except FileRejected as exc:
        roster.people.clear()
        roster.rewards.clear()
        roster.disciplines.clear()
        roster.problems.clear()
        roster.problem_count = 0
        roster.add(Problem("", None, "", "", str(exc)))
    return roster


# --- telling formats apart -------------------------------------------------------------------------

def not_a_roster() -> str:
    return _("文件不是有效的 Excel (.xlsx) 或 CSV 文件。")


def sniff(data: bytes) -> str:
    """``"xlsx"`` or ``"csv"``; raises :class:`FileRejected` for anything else, naming it when it can."""
    if data.startswith(b"PK\x03\x04"):
        if data[30:38] == b"mimetype" and b"opendocument" in data[38:120]:
            raise FileRejected(_opendocument())
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise FileRejected(_("这是旧版 Excel (.xls) 文件、Word 文档或加密的 Excel 文件。"
                             "请在 Excel 中另存为 .xlsx（不设密码）后再导入。"))
    if data.startswith(b"%PDF"):
        raise FileRejected(_("这是 PDF 文件，不能导入。") + not_a_roster())
    return "csv"


def _opendocument() -> str:
    return _("这是 OpenDocument 表格（.ods），请在 WPS 或 LibreOffice 中另存为 Excel (.xlsx) 后再导入。")


# --- CSV -------------------------------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which covers GBK and GB2312)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _text_only(data[len(bom):].decode(codec))
            except UnicodeDecodeError:
                raise FileRejected(_("文件开头标明为 %(codec)s 编码，但内容不是该编码。") % {"codec": codec.upper()}
                                   + not_a_roster()) from None
    if b"\x00" in data:
        raise FileRejected(not_a_roster())
    for codec in ("utf-8", "gb18030"):
        try:
            return _text_only(data.decode(codec))
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("无法识别 CSV 文件的编码（既不是 UTF-8，也不是 GBK/GB18030）。") + not_a_roster())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text_only(text: str) -> str:
    # A binary file may happen to decode; text has (almost) no control characters.
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(3, len(sample) // 1000):
        raise FileRejected(not_a_roster())
    return text


def _parse_csv(data: bytes, roster: Roster, today: dt.date, progress: Progress | None) -> None:
    text = decode_text(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total = text.count("\n") + 1

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            for record in reader:
                yield tuple(record)
        except csv.Error as exc:
            raise FileRejected(_("CSV 文件第%(row)s行格式有误：%(error)s") % {"row": reader.line_num, "error": exc}
                               ) from None

    found = _parse_people_sheet(rows(), roster, today, progress, total)
    if found is None:
        raise FileRejected(_("文件中没有内容。"))
    if not roster.people and roster.ok:
        raise FileRejected(_("文件只有表头，没有人员数据。"))


# --- xlsx ------------------------------------------------------------------------------------------
#
# Workbooks are read by python-calamine (the Rust calamine library): about 2.5 s for the 100,000 rows of
# the benchmark roster, where openpyxl's read-only mode took about 70 s (docs/performance.md). Cells come
# back as str, float, bool, date or datetime; date cells are dates whatever their number format, the
# Chinese built-in ones (yyyy"年"m"月"d"日" and the like, numFmtId 27–36 and 50–58) included; an empty
# cell is "". Rows are numbered as Excel numbers them (calamine pads the rows above the first cell).
#
# calamine trusts what a file declares. It builds a sheet as one dense grid from its first to its last
# cell, and reserves room for as many shared strings as the workbook says it has: two cells at A1 and
# XFD1048576, or uniqueCount="100000000000", make it ask for hundreds of gigabytes and abort the process
# (no exception). And it inflates a part to its end, not to the size the zip declares. So before calamine
# sees a file, :func:`_check_package` inflates every part itself and bounds what calamine will allocate.

# Inflated size of all parts together.
MAX_UNZIPPED_BYTES = 1 << 30
MAX_ROWS = 1_000_000
# Cells of one sheet's grid (rows × columns, from A1), shared strings, and cell elements of one part.
# 100,000 people take 2.3 million; a 50 MB upload holds about 10 million.
MAX_CELLS = 20_000_000
# Bytes of a part read in one go; a stretch this long with no "<" in it is no XML anybody wrote.
_CHUNK = 1 << 22
# Any attribute named r (a cell's or a row's position), however written: calamine's attribute parser
# takes the name as everything up to "=", so r may follow a quote directly and space may surround "=".
_POSITION = re.compile(rb'r\s*=\s*["\']([A-Za-z]*)(\d+)')
_UNIQUE_COUNT = re.compile(rb'uniqueCount\s*=\s*["\']\+?(\d+)')


@dataclass(slots=True)
class _PartBounds:
    """What one part of the package could make calamine allocate, from counts over its bytes.

    calamine reads cells only after a ``sheetData`` tag. Every ``r`` attribute gives the furthest row and
    column a cell can name (anything that looks like one counts, so the bound errs on the large side). A
    cell without ``r`` goes after the one before it, and a row without ``r`` after the one before it:
    there are at most as many such cells as things that could start a cell tag ("<c", ":c") less the
    cells written the usual way (``<c r="``), which leaves 0 for what Excel, WPS, LibreOffice, openpyxl
    and XlsxWriter write. ``uniqueCount`` is the number of shared strings calamine reserves room for.
    """

    sheet_data: bool = False
    row: int = 0
    column: int = 0
    cell_tags: int = 0
    cells_placed: int = 0
    row_words: int = 0
    unique_strings: int = 0

    def add(self, text: bytes) -> None:
        self.sheet_data = self.sheet_data or b"sheetData" in text
        positions = _POSITION.findall(text)
        if positions:
            self.row = max(self.row, *map(int, set(map(itemgetter(1), positions))))
            self.column = max(self.column, *map(_column_number, set(map(itemgetter(0), positions))))
        self.cell_tags += text.count(b"<c") + text.count(b":c")
        self.cells_placed += text.count(b'<c r="')
        self.row_words += text.count(b"row")
        if b"uniqueCount" in text:
            self.unique_strings = max([self.unique_strings, *map(int, _UNIQUE_COUNT.findall(text))])

    def check(self) -> None:
        too_many = _("Excel 文件中的单元格过多（超过%(n)s个），无法导入。") % {"n": f"{MAX_CELLS:,}"}
        if self.unique_strings > MAX_CELLS:
            raise FileRejected(too_many)
        if not self.sheet_data:
            return
        unplaced = self.cell_tags - self.cells_placed
        rows = self.row + (self.row_words + 1 if unplaced else 0)
        if rows > MAX_ROWS:
            raise FileRejected(_("工作表超过%(n)s行，无法导入。") % {"n": f"{MAX_ROWS:,}"})
        if max(rows * (self.column + unplaced), self.cell_tags) > MAX_CELLS:
            raise FileRejected(too_many)


def _column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"AA"`` → 27 (as calamine reads them, lower case too); ``b""`` → 0."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _check_package(data: bytes) -> None:
    """Refuse a workbook that would make calamine allocate without bound (see the comment above)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRejected(not_a_roster()) from exc
    # calamine tries other formats when a package is no .xlsx; it is to read nothing else.
    names = {p.filename.replace("\\", "/").lower() for p in parts}
    if "mimetype" in names:
        raise FileRejected(_opendocument())
    if "xl/workbook.bin" in names:
        raise FileRejected(_("这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再导入。"))
    too_big = _("Excel 文件解压后过大，无法导入。")
    if sum(p.file_size for p in parts) > MAX_UNZIPPED_BYTES:
        raise FileRejected(too_big)
    total = 0
    for part in parts:
        bounds = _PartBounds()
        pending = b""
        for chunk in _inflated(package, part):
            total += len(chunk)
            if total > MAX_UNZIPPED_BYTES:
                raise FileRejected(too_big)
            # Cut before the last tag, which may go on in the next chunk.
            text = pending + chunk
            cut = text.rfind(b"<")
            if cut <= 0 and len(text) > _CHUNK:
                raise FileRejected(not_a_roster())
            bounds.add(text[:max(cut, 0)])
            pending = text[max(cut, 0):]
        bounds.add(pending)
        bounds.check()


def _inflated(package: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The bytes of ``part`` to the end of its compressed data, as calamine reads them, not to the size the
    zip declares (zipfile would stop there); zipfile still checks the CRC over all of them."""
    unbounded = copy.copy(part)
    unbounded.file_size = 1 << 62  # the caller stops at MAX_UNZIPPED_BYTES
    try:
        with package.open(unbounded) as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        # A bad CRC, a damaged stream, an unknown compression method, encryption: no workbook.
        raise FileRejected(not_a_roster()) from exc


class XlsxBook:
    """An .xlsx workbook read by python-calamine: its sheet names, and each sheet's rows of cell values
    (str, float, bool, date, datetime; "" for an empty cell) from row 1.

    Raises :class:`FileRejected` for anything that is not a readable workbook, and for one that would
    make calamine allocate without bound.
    """

    def __init__(self, data: bytes) -> None:
        _check_package(data)
        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except CalamineError as exc:
            raise FileRejected(not_a_roster()) from exc
        self.sheets: list[str] = list(self._book.sheet_names)
        if not self.sheets:
            raise FileRejected(not_a_roster())
        self._loaded: dict[str, CalamineSheet] = {}

    def _sheet(self, name: str) -> CalamineSheet:
        if name not in self._loaded:
            try:
                self._loaded[name] = self._book.get_sheet_by_name(name)
            except CalamineError as exc:
                raise FileRejected(_("Excel 文件已损坏，无法读完（%(error)s）。")
                                   % {"error": type(exc).__name__}) from exc
        return self._loaded[name]

    def row_hint(self, name: str) -> int | None:
        """The number of the sheet's last row, for progress bars."""
        end = self._sheet(name).end
        return end[0] + 1 if end is not None else 0

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The rows of sheet ``name`` from row 1, so that numbering holds; read when first asked for."""
        sheet = self._sheet(name)
        if sheet.start is None:  # nothing in it (and iter_rows would panic)
            return
        # calamine pads the rows above the first cell, but a row begins at the first column with data.
        pad = ("",) * sheet.start[1]
        for row in sheet.iter_rows():
            yield (*pad, *row) if pad else tuple(row)


def _parse_xlsx(data: bytes, roster: Roster, today: dt.date, progress: Progress | None) -> None:
    book = XlsxBook(data)
    names = book.sheets
    stripped = {n.strip(): n for n in names}
    people_name = stripped.get(cols.PEOPLE_SHEET)
    if people_name is None:
        if len(names) == 1:
            people_name = names[0]
        elif not ({cols.REWARDS_SHEET, cols.DISCIPLINES_SHEET} & stripped.keys()):
            raise FileRejected(_("工作簿中没有名为“%(sheet)s”的工作表（现有：%(names)s）。")
                               % {"sheet": cols.PEOPLE_SHEET, "names": "、".join(names)})
    any_data = False
    found: bool | None = None
    if people_name is not None:
        found = _parse_people_sheet(book.rows(people_name), roster, today, progress, book.row_hint(people_name))
        any_data = bool(roster.people)
    for sheet, parse in ((cols.REWARDS_SHEET, _parse_reward), (cols.DISCIPLINES_SHEET, _parse_discipline)):
        if sheet in stripped:
            n = _parse_side_sheet(book.rows(stripped[sheet]), sheet, roster, today, parse)
            any_data = any_data or n > 0
    if not any_data and roster.ok:
        if found is None:
            raise FileRejected(_("工作表“%(sheet)s”是空的。") % {"sheet": people_name or cols.PEOPLE_SHEET})
        raise FileRejected(_("文件只有表头，没有人员数据。"))


# --- headers ---------------------------------------------------------------------------------------

_HEADER_SPACE = re.compile(r"[\s*＊]+")
# Header words of real rosters that difflib does not find.
_HEADER_SYNONYMS = {
    "职务": "现任职务", "现职务": "现任职务", "文化程度": "学历", "任现职务层次时间": "任职务层次时间",
    "出生年月": "出生日期", "公民身份号码": "身份证号", "身份证号码": "身份证号", "参工时间": "参加工作时间",
    "工作单位": "单位", "所在单位": "单位", "所在部门": "部门", "内设机构": "部门",
}
_YEARISH = re.compile(r"^(\d{4})\s*年?度?\s*(?:年度)?考核(?:结果|等次)?$")


def normalise_header(value: Any) -> str:
    """Header text with all spaces (also full-width) and required-marks (*) removed."""
    return _HEADER_SPACE.sub("", text_of(value))


def _suggest(header: str, known: list[str]) -> str | None:
    if header in _HEADER_SYNONYMS and _HEADER_SYNONYMS[header] in known:
        return _HEADER_SYNONYMS[header]
    m = _YEARISH.match(header)
    if m and any(cols.appraisal_year(k) for k in known):
        return cols.appraisal_header(int(m.group(1)))
    close = difflib.get_close_matches(header, known, n=1, cutoff=0.5)
    return close[0] if close else None


@dataclass
class _Header:
    row: int
    columns: list[tuple[int, Column]]
    years: list[tuple[int, int]]
    present: set[str]


def _find_header(rows: Iterator[tuple[Any, ...]], required: list[str]
                 ) -> tuple[int, tuple[Any, ...], list[tuple[int, tuple[Any, ...]]]] | None:
    """The header row (its number and cells), and the rows read past it. ``None`` if there is no row."""
    seen: list[tuple[int, tuple[Any, ...]]] = []
    for number, cells in enumerate(rows, start=1):
        if not any(text_of(c) for c in cells):
            continue
        seen.append((number, cells))
        headers = {normalise_header(c) for c in cells}
        if all(r in headers for r in required) or len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        return None
    for i, (number, cells) in enumerate(seen):
        headers = {normalise_header(c) for c in cells}
        if all(r in headers for r in required):
            return number, cells, seen[i + 1:]
    # No row has the key columns: take the first, and let the column checks say what is missing.
    number, cells = seen[0]
    return number, cells, seen[1:]


def _read_header(number: int, cells: tuple[Any, ...], sheet: str, columns: tuple[Column, ...], roster: Roster,
                 *, years_allowed: bool) -> _Header | None:
    """Map header cells to columns; report unknown, repeated and missing columns. ``None`` if any."""
    known = cols.by_header(columns)
    header = _Header(number, [], [], set())
    seen: dict[str, int] = {}
    suggested: set[str] = set()
    bad = False
    for index, cell in enumerate(cells):
        name = normalise_header(cell)
        if not name:
            continue
        letter = column_letter(index)
        if name in seen:
            roster.add(Problem(sheet, number, name, "", _("列名重复（第%(a)s列和第%(b)s列）")
                               % {"a": column_letter(seen[name]), "b": letter}))
            bad = True
            continue
        seen[name] = index
        if name in known:
            header.columns.append((index, known[name]))
            header.present.add(known[name].key)
            continue
        year = cols.appraisal_year(name) if years_allowed else None
        if year is not None:
            header.years.append((index, year))
            continue
        suggestion = _suggest(name, list(known) + ([cols.appraisal_header(2023)] if years_allowed else []))
        if suggestion:
            suggested.add(suggestion)
            reason = _("未知的列“%(name)s”，是否应为“%(suggestion)s”？") % {"name": name, "suggestion": suggestion}
        else:
            reason = _("未知的列“%(name)s”（第%(letter)s列）：请删除该列，或改为规定的列名。") % {
                "name": name, "letter": letter}
        roster.add(Problem(sheet, number, name, "", reason))
        bad = True
    for column in columns:
        # A misspelt required column is reported once, as the unknown column with its suggestion.
        if column.required and column.key not in header.present and column.header not in suggested:
            roster.add(Problem(sheet, number, column.header, "", _("缺少必填列“%(name)s”") % {"name": column.header}))
            bad = True
    return None if bad else header


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- cell values -----------------------------------------------------------------------------------

def text_of(value: Any) -> str:
    """A cell as the text a reader sees, trimmed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


class CellError(ValueError):
    """A cell value the column cannot take; the message is the reason shown to the user."""


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def parse_date(value: Any) -> dt.date:
    """A date from a cell: an Excel date, or text such as 1980-01-02, 1980/1/2, 1980年1月2日, 1980.01.02.

    Year and month alone (1980.01, 1980-01, 1980年1月, 198001) give the first of the month. A number
    like 1980.1 in a numeric cell is read as October: Excel stored 1980.10 and dropped the zero.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("无法识别的日期"))
    if isinstance(value, int):
        return _date_from_digits(str(value))
    if isinstance(value, float):
        if value.is_integer():
            return _date_from_digits(str(int(value)))
        year, fraction = divmod(value, 1)
        month = round(fraction * 100)
        if 1900 <= year <= 2200 and abs(fraction * 100 - month) < 1e-6:
            return _ymd(int(year), month, 1)
        raise CellError(_("无法识别的日期"))
    text = _TIME_TAIL.sub("", text_of(value))
    m = _DATE_TEXT.match(text)
    if m:
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    return _date_from_digits(text)


def _date_from_digits(text: str) -> dt.date:
    m = _DATE_DIGITS.match(text)
    if not m:
        raise CellError(_("无法识别的日期，请写成 1980-01-02 或 1980.01 这样的格式"))
    return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


def _ymd(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("不存在的日期")) from None


_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")


def parse_id_number(value: Any, today: dt.date) -> str:
    """A valid resident ID number from a cell, or :class:`CellError` saying what is wrong.

    A number cell holds at most 15 significant digits (Excel's, and calamine reads every number as a
    float): an 18-digit number in one has lost its last digits; a shorter one is read as its digits.
    """
    if isinstance(value, float):
        if not (value.is_integer() and abs(value) < 1e15):
            raise CellError(_("身份证号被 Excel 存成了数字，末几位已经丢失。请把该列设为文本格式，重新填写号码。"))
        value = int(value)
    text = text_of(value)
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    text = text.lstrip("'‘’`")
    if _SCIENTIFIC.match(text):
        raise CellError(_("身份证号显示为科学计数法（如 1.1E+17），号码已经丢失。请把该列设为文本格式，重新填写号码。"))
    try:
        return idnumber.validate(text, today=today)
    except InvalidIdNumber as exc:
        reason = exc.message.text(get_language() or "zh-hans")
        if isinstance(value, int):
            reason += _("（该单元格是数字格式，Excel 只保留15位有效数字；请把该列设为文本格式后重新填写）")
        raise CellError(reason) from None


def parse_choice(value: Any, column: Column) -> str:
    text = _HEADER_SPACE.sub("", text_of(value))
    try:
        return column.choices[text]
    except KeyError:
        raise CellError(_("不是有效的%(column)s，应为：%(allowed)s") % {
            "column": column.header, "allowed": "、".join(column.allowed)}) from None


_CJK_NAME = re.compile(r"^[\u3400-\u9fff\s]+$")


def clean_name(text: str) -> str:
    """Names padded for alignment (张　三) lose their spaces; other names keep single spaces."""
    if _CJK_NAME.match(text):
        return "".join(text.split())
    return " ".join(text.split())


# --- sheets ----------------------------------------------------------------------------------------

_PERSON_REQUIRED = [c.header for c in cols.PEOPLE_COLUMNS if c.required]


def _parse_people_sheet(rows: Iterator[tuple[Any, ...]], roster: Roster, today: dt.date,
                        progress: Progress | None, total: int | None) -> bool | None:
    """Parse the 干部名册 sheet into ``roster``. ``None`` if the sheet has no row at all."""
    sheet = cols.PEOPLE_SHEET
    found = _find_header(rows, _PERSON_REQUIRED)
    if found is None:
        return None
    number, cells, pending = found
    header = _read_header(number, cells, sheet, cols.PEOPLE_COLUMNS, roster, years_allowed=True)
    if header is None:
        return False
    roster.appraisal_years = sorted({y for _i, y in header.years})
    parser = _PersonParser(header, roster, today)
    done = 0

    def data_rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        yield from pending
        yield from enumerate(rows, start=(pending[-1][0] if pending else number) + 1)

    for row_number, row_cells in data_rows():
        parser.parse(row_number, row_cells)
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(READ_PHASE, row_number, total)
    if progress is not None:
        progress(READ_PHASE, total or done, total or done)
    return True


class _PersonParser:
    """Parses the rows of one 干部名册 sheet; holds what the header told it and the IDs seen so far."""

    def __init__(self, header: _Header, roster: Roster, today: dt.date) -> None:
        self.header = header
        self.roster = roster
        self.today = today
        self.seen: dict[str, int] = {}
        self.width = 1 + max([i for i, _c in header.columns] + [i for i, _y in header.years])
        self.significant = [i for i, c in header.columns if c.kind is not Kind.IGNORED] + [i for i, _y in header.years]
        self.converters = [(i, c.key, c.header, converter(c, today)) for i, c in header.columns
                           if c.kind is not Kind.IGNORED]
        self.appraisal_choices = cols.APPRAISAL_CHOICES
        self.years = [(i, y, 1950 <= y <= today.year) for i, y in header.years]

    def parse(self, number: int, cells: tuple[Any, ...]) -> None:
        if len(cells) < self.width:
            cells = cells + (None,) * (self.width - len(cells))
        if all(cells[i] is None or (isinstance(cells[i], str) and not cells[i].strip()) for i in self.significant):
            return
        roster, sheet = self.roster, cols.PEOPLE_SHEET
        problems_before = roster.problem_count
        values: dict[str, Any] = {}
        for index, key, header_text, convert in self.converters:
            raw = cells[index]
            try:
                values[key] = convert(raw)
            except CellError as exc:
                roster.add(Problem(sheet, number, header_text, text_of(raw), str(exc)))
        appraisals: dict[int, str | None] = {}
        choices = self.appraisal_choices
        for index, year, year_ok in self.years:
            raw = cells[index]
            found = choices.get(raw) if type(raw) is str else None
            if found is not None and year_ok:
                appraisals[year] = found
                continue
            text = _HEADER_SPACE.sub("", text_of(raw))
            header = cols.appraisal_header(year)
            if not text:
                appraisals[year] = None
            elif text not in choices:
                roster.add(Problem(sheet, number, header, text, _("不是有效的考核结果，应为：%(allowed)s")
                                   % {"allowed": "、".join(cols.APPRAISAL_LABELS.values())}))
            elif not year_ok:
                roster.add(Problem(sheet, number, header, text, _("考核年度%(year)s不在合理范围内") % {"year": year}))
            else:
                appraisals[year] = choices[text]
        self._check_person(number, values)
        id_number = values.get("id_number")
        if id_number:
            first = self.seen.setdefault(id_number, number)
            if first != number:
                roster.add(Problem(sheet, number, "身份证号", id_number,
                                   _("与第%(first)s行的身份证号重复（第%(first)s行和第%(row)s行是同一个身份证号）")
                                   % {"first": first, "row": number}))
        if roster.problem_count != problems_before:
            return
        department = values.pop("department", None)
        unit = values.pop("unit")
        id_number = values.pop("id_number")
        if "full_time" in values:
            values["full_time"] = values["full_time"] == "1"
        roster.people.append(PersonRow(
            row=number, id_number=id_number, fields=values, unit=unit,
            department=None if "department" not in self.header.present else _path(department or ""),
            appraisals=appraisals,
        ))

    def _check_person(self, number: int, values: dict[str, Any]) -> None:
        """Rules across columns: the ID number agrees with sex and birth date; dates in order.

        Runs on the cells that parsed, so a row with several faults shows them all at once.
        """
        roster, sheet = self.roster, cols.PEOPLE_SHEET
        id_number: str | None = values.get("id_number")
        born: dt.date | None = values.get("birth_date")
        if id_number:
            id_born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
            gender = "M" if int(id_number[16]) % 2 else "F"
            if values.get("gender", gender) != gender:
                roster.add(Problem(sheet, number, "性别", cols.GENDER_LABELS[values["gender"]],
                                   _("性别与身份证号不符（身份证号第17位表明为%(gender)s）")
                                   % {"gender": cols.GENDER_LABELS[gender]}))
            if born is not None and born != id_born:
                roster.add(Problem(sheet, number, "出生日期", born.isoformat(),
                                   _("出生日期与身份证号不符（身份证号中为%(date)s）") % {"date": id_born.isoformat()}))
            born = id_born
        for key, header in (("work_start", "参加工作时间"), ("post_level_since", "任职务层次时间"),
                            ("rank_since", "任现职级时间")):
            when = values.get(key)
            if when is not None and born is not None and when <= born:
                roster.add(Problem(sheet, number, header, when.isoformat(), _("应晚于出生日期")))
        for since, what, header, what_header in (("post_level_since", "post_level", "任职务层次时间", "职务层次"),
                                                 ("rank_since", "rank", "任现职级时间", "职级")):
            if values.get(since) is not None and what in values and not values[what]:
                roster.add(Problem(sheet, number, header, values[since].isoformat(),
                                   _("填写了%(since)s，但没有填写%(what)s") % {"since": header, "what": what_header}))


def _cell(raw: Any, column: Column, today: dt.date) -> Any:
    """The stored value of one cell; an empty optional cell gives the column's empty value."""
    return converter(column, today)(raw)


def converter(column: Column, today: dt.date) -> Callable[[Any], Any]:
    """A function from a cell to the stored value of ``column``, raising :class:`CellError`.

    Made once per column and called for every row, so the common cases (text cells, ISO dates, exact
    words) take the short way.
    """
    kind, required, max_length = column.kind, column.required, column.max_length
    empty_value = None if kind is Kind.DATE else column.default

    def empty() -> Any:
        if required:
            raise CellError(_("必填项为空"))
        return empty_value

    if kind is Kind.TEXT:
        is_name = column.key == "name"

        def text(raw: Any) -> Any:
            value = raw.strip() if type(raw) is str else text_of(raw)
            if not value:
                return empty()
            if is_name:
                value = clean_name(value)
            if max_length and len(value) > max_length:
                raise CellError(_("超过%(n)s个字") % {"n": max_length})
            return value

        return text

    if kind is Kind.CHOICE:
        choices = column.choices

        def choice(raw: Any) -> Any:
            if raw is None:
                return empty()
            if type(raw) is str:
                found = choices.get(raw)
                if found is not None:
                    return found
                if not raw.strip():
                    return empty()
            return parse_choice(raw, column)

        return choice

    if kind is Kind.DATE:
        latest = _("日期晚于今天（%(today)s）") % {"today": today.isoformat()}

        def date(raw: Any) -> Any:
            if raw is None:
                return empty()
            day: dt.date
            if type(raw) is str:
                if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
                    try:
                        day = dt.date.fromisoformat(raw)
                    except ValueError:
                        day = parse_date(raw)
                elif not raw.strip():
                    return empty()
                else:
                    day = parse_date(raw)
            else:
                day = parse_date(raw)
            if day > today:
                raise CellError(latest)
            if day.year < 1900:
                raise CellError(_("日期早于1900年"))
            return day

        return date

    if kind is Kind.ID_NUMBER:

        def id_number(raw: Any) -> Any:
            if raw is None or (type(raw) is str and not raw.strip()):
                return empty()
            return parse_id_number(raw, today)

        return id_number

    return lambda raw: None


def _path(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[/／\\]", text) if part.strip())


def _parse_reward(values: dict[str, Any], number: int) -> RewardRow:
    return RewardRow(number, values["id_number"], values["date"], values["title"], values.get("issuer", ""))


def _parse_discipline(values: dict[str, Any], number: int) -> DisciplineRow:
    return DisciplineRow(number, values["id_number"], values["date"], values["kind"], values.get("reason", ""),
                         values.get("in_force_until"))


def _parse_side_sheet(rows: Iterator[tuple[Any, ...]], sheet: str, roster: Roster, today: dt.date,
                      make: Callable[[dict[str, Any], int], Any]) -> int:
    """Parse a 奖励 or 处分 sheet into ``roster``; returns its number of data rows."""
    columns = cols.SHEETS[sheet]
    found = _find_header(rows, [c.header for c in columns if c.required])
    if found is None:
        return 0
    number, cells, pending = found
    header = _read_header(number, cells, sheet, columns, roster, years_allowed=False)
    if header is None:
        return 1
    target = roster.rewards if sheet == cols.REWARDS_SHEET else roster.disciplines
    count = 0

    def data_rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        yield from pending
        yield from enumerate(rows, start=(pending[-1][0] if pending else number) + 1)

    for row_number, row_cells in data_rows():
        if not any(text_of(c) for c in row_cells):
            continue
        count += 1
        before = roster.problem_count
        values: dict[str, Any] = {}
        for index, column in header.columns:
            raw = row_cells[index] if index < len(row_cells) else None
            if column.key == "in_force_until":
                # The end of an effect period may well lie ahead.
                try:
                    values[column.key] = None if not text_of(raw) else parse_date(raw)
                except CellError as exc:
                    roster.add(Problem(sheet, row_number, column.header, text_of(raw), str(exc)))
                continue
            try:
                values[column.key] = _cell(raw, column, today)
            except CellError as exc:
                roster.add(Problem(sheet, row_number, column.header, text_of(raw), str(exc)))
        if roster.problem_count != before:
            continue
        until = values.get("in_force_until")
        if until is not None and until < values["date"]:
            roster.add(Problem(sheet, row_number, "影响期至", until.isoformat(), _("早于处分日期")))
            continue
        target.append(make(values, row_number))
    return count


def _check_cross_sheet(roster: Roster) -> None:
    """A reward or discipline may not predate the birth of a person the file itself gives."""
    if not (roster.rewards or roster.disciplines):
        return
    born = {p.id_number: p.fields.get("birth_date") for p in roster.people}
    for sheet, items in ((cols.REWARDS_SHEET, roster.rewards), (cols.DISCIPLINES_SHEET, roster.disciplines)):
        for item in items:
            b = born.get(item.id_number)
            if b is not None and item.date <= b:
                roster.add(Problem(sheet, item.row, "日期", item.date.isoformat(), _("应晚于该人员的出生日期")))
