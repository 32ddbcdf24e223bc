"""The committee API (/api/committee): a post carried from the proposal to the decision, refusals as 400 with
the reason and nothing written, what a member may see and do, and what the meeting shows of a secret vote."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.committee.world import CommitteeWorld, nothing_changes
from xuanren.committee.models import Meeting, Member


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_post_from_proposal_to_decision(cw: CommitteeWorld) -> None:
    api = client_for(cw.organiser)
    base = f"/api/committee/{cw.campaign.pk}"
    stage = api.get(f"{base}/stage").json()
    assert [p["code"] for p in stage["posts"]] == ["P01", "P02"]
    assert [f["name"] for f in stage["posts"][0]["finalists"]] == ["人员1", "人员2", "人员3"]
    r = api.put(f"{base}/rule", {"quorum": "2/3", "pass_share": "1/2", "defer_rule": "never"},
                content_type="application/json")
    assert r.status_code == 200 and r.json()["rule"]["defer_rule"] == "never"
    r = api.post(f"{base}/proposals", {"post_id": cw.post("P01").pk, "candidates": [
        {"application_id": cw.app(1).pk, "reason": "政治素质好"}]}, content_type="application/json")
    assert r.status_code == 201, r.content
    proposal = r.json()
    r = api.post(f"{base}/meetings", {"name": "常委会第5次会议", "held_on": "2026-12-09", "mode": "secret",
                                      "members": [{"name": f"委员{n}", "user_id": cw.members[n - 1].pk}
                                                  for n in range(1, 10)]}, content_type="application/json")
    assert r.status_code == 201, r.content
    meeting = r.json()
    assert meeting["rule"]["defer_rule"] == "never" and len(meeting["members"]) == 9
    r = api.post(f"/api/committee/proposals/{proposal['id']}/submit", {"meeting_id": meeting["id"]},
                 content_type="application/json")
    assert r.json()["status"] == "submitted"
    attendance = [{"member_id": x["member_id"], "present": n < 8, "reason": "" if n < 8 else "病假"}
                  for n, x in enumerate(meeting["members"])]
    r = api.put(f"/api/committee/meetings/{meeting['id']}/attendance", {"attendance": attendance},
                content_type="application/json")
    assert r.json()["present"] == 8
    r = api.post(f"/api/committee/meetings/{meeting['id']}/open")
    assert r.status_code == 200 and r.json()["status"] == "open"
    item = r.json()["items"][0]["item_id"]
    for n in range(1, 9):
        r = client_for(cw.members[n - 1]).post(f"/api/committee/my/meetings/{meeting['id']}/ballot",
                                               {"choices": {str(item): "agree" if n <= 5 else "defer"}},
                                               content_type="application/json")
        assert r.status_code == 200 and r.json() == {"voted": 1}
    shown = api.get(f"/api/committee/meetings/{meeting['id']}").json()
    assert shown["voted"] == 8 and all(x["voted"] == (x["present"]) for x in shown["members"])
    assert "choice" not in repr(shown["members"])
    r = api.post(f"/api/committee/meetings/{meeting['id']}/close", {}, content_type="application/json")
    closed = r.json()
    assert closed["items"][0]["outcome"] == "passed"
    assert closed["items"][0]["explanation"][0] == "应到9人，实到8人，同意5人 > 4.5，通过"
    stage = api.get(f"{base}/stage").json()
    assert stage["posts"][0]["chosen"] == ["人员1"] and stage["posts"][0]["summary"] == "拟任人选：人员1（同意5票）"


def test_refusals_are_400_with_the_reason_and_change_nothing(cw: CommitteeWorld) -> None:
    api = client_for(cw.organiser)
    p = cw.propose("P01", 1)
    m = cw.meeting(present=5, proposals=(p,))
    with nothing_changes():
        r = api.post(f"/api/committee/meetings/{m.pk}/open")
    assert r.status_code == 400
    assert r.json() == {"detail": "应到9人，实到5人，不足三分之二，不能表决",
                        "detail_en": "9 members, 5 present, fewer than two thirds: no vote can be taken",
                        "code": "committee.quorum_refused"}
    with nothing_changes():
        r = api.post(f"/api/committee/{cw.campaign.pk}/proposals", {"post_id": cw.post("P01").pk, "candidates": [
            {"application_id": cw.app(5).pk, "reason": "好"}]}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "campaigns.committee.proposal.in_progress"
    with nothing_changes():
        r = api.post(f"/api/committee/proposals/{p.pk}/submit", {"meeting_id": 999999},
                     content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"] == "没有编号为999999的会议"


def test_entered_votes_by_api_refuse_an_absent_member(cw: CommitteeWorld) -> None:
    api = client_for(cw.organiser)
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, mode="entered", proposals=(p,))
    api.post(f"/api/committee/meetings/{m.pk}/open")
    item = cw.items(m)[0]
    absent = Member.objects.get(meeting=m, name="委员9")
    with nothing_changes():
        r = api.post(f"/api/committee/meetings/{m.pk}/votes", {"votes": [
            {"member_id": absent.pk, "item_id": item.pk, "choice": "agree"}]}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"] == "委员9未到会（出差），不能录入其表决意见"


def test_a_member_sees_their_meetings_and_not_others(cw: CommitteeWorld, personas: dict[str, Any]) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(p,))
    phone = client_for(cw.members[0])
    seats = phone.get("/api/committee/my/meetings").json()
    assert [(s["meeting"], s["present"], s["voted"]) for s in seats] == [("院党组2026年第12次会议", True, False)]
    one = phone.get(f"/api/committee/my/meetings/{m.pk}").json()
    assert one["can_vote"] is False and one["items"][0]["name"] == "人员1" and one["items"][0]["outcome"] == ""
    stranger = client_for(personas["committee"])
    assert stranger.get(f"/api/committee/my/meetings/{m.pk}").status_code == 403
    assert stranger.get("/api/committee/my/meetings").json() == []
    assert client_for(personas["supervisor"]).get(f"/api/committee/meetings/{m.pk}").status_code == 200
    assert Meeting.objects.get(pk=m.pk).status == Meeting.Status.DRAFT
