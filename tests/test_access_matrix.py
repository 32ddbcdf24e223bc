"""Walk every page and every API endpoint with every role, against the matrix in accounts/roles.py.

A page declares its capability with ``capability_required``, or says it is public (``public = True``,
campaigns/public_views.py): a public page answers 200 to anyone, logged in or not. An API endpoint is
listed in ``API`` below. A new page without a capability, or a new endpoint missing from ``API``, fails
this test, so the matrix stays the one place that says who may do what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from xuanren.accounts.roles import MATRIX, Role
from xuanren.people.models import Person, Unit
from xuanren.record.models import Event
from xuanren.rules import idnumber

ROLES = [r.value for r in Role] + ["outsider"]
# Pages any logged-in user may open, and pages outside the matrix (login, language, API mount).
ANY_AUTHENTICATED = {"home"}
OUTSIDE = {"login", "logout", "set_language"}
# A page whose capability is "self.view" and that is then narrowed by an object rule: with someone
# else's object, what decides is this capability.
OBJECT_CAPABILITY = {"people:detail": "people.view"}


def _named_patterns(resolvers: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for p in resolvers:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("api/") or p.namespace == "api":
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            out += _named_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            out.append((f"{namespace}{p.name}", p.callback))
    return out


@pytest.fixture
def world(personas: dict[str, Any]) -> dict[str, Any]:
    unit = Unit.objects.create(name="测试单位")
    person = Person.objects.create(name="测试", gender="M", birth_date=dt.date(1980, 1, 2),
                                   id_number=_id(1), education="bachelor", political_status="party_member",
                                   unit=unit)
    from django.db import transaction

    from xuanren.record.actions import record_event
    with transaction.atomic():
        record_event(actor=None, action="test.seed", obj=person)
    return {"person": person, "user": personas["voter"], "event": Event.objects.latest("seq"),
            "campaign": _announced_campaign(unit)}


def _announced_campaign(unit: Unit) -> Any:
    """An announced campaign whose eligibility stage is sealed and published, for the public pages."""
    from xuanren.campaigns.models import Campaign, Post, Publication, Stage, StageKind

    now = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
    campaign = Campaign.objects.create(name="测试批次", unit=unit, status=Campaign.Status.ANNOUNCED, published_at=now)
    department = Unit.objects.create(name="测试部门", kind=Unit.Kind.DEPARTMENT, parent=unit)
    Post.objects.create(campaign=campaign, code="A01", department=department, title="测试职位",
                        level="section_chief", slots=1, conditions={"max_age": 45})
    stage = Stage.objects.create(campaign=campaign, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED,
                                 sealed_at=now)
    Publication.objects.create(stage=stage, version=1, published_at=now, published_by="test",
                               content={"posts": [{"code": "A01", "title": "测试职位", "people": [{"name": "测试"}]}]})
    return campaign


def _id(serial: int) -> str:
    first17 = f"110105{dt.date(1980, 1, 2):%Y%m%d}{serial:03d}"
    return first17 + idnumber.check_character(first17)


def _kwargs(name: str, world: dict[str, Any]) -> dict[str, Any]:
    return {
        "people:detail": {"pk": world["person"].pk},
        "accounts:user_roles": {"pk": world["user"].pk},
        "record:detail": {"seq": world["event"].seq},
        "public:announcement": {"pk": world["campaign"].pk},
        "public:announcement_pdf": {"pk": world["campaign"].pk},
        "public:announcement_docx": {"pk": world["campaign"].pk},
        "public:stage_results": {"pk": world["campaign"].pk, "kind": "eligibility"},
    }.get(name, {})


def _public(callback: Any) -> bool:
    return getattr(callback, "public", False) is True


def _expected_allowed(name: str, callback: Any, role: str) -> bool:
    if _public(callback):
        return True
    if name in ANY_AUTHENTICATED:
        return role in ROLES
    capability = OBJECT_CAPABILITY.get(name) or callback.capability
    return role != "outsider" and Role(role) in MATRIX[capability]


def test_every_page_declares_a_capability() -> None:
    missing = [name for name, cb in _named_patterns(get_resolver().url_patterns)
               if name not in ANY_AUTHENTICATED | OUTSIDE and not hasattr(cb, "capability") and not _public(cb)]
    assert missing == []


def test_every_page_with_every_role(personas: dict[str, Any], world: dict[str, Any]) -> None:
    pages = [(n, cb) for n, cb in _named_patterns(get_resolver().url_patterns) if n not in OUTSIDE]
    assert len(pages) >= 10
    wrong = []
    for name, callback in pages:
        url = reverse(name, kwargs=_kwargs(name, world))
        anonymous = Client().get(url)
        if _public(callback):
            if anonymous.status_code != 200:
                wrong.append(f"anonymous {url} → {anonymous.status_code}, expected 200 (public)")
        elif anonymous.status_code != 302 or "/login/" not in anonymous["Location"]:
            wrong.append(f"anonymous {url} → {anonymous.status_code}")
        for role in ROLES:
            client = Client()
            client.force_login(personas[role])
            status = client.get(url).status_code
            allowed = _expected_allowed(name, callback, role)
            if (allowed and status != 200) or (not allowed and status != 403):
                wrong.append(f"{role} {url} → {status}, expected {'200' if allowed else '403'}")
    assert wrong == []


# method, path as in the OpenAPI document → capability (None: any logged-in user)
API: dict[tuple[str, str], str | None] = {
    ("get", "/api/accounts/me"): None,
    ("get", "/api/accounts/users"): "users.view",
    ("post", "/api/accounts/users"): "users.change",
    ("put", "/api/accounts/users/{user_id}/roles"): "users.change",
    ("get", "/api/people"): "people.view",
    ("get", "/api/people/units"): "units.view",
    ("get", "/api/people/export"): "people.export",
    ("post", "/api/people/import"): "people.import",
    ("get", "/api/people/{person_id}"): "people.view",
    ("get", "/api/record/events"): "record.view",
    ("get", "/api/record/events/{seq}"): "record.view",
    ("get", "/api/record/verify"): "record.verify",
}


def _operations(client: Client) -> set[tuple[str, str]]:
    schema = client.get("/api/openapi.json").json()
    return {(method, path) for path, ops in schema["paths"].items() for method in ops}


def test_every_api_operation_is_in_the_table(as_role: Any) -> None:
    assert _operations(as_role("organiser")) == set(API)


def _roster_csv(serial: int) -> bytes:
    head = "姓名,性别,出生日期,身份证号,学历,政治面貌,单位\n"
    gender = "男" if idnumber.gender(_id(serial)) == "M" else "女"
    return (head + f"测试{serial},{gender},1980-01-02,{_id(serial)},大学本科,中共党员,测试单位\n").encode()


def _call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    url = path.format(user_id=world["user"].pk, person_id=world["person"].pk, seq=world["event"].seq)
    if (method, path) == ("post", "/api/people/import"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        serial = 100 + ROLES.index(role)
        return client.post(url, {"file": SimpleUploadedFile("名册.csv", _roster_csv(serial), "text/csv")})
    if (method, path) == ("post", "/api/accounts/users"):
        return client.post(url, {"username": f"new-{role}", "password": "a-long-passphrase-77", "roles": ["voter"]},
                           content_type="application/json")
    if method == "put":
        return client.put(url, {"roles": ["voter"]}, content_type="application/json")
    return client.get(url)


def _state() -> tuple[int, int, int]:
    return get_user_model().objects.count(), Person.objects.count(), Event.objects.count()


def test_every_api_operation_with_every_role(personas: dict[str, Any], world: dict[str, Any]) -> None:
    wrong = []
    for (method, path), capability in API.items():
        anonymous = _call(Client(), method, path, world, "outsider")
        if anonymous.status_code != 401:
            wrong.append(f"anonymous {method} {path} → {anonymous.status_code}")
        for role in ROLES:
            client = Client()
            client.force_login(personas[role])
            before = _state()
            status = _call(client, method, path, world, role).status_code
            allowed = capability is None or (role != "outsider" and Role(role) in MATRIX[capability])
            if allowed and status not in (200, 201):
                wrong.append(f"{role} {method} {path} → {status}, expected 2xx")
            if not allowed and (status != 403 or _state() != before):
                wrong.append(f"{role} {method} {path} → {status}, expected 403 and no change")
    assert wrong == []


def test_api_session_writes_need_the_csrf_token(personas: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["organiser"])
    r = client.post("/api/accounts/users", {"username": "x1", "password": "a-long-passphrase-77"},
                    content_type="application/json")
    assert r.status_code == 403
    assert not get_user_model().objects.filter(username="x1").exists()
