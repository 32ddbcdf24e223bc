"""The panel scoring part of the scoring area in tests/test_access_matrix.py (hooked in by
``tests/scoring/access.py``): the interview and judge API operations with their capabilities, a valid call of
each, and the URL arguments of the pages.

Two campaigns are made on first use, straight in the database (the actions are tested elsewhere), each with
its interview stage open and the rubric "综合 100": "I" with one panel on which the ``judge`` persona sits,
its seven candidates in every state an operation needs (to start, to close, to mark absent, to score, to
correct, to recuse, to look at); "R" with a free post (a panel is made on it), and panels to change, to
delete and to draw.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
from xuanren.people.models import Person, Unit
from xuanren.rules import idnumber
from xuanren.scoring.models import Appearance, Criterion, Panel, PanelJudge, Sheet

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)

API: dict[tuple[str, str], str | None] = {
    ("get", "/api/scoring/{campaign_id}/interview"): "scoring.view",
    ("put", "/api/scoring/{campaign_id}/interview/rubric"): "scoring.manage",
    ("post", "/api/scoring/{campaign_id}/interview/panels"): "scoring.manage",
    ("get", "/api/scoring/panels/{panel_id}"): "scoring.view",
    ("patch", "/api/scoring/panels/{panel_id}"): "scoring.manage",
    ("delete", "/api/scoring/panels/{panel_id}"): "scoring.manage",
    ("post", "/api/scoring/panels/{panel_id}/draw"): "scoring.manage",
    ("get", "/api/scoring/panels/{panel_id}/progress"): "scoring.view",
    ("post", "/api/scoring/appearances/{appearance_id}/start"): "scoring.manage",
    ("post", "/api/scoring/appearances/{appearance_id}/close"): "scoring.manage",
    ("post", "/api/scoring/appearances/{appearance_id}/absent"): "scoring.manage",
    ("get", "/api/scoring/judge/panels"): "scoring.judge",
    ("get", "/api/scoring/judge/appearances/{appearance_id}"): "scoring.judge",
    ("post", "/api/scoring/judge/appearances/{appearance_id}/sheet"): "scoring.judge",
    ("put", "/api/scoring/judge/appearances/{appearance_id}/sheet"): "scoring.judge",
    ("post", "/api/scoring/judge/appearances/{appearance_id}/recuse"): "scoring.judge",
}

PAGES = {"scoring:panels", "scoring:rubric_set", "scoring:panel_create", "scoring:panel", "scoring:panel_progress",
         "scoring:panel_update", "scoring:panel_delete", "scoring:panel_draw", "scoring:appearance_start",
         "scoring:appearance_close", "scoring:appearance_absent", "judge:home", "judge:score", "judge:submit",
         "judge:correct", "judge:recuse"}

# The candidates of campaign I's panel, in order of appearance, with their state.
STATES = [("start", "waiting"), ("close", "scoring"), ("absent", "waiting"), ("submit", "scoring"),
          ("correct", "scoring"), ("recuse", "waiting"), ("view", "scoring")]


def _id(serial: int) -> str:
    first17 = f"110105{dt.date(1982, 3, 4):%Y%m%d}{serial:03d}"
    return first17 + idnumber.check_character(first17)


def _campaign(name: str, unit: Unit, department: Unit, posts: dict[str, int], first_serial: int) -> dict[str, Any]:
    """An announced campaign, eligibility sealed, interview open with the rubric; ``posts``: code → candidates."""
    c = Campaign.objects.create(name=name, unit=unit, status=Campaign.Status.ANNOUNCED, published_at=NOW)
    Stage.objects.create(campaign=c, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED, sealed_at=NOW)
    stage = Stage.objects.create(campaign=c, kind=StageKind.INTERVIEW, order=2, status=Stage.Status.OPEN,
                                 opened_at=NOW)
    criterion = Criterion.objects.create(stage=stage, order=1, name="综合", max_points=Decimal(100))
    made: dict[str, Any] = {"campaign": c, "stage": stage, "criterion": criterion, "posts": {}, "apps": {}}
    serial = first_serial
    for code, n in posts.items():
        post = Post.objects.create(campaign=c, code=code, department=department, title=f"职位{code}",
                                   level="section_chief", slots=1)
        made["posts"][code] = post
        made["apps"][code] = []
        for _ in range(n):
            person = Person.objects.create(name=f"面试人选{serial}", gender="M", birth_date=dt.date(1982, 3, 4),
                                           id_number=_id(serial), education="bachelor",
                                           political_status="party_member", unit=unit)
            app = Application.objects.create(campaign=c, post=post, person=person, submitted_at=NOW)
            Review.objects.create(application=app, auto_eligible=True, checked_on=NOW.date(), decision="eligible")
            made["apps"][code].append(app)
            serial += 1
    return made


def _panel(made: dict[str, Any], name: str, code: str, judge: Any, *, drawn: bool = False) -> Panel:
    panel = Panel.objects.create(stage=made["stage"], name=name, rule={"method": "trimmed", "drop": 1,
                                                                        "min_judges": 5})
    panel.posts.set([made["posts"][code]])
    PanelJudge.objects.create(panel=panel, user=judge, order=1)
    for n, app in enumerate(made["apps"][code], start=1):
        Appearance.objects.create(stage=made["stage"], panel=panel, application=app, order=n if drawn else None)
    return panel


def panel_world(world: dict[str, Any]) -> dict[str, Any]:
    if "scoring_panels" not in world:
        unit = world["campaign"].unit
        department = Unit.objects.get(name="测试部门")
        judge = get_user_model().objects.get(username="judge")
        running = _campaign("面试进行中批次", unit, department, {"I1": len(STATES)}, 301)
        setup = _campaign("面试准备中批次", unit, department, {"R1": 1, "R2": 1, "R3": 1, "R4": 2}, 321)
        panel = _panel(running, "进行中评委组", "I1", judge, drawn=True)
        appearances: dict[str, Appearance] = {}
        for (name, status), a in zip(STATES, Appearance.objects.filter(panel=panel).order_by("order"), strict=True):
            a.status = status
            a.save(update_fields=["status"])
            appearances[name] = a
        seat = PanelJudge.objects.get(panel=panel)
        key = str(running["criterion"].pk)
        for name in ("close", "correct"):
            Sheet.objects.create(appearance=appearances[name], judge=seat, points={key: "70"}, total=Decimal(70),
                                 submitted_at=NOW)
        world["scoring_panels"] = {
            "running": running, "setup": setup, "panel": panel, "appearances": appearances, "key": key,
            "edit": _panel(setup, "待修改评委组", "R2", judge), "delete": _panel(setup, "待删除评委组", "R3", judge),
            "draw": _panel(setup, "待抽签评委组", "R4", judge), "judge": judge}
    return world["scoring_panels"]


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    w = panel_world(world)
    a = w["appearances"]
    key = w["key"]
    # operation → (campaign, panel, appearance, JSON body)
    table: dict[tuple[str, str], tuple[Any, Any, Any, Any]] = {
        ("put", "/api/scoring/{campaign_id}/interview/rubric"): (w["setup"]["campaign"], None, None, {
            "criteria": [{"name": "政治素质", "max_points": 40}, {"name": "表达能力", "max_points": "60"}]}),
        ("post", "/api/scoring/{campaign_id}/interview/panels"): (w["setup"]["campaign"], None, None, {
            "name": "新评委组", "post_ids": [w["setup"]["posts"]["R1"].pk],
            "judges": [{"user_id": w["judge"].pk}], "rule": {"method": "mean"}}),
        ("patch", "/api/scoring/panels/{panel_id}"): (None, w["edit"], None, {"place": "第二会议室"}),
        ("delete", "/api/scoring/panels/{panel_id}"): (None, w["delete"], None, None),
        ("post", "/api/scoring/panels/{panel_id}/draw"): (None, w["draw"], None, None),
        ("post", "/api/scoring/appearances/{appearance_id}/start"): (None, None, a["start"], None),
        ("post", "/api/scoring/appearances/{appearance_id}/close"): (None, None, a["close"], None),
        ("post", "/api/scoring/appearances/{appearance_id}/absent"): (None, None, a["absent"], {"absent": True}),
        ("post", "/api/scoring/judge/appearances/{appearance_id}/sheet"): (None, None, a["submit"],
                                                                           {"points": {key: "85.5"}}),
        ("put", "/api/scoring/judge/appearances/{appearance_id}/sheet"): (None, None, a["correct"],
                                                                          {"points": {key: 72}}),
        ("post", "/api/scoring/judge/appearances/{appearance_id}/recuse"): (None, None, a["recuse"],
                                                                            {"reason": "近亲属"}),
    }
    campaign, panel, appearance, body = table.get(
        (method, path), (w["running"]["campaign"], w["panel"], a["view"], None))
    url = path.format(campaign_id=campaign.pk if campaign else w["running"]["campaign"].pk,
                      panel_id=(panel or w["panel"]).pk, appearance_id=(appearance or a["view"]).pk)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if name not in PAGES:
        return None
    w = panel_world(world)
    view = w["appearances"]["view"]
    if name in {"scoring:panels", "scoring:rubric_set", "scoring:panel_create"}:
        made = w["running"] if name == "scoring:panels" else w["setup"]
        return {"pk": made["campaign"].pk, "stage_pk": made["stage"].pk}
    if name.startswith("scoring:panel"):
        return {"panel_pk": w["panel"].pk}
    if name == "judge:home":
        return {}
    return {"appearance_pk": view.pk}
