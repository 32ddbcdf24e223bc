"""The organiser's campaign pages: list, create, copy, edit, dashboard, publish, weights, imports, entering
applications. Each page: the role allowed, a role refused (403, nothing changes), and the side effect."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.campaigns.world import BEFORE, World, events, nothing_changes, sh
from xuanren.campaigns import actions
from xuanren.campaigns.models import Application, Campaign, Stage

pytestmark = pytest.mark.django_db


def _form(world: World, **changes: Any) -> dict[str, Any]:
    data = {"name": "2027年机关中层干部竞争上岗", "unit": world.unit.pk, "template": "court_2010", "method": "",
            "time_zone": "Asia/Shanghai", "apply_from": "2027-03-01T09:00", "apply_until": "2027-03-10T17:00",
            "withdraw_until": "", "reference_date": "2027-03-10", "posts_per_applicant": "2", "min_qualified": "2",
            "introduction": "根据工作需要，决定开展竞争上岗。"}
    data.update(changes)
    return data


def text(response: Any) -> str:
    return response.content.decode()


def test_list_shows_campaigns_with_status_and_current_stage(world: World, as_role: Any) -> None:
    r = as_role("reviewer").get(reverse("campaigns:list"))
    assert r.status_code == 200
    assert world.campaign.name in text(r)
    assert "草稿" in text(r)
    assert "资格审查" in text(r)
    assert "新建竞聘批次" not in text(r)  # the reviewer cannot create
    assert "新建竞聘批次" in text(as_role("organiser").get(reverse("campaigns:list")))


def test_list_is_refused_to_judges_and_applicants(world: World, as_role: Any) -> None:
    assert as_role("judge").get(reverse("campaigns:list")).status_code == 403
    assert as_role("applicant").get(reverse("campaigns:list")).status_code == 403


def test_navigation_offers_campaigns_to_those_who_may_see_them(world: World, as_role: Any) -> None:
    assert "竞聘批次" in text(as_role("supervisor").get("/"))
    assert "竞聘批次" not in text(as_role("voter").get("/"))


def test_organiser_creates_a_campaign_from_a_template_in_the_campaigns_time_zone(world: World, as_role: Any) -> None:
    before = events("campaigns.create")
    r = as_role("organiser").post(reverse("campaigns:create"), _form(world))
    campaign = Campaign.objects.get(name="2027年机关中层干部竞争上岗")
    assert r.status_code == 302
    assert r["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.apply_until == sh(2027, 3, 10, 17, 0)
    assert campaign.apply_from == sh(2027, 3, 1, 9, 0)
    assert campaign.template == "court_2010"
    assert campaign.reference_date == dt.date(2027, 3, 10)
    assert [s.kind for s in campaign.stages.order_by("order")][:3] == ["eligibility", "interview", "recommendation"]
    assert events("campaigns.create") == before + 1


def test_create_form_describes_each_template_and_defaults(world: World, as_role: Any) -> None:
    r = as_role("organiser").get(reverse("campaigns:create"))
    body = text(r)
    assert "法院中层职位交流竞聘（七步）" in body
    assert "民主推荐（100）" in body
    assert 'type="datetime-local"' in body
    assert 'name="posts_per_applicant" value="2"' in body


def test_create_refusal_is_shown_in_chinese_and_nothing_is_written(world: World, as_role: Any) -> None:
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:create"),
                                      _form(world, apply_from="2027-03-20T09:00", apply_until="2027-03-10T17:00"))
    assert r.status_code == 200
    assert "报名开始时间应早于报名截止时间" in text(r)


def test_create_is_refused_to_a_reviewer(world: World, as_role: Any) -> None:
    with nothing_changes():
        r = as_role("reviewer").post(reverse("campaigns:create"), _form(world))
    assert r.status_code == 403


def test_copy_makes_a_draft_with_the_posts(world: World, as_role: Any) -> None:
    r = as_role("organiser").post(reverse("campaigns:copy", args=[world.campaign.pk]),
                                  {"name": "2027年竞争上岗", "unit": world.unit.pk})
    copy = Campaign.objects.get(name="2027年竞争上岗")
    assert r.status_code == 302
    assert copy.copied_from == world.campaign
    assert copy.posts.count() == 3
    assert events("campaigns.copy") == 1
    with nothing_changes():
        assert as_role("supervisor").post(reverse("campaigns:copy", args=[world.campaign.pk]),
                                          {"name": "x", "unit": world.unit.pk}).status_code == 403


def test_edit_changes_a_draft_and_refuses_once_announced(world: World, as_role: Any) -> None:
    client = as_role("organiser")
    url = reverse("campaigns:edit", args=[world.campaign.pk])
    form = _form(world, name="改名后的批次", apply_from="2026-11-20T09:00", apply_until="2026-12-01T17:00")
    del form["template"]
    assert client.post(url, form).status_code == 302
    world.refresh()
    assert world.campaign.name == "改名后的批次"
    assert events("campaigns.update") == 1
    world.publish()
    with nothing_changes():
        r = client.post(url, {**form, "name": "再改"})
    assert "不能再修改方案" in text(r)


def test_dashboard_shows_stages_posts_and_counts(world: World, as_role: Any) -> None:
    world.publish()
    world.apply(world.people[0], "P01")
    r = as_role("supervisor").get(reverse("campaigns:detail", args=[world.campaign.pk]))
    body = text(r)
    assert r.status_code == 200
    for word in ("资格审查", "民主推荐", "办公室副主任", "P03", "公告页面"):
        assert word in body
    # a supervisor reads and changes nothing: no buttons
    assert 'id="publish-form"' not in body
    assert "开始</button>" not in body and "封存</button>" not in body
    assert as_role("judge").get(reverse("campaigns:detail", args=[world.campaign.pk])).status_code == 403


def test_publish_refusal_reasons_appear_and_nothing_changes(world: World, as_role: Any) -> None:
    actions.campaign_update(actor=world.organiser, campaign=world.campaign, apply_until=None, apply_from=None)
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:publish", args=[world.campaign.pk]), follow=True)
    assert "不能发布公告：尚未设置报名截止时间" in text(r)


def test_publish_announces_the_campaign(world: World, as_role: Any) -> None:
    actions.campaign_update(actor=world.organiser, campaign=world.campaign, apply_until=sh(2099, 1, 1, 17, 0))
    r = as_role("organiser").post(reverse("campaigns:publish", args=[world.campaign.pk]), follow=True)
    world.refresh()
    assert world.campaign.status == Campaign.Status.ANNOUNCED
    assert "公告已发布" in text(r)
    assert events("campaigns.publish") == 1


def test_publish_is_refused_to_a_reviewer_and_answers_get_with_405(world: World, as_role: Any) -> None:
    url = reverse("campaigns:publish", args=[world.campaign.pk])
    with nothing_changes():
        assert as_role("reviewer").post(url).status_code == 403
    assert as_role("organiser").get(url).status_code == 405


def test_weights_are_saved_and_the_sum_shown(world: World, as_role: Any) -> None:
    client = as_role("organiser")
    client.post(reverse("campaigns:weights", args=[world.campaign.pk]),
                {"weight_interview": "40", "weight_recommendation": "50"})
    assert world.stage("interview").weight == 40
    assert events("stages.set_weights") == 1
    body = text(client.get(reverse("campaigns:detail", args=[world.campaign.pk])))
    assert 'id="weight-total">90<' in body
    assert "各计分环节权重合计应为100，现为90" in body
    Stage.objects.filter(pk=world.stage("recommendation").pk).update(weight=None)
    body = text(as_role("supervisor").get(reverse("campaigns:detail", args=[world.campaign.pk])))  # read only
    weight = body.split('id="stage-recommendation"', 1)[1].split('<td class="num">', 1)[1].split("</td>", 1)[0]
    assert weight == "—"  # no weight yet: a dash, not an empty cell
    weight = body.split('id="stage-interview"', 1)[1].split('<td class="num">', 1)[1].split("</td>", 1)[0]
    assert weight == "40"


def test_a_bad_weight_is_refused_with_the_actions_words(world: World, as_role: Any) -> None:
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:weights", args=[world.campaign.pk]),
                                      {"weight_interview": "120"}, follow=True)
    assert "的权重应在0到100之间" in text(r)
    with nothing_changes():
        assert as_role("reviewer").post(reverse("campaigns:weights", args=[world.campaign.pk]),
                                        {"weight_interview": "10"}).status_code == 403


# --- imports ----------------------------------------------------------------------------------------

def test_campaign_template_download(world: World, as_role: Any) -> None:
    r = as_role("organiser").get(reverse("campaigns:import_template"))
    assert r.status_code == 200
    assert r.content[:2] == b"PK"
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    assert as_role("reviewer").get(reverse("campaigns:import_template")).status_code == 403


def test_a_bad_campaign_workbook_shows_the_row_report_and_creates_nothing(world: World, as_role: Any) -> None:
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:import"), {
            "file": SimpleUploadedFile("批次.xlsx", b"not a workbook", "application/octet-stream")})
    assert r.status_code == 200
    assert "未导入任何数据" in text(r)
    assert 'id="problems"' in text(r)


def test_a_good_campaign_workbook_creates_a_draft(world: World, as_role: Any) -> None:
    import io

    import openpyxl

    from xuanren.campaigns.importing import campaign_template

    wb = openpyxl.load_workbook(io.BytesIO(campaign_template()))
    wb["批次"].append(["2027年竞争上岗", "测试局", "", "court_2010", "", "2027-03-10 17:00", "", "", "", ""])
    wb["职位"].append(["A01", "办公室", "办公室副主任", "副科", "1"])
    buffer = io.BytesIO()
    wb.save(buffer)
    r = as_role("organiser").post(reverse("campaigns:import"), {
        "file": SimpleUploadedFile("批次.xlsx", buffer.getvalue(), "application/octet-stream")}, follow=True)
    campaign = Campaign.objects.get(name="2027年竞争上岗")
    assert campaign.posts.get().code == "A01"
    assert "已新建竞聘批次" in text(r)
    assert events("campaigns.import") == 1


def test_applications_import_reports_problems_and_enters_nothing(world: World, as_role: Any) -> None:
    world.publish()
    csv = "身份证号,职位代码\n110101198001010000,P09\n".encode()
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:applications_import", args=[world.campaign.pk]), {
            "file": SimpleUploadedFile("报名.csv", csv, "text/csv")})
    assert "未导入任何数据" in text(r)
    with nothing_changes():
        assert as_role("reviewer").post(reverse("campaigns:applications_import", args=[world.campaign.pk]), {
            "file": SimpleUploadedFile("报名.csv", csv, "text/csv")}).status_code == 403


# --- entering an application --------------------------------------------------------------------------

def test_organiser_enters_a_nomination_with_its_nominator(world: World, as_role: Any, monkeypatch: Any) -> None:
    world.publish()
    monkeypatch.setattr("django.utils.timezone.now", lambda: BEFORE)
    person, nominator = world.people[0], world.people[1]
    r = as_role("organiser").post(reverse("campaigns:application_enter", args=[world.campaign.pk]), {
        "id_number": person.id_number, "post": world.posts["P01"].pk, "source": "mass",
        "nominator_id_number": nominator.id_number, "nominator_note": "", "preference": "1"}, follow=True)
    app = Application.objects.get(person=person)
    assert app.nominator == nominator
    assert app.source == "mass"
    assert "已录入" in text(r)
    assert events("applications.submit") == 1


def test_entering_a_nomination_without_nominator_is_refused(world: World, as_role: Any, monkeypatch: Any) -> None:
    world.publish()
    monkeypatch.setattr("django.utils.timezone.now", lambda: BEFORE)
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:application_enter", args=[world.campaign.pk]), {
            "id_number": world.people[0].id_number, "post": world.posts["P01"].pk, "source": "organisation"})
    assert "须写明推荐人（首提责任制）" in text(r)


def test_entering_for_someone_not_in_the_register_is_refused(world: World, as_role: Any) -> None:
    world.publish()
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:application_enter", args=[world.campaign.pk]), {
            "id_number": "123", "post": world.posts["P01"].pk, "source": "self"})
    assert "身份证号" in text(r) and "无效" in text(r)


def test_entering_is_refused_to_a_reviewer(world: World, as_role: Any) -> None:
    world.publish()
    with nothing_changes():
        r = as_role("reviewer").post(reverse("campaigns:application_enter", args=[world.campaign.pk]), {
            "id_number": world.people[0].id_number, "post": world.posts["P01"].pk, "source": "self"})
    assert r.status_code == 403


def test_current_stage_is_the_open_one(world: World, as_role: Any) -> None:
    world.publish()
    world.open_eligibility()
    assert world.stage("eligibility").status == Stage.Status.OPEN
    body = text(as_role("organiser").get(reverse("campaigns:list")))
    assert "进行中" in body


@pytest.mark.django_db
def test_a_pending_stage_links_only_pages_meant_for_before_it_opens(personas: dict[str, Any]) -> None:
    """A trial vote may be held before the recommendation opens, so its sessions page is linked from a
    pending stage; scoring pages (exam, panels) need the stage open and are linked only once it is."""
    from tests.campaigns.world import build_world
    from xuanren.campaigns.models import Stage
    from xuanren.campaigns.stage_pages import links_for

    w = build_world(personas)
    stages = {s.kind: s for s in Stage.objects.filter(campaign=w.campaign)}
    assert stages["recommendation"].status == Stage.Status.PENDING
    labels = [str(link["label"]) for link in links_for(w.organiser, stages["recommendation"])]
    assert labels == ["投票场次"]
    assert stages["interview"].status == Stage.Status.PENDING
    assert links_for(w.organiser, stages["interview"]) == []
    Stage.objects.filter(pk=stages["interview"].pk).update(status=Stage.Status.OPEN)
    stages["interview"].refresh_from_db()
    assert [str(link["label"]) for link in links_for(w.organiser, stages["interview"])] == ["评委与评分"]
