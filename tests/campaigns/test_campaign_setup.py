"""Setting up a campaign: templates, copying, changing a draft, weights, publishing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.campaigns.world import AFTER, BEFORE, DEADLINE, World, nothing_changes, one_event
from xuanren.campaigns import actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Campaign, Method, Post, Stage
from xuanren.campaigns.presets import TEMPLATES
from xuanren.people.models import Unit

pytestmark = pytest.mark.django_db


def kinds(campaign: Campaign) -> list[tuple[str, Decimal | None]]:
    return [(s.kind, s.weight) for s in campaign.stages.order_by("order")]


@pytest.fixture
def unit(db: Any) -> Unit:
    return Unit.objects.create(name="某市中级人民法院")


def test_court_template_has_seed_000_stages_and_recommendation_scoring(unit: Unit) -> None:
    with one_event("campaigns.create"):
        c = actions.campaign_create(actor=None, name="交流竞聘", unit=unit, template="court_2010")
    assert c.method == Method.INTERNAL and c.status == Campaign.Status.DRAFT and c.template == "court_2010"
    assert kinds(c) == [("eligibility", None), ("interview", None), ("recommendation", Decimal(100)),
                        ("committee", None), ("notice", None), ("appointment", None)]
    rec = c.stages.get(kind="recommendation")
    assert [g["weight"] for g in rec.settings["groups"]] == [30, 30, 40]
    assert rec.settings["thresholds"] == [[1, 60], [2, 50], [3, 40]]
    assert not c.stages.get(kind="committee").public


def test_nine_steps_template_maps_seed_001(unit: Unit) -> None:
    c = actions.campaign_create(actor=None, name="竞争上岗", unit=unit, template="nine_steps")
    assert [k for k, _w in kinds(c)] == ["eligibility", "interview", "evaluation", "shortlist", "inspection",
                                         "committee", "notice", "appointment"]
    assert all(w is None for _k, w in kinds(c))


def test_open_2004_template_weights_exam_40_interview_60(unit: Unit) -> None:
    c = actions.campaign_create(actor=None, name="公开选拔", unit=unit, template="open_2004")
    assert c.method == Method.OPEN
    assert [k for k, _w in kinds(c)] == ["eligibility", "exam", "interview", "shortlist", "inspection", "committee",
                                         "notice", "appointment"]
    assert dict(kinds(c))["exam"] == 40 and dict(kinds(c))["interview"] == 60


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_template_is_a_valid_plan(unit: Unit, code: str) -> None:
    c = actions.campaign_create(actor=None, name=code, unit=unit, template=code)
    assert c.stages.count() == len(TEMPLATES[code].stages)


def test_stages_given_as_codes_with_a_method(unit: Unit) -> None:
    c = actions.campaign_create(actor=None, name="两推一考", unit=unit, method=Method.TWO_RECOMMEND_ONE_EXAM,
                                stages=["eligibility", "recommendation", "exam", "inspection", "committee"])
    assert c.method == "two_recommend_one_exam" and c.stages.count() == 5


@pytest.mark.parametrize(("stages", "message"), [
    (["interview", "eligibility"], "资格审查须为第一个环节"),
    (["exam"], "竞聘批次须有资格审查环节"),
    (["eligibility", "exam", "exam"], "环节“笔试”重复"),
    (["eligibility", "appointment", "notice"], "任职须为最后一个环节"),
    (["eligibility", "vote"], "未知的环节“vote”"),
    ([{"kind": "eligibility", "weight": 10}], "“资格审查”环节不计分，不能设权重"),
    (["eligibility", {"kind": "exam", "weight": 120}], "“笔试”的权重应在0到100之间"),
    ([], "竞聘批次至少要有一个环节"),
])
def test_unworkable_stage_lists_are_refused(unit: Unit, stages: list[Any], message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.campaign_create(actor=None, name="x", unit=unit, stages=stages)


def test_unknown_template_and_no_stages_refused(unit: Unit) -> None:
    with nothing_changes():
        with pytest.raises(CampaignError, match="未知的模板“x”"):
            actions.campaign_create(actor=None, name="x", unit=unit, template="x")
        with pytest.raises(CampaignError, match="请选择模板或列出环节"):
            actions.campaign_create(actor=None, name="x", unit=unit)
        with pytest.raises(CampaignError, match="未知时区"):
            actions.campaign_create(actor=None, name="x", unit=unit, template="court_2010", time_zone="Mars/Base")


def test_applicant_may_not_create_a_campaign(world: World) -> None:
    with nothing_changes(), pytest.raises(PermissionDenied):
        actions.campaign_create(actor=world.users["applicant"], name="x", unit=world.unit, template="court_2010")


def test_copy_takes_stages_posts_and_conditions_not_applications_or_dates(world: World) -> None:
    world.publish()
    world.apply(world.people[0], "P01")
    with one_event("campaigns.copy"):
        copy = actions.campaign_copy(actor=world.organiser, source=world.campaign, name="2027年竞争上岗")
    assert copy.status == Campaign.Status.DRAFT and copy.copied_from == world.campaign
    assert kinds(copy) == kinds(world.campaign)
    assert copy.stages.get(kind="recommendation").settings == world.stage("recommendation").settings
    assert [(p.code, p.title, p.conditions, p.slots) for p in copy.posts.all()] == [
        (p.code, p.title, p.conditions, p.slots) for p in world.campaign.posts.all()]
    assert copy.applications.count() == 0
    assert (copy.apply_from, copy.apply_until, copy.reference_date, copy.published_at) == (None, None, None, None)
    assert all(s.status == Stage.Status.PENDING for s in copy.stages.all())


def test_update_a_draft_records_the_fields_changed(world: World) -> None:
    with one_event("campaigns.update"):
        c = actions.campaign_update(actor=world.organiser, campaign=world.campaign, posts_per_applicant=3,
                                    introduction="公告正文")
    assert c.posts_per_applicant == 3
    from xuanren.record.models import Event

    assert Event.objects.filter(action="campaigns.update").get().details["changed"] == ["introduction",
                                                                                      "posts_per_applicant"]


def test_update_refuses_a_closing_before_opening(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="报名开始时间应早于报名截止时间"):
        actions.campaign_update(actor=world.organiser, campaign=world.campaign, apply_from=DEADLINE,
                                apply_until=BEFORE)


def test_plan_is_fixed_once_announced(world: World) -> None:
    world.publish()
    with nothing_changes():
        with pytest.raises(CampaignError, match="已发布公告"):
            actions.campaign_update(actor=world.organiser, campaign=world.campaign, name="改名")
        with pytest.raises(CampaignError, match="已发布公告"):
            actions.stage_set_weights(actor=world.organiser, campaign=world.campaign, weights={"interview": 50})
        with pytest.raises(CampaignError, match="已发布公告"):
            actions.campaign_set_stages(actor=world.organiser, campaign=world.campaign, stages=["eligibility"])
        with pytest.raises(CampaignError, match="已发布公告"):
            actions.post_update(actor=world.organiser, post=world.posts["P01"], slots=2)
        with pytest.raises(CampaignError, match="已发布公告"):
            actions.post_create(actor=world.organiser, campaign=world.campaign, code="P09", department=world.office,
                                title="x", level="section_deputy", slots=1)


def test_publish_sets_status_and_records(world: World) -> None:
    with one_event("campaigns.publish"):
        actions.campaign_publish(actor=world.organiser, campaign=world.campaign, now=BEFORE)
    world.refresh()
    assert world.campaign.status == Campaign.Status.ANNOUNCED and world.campaign.published_at == BEFORE


def test_publish_needs_a_post(unit: Unit) -> None:
    c = actions.campaign_create(actor=None, name="x", unit=unit, template="court_2010", apply_until=DEADLINE)
    with nothing_changes(), pytest.raises(CampaignError, match="尚未设置职位"):
        actions.campaign_publish(actor=None, campaign=c, now=BEFORE)


def test_publish_needs_a_deadline_in_the_future(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=r"报名截止时间2026年12月1日17:00已过"):
        actions.campaign_publish(actor=world.organiser, campaign=world.campaign, now=AFTER)
    actions.campaign_update(actor=world.organiser, campaign=world.campaign, apply_until=None)
    with nothing_changes(), pytest.raises(CampaignError, match="尚未设置报名截止时间"):
        actions.campaign_publish(actor=world.organiser, campaign=world.campaign, now=BEFORE)


def test_publish_needs_weights_summing_to_100_and_names_the_missing(world: World) -> None:
    with one_event("stages.set_weights"):
        actions.stage_set_weights(actor=world.organiser, campaign=world.campaign,
                                  weights={"recommendation": 70})
    with nothing_changes(), pytest.raises(CampaignError) as info:
        actions.campaign_publish(actor=world.organiser, campaign=world.campaign, now=BEFORE)
    assert "各计分环节权重合计应为100，现为70（民主推荐70）" in str(info.value)
    assert "未设权重的计分环节：竞聘演讲/面试" in str(info.value)
    actions.stage_set_weights(actor=world.organiser, campaign=world.campaign, weights={"interview": "30"})
    world.publish()
    assert world.campaign.status == Campaign.Status.ANNOUNCED


def test_weights_only_on_stages_of_the_campaign(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="本批次没有“笔试”环节"):
        actions.stage_set_weights(actor=world.organiser, campaign=world.campaign, weights={"exam": 40})


def test_set_stages_replaces_them_in_a_draft(world: World) -> None:
    with one_event("campaigns.set_stages"):
        actions.campaign_set_stages(actor=world.organiser, campaign=world.campaign,
                                    stages=["eligibility", {"kind": "exam", "weight": 100}, "notice"])
    assert kinds(world.campaign) == [("eligibility", None), ("exam", Decimal(100)), ("notice", None)]
    assert Post.objects.filter(campaign=world.campaign).count() == 3
