"""The demo court: deterministic, plausible, and with ID numbers that agree with the people."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from openpyxl import load_workbook

from xuanren.demo.court import DEPARTMENTS, LADDER, UNIT_NAME, make_court
from xuanren.demo.roster import FILENAME, roster_workbook
from xuanren.rules import idnumber
from xuanren.rules.ranks import rank

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def court():
    return make_court(seed=7, today=TODAY)


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def test_the_same_seed_gives_the_same_court(court):
    assert make_court(seed=7, today=TODAY) == court
    assert roster_workbook(court) == roster_workbook(make_court(seed=7, today=TODAY))


def test_another_seed_gives_other_people(court):
    other = make_court(seed=8, today=TODAY)
    assert [s.id_number for s in other.staff] != [s.id_number for s in court.staff]


def test_the_court_has_240_people_in_18_departments(court):
    assert len(court.staff) == 240
    assert len(court.departments) == 18
    assert set(court.departments) == {s.department for s in court.staff}  # no empty department
    assert court.name == UNIT_NAME == "××市中级人民法院"
    assert {"立案庭", "执行局", "政治部", "纪检监察室", "司法警察支队"} <= set(court.departments)


def test_every_id_number_is_valid_and_agrees_with_birth_date_and_gender(court):
    for s in court.staff:
        assert idnumber.validate(s.id_number, today=TODAY) == s.id_number
        assert idnumber.birth_date(s.id_number) == s.birth_date
        assert idnumber.gender(s.id_number) == s.gender
    assert len({s.id_number for s in court.staff}) == len(court.staff)
    assert len({s.name for s in court.staff}) == len(court.staff)


def test_ages_are_25_to_59_and_careers_run_in_order(court):
    for s in court.staff:
        assert 25 <= _age(s.birth_date, TODAY) <= 59
        assert s.birth_date < s.work_start <= TODAY
        assert s.rank_since is not None and s.work_start <= s.rank_since <= TODAY
        if s.post_level:
            assert s.post_level_since is not None and s.work_start < s.post_level_since <= TODAY
        else:
            assert s.post_level_since is None


def test_ranks_are_on_the_2019_ladder(court):
    ranks = Counter(s.rank for s in court.staff)
    assert all(rank(name) in LADDER for name in ranks)
    assert len(ranks) >= 8  # a spread from 二级科员 up, not everyone on one step


def test_leaders_hold_levels_matching_their_posts(court):
    levels = {(s.post_title, s.post_level) for s in court.staff if s.post_level}
    assert ("庭长", "正处") in levels
    assert ("副庭长", "副处") in levels
    assert ("党组书记、院长", "副厅") in levels
    assert all(s.political_status == "中共党员" for s in court.staff if s.post_level)


def test_distributions_are_those_of_a_court(court):
    n = len(court.staff)
    education = Counter(s.education for s in court.staff)
    assert education["大学本科"] > n / 2
    assert 0 < education["大学专科"] < n / 10
    assert education["硕士研究生"] > n / 10
    assert Counter(s.political_status for s in court.staff)["中共党员"] > n * 0.7
    assert 0 < sum(not s.full_time for s in court.staff) < n / 2
    grades = Counter(g for s in court.staff for g in s.appraisals.values())
    graded = sum(grades.values())
    assert 0.10 < grades["优秀"] / graded < 0.20
    assert grades["称职"] > graded * 0.7
    assert 0 < grades["基本称职"] < graded * 0.05
    assert court.appraisal_years == (2023, 2024, 2025)


def test_one_disciplinary_record_is_still_in_force(court):
    ids = {s.id_number for s in court.staff}
    assert 2 <= len(court.disciplines) <= 3
    assert all(d.id_number in ids and d.date <= d.in_force_until for d in court.disciplines)
    assert sum(d.date <= TODAY <= d.in_force_until for d in court.disciplines) == 1
    assert all(r.id_number in ids and r.date <= TODAY for r in court.rewards)
    assert 5 <= len(court.rewards) <= 30


def test_nobody_disciplined_is_rated_excellent_that_year(court):
    by_id = {s.id_number: s for s in court.staff}
    for d in court.disciplines:
        assert by_id[d.id_number].appraisals.get(d.date.year) != "优秀"


def test_demo_accounts_carry_names_of_people_in_the_right_places(court):
    assert court.person("organiser").department == "政治部"
    assert court.person("supervisor").department == "纪检监察室"
    assert court.person("applicant").post_title == "审判员"
    assert len({court.personas[f"committee{n}"] for n in range(1, 10)}) == 9
    disciplined = {d.id_number for d in court.disciplines}
    assert court.person("applicant").id_number not in disciplined


def test_the_roster_workbook_has_the_import_sheets_and_columns(court):
    wb = load_workbook(io.BytesIO(roster_workbook(court)))
    assert wb.sheetnames == ["干部名册", "奖励", "处分"]
    people = list(wb["干部名册"].iter_rows(values_only=True))
    assert people[0] == (
        "姓名", "性别", "出生日期", "身份证号", "民族", "学历", "是否全日制", "政治面貌", "参加工作时间",
        "单位", "部门", "现任职务", "职务层次", "任职务层次时间", "职级", "任现职级时间",
        "2023年度考核", "2024年度考核", "2025年度考核",
    )
    assert len(people) == 1 + len(court.staff)
    first = dict(zip(people[0], people[1], strict=True))
    assert first["单位"] == UNIT_NAME
    assert isinstance(first["身份证号"], str) and len(first["身份证号"]) == 18
    assert first["出生日期"].date() == court.staff[0].birth_date
    assert next(wb["奖励"].iter_rows(values_only=True)) == ("身份证号", "日期", "奖励名称", "批准机关")
    assert next(wb["处分"].iter_rows(values_only=True)) == ("身份证号", "日期", "处分种类", "事由", "影响期至")
    assert FILENAME.endswith(".xlsx")


def test_departments_list_matches_the_posts():
    assert sum(p.count for _, posts in DEPARTMENTS for p in posts) == 240


def test_the_examples_in_the_docstrings_hold():
    import doctest

    import xuanren.demo.court

    assert doctest.testmod(xuanren.demo.court).failed == 0


@pytest.mark.parametrize(("seed", "today"), [(1, dt.date(2026, 1, 1)), (2, dt.date(2028, 2, 29)),
                                             (3, dt.date(2030, 12, 31))])
def test_the_import_finds_nothing_wrong_with_the_roster_on_any_day(seed, today):
    from xuanren.people.importing import parse_roster

    court = make_court(seed=seed, today=today)
    roster = parse_roster(roster_workbook(court), FILENAME, today=today)
    assert roster.ok, [str(p) for p in roster.problems[:5]]
    assert len(roster.people) == 240
    assert len(roster.disciplines) == len(court.disciplines)
    assert sum(d.date <= today <= d.in_force_until for d in court.disciplines) == 1
