"""The organiser's voting pages and API operations in tests/test_access_matrix.py (tests/voting/access.py
delegates here): what each needs, built once per test from the matrix's ``world``.

Objects are made directly in the database (the actions are tested elsewhere): a campaign with its
eligibility sealed and its recommendation stage open, one candidate, and a session for each operation that
changes one (only the organiser may, once each).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

API: dict[tuple[str, str], str | None] = {
    ("get", "/api/voting/stages/{stage_id}/sessions"): "voting.view",
    ("post", "/api/voting/stages/{stage_id}/sessions"): "voting.manage",
    ("get", "/api/voting/sessions/{session_id}"): "voting.view",
    ("delete", "/api/voting/sessions/{session_id}"): "voting.manage",
    ("get", "/api/voting/sessions/{session_id}/forms"): "voting.view",
    ("post", "/api/voting/sessions/{session_id}/forms"): "voting.manage",
    ("put", "/api/voting/sessions/{session_id}/forms/{form_id}"): "voting.manage",
    ("delete", "/api/voting/sessions/{session_id}/forms/{form_id}"): "voting.manage",
    ("get", "/api/voting/sessions/{session_id}/turnout"): "voting.view",
    ("put", "/api/voting/sessions/{session_id}/groups"): "voting.manage",
    ("post", "/api/voting/sessions/{session_id}/codes"): "voting.manage",
    ("post", "/api/voting/sessions/{session_id}/roll"): "voting.manage",
    ("post", "/api/voting/sessions/{session_id}/void"): "voting.manage",
    ("post", "/api/voting/sessions/{session_id}/open"): "voting.manage",
    ("post", "/api/voting/sessions/{session_id}/close"): "voting.manage",
}

GROUP = {"code": "all", "name": "全体", "weight": 100, "entitled": 3}


def _session(made: dict[str, Any], name: str, *, status: str = "draft", mode: str = "slips",
             codes: int = 1) -> Any:
    from xuanren.voting.codes import digest, generate
    from xuanren.voting.models import BallotForm, Session, VoterCode, VoterGroup

    session = Session.objects.create(campaign=made["campaign"], stage=made["stage"], name=name, status=status,
                                     mode=mode, rules={"thresholds": [[1, 60], [2, 50], [3, 40]]},
                                     opened_at=made["now"] if status != "draft" else None)
    group = VoterGroup.objects.create(session=session, code=GROUP["code"], name=GROUP["name"],
                                      weight=GROUP["weight"], entitled=GROUP["entitled"], issued=codes)
    BallotForm.objects.create(session=session, kind="recommendation", title="推荐票", content=made["form"])
    VoterCode.objects.bulk_create([VoterCode(session=session, group=group, digest=digest(generate()), batch=1)
                                   for _ in range(codes)])
    return session


def build(world: dict[str, Any]) -> dict[str, Any]:
    """The campaign, stage and sessions; made on the first call and kept in ``world``."""
    if "voting_organiser" in world:
        return dict(world["voting_organiser"])
    from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
    from xuanren.people.models import Person

    now = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
    person = world["person"]
    campaign = Campaign.objects.create(name="投票测试批次", unit=person.unit, status=Campaign.Status.ANNOUNCED,
                                       published_at=now)
    post = Post.objects.create(campaign=campaign, code="V01", department=world["post"].department, title="投票职位",
                               level="section_chief", slots=1)
    Stage.objects.create(campaign=campaign, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED,
                         sealed_at=now)
    stage = Stage.objects.create(campaign=campaign, kind=StageKind.RECOMMENDATION, order=2,
                                 status=Stage.Status.OPEN, opened_at=now)
    application = Application.objects.create(campaign=campaign, post=post, person=person, submitted_at=now)
    Review.objects.create(application=application, auto_eligible=True, checked_on=now.date(), decision="eligible")
    form = {"posts": [{"post": post.pk, "code": post.code, "title": post.title, "slots": 1, "max_marks": 1,
                       "write_ins": 0, "candidates": [{"application": application.pk, "name": person.name,
                                                       "note": ""}]}]}
    made: dict[str, Any] = {"now": now, "campaign": campaign, "stage": stage, "form": form,
                            "person": Person.objects.get(pk=person.pk)}
    made.update({
        "page": _session(made, "页面场次"),
        "codes": _session(made, "发码场次"),
        "groups": _session(made, "设置类别场次"),
        "roll": _session(made, "名单场次", mode="roll", codes=0),
        "void": _session(made, "作废场次", codes=2),
        "open": _session(made, "待开始场次"),
        "delete": _session(made, "待删除场次"),
        "forms": _session(made, "设置票面场次"),
        "form_delete": _session(made, "删除票面场次"),
        "close": _session(made, "待结束场次", status="open"),
    })
    world["voting_organiser"] = made
    return dict(made)


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    made = build(world)
    bodies: dict[tuple[str, str], tuple[str, Any]] = {
        ("post", "/api/voting/stages/{stage_id}/sessions"): ("page", {"name": f"新建场次-{role}"}),
        ("put", "/api/voting/sessions/{session_id}/groups"): ("groups", {"groups": [GROUP | {"entitled": 9}]}),
        ("post", "/api/voting/sessions/{session_id}/codes"): ("codes", {"group": "all", "count": 2}),
        ("post", "/api/voting/sessions/{session_id}/roll"): ("roll", {"group": "all",
                                                                       "persons": [made["person"].pk]}),
        ("post", "/api/voting/sessions/{session_id}/void"): ("void", {"batch": 1, "reason": "遗失"}),
        ("post", "/api/voting/sessions/{session_id}/open"): ("open", None),
        ("post", "/api/voting/sessions/{session_id}/close"): ("close", None),
        ("delete", "/api/voting/sessions/{session_id}"): ("delete", None),
        ("post", "/api/voting/sessions/{session_id}/forms"): ("forms", {"kind": "elements", "title": "要素推荐票"}),
        ("put", "/api/voting/sessions/{session_id}/forms/{form_id}"): ("forms", {
            "kind": "recommendation", "title": "推荐票",
            "content": {"posts": [{"post": made["form"]["posts"][0]["post"], "max_marks": 1, "write_ins": 2}]}}),
        ("delete", "/api/voting/sessions/{session_id}/forms/{form_id}"): ("form_delete", None),
    }
    which, body = bodies.get((method, path), ("page", None))
    form = made[which].forms.order_by("pk").first()
    url = path.format(stage_id=made["stage"].pk, session_id=made[which].pk, form_id=form.pk if form else 0)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if not name.startswith("voting:"):
        return None
    made = build(world)
    if name in ("voting:stage_sessions", "voting:session_create"):
        return {"pk": made["campaign"].pk, "stage_pk": made["stage"].pk}
    return {"pk": made["page"].pk}

