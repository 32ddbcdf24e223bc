"""Reading and checking roster files without the database (people/importing.py)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from tests.people.rosters import TODAY, make_id, people_xlsx, person_row, table, to_csv, to_xlsx
from xuanren.people import columns as cols
from xuanren.people.importing import CellError, Roster, parse_date, parse_roster


def parse(data: bytes, filename: str = "名册.csv") -> Roster:
    return parse_roster(data, filename, today=TODAY)


def reasons(roster: Roster) -> list[str]:
    return [p.reason for p in roster.problems]


def only_problem(roster: Roster) -> str:
    assert not roster.ok
    assert len(roster.problems) == 1, [str(p) for p in roster.problems]
    return roster.problems[0].reason


# --- dates -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(1980, 1, 2), dt.date(1980, 1, 2)),
    (dt.date(1980, 1, 2), dt.date(1980, 1, 2)),
    ("1980-01-02", dt.date(1980, 1, 2)),
    ("1980/1/2", dt.date(1980, 1, 2)),
    ("1980年1月2日", dt.date(1980, 1, 2)),
    ("1980.01.02", dt.date(1980, 1, 2)),
    ("1980.01", dt.date(1980, 1, 1)),
    ("1980-01", dt.date(1980, 1, 1)),
    ("1980年1月", dt.date(1980, 1, 1)),
    ("1980.1", dt.date(1980, 1, 1)),
    ("19800102", dt.date(1980, 1, 2)),
    ("1980-01-02 00:00:00", dt.date(1980, 1, 2)),
    (19800102, dt.date(1980, 1, 2)),
    (1980.01, dt.date(1980, 1, 1)),
    (1980.1, dt.date(1980, 10, 1)),  # Excel stored the number 1980.10 and dropped the zero
    (1980.12, dt.date(1980, 12, 1)),
])
def test_dates_are_read_in_the_forms_rosters_use(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["明年", "1980-13-01", "1980-02-30", "80.1.2", "1980", 12.5, True])
def test_a_value_that_is_not_a_date_is_refused(value: object) -> None:
    with pytest.raises(CellError):
        parse_date(value)


@pytest.mark.parametrize(("code", "is_date"), [
    ('yyyy"年"m"月"d"日"', True), ("yyyy-mm-dd", True), ("[$-804]aaaa", False), ("0.00", False),
    ('0.00"元"', False), ("General", False), ("h:mm", True), ('[Red]0;"-"', False),
])
def test_a_number_cell_is_a_date_when_its_format_shows_one(code: str, is_date: bool) -> None:
    """2002-02-01 is the number 37288 in a cell; what the cell's number format shows decides which it is."""
    row = person_row(1)
    book = openpyxl.load_workbook(io.BytesIO(people_xlsx([row | {"参加工作时间": dt.datetime(2002, 2, 1)}])))
    book[cols.PEOPLE_SHEET].cell(row=2, column=list(row).index("参加工作时间") + 1).number_format = code
    buffer = io.BytesIO()
    book.save(buffer)
    roster = parse(buffer.getvalue(), "名册.xlsx")
    if is_date:
        assert roster.ok, [str(p) for p in roster.problems]
        assert roster.people[0].fields["work_start"] == dt.date(2002, 2, 1)
    else:
        assert only_problem(roster).startswith("无法识别的日期")
        assert (roster.problems[0].column, roster.problems[0].value) == ("参加工作时间", "37288")


# --- files that parse --------------------------------------------------------------------------------

def test_a_valid_csv_gives_people_with_stored_values() -> None:
    roster = parse(to_csv([person_row(1), person_row(2, 学历="本科", 政治面貌="党员", 职务层次="正处")]))
    assert roster.ok, [str(p) for p in roster.problems]
    first, second = roster.people
    assert first.row == 2 and second.row == 3
    assert first.fields["gender"] == "M" and first.fields["education"] == "bachelor"
    assert first.fields["full_time"] is True
    assert first.unit == "测试局" and first.department == ("办公室",)
    assert first.appraisals == {2023: "competent", 2024: "excellent", 2025: "competent"}
    assert second.fields["political_status"] == "party_member"
    assert second.fields["post_level"] == "division_chief"
    assert roster.appraisal_years == [2023, 2024, 2025]


def test_a_gb18030_csv_is_read() -> None:
    roster = parse(to_csv([person_row(1, 姓名="欧阳镕")], encoding="gb18030"))
    assert roster.ok
    assert roster.people[0].fields["name"] == "欧阳镕"


