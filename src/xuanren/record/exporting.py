"""The record as files: JSON Lines to verify offline, and an Excel workbook to read.

A JSON Lines export holds one event per line, in chain order: the canonical encoding (see
:func:`xuanren.rules.chain.canonical`) of the hashed payload plus ``prev_hash`` and ``hash``. Read back
with :func:`read_jsonl`, it verifies with :func:`xuanren.rules.chain.verify` and nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any
from urllib.parse import quote

from django.utils import timezone
from django.utils.dateformat import format as date_format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xuanren.record.labels import action_label
from xuanren.record.models import Event, Head
from xuanren.rules import chain

FORMATS = ("jsonl", "xlsx")
CONTENT_TYPES = {
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HASH_KEYS = ("prev_hash", "hash")


class ExportFileError(ValueError):
    """An exported file that cannot be read back; the message names the line."""


# -- JSON Lines -----------------------------------------------------------------------------------

def event_line(event: Event) -> bytes:
    """One line of the JSON Lines export, newline included."""
    return chain.canonical({**event.payload(), "prev_hash": event.prev_hash, "hash": event.hash}) + b"\n"


def jsonl_lines(events: Iterable[Event]) -> Iterator[bytes]:
    for event in events:
        yield event_line(event)


def read_jsonl(lines: Iterable[bytes | str]) -> Iterator[chain.Link]:
    """The links of an exported file, in file order; blank lines are skipped.

    Raises :class:`ExportFileError` for a line that is not an exported event.
    """
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except ValueError as exc:
            raise ExportFileError(f"第{number}行不是 JSON / line {number} is not JSON: {exc}") from None
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in HASH_KEYS) \
                or not isinstance(row.get("seq"), int):
            raise ExportFileError(
                f"第{number}行不是导出的记实事件（缺 seq、prev_hash 或 hash）/ "
                f"line {number} is not an exported event (seq, prev_hash or hash missing)")
        payload = {k: v for k, v in row.items() if k not in HASH_KEYS}
        yield chain.Link(number, row["seq"], payload, row["prev_hash"], row["hash"])


# -- Excel ----------------------------------------------------------------------------------------

COLUMNS = [
    ("序号", 8), ("时间", 20), ("操作人", 14), ("操作", 16), ("操作代码", 20), ("对象类型", 18),
    ("对象编号", 10), ("对象", 30), ("说明", 40), ("变更前摘要", 20), ("变更后摘要", 20),
    ("前一哈希", 20), ("哈希", 20),
]


def local_time(value: dt.datetime) -> dt.datetime:
    """``value`` in the site's time zone, without the zone (Excel has none)."""
    return timezone.localtime(value).replace(tzinfo=None)


def _cell(ws: WriteOnlyWorksheet, value: Any, bold: bool = False, number_format: str = "") -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if cell.data_type == "f":
        # Text that begins with "=" is an object's name, never a formula to run.
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    if number_format:
        cell.number_format = number_format
    return cell


def write_xlsx(events: Iterable[Event], target: IO[bytes] | str, *, summary: list[tuple[str, Any]]) -> int:
    """Write ``events`` as a workbook (sheet 记实事件, and sheet 说明 with ``summary`` rows).

    Returns the number of events written.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("记实事件")
    for i, (_, width) in enumerate(COLUMNS):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, title, bold=True) for title, _ in COLUMNS])
    count = 0
    for e in events:
        ws.append([
            _cell(ws, e.seq), _cell(ws, local_time(e.at), number_format="yyyy-mm-dd hh:mm:ss"),
            _cell(ws, e.actor), _cell(ws, action_label(e.action)), _cell(ws, e.action),
            _cell(ws, e.object_type), _cell(ws, e.object_id), _cell(ws, e.object_repr),
            _cell(ws, json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else ""),
            _cell(ws, e.before_digest), _cell(ws, e.after_digest), _cell(ws, e.prev_hash), _cell(ws, e.hash),
        ])
        count += 1
    info = wb.create_sheet("说明")
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 90
    for key, value in [*summary, ("导出条数", count)]:
        info.append([_cell(info, key, bold=True), _cell(info, value)])
    info.append([])
    info.append([_cell(info, "离线核验"), _cell(info, "本表供阅读。要离线核验哈希链，请导出 JSON Lines 格式"
                                                  "并运行 xuanren record verify-file（见 docs/record.md）。")])
    wb.save(target)
    return count


def summary(*, exported_by: str, conditions: dict[str, str], now: dt.datetime) -> list[tuple[str, Any]]:
    """The rows of the 说明 sheet: when, by whom, with which filter, and the head at that moment."""
    head = Head.objects.filter(pk=1).first()
    return [
        ("导出时间", date_format(timezone.localtime(now), "Y年n月j日 H:i:s")),
        ("导出人", exported_by),
        ("筛选条件", "；".join(f"{key}={value}" for key, value in conditions.items()) or "全部事件"),
        ("导出时的记录头", f"{head.seq}:{head.hash}" if head else "（缺失）"),
    ]


# -- Names ----------------------------------------------------------------------------------------

def export_filename(fmt: str, now: dt.datetime) -> tuple[str, str]:
    """(Chinese name, ASCII fallback) for an export made at ``now``."""
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return f"全程记实_{stamp}.{fmt}", f"record_{stamp}.{fmt}"


def content_disposition(name: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real name as ``filename*`` (RFC 5987/6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
