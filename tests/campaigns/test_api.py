"""/api/campaigns: each operation for an allowed role and a refused one, its side effects, bad input as a 400
with the Chinese reason and nothing written, and steps 1–3 of a campaign through the API alone."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.campaigns.world import AFTER, BEFORE, CONDITIONS, DEADLINE, World, nothing_changes, one_event, sh
from tests.conftest import make_user
from tests.people.rosters import to_xlsx
from xuanren.campaigns import actions
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Review, Stage
from xuanren.people.models import Person

pytestmark = pytest.mark.django_db

API = "/api/campaigns"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """``clock(instant)`` sets what ``timezone.now()`` answers for the API and the actions it calls."""

    def set_to(instant: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    set_to(BEFORE)
    return set_to


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Api:
    """A logged-in JSON client: ``api.post(path, body)`` → (status, JSON)."""

    def __init__(self, user: Any) -> None:
        self.client = client_of(user)

    def _do(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        url = API + path
        if method == "get":
            r = self.client.get(url)
        else:
            r = getattr(self.client, method)(url, json.dumps(body if body is not None else {}),
                                             content_type="application/json")
        return r.status_code, (r.json() if r.content else None)

    def get(self, path: str) -> tuple[int, Any]:
        return self._do("get", path)

    def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        return self._do("post", path, body)

    def patch(self, path: str, body: Any = None) -> tuple[int, Any]:
        return self._do("patch", path, body)

    def put(self, path: str, body: Any = None) -> tuple[int, Any]:
        return self._do("put", path, body)

    def delete(self, path: str) -> tuple[int, Any]:
        return self._do("delete", path)


@pytest.fixture
def api(world: World) -> Callable[[str], Api]:
    return lambda role: Api(world.users[role])


@pytest.fixture
def me(world: World) -> Person:
    person = world.people[0]
    person.user = world.users["applicant"]
    person.save()
    return person


@pytest.fixture
def announced(world: World) -> World:
    world.publish()
    return world


def refused_400(status: int, body: Any, zh: str, code: str | None = None) -> None:
    assert status == 400, body
    assert zh in body["detail"], body
    assert body["detail_en"] and body["code"]
    if code:
        assert body["code"] == code


# --- steps 1–3 through the API alone ---------------------------------------------------------------

def test_steps_one_to_three_through_the_api_only(world: World, me: Person, clock: Any) -> None:
    organiser, reviewer, applicant = Api(world.organiser), Api(world.reviewer), Api(world.users["applicant"])
    clock(sh(2026, 11, 10, 9, 0))
    status, c = organiser.post("", {"name": "2026年机关科级干部竞争上岗", "unit_id": world.unit.pk,
                                    "template": "nine_steps", "apply_from": "2026-11-20T09:00:00+08:00",
                                    "apply_until": "2026-12-01T17:00:00+08:00", "reference_date": "2026-12-01",
                                    "min_qualified": 2})
    assert status == 201, c
    cid = c["id"]
    assert [s["kind"] for s in c["stages"]][:2] == ["eligibility", "interview"]
    assert c["apply_until"] == "2026-12-01T17:00:00+08:00"
    status, post = organiser.post(f"/{cid}/posts", {"code": "K01", "department_id": world.office.pk,
                                                    "title": "办公室副主任", "level": "section_deputy", "slots": 1,
                                                    "conditions": CONDITIONS})
    assert status == 201, post
    assert "年龄不超过45周岁（按2026年12月1日计算）" in post["condition_words"]
    assert post["conditions"]["max_age"] == 45
    assert organiser.post(f"/{cid}/publish")[0] == 200

    clock(sh(2026, 11, 25, 10, 0))
    status, opened = applicant.get("/open")
    assert status == 200
    offered = next(o for o in opened if o["id"] == cid)
    assert offered["posts"][0]["precheck"]["eligible"] is True
    assert offered["posts"][0]["precheck"]["note"] == "仅供参考，以资格审查结论为准"
    status, mine = applicant.post(f"/{cid}/apply", {"post_id": post["id"], "preference": 1})
    assert status == 201, mine
    old = world.too_old
    status, entered = organiser.post(f"/{cid}/applications", {"id_number": old.id_number, "post_id": post["id"],
                                                              "source": "organisation", "nominator_note": "局党组"})
    assert status == 201, entered
    assert organiser.post(f"/{cid}/stages/eligibility/open")[0] == 200

    clock(AFTER)
    status, run = reviewer.post(f"/{cid}/review/run", {})
    assert (status, run["checked"], run["eligible"], run["ineligible"]) == (200, 2, 1, 1)
    status, decided = reviewer.post(f"/applications/{entered['id']}/review",
                                    {"decision": "eligible", "reason": "经核实，出生日期登记有误，已更正"})
    assert status == 200 and decided["review"]["overridden"] is True
    assert reviewer.post(f"/{cid}/review/confirm", {}) == (200, {"confirmed": 1})
    status, sealed = organiser.post(f"/{cid}/stages/eligibility/seal")
    assert status == 200, sealed
    assert sealed["version"] == 1 and sealed["published_at"].endswith("+08:00")

    status, results = applicant.get(f"/{cid}/results")
    assert status == 200 and results[0]["stage"] == "eligibility"
    assert "身份证" not in json.dumps(results, ensure_ascii=False)
    status, own = applicant.get("/my/applications")
    assert status == 200 and own["linked"] is True
    group = next(g for g in own["campaigns"] if g["campaign_id"] == cid)
    [app] = group["applications"]
    assert (app["post_code"], app["preference"], app["review"]["decision"]) == ("K01", 1, "eligible")
    assert app["review"]["findings"] and app["can_withdraw"] is False
    assert [p["stage"] for p in group["published"]] == ["eligibility"]
    # Each step left its record.
    from xuanren.record.models import Event

    done = set(Event.objects.values_list("action", flat=True))
    assert {"campaigns.create", "posts.create", "campaigns.publish", "applications.submit", "stages.open",
            "review.run", "review.decide", "review.confirm", "stages.seal"} <= done


# --- reading --------------------------------------------------------------------------------------

def test_list_and_detail_for_readers_only(world: World, api: Any) -> None:
    status, rows = api("supervisor").get("")
    assert status == 200 and [r["name"] for r in rows] == [world.campaign.name]
    status, detail = api("reviewer").get(f"/{world.campaign.pk}")
    assert status == 200
    assert [p["code"] for p in detail["posts"]] == ["P01", "P02", "P03"]
    assert "全日制" not in detail["posts"][0]["condition_words"][2]
    assert detail["posts"][0]["deadline"] == "2026-12-01T17:00:00+08:00"
    for path in ("", f"/{world.campaign.pk}", "/templates", f"/{world.campaign.pk}/dashboard"):
        assert api("applicant").get(path)[0] == 403
    status, templates = api("organiser").get("/templates")
    assert {t["code"] for t in templates} == {"court_2010", "nine_steps", "open_2004"}


def test_dashboard(announced: World, api: Any) -> None:
    announced.apply(announced.people[0], "P01")
    status, d = api("organiser").get(f"/{announced.campaign.pk}/dashboard")
    assert status == 200
    assert d["totals"]["applications"] == 1 and d["current_stage"] == "eligibility"
    assert d["posts"][0]["applications"] == 1 and d["posts"][0]["below_minimum"] is True


def test_results_of_a_draft_are_not_found(world: World, api: Any) -> None:
    assert api("applicant").get(f"/{world.campaign.pk}/results")[0] == 404


def test_applications_list_needs_applications_view(announced: World, api: Any) -> None:
    announced.apply(announced.people[0], "P01", source="mass", nominator=announced.people[1])
    status, rows = api("reviewer").get(f"/{announced.campaign.pk}/applications")
    assert status == 200 and rows[0]["nominator_name"] == announced.people[1].name
    assert rows[0]["submitted_at"] == "2026-11-25T10:00:00+08:00"
    assert api("judge").get(f"/{announced.campaign.pk}/applications")[0] == 403


# --- setting up -----------------------------------------------------------------------------------

def test_create_is_recorded_and_refused_without_the_capability(world: World, api: Any) -> None:
    body = {"name": "新批次", "unit_id": world.unit.pk, "template": "court_2010",
            "apply_until": "2026-12-20T17:00:00+08:00"}
    with nothing_changes():
        assert api("reviewer").post("", body)[0] == 403
    with one_event("campaigns.create"):
        status, c = api("organiser").post("", body)
    assert status == 201 and c["status"] == "draft" and len(c["stages"]) == 6


@pytest.mark.parametrize(("body", "zh"), [
    ({"apply_until": "2026-12-20T17:00:00"}, "报名截止须带时区偏移"),
    ({"template": "nonesuch"}, "未知的模板“nonesuch”"),
    ({"unit_id": 999999}, "单位（编号999999）不存在"),
    ({"apply_from": "2026-12-21T09:00:00+08:00", "apply_until": "2026-12-20T17:00:00+08:00"},
     "报名开始时间应早于报名截止时间"),
    ({"stages": [{"kind": "exam"}]}, "资格审查"),
])
def test_create_with_bad_input_is_a_400_in_chinese(world: World, api: Any, body: dict[str, Any], zh: str) -> None:
    full = {"name": "新批次", "unit_id": world.unit.pk, "template": "court_2010"} | body
    with nothing_changes():
        status, out = api("organiser").post("", full)
    refused_400(status, out, zh)


def test_update_copy_and_weights(world: World, api: Any) -> None:
    org = api("organiser")
    cid = world.campaign.pk
    with one_event("campaigns.update"):
        status, c = org.patch(f"/{cid}", {"posts_per_applicant": 1, "withdraw_until": "2026-11-28T17:00:00+08:00"})
    assert status == 200 and c["posts_per_applicant"] == 1
    assert c["withdraw_until"] == "2026-11-28T17:00:00+08:00"
    with nothing_changes():
        refused_400(*org.patch(f"/{cid}", {"withdraw_until": "2026-11-28T17:00:00"}), "撤回截止须带时区偏移")
        assert api("supervisor").patch(f"/{cid}", {"name": "x"})[0] == 403
    with one_event("campaigns.copy"):
        status, copy = org.post(f"/{cid}/copy", {"name": "2027年竞争上岗"})
    assert status == 201 and len(copy["posts"]) == 3 and copy["copied_from_id"] == cid
    with nothing_changes():
        refused_400(*org.put(f"/{cid}/weights", {"weights": {"committee": 10}}), "不计分，不能设权重")
    with one_event("stages.set_weights"):
        status, stages = org.put(f"/{cid}/weights", {"weights": {"recommendation": 100}})
    assert status == 200 and next(s for s in stages if s["kind"] == "recommendation")["weight"] == "100"


def test_publish_refusal_names_every_problem(world: World, api: Any) -> None:
    Post.objects.filter(campaign=world.campaign).delete()
    with nothing_changes():
        status, out = api("organiser").post(f"/{world.campaign.pk}/publish")
    refused_400(status, out, "尚未设置职位", "campaigns.publish")
    assert api("reviewer").post(f"/{world.campaign.pk}/publish")[0] == 403


def test_posts_create_update_delete_while_draft(world: World, api: Any) -> None:
    org = api("organiser")
    cid = world.campaign.pk
    body = {"code": "P04", "department_id": world.legal.pk, "title": "政策法规科科长", "level": "section_chief",
            "slots": 1, "conditions": {"min_age": 50, "max_age": 40}}
    with nothing_changes():
        refused_400(*org.post(f"/{cid}/posts", body), "职位P04")
        refused_400(*org.post(f"/{cid}/posts", body | {"conditions": None, "slots": 0}), "职数应为正整数")
        assert api("reviewer").post(f"/{cid}/posts", body | {"conditions": None})[0] == 403
    with one_event("posts.create"):
        status, post = org.post(f"/{cid}/posts", body | {"conditions": {"max_age": 50, "free_text": ["熟悉法律"]}})
    assert status == 201 and post["conditions"]["free_text"] == ["熟悉法律"]
    with one_event("posts.update"):
        status, post = org.patch(f"/posts/{post['id']}", {"slots": 2})
    assert status == 200 and post["slots"] == 2 and post["conditions"]["max_age"] == 50
    with one_event("posts.delete"):
        assert org.delete(f"/posts/{post['id']}")[0] == 204
    assert not Post.objects.filter(code="P04").exists()


def test_cancel_extend_merge_after_publishing(announced: World, api: Any, clock: Any) -> None:
    org = api("organiser")
    posts = announced.posts
    with nothing_changes():
        refused_400(*org.post(f"/posts/{posts['P03'].pk}/cancel", {"reason": " "}), "请写明理由")
        assert api("reviewer").post(f"/posts/{posts['P03'].pk}/cancel", {"reason": "无人报名"})[0] == 403
        refused_400(*org.post(f"/posts/{posts['P01'].pk}/extend", {"new_deadline": "2026-12-08T17:00:00",
                                                                    "reason": "人数不足"}), "须带时区偏移")
        refused_400(*org.post(f"/posts/{posts['P01'].pk}/extend", {"new_deadline": "2026-11-30T17:00:00+08:00",
                                                                    "reason": "人数不足"}), "应晚于")
    with one_event("posts.cancel"):
        status, p3 = org.post(f"/posts/{posts['P03'].pk}/cancel", {"reason": "无人报名"})
    assert status == 200 and p3["status"] == "cancelled"
    with one_event("posts.extend"):
        status, p1 = org.post(f"/posts/{posts['P01'].pk}/extend", {"new_deadline": "2026-12-08T17:00:00+08:00",
                                                                   "reason": "人数不足"})
    assert status == 200 and p1["deadline"] == "2026-12-08T17:00:00+08:00"
    announced.apply(announced.people[0], "P02")
    with one_event("posts.merge"):
        status, into = org.post(f"/posts/{posts['P02'].pk}/merge", {"into_post_id": posts["P01"].pk,
                                                                    "reason": "职责相近"})
    assert status == 200 and into["code"] == "P01" and into["slots"] == 2
    assert Application.objects.get(person=announced.people[0]).post_id == posts["P01"].pk


# --- applications ---------------------------------------------------------------------------------

def test_apply_for_oneself(announced: World, api: Any, me: Person, clock: Any) -> None:
    applicant = api("applicant")
    path = f"/{announced.campaign.pk}/apply"
    with one_event("applications.submit"):
        status, app = applicant.post(path, {"post_id": announced.posts["P01"].pk, "preference": 2})
    assert status == 201 and (app["person_id"], app["preference"], app["source"]) == (me.pk, 2, "self")
    with nothing_changes():
        refused_400(*applicant.post(path, {"post_id": announced.posts["P01"].pk}), "不能重复报名",
                    "campaigns.applications.twice")
        refused_400(*applicant.post(path, {"post_id": announced.posts["P02"].pk, "preference": 2}), "第2志愿已填报")
        assert api("organiser").post(path, {"post_id": announced.posts["P02"].pk})[0] == 403
    applicant.post(path, {"post_id": announced.posts["P02"].pk})
    with nothing_changes():
        refused_400(*applicant.post(path, {"post_id": announced.posts["P03"].pk}), "每人最多报名2个职位")


def test_apply_after_the_deadline_in_the_campaign_time_zone(announced: World, api: Any, me: Person,
                                                             clock: Any) -> None:
    clock(dt.datetime(2026, 12, 1, 9, 1, tzinfo=dt.UTC))
    with nothing_changes():
        status, out = api("applicant").post(f"/{announced.campaign.pk}/apply", {"post_id": announced.posts["P01"].pk})
    refused_400(status, out, "报名已于2026年12月1日17:00截止", "campaigns.applications.closed")
    assert out["detail_en"].startswith("applications closed on 1 December 2026 17:00")


def test_apply_without_a_linked_person(announced: World, clock: Any) -> None:
    unlinked = Api(make_user("applicant-unlinked", "applicant"))
    with nothing_changes():
        status, out = unlinked.post(f"/{announced.campaign.pk}/apply", {"post_id": announced.posts["P01"].pk})
    refused_400(status, out, "您的账号尚未关联干部名册中的人员，请联系组织人事部门", "campaigns.api.no_person")
    assert unlinked.get("/my/applications")[1] == {"linked": False, "campaigns": [],
                                                   "detail": "您的账号尚未关联干部名册中的人员，请联系组织人事部门"}


def test_enter_for_someone_by_id_number(announced: World, api: Any, clock: Any) -> None:
    org = api("organiser")
    path = f"/{announced.campaign.pk}/applications"
    target = announced.people[2]
    with nothing_changes():
        refused_400(*org.post(path, {"id_number": "110101198503100000", "post_id": announced.posts["P01"].pk}),
                    "无效")
        refused_400(*org.post(path, {"id_number": target.id_number, "post_id": announced.posts["P01"].pk,
                                     "source": "mass"}), "须写明推荐人")
        assert api("reviewer").post(path, {"id_number": target.id_number,
                                           "post_id": announced.posts["P01"].pk})[0] == 403
    with one_event("applications.submit"):
        status, app = org.post(path, {"id_number": target.id_number, "post_id": announced.posts["P01"].pk,
                                      "source": "mass", "nominator_id_number": announced.people[3].id_number})
    assert status == 201 and app["nominator_id"] == announced.people[3].pk


def test_withdraw_own_and_not_another_ones(announced: World, api: Any, me: Person, clock: Any) -> None:
    mine = announced.apply(me, "P01")
    theirs = announced.apply(announced.people[1], "P01")
    applicant = api("applicant")
    with nothing_changes():
        assert applicant.post(f"/my/applications/{theirs.pk}/withdraw")[0] == 404
        assert applicant.post(f"/applications/{theirs.pk}/withdraw")[0] == 403
    status, own = applicant.get("/my/applications")
    assert [a["id"] for g in own["campaigns"] for a in g["applications"]] == [mine.pk]
    assert own["campaigns"][0]["applications"][0]["can_withdraw"] is True
    with one_event("applications.withdraw"):
        status, out = applicant.post(f"/my/applications/{mine.pk}/withdraw", {"reason": "工作安排"})
    assert status == 200 and out["status"] == "withdrawn"
    with nothing_changes():
        refused_400(*applicant.post(f"/my/applications/{mine.pk}/withdraw"), "该报名已撤回")
    with one_event("applications.withdraw"):
        assert api("organiser").post(f"/applications/{theirs.pk}/withdraw", {"reason": "本人书面申请"})[0] == 200


def test_withdraw_after_the_deadline_is_refused(announced: World, api: Any, me: Person, clock: Any) -> None:
    mine = announced.apply(me, "P01")
    clock(AFTER)
    with nothing_changes():
        refused_400(*api("applicant").post(f"/my/applications/{mine.pk}/withdraw"),
                    "撤回报名已于2026年12月1日17:00截止")


def test_import_applications(announced: World, world: World, clock: Any) -> None:
    url = f"{API}/{announced.campaign.pk}/applications/import"
    good = f"身份证号,职位代码,志愿顺序\n{world.people[0].id_number},P01,1\n".encode()
    bad = f"身份证号,职位代码\n{world.people[0].id_number},P99\n".encode()
    org = client_of(world.organiser)
    with nothing_changes():
        assert client_of(world.reviewer).post(url, {"file": SimpleUploadedFile("报名.csv", good)}).status_code == 403
        r = org.post(url, {"file": SimpleUploadedFile("报名.csv", bad)})
    assert r.status_code == 400
    body = r.json()
    assert body["total"] == 1 and body["problems"][0]["column"] == "职位代码"
    with one_event("applications.import"):
        r = org.post(url, {"file": SimpleUploadedFile("报名.csv", good)})
    assert r.status_code == 200 and r.json()["created"] == 1


def test_import_campaign(world: World) -> None:
    head = {"名称": "导入的批次", "单位": "测试局", "模板": "nine_steps", "报名截止": "2026-12-01 17:00"}
    post = {"职位代码": "A01", "部门": "办公室", "职位名称": "办公室副主任", "职务层次/职级": "副科", "职数": 1}
    good = to_xlsx({"批次": [list(head), list(head.values())], "职位": [list(post), list(post.values())]})
    bad = to_xlsx({"批次": [list(head), list(head.values())], "职位": [list(post), [*list(post.values())[:4], 0]]})
    org = client_of(world.organiser)
    with nothing_changes():
        assert client_of(world.reviewer).post(f"{API}/import",
                                              {"file": SimpleUploadedFile("批次.xlsx", good)}).status_code == 403
        r = org.post(f"{API}/import", {"file": SimpleUploadedFile("批次.xlsx", bad)})
    assert r.status_code == 400 and r.json()["problems"][0]["column"] == "职数"
    with one_event("campaigns.import"):
        r = org.post(f"{API}/import", {"file": SimpleUploadedFile("批次.xlsx", good)})
    assert r.status_code == 201
    assert Campaign.objects.get(pk=r.json()["campaign_id"]).posts.count() == 1


# --- review and stages ----------------------------------------------------------------------------

@pytest.fixture
def reviewing(announced: World, me: Person, clock: Any) -> World:
    w = announced
    for person in w.people[:3]:
        w.apply(person, "P01")
    w.apply(w.too_old, "P01")
    w.open_eligibility()
    clock(AFTER)
    return w


def test_review_run_decide_confirm(reviewing: World, api: Any) -> None:
    w = reviewing
    cid = w.campaign.pk
    with nothing_changes():
        assert api("supervisor").post(f"/{cid}/review/run", {})[0] == 403
    # An empty JSON body is the same as an empty object.
    assert api("reviewer").client.post(f"{API}/{cid}/review/run", content_type="application/json").status_code == 200
    with one_event("review.run"):
        status, run = api("reviewer").post(f"/{cid}/review/run", {"on": "2026-12-01"})
    assert status == 200 and (run["checked"], run["ineligible"]) == (4, 1)
    old = Application.objects.get(person=w.too_old)
    with nothing_changes():
        refused_400(*api("reviewer").post(f"/applications/{old.pk}/review", {"decision": "eligible"}),
                    "须写明理由", "campaigns.review.reason_required")
        refused_400(*api("reviewer").post(f"/applications/{old.pk}/review", {"decision": "maybe"}),
                    "审查结论应为")
        assert api("judge").post(f"/applications/{old.pk}/review", {"decision": "ineligible"})[0] == 403
    with one_event("review.decide"):
        status, out = api("reviewer").post(f"/applications/{old.pk}/review", {"decision": "ineligible"})
    assert status == 200 and out["review"]["decision"] == "ineligible"
    assert out["review"]["findings"][0]["passed"] is False and out["review"]["reviewer"] == "reviewer"
    with one_event("review.confirm"):
        assert api("organiser").post(f"/{cid}/review/confirm", {"post_id": w.posts["P01"].pk}) == (
            200, {"confirmed": 3})
    # The applicant sees the decision with its reasons; a supervisor reads all applications.
    status, own = api("applicant").get("/my/applications")
    review = own["campaigns"][0]["applications"][0]["review"]
    assert review["decision"] == "eligible" and review["findings"]
    assert api("supervisor").get(f"/{cid}/applications")[0] == 200


def test_stage_open_seal_correct(reviewing: World, api: Any) -> None:
    w = reviewing
    cid = w.campaign.pk
    org = api("organiser")
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    with nothing_changes():
        refused_400(*org.post(f"/{cid}/stages/eligibility/seal"), "还不能封存")
        refused_400(*org.post(f"/{cid}/stages/interview/open"), "须先封存")
        assert api("reviewer").post(f"/{cid}/stages/eligibility/seal")[0] == 403
    assert org.post(f"/{cid}/stages/nonesuch/seal")[0] == 404
    actions.review_confirm_pending(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    actions.post_cancel(actor=w.organiser, post=w.posts["P02"], reason="无人报名")
    actions.post_cancel(actor=w.organiser, post=w.posts["P03"], reason="无人报名")
    with one_event("stages.seal"):
        status, pub = org.post(f"/{cid}/stages/eligibility/seal")
    assert status == 200 and pub["content"]["totals"]["qualified"] == 3
    one = Application.objects.get(person=w.people[1])
    body = {"changes": [{"application_id": one.pk, "decision": "ineligible"}], "reason": "复核发现考核结果登记有误"}
    with nothing_changes():
        refused_400(*org.post(f"/{cid}/stages/eligibility/correct", body | {"reason": ""}), "更正须写明理由")
        assert api("supervisor").post(f"/{cid}/stages/eligibility/correct", body)[0] == 403
    with one_event("stages.correct"):
        status, pub = org.post(f"/{cid}/stages/eligibility/correct", body)
    assert status == 200 and pub["version"] == 2 and pub["reason"] == body["reason"]
    assert Review.objects.get(application=one).decision == "ineligible"
    assert Publication.objects.filter(stage__campaign=w.campaign).count() == 2
    with one_event("stages.open"):
        status, stage = org.post(f"/{cid}/stages/interview/open")
    assert status == 200 and stage["status"] == "open"
    assert Stage.objects.get(campaign=w.campaign, kind="interview").status == "open"


def test_open_campaigns_for_any_user(announced: World, api: Any, clock: Any) -> None:
    status, rows = api("voter").get("/open")
    assert status == 200 and rows[0]["id"] == announced.campaign.pk
    assert rows[0]["posts"][0]["precheck"] is None  # no linked person
    clock(AFTER)
    assert api("voter").get("/open")[1] == []


def test_the_openapi_document_renders(world: World, api: Any) -> None:
    schema = api("organiser").client.get("/api/openapi.json").json()
    assert "/api/campaigns/{campaign_id}/apply" in schema["paths"]
    assert "时区偏移" in json.dumps(schema, ensure_ascii=False)
    assert DEADLINE.utcoffset() == dt.timedelta(hours=8)