def test_a_gbk_csv_is_read() -> None:
    roster = parse(to_csv([person_row(1)], encoding="gbk"))
    assert roster.ok and roster.people[0].fields["name"] == "人员1"


def test_a_utf8_csv_with_bom_is_read() -> None:
    data = codecs.BOM_UTF8 + to_csv([person_row(1)])
    roster = parse(data)
    assert roster.ok and roster.people[0].fields["name"] == "人员1"


def test_excel_unicode_text_is_read() -> None:
    """Excel's "Unicode text" is UTF-16 with a BOM, separated by tabs."""
    text = to_csv([person_row(1)], delimiter="\t").decode()
    roster = parse(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "名册.txt")
    assert roster.ok and roster.people[0].fields["name"] == "人员1"


def test_a_title_row_above_the_header_keeps_excel_row_numbers() -> None:
    rows = [["某某局干部名册"], [], *table([person_row(1)])]
    roster = parse(to_xlsx({cols.PEOPLE_SHEET: rows}), "名册.xlsx")
    assert roster.ok, [str(p) for p in roster.problems]
    assert roster.people[0].row == 4


def test_headers_are_trimmed_and_spaced_names_joined() -> None:
    row = person_row(1, 姓名="人　员")
    data = to_csv([row], headers=None).replace("姓名".encode(), " 姓　名 ".encode(), 1)
    roster = parse(data)
    assert roster.ok, [str(p) for p in roster.problems]
    assert roster.people[0].fields["name"] == "人员"


def test_xlsx_with_excel_date_cells_is_read() -> None:
    row = person_row(1)
    born = dt.date.fromisoformat(row["出生日期"])
    row |= {"出生日期": dt.datetime.combine(born, dt.time()), "参加工作时间": dt.datetime(2002, 2, 1)}
    roster = parse(people_xlsx([row]), "名册.xlsx")
    assert roster.ok, [str(p) for p in roster.problems]
    assert roster.people[0].fields["birth_date"] == born
    assert roster.people[0].fields["work_start"] == dt.date(2002, 2, 1)


@pytest.mark.parametrize("format_id", [*range(27, 37), *range(50, 59)])
def test_chinese_builtin_date_formats_are_dates(format_id: int) -> None:
    """Chinese Excel shows 1980年1月2日 with a built-in format (numFmtId 27–36 and 50–58; 31 is
    yyyy"年"m"月"d"日") that the file does not spell out; such a cell is a date, not a number."""
    row = person_row(1)
    data = people_xlsx([row | {"参加工作时间": dt.datetime(2002, 2, 1)}])
    column = list(row).index("参加工作时间")
    letter = chr(ord("A") + column)
    # Point the cell at a style with that built-in numFmtId.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/styles.xml":
                style = f'<xf numFmtId="{format_id}" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
                body = body.replace(b'<cellXfs count="', b'<cellXfs count="9').replace(
                    b"</cellXfs>", style.encode() + b"</cellXfs>")
                count = body.count(b"<xf ", body.index(b"<cellXfs")) - 1
            dst.writestr(item, body)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    patched = sheet.replace(f'<c r="{letter}2" s="1"'.encode(), f'<c r="{letter}2" s="{count}"'.encode())
    assert patched != sheet
    final = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(final, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, patched if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename))
    roster = parse(final.getvalue(), "名册.xlsx")
    assert roster.ok, [str(p) for p in roster.problems]
    assert roster.people[0].fields["work_start"] == dt.date(2002, 2, 1)


def test_a_single_sheet_workbook_is_read_whatever_its_name() -> None:
    roster = parse(to_xlsx({"Sheet1": table([person_row(1)])}), "名册.xlsx")
    assert roster.ok and len(roster.people) == 1


def test_columns_absent_from_the_file_are_left_out_of_the_fields() -> None:
    row = {k: v for k, v in person_row(1).items() if k not in {"民族", "部门", "职级", "任现职级时间"}}
    roster = parse(to_csv([row]))
    assert roster.ok
    person = roster.people[0]
    assert "ethnicity" not in person.fields and "rank" not in person.fields
    assert person.department is None


def test_nested_departments_are_a_path() -> None:
    roster = parse(to_csv([person_row(1, 部门="办公室/秘书科")]))
    assert roster.people[0].department == ("办公室", "秘书科")


