"""The inspection pages per role: the organiser works every part through the forms, the supervisor reads
everything and changes nothing, and the public reads the published advance notices."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.inspection.world import DIMS, TEXTS, InspectionWorld, build_inspection_world, nothing_changes
from xuanren.campaigns.models import Campaign
from xuanren.inspection import actions
from xuanren.inspection.models import Inspection


@pytest.fixture
def iw(personas: dict[str, Any]) -> InspectionWorld:
    return build_inspection_world(personas)


def stage_url(iw: InspectionWorld) -> str:
    return reverse("inspection:stage", kwargs={"pk": iw.campaign.pk, "stage_pk": iw.stage.pk})


def url(name: str, inspection: Inspection) -> str:
    return reverse(f"inspection:{name}", kwargs={"inspection_pk": inspection.pk})


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_dashboard_links_the_stage_page(iw: InspectionWorld, as_role: Any) -> None:
    page = html(as_role("organiser").get(reverse("campaigns:detail", kwargs={"pk": iw.campaign.pk})))
    assert stage_url(iw) in page


def test_the_stage_page_lists_and_starts_the_inspections(personas: dict[str, Any], as_role: Any) -> None:
    iw = build_inspection_world(personas, start=False)
    organiser = as_role("organiser")
    page = html(organiser.get(stage_url(iw)))
    assert 'id="waiting"' in page and "人员6（P02）" in page and 'id="start-form"' in page
    assert "尚有6名人选未建立考察" in page
    response = organiser.post(reverse("inspection:start", kwargs={"pk": iw.campaign.pk, "stage_pk": iw.stage.pk}),
                              follow=True)
    page = html(response)
    assert "已为6名人选建立考察。" in page and 'id="waiting"' not in page
    assert 'id="post-P01"' in page and 'id="post-P02"' in page
    assert "尚有6人的考察未形成结论" in page
    assert Inspection.objects.count() == 6


def test_the_organiser_works_an_inspection_through_its_forms(iw: InspectionWorld, as_role: Any) -> None:
    client = as_role("organiser")
    one = iw.inspection(1)
    page = html(client.get(url("detail", one)))
    for form in ("team-form", "notice-form", "talks-form", "evaluation-form", "findings-form", "conclude-form",
                 "attachment-form"):
        assert f'id="{form}"' in page
    page = html(client.post(url("team", one), {"leader": "张组长", "members": "李组员\n王组员、赵组员"}, follow=True))
    assert "考察组已保存。" in page
    assert iw.inspection(1).team == ["李组员", "王组员", "赵组员"]
    page = html(client.post(url("notice", one), {"notice_from": "2026-12-07", "notice_until": "2026-12-11",
                                                 "contact": "电话010-12345678", "regenerate": "1"}, follow=True))
    assert "考察预告已保存（尚未发布）。" in page and "关于对人员1同志进行考察的预告" in page
    html(client.post(url("notice_publish", one), follow=True))
    assert iw.inspection(1).status == Inspection.Status.ANNOUNCED
    html(client.post(url("talks", one), {"talks-leaders": "5", "talks-middle": "10", "talks-colleagues": ""},
                     follow=True))
    assert iw.inspection(1).talks["middle"] == 10
    data = {f"text-{k}": TEXTS[k] for k in DIMS} | {"score-de": "90"}
    page = html(client.post(url("findings", one), data, follow=True))
    assert "考察情况已保存。" in page and iw.inspection(1).findings["de"]["score"] == "90"
    page = html(client.post(url("conclude", one), {"conclusion": "suitable", "text": "同意作为拟任人选"}, follow=True))
    assert "考察结论已形成。" in page and 'id="conclusion-value"' in page and 'id="withdraw-form"' in page
    assert 'id="findings-form"' not in page  # concluded: read only
    page = html(client.post(url("withdraw", one), {"reason": "录入错误"}, follow=True))
    assert "考察结论已撤回" in page and iw.inspection(1).status == Inspection.Status.ANNOUNCED


def test_a_refusal_is_shown_in_chinese_and_changes_nothing(iw: InspectionWorld, as_role: Any) -> None:
    client = as_role("organiser")
    one = iw.inspection(1)
    with nothing_changes():
        page = html(client.post(url("talks", one), {"talks-leaders": "-2"}, follow=True))
    assert "“单位领导班子成员”的谈话人数不能为负数（-2）" in page
    with nothing_changes():
        page = html(client.post(url("conclude", one), {"conclusion": "suitable", "text": "同意"}, follow=True))
    assert "人员1（P01）尚未确定考察组，不能形成考察结论" in page
    with nothing_changes():
        page = html(client.post(reverse("inspection:dimensions", kwargs={"pk": iw.campaign.pk,
                                                                          "stage_pk": iw.stage.pk}),
                                {"key-0": "de", "label-0": "德", "weight-0": "50", "key-1": "neng", "label-1": "能",
                                 "weight-1": "40"}, follow=True))
    assert "各考察维度权重合计应为100，现为90（德50、能40）" in page


def test_dimension_weights_through_the_form(iw: InspectionWorld, as_role: Any) -> None:
    data: dict[str, str] = {}
    for i, (k, label, w) in enumerate(zip(DIMS, "德能勤绩廉", ("30", "20", "20", "20", "10"), strict=True)):
        data |= {f"key-{i}": k, f"label-{i}": label, f"weight-{i}": w}
    data |= {"key-5": "", "label-5": "", "weight-5": ""}  # the empty row to add one
    page = html(as_role("organiser").post(reverse("inspection:dimensions", kwargs={
        "pk": iw.campaign.pk, "stage_pk": iw.stage.pk}), data, follow=True))
    assert "考察维度和权重已保存。" in page and "考察得分" in page
    iw.stage.refresh_from_db()
    assert [d["weight"] for d in iw.stage.settings["dimensions"]] == ["30", "20", "20", "20", "10"]


def test_the_supervisor_reads_everything_and_changes_nothing(iw: InspectionWorld, as_role: Any) -> None:
    one = iw.conclude(1)
    supervisor = as_role("supervisor")
    page = html(supervisor.get(stage_url(iw)))
    assert "人员1" in page and 'id="start-form"' not in page and 'id="dimensions-form"' not in page
    page = html(supervisor.get(url("detail", one)))
    assert "张组长（组织部副部长）" in page and TEXTS["lian"] in page and "综合考察情况，同意作为拟任人选" in page
    assert "<form method=\"post\" action=\"/inspection/" not in page
    with nothing_changes():
        assert supervisor.post(url("withdraw", one), {"reason": "x"}).status_code == 403
        assert supervisor.post(url("team", iw.inspection(2)), {"leader": "甲", "members": "乙"}).status_code == 403


@pytest.mark.parametrize("role", ["reviewer", "judge", "voter", "committee", "applicant", "outsider"])
def test_others_may_not_read(iw: InspectionWorld, as_role: Any, role: str) -> None:
    assert as_role(role).get(stage_url(iw)).status_code == 403
    assert as_role(role).get(url("detail", iw.inspection(1))).status_code == 403


def test_the_public_sees_the_published_notices_only(iw: InspectionWorld) -> None:
    one = actions.team_set(actor=iw.organiser, inspection=iw.inspection(1), leader="甲", members=["乙"])
    actions.notice_draft(actor=iw.organiser, inspection=one, notice_from="2026-12-07", notice_until="2026-12-11",
                         contact="电话010-12345678")
    public = reverse("inspection:notices", kwargs={"pk": iw.campaign.pk})
    page = html(Client().get(public))
    assert 'id="no-notices"' in page and "人员1" not in page  # drafted, not published
    actions.notice_publish(actor=iw.organiser, inspection=one)
    two = actions.team_set(actor=iw.organiser, inspection=iw.inspection(4), leader="甲", members=["乙"])
    actions.notice_draft(actor=iw.organiser, inspection=two, notice_from="2026-12-07", notice_until="2026-12-11",
                         text="关于对人员4同志进行考察的预告\n\n人员4，身份证号110101198503100011，拟任。\n\n测试局\n\n2026年12月7日")
    actions.notice_publish(actor=iw.organiser, inspection=two)
    page = html(Client().get(public))
    assert f'id="notice-{one.pk}"' in page and "关于对人员1同志进行考察的预告" in page
    assert "反映方式：电话010-12345678。" in page and "职位P01" in page
    assert "110101198503100011" not in page and "***" in page  # an identity number typed by hand is blotted out
    Campaign.objects.filter(pk=iw.campaign.pk).update(status=Campaign.Status.DRAFT)
    assert Client().get(public).status_code == 404


def test_the_earlier_rank_is_printed_once(iw: InspectionWorld, as_role: Any) -> None:
    client = as_role("organiser")
    one, two = iw.inspection(1), iw.inspection(2)
    # as a shortlist writes them: the note already starts with the rank, or does not
    Inspection.objects.filter(pk=one.pk).update(finalist={"rank": 1, "score": "88.80", "note": "第1名，在职数2人"})
    Inspection.objects.filter(pk=two.pk).update(finalist={"rank": 2, "score": "85.10", "note": "进入考察"})
    earlier = html(client.get(url("detail", one))).split('id="earlier">', 1)[1].split("</p>", 1)[0]
    assert earlier.count("第1名") == 1 and "88.80 第1名，在职数2人" in earlier
    earlier = html(client.get(url("detail", two))).split('id="earlier">', 1)[1].split("</p>", 1)[0]
    assert "第2名 85.10 进入考察" in earlier


def test_one_team_for_the_inspections_ticked_on_the_stage_page(iw: InspectionWorld, as_role: Any) -> None:
    client = as_role("organiser")
    iw.conclude(6)
    page = html(client.get(stage_url(iw)))
    assert 'id="team-many-form"' in page
    for n in (1, 4):
        assert f'value="{iw.inspection(n).pk}" form="team-many-form"' in page
    assert f'value="{iw.inspection(6).pk}" form="team-many-form" aria-label="选择人员6" disabled' in page
    target = reverse("inspection:team_many", kwargs={"pk": iw.campaign.pk, "stage_pk": iw.stage.pk})
    page = html(client.post(target, {"inspection": [iw.inspection(1).pk, iw.inspection(4).pk],
                                     "leader": "张组长（组织部副部长）", "members": "李组员\n王组员\n"}, follow=True))
    assert "已为2名考察对象设置考察组。" in page
    assert [iw.inspection(n).team for n in (1, 4)] == [["李组员", "王组员"]] * 2 and not iw.inspection(2).team
    with nothing_changes():
        page = html(client.post(target, {"leader": "甲", "members": "乙"}, follow=True))
    assert "请选择要由该考察组考察的对象" in page
    assert 'id="team-many-form"' not in html(as_role("supervisor").get(stage_url(iw)))
    for n in (1, 2, 3, 4, 5):
        iw.conclude(n)
    assert 'id="team-many-form"' not in html(client.get(stage_url(iw)))  # nobody left to give a team
