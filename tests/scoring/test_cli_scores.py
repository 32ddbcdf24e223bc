"""``xuanren scores import`` and ``xuanren results export``."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.scoring.exam_world import ExamWorld, build_exam_world, nothing_changes
from tests.scoring.test_shortlist import EXAM, INTERVIEW
from xuanren.cli.main import main
from xuanren.scoring.models import ExamScore


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    return build_exam_world(personas, monkeypatch)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_scores_import_to_the_open_exam(ew: ExamWorld, tmp_path: Path) -> None:
    person = ew.people[0]
    good = tmp_path / "成绩.csv"
    good.write_bytes(f"身份证号,姓名,职位代码,成绩\n{person.id_number},{person.name},P01,91\n".encode("gbk"))
    result = run("scores", "import", str(good), "--as", "organiser")
    assert result.exit_code == 0, result.output
    assert "共 1 条成绩：新录入 1 条" in result.output and "2026年公开选拔副处级领导干部" in result.output
    assert ExamScore.objects.get(application=ew.app(1, "P01")).score == Decimal("91.00")


def test_scores_import_refusals(ew: ExamWorld, tmp_path: Path) -> None:
    person = ew.people[0]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(f"身份证号,姓名,成绩\n{person.id_number},{person.name},101\n{person.id_number},李四,50\n".encode())
    with nothing_changes():
        result = run("scores", "import", str(bad), "--campaign", str(ew.campaign.pk))
    assert result.exit_code == 1 and "没有任何改动" in result.output
    assert "第2行 “成绩”列：笔试得分101超过满分100" in result.output and "第3行" in result.output
    assert run("scores", "import", str(bad), "--as", "supervisor").exit_code == 1
    result = run("scores", "import", str(bad), "--campaign", "999999")
    assert result.exit_code == 1 and "不存在或没有笔试环节" in result.output


def test_scores_import_needs_the_campaign_when_no_exam_is_open(ew: ExamWorld, tmp_path: Path) -> None:
    ew.enter_all(EXAM)
    ew.seal("exam")
    f = tmp_path / "成绩.csv"
    f.write_bytes(b"x")
    result = run("scores", "import", str(f))
    assert result.exit_code == 1 and "请用 --campaign 指明竞聘批次" in result.output


def test_results_export_xlsx_and_pdf(ew: ExamWorld, tmp_path: Path) -> None:
    ew.to_shortlist(EXAM, INTERVIEW)
    ew.seal("shortlist")
    xlsx = tmp_path / "结果.xlsx"
    result = run("results", "export", str(ew.campaign.pk), str(xlsx), "--as", "supervisor")
    assert result.exit_code == 0, result.output
    assert "2 个职位，8 名人选，已封存并公布的结果" in result.output
    assert openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).sheetnames[-1] == "计算规则"
    pdf = tmp_path / "结果.pdf"
    assert run("results", "export", str(ew.campaign.pk), str(pdf)).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run("results", "export", str(ew.campaign.pk), str(tmp_path / "x.docx")).exit_code == 1
    assert run("results", "export", "999999", str(xlsx)).exit_code == 1
    assert run("results", "export", str(ew.campaign.pk), str(xlsx), "--as", "reviewer").exit_code == 1
