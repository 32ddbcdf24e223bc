"""Reads: the applicant's own view, public results, the object rules for applications; record labels."""

from __future__ import annotations

import pytest

from tests.campaigns.world import AFTER, World, make_person
from xuanren.accounts.access import can
from xuanren.campaigns import actions, selectors
from xuanren.campaigns.models import Campaign
from xuanren.record.labels import action_label
from xuanren.record.models import Event

pytestmark = pytest.mark.django_db


def test_applicant_sees_own_applications_reasons_and_published_results(world: World) -> None:
    applicant = world.users["applicant"]
    me = make_person(world.legal, 30, user=applicant, rank="clerk_1")  # not at a qualifying rank
    world.publish()
    mine = actions.application_submit(actor=applicant, campaign=world.campaign, post=world.posts["P02"], person=me,
                                      now=AFTER.replace(day=1, hour=10))
    for person in world.people[:3]:
        world.apply(person, "P01")
        world.apply(person, "P02")
    world.open_eligibility()
    actions.review_run(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    own = selectors.applications_of_user(applicant)
    assert [o.application for o in own] == [mine]
    assert own[0].findings == []  # pending: nothing shown yet
    actions.review_confirm_pending(actor=world.reviewer, campaign=world.campaign, now=AFTER)
    actions.post_cancel(actor=world.organiser, post=world.posts["P03"], reason="无人报名")
    actions.stage_seal(actor=world.organiser, stage=world.stage("eligibility"), now=AFTER)
    own = selectors.applications_of_user(applicant)
    assert own[0].review is not None and own[0].review.decision == "ineligible"
    assert [f["zh"] for f in own[0].findings if f["passed"] is False] == [
        "现任一级科员，要求一级主任科员、二级主任科员、三级主任科员、四级主任科员"]
    assert [p.stage.kind for p in own[0].published] == ["eligibility"]
    assert selectors.applications_of_user(world.users["outsider"]) == []


def test_object_rules_an_applicant_sees_only_their_own(world: World) -> None:
    applicant = world.users["applicant"]
    me = make_person(world.office, 30, user=applicant)
    world.publish()
    mine = actions.application_submit(actor=applicant, campaign=world.campaign, post=world.posts["P01"], person=me,
                                      now=AFTER.replace(day=1, hour=10))
    other = world.apply(world.people[0], "P01")
    assert can(applicant, "applications.view", mine) and not can(applicant, "applications.view", other)
    assert not can(applicant, "applications.review", mine)
    for role in ("organiser", "reviewer", "supervisor"):
        assert can(world.users[role], "applications.view", other)
    assert not can(world.users["judge"], "applications.view", other)


def test_public_campaigns_are_the_announced_ones(world: World) -> None:
    assert list(selectors.public_campaigns()) == []
    world.publish()
    assert list(selectors.public_campaigns()) == [world.campaign]
    assert list(selectors.campaign_list(status=Campaign.Status.DRAFT)) == []


def test_every_action_code_written_has_a_label(world: World) -> None:
    world.full_eligibility()
    actions.stage_seal(actor=world.organiser, stage=world.stage("eligibility"), now=AFTER)
    codes = set(Event.objects.values_list("action", flat=True))
    assert {"campaigns.create", "posts.create", "campaigns.publish", "applications.submit", "stages.open",
            "review.run", "review.confirm", "posts.cancel", "stages.seal"} <= codes
    assert all(action_label(code) != code for code in codes if code.split(".")[0] in {
        "campaigns", "posts", "applications", "review", "stages"})
