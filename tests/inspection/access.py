"""The inspection area's part of tests/test_access_matrix.py (see tests/scoring/access.py for the contract).

What the pages and operations act on is built once per test world (``world["inspection"]``), directly in
the database: an announced campaign with one post, eight qualified candidates, its eligibility stage
sealed and its inspection stage open, seven inspections in the states the operations need (the eighth
candidate has none, for ``start``), an attachment, and a second campaign whose inspection stage takes the
dimension weights.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

PREFIX = "/api/inspection"
VIEW, MANAGE = "inspection.view", "inspection.manage"
API: dict[tuple[str, str], str | None] = {
    ("get", "/api/inspection/stages/{stage_id}"): VIEW,
    ("post", "/api/inspection/stages/{stage_id}/start"): MANAGE,
    ("put", "/api/inspection/stages/{stage_id}/dimensions"): MANAGE,
    ("put", "/api/inspection/stages/{stage_id}/team"): MANAGE,
    ("get", "/api/inspection/{inspection_id}"): VIEW,
    ("put", "/api/inspection/{inspection_id}/team"): MANAGE,
    ("put", "/api/inspection/{inspection_id}/notice"): MANAGE,
    ("post", "/api/inspection/{inspection_id}/notice/publish"): MANAGE,
    ("put", "/api/inspection/{inspection_id}/talks"): MANAGE,
    ("put", "/api/inspection/{inspection_id}/evaluation"): MANAGE,
    ("put", "/api/inspection/{inspection_id}/findings"): MANAGE,
    ("post", "/api/inspection/{inspection_id}/conclude"): MANAGE,
    ("post", "/api/inspection/{inspection_id}/withdraw"): MANAGE,
}
OBJECT_CAPABILITY: dict[str, str] = {}

PDF = b"%PDF-1.4\n%%EOF\n"
FINDINGS = {k: {"text": "表现良好", "score": None} for k in ("de", "neng", "qin", "ji", "lian")}


def _world(world: dict[str, Any]) -> dict[str, Any]:
    if "inspection" in world:
        return dict(world["inspection"])
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from tests.campaigns.world import id_number
    from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
    from xuanren.inspection.models import Inspection, InspectionAttachment
    from xuanren.people.models import Person, Unit
    from xuanren.voting.models import Session

    now = timezone.now()
    unit = world["campaign"].unit
    department = Unit.objects.get(name="测试部门")

    def campaign(name: str) -> tuple[Any, Any, Any]:
        c = Campaign.objects.create(name=name, unit=unit, status=Campaign.Status.ANNOUNCED, published_at=now)
        p = Post.objects.create(campaign=c, code="K01", department=department, title="考察职位", level="section_chief",
                                slots=1)
        Stage.objects.create(campaign=c, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED,
                             sealed_at=now)
        s = Stage.objects.create(campaign=c, kind=StageKind.INSPECTION, order=2, status=Stage.Status.OPEN,
                                 opened_at=now, public=False)
        return c, p, s

    c, post, stage = campaign("考察测试批次")
    _c2, _p2, weights_stage = campaign("考察权重测试批次")
    born = dt.date(1979, 6, 1)
    apps = []
    for n in range(1, 9):
        person = Person.objects.create(name=f"考察{n}", gender="M" if n % 2 else "F", birth_date=born,
                                       id_number=id_number(400 + n, born, n % 2 == 1), education="bachelor",
                                       political_status="party_member", unit=department, post_title="科员")
        app = Application.objects.create(campaign=c, post=post, person=person, submitted_at=now)
        Review.objects.create(application=app, auto_eligible=True, checked_on=now.date(), decision="eligible")
        apps.append(app)
    team = {"team_leader": "组长甲", "team": ["组员乙"]}
    session = Session.objects.create(campaign=c, name="考察民主测评")
    made = {
        "read": Inspection.objects.create(stage=stage, application=apps[0]),
        "team": Inspection.objects.create(stage=stage, application=apps[1]),
        "publish": Inspection.objects.create(stage=stage, application=apps[2], notice_text="考察预告正文",
                                             notice_from=now.date(), notice_until=now.date(), **team),
        "notice": Inspection.objects.create(stage=stage, application=apps[3]),
        "evaluation": Inspection.objects.create(stage=stage, application=apps[4], evaluation_session=session),
        "conclude": Inspection.objects.create(stage=stage, application=apps[5], findings=FINDINGS, **team),
        "withdraw": Inspection.objects.create(stage=stage, application=apps[6], findings=FINDINGS,
                                              status=Inspection.Status.CONCLUDED, conclusion="suitable",
                                              conclusion_text="同意", concluded_at=now, **team),
    }
    # One small file under MEDIA_ROOT (the same name each run), for the download page.
    name = "inspection/access-matrix.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(PDF))
    attachment = InspectionAttachment.objects.create(inspection=made["read"], file=name, title="考察报告",
                                                     sha256="0" * 64, uploaded_at=now)
    built = {"campaign": c, "stage": stage, "weights_stage": weights_stage, "attachment": attachment, **made}
    world["inspection"] = built
    return dict(built)


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    w = _world(world)
    today = dt.date.today().isoformat()
    # operation → (stage or inspection, JSON body)
    table: dict[tuple[str, str], tuple[Any, Any]] = {
        ("get", "/api/inspection/stages/{stage_id}"): (w["stage"], None),
        ("post", "/api/inspection/stages/{stage_id}/start"): (w["stage"], None),
        ("put", "/api/inspection/stages/{stage_id}/dimensions"): (w["weights_stage"], {"dimensions": [
            {"key": "de", "label": "德", "weight": "60"}, {"key": "neng", "label": "能", "weight": "40"}]}),
        ("put", "/api/inspection/stages/{stage_id}/team"): (w["stage"], {"inspection_ids": [w["team"].pk],
                                                                           "leader": "组长甲", "members": ["组员乙"]}),
        ("get", "/api/inspection/{inspection_id}"): (w["read"], None),
        ("put", "/api/inspection/{inspection_id}/team"): (w["team"], {"leader": "组长甲", "members": ["组员乙"]}),
        ("put", "/api/inspection/{inspection_id}/notice"): (w["notice"], {
            "notice_from": today, "notice_until": today, "contact": "电话010-12345678"}),
        ("post", "/api/inspection/{inspection_id}/notice/publish"): (w["publish"], None),
        ("put", "/api/inspection/{inspection_id}/talks"): (w["read"], {"talks": {"leaders": 3, "middle": 8}}),
        ("put", "/api/inspection/{inspection_id}/evaluation"): (w["evaluation"], {"session_id": None}),
        ("put", "/api/inspection/{inspection_id}/findings"): (w["read"], {"findings": {
            "de": {"text": "政治立场坚定", "score": "90"}}}),
        ("post", "/api/inspection/{inspection_id}/conclude"): (w["conclude"], {"conclusion": "suitable",
                                                                               "text": "同意作为拟任人选"}),
        ("post", "/api/inspection/{inspection_id}/withdraw"): (w["withdraw"], {"reason": "录入错误"}),
    }
    if (method, path) not in table:
        raise AssertionError(f"no call for {method} {path}")
    obj, body = table[(method, path)]
    url = path.format(stage_id=obj.pk, inspection_id=obj.pk)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if not name.startswith("inspection:"):
        return None
    w = _world(world)
    if name in ("inspection:stage", "inspection:start", "inspection:dimensions", "inspection:team_many"):
        return {"pk": w["campaign"].pk, "stage_pk": w["stage"].pk}
    if name in ("inspection:attachment", "inspection:attachment_delete"):
        return {"attachment_pk": w["attachment"].pk}
    if name == "inspection:notices":
        return {"pk": w["campaign"].pk}
    return {"inspection_pk": w["read"].pk}
