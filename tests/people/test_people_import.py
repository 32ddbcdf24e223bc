"""The import action: all or nothing, matching by ID number, units, side sheets, and the record."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.test import override_settings

from tests.people.rosters import TODAY, people_xlsx, person_row, to_csv
from xuanren.people.actions import ImportRejected, people_import
from xuanren.people.models import Appraisal, Discipline, Person, Reward, Unit
from xuanren.record.actions import record_verify
from xuanren.record.models import Event
from xuanren.rules import chain

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {"people": Person.objects.count(), "units": Unit.objects.count(), "appraisals": Appraisal.objects.count(),
            "rewards": Reward.objects.count(), "disciplines": Discipline.objects.count(),
            "events": Event.objects.count()}


def import_events() -> list[Event]:
    return list(Event.objects.filter(action="people.import"))


# --- a clean file --------------------------------------------------------------------------------------

def test_a_clean_file_creates_people_units_and_appraisals(do_import: Callable[..., Any]) -> None:
    rows = [person_row(1), person_row(2, 部门="组织人事处"), person_row(3, 单位="另一局", 部门="")]
    result = do_import(to_csv(rows))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.units_created == ["测试局", "测试局 / 办公室", "测试局 / 组织人事处", "另一局"]
    assert result.appraisals == 9
    p = Person.objects.get(id_number=rows[0]["身份证号"])
    assert p.unit.path() == "测试局 / 办公室" and p.unit.kind == Unit.Kind.DEPARTMENT
    assert p.unit.parent is not None and p.unit.parent.kind == Unit.Kind.UNIT
    assert p.rank == "principal_3" and p.post_level == "section_deputy"
    assert p.rank_since == dt.date(2020, 1, 1)
    assert dict(p.appraisals.values_list("year", "result")) == {2023: "competent", 2024: "excellent",
                                                              2025: "competent"}
    assert Person.objects.get(id_number=rows[2]["身份证号"]).unit.name == "另一局"


def test_existing_units_are_found_by_name(do_import: Callable[..., Any]) -> None:
    top = Unit.objects.create(name="测试局")
    Unit.objects.create(name="办公室", parent=top, kind=Unit.Kind.DEPARTMENT)
    result = do_import(to_csv([person_row(1)]))
    assert result.units_created == []
    assert Unit.objects.count() == 2


def test_a_successful_import_writes_exactly_one_event(do_import: Callable[..., Any]) -> None:
    data = to_csv([person_row(1), person_row(2)])
    result = do_import(data, "名册.csv")
    (event,) = import_events()
    assert event.seq == result.event_seq
    assert event.details["file"] == "名册.csv"
    assert event.details["sha256"] == hashlib.sha256(data).hexdigest()
    assert event.details["created"] == 2 and event.details["updated"] == 0
    assert event.details["units_created"] == 2 and event.details["appraisals"] == 6
    assert event.details["rewards"] == 0 and event.details["disciplines"] == 0
    states = [p.state() for p in Person.objects.order_by("id")]
    assert event.before_digest == chain.digest([])
    assert event.after_digest == chain.digest(states)
    assert record_verify().ok


def test_the_event_names_the_actor(do_import: Callable[..., Any], personas: dict[str, Any]) -> None:
    do_import(to_csv([person_row(1)]), actor=personas["organiser"])
    assert import_events()[0].actor == "organiser"


# --- all or nothing --------------------------------------------------------------------------------

BAD_FILES: dict[str, tuple[bytes, str, str]] = {
    "unknown column": (to_csv([person_row(1, 籍贯="南京")]), "名册.csv", "未知的列“籍贯”"),
    "missing column": (to_csv([{k: v for k, v in person_row(1).items() if k != "姓名"}]), "名册.csv",
                       "缺少必填列“姓名”"),
    "renamed column": (to_csv([person_row(1)]).replace("性别".encode(), "性 别 x".encode(), 1), "名册.csv",
                       "未知的列"),
    "bad checksum": (to_csv([person_row(2), person_row(1, 身份证号=person_row(1)["身份证号"][:17] + "Y")]),
                     "名册.csv", "身份证号码前17位应为数字"),
    "duplicate id": (to_csv([person_row(1), person_row(1, 姓名="重复")]), "名册.csv", "重复"),
    "future date": (to_csv([person_row(2), person_row(1, 参加工作时间="2027-01-01")]), "名册.csv", "晚于今天"),
    "empty file": (b"", "名册.csv", "文件是空的"),
    "header only": (to_csv([person_row(1)]).split(b"\r\n")[0] + b"\r\n", "名册.csv", "只有表头"),
    "wrong enum": (to_csv([person_row(1, 政治面貌="无党派")]), "名册.csv", "不是有效的政治面貌"),
    "gender disagrees": (to_csv([person_row(1, 性别="女")]), "名册.csv", "性别与身份证号不符"),
    "doc renamed xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "名册.xlsx", "旧版 Excel"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_changes_nothing_and_says_why(case: str, rejected: Callable[..., ImportRejected]) -> None:
    data, filename, expected = BAD_FILES[case]
    before = counts()
    exc = rejected(data, filename)
    assert any(expected in p.reason for p in exc.problems), [str(p) for p in exc.problems]
    assert counts() == before
    assert str(exc).startswith("未导入任何数据")


def test_a_20_mb_random_binary_changes_nothing(rejected: Callable[..., ImportRejected]) -> None:
    before = counts()
    exc = rejected(os.urandom(20 * 1024 * 1024), "名册.xlsx")
    assert [p.reason for p in exc.problems] == ["文件不是有效的 Excel (.xlsx) 或 CSV 文件。"]
    assert counts() == before


def test_one_bad_row_among_good_ones_imports_nothing(rejected: Callable[..., ImportRejected]) -> None:
    rows = [person_row(n) for n in range(1, 50)] + [person_row(50, 学历="扫盲班")]
    exc = rejected(to_csv(rows))
    assert exc.total == 1 and exc.problems[0].row == 51
    assert Person.objects.count() == 0 and Unit.objects.count() == 0 and not import_events()


def test_gb18030_and_bom_csv_files_import(do_import: Callable[..., Any]) -> None:
    assert do_import(to_csv([person_row(1, 姓名="龘靐")], encoding="gb18030")).created == 1
    assert do_import(b"\xef\xbb\xbf" + to_csv([person_row(2)])).created == 1
    assert set(Person.objects.values_list("name", flat=True)) == {"龘靐", "人员2"}


def test_a_file_over_the_size_limit_is_refused(rejected: Callable[..., ImportRejected]) -> None:
    with override_settings(XUANREN_MAX_IMPORT_BYTES=1000):
        exc = rejected(to_csv([person_row(n) for n in range(1, 20)]))
    assert "超过了" in exc.problems[0].reason and Person.objects.count() == 0


def test_a_failure_half_way_through_the_writes_leaves_nothing() -> None:
    """The people are written, then writing their appraisals fails: the people go too."""
    from xuanren.people import actions

    real = actions._insert_rows
    seen: list[int] = []

    def insert_then_fail(model: Any, names: list[str], rows: Any) -> None:
        if model is Appraisal:
            seen.append(Person.objects.count())
            raise RuntimeError("disk full")
        real(model, names, rows)

    rows = [person_row(n) for n in range(1, 30)]
    with mock.patch.object(actions, "_insert_rows", insert_then_fail), pytest.raises(RuntimeError, match="disk full"):
        people_import(actor=None, data=to_csv(rows), filename="名册.csv", today=TODAY)
    assert seen == [29]
    assert counts() == dict.fromkeys(counts(), 0)


def test_a_failure_in_the_record_leaves_nothing() -> None:
    with mock.patch("xuanren.people.actions.record_event", side_effect=RuntimeError("record down")), \
            pytest.raises(RuntimeError):
        people_import(actor=None, data=to_csv([person_row(1)]), filename="名册.csv", today=TODAY)
    assert counts() == dict.fromkeys(counts(), 0)


def test_problems_are_capped_for_display_but_all_counted(rejected: Callable[..., ImportRejected]) -> None:
    exc = rejected(to_csv([person_row(n, 政治面貌="无") for n in range(1, 251)]))
    assert exc.total == 250 and len(exc.shown()) == 200 and exc.hidden() == 50
    assert exc.as_dict()["not_shown"] == 50


def test_the_import_runs_a_bounded_number_of_queries(django_assert_max_num_queries: Any,
                                                     do_import: Callable[..., Any]) -> None:
    rows = [person_row(n, 部门=f"处{n % 3}") for n in range(1, 201)]
    with django_assert_max_num_queries(30):
        do_import(to_csv(rows))
    assert Person.objects.count() == 200


# --- updates -----------------------------------------------------------------------------------------

def test_an_existing_person_is_updated_by_id_number(do_import: Callable[..., Any]) -> None:
    do_import(to_csv([person_row(1), person_row(2)]))
    original = Person.objects.get(id_number=person_row(1)["身份证号"])
    result = do_import(to_csv([person_row(1, 现任职务="副主任", 职级="二级主任科员", **{"2024年度考核": "称职"}),
                               person_row(2)]))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    p = Person.objects.get(pk=original.pk)
    assert p.post_title == "副主任" and p.rank == "principal_2"
    assert p.appraisals.get(year=2024).result == "competent"
    assert Person.objects.count() == 2 and Appraisal.objects.count() == 6
    event = import_events()[-1]
    assert event.details["updated"] == 1
    assert event.before_digest == chain.digest([original.state()])
    assert event.after_digest == chain.digest([p.state()])


def test_absent_columns_keep_their_stored_values(do_import: Callable[..., Any]) -> None:
    do_import(to_csv([person_row(1, 民族="回族", 部门="组织人事处")]))
    slim = {k: v for k, v in person_row(1, 现任职务="处长").items() if k not in {"民族", "部门"}}
    do_import(to_csv([slim]))
    p = Person.objects.get()
    assert p.ethnicity == "回族" and p.post_title == "处长"
    assert p.unit.path() == "测试局 / 组织人事处"


def test_years_in_the_file_replace_those_years_only(do_import: Callable[..., Any]) -> None:
    do_import(to_csv([person_row(1)]))
    p = Person.objects.get()
    Appraisal.objects.create(person=p, year=2020, result="excellent")
    row = {k: v for k, v in person_row(1).items() if k not in {"2023年度考核", "2025年度考核"}}
    row["2024年度考核"] = ""
    result = do_import(to_csv([row]))
    assert dict(p.appraisals.values_list("year", "result")) == {2020: "excellent", 2023: "competent",
                                                              2025: "competent"}
    assert result.appraisals_removed == 1 and result.updated == 1


def test_moving_a_person_to_another_unit(do_import: Callable[..., Any]) -> None:
    do_import(to_csv([person_row(1)]))
    result = do_import(to_csv([person_row(1, 单位="新局", 部门="综合处")]))
    assert result.updated == 1 and result.units_created == ["新局", "新局 / 综合处"]
    assert Person.objects.get().unit.path() == "新局 / 综合处"


def test_an_unchanged_reimport_changes_nothing_but_is_recorded(do_import: Callable[..., Any]) -> None:
    data = to_csv([person_row(n) for n in range(1, 6)])
    do_import(data)
    stamps = list(Person.objects.order_by("id").values_list("updated", flat=True))
    result = do_import(data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert list(Person.objects.order_by("id").values_list("updated", flat=True)) == stamps
    assert len(import_events()) == 2


def test_the_login_link_of_a_person_survives_an_update(do_import: Callable[..., Any],
                                                       personas: dict[str, Any]) -> None:
    do_import(to_csv([person_row(1)]))
    Person.objects.update(user=personas["applicant"])
    do_import(to_csv([person_row(1, 现任职务="主任")]))
    assert Person.objects.get().user == personas["applicant"]


# --- rewards and disciplines -------------------------------------------------------------------------

def test_rewards_and_disciplines_are_added_and_duplicates_skipped(do_import: Callable[..., Any]) -> None:
    p = person_row(1)
    data = people_xlsx([p], rewards=[[p["身份证号"], "2022-12-20", "嘉奖", "测试局"],
                                     [p["身份证号"], "2022-12-20", "嘉奖", "测试局"]],
                       disciplines=[[p["身份证号"], "2021-05-10", "警告", "迟报", "2021-11-09"]])
    first = do_import(data, "名册.xlsx")
    assert (first.rewards, first.rewards_skipped, first.disciplines) == (1, 1, 1)
    second = do_import(data, "名册.xlsx")
    assert (second.rewards, second.rewards_skipped, second.disciplines, second.disciplines_skipped) == (0, 2, 0, 1)
    assert Reward.objects.count() == 1 and Discipline.objects.count() == 1
    d = Discipline.objects.get()
    assert d.in_force_until == dt.date(2021, 11, 9) and d.reason == "迟报"


def test_rewards_may_name_people_already_in_the_register(do_import: Callable[..., Any]) -> None:
    do_import(to_csv([person_row(1)]))
    other = person_row(2)
    data = people_xlsx([other], rewards=[[person_row(1)["身份证号"], "2023-01-05", "记三等功", ""]])
    assert do_import(data, "名册.xlsx").rewards == 1
    assert Reward.objects.get().person.id_number == person_row(1)["身份证号"]


def test_a_reward_for_someone_unknown_is_refused(rejected: Callable[..., ImportRejected]) -> None:
    stranger = person_row(9)["身份证号"]
    exc = rejected(people_xlsx([person_row(1)], rewards=[[stranger, "2023-01-05", "嘉奖", ""]]), "名册.xlsx")
    assert exc.problems[0].sheet == "奖励" and "都没有这个身份证号" in exc.problems[0].reason
    assert Person.objects.count() == 0


def test_register_problems_are_reported_with_the_file_problems(rejected: Callable[..., ImportRejected]) -> None:
    """One upload shows everything: a bad cell and a reward naming nobody, in the order of the file."""
    stranger = person_row(9)["身份证号"]
    data = people_xlsx([person_row(1), person_row(2, 学历="私塾")], rewards=[[stranger, "2023-01-05", "嘉奖", ""]])
    exc = rejected(data, "名册.xlsx")
    assert [(p.sheet, p.row, p.column) for p in exc.problems] == [("干部名册", 3, "学历"), ("奖励", 2, "身份证号")]
    assert exc.total == 2


def test_updating_most_of_the_register_reads_it_in_one_pass(do_import: Callable[..., Any]) -> None:
    do_import(to_csv([person_row(1), person_row(2), person_row(3)]))
    with mock.patch("xuanren.people.actions.LOAD_ALL_OVER", 1):
        result = do_import(to_csv([person_row(1, 现任职务="主任"), person_row(2, **{"2024年度考核": ""}),
                                   person_row(3)]))
    assert (result.updated, result.unchanged, result.appraisals_removed) == (2, 1, 1)
    assert Person.objects.get(id_number=person_row(1)["身份证号"]).post_title == "主任"
    assert Appraisal.objects.count() == 8
