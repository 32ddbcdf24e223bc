"""The demo court as a roster workbook (干部名册) in the import format, built in memory.

Sheets and columns are those the import reads (docs/operators-guide.md): ``干部名册`` with one row per
person, ``奖励`` and ``处分`` keyed by ID number. Values are the Chinese display names a personnel
officer types (学历 大学本科, 职务层次 正处, 职级 四级调研员); dates are date cells shown as 1980-01-02;
ID numbers are text, so Excel keeps all 18 characters.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from xuanren.demo.court import DEFAULT_SEED, Court, Staff, make_court

FILENAME = "演示干部名册.xlsx"
ROSTER_SHEET, REWARD_SHEET, DISCIPLINE_SHEET = "干部名册", "奖励", "处分"
DATE_FORMAT = "yyyy-mm-dd"

ROSTER_COLUMNS = ("姓名", "性别", "出生日期", "身份证号", "民族", "学历", "是否全日制", "政治面貌", "参加工作时间",
                  "单位", "部门", "现任职务", "职务层次", "任职务层次时间", "职级", "任现职级时间")
REWARD_COLUMNS = ("身份证号", "日期", "奖励名称", "批准机关")
DISCIPLINE_COLUMNS = ("身份证号", "日期", "处分种类", "事由", "影响期至")


def sample_roster(*, today: dt.date, seed: int = DEFAULT_SEED) -> bytes:
    """The sample roster: the demo court's workbook, the file ``xuanren demo roster`` writes and the
    demo loads. Tests that import "the sample roster" take it from here."""
    return roster_workbook(make_court(seed=seed, today=today))


def appraisal_column(year: int) -> str:
    return f"{year}年度考核"


def roster_rows(court: Court) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of the ``干部名册`` sheet."""
    header = [*ROSTER_COLUMNS, *(appraisal_column(y) for y in court.appraisal_years)]
    return header, [_row(court, s) for s in court.staff]


def _row(court: Court, s: Staff) -> list[Any]:
    return [
        s.name, "男" if s.gender == "M" else "女", s.birth_date, s.id_number, s.ethnicity, s.education,
        "是" if s.full_time else "否", s.political_status, s.work_start, court.name, s.department,
        s.post_title, s.post_level, s.post_level_since, s.rank, s.rank_since,
        *(s.appraisals.get(y, "") for y in court.appraisal_years),
    ]


def roster_workbook(court: Court) -> bytes:
    """The workbook as ``.xlsx`` bytes, ready for the import; the same court gives the same bytes."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = ROSTER_SHEET
    header, rows = roster_rows(court)
    _fill(ws, header, rows, text_columns={"身份证号"})
    _fill(wb.create_sheet(REWARD_SHEET), REWARD_COLUMNS,
          [[r.id_number, r.date, r.title, r.issuer] for r in court.rewards], text_columns={"身份证号"})
    _fill(wb.create_sheet(DISCIPLINE_SHEET), DISCIPLINE_COLUMNS,
          [[d.id_number, d.date, d.kind, d.reason, d.in_force_until] for d in court.disciplines],
          text_columns={"身份证号"})
    out = io.BytesIO()
    wb.save(out)
    return _stamped(out.getvalue(), dt.datetime.combine(court.today, dt.time()))


def _stamped(xlsx: bytes, when: dt.datetime) -> bytes:
    """The package with every time in it set to ``when``: the save time openpyxl writes into the
    document properties and the zip entries would otherwise make each file differ."""
    props = DocumentProperties(creator="xuanren", created=when, modified=when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = tostring(props.to_tree()) if item.filename == "docProps/core.xml" else src.read(item)
            entry = zipfile.ZipInfo(item.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


def _fill(ws: Any, header: Sequence[str], rows: Sequence[Sequence[Any]], *, text_columns: set[str]) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([v if v is not None else "" for v in row])
    widths = [max(len(str(h)) * 2 + 2, 10) for h in header]
    for col, name in enumerate(header, start=1):
        letter = get_column_letter(col)
        if name in text_columns:
            widths[col - 1] = 20
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
                widths[col - 1] = max(widths[col - 1], 12)
            elif name in text_columns:
                cell.number_format = "@"
            elif isinstance(cell.value, str):
                widths[col - 1] = max(widths[col - 1], min(len(cell.value) * 2 + 2, 40))
        ws.column_dimensions[letter].width = widths[col - 1]
    ws.freeze_panes = "A2"
