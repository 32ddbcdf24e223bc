"""Ballot files: the examples of docs/formats.md parse and count; paper spreadsheets (CSV in UTF-8 and
GB18030, .xlsx, the blank template) all or nothing with row-level problems; the export and its
verification (a tampered figure, a tampered ballot, unsorted or repeated receipts, digests)."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from xuanren.voting import ballotfile as bf
from xuanren.voting.counting import count_session

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def example(name: str) -> str:
    """The fenced block after ``<!-- example: name -->`` in docs/formats.md."""
    m = re.search(rf"<!-- example: {re.escape(name)} -->\n```[a-z]*\n(.*?)```", DOC.read_text(encoding="utf-8"),
                  re.S)
    assert m, f"docs/formats.md has no example {name!r}"
    return m.group(1)


@pytest.fixture
def rules() -> bf.RulesFile:
    return bf.read_rules(example("rules").encode())


# --- the documentation's examples ------------------------------------------------------------------

def test_the_documented_rules_and_paper_ballots_count_as_documented(rules: bf.RulesFile) -> None:
    from xuanren.cli.voting import result_lines

    result = bf.tally_files(example("rules").encode(), example("paper").encode(), "paper.csv")
    assert "\n".join(result_lines(result)) + "\n" == example("paper-output")
    a01, a02 = result["forms"][0]["posts"]
    assert a01["candidates"][0]["score"]["exact"] == "74" and a02["outcome"] == "vacant"
    assert a01["write_ins"] == [{"name": "孙七", "marks": 1, "by_group": {"middle_managers": 1}}]
    assert [g["void"] for g in result["forms"][0]["weighting"]["groups"]] == [0, 0, 1]
    # The overvote on ballot 4 makes it invalid for A02 only.
    mm = next(b for b in a02["ballots"] if b["group"] == "middle_managers")
    assert (mm["valid"], mm["overvoted"]) == (2, 1)


def test_the_documented_export_counts_and_verifies_once_its_result_is_published() -> None:
    export = bf.read_export(example("export").encode())
    result = bf.tally_files(example("export").encode(), example("export").encode())
    assert result["forms"][0]["posts"][0]["candidates"][0]["score"] == {"exact": "200/3", "display": "66.67"}
    published = bf.build_export(session=export["session"], rules=export["rules"], forms=export["forms"],
                                turnout=export["turnout"], ballots=export["ballots"], result=result)
    assert bf.verify_export(bf.export_json(published)).ok
    assert not bf.verify_export(example("export").encode()).ok  # no result published in the short example


# --- paper spreadsheets ----------------------------------------------------------------------------

def test_gb18030_csv_with_tabs_counts_like_utf8(rules: bf.RulesFile) -> None:
    text = example("paper")
    utf8 = bf.parse_paper(text.encode(), rules.forms, rules.turnout)
    gbk = bf.parse_paper(text.replace(",", "\t").encode("gb18030"), rules.forms, rules.turnout)
    assert gbk.ballots == utf8.ballots and gbk.void == utf8.void and utf8.rows == 10


def xlsx(rows: list[list[Any]], sheet: str = "选票") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_an_xlsx_with_a_title_row_numbers_and_spaces_in_headers(rules: bf.RulesFile) -> None:
    lines = [line.split(",") for line in example("paper").splitlines()]
    rows: list[list[Any]] = [["某法院民主推荐纸质选票录入"], [h.replace(" ", "") for h in lines[0]]]
    for line in lines[1:]:
        rows.append([int(v) if v.isdigit() else (v or None) for v in line])
    parsed = bf.parse_paper(xlsx(rows), rules.forms, rules.turnout)
    assert parsed.ballots == bf.parse_paper(example("paper").encode(), rules.forms, rules.turnout).ballots


def test_the_blank_template_reads_back(rules: bf.RulesFile) -> None:
    from python_calamine import CalamineWorkbook

    data = bf.paper_template(rules.forms, rules.turnout)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["选票", "填写说明"]
    header = book.get_sheet_by_name("选票").to_python()[0]
    assert header == ["票号", "类别", "A01 张三", "A01 另推", "A02 李四", "A02 王五", "赵六", "整张无效"]
    ballots = xlsx([header, [1, "院领导", 1, None, None, "√", "优秀", None]])
    parsed = bf.parse_paper(ballots, rules.forms, rules.turnout)
    assert parsed.ballots == [("leaders", {"1": {"11": {"marks": ["101"]}, "12": {"marks": ["103"]}},
                                           "2": {"7": "excellent"}})]


def rejected(data: bytes, rules: bf.RulesFile) -> list[str]:
    with pytest.raises(bf.PaperRejected) as e:
        bf.parse_paper(data, rules.forms, rules.turnout)
    return [str(p) for p in e.value.problems]


def test_a_wrong_column_is_reported_and_nothing_is_counted(rules: bf.RulesFile) -> None:
    text = example("paper").replace("A02 王五", "A02 王武", 1)
    assert rejected(text.encode(), rules) == [
        "第1行 “F”列：未知的列：票面上没有这一项，是否应为“A02 王五”？（值：A02 王武）", "第1行：缺少列：A02 王五"]
    with pytest.raises(bf.PaperRejected):
        bf.tally_files(example("rules").encode(), text.encode())


def test_row_problems_are_all_reported_by_row_and_column(rules: bf.RulesFile) -> None:
    lines = example("paper").splitlines()
    lines[2] = "2,院领导班子,√,,,1,称职,"
    lines[4] = "4,中层干部,x,孙七、孙七,1,1,良好,"
    lines[6] = "6,,1,,1,,称职,"
    problems = rejected("\n".join(lines).encode(), rules)
    assert problems == [
        "第3行 “类别”列：没有这个投票人类别（应为：院领导（leaders）、中层干部（middle_managers）、其他人员（others））"
        "（值：院领导班子）",
        "第5行 “A01 张三”列：无法识别的标记：推荐的填1或√，不推荐的留空（值：x）",
        "第5行 “A01 另推”列：同一人另推了两次（值：孙七、孙七）",
        "第5行 “赵六”列：不是测评等次：应填优秀、称职、基本称职、不称职、不了解（或1至5），未评的留空（值：良好）",
        "第7行 “类别”列：未填投票人类别",
    ]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "文件是空的"),
    ("票号,张三\n1,1\n".encode(), "文件中没有表头（表头行应有“类别”列）"),
    ("票号,类别,A01 张三,A01 另推,A02 李四,A02 王五,赵六\n".encode(), "文件只有表头，没有选票"),
    (b"%PDF-1.4 ...", "这是 PDF 文件"),
    ("类别,类别,A01 张三,A02 李四,A02 王五,赵六\nleaders,leaders,,,,\n".encode(), "列名重复"),
])
def test_files_that_cannot_be_read(data: bytes, reason: str, rules: bf.RulesFile) -> None:
    problems = rejected(data, rules)
    assert any(reason in p for p in problems), problems


def test_turnout_stated_in_the_rules_must_agree_with_the_spreadsheet(rules: bf.RulesFile) -> None:
    stated = json.loads(example("rules"))
    stated["turnout"][2]["returned"] = 5
    stated["turnout"][2]["void"] = 0
    with pytest.raises(bf.PaperRejected) as e:
        bf.tally_files(json.dumps(stated).encode(), example("paper").encode())
    assert [p.reason for p in e.value.problems] == ["计票规则文件写明其他人员组整张无效0张，录入表中为1张"]
    stated["turnout"][2]["void"] = 1
    assert bf.tally_files(json.dumps(stated).encode(), example("paper").encode())["valid"] is True


def test_same_names_get_distinct_columns() -> None:
    forms = [{"id": 1, "kind": "recommendation", "title": "推荐票", "content": {"posts": [
        {"post": 1, "code": "A01", "title": "甲职位", "slots": 1,
         "candidates": [{"application": 5, "name": "张三"}, {"application": 6, "name": "张三"}]}]}},
        {"id": 2, "kind": "evaluation", "title": "测评票", "content": {"subjects": [
            {"person": 9, "name": "A01 张三#5"}]}}]
    headers = bf.paper_headers(forms)
    assert headers == ["票号", "类别", "推荐票·A01 张三#5", "A01 张三#6", "测评票·A01 张三#5", "整张无效"]


# --- the export and its verification -------------------------------------------------------------

def published_export() -> dict[str, Any]:
    rules = bf.read_rules(example("rules").encode())
    paper = bf.parse_paper(example("paper").encode(), rules.forms, rules.turnout)
    turnout = bf.paper_turnout(rules, paper)
    ballots = [{"receipt": f"R{i:03d}-XXXX-YYYY", "group": g, "marks": m} for i, (g, m) in
               enumerate(reversed(paper.ballots))]
    # A published export has no void ballots (they exist on paper only): count only the cast ones.
    for row in turnout:
        row["returned"] -= row.pop("void")
    result = count_session(rules.rules, rules.forms, turnout, [(b["group"], b["marks"]) for b in ballots])
    return bf.build_export(session={"id": 1, "name": "第一场", "trial": False}, rules=rules.rules,
                           forms=rules.forms, turnout=result["turnout"], ballots=ballots, result=result)


def test_an_export_is_sorted_by_receipt_and_verifies() -> None:
    export = published_export()
    receipts = [b["receipt"] for b in export["ballots"]]
    assert receipts == sorted(receipts) and len(receipts) == 9
    v = bf.verify_export(bf.export_json(export))
    assert v.ok and v.ballots == 9 and v.ballots_digest == export["digests"]["ballots"]
    assert v.result_digest == export["digests"]["result"]


def test_a_tampered_figure_is_named() -> None:
    export = published_export()
    export["result"]["forms"][0]["posts"][0]["candidates"][0]["score"] = {"exact": "81", "display": "81"}
    export["digests"]["result"] = bf.result_digest(export["result"])  # even with a digest to match
    v = bf.verify_export(export)
    assert not v.ok and v.problems == []
    assert [(d.path, d.label, d.published, d.recomputed) for d in v.differences] == [
        ("forms[0].posts[0].candidates[0].score", "民主推荐票 › A01 立案庭庭长 › 张三 › 综合得分",
         {"exact": "81", "display": "81"}, {"exact": "80", "display": "80"})]


def test_a_tampered_ballot_changes_the_recomputed_figures_and_the_digest() -> None:
    export = published_export()
    victim = next(b for b in export["ballots"] if b["marks"].get("1", {}).get("11", {}).get("marks"))
    victim["marks"]["1"]["11"]["marks"] = []
    v = bf.verify_export(copy.deepcopy(export))
    assert any("选票摘要不符" in p for p in v.problems)
    assert any(d.path.endswith("candidates[0].marks") for d in v.differences)


def test_unsorted_or_repeated_receipts_and_uncountable_ballots_are_problems() -> None:
    export = published_export()
    export["ballots"][2]["receipt"] = export["ballots"][3]["receipt"]
    problems = bf.verify_export(export).problems
    assert "选票未按回执码排序" not in problems  # a repeated receipt keeps them sorted here
    assert any(p.startswith("回执码重复") for p in problems)
    export = published_export()
    export["ballots"].reverse()
    assert "选票未按回执码排序" in bf.verify_export(export).problems
    export = published_export()
    export["ballots"][0]["marks"] = {"1": {"11": {"marks": ["999"]}}}
    assert any("无法按公布的选票重新计票" in p for p in bf.verify_export(export).problems)


@pytest.mark.parametrize(("data", "message"), [
    (b"{not json", "不是有效的 JSON"),
    (b'{"format": "other"}', "不是选票导出文件"),
    (b'{"format": "xuanren.ballots/1", "forms": [], "turnout": []}', "缺少“ballots”"),
])
def test_files_that_are_not_exports(data: bytes, message: str) -> None:
    with pytest.raises(bf.BallotFileError, match=message):
        bf.read_export(data)


def test_a_rules_file_needs_forms_and_turnout() -> None:
    with pytest.raises(bf.BallotFileError, match="缺少票面"):
        bf.read_rules(b'{"format": "xuanren.rules/1", "forms": [], "turnout": [{}]}')
    with pytest.raises(bf.BallotFileError, match="不是计票规则文件"):
        bf.read_rules(b'{"rules": {}}')