def test_empty_rows_are_skipped() -> None:
    rows = [*table([person_row(1)]), [""] * 5, [None, None], *table([person_row(2)])[1:]]
    roster = parse(to_xlsx({cols.PEOPLE_SHEET: rows}), "名册.xlsx")
    assert roster.ok and [p.row for p in roster.people] == [2, 5]


# --- files that are refused, each with its reason -----------------------------------------------------

def test_an_unknown_column_is_named_with_the_closest_known_one() -> None:
    data = to_csv([person_row(1)]).replace("出生日期".encode(), "出生年月".encode(), 1)
    roster = parse(data)
    reason = only_problem(roster)
    assert "未知的列“出生年月”" in reason and "是否应为“出生日期”" in reason
    assert roster.problems[0].row == 1 and roster.problems[0].column == "出生年月"


def test_an_unknown_column_without_a_near_name_is_named() -> None:
    roster = parse(to_csv([person_row(1, 籍贯="江苏南京")]))
    assert "未知的列“籍贯”" in only_problem(roster)


def test_a_misspelt_year_column_suggests_the_year_header() -> None:
    roster = parse(to_csv([person_row(1, **{"2022年考核": "优秀"})]))
    assert "是否应为“2022年度考核”" in only_problem(roster)


def test_a_missing_required_column_is_named() -> None:
    row = {k: v for k, v in person_row(1).items() if k != "政治面貌"}
    assert only_problem(parse(to_csv([row]))) == "缺少必填列“政治面貌”"


def test_a_repeated_column_is_refused() -> None:
    data = to_csv([person_row(1)]).replace("民族".encode(), "姓名".encode(), 1)
    assert "列名重复" in only_problem(parse(data))


def test_a_bad_id_checksum_is_refused_with_the_expected_character() -> None:
    good = person_row(1)["身份证号"]
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    roster = parse(to_csv([person_row(1, 身份证号=wrong)]))
    reason = only_problem(roster)
    assert f"校验位应为{good[17]}" in reason
    assert roster.problems[0].column == "身份证号" and roster.problems[0].value == wrong


def test_an_id_number_excel_turned_into_a_number_is_explained() -> None:
    row = person_row(1)
    row["身份证号"] = float(row["身份证号"][:17] + "0")
    assert "存成了数字" in only_problem(parse(people_xlsx([row]), "名册.xlsx"))


def test_an_id_number_in_scientific_notation_is_explained() -> None:
    assert "科学计数法" in only_problem(parse(to_csv([person_row(1, 身份证号="1.10101E+17")])))


def test_a_duplicate_id_number_names_both_rows() -> None:
    twin = person_row(1) | {"姓名": "另一人"}
    roster = parse(to_csv([person_row(1), person_row(2), twin]))
    reason = only_problem(roster)
    assert "第2行" in reason and "第4行" in reason
    assert roster.problems[0].row == 4


def test_a_date_in_the_future_is_refused() -> None:
    roster = parse(to_csv([person_row(1, 任现职级时间="2026-11-24")]))
    assert "晚于今天" in only_problem(roster)


def test_a_date_today_is_accepted() -> None:
    assert parse(to_csv([person_row(1, 任现职级时间=TODAY.isoformat())])).ok


def test_sex_must_agree_with_the_id_number() -> None:
    assert "性别与身份证号不符" in only_problem(parse(to_csv([person_row(1, 性别="女")])))


def test_birth_date_must_agree_with_the_id_number() -> None:
    assert "出生日期与身份证号不符" in only_problem(parse(to_csv([person_row(1, 出生日期="1979-01-01")])))


def test_a_since_date_before_birth_is_refused() -> None:
    assert only_problem(parse(to_csv([person_row(1, 任现职级时间="1960-01-01")]))) == "应晚于出生日期"


def test_a_since_date_needs_its_level() -> None:
    assert "没有填写职务层次" in only_problem(parse(to_csv([person_row(1, 职务层次="")])))


def test_a_wrong_enum_value_lists_the_allowed_words() -> None:
    roster = parse(to_csv([person_row(1, 学历="初级中学")]))
    reason = only_problem(roster)
    assert "不是有效的学历" in reason and "博士研究生" in reason and "高中及以下" in reason
    assert roster.problems[0].value == "初级中学"


def test_a_wrong_appraisal_grade_is_refused() -> None:
    assert "不是有效的考核结果" in only_problem(parse(to_csv([person_row(1, **{"2024年度考核": "良好"})])))


