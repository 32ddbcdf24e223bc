"""Roster files for the import/export tests, built from the format's own column definitions."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import openpyxl

from xuanren.people import columns as cols
from xuanren.rules import idnumber

TODAY = dt.date(2026, 11, 23)


def make_id(born: dt.date, *, male: bool, region: str = "110101", seq: int = 12) -> str:
    """A valid ID number: ``seq`` (0–49) picks the sequence; its last digit's parity gives the sex."""
    stem = f"{region}{born:%Y%m%d}{seq:02d}{(1 if male else 2) + 2 * (seq % 4)}"
    return stem + idnumber.check_character(stem)


def person_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    """A valid 干部名册 row; ``n`` makes the ID number (and name) distinct."""
    born = dt.date(1965, 1, 1) + dt.timedelta(days=11 * n)
    male = n % 2 == 1
    row: dict[str, Any] = {
        "序号": str(n), "姓名": f"人员{n}", "性别": "男" if male else "女", "出生日期": born.isoformat(),
        "身份证号": make_id(born, male=male, seq=n % 50), "民族": "汉族", "学历": "大学本科", "是否全日制": "是",
        "政治面貌": "中共党员", "参加工作时间": (born + dt.timedelta(days=22 * 365)).isoformat(), "单位": "测试局",
        "部门": "办公室", "现任职务": "科员", "职务层次": "乡科级副职", "任职务层次时间": "2019-06-01",
        "职级": "三级主任科员", "任现职级时间": "2020-01-01", "2023年度考核": "称职", "2024年度考核": "优秀",
        "2025年度考核": "称职",
    }
    row.update(overrides)
    return row


def table(rows: Sequence[dict[str, Any]], headers: Sequence[str] | None = None) -> list[list[Any]]:
    headers = list(headers or rows[0].keys())
    return [headers] + [[r.get(h, "") for h in headers] for r in rows]


def to_csv(rows: Sequence[dict[str, Any]], headers: Sequence[str] | None = None, *, encoding: str = "utf-8",
           delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(table(rows, headers))
    return buffer.getvalue().encode(encoding)


def to_xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def people_xlsx(rows: Sequence[dict[str, Any]], *, rewards: Sequence[Sequence[Any]] = (),
                disciplines: Sequence[Sequence[Any]] = ()) -> bytes:
    sheets = {cols.PEOPLE_SHEET: table(rows)}
    if rewards:
        sheets[cols.REWARDS_SHEET] = [[c.header for c in cols.REWARD_COLUMNS], *map(list, rewards)]
    if disciplines:
        sheets[cols.DISCIPLINES_SHEET] = [[c.header for c in cols.DISCIPLINE_COLUMNS], *map(list, disciplines)]
    return to_xlsx(sheets)


def read_xlsx(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
