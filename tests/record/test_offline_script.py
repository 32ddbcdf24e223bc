"""The stand-alone verifier printed in docs/record.md agrees with the system on an exported file.

It is the documented encoding written out in the standard library only, so this also checks that
the documentation states the encoding the system really uses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from tests.record.conftest import run_cli
from xuanren.record.actions import record_event
from xuanren.record.models import Event

DOC = Path(__file__).resolve().parents[2] / "docs" / "record.md"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    found = re.search(r"<!-- offline-verifier -->\n```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert found, "docs/record.md lost its offline verifier"
    path = tmp_path / "verify_record.py"
    path.write_text(found.group(1), encoding="utf-8")
    return path


@pytest.fixture
def exported(events: list[Event], tmp_path: Path) -> Path:
    with transaction.atomic():
        record_event(actor="检查组", action="test.awkward", object_repr='引号" 反斜杠\\ 斜杠/ 换行\n',
                     details={"text": "a\u2028b\x01\x7f 中文", "ratio": 0.1, "tiny": 1.5e-07, "whole": 85.0,
                              "nested": {"z": [1, 2.5, None, True]}, "键": "值"})
    path = tmp_path / "record.jsonl"
    assert run_cli("record", "export", str(path)).exit_code == 0
    return path


def run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=False)


def test_the_documented_script_verifies_an_export(script: Path, exported: Path) -> None:
    last = Event.objects.order_by("-seq").first()
    assert last is not None
    result = run(script, str(exported), f"{last.seq}:{last.hash}")
    assert result.returncode == 0, result.stderr
    assert f"INTACT: {last.seq} events, head {last.seq}:{last.hash}" in result.stdout


def test_the_documented_script_finds_an_edited_event(script: Path, exported: Path) -> None:
    lines = exported.read_bytes().splitlines(keepends=True)
    row = json.loads(lines[-1])
    row["details"]["ratio"] = 0.2
    lines[-1] = json.dumps(row, ensure_ascii=False).encode() + b"\n"
    exported.write_bytes(b"".join(lines))
    result = run(script, str(exported))
    assert result.returncode != 0 and f"event {len(lines)} was modified" in result.stderr


def test_the_documented_script_finds_a_cut_file_against_the_noted_head(script: Path, exported: Path) -> None:
    last = Event.objects.order_by("-seq").first()
    assert last is not None
    exported.write_bytes(b"".join(exported.read_bytes().splitlines(keepends=True)[:-1]))
    assert run(script, str(exported)).returncode == 0
    assert run(script, str(exported), f"{last.seq}:{last.hash}").returncode != 0