def test_a_required_cell_left_empty_is_refused() -> None:
    assert only_problem(parse(to_csv([person_row(1, 姓名="")]))) == "必填项为空"


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    roster = parse(to_csv([person_row(1, 性别="女", 学历="小学", 参加工作时间="2030-01-01")]))
    assert {p.column for p in roster.problems} == {"性别", "学历", "参加工作时间"}


def test_problems_of_many_rows_are_all_collected() -> None:
    rows = [person_row(n, 政治面貌="无") for n in range(1, 301)]
    roster = parse(to_csv(rows))
    assert roster.problem_count == 300 and [p.row for p in roster.problems][:3] == [2, 3, 4]


def test_an_empty_file_is_refused() -> None:
    assert only_problem(parse(b"")) == "文件是空的。"


def test_a_blank_file_is_refused() -> None:
    assert only_problem(parse(b"\r\n  \r\n")) == "文件是空的。"


def test_a_header_only_csv_is_refused() -> None:
    assert only_problem(parse(to_csv([person_row(1)])[:to_csv([person_row(1)]).index(b"\r\n") + 2])) == \
        "文件只有表头，没有人员数据。"


def test_a_header_only_workbook_is_refused() -> None:
    data = to_xlsx({cols.PEOPLE_SHEET: [list(person_row(1))]})
    assert only_problem(parse(data, "名册.xlsx")) == "文件只有表头，没有人员数据。"


def test_random_binary_of_20_mb_is_not_a_roster() -> None:
    roster = parse(os.urandom(20 * 1024 * 1024), "名册.xlsx")
    assert only_problem(roster) == "文件不是有效的 Excel (.xlsx) 或 CSV 文件。"


def test_an_old_office_file_renamed_xlsx_is_explained() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    assert "旧版 Excel (.xls)" in only_problem(parse(ole, "名册.xlsx"))


def test_a_zip_that_is_no_workbook_is_not_a_roster() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert only_problem(parse(buffer.getvalue(), "名册.xlsx")) == "文件不是有效的 Excel (.xlsx) 或 CSV 文件。"


