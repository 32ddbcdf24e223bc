"""The exam, shortlist and results part of the scoring area in tests/test_access_matrix.py (hooked in by
``tests/scoring/access.py``): the API operations with their capabilities, a valid call of each, and the URL
arguments of the pages.

Two campaigns are made on first use, straight in the database (the actions are tested elsewhere): "A" with
the exam open and the shortlist pending, three candidates; "B" with the exam and the shortlist sealed, the
stored standings out of date, so that a correction and a recomputation each change something.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from xuanren.campaigns.models import Application, Campaign, Post, Publication, Review, Stage, StageKind
from xuanren.people.models import Person, Unit
from xuanren.rules import idnumber
from xuanren.scoring.models import ExamScore, Standing

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)

API: dict[tuple[str, str], str | None] = {
    ("get", "/api/scoring/{campaign_id}/exam/scores"): "scoring.view",
    ("post", "/api/scoring/{campaign_id}/exam/scores"): "scoring.manage",
    ("put", "/api/scoring/{campaign_id}/exam/settings"): "scoring.manage",
    ("post", "/api/scoring/{campaign_id}/exam/import"): "scoring.manage",
    ("get", "/api/scoring/{campaign_id}/exam/template"): "scoring.manage",
    ("post", "/api/scoring/{campaign_id}/exam/correct"): "stages.seal",
    ("get", "/api/scoring/{campaign_id}/shortlist/preview"): "scoring.view",
    ("put", "/api/scoring/{campaign_id}/shortlist/settings"): "scoring.manage",
    ("post", "/api/scoring/{campaign_id}/shortlist/recompute"): "stages.seal",
    ("get", "/api/scoring/{campaign_id}/results"): "scoring.view",
    ("get", "/api/scoring/{campaign_id}/results/export"): "results.export",
}

PAGES = {"scoring:exam", "scoring:exam_settings", "scoring:exam_enter", "scoring:exam_correct", "scoring:exam_import",
         "scoring:exam_template", "scoring:shortlist", "scoring:shortlist_settings", "scoring:shortlist_recompute",
         "scoring:results", "scoring:results_export"}


def _id(serial: int) -> str:
    first17 = f"110105{dt.date(1981, 2, 3):%Y%m%d}{serial:03d}"
    return first17 + idnumber.check_character(first17)


def _campaign(name: str, unit: Unit, department: Unit, serials: range, *, sealed: bool) -> dict[str, Any]:
    c = Campaign.objects.create(name=name, unit=unit, status=Campaign.Status.ANNOUNCED, published_at=NOW)
    post = Post.objects.create(campaign=c, code="S01", department=department, title="评分职位", level="section_chief",
                               slots=1)
    stage_status = Stage.Status.SEALED if sealed else Stage.Status.OPEN
    Stage.objects.create(campaign=c, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED, sealed_at=NOW)
    exam = Stage.objects.create(campaign=c, kind=StageKind.EXAM, order=2, weight=Decimal(100), status=stage_status,
                                opened_at=NOW, sealed_at=NOW if sealed else None)
    shortlist = Stage.objects.create(campaign=c, kind=StageKind.SHORTLIST, order=3,
                                     status=Stage.Status.SEALED if sealed else Stage.Status.PENDING,
                                     sealed_at=NOW if sealed else None)
    apps = []
    for n in serials:
        person = Person.objects.create(name=f"考生{n}", gender="M", birth_date=dt.date(1981, 2, 3), id_number=_id(n),
                                       education="bachelor", political_status="party_member", unit=unit)
        app = Application.objects.create(campaign=c, post=post, person=person, submitted_at=NOW)
        Review.objects.create(application=app, auto_eligible=True, checked_on=NOW.date(), decision="eligible")
        apps.append(app)
    if sealed:
        for app in apps:
            ExamScore.objects.create(stage=exam, application=app, score=Decimal(50), entered_at=NOW)
            Standing.objects.create(stage=shortlist, application=app, composite="0", display="0.00", rank=1)
        for stage in (exam, shortlist):
            Publication.objects.create(stage=stage, version=1, content={"posts": []}, published_at=NOW,
                                       published_by="test")
    return {"campaign": c, "exam": exam, "shortlist": shortlist, "apps": apps}


def scoring_world(world: dict[str, Any]) -> dict[str, Any]:
    if "scoring_exam" not in world:
        unit = world["campaign"].unit
        department = Unit.objects.get(name="测试部门")
        world["scoring_exam"] = {"A": _campaign("评分批次", unit, department, range(301, 304), sealed=False),
                                 "B": _campaign("已封存评分批次", unit, department, range(311, 313), sealed=True)}
    return world["scoring_exam"]


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    w = scoring_world(world)
    a, b = w["A"], w["B"]
    target = b if path.endswith(("/exam/correct", "/shortlist/recompute")) else a
    url = path.format(campaign_id=target["campaign"].pk)
    if path.endswith("/exam/import"):
        person = a["apps"][1].person
        data = f"身份证号,姓名,成绩\n{person.id_number},{person.name},70\n".encode()
        return client.post(url, {"file": SimpleUploadedFile("成绩.csv", data, "text/csv")})
    bodies: dict[str, Any] = {
        "/exam/scores": {"application_id": a["apps"][0].pk, "score": "80.5"},
        "/exam/settings": {"full_marks": 100, "min_score": 60},
        "/exam/correct": {"application_id": b["apps"][0].pk, "score": 66, "reason": "复核发现漏计"},
        "/shortlist/settings": {"ratio": 2, "tie_breaks": ["exam"], "decimals": 2},
        "/shortlist/recompute": {"reason": "笔试成绩更正后重新计算"},
    }
    if method == "get":
        return client.get(url)
    body = next(v for k, v in bodies.items() if path.endswith(k))
    return getattr(client, method)(url, body, content_type="application/json")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if name not in PAGES:
        return None
    a = scoring_world(world)["A"]
    pk = a["campaign"].pk
    if name.startswith("scoring:exam"):
        return {"pk": pk, "stage_pk": a["exam"].pk}
    if name.startswith("scoring:shortlist"):
        return {"pk": pk, "stage_pk": a["shortlist"].pk}
    if name == "scoring:results_export":
        return {"pk": pk, "fmt": "xlsx"}
    return {"pk": pk}
