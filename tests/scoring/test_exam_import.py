"""Importing exam scores: .xlsx and CSV (UTF-8, GBK), by ID number or exam number, all or nothing with a
row-level report; the template that lists the candidates."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from tests.campaigns.world import id_number
from tests.people.rosters import to_xlsx
from tests.scoring.exam_world import ExamWorld, build_exam_world, last_event, nothing_changes
from xuanren.people.actions import ImportRejected
from xuanren.scoring import actions
from xuanren.scoring.importing import exam_template
from xuanren.scoring.models import ExamScore


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    return build_exam_world(personas, monkeypatch)


HEAD = ["准考证号", "身份证号", "姓名", "职位代码", "成绩"]


def rows(ew: ExamWorld, *specs: tuple[Any, ...]) -> list[list[Any]]:
    """``(n, code, score, exam number)`` → a row naming 人员n by ID number."""
    out = [HEAD]
    for n, code, score, *number in specs:
        p = ew.people[n - 1]
        out.append([number[0] if number else "", p.id_number, p.name, code, score])
    return out


def csv_bytes(table: list[list[Any]], encoding: str = "utf-8", sep: str = ",") -> bytes:
    return "\r\n".join(sep.join(str(c) for c in r) for r in table).encode(encoding)


def run(ew: ExamWorld, data: bytes, name: str = "成绩.xlsx") -> Any:
    return actions.exam_import(actor=ew.organiser, stage=ew.exam, data=data, filename=name)


def rejected(ew: ExamWorld, data: bytes, name: str = "成绩.xlsx") -> list[tuple[int | None, str, str]]:
    with nothing_changes(), pytest.raises(ImportRejected) as err:
        run(ew, data, name)
    return [(p.row, p.column, p.reason) for p in err.value.problems]


FULL = [(1, "P01", 85.5, "A001"), (2, "P01", 72, "A002"), (3, "P01", "缺考", "A003"), (4, "P01", 60, "A004"),
        (5, "P01", 59, "A005"), (4, "P02", "90", "B004"), (5, "P02", "66.25", "B005"), (6, "P02", 100, "B006")]


def test_xlsx_by_id_number_all_entered_in_one_event(ew: ExamWorld) -> None:
    result = run(ew, to_xlsx({"成绩": rows(ew, *FULL)}))
    assert (result.rows, result.created, result.changed, result.absent) == (8, 8, 0, 1)
    assert ExamScore.objects.get(application=ew.app(1, "P01")).score == Decimal("85.50")
    assert ExamScore.objects.get(application=ew.app(5, "P02")).score == Decimal("66.25")
    assert ExamScore.objects.get(application=ew.app(3, "P01")).absent
    assert ExamScore.objects.get(application=ew.app(4, "P02")).exam_number == "B004"
    event = last_event()
    assert event.action == "scoring.exam.import" and event.details["rows"] == 8
    assert event.details["sha256"] == result.sha256


def test_then_by_exam_number_alone_changes_scores(ew: ExamWorld) -> None:
    run(ew, to_xlsx({"成绩": rows(ew, *FULL)}))
    again = [["准考证号", "姓名", "成绩"], ["A002", "人员2", 75], ["B006", "人员6", "缺考"]]
    result = run(ew, csv_bytes(again), "更正.csv")
    assert (result.created, result.changed) == (0, 2)
    assert ExamScore.objects.get(application=ew.app(2, "P01")).score == Decimal("75.00")
    assert ExamScore.objects.get(application=ew.app(6, "P02")).absent


def test_gbk_csv_read_correctly(ew: ExamWorld) -> None:
    data = csv_bytes(rows(ew, (1, "P01", "88"), (6, "P02", "缺考")), encoding="gbk")
    assert "人员".encode("gbk") in data and "人员".encode() not in data
    result = run(ew, data, "成绩.csv")
    assert result.rows == 2
    assert ExamScore.objects.get(application=ew.app(6, "P02")).absent


def test_tab_separated_and_header_synonyms(ew: ExamWorld) -> None:
    table = rows(ew, (1, "P01", 70))
    table[0] = ["考号", "身份证号码", "姓名", "职位代码", "笔试成绩"]
    assert run(ew, csv_bytes(table, sep="\t"), "成绩.txt").rows == 1


def test_template_lists_the_candidates_and_round_trips(ew: ExamWorld) -> None:
    ew.enter(1, "P01", 80, number="A001")
    data = exam_template(ew.exam)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["成绩"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == ["准考证号", "身份证号", "姓名", "职位代码", "职位名称", "成绩"]
    assert len(values) == 1 + 8
    assert values[1][:4] == ["A001", ew.people[0].id_number, "人员1", "P01"] and values[1][5] == 80
    assert "填写说明" in book.sheetnames
    for i in range(2, len(values) + 1):
        sheet.cell(row=i, column=6, value=50 + i)
    out = io.BytesIO()
    book.save(out)
    assert run(ew, out.getvalue()).rows == 8
    assert ExamScore.objects.get(application=ew.app(1, "P01")).score == Decimal("52.00")


def test_unknown_candidates_and_duplicates_reported_by_row(ew: ExamWorld) -> None:
    stranger = id_number(90, dt.date(1986, 1, 1), True)
    table = rows(ew, (1, "P01", 80), (1, "P01", 81), (6, "P02", 70, "X1"), (2, "P01", 60, "X1"))
    table.append(["", stranger, "路人", "P01", 70])
    table.append(["", ew.people[6].id_number, "人员7", "P01", 70])
    table.append(["Z9", "", "人员3", "", 70])
    problems = rejected(ew, to_xlsx({"成绩": table}))
    assert (3, "姓名", "与第2行重复（同一考生、同一职位）") in problems
    assert (5, "准考证号", "准考证号与第4行重复") in problems
    assert (6, "身份证号", "干部名册中没有这个身份证号的人员") in problems
    assert (7, "身份证号", "人员7未报名本批次，不是本次考试的考生") in problems
    assert any(p[0] == 8 and p[1] == "准考证号" and "没有这个准考证号的考生" in p[2] for p in problems)
    assert not ExamScore.objects.exists()


def test_bad_scores_names_and_posts_reported(ew: ExamWorld) -> None:
    table = rows(ew, (1, "P01", 101), (2, "P01", -3), (3, "P01", "良好"), (4, "P01", ""), (5, "P01", "85.125"),
                 (6, "P02", 70))
    table[6][2] = "刘六"  # 人员6's name, misspelt
    table.append(["", ew.people[3].id_number, "人员4", "", 80])  # 人员4 sat for P01 and P02
    table.append(["", ew.people[0].id_number, "人员1", "P02", 80])  # 人员1 is not a candidate of P02
    problems = rejected(ew, to_xlsx({"成绩": table}))
    reasons = {(row, column): reason for row, column, reason in problems}
    assert "超过满分100" in reasons[(2, "成绩")]
    assert "不能为负数" in reasons[(3, "成绩")]
    assert "不是数字" in reasons[(4, "成绩")]
    assert reasons[(5, "成绩")] == "成绩为空（缺考请填“缺考”）"
    assert "两位小数" in reasons[(6, "成绩")]
    assert reasons[(7, "姓名")] == "姓名与干部名册不符（名册中为“人员6”）"
    assert reasons[(8, "职位代码")] == "人员4报考了2个职位（P01、P02），请填写职位代码"
    assert reasons[(9, "职位代码")] == "人员1不是职位P02的考生（所报职位：P01）"


def test_wrong_and_missing_columns(ew: ExamWorld) -> None:
    table = [["身份证号", "姓名", "得分", "职位码"], [ew.people[0].id_number, "人员1", "80", "P01"]]
    problems = rejected(ew, csv_bytes(table), "成绩.csv")
    assert (1, "得分", "未知的列“得分”；可用的列：准考证号、身份证号、姓名、职位代码、职位名称、成绩、备注") in problems
    assert (1, "职位码", "未知的列“职位码”，是否应为“职位代码”？") in problems
    assert (1, "成绩", "缺少必填列“成绩”") in problems
    problems = rejected(ew, csv_bytes([["姓名", "成绩"], ["人员1", "80"]]), "成绩.csv")
    assert any("缺少“准考证号”或“身份证号”列" in p[2] for p in problems)


def test_files_that_cannot_be_read(ew: ExamWorld) -> None:
    assert rejected(ew, b"%PDF-1.4 ...", "成绩.pdf")[0][2].startswith("这是 PDF 文件")
    assert rejected(ew, csv_bytes([HEAD]), "成绩.csv") == [(None, "", "文件只有表头，没有成绩数据")]
    not_a_table = [(None, "", "文件不是有效的 Excel (.xlsx) 或 CSV 文件。")]
    assert rejected(ew, b"\x01\x02garbage\x00\x00", "x.csv") == not_a_table


def test_refused_once_sealed(ew: ExamWorld) -> None:
    run(ew, to_xlsx({"成绩": rows(ew, *FULL)}))
    ew.seal("exam")
    problems = rejected(ew, to_xlsx({"成绩": rows(ew, (1, "P01", 99))}))
    assert len(problems) == 1 and "已封存" in problems[0][2] and "更正" in problems[0][2]


def test_someone_found_ineligible_is_named_with_the_reason(ew: ExamWorld) -> None:
    from xuanren.campaigns.actions import stage_correct

    stage_correct(actor=ew.organiser, stage=ew.stage("eligibility"), changes={ew.app(6, "P02").pk: "ineligible"},
                  reason="复核发现不符合条件")
    problems = rejected(ew, to_xlsx({"成绩": rows(ew, (6, "P02", 80))}))
    assert problems == [(2, "身份证号", "人员6不是本次考试的考生（职位P02资格审查未合格）")]