def test_a_truncated_workbook_is_refused() -> None:
    data = people_xlsx([person_row(1)])
    assert "Excel" in only_problem(parse(data[: len(data) // 2], "名册.xlsx"))


def rewritten(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one part's bytes changed (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            body = src.read(name)
            dst.writestr(name, change(body) if name == part else body)
        if part not in names:
            dst.writestr(part, change(b""))
    return out.getvalue()


def people_sheet(change: Callable[[bytes], bytes]) -> bytes:
    return rewritten(people_xlsx([person_row(1)]), "xl/worksheets/sheet1.xml", change)


def test_cells_without_positions_are_read_in_place() -> None:
    """Some programs leave out a cell's position (r="B2"); the cells then follow one another."""
    roster = parse(people_sheet(lambda xml: re.sub(rb'<c r="[A-Z]+\d+"', b"<c", xml)), "名册.xlsx")
    assert roster.ok, [str(p) for p in roster.problems]
    assert roster.people[0].row == 2 and roster.people[0].fields["name"] == "人员1"


@pytest.mark.parametrize("far", [b"XFD1048576", b"A1000001", b"ZZ99999", b"xfd99999"])
def test_a_workbook_with_a_cell_far_away_is_refused_before_it_is_read(far: bytes) -> None:
    """Two cells at A1 and XFD1048576 make a grid of 17 billion cells: refused, not read."""
    data = people_sheet(lambda xml: xml.replace(b'<c r="B2"', b'<c r="' + far + b'"', 1))
    reason = only_problem(parse(data, "名册.xlsx"))
    assert reason in {"工作表超过1,000,000行，无法导入。", "Excel 文件中的单元格过多（超过20,000,000个），无法导入。"}


def test_cells_without_positions_count_towards_the_grid() -> None:
    cells = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(40))
    data = people_sheet(lambda xml: xml.replace(b"</sheetData>", b'<row r="900000">' + cells + b"</row></sheetData>"))
    assert only_problem(parse(data, "名册.xlsx")) == "Excel 文件中的单元格过多（超过20,000,000个），无法导入。"


def test_a_workbook_declaring_too_many_shared_strings_is_refused() -> None:
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
           b' uniqueCount="100000000000"><si><t>x</t></si></sst>')
    data = rewritten(people_xlsx([person_row(1)]), "xl/sharedStrings.xml", lambda _body: sst)
    assert only_problem(parse(data, "名册.xlsx")) == "Excel 文件中的单元格过多（超过20,000,000个），无法导入。"


def test_a_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from xuanren.people import importing

    monkeypatch.setattr(importing, "MAX_UNZIPPED_BYTES", 1_000_000)
    data = people_sheet(lambda xml: xml.replace(b"</worksheet>", b" " * 2_000_000 + b"</worksheet>"))
    assert len(data) < 20_000
    assert only_problem(parse(data, "名册.xlsx")) == "Excel 文件解压后过大，无法导入。"


def test_a_part_larger_than_it_declares_is_measured_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The zip says the sheet inflates to a few bytes; it inflates to 2 MB (and calamine would read it all)."""
    from xuanren.people import importing

    monkeypatch.setattr(importing, "MAX_UNZIPPED_BYTES", 1_000_000)
    data = bytearray(people_sheet(lambda xml: xml.replace(b"</worksheet>", b" " * 2_000_000 + b"</worksheet>")))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # The uncompressed size, in the local header and in the central directory entry.
    data[info.header_offset + 22:info.header_offset + 26] = (100).to_bytes(4, "little")
    for entry in [m.start() for m in re.finditer(rb"PK\x01\x02", bytes(data))]:
        name_length = int.from_bytes(data[entry + 28:entry + 30], "little")
        if data[entry + 46:entry + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            data[entry + 24:entry + 28] = (100).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 100
    assert only_problem(parse(bytes(data), "名册.xlsx")) == "Excel 文件解压后过大，无法导入。"


def test_entities_in_a_workbook_are_refused() -> None:
    """Entities are not expanded (no "billion laughs"): a workbook that uses them is refused as damaged."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    name = "".join(f"&#{ord(c)};" for c in "人员").encode() + b"1"  # as openpyxl writes 人员1
    data = people_sheet(lambda xml: doctype + xml.replace(b"<t>" + name + b"</t>", b"<t>&b;</t>"))
    assert b"<t>&b;</t>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert "Excel 文件已损坏" in only_problem(parse(data, "名册.xlsx"))


def test_a_binary_workbook_is_explained() -> None:
    data = rewritten(people_xlsx([person_row(1)]), "xl/workbook.bin", lambda _body: b"\x00" * 16)
    assert ".xlsb" in only_problem(parse(data, "名册.xlsx"))


def test_a_workbook_without_the_roster_sheet_names_its_sheets() -> None:
    data = to_xlsx({"甲": table([person_row(1)]), "乙": [["x"]]})
    reason = only_problem(parse(data, "名册.xlsx"))
    assert "没有名为“干部名册”的工作表" in reason and "甲、乙" in reason


def test_text_in_no_known_encoding_is_refused() -> None:
    data = "姓名,性别\n".encode() + b"\xff\xfe\xfa\xfb" * 10 + b"\n"
    assert "编码" in only_problem(parse(data))


# --- the side sheets ---------------------------------------------------------------------------------

def test_rewards_and_disciplines_are_read() -> None:
    p = person_row(1)
    data = people_xlsx([p], rewards=[[p["身份证号"], "2022-12-20", "嘉奖", "测试局"]],
                       disciplines=[[p["身份证号"], dt.datetime(2021, 5, 10), "警告", "迟报", "2027-05-09"]])
    roster = parse(data, "名册.xlsx")
    assert roster.ok, [str(x) for x in roster.problems]
    assert roster.rewards[0].title == "嘉奖" and roster.rewards[0].date == dt.date(2022, 12, 20)
    # The end of an effect period may lie after today.
    assert roster.disciplines[0].in_force_until == dt.date(2027, 5, 9)


def test_a_discipline_ending_before_it_starts_is_refused() -> None:
    p = person_row(1)
    data = people_xlsx([p], disciplines=[[p["身份证号"], "2021-05-10", "警告", "", "2021-01-01"]])
    roster = parse(data, "名册.xlsx")
    assert only_problem(roster) == "早于处分日期"
    assert roster.problems[0].sheet == cols.DISCIPLINES_SHEET and roster.problems[0].row == 2


def test_a_reward_before_birth_is_refused() -> None:
    p = person_row(1)
    data = people_xlsx([p], rewards=[[p["身份证号"], "1960-01-01", "嘉奖"]])
    assert only_problem(parse(data, "名册.xlsx")) == "应晚于该人员的出生日期"


def test_make_id_gives_valid_numbers_of_the_right_sex() -> None:
    from xuanren.rules import idnumber

    n = make_id(dt.date(1990, 5, 6), male=False, seq=7)
    assert idnumber.is_valid(n) and idnumber.gender(n) == "F"
