"""Post pages: create and edit with the conditions as a form (contradictions refused beside the form), delete
while draft; after publishing, the three decisions for a post below the minimum, each with its reason."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns.world import AFTER, World, events, nothing_changes
from xuanren.campaigns import actions
from xuanren.campaigns.models import Post
from xuanren.record.models import Event

pytestmark = pytest.mark.django_db


def _post_form(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "department": world.legal.pk, "code": "P04", "title": "政策法规科科长", "level": "section_chief",
        "slots": "1", "duties": "负责规范性文件审查。",
        "qualifying_levels": ["section_deputy"], "qualifying_ranks": ["principal_1", "principal_2"],
        "min_years": "2", "min_age": "", "max_age": "45", "min_education": "bachelor", "full_time_required": "on",
        "appraisal_years": "3", "appraisal_min": "competent", "no_discipline_in_force": "on",
        "party_member_required": "on", "probationary_counts": "on",
        "free_text": "具有法律职业资格\n熟悉行政执法工作",
    }
    data.update(changes)
    return data


def text(response: Any) -> str:
    return response.content.decode()


def test_organiser_adds_a_post_with_its_conditions(world: World, as_role: Any) -> None:
    url = reverse("campaigns:post_create", args=[world.campaign.pk])
    page = text(as_role("organiser").get(url))
    assert "办公室" in page and "政策法规科" in page and "四级主任科员" in page
    r = as_role("organiser").post(url, _post_form(world))
    post = Post.objects.get(campaign=world.campaign, code="P04")
    assert r.status_code == 302
    assert post.department == world.legal
    assert post.conditions == {
        "qualifying_levels": ["section_deputy"], "qualifying_ranks": ["principal_1", "principal_2"], "min_years": 2,
        "max_age": 45, "min_education": "bachelor", "full_time_required": True, "appraisal_years": 3,
        "no_discipline_in_force": True, "party_member_required": True,
        "free_text": ["具有法律职业资格", "熟悉行政执法工作"]}
    assert Event.objects.filter(action="posts.create", object_id=str(post.pk)).exists()


def test_contradictory_conditions_are_refused_beside_the_form(world: World, as_role: Any) -> None:
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:post_create", args=[world.campaign.pk]),
                                      _post_form(world, min_age="50", max_age="40"))
    assert r.status_code == 200
    body = text(r)
    assert 'id="conditions-refusal"' in body
    assert "职位P04：" in body
    assert "年龄" in body.split('id="conditions-refusal"')[1].split("</div>")[0]


def test_zero_slots_are_refused_with_the_rules_message(world: World, as_role: Any) -> None:
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:post_create", args=[world.campaign.pk]),
                                      _post_form(world, slots="0"))
    assert "职位P04：" in text(r)


def test_adding_a_post_is_refused_to_a_reviewer(world: World, as_role: Any) -> None:
    with nothing_changes():
        r = as_role("reviewer").post(reverse("campaigns:post_create", args=[world.campaign.pk]), _post_form(world))
    assert r.status_code == 403


def test_edit_shows_the_conditions_and_saves_changes(world: World, as_role: Any) -> None:
    post = world.posts["P01"]
    url = reverse("campaigns:post_edit", args=[world.campaign.pk, post.pk])
    page = text(as_role("organiser").get(url))
    assert re.search(r'value="principal_3"[^>]*checked', page)
    assert not re.search(r'value="principal_5"[^>]*checked', page)
    assert 'name="max_age" value="45"' in page
    r = as_role("organiser").post(url, _post_form(world, code="P01", title="办公室副主任（新）", max_age="40"))
    assert r.status_code == 302
    post.refresh_from_db()
    assert post.title == "办公室副主任（新）"
    assert post.conditions["max_age"] == 40
    assert events("posts.update") == 1


def test_edit_after_publishing_is_refused_and_nothing_changes(world: World, as_role: Any) -> None:
    world.publish()
    post = world.posts["P01"]
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:post_edit", args=[world.campaign.pk, post.pk]),
                                      _post_form(world, code="P01"))
    assert "已发布公告" in text(r) and "不能再修改方案" in text(r)


def test_delete_a_post_of_a_draft(world: World, as_role: Any) -> None:
    post = world.posts["P03"]
    url = reverse("campaigns:post_delete", args=[world.campaign.pk, post.pk])
    with nothing_changes():
        assert as_role("supervisor").post(url).status_code == 403
    r = as_role("organiser").post(url, follow=True)
    assert not Post.objects.filter(pk=post.pk).exists()
    assert "已删除职位" in text(r)
    assert events("posts.delete") == 1


# --- decisions for posts below the minimum -----------------------------------------------------------

def _below_minimum(world: World, monkeypatch: Any) -> None:
    """Published, applications closed, P01 with two qualified, P02 with one, P03 with none."""
    world.publish()
    for person in world.people[:2]:
        world.apply(person, "P01")
    world.apply(world.people[2], "P02")
    world.open_eligibility()
    actions.review_run(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    actions.review_confirm_pending(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    monkeypatch.setattr("django.utils.timezone.now", lambda: AFTER)


def test_dashboard_flags_posts_below_the_minimum_with_three_choices(world: World, as_role: Any,
                                                                    monkeypatch: Any) -> None:
    _below_minimum(world, monkeypatch)
    body = text(as_role("organiser").get(reverse("campaigns:detail", args=[world.campaign.pk])))
    assert body.count("合格人数不足</span>") == 2
    assert "取消职位" in body and "延长报名" in body and "合并" in body
    assert "2 个职位合格人数少于 2 人" in body


def test_cancel_needs_a_reason_and_records_it(world: World, as_role: Any, monkeypatch: Any) -> None:
    _below_minimum(world, monkeypatch)
    post = world.posts["P03"]
    url = reverse("campaigns:post_cancel", args=[world.campaign.pk, post.pk])
    with nothing_changes():
        r = as_role("organiser").post(url, {"reason": "  "}, follow=True)
    assert "理由" in text(r)
    with nothing_changes():
        assert as_role("reviewer").post(url, {"reason": "无人报名"}).status_code == 403
    as_role("organiser").post(url, {"reason": "无人报名"})
    post.refresh_from_db()
    assert post.status == Post.Status.CANCELLED
    assert Event.objects.get(action="posts.cancel").details["reason"] == "无人报名"


def test_extend_reads_the_new_deadline_in_the_campaigns_zone(world: World, as_role: Any, monkeypatch: Any) -> None:
    _below_minimum(world, monkeypatch)
    post = world.posts["P02"]
    as_role("organiser").post(reverse("campaigns:post_extend", args=[world.campaign.pk, post.pk]),
                              {"new_deadline": "2026-12-08T17:00", "reason": "报名人数不足"})
    post.refresh_from_db()
    assert post.apply_until is not None
    assert post.apply_until.isoformat() == "2026-12-08T09:00:00+00:00"
    assert Event.objects.get(action="posts.extend").details["reason"] == "报名人数不足"


def test_extend_to_an_earlier_time_is_refused_in_chinese(world: World, as_role: Any, monkeypatch: Any) -> None:
    _below_minimum(world, monkeypatch)
    post = world.posts["P02"]
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:post_extend", args=[world.campaign.pk, post.pk]),
                                      {"new_deadline": "2026-11-28T17:00", "reason": "x"}, follow=True)
    assert "新的报名截止时间" in text(r) and "应晚于" in text(r)


def test_merge_moves_the_applications(world: World, as_role: Any, monkeypatch: Any) -> None:
    _below_minimum(world, monkeypatch)
    post, into = world.posts["P02"], world.posts["P01"]
    r = as_role("organiser").post(reverse("campaigns:post_merge", args=[world.campaign.pk, post.pk]),
                                  {"into": into.pk, "reason": "职责相近，合并竞聘"}, follow=True)
    post.refresh_from_db()
    assert post.status == Post.Status.MERGED
    assert into.applications.count() == 3
    assert "已合并" in text(r)
    assert Event.objects.get(action="posts.merge").details["reason"] == "职责相近，合并竞聘"
