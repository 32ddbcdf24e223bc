"""The appointments area's part of tests/test_access_matrix.py (see tests/scoring/access.py for the contract).

Made on first use, straight in the database (the actions are tested in this folder): a campaign whose
appointment stage is open with two qualified candidates for A1 (two slots) and posts A2, A3; an
appointment in probation with a decision on record, and one to review; pool entries (one to withdraw, one to
appoint to a vacancy); a vacancy to fill from the pool, one to re-open in a draft campaign, one declared
in the open stage to take back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from xuanren.appointments.models import Appointment, PoolEntry, ProbationReview, Vacancy
from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
from xuanren.people.models import Person, Unit
from xuanren.rules import idnumber

PREFIX = "/api/appointments"
VIEW, MANAGE, POOL_VIEW, POOL_MANAGE = "appointments.view", "appointments.manage", "pool.view", "pool.manage"
API: dict[tuple[str, str], str | None] = {
    ("get", "/api/appointments/templates"): VIEW,
    ("put", "/api/appointments/templates/{kind}"): MANAGE,
    ("get", "/api/appointments/campaigns/{campaign_id}/overview"): VIEW,
    ("put", "/api/appointments/campaigns/{campaign_id}/settings"): MANAGE,
    ("post", "/api/appointments/campaigns/{campaign_id}/appoint"): MANAGE,
    ("post", "/api/appointments/campaigns/{campaign_id}/vacancies"): MANAGE,
    ("get", "/api/appointments"): VIEW,
    ("get", "/api/appointments/probation"): VIEW,
    ("get", "/api/appointments/{appointment_id}"): VIEW,
    ("get", "/api/appointments/{appointment_id}/document"): VIEW,
    ("post", "/api/appointments/{appointment_id}/review"): MANAGE,
    ("get", "/api/appointments/reviews/{review_id}/document"): VIEW,
    ("get", "/api/appointments/pool"): POOL_VIEW,
    ("post", "/api/appointments/pool/{entry_id}/withdraw"): POOL_MANAGE,
    ("get", "/api/appointments/vacancies"): VIEW,
    ("get", "/api/appointments/vacancies/{vacancy_id}/candidates"): POOL_VIEW,
    ("post", "/api/appointments/vacancies/{vacancy_id}/appoint"): POOL_MANAGE,
    ("post", "/api/appointments/vacancies/{vacancy_id}/reopen"): MANAGE,
    ("delete", "/api/appointments/vacancies/{vacancy_id}"): MANAGE,
}
OBJECT_CAPABILITY: dict[str, str] = {}

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
TEXT = "测试局\n测组干〔2026〕1号\n关于任职的通知\n各部门：\n某同志任某职。\n\n测试局\n二〇二六年十二月五日"


def _id(serial: int) -> str:
    first17 = f"110108{dt.date(1984, 6, 7):%Y%m%d}{serial:03d}"  # unlike any other area's
    return first17 + idnumber.check_character(first17)


def _person(unit: Unit, n: int) -> Person:
    return Person.objects.create(name=f"任职{n}", gender="M", birth_date=dt.date(1984, 6, 7), id_number=_id(n),
                                 education="bachelor", political_status="party_member", unit=unit,
                                 post_title="科员")


def _appointment(person: Person, post: Post, application: Application | None = None) -> Appointment:
    start = timezone.localdate()
    return Appointment.objects.create(
        person=person, post=post, application=application, document_number="测组干〔2026〕1号", document_date=start,
        effective=start, term_end=start + dt.timedelta(days=730), probation_end=start + dt.timedelta(days=20),
        previous={"unit": person.unit_id, "unit_name": person.unit.name, "post_title": "科员", "post_level": "",
                  "post_level_since": None, "rank": "", "rank_since": None},
        text=TEXT, created=NOW)


def appointments_world(world: dict[str, Any]) -> dict[str, Any]:
    if "appointments" in world:
        return dict(world["appointments"])
    unit = world["campaign"].unit
    department = Unit.objects.get(name="测试部门")
    people = [_person(unit, n) for n in range(401, 410)]
    c = Campaign.objects.create(name="任职批次", unit=unit, status=Campaign.Status.ANNOUNCED, published_at=NOW)
    Stage.objects.create(campaign=c, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED, sealed_at=NOW)
    stage = Stage.objects.create(campaign=c, kind=StageKind.APPOINTMENT, order=2, status=Stage.Status.OPEN,
                                 opened_at=NOW)
    posts = {code: Post.objects.create(campaign=c, code=code, department=department, title=f"任职职位{code}",
                                       level="section_deputy", slots=2 if code == "A1" else 1, order=i)
             for i, code in enumerate(("A1", "A2", "A3", "A4", "A5"))}
    apps = []
    for person, code in zip(people[:7], ("A1", "A1", "A2", "A3", "A4", "A4", "A5"), strict=True):
        app = Application.objects.create(campaign=c, post=posts[code], person=person, submitted_at=NOW)
        Review.objects.create(application=app, auto_eligible=True, checked_on=NOW.date(), decision="eligible")
        apps.append(app)
    # A1: 任职401 is appointed through the API; 任职402 holds an appointment in probation (reviewed through the
    # API) with an earlier decision on record.
    to_review = _appointment(people[1], posts["A1"], apps[1])
    reviewed = ProbationReview.objects.create(appointment=to_review, outcome="extended", reason="延长",
                                              extended_until=to_review.probation_end, decided_on=NOW.date(),
                                              text=TEXT)
    # A3: declared vacant in the open stage (taken back through the API).
    declared = Vacancy.objects.create(post=posts["A3"], reason="other", detail="本人放弃", created=NOW)
    # A4 and A5: vacancies of another kind (a failed probation), filled from the pool and re-opened.
    to_fill = Vacancy.objects.create(post=posts["A4"], reason="probation", detail="试用不合格", created=NOW)
    to_reopen = Vacancy.objects.create(post=posts["A5"], reason="probation", detail="试用不合格", created=NOW)
    today = timezone.localdate()
    entries = [PoolEntry.objects.create(person=apps[i].person, application=apps[i], campaign=c, level="section_deputy",
                                        scores={"label": "综合成绩", "value": "80", "display": "80.00", "rank": 2},
                                        entered_on=today, expires_on=today + dt.timedelta(days=365))
               for i in (4, 5)]
    draft = Campaign.objects.create(name="下一批次", unit=unit)
    made = {"campaign": c, "stage": stage, "posts": posts, "apps": apps, "to_review": to_review,
            "reviewed": reviewed, "declared": declared, "to_fill": to_fill, "to_reopen": to_reopen,
            "withdraw": entries[0], "from_pool": entries[1], "draft": draft}
    world["appointments"] = made
    return dict(made)


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    w = appointments_world(world)
    day = timezone.localdate().isoformat()
    ids = {"campaign_id": w["campaign"].pk, "appointment_id": w["to_review"].pk, "review_id": w["reviewed"].pk,
           "entry_id": w["withdraw"].pk, "kind": "appointment", "vacancy_id": w["to_fill"].pk}
    if path.endswith("/reopen"):
        ids["vacancy_id"] = w["to_reopen"].pk
    if method == "delete":
        ids["vacancy_id"] = w["declared"].pk
    url = path.format(**ids)
    bodies: dict[str, Any] = {
        "/templates/{kind}": {"title": "关于{name}同志任职的通知", "body": "各部门：\n{name}同志任{post}。"},
        "/settings": {"term_years": 3},
        "/appoint": {"application_id": w["apps"][0].pk, "document_number": "测组干〔2026〕2号", "document_date": day,
                     "effective": day},
        "/vacancies": {"post_id": w["posts"]["A2"].pk, "reason": "other", "detail": "拟任人选本人放弃"},
        "/review": {"outcome": "confirmed", "reason": "考核合格", "decided_on": day},
        "/withdraw": {"reason": "调离"},
        "/reopen": {"campaign_id": w["draft"].pk},
    }
    if path.endswith("/vacancies/{vacancy_id}/appoint"):
        body: Any = {"entry_id": w["from_pool"].pk, "document_number": "测组干〔2026〕3号", "document_date": day,
                     "effective": day}
    else:
        body = next((v for k, v in bodies.items() if path.endswith(k)), None)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if not name.startswith("appointments:"):
        return None
    w = appointments_world(world)
    short = name.split(":", 1)[1]
    if short in {"stage", "settings", "appoint", "declare_vacant"}:
        return {"pk": w["campaign"].pk, "stage_pk": w["stage"].pk}
    if short in {"detail", "review"}:
        return {"appointment_pk": w["to_review"].pk}
    if short == "document":
        return {"appointment_pk": w["to_review"].pk, "fmt": "docx"}
    if short == "review_document":
        return {"review_pk": w["reviewed"].pk, "fmt": "docx"}
    if short == "pool_withdraw":
        return {"entry_pk": w["withdraw"].pk}
    if short in {"vacancy", "pool_appoint", "vacancy_reopen"}:
        return {"vacancy_pk": w["to_fill"].pk}
    if short == "vacancy_cancel":
        return {"vacancy_pk": w["declared"].pk}
    if short == "template_edit":
        return {"kind": "appointment"}
    return {}
