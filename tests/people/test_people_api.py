"""/api/people: list, one person, units, import and export, per role and with a bearer token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.people.rosters import person_row, read_xlsx, to_csv
from xuanren.accounts.actions import token_create
from xuanren.people import columns as cols
from xuanren.people.models import Person, Unit
from xuanren.record.models import Event
from xuanren.rules import idnumber

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(do_import: Callable[..., Any]) -> list[dict[str, Any]]:
    rows = [person_row(1), person_row(2, 部门="组织人事处"), person_row(3, 单位="另一局", 部门="")]
    do_import(to_csv(rows))
    return rows


def post_file(client: Client, data: bytes, name: str = "名册.csv", **extra: Any) -> Any:
    return client.post("/api/people/import", {"file": SimpleUploadedFile(name, data)}, **extra)


def test_the_list_is_paginated_with_full_ids_for_the_organiser(as_role: Callable[[str], Client],
                                                               roster: list[dict[str, Any]]) -> None:
    response = as_role("organiser").get("/api/people")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    first = body["items"][0]
    assert first["id_number"] == roster[0]["身份证号"]
    assert first["unit_path"] == "测试局 / 办公室" and first["education"] == "bachelor"


def test_the_list_masks_ids_for_a_supervisor_and_a_reviewer(as_role: Callable[[str], Client],
                                                            roster: list[dict[str, Any]]) -> None:
    for role in ("supervisor", "reviewer"):
        items = as_role(role).get("/api/people").json()["items"]
        assert {i["id_number"] for i in items} == {idnumber.mask(r["身份证号"]) for r in roster}


def test_the_list_filters_by_text_and_unit(as_role: Callable[[str], Client], roster: list[dict[str, Any]]) -> None:
    client = as_role("organiser")
    assert [i["name"] for i in client.get("/api/people", {"q": "人员2"}).json()["items"]] == ["人员2"]
    unit = Unit.objects.get(name="测试局", parent=None)
    names = {i["name"] for i in client.get("/api/people", {"unit": unit.pk}).json()["items"]}
    assert names == {"人员1", "人员2"}


@pytest.mark.parametrize("role", ["judge", "voter", "committee", "applicant", "outsider"])
def test_the_list_is_refused_to_other_roles(as_role: Callable[[str], Client], role: str) -> None:
    assert as_role(role).get("/api/people").status_code == 403


def test_the_api_needs_a_login(client: Client) -> None:
    assert client.get("/api/people").status_code == 401


def test_one_person_with_appraisals(as_role: Callable[[str], Client], roster: list[dict[str, Any]]) -> None:
    person = Person.objects.get(id_number=roster[0]["身份证号"])
    body = as_role("organiser").get(f"/api/people/{person.pk}").json()
    assert body["name"] == "人员1"
    assert {a["year"]: a["result"] for a in body["appraisals"]} == {2023: "competent", 2024: "excellent",
                                                                    2025: "competent"}
    assert body["rewards"] == [] and body["disciplines"] == []


def test_an_applicant_sees_their_own_record_only(as_role: Callable[[str], Client], personas: dict[str, Any],
                                                 roster: list[dict[str, Any]]) -> None:
    own, other = Person.objects.order_by("id")[:2]
    own.user = personas["applicant"]
    own.save()
    client = as_role("applicant")
    response = client.get(f"/api/people/{own.pk}")
    assert response.status_code == 200
    assert response.json()["id_number"] == idnumber.mask(own.id_number)
    assert client.get(f"/api/people/{other.pk}").status_code == 403


def test_an_unknown_person_is_404(as_role: Callable[[str], Client]) -> None:
    assert as_role("organiser").get("/api/people/99999").status_code == 404


def test_the_units_with_paths_and_head_counts(as_role: Callable[[str], Client],
                                              roster: list[dict[str, Any]]) -> None:
    units = as_role("reviewer").get("/api/people/units").json()
    by_path = {u["path"]: u for u in units}
    assert set(by_path) == {"测试局", "测试局 / 办公室", "测试局 / 组织人事处", "另一局"}
    assert by_path["测试局 / 办公室"]["people"] == 1 and by_path["测试局 / 办公室"]["depth"] == 1
    assert by_path["另一局"]["kind"] == "unit"
    assert as_role("judge").get("/api/people/units").status_code == 403


def test_an_import_through_the_api_returns_the_summary(as_role: Callable[[str], Client]) -> None:
    response = post_file(as_role("organiser"), to_csv([person_row(1), person_row(2)]))
    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 2 and body["units_created"] == ["测试局", "测试局 / 办公室"]
    assert body["summary"][0].startswith("共 2 行")
    assert Event.objects.filter(action="people.import", actor="organiser").count() == 1


def test_a_rejected_api_import_is_400_with_every_problem(as_role: Callable[[str], Client]) -> None:
    response = post_file(as_role("organiser"), to_csv([person_row(1, 性别="女"), person_row(2, 学历="私塾")]))
    assert response.status_code == 400
    body = response.json()
    assert body["total"] == 2 and body["not_shown"] == 0
    assert [(p["row"], p["column"]) for p in body["problems"]] == [(2, "性别"), (3, "学历")]
    assert body["detail"].startswith("未导入任何数据")
    assert Person.objects.count() == 0 and not Event.objects.filter(action="people.import").exists()


@pytest.mark.parametrize("role", ["reviewer", "supervisor", "judge", "applicant", "outsider"])
def test_an_api_import_is_refused_to_other_roles(as_role: Callable[[str], Client], role: str) -> None:
    assert post_file(as_role(role), to_csv([person_row(1)])).status_code == 403
    assert Person.objects.count() == 0


def test_a_bearer_token_imports_and_lists(personas: dict[str, Any]) -> None:
    token = token_create(actor=None, user=personas["organiser"], name="batch")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert post_file(client, to_csv([person_row(1)])).status_code == 200
    assert client.get("/api/people").json()["count"] == 1


def test_the_api_export_is_an_xlsx_in_the_import_format(as_role: Callable[[str], Client],
                                                        roster: list[dict[str, Any]]) -> None:
    response = as_role("supervisor").get("/api/people/export")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = read_xlsx(response.content)[cols.PEOPLE_SHEET]
    assert rows[0][:5] == ("序号", "姓名", "性别", "出生日期", "身份证号")
    assert rows[1][4] == idnumber.mask(roster[0]["身份证号"])
    assert as_role("reviewer").get("/api/people/export").status_code == 403


def test_the_openapi_document_lists_the_people_endpoints(as_role: Callable[[str], Client]) -> None:
    paths = as_role("organiser").get("/api/openapi.json").json()["paths"]
    for path in ("/api/people", "/api/people/units", "/api/people/import", "/api/people/export",
                 "/api/people/{person_id}"):
        assert path in paths
