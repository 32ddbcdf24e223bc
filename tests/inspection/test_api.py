"""The inspection API (/api/inspection): the same path as the pages through JSON, refusals as 400 with the
reason and nothing changed, reading for the supervisor, writing for the organiser only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.inspection.world import DIMS, TEXTS, InspectionWorld, build_inspection_world, nothing_changes
from xuanren.inspection.models import Inspection


@pytest.fixture
def iw(personas: dict[str, Any]) -> InspectionWorld:
    return build_inspection_world(personas)


def put(client: Any, path: str, body: Any) -> Any:
    return client.put(f"/api/inspection{path}", body, content_type="application/json")


def post(client: Any, path: str, body: Any = None) -> Any:
    return client.post(f"/api/inspection{path}", body or {}, content_type="application/json")


def test_the_path_of_an_inspection_through_the_api(iw: InspectionWorld, as_role: Any) -> None:
    client = as_role("organiser")
    listed = client.get(f"/api/inspection/stages/{iw.stage.pk}").json()
    assert listed["status"] == "open" and listed["weighted"] is False and listed["waiting"] == []
    assert [i["person"] for i in listed["inspections"]] == [f"人员{n}" for n in range(1, 7)]
    assert listed["blockers"] == ["尚有6人的考察未形成结论：人员1（P01）、人员2（P01）、人员3（P01）、人员4（P02）、"
                                  "人员5（P02）、人员6（P02）"]
    pk = iw.inspection(1).pk
    r = put(client, f"/stages/{iw.stage.pk}/dimensions", {"dimensions": [
        {"key": k, "label": label, "weight": w} for k, label, w in zip(
            DIMS, "德能勤绩廉", ("30", "20", "20", "20", "10"), strict=True)]})
    assert r.status_code == 200 and r.json()["weighted"] is True
    assert put(client, f"/{pk}/team", {"leader": "张组长", "members": ["李组员"]}).json()["team"] == ["李组员"]
    r = put(client, f"/{pk}/notice", {"notice_from": "2026-12-07", "notice_until": "2026-12-11",
                                      "contact": "电话010-12345678"})
    assert r.status_code == 200 and r.json()["notice_text"].startswith("关于对人员1同志进行考察的预告")
    r = post(client, f"/{pk}/notice/publish")
    assert r.json()["status"] == "announced" and r.json()["notice_published_at"]
    assert put(client, f"/{pk}/talks", {"talks": {"leaders": 4, "others": 2}}).json()["talks_total"] == 6
    r = put(client, f"/{pk}/findings", {"findings": {k: {"text": TEXTS[k], "score": s} for k, s in zip(
        DIMS, ("90", "85.5", "80", "77.75", "100"), strict=True)}})
    body = r.json()
    assert body["score"] == "85.65" and body["score_exact"] == "1713/20"
    assert body["score_explanation"][-1] == "考察得分 = 27 + 17.1 + 16 + 15.55 + 10 = 85.65分"
    r = post(client, f"/{pk}/conclude", {"conclusion": "suitable", "text": "同意作为拟任人选"})
    assert r.status_code == 200 and r.json()["conclusion_label"] == "同意作为拟任人选"
    assert Inspection.objects.get(pk=pk).score is not None
    r = post(client, f"/{pk}/withdraw", {"reason": "录入错误"})
    assert r.json()["status"] == "announced" and r.json()["conclusion"] == ""
    detail = as_role("supervisor").get(f"/api/inspection/{pk}").json()
    assert detail["team_leader"] == "张组长" and detail["findings"][0] == {
        "key": "de", "label": "德", "weight": "30", "text": TEXTS["de"], "score": "90"}


def test_refusals_are_400_with_the_reason_and_change_nothing(iw: InspectionWorld, as_role: Any) -> None:
    client = as_role("organiser")
    pk = iw.inspection(1).pk
    with nothing_changes():
        r = post(client, f"/{pk}/conclude", {"conclusion": "suitable", "text": "同意"})
    assert r.status_code == 400
    assert r.json() == {"detail": "人员1（P01）尚未确定考察组，不能形成考察结论",
                        "detail_en": "the inspection of 人员1（P01） has no team",
                        "code": "campaigns.inspection.conclude.no_team"}
    with nothing_changes():
        r = put(client, f"/{pk}/talks", {"talks": {"leaders": -1}})
    assert r.status_code == 400 and r.json()["code"] == "campaigns.inspection.talks.negative"
    with nothing_changes():
        r = put(client, f"/{pk}/evaluation", {"session_id": 999999})
    assert r.status_code == 400 and r.json()["detail"] == "所选投票场次不属于本批次"
    with nothing_changes():
        r = post(client, f"/stages/{iw.stage.pk}/start")
    assert r.status_code == 400 and "均已建立考察" in r.json()["detail"]
    assert client.get("/api/inspection/999999").status_code == 404


def test_only_the_organiser_writes(iw: InspectionWorld, as_role: Any) -> None:
    pk = iw.inspection(1).pk
    for role in ("supervisor", "reviewer", "committee"):
        with nothing_changes():
            assert put(as_role(role), f"/{pk}/team", {"leader": "甲", "members": ["乙"]}).status_code == 403
    assert as_role("supervisor").get(f"/api/inspection/stages/{iw.stage.pk}").status_code == 200
    assert as_role("reviewer").get(f"/api/inspection/{pk}").status_code == 403


def test_one_team_for_several_through_the_api(iw: InspectionWorld, as_role: Any) -> None:
    client = as_role("organiser")
    ids = [iw.inspection(n).pk for n in (1, 2)]
    r = put(client, f"/stages/{iw.stage.pk}/team", {"inspection_ids": ids, "leader": "张组长", "members": ["李组员"]})
    assert r.status_code == 200, r.content
    assert [(i.team_leader, i.team) for i in Inspection.objects.filter(pk__in=ids)] == [("张组长", ["李组员"])] * 2
    with nothing_changes():
        r = put(client, f"/stages/{iw.stage.pk}/team", {"inspection_ids": [*ids, iw.inspection(3).pk],
                                                        "leader": "张组长", "members": ["张组长"]})
    assert r.status_code == 400 and "组长“张组长”不应同时列为组员" in r.json()["detail"]
