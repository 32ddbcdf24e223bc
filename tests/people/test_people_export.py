"""Export and the template: what is written reads back unchanged; ID numbers masked for those who may not see them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.people.rosters import TODAY, people_xlsx, person_row, read_xlsx
from xuanren.people import columns as cols
from xuanren.people.actions import ImportRejected, people_export, people_import
from xuanren.people.exporting import example_id_number, template_workbook
from xuanren.people.importing import parse_roster
from xuanren.people.models import Appraisal, Discipline, Person, Reward, Unit
from xuanren.record.models import Event
from xuanren.rules import idnumber

pytestmark = pytest.mark.django_db


def full_roster(do_import: Callable[..., Any]) -> list[dict[str, Any]]:
    rows = [person_row(1), person_row(2, 部门="办公室/秘书科", 是否全日制="否", 职务层次="", 任职务层次时间="",
                                       **{"2023年度考核": ""}),
            person_row(3, 单位="另一局", 部门="", 职级="", 任现职级时间="", 民族="")]
    p = rows[0]
    do_import(people_xlsx(rows, rewards=[[p["身份证号"], "2022-12-20", "嘉奖", "测试局"]],
                          disciplines=[[p["身份证号"], "2021-05-10", "警告", "迟报", "2021-11-09"]]), "名册.xlsx")
    return rows


def snapshot() -> dict[str, Any]:
    people = {p.id_number: {k: v for k, v in p.state().items() if k not in {"id", "unit_id", "user_id"}}
              | {"unit": p.unit.path()} for p in Person.objects.select_related("unit")}
    return {
        "people": people,
        "appraisals": sorted(Appraisal.objects.values_list("person__id_number", "year", "result")),
        "rewards": sorted(Reward.objects.values_list("person__id_number", "date", "title", "issuer")),
        "disciplines": sorted(Discipline.objects.values_list("person__id_number", "date", "kind", "reason",
                                                             "in_force_until")),
        "units": sorted(u.path() for u in Unit.objects.all()),
    }


def test_export_then_import_round_trips(do_import: Callable[..., Any], personas: dict[str, Any]) -> None:
    full_roster(do_import)
    before = snapshot()
    exported = people_export(user=personas["organiser"], today=TODAY)
    assert exported.filename == "干部名册-2026-11-23.xlsx" and not exported.masked and exported.count == 3

    # The same file into an empty register gives the same register.
    Reward.objects.all().delete()
    Discipline.objects.all().delete()
    Appraisal.objects.all().delete()
    Person.objects.all().delete()
    while Unit.objects.exists():
        Unit.objects.filter(children__isnull=True).delete()
    result = people_import(actor=None, data=exported.content, filename=exported.filename, today=TODAY)
    assert result.created == 3 and result.rewards == 1 and result.disciplines == 1
    assert snapshot() == before

    # And into the register it came from, it changes nothing.
    again = people_import(actor=None, data=exported.content, filename=exported.filename, today=TODAY)
    assert (again.updated, again.unchanged, again.rewards_skipped, again.disciplines_skipped) == (0, 3, 1, 1)
    assert snapshot() == before


def test_the_export_has_exactly_the_import_columns(do_import: Callable[..., Any], personas: dict[str, Any]) -> None:
    full_roster(do_import)
    sheets = read_xlsx(people_export(user=personas["organiser"], today=TODAY).content)
    assert list(sheets)[:3] == [cols.PEOPLE_SHEET, cols.REWARDS_SHEET, cols.DISCIPLINES_SHEET]
    header = list(sheets[cols.PEOPLE_SHEET][0])
    assert header == cols.export_headers([2023, 2024, 2025])
    first = dict(zip(header, sheets[cols.PEOPLE_SHEET][1], strict=True))
    assert first["身份证号"] == person_row(1)["身份证号"] and first["学历"] == "大学本科"
    assert first["出生日期"] == dt.datetime.fromisoformat(person_row(1)["出生日期"])
    assert sheets[cols.REWARDS_SHEET][0] == tuple(c.header for c in cols.REWARD_COLUMNS)


def test_a_supervisor_gets_masked_id_numbers(do_import: Callable[..., Any], personas: dict[str, Any]) -> None:
    rows = full_roster(do_import)
    exported = people_export(user=personas["supervisor"], today=TODAY)
    assert exported.masked
    sheets = read_xlsx(exported.content)
    ids = [r[4] for r in sheets[cols.PEOPLE_SHEET][1:]]
    assert idnumber.mask(rows[0]["身份证号"]) in ids
    assert not any(r["身份证号"] in ids for r in rows)
    assert sheets[cols.REWARDS_SHEET][1][0] == idnumber.mask(rows[0]["身份证号"])
    assert "已脱敏" in str(sheets[cols.EXPORT_NOTE_SHEET])


def test_a_masked_export_cannot_be_imported_back(do_import: Callable[..., Any], personas: dict[str, Any]) -> None:
    full_roster(do_import)
    exported = people_export(user=personas["supervisor"], today=TODAY)
    with pytest.raises(ImportRejected) as info:
        people_import(actor=None, data=exported.content, filename=exported.filename, today=TODAY)
    assert all(p.column == "身份证号" for p in info.value.problems)


def test_export_is_refused_without_the_capability(personas: dict[str, Any]) -> None:
    for name in ("reviewer", "judge", "voter", "applicant", "outsider"):
        with pytest.raises(PermissionDenied):
            people_export(user=personas[name], today=TODAY)


def test_the_export_is_recorded(do_import: Callable[..., Any], personas: dict[str, Any]) -> None:
    full_roster(do_import)
    people_export(user=personas["supervisor"], today=TODAY, q="人员2")
    event = Event.objects.filter(action="people.export").get()
    assert event.actor == "supervisor"
    assert event.details["count"] == 1 and event.details["masked"] is True and event.details["q"] == "人员2"


def test_an_export_may_be_filtered_by_unit(do_import: Callable[..., Any]) -> None:
    full_roster(do_import)
    other = Unit.objects.get(name="另一局", parent=None)
    exported = people_export(user=None, today=TODAY, unit_id=other.pk)
    assert exported.count == 1
    assert read_xlsx(exported.content)[cols.PEOPLE_SHEET][1][1] == "人员3"


def test_csv_export_round_trips(do_import: Callable[..., Any]) -> None:
    full_roster(do_import)
    exported = people_export(user=None, today=TODAY, fmt="csv")
    assert exported.filename.endswith(".csv") and exported.content.startswith(b"\xef\xbb\xbf")
    result = people_import(actor=None, data=exported.content, filename=exported.filename, today=TODAY)
    assert (result.updated, result.unchanged) == (0, 3)


def test_an_empty_register_exports_a_header_only_file() -> None:
    exported = people_export(user=None, today=TODAY)
    assert exported.count == 0
    assert read_xlsx(exported.content)[cols.PEOPLE_SHEET] == [tuple(cols.export_headers([]))]


# --- the template ------------------------------------------------------------------------------------

def test_the_template_has_the_sheets_headers_and_help() -> None:
    sheets = read_xlsx(template_workbook(today=TODAY))
    assert list(sheets) == [cols.PEOPLE_SHEET, cols.REWARDS_SHEET, cols.DISCIPLINES_SHEET, cols.HELP_SHEET]
    assert list(sheets[cols.PEOPLE_SHEET][0]) == cols.export_headers([2023, 2024, 2025])
    assert len([r for r in sheets[cols.PEOPLE_SHEET] if any(r)]) == 2
    assert [r for r in sheets[cols.REWARDS_SHEET] if any(r)] == [tuple(c.header for c in cols.REWARD_COLUMNS)]
    help_text = "\n".join(str(c) for row in sheets[cols.HELP_SHEET] for c in row if c)
    for column in cols.PEOPLE_COLUMNS + cols.REWARD_COLUMNS + cols.DISCIPLINE_COLUMNS:
        assert column.note in help_text
    assert "全有或全无" in help_text


def test_the_template_example_row_is_valid() -> None:
    assert idnumber.is_valid(example_id_number())
    roster = parse_roster(template_workbook(today=TODAY), "模板.xlsx", today=TODAY)
    assert roster.ok, [str(p) for p in roster.problems]
    (person,) = roster.people
    assert person.id_number == example_id_number() and person.fields["gender"] == "M"


def test_the_template_imports_as_is(do_import: Callable[..., Any]) -> None:
    result = do_import(template_workbook(today=TODAY), "干部名册导入模板.xlsx")
    assert result.created == 1 and result.appraisals == 3


# --- the workbook writer -----------------------------------------------------------------------------

def test_the_workbook_keeps_text_as_written_and_drops_characters_xml_cannot_hold() -> None:
    from xuanren.people.exporting import ExportData, roster_workbook

    row = person_row(1)
    cells: list[object] = [1, *list(row.values())[1:17]]
    cells[cols.export_headers([]).index("现任职务")] = "A&B <科长> \"引\"\x01"
    cells[cols.export_headers([]).index("出生日期")] = dt.date(1965, 1, 12)
    cells[cols.export_headers([]).index("民族")] = None
    data = ExportData(people=[cells], rewards=[[row["身份证号"], dt.date(2020, 2, 29), "嘉奖", "=1+1"]])
    content = roster_workbook(data, masked=False, today=TODAY)
    sheets = read_xlsx(content)
    person = dict(zip(cols.export_headers([]), sheets[cols.PEOPLE_SHEET][1], strict=True))
    assert person["现任职务"] == "A&B <科长> \"引\"" and person["民族"] is None and person["序号"] == 1
    assert person["出生日期"] == dt.datetime(1965, 1, 12) and person["身份证号"] == row["身份证号"]
    assert sheets[cols.REWARDS_SHEET][1] == (row["身份证号"], dt.datetime(2020, 2, 29), "嘉奖", "=1+1")
    assert sheets[cols.EXPORT_NOTE_SHEET][0] == ("导出日期", TODAY.isoformat())
    roster = parse_roster(content, "名册.xlsx", today=TODAY)
    assert roster.ok, [str(p) for p in roster.problems]
    assert roster.people[0].fields["post_title"] == "A&B <科长> \"引\""
    assert roster.rewards[0].date == dt.date(2020, 2, 29) and roster.rewards[0].issuer == "=1+1"


def test_id_numbers_are_text_cells_in_text_columns(do_import: Callable[..., Any], personas: dict[str, Any]) -> None:
    """Excel keeps what is typed into a text-formatted column as text: a new ID number keeps its digits."""
    import openpyxl

    full_roster(do_import)
    book = openpyxl.load_workbook(io.BytesIO(people_export(user=personas["organiser"], today=TODAY).content))
    for title, index in ((cols.PEOPLE_SHEET, 4), (cols.REWARDS_SHEET, 0), (cols.DISCIPLINES_SHEET, 0)):
        ws = book[title]
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]
        assert ws.column_dimensions[letter].number_format == "@"
        assert ws.cell(row=2, column=index + 1).data_type == "s"
        assert ws.cell(row=2, column=index + 1).number_format == "@"
    assert book[cols.PEOPLE_SHEET]["D2"].number_format == "yyyy-mm-dd"
