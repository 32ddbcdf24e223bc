"""The roster format agrees with the models: every stored value has exactly one word in the file."""

from __future__ import annotations

import pytest

from xuanren.people import columns as cols
from xuanren.people.models import (
    LEVEL_CHOICES,
    RANK_CHOICES,
    AppraisalResult,
    Education,
    Gender,
    PoliticalStatus,
)


@pytest.mark.parametrize(("labels", "choices"), [
    (cols.GENDER_LABELS, Gender.choices),
    (cols.EDUCATION_LABELS, Education.choices),
    (cols.POLITICAL_LABELS, PoliticalStatus.choices),
    (cols.APPRAISAL_LABELS, AppraisalResult.choices),
    (cols.LEVEL_LABELS, LEVEL_CHOICES),
    (cols.RANK_LABELS, RANK_CHOICES),
])
def test_file_words_match_the_model_choices(labels: dict[str, str], choices: list[tuple[str, str]]) -> None:
    assert labels == {value: str(label) for value, label in choices}


def test_every_alias_maps_to_a_stored_value() -> None:
    for column in cols.PEOPLE_COLUMNS:
        if column.kind is cols.Kind.CHOICE:
            assert set(column.choices.values()) <= set(column.labels), column.header
            assert all(column.choices[label] == value for value, label in column.labels.items())


def test_spec_aliases_are_accepted() -> None:
    by = cols.by_header(cols.PEOPLE_COLUMNS)
    assert by["学历"].choices["研究生"] == "master"
    assert by["学历"].choices["本科"] == "bachelor"
    assert by["学历"].choices["大专"] == by["学历"].choices["专科"] == "college"
    assert by["政治面貌"].choices["党员"] == "party_member"
    assert by["职务层次"].choices["正处"] == "division_chief"
    assert by["职务层次"].choices["县处级正职"] == "division_chief"


def test_required_columns_are_the_specified_ones() -> None:
    assert [c.header for c in cols.PEOPLE_COLUMNS if c.required] == [
        "姓名", "性别", "出生日期", "身份证号", "学历", "政治面貌", "单位"]
    assert [c.header for c in cols.REWARD_COLUMNS if c.required] == ["身份证号", "日期", "奖励名称"]
    assert [c.header for c in cols.DISCIPLINE_COLUMNS if c.required] == ["身份证号", "日期", "处分种类"]


def test_appraisal_headers_are_recognised_by_year() -> None:
    assert cols.appraisal_year("2023年度考核") == 2023
    assert cols.appraisal_year("2023年考核") is None
    assert cols.appraisal_header(2024) == "2024年度考核"
    assert cols.export_headers([2025, 2023])[-2:] == ["2023年度考核", "2025年度考核"]


def test_every_column_explains_itself_for_the_help_sheet() -> None:
    for columns in cols.SHEETS.values():
        for column in columns:
            assert column.note, column.header
