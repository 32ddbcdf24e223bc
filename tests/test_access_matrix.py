"""Walk every page and every API endpoint with every role, against the matrix in accounts/roles.py.

A page declares its capability with ``capability_required``, or says it is public (``public = True``,
campaigns/public_views.py): a public page answers 200 to anyone, logged in or not. A POST-only page
(``require_POST``: it answers any GET with 405) is walked with POST for everyone who may not use it, who
must get the log-in page or 403 and change nothing; those who may use it get 405 for a GET. An API endpoint is
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

from tests.appointments import access as appointments_access
from tests.committee import access as committee_access
from tests.inspection import access as inspection_access
from tests.notices import access as notices_access
from tests.reports import access as reports_access
from tests.scoring import access as scoring_access
from tests.voting import access as voting_access
from xuanren.accounts.roles import MATRIX, Role
from xuanren.people.models import Person, Unit
from xuanren.record.models import Event
from xuanren.rules import idnumber

# Areas that keep their part of this test beside their own tests (see tests/scoring/access.py).
AREAS = [scoring_access, voting_access, inspection_access, committee_access, notices_access, appointments_access,
         reports_access]

ROLES = [r.value for r in Role] + ["outsider"]
# Pages any logged-in user may open, and pages outside the matrix (login, language, API mount).
ANY_AUTHENTICATED = {"home"}
OUTSIDE = {"login", "logout", "set_language"}
# A page whose capability is "self.view" and that is then narrowed by an object rule: with someone
# else's object, what decides is this capability.
OBJECT_CAPABILITY = {"people:detail": "people.view"}
for _area in AREAS:
    OBJECT_CAPABILITY.update(_area.OBJECT_CAPABILITY)


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
    campaign = _announced_campaign(unit)
    from xuanren.campaigns.models import Application

    application = Application.objects.create(campaign=campaign, post=campaign.posts.get(), person=person,
                                             submitted_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))
    return {"person": person, "user": personas["voter"], "event": Event.objects.latest("seq"),
            "campaign": campaign, "stage": campaign.stages.get(), "post": campaign.posts.get(),
            "application": application}


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
    for area in AREAS:
        found = area.kwargs(name, world)
        if found is not None:
            return found
    pk = world["campaign"].pk
    if name.startswith("campaigns:stage_"):
        return {"pk": pk, "stage_pk": world["stage"].pk}
    if (name.startswith("campaigns:post_") and name != "campaigns:post_create") or name == "campaigns:review":
        return {"pk": pk, "post_pk": world["post"].pk}
    if name == "campaigns:review_decide":
        return {"pk": pk, "application_pk": world["application"].pk}
    if name in {"campaigns:detail", "campaigns:edit", "campaigns:copy", "campaigns:publish", "campaigns:weights",
                "campaigns:application_enter", "campaigns:applications_import", "campaigns:post_create",
                "campaigns:review_run", "campaigns:review_confirm"}:
        return {"pk": pk}
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


def _page_state() -> Any:
    from tests.campaigns.world import snapshot

    return _state(), snapshot()


def _walk_post_only(name: str, callback: Any, url: str, personas: dict[str, Any]) -> list[str]:
    """A POST-only page: refused with POST (log-in page, or 403 and nothing changed); GET is 405 to all."""
    wrong = []
    anonymous = Client().post(url)
    if anonymous.status_code != 302 or "/login/" not in anonymous["Location"]:
        wrong.append(f"anonymous POST {url} → {anonymous.status_code}")
    for role in ROLES:
        client = Client()
        client.force_login(personas[role])
        if _expected_allowed(name, callback, role):
            status = client.get(url).status_code
            if status != 405:
                wrong.append(f"{role} GET {url} → {status}, expected 405 (POST only)")
            continue
        before = _page_state()
        status = client.post(url).status_code
        if status != 403 or _page_state() != before:
            wrong.append(f"{role} POST {url} → {status}, expected 403 and no change")
    return wrong


def test_every_page_with_every_role(personas: dict[str, Any], world: dict[str, Any]) -> None:
    pages = [(n, cb) for n, cb in _named_patterns(get_resolver().url_patterns) if n not in OUTSIDE]
    assert len(pages) >= 10
    wrong = []
    post_only = set()
    for name, callback in pages:
        url = reverse(name, kwargs=_kwargs(name, world))
        anonymous = Client().get(url)
        if anonymous.status_code == 405:
            post_only.add(name)
            wrong += _walk_post_only(name, callback, url, personas)
            continue
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
    assert {"campaigns:stage_seal", "campaigns:review_decide", "campaigns:publish"} <= post_only


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
    # campaigns (/api/campaigns): reading
    ("get", "/api/campaigns"): "campaigns.view",
    ("get", "/api/campaigns/templates"): "campaigns.view",
    ("get", "/api/campaigns/open"): None,
    ("get", "/api/campaigns/my/applications"): None,
    ("get", "/api/campaigns/{campaign_id}"): "campaigns.view",
    ("get", "/api/campaigns/{campaign_id}/dashboard"): "campaigns.view",
    ("get", "/api/campaigns/{campaign_id}/applications"): "applications.view",
    ("get", "/api/campaigns/{campaign_id}/results"): None,
    # setting up
    ("post", "/api/campaigns"): "campaigns.change",
    ("patch", "/api/campaigns/{campaign_id}"): "campaigns.change",
    ("post", "/api/campaigns/{campaign_id}/copy"): "campaigns.change",
    ("post", "/api/campaigns/{campaign_id}/publish"): "campaigns.change",
    ("put", "/api/campaigns/{campaign_id}/weights"): "campaigns.change",
    ("post", "/api/campaigns/{campaign_id}/posts"): "campaigns.change",
    ("patch", "/api/campaigns/posts/{post_id}"): "campaigns.change",
    ("delete", "/api/campaigns/posts/{post_id}"): "campaigns.change",
    ("post", "/api/campaigns/posts/{post_id}/cancel"): "campaigns.change",
    ("post", "/api/campaigns/posts/{post_id}/extend"): "campaigns.change",
    ("post", "/api/campaigns/posts/{post_id}/merge"): "campaigns.change",
    ("post", "/api/campaigns/import"): "campaigns.change",
    # applications and their review
    ("post", "/api/campaigns/{campaign_id}/applications"): "applications.enter",
    ("post", "/api/campaigns/{campaign_id}/applications/import"): "applications.enter",
    ("post", "/api/campaigns/applications/{application_id}/withdraw"): "applications.enter",
    ("post", "/api/campaigns/{campaign_id}/apply"): "applications.apply",
    ("post", "/api/campaigns/my/applications/{application_id}/withdraw"): "applications.apply",
    ("post", "/api/campaigns/{campaign_id}/review/run"): "applications.review",
    ("post", "/api/campaigns/{campaign_id}/review/confirm"): "applications.review",
    ("post", "/api/campaigns/applications/{application_id}/review"): "applications.review",
    # stages
    ("post", "/api/campaigns/{campaign_id}/stages/{kind}/open"): "campaigns.change",
    ("post", "/api/campaigns/{campaign_id}/stages/{kind}/seal"): "stages.seal",
    ("post", "/api/campaigns/{campaign_id}/stages/{kind}/correct"): "stages.seal",
}
for _area in AREAS:
    API.update(_area.API)


def _operations(client: Client) -> set[tuple[str, str]]:
    schema = client.get("/api/openapi.json").json()
    return {(method, path) for path, ops in schema["paths"].items() for method in ops}


def test_every_api_operation_is_in_the_table(as_role: Any) -> None:
    assert _operations(as_role("organiser")) == set(API)


def _roster_csv(serial: int) -> bytes:
    head = "姓名,性别,出生日期,身份证号,学历,政治面貌,单位\n"
    gender = "男" if idnumber.gender(_id(serial)) == "M" else "女"
    return (head + f"测试{serial},{gender},1980-01-02,{_id(serial)},大学本科,中共党员,测试单位\n").encode()


def _campaigns_world(world: dict[str, Any]) -> dict[str, Any]:
    """What the campaign operations act on, one object per allowed call: built once, on the first call (the
    anonymous one), so before any state is compared. Deadlines are a month from the real clock."""
    if "campaigns" in world:
        return dict(world["campaigns"])
    from django.utils import timezone

    from xuanren.campaigns import actions
    from xuanren.campaigns.models import Application, Campaign, Review, Stage, StageKind

    now = timezone.now()
    deadline = now + dt.timedelta(days=30)
    announced = world["campaign"]
    unit = announced.unit
    department = Unit.objects.get(name="测试部门")
    people = [Person.objects.create(name=f"人员{n}", gender="M", birth_date=dt.date(1980, 1, 2), id_number=_id(n),
                                    education="bachelor", political_status="party_member", unit=unit)
              for n in range(201, 206)]
    me = people[0]
    me.user = get_user_model().objects.get(username="applicant")
    me.save()

    def campaign(name: str, template: str, codes: tuple[str, ...], publish: bool = False) -> tuple[Any, list[Any]]:
        c = actions.campaign_create(actor=None, name=name, unit=unit, template=template, apply_until=deadline,
                                    posts_per_applicant=3)
        posts = [actions.post_create(actor=None, campaign=c, code=code, department=department, title=f"职位{code}",
                                     level="section_deputy", slots=1) for code in codes]
        if publish:
            actions.campaign_publish(actor=None, campaign=c)
        return c, posts

    draft, (to_update, to_delete) = campaign("草稿批次", "open_2004", ("D1", "D2"))
    publishable, _ = campaign("待发布批次", "court_2010", ("Q1",))
    to_open, _ = campaign("待开始审查批次", "court_2010", ("O1",), publish=True)
    running, (r1, r2, r3, r4) = campaign("报名中批次", "court_2010", ("R1", "R2", "R3", "R4"), publish=True)
    actions.stage_open(actor=None, stage=running.stages.get(kind=StageKind.ELIGIBILITY))
    mine = actions.application_submit(actor=None, campaign=running, post=r2, person=me)
    other = actions.application_submit(actor=None, campaign=running, post=r2, person=people[1])
    reviewed = actions.application_submit(actor=None, campaign=running, post=r1, person=people[2])
    actions.review_run(actor=None, campaign=running)
    # A stage open with nothing outstanding, to seal; a sealed eligibility review, to correct.
    to_seal = Campaign.objects.create(name="待封存批次", unit=unit, status=Campaign.Status.ANNOUNCED, published_at=now)
    Stage.objects.create(campaign=to_seal, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED,
                         sealed_at=now)
    Stage.objects.create(campaign=to_seal, kind=StageKind.INTERVIEW, order=2, status=Stage.Status.OPEN, opened_at=now)
    sealed_post = announced.posts.get()
    corrected = Application.objects.create(campaign=announced, post=sealed_post, person=people[3], submitted_at=now)
    Review.objects.create(application=corrected, auto_eligible=True, checked_on=now.date(), decision="eligible")
    made = {"draft": draft, "publishable": publishable, "to_open": to_open, "running": running, "to_seal": to_seal,
            "announced": announced, "to_update": to_update, "to_delete": to_delete, "r1": r1, "r2": r2, "r3": r3,
            "r4": r4, "mine": mine, "other": other, "reviewed": reviewed, "corrected": corrected,
            "unit": unit, "department": department, "entered": people[4], "imported": people[1]}
    world["campaigns"] = made
    return dict(made)


def _campaign_workbook() -> bytes:
    from tests.people.rosters import to_xlsx

    head = {"名称": "导入的批次", "单位": "测试单位", "模板": "court_2010", "报名截止": "2030-12-01 17:00"}
    post = {"职位代码": "I01", "部门": "测试部门", "职位名称": "导入的职位", "职务层次/职级": "副科", "职数": 1}
    return to_xlsx({"批次": [list(head), list(head.values())], "职位": [list(post), list(post.values())]})


def _campaigns_call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    """One campaign operation with a valid request: each object it changes is used by one allowed role only
    (the organiser), or the change can be made again (the reviewer's review run, decision, confirmation)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = _campaigns_world(world)
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=60)).isoformat()
    # operation → (campaign, post, application, stage kind, JSON body)
    table: dict[tuple[str, str], tuple[Any, Any, Any, str, Any]] = {
        ("post", "/api/campaigns"): (None, None, None, "", {"name": f"新建批次-{role}", "unit_id": w["unit"].pk,
                                                             "template": "court_2010"}),
        ("patch", "/api/campaigns/{campaign_id}"): (w["draft"], None, None, "", {"introduction": "公告正文"}),
        ("post", "/api/campaigns/{campaign_id}/copy"): (w["announced"], None, None, "", {"name": f"复制-{role}"}),
        ("post", "/api/campaigns/{campaign_id}/publish"): (w["publishable"], None, None, "", None),
        ("put", "/api/campaigns/{campaign_id}/weights"): (w["draft"], None, None, "",
                                                         {"weights": {"exam": 50, "interview": 50}}),
        ("post", "/api/campaigns/{campaign_id}/posts"): (w["draft"], None, None, "", {
            "code": f"N-{role}", "department_id": w["department"].pk, "title": "新职位", "level": "section_deputy",
            "slots": 1, "conditions": {"max_age": 45}}),
        ("patch", "/api/campaigns/posts/{post_id}"): (None, w["to_update"], None, "", {"title": "改名的职位"}),
        ("delete", "/api/campaigns/posts/{post_id}"): (None, w["to_delete"], None, "", None),
        ("post", "/api/campaigns/posts/{post_id}/cancel"): (None, w["r3"], None, "", {"reason": "无人报名"}),
        ("post", "/api/campaigns/posts/{post_id}/extend"): (None, w["r1"], None, "", {"new_deadline": later,
                                                                                      "reason": "报名人数不足"}),
        ("post", "/api/campaigns/posts/{post_id}/merge"): (None, w["r4"], None, "", {"into_post_id": w["r2"].pk,
                                                                                     "reason": "职责相近"}),
        ("post", "/api/campaigns/{campaign_id}/applications"): (w["running"], None, None, "", {
            "id_number": w["entered"].id_number, "post_id": w["r1"].pk}),
        ("post", "/api/campaigns/applications/{application_id}/withdraw"): (None, None, w["other"], "",
                                                                             {"reason": "本人申请"}),
        ("post", "/api/campaigns/{campaign_id}/apply"): (w["running"], None, None, "", {"post_id": w["r1"].pk,
                                                                                        "preference": 1}),
        ("post", "/api/campaigns/my/applications/{application_id}/withdraw"): (None, None, w["mine"], "", {}),
        ("post", "/api/campaigns/{campaign_id}/review/run"): (w["running"], None, None, "", {}),
        ("post", "/api/campaigns/{campaign_id}/review/confirm"): (w["running"], None, None, "", {}),
        ("post", "/api/campaigns/applications/{application_id}/review"): (None, None, w["reviewed"], "", {
            "decision": "ineligible", "reason": "经核实，任职年限不足"}),
        ("post", "/api/campaigns/{campaign_id}/stages/{kind}/open"): (w["to_open"], None, None, "eligibility", None),
        ("post", "/api/campaigns/{campaign_id}/stages/{kind}/seal"): (w["to_seal"], None, None, "interview", None),
        ("post", "/api/campaigns/{campaign_id}/stages/{kind}/correct"): (w["announced"], None, None, "eligibility", {
            "changes": [{"application_id": w["corrected"].pk, "decision": "ineligible"}], "reason": "复核发现错误"}),
    }
    campaign, post, application, kind, body = table.get((method, path), (w["announced"], None, None, "", None))
    url = path.format(campaign_id=campaign.pk if campaign else 0, post_id=post.pk if post else 0,
                      application_id=application.pk if application else 0, kind=kind)
    if path == "/api/campaigns/import":
        return client.post(url, {"file": SimpleUploadedFile("批次.xlsx", _campaign_workbook())})
    if path == "/api/campaigns/{campaign_id}/applications/import":
        url = path.format(campaign_id=w["running"].pk)
        csv = f"身份证号,职位代码\n{w['imported'].id_number},R1\n".encode()
        return client.post(url, {"file": SimpleUploadedFile("报名.csv", csv, "text/csv")})
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def _call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    for area in AREAS:
        if path.startswith(area.PREFIX):
            return area.call(client, method, path, world, role)
    if path.startswith("/api/campaigns"):
        return _campaigns_call(client, method, path, world, role)
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
            if allowed and status not in (200, 201, 204):
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
