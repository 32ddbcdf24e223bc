"""The reviewer's page and the stage buttons: findings with reasons, decisions (an override needs a reason),
running and confirming in bulk, opening and sealing (refusals shown), read-only after sealing, correction."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns.world import AFTER, BEFORE, World, events, nothing_changes
from xuanren.campaigns import actions
from xuanren.campaigns.models import Publication, Review, Stage
from xuanren.record.models import Event

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def running(world: World, monkeypatch: Any) -> World:
    """Published; P01 with two eligible applicants and one too old; eligibility open; applications closed."""
    world.publish()
    for person in (*world.people[:2], world.too_old):
        world.apply(person, "P01")
    world.open_eligibility()
    monkeypatch.setattr("django.utils.timezone.now", lambda: AFTER)
    return world


def _review_url(world: World, code: str = "P01") -> str:
    return reverse("campaigns:review", args=[world.campaign.pk, world.posts[code].pk])


def test_organiser_opens_the_eligibility_stage(world: World, as_role: Any, monkeypatch: Any) -> None:
    world.publish()
    monkeypatch.setattr("django.utils.timezone.now", lambda: BEFORE)
    stage = world.stage("eligibility")
    url = reverse("campaigns:stage_open", args=[world.campaign.pk, stage.pk])
    with nothing_changes():
        assert as_role("reviewer").post(url).status_code == 403
    r = as_role("organiser").post(url, follow=True)
    assert "环节已开始" in text(r)
    assert world.stage("eligibility").status == Stage.Status.OPEN
    assert events("stages.open") == 1


def test_opening_a_later_stage_first_is_refused_in_chinese(world: World, as_role: Any) -> None:
    world.publish()
    stage = world.stage("interview")
    with nothing_changes():
        r = as_role("organiser").post(reverse("campaigns:stage_open", args=[world.campaign.pk, stage.pk]),
                                      follow=True)
    assert "须先封存“资格审查”环节" in text(r)


def test_reviewer_runs_the_review_from_the_dashboard(running: World, as_role: Any) -> None:
    url = reverse("campaigns:review_run", args=[running.campaign.pk])
    with nothing_changes():
        assert as_role("supervisor").post(url).status_code == 403
    r = as_role("reviewer").post(url, follow=True)
    assert "完成自动审查：3份报名，符合条件2份，不符合1份" in text(r)
    assert Review.objects.count() == 3
    assert events("review.run") == 1


def test_review_page_shows_every_finding_with_its_reason(running: World, as_role: Any) -> None:
    actions.review_run(actor=running.reviewer, campaign=running.campaign, now=AFTER)
    r = as_role("reviewer").get(_review_url(running))
    body = text(r)
    assert r.status_code == 200
    assert running.too_old.name in body
    assert "✗" in body and "✓" in body
    assert "不符合条件" in body and "符合条件" in body
    assert "确认合格" in body and "确认不合格" in body
    assert "办公室" in body  # the applicant's current post
    assert as_role("judge").get(_review_url(running)).status_code == 403


def test_confirming_the_automatic_result_needs_no_reason(running: World, as_role: Any) -> None:
    actions.review_run(actor=running.reviewer, campaign=running.campaign, now=AFTER)
    app = running.people[0].applications.get()
    url = reverse("campaigns:review_decide", args=[running.campaign.pk, app.pk])
    with nothing_changes():
        assert as_role("applicant").post(url, {"decision": "eligible"}).status_code == 403
    r = as_role("reviewer").post(url, {"decision": "eligible", "next": _review_url(running)}, follow=True)
    review = Review.objects.get(application=app)
    assert review.decision == Review.Decision.ELIGIBLE
    assert review.reviewer == running.reviewer
    assert "资格审查合格" in text(r)
    assert "reviewer · " in text(r)  # who decided, and when
    assert events("review.decide") == 1


def test_overriding_without_a_reason_is_refused_and_with_one_recorded(running: World, as_role: Any) -> None:
    actions.review_run(actor=running.reviewer, campaign=running.campaign, now=AFTER)
    app = running.too_old.applications.get()
    url = reverse("campaigns:review_decide", args=[running.campaign.pk, app.pk])
    with nothing_changes():
        r = as_role("reviewer").post(url, {"decision": "eligible"}, follow=True)
    assert "审查结论与自动审查结果不同，须写明理由" in text(r)
    as_role("reviewer").post(url, {"decision": "eligible", "reason": "经核实出生日期登记有误"})
    review = Review.objects.get(application=app)
    assert review.overridden and review.reason == "经核实出生日期登记有误"
    body = text(as_role("reviewer").get(_review_url(running)))
    assert "改变了自动结果" in body and "经核实出生日期登记有误" in body


def test_bulk_confirm_confirms_the_pending_results(running: World, as_role: Any) -> None:
    actions.review_run(actor=running.reviewer, campaign=running.campaign, now=AFTER)
    url = reverse("campaigns:review_confirm", args=[running.campaign.pk])
    with nothing_changes():
        assert as_role("supervisor").post(url).status_code == 403
    r = as_role("reviewer").post(url, follow=True)
    assert "已批量确认3份" in text(r)
    assert not Review.objects.filter(decision=Review.Decision.PENDING).exists()
    assert events("review.confirm") == 1


def test_seal_refusal_lists_what_is_outstanding_and_nothing_changes(running: World, as_role: Any) -> None:
    stage = running.stage("eligibility")
    url = reverse("campaigns:stage_seal", args=[running.campaign.pk, stage.pk])
    with nothing_changes():
        assert as_role("reviewer").post(url).status_code == 403
    with nothing_changes():
        r = as_role("organiser").post(url, follow=True)
    body = text(r)
    assert "“资格审查”环节还不能封存" in body
    assert "尚有3份报名未进行自动审查" in body


def _sealed(world: World) -> Publication:
    actions.review_run(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    actions.review_confirm_pending(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    for code in ("P02", "P03"):
        actions.post_cancel(actor=world.organiser, post=world.posts[code], reason="无人报名")
    return actions.stage_seal(actor=world.organiser, stage=world.stage("eligibility"), now=AFTER)


def test_sealing_publishes_and_the_review_page_becomes_read_only(running: World, as_role: Any) -> None:
    actions.review_run(actor=running.reviewer, campaign=running.campaign, now=AFTER)
    actions.review_confirm_pending(actor=running.reviewer, campaign=running.campaign, now=AFTER)
    for code in ("P02", "P03"):
        actions.post_cancel(actor=running.organiser, post=running.posts[code], reason="无人报名")
    stage = running.stage("eligibility")
    r = as_role("organiser").post(reverse("campaigns:stage_seal", args=[running.campaign.pk, stage.pk]), follow=True)
    assert "环节已封存，结果已发布（第1版）" in text(r)
    assert Publication.objects.filter(stage=stage, version=1).exists()
    assert events("stages.seal") == 1
    body = text(as_role("reviewer").get(_review_url(running)))
    assert "本页只读" in body
    assert "确认合格</button>" not in body
    assert "第1版" in body
    assert 'id="correct-form"' not in body  # the reviewer cannot correct
    assert 'id="correct-form"' in text(as_role("organiser").get(_review_url(running)))


def test_correction_needs_a_reason_and_publishes_a_new_version(running: World, as_role: Any) -> None:
    _sealed(running)
    stage = running.stage("eligibility")
    app = running.too_old.applications.get()
    url = reverse("campaigns:stage_correct", args=[running.campaign.pk, stage.pk])
    with nothing_changes():
        r = as_role("organiser").post(url, {f"decision_{app.pk}": "eligible", "reason": ""}, follow=True)
    assert "更正须写明理由" in text(r)
    with nothing_changes():
        assert as_role("reviewer").post(url, {f"decision_{app.pk}": "eligible", "reason": "复核"}).status_code == 403
    r = as_role("organiser").post(url, {f"decision_{app.pk}": "eligible", "reason": "复核后认定符合条件",
                                        "next": _review_url(running)}, follow=True)
    assert "第2版" in text(r)
    assert Publication.objects.get(stage=stage, version=2).reason == "复核后认定符合条件"
    assert Event.objects.get(action="stages.correct").details["reason"] == "复核后认定符合条件"
