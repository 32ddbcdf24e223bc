"""The import, export and template pages, per role."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.people.rosters import person_row, read_xlsx, to_csv
from xuanren.people import columns as cols
from xuanren.people.models import Person
from xuanren.record.models import Event
from xuanren.rules import idnumber

pytestmark = pytest.mark.django_db

REFUSED_TO_IMPORT = ["reviewer", "supervisor", "judge", "voter", "committee", "applicant", "outsider"]
REFUSED_TO_EXPORT = ["reviewer", "judge", "voter", "committee", "applicant", "outsider"]


def upload(client: Client, data: bytes, name: str = "名册.csv", **extra: Any) -> Any:
    return client.post(reverse("people:import"), {"file": SimpleUploadedFile(name, data)}, **extra)


def test_the_organiser_sees_the_import_page(as_role: Callable[[str], Client]) -> None:
    response = as_role("organiser").get(reverse("people:import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert reverse("people:template") in html
    for column in cols.PEOPLE_COLUMNS:
        assert column.header in html


@pytest.mark.parametrize("role", REFUSED_TO_IMPORT)
def test_other_roles_may_not_import(as_role: Callable[[str], Client], role: str) -> None:
    client = as_role(role)
    assert client.get(reverse("people:import")).status_code == 403
    assert upload(client, to_csv([person_row(1)])).status_code == 403
    assert client.get(reverse("people:template")).status_code == 403
    assert Person.objects.count() == 0


def test_anonymous_users_are_sent_to_log_in(client: Client) -> None:
    response = client.get(reverse("people:import"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("people:export")).status_code == 302


def test_a_clean_upload_imports_and_shows_the_summary(as_role: Callable[[str], Client]) -> None:
    client = as_role("organiser")
    response = upload(client, to_csv([person_row(1), person_row(2)]))
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "已导入“名册.csv”" in html and "新增 2 人" in html and "测试局 / 办公室" in html
    assert reverse("people:list") in html
    assert Person.objects.count() == 2
    assert Event.objects.filter(action="people.import", actor="organiser").count() == 1
    # The summary is shown once; a reload does not import again.
    assert "已导入" not in client.get(response["Location"]).content.decode()
    assert Person.objects.count() == 2


def test_a_bad_upload_lists_every_problem_and_imports_nothing(as_role: Callable[[str], Client]) -> None:
    data = to_csv([person_row(1, 性别="女"), person_row(2, 学历="私塾")])
    response = upload(as_role("organiser"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "未导入任何数据" in html and "发现 2 个问题" in html
    assert "性别与身份证号不符" in html and "不是有效的学历" in html and "私塾" in html
    for heading in ("行", "列", "值", "原因"):
        assert f"<th class=\"num\">{heading}</th>" in html or f"<th>{heading}</th>" in html
    assert Person.objects.count() == 0 and not Event.objects.filter(action="people.import").exists()


def test_a_long_problem_list_is_capped_with_a_count(as_role: Callable[[str], Client]) -> None:
    data = to_csv([person_row(n, 政治面貌="无") for n in range(1, 231)])
    html = upload(as_role("organiser"), data).content.decode()
    assert html.count("不是有效的政治面貌") == 200
    assert "另有 30 个未显示" in html


def test_a_random_binary_upload_gets_one_clear_message(as_role: Callable[[str], Client]) -> None:
    import os

    html = upload(as_role("organiser"), os.urandom(200_000), "名册.xlsx").content.decode()
    assert "文件不是有效的 Excel (.xlsx) 或 CSV 文件。" in html and "未导入任何数据" in html


def test_an_upload_without_a_file_is_asked_again(as_role: Callable[[str], Client]) -> None:
    response = as_role("organiser").post(reverse("people:import"), {})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()


def test_the_upload_needs_the_csrf_token(personas: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["organiser"])
    assert upload(client, to_csv([person_row(1)])).status_code == 403
    assert Person.objects.count() == 0


def test_the_organiser_exports_full_id_numbers(as_role: Callable[[str], Client]) -> None:
    client = as_role("organiser")
    upload(client, to_csv([person_row(1)]))
    response = client.get(reverse("people:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" in disposition
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert name.startswith("干部名册-") and name.endswith(".xlsx")
    assert 'filename="people-' in disposition
    rows = read_xlsx(response.content)[cols.PEOPLE_SHEET]
    assert rows[1][4] == person_row(1)["身份证号"]


def test_a_supervisor_exports_masked_id_numbers(as_role: Callable[[str], Client]) -> None:
    upload(as_role("organiser"), to_csv([person_row(1)]))
    response = as_role("supervisor").get(reverse("people:export"))
    assert response.status_code == 200
    rows = read_xlsx(response.content)[cols.PEOPLE_SHEET]
    assert rows[1][4] == idnumber.mask(person_row(1)["身份证号"])


@pytest.mark.parametrize("role", REFUSED_TO_EXPORT)
def test_other_roles_may_not_export(as_role: Callable[[str], Client], role: str) -> None:
    assert as_role(role).get(reverse("people:export")).status_code == 403


def test_the_export_follows_the_list_filter(as_role: Callable[[str], Client]) -> None:
    client = as_role("organiser")
    upload(client, to_csv([person_row(1), person_row(2)]))
    rows = read_xlsx(client.get(reverse("people:export"), {"q": "人员2"}).content)[cols.PEOPLE_SHEET]
    assert [r[1] for r in rows[1:]] == ["人员2"]


def test_the_template_downloads_with_its_chinese_name(as_role: Callable[[str], Client]) -> None:
    response = as_role("organiser").get(reverse("people:template"))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert unquote(response["Content-Disposition"].split("''")[1]) == "干部名册导入模板.xlsx"
    import openpyxl

    assert cols.HELP_SHEET in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames
