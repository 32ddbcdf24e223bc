"""/api/voting, the organiser's operations: a stage's sessions, creating and deleting one, groups, ballot forms,
codes (once, in the answer), a named roll, voiding, opening, closing, turnout; refusals as a 400 in Chinese
with nothing written; a whole session through the API alone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.campaigns.world import snapshot
from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.people.models import Person
from xuanren.record.models import Event
from xuanren.voting import actions
from xuanren.voting.codes import digest, normalise
from xuanren.voting.models import Ballot, BallotForm, Session, VoterCode, VoterGroup

API = "/api/voting"


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


class Api:
    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str) -> tuple[int, Any]:
        r = self.client.get(API + path)
        return r.status_code, r.json()

    def send(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        r = getattr(self.client, method)(API + path, json.dumps(body if body is not None else {}),
                                         content_type="application/json")
        return r.status_code, r.json()

    def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        return self.send("post", path, body)


@pytest.fixture
def api(as_role: Any) -> Api:
    return Api(as_role("organiser"))


def _state() -> Any:
    return (snapshot(), list(Session.objects.order_by("pk").values()), list(VoterGroup.objects.order_by("pk").values()),
            list(BallotForm.objects.order_by("pk").values()), VoterCode.objects.count(), Ballot.objects.count())


# --- reading --------------------------------------------------------------------------------------

def test_a_stages_sessions_with_their_turnout(vw: VotingWorld, as_role: Any) -> None:
    session, plain = ready_session(vw, codes=2)
    actions.ballot_cast(code=plain["leaders"][0], marks={}, submission="submission-token-000001")
    status, body = Api(as_role("supervisor")).get(f"/stages/{vw.recommendation.pk}/sessions")
    assert status == 200 and [s["id"] for s in body] == [session.pk]
    s = body[0]
    assert (s["name"], s["status"], s["trial"], s["mode"], s["stage_kind"]) == ("第一场", "open", False, "slips",
                                                                             "recommendation")
    assert [(g["code"], g["entitled"], g["issued"], g["returned"]) for g in s["groups"]] == [
        ("leaders", 5, 2, 1), ("middle_managers", 10, 2, 0), ("others", 20, 2, 0)]
    assert (s["entitled"], s["issued"], s["returned"]) == (35, 6, 1)
    assert s["result"] is None  # nothing of the count while open
    assert s["opened_at"].endswith("+08:00")


def test_turnout_never_says_anything_of_a_ballot(vw: VotingWorld, api: Api) -> None:
    session, plain = ready_session(vw, codes=1)
    actions.ballot_cast(code=plain["others"][0], marks={}, submission="submission-token-000002")
    status, body = api.get(f"/sessions/{session.pk}/turnout")
    assert status == 200
    assert set(body) == {"groups", "entitled", "issued", "returned"} and body["returned"] == 1
    assert all(set(g) == {"code", "name", "weight", "entitled", "issued", "returned"} for g in body["groups"])


def test_an_unknown_session_is_a_404(vw: VotingWorld, api: Api) -> None:
    assert api.client.get(f"{API}/sessions/999999").status_code == 404


# --- creating and preparing -----------------------------------------------------------------------

def test_creating_a_session(vw: VotingWorld, api: Api) -> None:
    status, body = api.post(f"/stages/{vw.recommendation.pk}/sessions", {"name": "推荐大会", "place": "礼堂",
                                                                          "mode": "roll"})
    assert status == 201 and body["status"] == "draft" and body["mode"] == "roll" and body["place"] == "礼堂"
    assert [g["name"] for g in body["groups"]] == ["院领导", "中层干部", "其他人员"]
    assert Event.objects.filter(action="voting.session_create").count() == 1


def test_a_refused_creation_is_a_400_in_chinese(vw: VotingWorld, api: Api) -> None:
    stage = vw.world.stage("eligibility")
    before = _state()
    status, body = api.post(f"/stages/{stage.pk}/sessions", {"name": "错的"})
    assert status == 400 and body["code"] == "campaigns.voting.session.stage_kind"
    assert "只有民主推荐、民主测评环节可以建立投票场次" in body["detail"] and body["detail_en"]
    assert _state() == before


def test_setting_groups(vw: VotingWorld, api: Api) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="推荐")
    groups = [{"code": "leaders", "name": "院领导", "weight": "30", "entitled": 5},
              {"code": "all_others", "name": "其他人员", "weight": 70, "entitled": 40}]
    status, body = api.send("put", f"/sessions/{session.pk}/groups", {"groups": groups})
    assert status == 200
    assert [(g["code"], g["weight"], g["entitled"]) for g in body["groups"]] == [("leaders", "30.00", 5),
                                                                                 ("all_others", "70.00", 40)]


def test_bad_groups_are_refused_and_nothing_changes(vw: VotingWorld, api: Api) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="推荐")
    before = _state()
    status, body = api.send("put", f"/sessions/{session.pk}/groups",
                            {"groups": [{"code": "a", "name": "甲", "weight": 60, "entitled": 1},
                                        {"code": "b", "name": "乙", "weight": 35, "entitled": 1}]})
    assert status == 400 and "权重之和应为100，现为95" in body["detail"]
    assert _state() == before


def test_deleting_a_draft_and_not_an_open_session(vw: VotingWorld, api: Api) -> None:
    draft, _plain = ready_session(vw, open_it=False, name="备用场次")
    r = api.client.delete(f"{API}/sessions/{draft.pk}?reason=多建了一场")
    assert r.status_code == 204
    assert not Session.objects.filter(pk=draft.pk).exists() and not VoterCode.objects.exists()
    assert Event.objects.get(action="voting.session_delete").details["reason"] == "多建了一场"
    session, _plain = ready_session(vw)
    before = _state()
    r = api.client.delete(f"{API}/sessions/{session.pk}")
    assert r.status_code == 400 and r.json()["code"] == "campaigns.voting.delete.not_draft"
    assert "投票中，不能删除" in r.json()["detail"]
    assert _state() == before
    assert api.client.delete(f"{API}/sessions/{draft.pk}").status_code == 404


def test_ballot_forms_read_added_replaced_and_deleted(vw: VotingWorld, api: Api) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="x")
    status, forms = api.get(f"/sessions/{session.pk}/forms")
    assert status == 200 and [(f["kind"], f["title"]) for f in forms] == [("recommendation", "民主推荐票")]
    p01 = forms[0]["content"]["posts"][0]
    assert (p01["max_marks"], p01["write_ins"], len(p01["candidates"])) == (1, 0, 3)
    status, form = api.send("put", f"/sessions/{session.pk}/forms/{forms[0]['id']}", {
        "kind": "recommendation", "title": "推荐票",
        "content": {"posts": [{"post": p01["post"], "max_marks": 2, "write_ins": 3}]}})
    assert status == 200 and form["id"] == forms[0]["id"]
    assert [(p["code"], p["max_marks"], p["write_ins"]) for p in form["content"]["posts"]] == [("P01", 2, 3)]
    status, elements = api.post(f"/sessions/{session.pk}/forms", {
        "kind": "elements", "title": "要素定向推荐票", "content": {"elements": ["工作最敬业"], "marks_per_element": 2}})
    assert status == 201 and elements["content"]["elements"] == ["工作最敬业"]
    before = _state()
    for method, path, body, code in (
            ("put", f"/sessions/{session.pk}/forms/{form['id']}",
             {"kind": "recommendation", "title": "t", "content": {"posts": [{"post": p01["post"], "write_ins": 4}]}},
             "campaigns.voting.form.write_ins"),
            ("post", f"/sessions/{session.pk}/forms", {"kind": "elements", "title": "t",
                                                       "content": {"marks_per_element": 0}},
             "campaigns.voting.form.marks_per_element"),
            ("put", f"/sessions/{session.pk}/forms/999999", {"kind": "elements", "title": "t"},
             "campaigns.voting.api.unknown_form")):
        status, body_out = api.send(method, path, body)
        assert (status, body_out["code"]) == (400, code), body_out
    assert _state() == before
    r = api.client.delete(f"{API}/sessions/{session.pk}/forms/{elements['id']}")
    assert r.status_code == 204
    assert list(session.forms.values_list("title", flat=True)) == ["推荐票"]


def test_codes_are_given_once_and_only_their_digests_kept(vw: VotingWorld, api: Api) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="推荐")
    status, body = api.post(f"/sessions/{session.pk}/codes", {"group": "others", "count": 5})
    assert status == 201 and body["group"] == "others" and body["batch"] == 1
    assert len(body["codes"]) == 5 and all(len(c) == 11 and c[5] == "-" for c in body["codes"])
    assert body["links"] == [f"http://testserver/vote/#{normalise(c)}" for c in body["codes"]]
    stored = set(VoterCode.objects.filter(session=session).values_list("digest", flat=True))
    assert stored == {digest(normalise(c) or "") for c in body["codes"]}
    status, again = api.post(f"/sessions/{session.pk}/codes", {"group": "others", "count": 1})
    assert again["batch"] == 2 and again["codes"][0] not in body["codes"]
    # no way to see them again
    status, detail = api.get(f"/sessions/{session.pk}")
    assert not any(c in json.dumps(detail) for c in body["codes"])


@pytest.mark.parametrize(("body", "status", "text"), [
    ({"group": "nobody", "count": 2}, 400, "本场次没有代码为“nobody”的投票人类别"),
    ({"group": "others", "count": 0}, 422, None),
])
def test_bad_code_requests_issue_nothing(vw: VotingWorld, api: Api, body: dict[str, Any], status: int,
                                         text: str | None) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="推荐")
    before = _state()
    got, answer = api.post(f"/sessions/{session.pk}/codes", body)
    assert got == status
    if text:
        assert answer["detail"] == text
    assert _state() == before


def test_a_named_roll(vw: VotingWorld, api: Api) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="推荐", mode="roll")
    people = list(Person.objects.order_by("pk")[:2])
    status, body = api.post(f"/sessions/{session.pk}/roll", {"group": "others", "persons": [p.pk for p in people]})
    assert status == 201 and body["batch"] == 1
    assert sorted(c["person_id"] for c in body["codes"]) == sorted(p.pk for p in people)
    assert all(c["link"].endswith(normalise(c["code"]) or "?") for c in body["codes"])
    status, body = api.post(f"/sessions/{session.pk}/roll", {"group": "others", "persons": [999999]})
    assert status == 400 and "人员库中没有编号为999999的人员" in body["detail"]


def test_voiding_a_batch(vw: VotingWorld, api: Api) -> None:
    session, _plain = ready_session(vw, codes=2)
    status, body = api.post(f"/sessions/{session.pk}/void", {"batch": 1, "reason": ""})
    assert status == 400 and body["detail"] == "请说明作废原因"
    status, body = api.post(f"/sessions/{session.pk}/void", {"batch": 1, "reason": "遗失"})
    assert status == 200 and body["voided"] == 2


# --- opening and closing --------------------------------------------------------------------------

def test_opening_refused_until_ready(vw: VotingWorld, api: Api) -> None:
    session = actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="推荐")
    status, body = api.post(f"/sessions/{session.pk}/open")
    assert status == 400 and body["code"] == "campaigns.voting.open.entitled_zero"


def test_closing_gives_the_result(vw: VotingWorld, api: Api) -> None:
    session, _plain = ready_session(vw, codes=1)
    status, body = api.post(f"/sessions/{session.pk}/close")
    assert status == 200 and body["status"] == "closed" and body["closed_at"]
    assert body["result"]["format"] == "xuanren.result/1" and body["result"]["valid"] is False
    status, body = api.post(f"/sessions/{session.pk}/close")
    assert status == 400 and "已结束" in body["detail"]


def test_a_whole_session_through_the_api(vw: VotingWorld, api: Api) -> None:
    status, s = api.post(f"/stages/{vw.recommendation.pk}/sessions", {"name": "全程"})
    sid = s["id"]
    groups = [{"code": g["code"], "name": g["name"], "weight": g["weight"], "entitled": 2} for g in s["groups"]]
    assert api.send("put", f"/sessions/{sid}/groups", {"groups": groups})[0] == 200
    codes = {g["code"]: api.post(f"/sessions/{sid}/codes", {"group": g["code"], "count": 2})[1]["codes"]
             for g in groups}
    assert api.post(f"/sessions/{sid}/open")[0] == 200
    session = Session.objects.get(pk=sid)
    form = session.forms.get()
    post = form.content["posts"][0]
    n = 0
    for group_codes in codes.values():
        for code in group_codes:
            n += 1
            marks = {str(form.pk): {str(post["post"]): {"marks": [post["candidates"][0]["application"]]}}}
            actions.ballot_cast(code=code, marks=marks, submission=f"submission-token-{n:06d}")
    assert api.get(f"/sessions/{sid}/turnout")[1]["returned"] == 6
    status, closed = api.post(f"/sessions/{sid}/close")
    assert status == 200 and closed["result"]["valid"] is True
    first = closed["result"]["forms"][0]["posts"][0]["candidates"][0]
    assert first["score"]["display"] in ("100", "100.00") and first["meets"] is True
