"""The people register in the JSON API (/api/people): list, one person, units, import, export.

Same capabilities and the same actions as the pages: refusals raise PermissionDenied (403); ID numbers
are masked for readers without ``people.view_id_number``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from xuanren.accounts.access import has, require, require_object
from xuanren.people import actions, selectors
from xuanren.people.models import Person
from xuanren.people.views import export_response

router = Router(tags=["people"])


def _show_id(context: Any) -> bool:
    request = context["request"]
    cached = getattr(request, "_xuanren_show_id", None)
    if cached is None:
        cached = request._xuanren_show_id = has(request.user, "people.view_id_number")
    return bool(cached)


def _unit_path(context: Any, unit_id: int) -> str:
    request = context["request"]
    paths = getattr(request, "_xuanren_unit_paths", None)
    if paths is None:
        paths = request._xuanren_unit_paths = selectors.unit_paths()
    return " / ".join(paths.get(unit_id, ()))


class PersonOut(Schema):
    """Choice fields are codes (see the OpenAPI enums of the models); dates are ISO 8601."""

    id: int
    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    ethnicity: str
    education: str
    full_time: bool
    political_status: str
    work_start: dt.date | None
    unit_id: int
    unit_path: str
    post_title: str
    post_level: str
    post_level_since: dt.date | None
    rank: str
    rank_since: dt.date | None

    @staticmethod
    def resolve_id_number(obj: Person, context: Any) -> str:
        return obj.id_number if _show_id(context) else obj.id_number_masked

    @staticmethod
    def resolve_unit_path(obj: Person, context: Any) -> str:
        return _unit_path(context, obj.unit_id)


class AppraisalOut(Schema):
    year: int
    result: str


class RewardOut(Schema):
    date: dt.date
    title: str
    issuer: str


class DisciplineOut(Schema):
    date: dt.date
    kind: str
    reason: str
    in_force_until: dt.date | None


class PersonDetailOut(PersonOut):
    appraisals: list[AppraisalOut]
    rewards: list[RewardOut]
    disciplines: list[DisciplineOut]

    @staticmethod
    def resolve_appraisals(obj: Person) -> list[Any]:
        return list(obj.appraisals.all())

    @staticmethod
    def resolve_rewards(obj: Person) -> list[Any]:
        return list(obj.rewards.all())

    @staticmethod
    def resolve_disciplines(obj: Person) -> list[Any]:
        return list(obj.disciplines.all())


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    depth: int
    path: str
    people: int


class ProblemOut(Schema):
    sheet: str
    row: int | None
    column: str
    value: str
    reason: str


class RejectedOut(Schema):
    detail: str
    total: int
    problems: list[ProblemOut]
    not_shown: int


class ImportOut(Schema):
    filename: str
    sha256: str
    file_format: str
    rows: int
    created: int
    updated: int
    unchanged: int
    units_created: list[str]
    appraisals: int
    appraisals_removed: int
    rewards: int
    rewards_skipped: int
    disciplines: int
    disciplines_skipped: int
    event_seq: int
    summary: list[str]


@router.get("", response=list[PersonOut], summary="干部名册（分页；q 查姓名、职务或身份证号开头，unit 为单位/部门）")
@paginate(PageNumberPagination)
def list_people(request: HttpRequest, q: str = "", unit: int | None = None) -> Any:
    require(request.user, "people.view")
    return selectors.people_search(q=q.strip(), unit_id=unit)


@router.get("/units", response=list[UnitOut], summary="单位/部门（树的先序，含人数）")
def list_units(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "units.view")
    paths = selectors.unit_paths()
    return [{"id": row["unit"].pk, "name": row["unit"].name, "kind": row["unit"].kind,
             "parent_id": row["unit"].parent_id, "depth": row["depth"], "path": " / ".join(paths[row["unit"].pk]),
             "people": row["people"]} for row in selectors.unit_tree()]


@router.get("/export", summary="导出干部名册（.xlsx，与导入格式相同）",
            openapi_extra={"responses": {200: {"content": {actions.XLSX_TYPE: {}}}}})
def export_people(request: HttpRequest, q: str = "", unit: int | None = None) -> HttpResponse:
    require(request.user, "people.export")
    return export_response(actions.people_export(user=request.user, today=timezone.localdate(), q=q.strip(),
                                                 unit_id=unit))


@router.post("/import", response={200: ImportOut, 400: RejectedOut},
             summary="导入干部名册（multipart 字段 file；全有或全无，400 时列出全部问题）")
def import_people(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    require(request.user, "people.import")
    try:
        actions.check_size(file.size or 0, filename=file.name or "")
        result = actions.people_import(actor=request.user, data=file.read(), filename=file.name or "",
                                       today=timezone.localdate())
    except actions.ImportRejected as exc:
        return Status(400, exc.as_dict())
    return Status(200, result.as_dict() | {"summary": result.lines()})


@router.get("/{int:person_id}", response=PersonDetailOut, summary="一名人员（报名人只能看本人）")
def get_person(request: HttpRequest, person_id: int) -> Person:
    person = get_object_or_404(Person.objects.prefetch_related("appraisals", "rewards", "disciplines"), pk=person_id)
    require_object(request.user, "people.view", person)
    return person
