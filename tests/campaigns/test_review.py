"""Eligibility review: automatic results with reasons, the reviewer's decision, re-runs, counts per post."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.campaigns.world import AFTER, BEFORE, World, nothing_changes, one_event
from xuanren.campaigns import actions, selectors
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Review
from xuanren.people.models import Appraisal
from xuanren.record.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(world: World) -> World:
    """Announced; five eligible people and the two who are not applied for P01; the stage is open."""
    world.publish()
    for person in [*world.people[:5], world.too_old, world.disciplined]:
        world.apply(person, "P01")
    world.open_eligibility()
    return world


def review_of(world: World, person: object) -> Review:
    return Review.objects.get(application__person=person, application__post=world.posts["P01"])


def test_run_stores_results_with_a_reason_per_condition(reviewing: World) -> None:
    w = reviewing
    with one_event("review.run"):
        result = actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    assert (result.on, result.checked, result.created, result.eligible, result.ineligible) == (
        dt.date(2026, 12, 1), 7, 7, 5, 2)
    ok = review_of(w, w.people[0])
    assert ok.auto_eligible and ok.decision == Review.Decision.PENDING
    assert {f["kind"] for f in ok.findings} == {"level_or_rank", "years_at_level", "age", "education", "appraisals",
                                                "discipline"}
    assert all(f["passed"] for f in ok.findings)
    old = review_of(w, w.too_old)
    assert not old.auto_eligible
    failed = [f for f in old.findings if f["passed"] is False]
    assert [(f["kind"], f["zh"]) for f in failed] == [("age", "年龄51岁（按2026年12月1日计算），要求不超过45岁")]
    assert failed[0]["en"] == "aged 51 on 1 December 2026; at most 45 required"
    assert failed[0]["code"] == "eligibility.age.too_old"
    sanctioned = review_of(w, w.disciplined)
    assert [f["zh"] for f in sanctioned.findings if f["passed"] is False] == ["处分影响期至2027年6月1日，尚未期满"]


def test_reference_date_defaults_to_the_day_in_the_campaign_time_zone(reviewing: World) -> None:
    w = reviewing
    w.campaign.reference_date = None
    w.campaign.save(update_fields=["reference_date"])
    late_utc = dt.datetime(2026, 12, 2, 16, 30, tzinfo=dt.UTC)  # already 3 December in Shanghai
    assert actions.review_run(actor=w.reviewer, campaign=w.campaign, now=late_utc).on == dt.date(2026, 12, 3)


def test_confirming_needs_no_reason_overriding_does(reviewing: World) -> None:
    w = reviewing
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    app = review_of(w, w.people[0]).application
    with one_event("review.decide"):
        r = actions.review_decide(actor=w.reviewer, application=app, decision="eligible", now=AFTER)
    assert (r.decision, r.overridden, r.reason, r.reviewer) == ("eligible", False, "", w.reviewer)
    old_app = review_of(w, w.too_old).application
    with nothing_changes(), pytest.raises(CampaignError, match="审查结论与自动审查结果不同，须写明理由"):
        actions.review_decide(actor=w.reviewer, application=old_app, decision="eligible", reason=" ", now=AFTER)
    with one_event("review.decide"):
        r = actions.review_decide(actor=w.reviewer, application=old_app, decision="eligible",
                                  reason="经核实出生日期登记有误", now=AFTER)
    assert r.overridden and r.reason == "经核实出生日期登记有误"
    details = Event.objects.filter(action="review.decide").last().details  # type: ignore[union-attr]
    assert details["overridden"] is True and details["reason"] == "经核实出生日期登记有误"


def test_decide_before_the_run_or_before_the_stage_opens(world: World) -> None:
    world.publish()
    app = world.apply(world.people[0], "P01")
    with nothing_changes():
        with pytest.raises(CampaignError, match="资格审查环节尚未开始"):
            actions.review_decide(actor=world.reviewer, application=app, decision="eligible")
        with pytest.raises(CampaignError, match="资格审查环节尚未开始"):
            actions.review_run(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    world.open_eligibility()
    with nothing_changes(), pytest.raises(CampaignError, match="尚未进行自动审查"):
        actions.review_decide(actor=world.reviewer, application=app, decision="eligible")


def test_rerun_keeps_decisions_unless_the_automatic_result_changed(reviewing: World) -> None:
    w = reviewing
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    a, b = w.people[0], w.people[1]
    actions.review_decide(actor=w.reviewer, application=review_of(w, a).application, decision="eligible", now=AFTER)
    actions.review_decide(actor=w.reviewer, application=review_of(w, b).application, decision="eligible", now=AFTER)
    # b's 2025 appraisal is corrected in the register to 基本称职: the automatic result flips.
    Appraisal.objects.filter(person=b, year=2025).update(result="basic")
    result = actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    assert result.reverted == [review_of(w, b).application_id] and result.created == 0
    kept, flipped = review_of(w, a), review_of(w, b)
    assert kept.decision == "eligible"
    assert (flipped.decision, flipped.auto_eligible, flipped.reviewer) == ("pending", False, None)
    assert "自动审查结果由“合格”变为“不合格”，原审查结论“资格审查合格”已撤销，请重新审查" in flipped.note
    assert Event.objects.filter(action="review.run").last().details["reverted"] == [flipped.application_id]  # type: ignore[union-attr]
    # Nothing changed since: a further run changes no row.
    assert actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER).updated == 0


def test_rerun_covers_new_applications_only_once(reviewing: World) -> None:
    w = reviewing
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    w.apply(w.people[5], "P01", now=BEFORE)
    result = actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    assert (result.created, result.updated) == (1, 0)


def test_data_the_rules_cannot_read_is_a_failure_with_its_reason(reviewing: World) -> None:
    w = reviewing
    w.people[2].rank = ""
    w.people[2].save(update_fields=["rank"])  # a date at a rank with no rank
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    r = review_of(w, w.people[2])
    assert not r.auto_eligible and r.findings[0]["kind"] == "data"
    assert r.findings[0]["zh"] == "干部名册中的数据无法审查：有任职级时间而无职级"


def test_free_text_conditions_are_left_for_the_reviewer(world: World) -> None:
    actions.post_update(actor=world.organiser, post=world.posts["P02"],
                        conditions={"free_text": ["具有法律职业资格"]})
    world.publish()
    world.apply(world.people[0], "P02")
    world.apply(world.people[0], "P01")
    world.open_eligibility()
    actions.review_run(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    r = Review.objects.get(application__post=world.posts["P02"])
    assert r.findings == [{"kind": "free_text", "passed": None, "code": "eligibility.free_text",
                           "zh": "具有法律职业资格（需审查人员判断）",
                           "en": "具有法律职业资格 (for the reviewer to judge)"}]
    with one_event("review.confirm"):
        assert actions.review_confirm_pending(actor=world.reviewer, campaign=world.campaign, now=AFTER) == 1
    r.refresh_from_db()
    assert r.decision == "pending"  # a person must judge it


def test_qualified_counts_and_posts_below_the_minimum(reviewing: World) -> None:
    w = reviewing
    w.apply(w.people[0], "P02")
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    actions.review_confirm_pending(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    counts = selectors.post_qualified_counts(w.campaign)
    assert counts == {w.posts["P01"].pk: 5, w.posts["P02"].pk: 1, w.posts["P03"].pk: 0}
    assert [p.code for p in selectors.posts_below_minimum(w.campaign)] == ["P02", "P03"]
    board = selectors.campaign_dashboard(w.campaign)
    rows = {r.post.code: r for r in board.posts}
    assert (rows["P01"].applications, rows["P01"].reviewed, rows["P01"].qualified, rows["P01"].below_minimum) == (
        7, 7, 5, False)
    assert rows["P02"].below_minimum and rows["P03"].below_minimum
    assert board.current is not None and board.current.kind == "eligibility"
    assert board.totals["below_minimum"] == 2 and board.totals["applicants"] == 7


def test_a_reviewer_decision_after_withdrawal_is_refused(reviewing: World) -> None:
    w = reviewing
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    app = review_of(w, w.people[0]).application
    actions.application_withdraw(actor=w.organiser, application=app, now=BEFORE)
    with nothing_changes(), pytest.raises(CampaignError, match="该报名已撤回或职位已不在竞聘中"):
        actions.review_decide(actor=w.reviewer, application=app, decision="eligible")
