"""``xuanren import people`` and ``xuanren export people``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.people.rosters import people_xlsx, person_row, read_xlsx, to_csv
from xuanren.cli.main import main
from xuanren.people import columns as cols
from xuanren.people.models import Person
from xuanren.record.models import Event
from xuanren.rules import idnumber

pytestmark = pytest.mark.django_db


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_import_prints_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(people_xlsx([person_row(1), person_row(2)]))
    result = run("import", "people", str(path))
    assert result.exit_code == 0, result.output
    assert "已导入“名册.xlsx”" in result.stdout and "新增 2 人" in result.stdout
    assert "新建单位/部门 2 个：测试局、测试局 / 办公室" in result.stdout
    assert Person.objects.count() == 2
    assert Event.objects.get(action="people.import").actor == "system"


def test_import_as_a_user_is_recorded_under_their_name(tmp_path: Path, personas: dict[str, Any]) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(to_csv([person_row(1)]))
    assert run("import", "people", str(path), "--as", "organiser").exit_code == 0
    assert Event.objects.get(action="people.import").actor == "organiser"


def test_import_of_a_bad_file_prints_the_problems_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(to_csv([person_row(1, 性别="女"), person_row(2, 任现职级时间="2099-01-01")]))
    result = run("import", "people", str(path))
    assert result.exit_code == 1
    assert "未导入任何数据：发现 2 个问题" in result.stderr
    assert "干部名册 第2行 “性别”列：性别与身份证号不符" in result.stderr
    assert "第3行 “任现职级时间”列" in result.stderr
    assert Person.objects.count() == 0 and not Event.objects.exists()


def test_import_lists_at_most_the_problems_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(to_csv([person_row(n, 学历="无") for n in range(1, 11)]))
    result = run("import", "people", str(path), "--max-problems", "3")
    assert result.exit_code == 1
    assert result.stderr.count("不是有效的学历") == 3 and "另有 7 个问题未列出" in result.stderr


def test_import_of_a_file_that_is_no_roster(tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"%PDF-1.7 not a roster")
    result = run("import", "people", str(path))
    assert result.exit_code == 1 and "PDF" in result.stderr


def test_import_refuses_an_unknown_user_or_one_without_the_capability(tmp_path: Path,
                                                                      personas: dict[str, Any]) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(to_csv([person_row(1)]))
    unknown = run("import", "people", str(path), "--as", "nobody")
    assert unknown.exit_code != 0 and "没有用户" in unknown.output
    refused = run("import", "people", str(path), "--as", "supervisor")
    assert refused.exit_code != 0 and "没有此权限" in refused.output
    assert Person.objects.count() == 0


def test_export_writes_an_xlsx_that_imports_back(tmp_path: Path) -> None:
    source = tmp_path / "名册.csv"
    source.write_bytes(to_csv([person_row(1), person_row(2)]))
    run("import", "people", str(source))
    target = tmp_path / "导出.xlsx"
    result = run("export", "people", str(target))
    assert result.exit_code == 0 and "已导出 2 人" in result.stdout
    assert read_xlsx(target.read_bytes())[cols.PEOPLE_SHEET][1][4] == person_row(1)["身份证号"]
    again = run("import", "people", str(target))
    assert again.exit_code == 0 and "无变化 2 人" in again.stdout


def test_export_as_a_supervisor_masks_id_numbers(tmp_path: Path, personas: dict[str, Any]) -> None:
    source = tmp_path / "名册.csv"
    source.write_bytes(to_csv([person_row(1)]))
    run("import", "people", str(source))
    target = tmp_path / "导出.xlsx"
    result = run("export", "people", str(target), "--as", "supervisor")
    assert result.exit_code == 0 and "身份证号已脱敏" in result.stdout
    assert read_xlsx(target.read_bytes())[cols.PEOPLE_SHEET][1][4] == idnumber.mask(person_row(1)["身份证号"])


def test_export_to_csv(tmp_path: Path) -> None:
    source = tmp_path / "名册.csv"
    source.write_bytes(to_csv([person_row(1)]))
    run("import", "people", str(source))
    target = tmp_path / "导出.csv"
    assert run("export", "people", str(target)).exit_code == 0
    text = target.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("序号,姓名,性别") and person_row(1)["身份证号"] in text
