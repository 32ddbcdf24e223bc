"""``xuanren record export`` and ``verify-file``: the record taken away and verified offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.record.conftest import run_cli
from xuanren.record.models import Event


@pytest.fixture
def exported(events: list[Event], tmp_path: Path) -> Path:
    path = tmp_path / "record.jsonl"
    result = run_cli("record", "export", str(path))
    assert result.exit_code == 0, result.output
    return path


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def test_export_writes_every_event_in_chain_order_and_names_the_last(exported: Path, events: list[Event]) -> None:
    rows = [json.loads(line) for line in lines_of(exported)]
    assert [r["seq"] for r in rows] == list(range(1, events[-1].seq + 1))
    assert rows[-1]["hash"] == events[-1].hash and rows[-1]["prev_hash"] == events[-2].hash


def test_export_reports_its_count_and_last_hash(events: list[Event], tmp_path: Path) -> None:
    result = run_cli("record", "export", str(tmp_path / "r.jsonl"))
    assert f"已导出 {events[-1].seq} 条事件" in result.output
    assert f"{events[-1].seq}:{events[-1].hash}" in result.output


def test_export_to_xlsx_by_extension_or_by_option(events: list[Event], tmp_path: Path) -> None:
    for path, args in [(tmp_path / "r.xlsx", []), (tmp_path / "r.bin", ["--format", "xlsx"])]:
        assert run_cli("record", "export", str(path), *args).exit_code == 0
        with path.open("rb") as f:
            rows = list(load_workbook(f)["记实事件"].iter_rows(values_only=True))
        assert len(rows) == events[-1].seq + 1 and rows[-1][0] == events[-1].seq


def test_an_exported_file_verifies_offline(exported: Path, events: list[Event]) -> None:
    result = run_cli("record", "verify-file", str(exported))
    assert result.exit_code == 0, result.output
    assert f"共 {events[-1].seq} 条事件" in result.output
    noted = f"{events[-1].seq}:{events[-1].hash}"
    assert run_cli("record", "verify-file", str(exported), "--expect-head", noted).exit_code == 0


def test_verify_file_names_an_edited_line(exported: Path, events: list[Event]) -> None:
    lines = lines_of(exported)
    row = json.loads(lines[4])
    row["actor"] = "forged"
    lines[4] = json.dumps(row, ensure_ascii=False).encode() + b"\n"
    exported.write_bytes(b"".join(lines))
    result = run_cli("record", "verify-file", str(exported))
    assert result.exit_code == 1 and "第5号事件的内容被修改" in result.output


def test_verify_file_names_a_removed_line(exported: Path) -> None:
    lines = lines_of(exported)
    del lines[6]
    exported.write_bytes(b"".join(lines))
    result = run_cli("record", "verify-file", str(exported))
    assert result.exit_code == 1 and "第7号事件被删除" in result.output


def test_verify_file_names_swapped_lines(exported: Path) -> None:
    lines = lines_of(exported)
    lines[2], lines[3] = lines[3], lines[2]
    exported.write_bytes(b"".join(lines))
    result = run_cli("record", "verify-file", str(exported), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problem"]["kind"] == "reordered"
    assert json.loads(result.stdout)["problem"]["seq"] == 3


def test_a_cut_file_is_caught_only_against_the_noted_head(exported: Path, events: list[Event]) -> None:
    exported.write_bytes(b"".join(lines_of(exported)[:-2]))
    assert run_cli("record", "verify-file", str(exported)).exit_code == 0
    result = run_cli("record", "verify-file", str(exported), "--expect-head", f"{events[-1].seq}:{events[-1].hash}")
    assert result.exit_code == 1 and f"第{events[-2].seq}号起的事件被删除" in result.output


def test_verify_file_refuses_a_file_that_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text('\nnot json\n')
    result = run_cli("record", "verify-file", str(path))
    assert result.exit_code == 1 and "第2行不是 JSON" in result.output
    path.write_text('{"seq": 1, "actor": "x"}\n')
    result = run_cli("record", "verify-file", str(path))
    assert result.exit_code == 1 and "第1行不是导出的记实事件" in result.output


def test_verify_json_on_an_intact_chain(events: list[Event]) -> None:
    result = run_cli("record", "verify", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["head_hash"] == events[-1].hash and report["problem"] is None
