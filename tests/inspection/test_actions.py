"""The inspection actions: the whole path of one inspection through the real actions, and every refusal
(which changes nothing: no row, no record event)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.campaigns.world import events, one_event
from tests.inspection.world import DIMS, TEXTS, InspectionWorld, build_inspection_world, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage
from xuanren.inspection import actions
from xuanren.inspection.models import Inspection
from xuanren.record.models import Event


@pytest.fixture
def iw(personas: dict[str, Any]) -> InspectionWorld:
    return build_inspection_world(personas)


def test_start_opens_one_inspection_per_finalist(personas: dict[str, Any]) -> None:
    iw = build_inspection_world(personas, start=False)
    with one_event("inspection.start"):
        made = iw.start()
    assert [(i.application.person.name, i.application.post.code) for i in made] == [
        ("人员1", "P01"), ("人员2", "P01"), ("人员3", "P01"), ("人员4", "P02"), ("人员5", "P02"), ("人员6", "P02")]
    assert all(i.status == Inspection.Status.PREPARING and i.stage == iw.stage for i in made)
    assert made[0].finalist == {"rank": None, "score": "", "note": "资格审查合格"}
    event = Event.objects.filter(action="inspection.start").get()
    assert event.details["count"] == 6 and event.details["inspections"][0]["name"] == "人员1"
    with nothing_changes(), pytest.raises(CampaignError, match="全部6名人选均已建立考察，无需重复"):
        iw.start()


def test_start_only_adds_the_missing_ones(personas: dict[str, Any]) -> None:
    iw = build_inspection_world(personas, start=False)
    app = iw.dw.applications["P02"][2]
    Inspection.objects.create(stage=iw.stage, application=app)
    made = iw.start()
    assert len(made) == 5 and app.pk not in {i.application_id for i in made}


def test_start_refused_before_the_stage_opens_and_after_it_is_sealed(personas: dict[str, Any]) -> None:
    from tests.campaigns.decision_world import build_decision_world

    dw = build_decision_world(personas)
    stage = dw.stage("inspection")
    with nothing_changes(), pytest.raises(CampaignError, match="组织考察环节尚未开始，不能建立考察"):
        actions.inspections_start(actor=dw.organiser, stage=stage)
    with nothing_changes(), pytest.raises(CampaignError, match="不是组织考察环节"):
        actions.inspections_start(actor=dw.organiser, stage=dw.stage("committee"))


def test_only_the_organiser_may_act(iw: InspectionWorld, personas: dict[str, Any]) -> None:
    for role in ("supervisor", "reviewer", "applicant"):
        with nothing_changes(), pytest.raises(PermissionDenied):
            actions.team_set(actor=personas[role], inspection=iw.inspection(1), leader="甲", members=["乙"])


def test_the_whole_path_of_one_inspection(iw: InspectionWorld) -> None:
    one = iw.inspection(1)
    with one_event("inspection.team"):
        actions.team_set(actor=iw.organiser, inspection=one, leader=" 张组长（组织部副部长） ",
                         members=["李组员（干部科科长）", "", "王组员（干部科副科长）"])
    one.refresh_from_db()
    assert one.team_leader == "张组长（组织部副部长）"
    assert one.team == ["李组员（干部科科长）", "王组员（干部科副科长）"]

    with one_event("inspection.notice_draft"):
        actions.notice_draft(actor=iw.organiser, inspection=one, notice_from="2026-12-07",
                             notice_until=dt.date(2026, 12, 11), contact="电话010-12345678，地址测试局组织人事处")
    one.refresh_from_db()
    text = one.notice_text
    assert text.startswith("关于对人员1同志进行考察的预告")
    for words in ("人员1，男，1985年3月生，大学本科，中共党员，现任测试局办公室科员",
                  "作为办公室副主任职位（职位代码P01）的考察对象", "预告期：2026年12月7日至2026年12月11日。",
                  "反映方式：电话010-12345678，地址测试局组织人事处。"):
        assert words in text
    assert text.endswith("测试局\n\n2026年12月7日")
    # Edited by hand before publishing: the text as typed is kept.
    actions.notice_draft(actor=iw.organiser, inspection=one, notice_from="2026-12-07", notice_until="2026-12-11",
                         text=text.replace("经研究", "经局党组研究"))
    one.refresh_from_db()
    assert "经局党组研究" in one.notice_text and one.status == Inspection.Status.PREPARING

    with one_event("inspection.notice_publish"):
        actions.notice_publish(actor=iw.organiser, inspection=one)
    one.refresh_from_db()
    assert one.status == Inspection.Status.ANNOUNCED and one.notice_published_at is not None

    with one_event("inspection.talks"):
        actions.talks_set(actor=iw.organiser, inspection=one, talks={"leaders": 5, "middle": "12", "colleagues": 20})
    one.refresh_from_db()
    assert one.talks == {"leaders": 5, "middle": 12, "colleagues": 20, "subordinates": 0, "others": 0}

    with one_event("inspection.findings"):
        actions.findings_set(actor=iw.organiser, inspection=one, findings={"de": {"text": TEXTS["de"], "score": "90"}})
    actions.findings_set(actor=iw.organiser, inspection=one, findings={
        k: {"text": TEXTS[k], "score": None} for k in DIMS if k != "de"})
    one.refresh_from_db()
    assert one.findings["de"] == {"text": TEXTS["de"], "score": "90"}  # the others did not touch it
    assert one.findings["lian"] == {"text": TEXTS["lian"], "score": None}

    with one_event("inspection.conclude"):
        actions.conclude(actor=iw.organiser, inspection=one, conclusion="suitable", text="同意作为拟任人选")
    one.refresh_from_db()
    assert (one.status, one.conclusion, one.score) == (Inspection.Status.CONCLUDED, "suitable", None)
    event = Event.objects.filter(action="inspection.conclude").get()
    assert event.details["explanation"][0]["zh"] == "未设置考察维度权重，考察不量化计分"

    with one_event("inspection.withdraw"):
        actions.conclusion_withdraw(actor=iw.organiser, inspection=one, reason="录入错误")
    one.refresh_from_db()
    assert (one.status, one.conclusion, one.concluded_at) == (Inspection.Status.ANNOUNCED, "", None)
    assert Event.objects.filter(action="inspection.withdraw").get().details["withdrawn"]["conclusion"] == "suitable"


def test_weights_give_an_exact_score_kept_with_the_conclusion(iw: InspectionWorld) -> None:
    with one_event("inspection.dimensions"):
        actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=[
            {"key": "de", "label": "德", "weight": 30}, {"key": "neng", "label": "能", "weight": "25"},
            {"key": "qin", "label": "勤", "weight": "15"}, {"key": "ji", "label": "绩", "weight": "16.5"},
            {"key": "lian", "label": "廉", "weight": "13.5"}])
    iw.stage.refresh_from_db()
    assert iw.stage.settings["dimensions"][3] == {"key": "ji", "label": "绩", "weight": "16.5"}
    iw.ready(1, de="90", neng="85.5", qin=80, ji="88.25", lian="95")
    iw.ready(2, de="90", neng="85", qin="80", ji="88")
    refused = "本环节设置了考察维度权重，人员2（P01）以下维度尚未评分：廉"
    with nothing_changes(), pytest.raises(CampaignError, match=refused):
        actions.conclude(actor=iw.organiser, inspection=iw.inspection(2), conclusion="suitable", text="合格")
    one = actions.conclude(actor=iw.organiser, inspection=iw.inspection(1), conclusion="suitable", text="合格")
    # 90×30% + 85.5×25% + 80×15% + 88.25×16.5% + 95×13.5% = 27 + 21.375 + 12 + 14.56125 + 12.825 = 87.76125
    assert one.score == Decimal("87.761")
    details = Event.objects.filter(action="inspection.conclude").get().details
    assert details["score"] == "70209/800"
    assert [m["zh"] for m in details["explanation"]][-1] == "考察得分 = 27 + 21.375 + 12 + 14.56125 + 12.825 = 87.76分"
    # Once a conclusion rests on them the weights stay.
    refused = "已有1人的考察形成结论（人员1（P01）），考察维度和权重不能再修改"
    with nothing_changes(), pytest.raises(CampaignError, match=refused):
        actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=[{"key": "de", "label": "德"}])


@pytest.mark.parametrize(("dims", "message"), [
    ([], "至少需要一个考察维度"),
    ([{"key": "de", "label": "德", "weight": 50}, {"key": "neng", "label": "能", "weight": 40}],
     "各考察维度权重合计应为100，现为90（德50、能40）"),
    ([{"key": "de", "label": "德", "weight": 50}, {"key": "neng", "label": "能"}], "每个考察维度都须有权重，尚缺：能"),
    ([{"key": "de", "label": "德"}, {"key": "de", "label": "能"}], "重复"),
    ([{"key": "德", "label": "德"}], "代码“德”无效"),
    ([{"key": "de", "label": ""}], "名称不能为空"),
    ([{"key": "de", "label": "德", "weight": "-5"}, {"key": "x", "label": "X", "weight": 105}], "应在0至100之间"),
    ([{"key": "de", "label": "德", "weight": "33.333"}], "最多保留2位小数"),
    ([{"key": "de", "label": "德", "weight": 0.5}], "须为数字"),
])
def test_dimension_settings_refused(iw: InspectionWorld, dims: list[dict[str, Any]], message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=dims)


def test_a_dimension_with_findings_cannot_be_dropped(iw: InspectionWorld) -> None:
    actions.findings_set(actor=iw.organiser, inspection=iw.inspection(2), findings={"lian": {"text": "廉洁"}})
    with nothing_changes(), pytest.raises(CampaignError, match="人员2（P01）已填写维度“lian”的考察情况"):
        actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=[
            {"key": k, "label": k} for k in DIMS if k != "lian"])
    # Renaming and adding a sixth dimension is fine.
    actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=[
        *({"key": k, "label": label} for k, label in zip(DIMS, "德能勤绩廉", strict=True)),
        {"key": "xue", "label": "学"}])
    iw.ready(1)
    with nothing_changes(), pytest.raises(CampaignError, match="以下维度的考察情况尚未填写：学"):
        actions.conclude(actor=iw.organiser, inspection=iw.inspection(1), conclusion="suitable", text="合格")


@pytest.mark.parametrize(("leader", "members", "message"), [
    ("", ["乙"], "请填写考察组组长"),
    ("甲", [], "考察组应由两名以上人员组成"),
    ("甲", ["  "], "考察组应由两名以上人员组成"),
    ("甲", ["甲"], "组长“甲”不应同时列为组员"),
    ("甲", ["乙", "乙"], "组员“乙”重复"),
    ("甲" * 51, ["乙"], "超过50个字"),
])
def test_team_refused(iw: InspectionWorld, leader: str, members: list[str], message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.team_set(actor=iw.organiser, inspection=iw.inspection(1), leader=leader, members=members)


@pytest.mark.parametrize(("start", "end", "contact", "text", "message"), [
    ("2026-12-11", "2026-12-07", "电话", "", "预告截止日期（2026-12-07）早于起始日期（2026-12-11）"),
    ("", "2026-12-07", "电话", "", "请填写预告起始日期"),
    ("2026-12-01", "12月7日", "电话", "", "预告截止日期“12月7日”不是有效日期"),
    ("2026-12-01", "2026-12-07", "", "", "请填写反映情况的方式"),
    ("2026-12-01", "2026-12-07", "电话" * 200, "", "反映方式不超过300个字"),
])
def test_notice_draft_refused(iw: InspectionWorld, start: str, end: str, contact: str, text: str,
                              message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.notice_draft(actor=iw.organiser, inspection=iw.inspection(1), notice_from=start, notice_until=end,
                             contact=contact, text=text)


def test_notice_publish_refused_and_then_frozen(iw: InspectionWorld) -> None:
    one = iw.inspection(1)
    with nothing_changes(), pytest.raises(CampaignError, match="请先确定人员1（P01）的考察组"):
        actions.notice_publish(actor=iw.organiser, inspection=one)
    actions.team_set(actor=iw.organiser, inspection=one, leader="甲", members=["乙"])
    with nothing_changes(), pytest.raises(CampaignError, match="考察预告尚未拟写"):
        actions.notice_publish(actor=iw.organiser, inspection=one)
    actions.notice_draft(actor=iw.organiser, inspection=one, notice_from="2026-12-07", notice_until="2026-12-11",
                         contact="电话010-1")
    actions.notice_publish(actor=iw.organiser, inspection=one)
    with nothing_changes(), pytest.raises(CampaignError, match="考察预告已发布"):
        actions.notice_publish(actor=iw.organiser, inspection=one)
    with nothing_changes(), pytest.raises(CampaignError, match="考察预告已发布，不能再修改"):
        actions.notice_draft(actor=iw.organiser, inspection=one, notice_from="2026-12-07",
                             notice_until="2026-12-12", contact="电话")


@pytest.mark.parametrize(("talks", "message"), [
    ({"leaders": -1}, "“单位领导班子成员”的谈话人数不能为负数（-1）"),
    ({"middle": "三"}, "“中层干部”的谈话人数“三”不是整数"),
    ({"middle": "2.5"}, "不是整数"),
    ({"friends": 3}, "没有“friends”这一谈话类别"),
    ({"others": True}, "应为整数"),
    ({"others": 10**6}, "不合常理"),
])
def test_talks_refused(iw: InspectionWorld, talks: dict[str, Any], message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.talks_set(actor=iw.organiser, inspection=iw.inspection(1), talks=talks)


@pytest.mark.parametrize(("findings", "message"), [
    ({}, "没有要保存的考察情况"),
    ({"xue": {"text": "好学"}}, "没有“xue”这一考察维度（本环节的维度：德、能、勤、绩、廉）"),
    ({"de": {"text": "好", "score": "101"}}, "“德”的评分应在0至100之间，现为101"),
    ({"de": {"text": "好", "score": "-1"}}, "应在0至100之间"),
    ({"neng": {"text": "好", "score": "九十"}}, "“能”的评分“九十”不是数字"),
    ({"neng": {"text": "好", "score": "90.125"}}, "最多保留2位小数"),
    ({"neng": {"text": "好", "score": "NaN"}}, "不是数字"),
    ({"ji": {"text": "好" * 5001}}, "不超过5000个字"),
])
def test_findings_refused(iw: InspectionWorld, findings: dict[str, Any], message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.findings_set(actor=iw.organiser, inspection=iw.inspection(1), findings=findings)


def test_full_width_scores_are_read(iw: InspectionWorld) -> None:
    actions.findings_set(actor=iw.organiser, inspection=iw.inspection(1),
                         findings={"de": {"text": "好", "score": "８８．５"}})
    assert iw.inspection(1).findings["de"]["score"] == "88.5"


def test_conclusion_refused_until_its_parts_are_there(iw: InspectionWorld) -> None:
    one = iw.inspection(1)
    with nothing_changes(), pytest.raises(CampaignError, match="考察结论应为"):
        actions.conclude(actor=iw.organiser, inspection=one, conclusion="maybe", text="x")
    with nothing_changes(), pytest.raises(CampaignError, match="请填写考察结论意见"):
        actions.conclude(actor=iw.organiser, inspection=one, conclusion="suitable", text=" ")
    with nothing_changes(), pytest.raises(CampaignError, match="人员1（P01）尚未确定考察组"):
        actions.conclude(actor=iw.organiser, inspection=one, conclusion="suitable", text="合格")
    actions.team_set(actor=iw.organiser, inspection=one, leader="甲", members=["乙"])
    actions.findings_set(actor=iw.organiser, inspection=one, findings={"de": {"text": "好"}, "qin": {"text": ""}})
    with nothing_changes(), pytest.raises(CampaignError, match="以下维度的考察情况尚未填写：能、勤、绩、廉"):
        actions.conclude(actor=iw.organiser, inspection=one, conclusion="suitable", text="合格")


def test_a_concluded_inspection_changes_only_after_withdrawal(iw: InspectionWorld) -> None:
    one = iw.conclude(1)
    for call, what in [
        (lambda: actions.team_set(actor=iw.organiser, inspection=one, leader="丙", members=["丁"]), "考察组"),
        (lambda: actions.talks_set(actor=iw.organiser, inspection=one, talks={"leaders": 1}), "谈话情况"),
        (lambda: actions.findings_set(actor=iw.organiser, inspection=one, findings={"de": {"text": "改"}}), "考察情况"),
        (lambda: actions.conclude(actor=iw.organiser, inspection=one, conclusion="unsuitable", text="x"), "考察结论"),
        (lambda: actions.evaluation_link(actor=iw.organiser, inspection=one, session=None), "民主测评"),
        (lambda: actions.notice_draft(actor=iw.organiser, inspection=one, notice_from="2026-12-01",
                                      notice_until="2026-12-02", contact="电话"), "考察预告"),
    ]:
        with nothing_changes(), pytest.raises(CampaignError, match=f"人员1（P01）的考察已形成结论，不能再修改{what}"):
            call()
    with nothing_changes(), pytest.raises(CampaignError, match="撤回考察结论须写明理由"):
        actions.conclusion_withdraw(actor=iw.organiser, inspection=one, reason="")
    with nothing_changes(), pytest.raises(CampaignError, match="人员2（P01）的考察尚未形成结论，无需撤回"):
        actions.conclusion_withdraw(actor=iw.organiser, inspection=iw.inspection(2), reason="x")
    actions.conclusion_withdraw(actor=iw.organiser, inspection=one, reason="发现新情况")
    actions.findings_set(actor=iw.organiser, inspection=one, findings={"lian": {"text": "有待核实的问题"}})
    assert iw.inspection(1).status == Inspection.Status.PREPARING


def test_nothing_changes_once_the_stage_is_sealed(iw: InspectionWorld) -> None:
    iw.conclude_all()
    campaign_actions.stage_seal(actor=iw.organiser, stage=iw.stage)
    one = iw.inspection(1)
    before = events("inspection.withdraw")
    with nothing_changes(), pytest.raises(CampaignError, match="组织考察环节已封存，不能再撤回考察结论"):
        actions.conclusion_withdraw(actor=iw.organiser, inspection=one, reason="x")
    with nothing_changes(), pytest.raises(CampaignError, match="已封存"):
        actions.talks_set(actor=iw.organiser, inspection=one, talks={})
    with nothing_changes(), pytest.raises(CampaignError, match="已封存"):
        actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=[{"key": "de", "label": "德"}])
    assert events("inspection.withdraw") == before
    assert Stage.objects.get(pk=iw.stage.pk).status == Stage.Status.SEALED


def test_one_team_for_several_inspections_at_once(iw: InspectionWorld) -> None:
    chosen = [iw.inspection(n) for n in (1, 2, 3)]
    before = events("inspection.team")
    done = actions.team_set_many(actor=iw.organiser, stage=iw.stage, inspections=[chosen[2], chosen[0].pk, chosen[1]],
                                 leader="张组长（组织部副部长）", members=["李组员（干部科科长）", ""])
    assert [i.pk for i in done] == sorted(i.pk for i in chosen)
    assert events("inspection.team") == before + 3
    for n in (1, 2, 3):
        one = iw.inspection(n)
        assert (one.team_leader, one.team) == ("张组长（组织部副部长）", ["李组员（干部科科长）"])
    assert iw.inspection(4).team_leader == ""


def test_one_team_for_several_is_all_or_nothing(iw: InspectionWorld, personas: dict[str, Any]) -> None:
    concluded = iw.conclude(4)
    two = [iw.inspection(1), iw.inspection(2)]
    for inspections, leader, members, message in [
        (two, "", ["乙"], "请填写考察组组长"),
        (two, "甲", ["甲"], "组长“甲”不应同时列为组员"),
        ([], "甲", ["乙"], "请选择要由该考察组考察的对象"),
        ([*two, concluded], "甲", ["乙"], "人员4（P02）的考察已形成结论，不能再修改考察组"),
        ([*two, 999999], "甲", ["乙"], "本环节没有编号为999999的考察"),
    ]:
        with nothing_changes(), pytest.raises(CampaignError, match=message):
            actions.team_set_many(actor=iw.organiser, stage=iw.stage, inspections=inspections, leader=leader,
                                  members=members)
    with nothing_changes(), pytest.raises(PermissionDenied):
        actions.team_set_many(actor=personas["supervisor"], stage=iw.stage, inspections=two, leader="甲",
                              members=["乙"])
