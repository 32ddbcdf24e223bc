"""Posts: validated while the campaign is a draft; cancelled, extended or merged afterwards, with reasons."""

from __future__ import annotations

import pytest

from tests.campaigns.world import AFTER, BEFORE, World, events, nothing_changes, one_event, sh
from xuanren.campaigns import actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Post, Review
from xuanren.record.models import Event
from xuanren.rules.eligibility import Conditions

pytestmark = pytest.mark.django_db


def new_post(world: World, **kw: object) -> Post:
    args: dict[str, object] = {"code": "P09", "department": world.office, "title": "档案室主任",
                               "level": "section_chief", "slots": 1}
    args.update(kw)
    return actions.post_create(actor=world.organiser, campaign=world.campaign, **args)  # type: ignore[arg-type]


def test_post_with_conditions_as_dataclass_is_stored_as_json(world: World) -> None:
    with one_event("posts.create"):
        p = new_post(world, conditions=Conditions(max_age=40, min_education="master", free_text=("具有法律职业资格",)))
    assert p.conditions == {"max_age": 40, "min_education": "master", "free_text": ["具有法律职业资格"]}
    assert p.order == 4


def test_zero_slots_refused(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="职位P09：职数应为正整数，实为0"):
        new_post(world, slots=0)


def test_contradicting_conditions_refused(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="最低年龄50岁高于最高年龄45岁，条件互相矛盾"):
        new_post(world, conditions={"min_age": 50, "max_age": 45})


@pytest.mark.parametrize(("conditions", "message"), [
    ({"max_agee": 45}, "资格条件中有未知项：max_agee"),
    ({"max_age": "45"}, "资格条件“max_age”应为整数"),
    ({"qualifying_ranks": ["principal_9"]}, "任职资格中的职级“principal_9”未知"),
    ({"full_time_required": True}, "要求全日制学历，但未指定最低学历"),
    ({"min_years": 3}, "未指定职务层次或职级"),
])
def test_malformed_conditions_refused(world: World, conditions: dict[str, object], message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        new_post(world, conditions=conditions)


def test_duplicate_code_refused(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="职位代码“P01”已被本批次的另一个职位使用"):
        new_post(world, code="P01")


def test_unknown_level_refused(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="职务层次/职级"):
        new_post(world, level="emperor")


def test_update_and_delete_in_a_draft(world: World) -> None:
    with one_event("posts.update"):
        p = actions.post_update(actor=world.organiser, post=world.posts["P01"], slots=2, conditions={"max_age": 40})
    assert (p.slots, p.conditions) == (2, {"max_age": 40})
    with nothing_changes():
        actions.post_update(actor=world.organiser, post=p, slots=2)  # no change, no event
    with one_event("posts.delete"):
        actions.post_delete(actor=world.organiser, post=p)
    assert not Post.objects.filter(pk=p.pk).exists()


def test_cancel_needs_a_reason_and_is_recorded(world: World) -> None:
    world.publish()
    with nothing_changes(), pytest.raises(CampaignError, match="请写明理由"):
        actions.post_cancel(actor=world.organiser, post=world.posts["P03"], reason="  ")
    with one_event("posts.cancel"):
        p = actions.post_cancel(actor=world.organiser, post=world.posts["P03"], reason="合格人数不足")
    assert p.status == Post.Status.CANCELLED
    assert Event.objects.get(action="posts.cancel").details["reason"] == "合格人数不足"
    with nothing_changes(), pytest.raises(CampaignError, match="职位P03已取消"):
        actions.post_cancel(actor=world.organiser, post=p, reason="again")


def test_cancel_is_not_for_drafts(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="不在进行中"):
        actions.post_cancel(actor=world.organiser, post=world.posts["P03"], reason="x")


def test_extend_gives_one_post_a_later_deadline(world: World) -> None:
    world.publish()
    new = sh(2026, 12, 8, 17, 0)
    with one_event("posts.extend"):
        p = actions.post_extend(actor=world.organiser, post=world.posts["P01"], new_deadline=new,
                                reason="报名人数不足", now=AFTER)
    assert p.apply_until == new
    # The extended post takes applications; the others stay closed.
    world.apply(world.people[0], "P01", now=AFTER)
    with nothing_changes(), pytest.raises(CampaignError, match="报名已于2026年12月1日17:00截止"):
        world.apply(world.people[0], "P02", now=AFTER)


def test_extend_must_be_later(world: World) -> None:
    world.publish()
    message = "新的报名截止时间2026年11月30日17:00应晚于2026年12月1日17:00"
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.post_extend(actor=world.organiser, post=world.posts["P01"], new_deadline=sh(2026, 11, 30, 17, 0),
                            reason="x", now=BEFORE)


def test_merge_moves_applications_adds_slots_and_is_recorded(world: World) -> None:
    world.publish()
    a, b, c = world.people[:3]
    world.apply(a, "P03")
    world.apply(b, "P03")
    world.apply(b, "P01")  # b already applied to the post merged into
    world.apply(c, "P01")
    world.open_eligibility()
    actions.review_run(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    with one_event("posts.merge"):
        into = actions.post_merge(actor=world.organiser, post=world.posts["P03"], into=world.posts["P01"],
                                  reason="两职位合格人数均不足，合并竞聘")
    world.refresh()
    assert world.posts["P03"].status == Post.Status.MERGED and world.posts["P03"].merged_into == into
    assert into.slots == 2
    moved = Application.objects.get(person=a, post=into)
    assert moved.status == Application.Status.SUBMITTED
    assert not Review.objects.filter(application=moved).exists()  # to be checked against P01's conditions
    assert Application.objects.get(person=b, post=world.posts["P03"]).status == Application.Status.WITHDRAWN
    details = Event.objects.get(action="posts.merge").details
    assert details["into_code"] == "P01" and details["moved"] == [moved.pk]
    with nothing_changes(), pytest.raises(CampaignError, match="已并入职位P01"):
        world.apply(world.people[4], "P03")


def test_merge_into_itself_or_a_closed_post_refused(world: World) -> None:
    world.publish()
    actions.post_cancel(actor=world.organiser, post=world.posts["P02"], reason="x")
    with nothing_changes():
        with pytest.raises(CampaignError, match="职位不能并入自身"):
            actions.post_merge(actor=world.organiser, post=world.posts["P01"], into=world.posts["P01"], reason="x")
        with pytest.raises(CampaignError, match="职位P02已取消，不能并入"):
            actions.post_merge(actor=world.organiser, post=world.posts["P01"], into=world.posts["P02"], reason="x")
    assert events("posts.merge") == 0
