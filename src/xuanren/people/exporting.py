"""Writing roster files: the register as .xlsx or CSV in the import format, and the blank template.

What the exporter writes, the importer reads back unchanged (tests/people/test_roundtrip.py): the
columns, words and sheets all come from :mod:`xuanren.people.columns`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.db.models import QuerySet

from xuanren.people import columns as cols
from xuanren.people import selectors
from xuanren.people.importing import Progress
from xuanren.people.models import Appraisal, Discipline, Person, Reward
from xuanren.rules import idnumber

EXPORT_PHASE = "导出"
HEADER_FILL = "DCE6F1"
REQUIRED_FILL = "F8CBAD"
WIDTHS = {"序号": 6, "姓名": 10, "性别": 6, "出生日期": 12, "身份证号": 21, "民族": 8, "学历": 12, "是否全日制": 10,
          "政治面貌": 12, "参加工作时间": 12, "单位": 24, "部门": 20, "现任职务": 22, "职务层次": 12,
          "任职务层次时间": 14, "职级": 14, "任现职级时间": 14, "日期": 12, "奖励名称": 30, "批准机关": 24,
          "处分种类": 12, "事由": 30, "影响期至": 12}

_PERSON_FIELDS = ("pk", "name", "gender", "birth_date", "id_number", "ethnicity", "education", "full_time",
                  "political_status", "work_start", "unit_id", "post_title", "post_level", "post_level_since",
                  "rank", "rank_since")


@dataclass
class ExportData:
    """The rows of the three sheets, in the import format's words, ID numbers in full."""

    people: list[list[Any]] = field(default_factory=list)
    appraisal_years: list[int] = field(default_factory=list)
    rewards: list[list[Any]] = field(default_factory=list)
    disciplines: list[list[Any]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return cols.export_headers(self.appraisal_years)


def collect(people: QuerySet[Person], *, progress: Progress | None = None) -> ExportData:
    """Read the selected people with their appraisals, rewards and disciplines: five queries in all."""
    paths = selectors.unit_paths()
    pks = people.values("pk")
    appraisals: dict[int, dict[int, str]] = {}
    for person_id, year, result in Appraisal.objects.filter(person__in=pks).values_list("person_id", "year",
                                                                                       "result"):
        appraisals.setdefault(person_id, {})[year] = result
    years = sorted({y for by_year in appraisals.values() for y in by_year})
    labels = {c.key: c.labels for c in cols.PEOPLE_COLUMNS if c.labels}
    out = ExportData(appraisal_years=years)
    for serial, values in enumerate(people.values_list(*_PERSON_FIELDS), start=1):
        p = dict(zip(_PERSON_FIELDS, values, strict=True))
        path = paths.get(p["unit_id"], ("",))
        row: list[Any] = [serial]
        for column in cols.PEOPLE_COLUMNS[1:]:
            key = column.key
            if key == "unit":
                row.append(path[0])
            elif key == "department":
                row.append("/".join(path[1:]))
            elif key == "full_time":
                row.append(labels[key]["1" if p[key] else "0"])
            elif key in labels:
                row.append(labels[key].get(p[key], ""))
            else:
                row.append(p[key] if p[key] is not None else "")
        by_year = appraisals.get(p["pk"], {})
        row.extend(cols.APPRAISAL_LABELS.get(by_year.get(y, ""), "") for y in years)
        out.people.append(row)
        if progress is not None and serial % 5000 == 0:
            progress(EXPORT_PHASE, serial, None)
    out.rewards = [list(r) for r in Reward.objects.filter(person__in=pks).order_by(
        "person__id_number", "date", "id").values_list("person__id_number", "date", "title", "issuer")]
    out.disciplines = [[*d[:4], d[4] or ""] for d in Discipline.objects.filter(person__in=pks).order_by(
        "person__id_number", "date", "id").values_list("person__id_number", "date", "kind", "reason",
                                                       "in_force_until")]
    return out


def _masked(rows: Iterable[list[Any]], index: int, masked: bool) -> Iterable[list[Any]]:
    if not masked:
        yield from rows
        return
    for row in rows:
        yield [*row[:index], idnumber.mask(row[index]), *row[index + 1:]]


_ID_INDEX = [c.header for c in cols.PEOPLE_COLUMNS].index("身份证号")


def roster_workbook(data: ExportData, *, masked: bool, today: dt.date, exported_by: str = "",
                    progress: Progress | None = None) -> bytes:
    """The three sheets (and a note on the export) as .xlsx bytes, written by XlsxWriter.

    ID numbers are text in a text-formatted column, so Excel never turns one into a number; dates are
    date cells shown as yyyy-mm-dd.
    """
    note: list[list[Any]] = [["导出日期", today.isoformat()]]
    if exported_by:
        note.append(["导出人", exported_by])
    note.append(["人数", len(data.people)])
    note.append(["身份证号", "已脱敏（只显示前3位和后4位），本文件不能再导入。" if masked else
                 "完整号码。本文件含个人信息，请妥善保管；修改后可直接导入，按身份证号更新。"])
    total = len(data.people)

    def counted(rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
        for n, row in enumerate(rows, start=1):
            if progress is not None and n % 5000 == 0:
                progress(EXPORT_PHASE, n, total)
            yield row

    buffer = io.BytesIO()
    # in_memory: no temporary files. (XlsxWriter ignores constant_memory beside it; constant_memory alone,
    # which streams rows through temporary files, took 24 s for 100,000 people against 14 s.)
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = _Styles(book)
    _sheet(book, styles, cols.PEOPLE_SHEET, data.headers, counted(_masked(data.people, _ID_INDEX, masked)),
           id_column=_ID_INDEX)
    _sheet(book, styles, cols.REWARDS_SHEET, [c.header for c in cols.REWARD_COLUMNS],
           _masked(data.rewards, 0, masked), id_column=0)
    _sheet(book, styles, cols.DISCIPLINES_SHEET, [c.header for c in cols.DISCIPLINE_COLUMNS],
           _masked(data.disciplines, 0, masked), id_column=0)
    _sheet(book, styles, cols.EXPORT_NOTE_SHEET, [], note, widths=[16, 70])
    book.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        header = {"bold": True, "align": "center", "valign": "vcenter"}
        self.header = book.add_format(header | {"bg_color": f"#{HEADER_FILL}"})
        self.required = book.add_format(header | {"bg_color": f"#{REQUIRED_FILL}"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.text = book.add_format({"num_format": "@"})


# Characters XML 1.0 cannot hold; XlsxWriter would write them as _xHHHH_, which reads back as the character.
_CONTROL = str.maketrans({c: None for c in range(32) if chr(c) not in "\t\n\r"})


def _sheet(book: xlsxwriter.Workbook, styles: _Styles, title: str, headers: list[str],
           rows: Iterable[Sequence[Any]], *, id_column: int | None = None, widths: list[float] | None = None) -> None:
    """One sheet: column widths, a bold header row (required columns in another colour), frozen below it."""
    ws = book.add_worksheet(title)
    required = {c.header for c in cols.SHEETS.get(title, ()) if c.required}
    for i, width in enumerate(widths or [WIDTHS.get(h, 14) for h in headers]):
        ws.set_column(i, i, width, styles.text if i == id_column else None)
    if headers:
        ws.freeze_panes(1, 0)
        for i, h in enumerate(headers):
            ws.write_string(0, i, h, styles.required if h in required else styles.header)
    write_string, write_datetime, write_number = ws.write_string, ws.write_datetime, ws.write_number
    date_style, text_style = styles.date, styles.text
    for r, row in enumerate(rows, start=1 if headers else 0):
        for c, value in enumerate(row):
            if type(value) is str:
                if value:
                    write_string(r, c, value if value.isprintable() else value.translate(_CONTROL),
                                 text_style if c == id_column else None)
            elif value is None:
                continue
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, dt.date):
                write_datetime(r, c, value, date_style)
            elif isinstance(value, int | float):
                write_number(r, c, value)
            else:
                write_string(r, c, str(value).translate(_CONTROL))


def roster_csv(data: ExportData, *, masked: bool) -> bytes:
    """The 干部名册 sheet as CSV, UTF-8 with a BOM (so Excel reads the Chinese right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(data.headers)
    for row in _masked(data.people, _ID_INDEX, masked):
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


# --- the template ----------------------------------------------------------------------------------

EXAMPLE_ID_STEM = "11010119850315123"  # region 110101, born 1985-03-15, sequence 123 (odd: male)


def example_id_number() -> str:
    return EXAMPLE_ID_STEM + idnumber.check_character(EXAMPLE_ID_STEM)


GENERAL_NOTES = (
    "本模板用于向干部名册导入人员。填好后在“导入名册”页面上传，"
    "或在服务器上运行 xuanren import people 文件名。",
    "导入是“全有或全无”的：系统先检查全部行，只要有一处问题就不导入任何数据，并列出每个问题所在的工作表、行、列和原因。",
    "人员按身份证号识别：名册中已有的人员按文件更新（文件中有的列覆盖原值，没有的列保持不变），没有的人员新建。",
    "第一行为列名，列的顺序不限；列名必须与下表一致，多余的列请删除。标红的列为必填列。",
    "“干部名册”工作表中的示例行是一个可以导入的有效示例，导入前请删除。",
    "“奖励”“处分”两个工作表可选（仅 .xlsx），其中的行按身份证号对应人员，逐条新增；与已有记录完全相同的行自动跳过。",
    "也可以导入 CSV 文件（只含“干部名册”一个表），UTF-8 或 GBK 编码均可。",
    cols.DATE_NOTE + "任何日期都不能晚于导入当天。",
)


def template_workbook(*, today: dt.date) -> bytes:
    """A blank roster: the three sheets with their headers, one valid example row, and 填写说明."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    assert wb.active is not None
    help_ws = wb.active
    help_ws.title = cols.HELP_SHEET
    years = [today.year - 3, today.year - 2, today.year - 1]
    sheets = {
        cols.PEOPLE_SHEET: cols.export_headers(years),
        cols.REWARDS_SHEET: [c.header for c in cols.REWARD_COLUMNS],
        cols.DISCIPLINES_SHEET: [c.header for c in cols.DISCIPLINE_COLUMNS],
    }
    for title, headers in sheets.items():
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        by_header = cols.by_header(cols.SHEETS[title])
        for i, h in enumerate(headers, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = WIDTHS.get(h, 14)
            cell = ws.cell(row=1, column=i, value=h)
            required = h in by_header and by_header[h].required
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            cell.fill = PatternFill("solid", fgColor=REQUIRED_FILL if required else HEADER_FILL)
            column = by_header.get(h)
            if column is not None and column.kind is cols.Kind.ID_NUMBER:
                # Text, or Excel turns an ID number into a number and loses its last digits.
                ws.column_dimensions[letter].number_format = "@"
                for r in range(2, 1002):
                    ws.cell(row=r, column=i).number_format = "@"
            allowed = column.allowed if column is not None and column.kind is cols.Kind.CHOICE else (
                list(cols.APPRAISAL_LABELS.values()) if cols.appraisal_year(h) else [])
            if allowed:
                dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True,
                                    showErrorMessage=False)
                dv.add(f"{letter}2:{letter}1001")
                ws.add_data_validation(dv)
    people = wb[cols.PEOPLE_SHEET]
    example = {c.header: c.example for c in cols.PEOPLE_COLUMNS} | {"序号": "1", "身份证号": example_id_number()}
    example.update(zip([cols.appraisal_header(y) for y in years], ["称职", "优秀", "称职"], strict=True))
    for i, h in enumerate(sheets[cols.PEOPLE_SHEET], start=1):
        value: Any = example.get(h, "")
        people.cell(row=2, column=i, value=int(value) if h == "序号" else value)
    _help_sheet(help_ws)
    wb.move_sheet(help_ws, offset=len(wb.sheetnames) - 1)
    wb.active = wb.sheetnames.index(cols.PEOPLE_SHEET)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _help_sheet(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 8
    ws.column_dimensions["D"].width = 90
    ws.append(["干部名册导入说明"])
    ws["A1"].font = Font(bold=True, size=14)
    for n, text in enumerate(GENERAL_NOTES, start=1):
        ws.append([f"{n}.", text])
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=4)
        ws.cell(row=ws.max_row, column=2).alignment = wrap
    ws.append([])
    ws.append(["工作表", "列名", "必填", "说明"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for title, columns in cols.SHEETS.items():
        for c in columns:
            ws.append([title, c.header, "是" if c.required else "", c.note])
            ws.cell(row=ws.max_row, column=4).alignment = wrap
        if title == cols.PEOPLE_SHEET:
            ws.append([title, "YYYY年度考核", "", cols.APPRAISAL_NOTE])
            ws.cell(row=ws.max_row, column=4).alignment = wrap
