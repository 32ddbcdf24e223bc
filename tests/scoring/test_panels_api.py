"""Panel scoring through the API alone: the organiser sets up and runs a panel, judges hand in, correct and
recuse; refusals are 400s in Chinese with nothing written; a judge never gets another judge's scores."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.scoring.panel_world import PanelWorld, build_panel_world, nothing_changes
from xuanren.scoring.models import Appearance, Panel, Sheet


@pytest.fixture
def pw(personas: dict[str, Any]) -> PanelWorld:
    return build_panel_world(personas)


def client_of(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def send(client: Client, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, json.dumps(body) if body is not None else "", content_type="application/json")


@pytest.mark.django_db
def test_a_panel_run_through_the_api(pw: PanelWorld) -> None:
    org = client_of(pw.organiser)
    cid = pw.world.campaign.pk
    r = send(org, "put", f"/api/scoring/{cid}/interview/rubric", {"criteria": [
        {"name": "综合素质", "max_points": 60}, {"name": "表达能力", "max_points": "40", "description": "语言"}]})
    assert r.status_code == 200 and r.json()["max"] == "100"
    keys = [str(c["id"]) for c in r.json()["criteria"]]
    r = send(org, "post", f"/api/scoring/{cid}/interview/panels", {
        "name": "API评委组", "post_ids": [pw.world.posts["P01"].pk],
        "judges": [{"user_id": j.pk} for j in pw.judges], "sitting": "2026-12-10T09:00:00+08:00"})
    assert r.status_code == 200, r.content
    panel = r.json()
    assert [j["label"] for j in panel["judges"]] == ["评委1", "评委2", "评委3"]
    assert panel["rule"] == {"method": "trimmed", "drop": 1, "min_judges": 5} and panel["drawn"] is False
    assert panel["sitting"] == "2026-12-10T09:00:00+08:00"
    r = send(org, "post", f"/api/scoring/panels/{panel['id']}/draw")
    order = r.json()
    assert [a["order"] for a in order] == [1, 2, 3]
    first = order[0]
    assert send(org, "post", f"/api/scoring/appearances/{first['id']}/start").json()["status"] == "scoring"

    # The judges hand in their sheets; one corrects, the organiser follows the progress.
    for judge, points in zip(pw.judges, ([50, 36], ["48.5", 35], [55, 38]), strict=True):
        r = send(client_of(judge), "post", f"/api/scoring/judge/appearances/{first['id']}/sheet",
                 {"points": dict(zip(keys, points, strict=True))})
        assert r.status_code == 200, r.content
    mine = send(client_of(pw.judges[1]), "put", f"/api/scoring/judge/appearances/{first['id']}/sheet",
                {"points": {keys[0]: "49.5", keys[1]: 35}}).json()
    assert (mine["sheet"]["total"], mine["sheet"]["revision"]) == ("84.5", 1)
    progress = send(org, "get", f"/api/scoring/panels/{panel['id']}/progress").json()
    row = next(r for r in progress["rows"] if r["id"] == first["id"])
    assert [c["state"] for c in row["cells"]] == ["submitted"] * 3
    assert [c["total"] for c in row["cells"]] == [None] * 3 and row["score"] is None
    r = send(org, "post", f"/api/scoring/appearances/{first['id']}/close")
    assert r.status_code == 200
    assert [c["total"] for c in r.json()["cells"]] == ["86.00", "84.50", "93.00"]
    assert r.json()["score"] == "87.83"  # (86 + 84.5 + 93) / 3
    interview = send(org, "get", f"/api/scoring/{cid}/interview").json()
    people = interview["results"]["posts"][0]["people"]
    assert next(p for p in people if p["order"] == 1)["display"] == "87.83"
    assert interview["blockers"][0].startswith("尚有2名人选未结束评分")


@pytest.mark.django_db
def test_refusals_are_400_in_chinese_and_change_nothing(pw: PanelWorld) -> None:
    org = client_of(pw.organiser)
    cid = pw.world.campaign.pk
    with nothing_changes():
        r = send(org, "post", f"/api/scoring/{cid}/interview/panels", {
            "name": "X", "post_ids": [pw.world.posts["P01"].pk], "judges": [{"user_id": pw.world.reviewer.pk}]})
    assert r.status_code == 400
    assert r.json()["detail"] == "用户“reviewer”没有评委角色，不能担任评委"
    assert r.json()["code"] == "campaigns.scoring.panel.not_a_judge" and r.json()["detail_en"]
    with nothing_changes():
        r = send(org, "post", f"/api/scoring/{cid}/interview/panels", {
            "name": "X", "post_ids": [pw.world.posts["P01"].pk], "sitting": "2026-12-10T09:00:00"})
    assert r.status_code == 400 and "须带时区偏移" in r.json()["detail"]
    panel = pw.panel_for("P01")
    first = pw.started(panel)[0]
    judge = client_of(pw.judges[0])
    url = f"/api/scoring/judge/appearances/{first.pk}/sheet"
    with nothing_changes():
        r = send(judge, "post", url, {"points": pw.points(21, 26, 17, 25)})
    assert r.status_code == 400 and r.json()["detail"] == "“政治素质”得分21超过该项满分20"
    send(judge, "post", url, {"points": pw.points(18, 26, 17, 25)})
    with nothing_changes():
        r = send(judge, "post", url, {"points": pw.points(18, 26, 17, 25)})
    assert r.status_code == 400 and r.json()["detail"] == "您已提交对该人选的评分，如需修改请使用修改"
    with nothing_changes():
        r = send(client_of(pw.judges[1]), "put", url, {"points": pw.points(18, 26, 17, 25)})
    assert r.status_code == 400 and r.json()["detail"] == "您尚未提交对该人选的评分，无需修改"
    with nothing_changes():
        r = send(org, "post", f"/api/scoring/appearances/{first.pk}/close")
    assert r.status_code == 400 and "尚有评委未提交评分：评委2（评委甲2）、评委3（评委甲3）" in r.json()["detail"]
    with nothing_changes():
        r = send(org, "delete", f"/api/scoring/panels/{panel.pk}")
    assert r.status_code == 400 and "已开始评分" in r.json()["detail"]


@pytest.mark.django_db
def test_judges_see_only_their_own_and_only_their_panels(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    first = pw.started(panel)[0]
    sheets_url = f"/api/scoring/judge/appearances/{first.pk}"
    send(client_of(pw.judges[0]), "post", sheets_url + "/sheet", {"points": pw.points("19.25", 26, 17, 25)})
    other = client_of(pw.judges[1])
    seen = send(other, "get", sheets_url).json()
    assert seen["sheet"] is None and seen["rubric"][0]["name"] == "政治素质"
    listing = send(other, "get", "/api/scoring/judge/panels").json()
    assert listing[0]["seat"] == 2 and listing[0]["candidates"][0]["mine"] == "missing"
    assert "19.25" not in json.dumps([seen, listing]) and "87.25" not in json.dumps([seen, listing])
    r = send(other, "post", sheets_url + "/recuse", {"reason": "同学关系"})
    assert r.status_code == 200 and r.json()["sheet"]["recused"] is True
    # A judge of another panel: 403, nothing written.
    stranger = client_of(make_user("judge9", "judge"))
    assert send(stranger, "get", sheets_url).status_code == 403
    assert send(stranger, "post", sheets_url + "/sheet", {"points": pw.points(18, 26, 17, 25)}).status_code == 403
    assert send(stranger, "get", "/api/scoring/judge/panels").json() == []
    assert Sheet.objects.count() == 2


@pytest.mark.django_db
def test_panel_patch_and_absent(pw: PanelWorld) -> None:
    org = client_of(pw.organiser)
    panel = pw.panel_for("P01")
    r = send(org, "patch", f"/api/scoring/panels/{panel.pk}", {"place": "礼堂", "rule": {"method": "mean"}})
    assert r.status_code == 200 and r.json()["place"] == "礼堂" and r.json()["rule"]["method"] == "mean"
    assert r.json()["judges"][0]["username"] == "judge"  # judges unchanged when not given
    assert Panel.objects.get().judges.count() == 3
    a = Appearance.objects.filter(panel=panel).first()
    assert a is not None
    r = send(org, "post", f"/api/scoring/appearances/{a.pk}/absent", {"absent": True})
    assert r.status_code == 200 and r.json()["absent"] is True and r.json()["status"] == "closed"
    r = send(org, "post", f"/api/scoring/appearances/{a.pk}/absent", {"absent": False})
    assert r.json()["absent"] is False and r.json()["status"] == "waiting"
