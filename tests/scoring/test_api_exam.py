"""The exam and results through the API alone: scores listed, entered, imported, corrected; the shortlist's
preview, rule and recomputation; results with exact values as strings; exports; refusals as 400 in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.scoring.exam_world import ExamWorld, build_exam_world, nothing_changes
from tests.scoring.test_shortlist import EXAM, INTERVIEW


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    return build_exam_world(personas, monkeypatch)


def api(ew: ExamWorld, tail: str) -> str:
    return f"/api/scoring/{ew.campaign.pk}/{tail}"


def test_list_enter_and_refusals(ew: ExamWorld, as_role: Any) -> None:
    client = as_role("organiser")
    listed = client.get(api(ew, "exam/scores")).json()
    assert (listed["candidates"], listed["missing"], listed["full_marks"]) == (8, 8, "100")
    app = ew.app(1, "P01")
    r = client.post(api(ew, "exam/scores"), {"application_id": app.pk, "score": "85.5", "exam_number": "A1"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["score"] == "85.5" and r.json()["exam_number"] == "A1"
    r = client.post(api(ew, "exam/scores"), {"application_id": ew.app(2, "P01").pk, "absent": True},
                    content_type="application/json")
    assert r.json()["absent"] is True and r.json()["score"] is None
    with nothing_changes():
        r = client.post(api(ew, "exam/scores"), {"application_id": app.pk, "score": -5},
                        content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "scoring.score.negative"
    assert r.json()["detail"] == "笔试得分-5不能为负数"
    r = client.post(api(ew, "exam/scores"), {"application_id": 999999, "score": 5}, content_type="application/json")
    assert r.status_code == 400 and "没有编号为999999的报名" in r.json()["detail"]
    readers = as_role("supervisor").get(api(ew, "exam/scores")).json()
    assert readers["scores"][0]["score"] == "85.5"
    assert as_role("supervisor").post(api(ew, "exam/scores"), {"application_id": app.pk, "score": 1},
                                      content_type="application/json").status_code == 403


def test_settings_import_template(ew: ExamWorld, as_role: Any) -> None:
    client = as_role("organiser")
    r = client.put(api(ew, "exam/settings"), {"full_marks": 120, "min_score": "72"}, content_type="application/json")
    assert r.json() == {"full_marks": "120", "min_score": "72"}
    person = ew.people[0]
    data = f"身份证号,姓名,成绩\n{person.id_number},{person.name},119.5\n".encode()
    r = client.post(api(ew, "exam/import"), {"file": SimpleUploadedFile("成绩.csv", data)})
    assert r.status_code == 200 and r.json()["created"] == 1
    bad = f"身份证号,姓名,成绩\n{person.id_number},{person.name},121\n".encode()
    with nothing_changes():
        r = client.post(api(ew, "exam/import"), {"file": SimpleUploadedFile("成绩.csv", bad)})
    assert r.status_code == 400 and r.json()["problems"][0]["row"] == 2
    assert "超过满分120" in r.json()["problems"][0]["reason"]
    r = client.get(api(ew, "exam/template"))
    assert r.status_code == 200 and r.content.startswith(b"PK")


def test_the_whole_flow_to_results_by_api(ew: ExamWorld, as_role: Any) -> None:
    client = as_role("organiser")
    client.put(api(ew, "exam/settings"), {"full_marks": 100, "min_score": 60}, content_type="application/json")
    for (n, code), score in EXAM.items():
        body = {"application_id": ew.app(n, code).pk}
        body |= {"absent": True} if score == "缺考" else {"score": score}
        assert client.post(api(ew, "exam/scores"), body, content_type="application/json").status_code == 200
    ew.seal("exam")
    r = client.post(api(ew, "exam/correct"), {"application_id": ew.app(2, "P01").pk, "score": 80, "reason": "复核"},
                    content_type="application/json")
    assert r.status_code == 400 and "无需更正" in r.json()["detail"]
    ew.open("interview")
    ew.interview(INTERVIEW)
    ew.seal("interview")
    ew.open("shortlist")
    r = client.put(api(ew, "shortlist/settings"), {"ratio": 3, "tie_breaks": ["recommendation"]},
                   content_type="application/json")
    assert r.status_code == 400 and "不是本批次计入综合成绩的环节" in r.json()["detail"]
    preview = client.get(api(ew, "shortlist/preview")).json()
    assert preview["source"] == "live" and preview["problems"] == []
    first = preview["posts"][0]["rows"][0]
    assert (first["name"], first["composite"], first["composite_exact"]) == ("人员2", "84.60", "423/5")
    assert first["parts"][1]["raw_exact"] == "263/3" and first["parts"][1]["raw"] == "87.67"
    ew.seal("shortlist")
    results = as_role("supervisor").get(api(ew, "results")).json()
    assert results["source"] == "standings" and results["shortlist_stage"] == "sealed"
    assert results["formula"] == "综合成绩 = 笔试成绩×40% + 面试成绩×60%"
    assert [c["kind"] for c in results["components"]] == ["exam", "interview"]
    assert results["posts"][0]["rows"][0]["composite_exact"] == "423/5"
    r = client.post(api(ew, "exam/correct"), {"application_id": ew.app(5, "P01").pk, "score": 65, "reason": "复核"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == 2
    assert client.get(api(ew, "results")).json()["stale"] == ["人员5（P01）"]
    r = client.post(api(ew, "shortlist/recompute"), {"reason": "笔试更正"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["stage"] == "shortlist"
    assert client.get(api(ew, "results")).json()["stale"] == []
    r = as_role("supervisor").get(api(ew, "results/export") + "?format=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert as_role("reviewer").get(api(ew, "results/export")).status_code == 403
