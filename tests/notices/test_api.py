"""The notices API: the organiser's whole notice through JSON (calendar, settings, generate, edit, publish, register
and handle an objection, end), refusals as 400 with the reason and nothing written, readers who change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from tests.notices.world import AFTER_END, DURING, PUBLISH, NoticeWorld, nothing_changes
from xuanren.notices.models import CalendarYear, Notice, NoticeEntry, Objection


def at(moment: Any) -> Any:
    return mock.patch("xuanren.notices.clock.now", return_value=moment)


def test_the_calendar_through_the_api(nw: NoticeWorld, as_role: Any) -> None:
    client = as_role("organiser")
    years = client.get("/api/notices/calendar").json()
    assert [y["year"] for y in years] == [2025, 2026] and not years[1]["entered"]
    national = next(h for h in client.get("/api/notices/calendar/2026").json()["holidays"] if h["name"] == "国庆节")
    assert national == {"name": "国庆节", "first": "2026-10-01", "last": "2026-10-07",
                        "workdays": ["2026-09-20", "2026-10-10"]}
    assert client.get("/api/notices/calendar/2027").status_code == 404
    period = client.get("/api/notices/calendar/period?start=2026-09-30&working_days=5&end=2026-10-12").json()
    assert period["end"] == "2026-10-13"
    assert period["explanation"][0] == "公示期自2026年9月30日至2026年10月13日，共5个工作日（起始日不计入，自次日起算）"
    assert period["problems"] == ["公示期2026年9月30日至2026年10月12日仅有4个工作日，少于5个工作日，"
                                  "最早应至2026年10月13日截止"]
    refused = client.get("/api/notices/calendar/period?start=2026-12-28")
    assert refused.status_code == 400 and refused.json()["detail"] == "2027年的节假日安排尚未录入，请先录入"
    with nothing_changes():
        bad = client.put("/api/notices/calendar/2027", {"holidays": [
            {"name": "元旦", "first": "2027-01-01", "last": "2027-01-03", "workdays": ["2027-01-04"]}]},
            content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["reason"] == "调休上班日2027年1月4日是周一，不是周末"
    ok = client.put("/api/notices/calendar/2027", {"source": "通知", "holidays": [
        {"name": "元旦", "first": "2027-01-01", "last": "2027-01-03"}]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["entered"] and ok.json()["source"] == "通知"
    assert client.get("/api/notices/calendar/period?start=2026-12-28").json()["end"] == "2027-01-05"
    assert client.delete("/api/notices/calendar/2027").status_code == 204
    assert not CalendarYear.objects.exists()
    with nothing_changes():
        assert as_role("supervisor").put("/api/notices/calendar/2027", {"holidays": []},
                                         content_type="application/json").status_code == 403


def test_a_notice_through_the_api_to_a_verified_objection(nw: NoticeWorld, as_role: Any) -> None:
    client = as_role("organiser")
    base = f"/api/notices/campaigns/{nw.campaign.pk}"
    r = client.put(f"{base}/settings", {"working_days": 5, "issuer": "中共测试局党组", "phone": "010-12345678"},
                   content_type="application/json")
    assert r.status_code == 200 and r.json()["issuer"] == "中共测试局党组"
    with nothing_changes():
        r = client.put(f"{base}/settings", {"working_days": 4}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "campaigns.notices.working_days_below_minimum"
    with at(PUBLISH):
        r = client.post(f"{base}/notices", {"starts": "2026-12-07"}, content_type="application/json")
    assert r.status_code == 201
    notice = r.json()
    assert notice["ends"] == "2026-12-14" and [e["details"]["name"] for e in notice["entries"]] == ["人员1", "人员4"]
    url = f"/api/notices/{notice['id']}"
    with nothing_changes():
        r = client.patch(url, {"ends": "2026-12-11"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "campaigns.notices.period"
    assert "仅有4个工作日" in r.json()["detail"] and "only 4 working days" in r.json()["detail_en"]
    r = client.patch(url, {"ends": "2026-12-15", "regenerate": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["working_days"] == 6
    with at(PUBLISH):
        r = client.post(f"{url}/publish")
    assert r.status_code == 200 and r.json()["status"] == "published"
    entry = next(e for e in r.json()["entries"] if e["details"]["name"] == "人员4")
    with at(DURING):
        r = client.post(f"{url}/objections", {"channel": "letter", "text": "来信反映人员4……", "anonymous": False,
                                              "name": "赵六", "contact": "某市某路", "entry_id": entry["id"]},
                        content_type="application/json")
    assert r.status_code == 201
    o = r.json()
    assert o["receipt"].startswith("JB-2026-") and o["name"] == "赵六" and o["status"] == "received"
    ob = f"/api/notices/objections/{o['id']}"
    with at(DURING):
        r = client.post(f"{ob}/investigate", {"notes": "谈话"}, content_type="application/json")
        assert r.status_code == 400 and "请先交办承办人" in r.json()["detail"]
        assert client.post(f"{ob}/assign", {"assignee_id": nw.organiser.pk},
                           content_type="application/json").json()["status"] == "assigned"
        assert client.post(f"{ob}/investigate", {"notes": "谈话"},
                           content_type="application/json").json()["status"] == "investigating"
        r = client.post(f"{ob}/conclude", {"finding": "verified", "reply": "属实"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["finding"] == "verified"
    assert NoticeEntry.objects.get(pk=entry["id"]).outcome == NoticeEntry.Outcome.STOPPED
    with at(DURING):
        stage = client.get(base).json()
    assert stage["blockers"] == ["公示“任前公示”的公示期至2026年12月15日，尚未期满"]
    assert stage["settings"]["issuer"] == "中共测试局党组" and len(stage["notices"]) == 1
    with at(AFTER_END + dt.timedelta(days=1)):  # the period was lengthened to 15 December
        r = client.post(f"{url}/end")
    assert r.status_code == 200 and r.json()["status"] == "ended"
    outcomes = {e["details"]["name"]: e["outcome"] for e in r.json()["entries"]}
    assert outcomes == {"人员1": "cleared", "人员4": "stopped"}


def test_the_supervisor_reads_objections_in_full_and_changes_nothing(nw: NoticeWorld, as_role: Any) -> None:
    notice = nw.published()
    o = nw.lodge(notice, text="匿名反映的全文")
    sup = as_role("supervisor")
    listed = sup.get("/api/notices/objections?status=all").json()
    assert [x["receipt"] for x in listed] == [o.receipt] and listed[0]["text"] == "匿名反映的全文"
    assert sup.get(f"/api/notices/{notice.pk}").json()["open_objections"] == [o.receipt]
    with nothing_changes():
        assert sup.post(f"/api/notices/objections/{o.pk}/assign", {"assignee_id": nw.organiser.pk},
                        content_type="application/json").status_code == 403
        assert sup.post(f"/api/notices/{notice.pk}/end").status_code == 403
    assert as_role("reviewer").get("/api/notices/objections").status_code == 403


def test_a_draft_is_deleted_and_a_second_draft_refused(nw: NoticeWorld, as_role: Any) -> None:
    client = as_role("organiser")
    base = f"/api/notices/campaigns/{nw.campaign.pk}/notices"
    with at(PUBLISH):
        first = client.post(base, {}, content_type="application/json").json()
        with nothing_changes():
            r = client.post(base, {}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "campaigns.notices.draft_exists"
    assert client.delete(f"/api/notices/{first['id']}").status_code == 204
    assert not Notice.objects.exists()
    assert Objection.objects.count() == 0
