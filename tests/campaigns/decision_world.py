"""A campaign at the door of the decisions (issue 6), built through the real actions, for the tests of
inspection, the committee, the notice, the appointment, the pool and the closing report.

The campaign's stages are eligibility, inspection, committee, notice and appointment (no scoring stage,
so after the eligibility stage is sealed every qualified candidate is a finalist:
:func:`xuanren.campaigns.finalists.finalists`). Two open posts with one slot each:

- P01 办公室副主任: 人员1, 人员2, 人员3 (office);
- P02 政策法规科副科长: 人员4, 人员5, 人员6 (office; they apply across departments);
- P03 was cancelled for want of applicants.

``advance(world, kind)`` opens every stage before ``kind`` and seals it through the real actions, then
opens ``kind``; a stage whose handler blocks sealing (e.g. inspections not concluded) raises, so a test of
a later stage that needs the earlier one done does that work first, with the earlier area's actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tests.campaigns.world import AFTER, BEFORE, World, build_world, make_person, sh
from xuanren.campaigns import actions
from xuanren.campaigns.models import Application, Stage

STAGES = ["eligibility", "inspection", "committee", "notice", "appointment"]
SEALED = sh(2026, 12, 3, 17, 0)  # eligibility sealed (applications closed on 1 December)


@dataclass
class DecisionWorld:
    world: World
    applications: dict[str, list[Application]]  # post code → applications in order 人员1…

    @property
    def organiser(self) -> Any:
        return self.world.organiser

    @property
    def campaign(self) -> Any:
        return self.world.campaign

    def stage(self, kind: str) -> Stage:
        return self.world.stage(kind)


def build_decision_world(users: dict[str, Any], *, both_posts: tuple[int, ...] = ()) -> DecisionWorld:
    """Eligibility sealed, the inspection stage pending (see :func:`advance`). 人员n for n in ``both_posts``
    (1–3) also apply for P02, as their second choice."""
    world = build_world(users)
    campaign = world.campaign
    # The seed 000 template of build_world, re-planned with the decision stages (still a draft).
    actions.campaign_set_stages(actor=world.organiser, campaign=campaign, stages=STAGES)
    extra = [make_person(world.office, n) for n in range(9, 12)]
    world.people += extra
    world.publish()
    apps: dict[str, list[Application]] = {"P01": [], "P02": []}
    for person in world.people[:3]:
        apps["P01"].append(world.apply(person, "P01", now=BEFORE))
    for person in world.people[3:6]:
        apps["P02"].append(world.apply(person, "P02", now=BEFORE))
    for n in both_posts:
        apps["P02"].append(world.apply(world.people[n - 1], "P02", now=BEFORE))
    world.open_eligibility()
    actions.review_run(actor=world.reviewer, campaign=campaign, now=AFTER)
    actions.review_confirm_pending(actor=world.reviewer, campaign=campaign, now=AFTER)
    actions.post_cancel(actor=world.organiser, post=world.posts["P03"], reason="无人报名")
    actions.stage_seal(actor=world.organiser, stage=world.stage("eligibility"), now=SEALED)
    world.refresh()
    return DecisionWorld(world=world, applications=apps)


def advance(dw: DecisionWorld, kind: str, *, now: dt.datetime = SEALED) -> Stage:
    """Open (and seal) every pending stage before ``kind``, then open ``kind``; returns it."""
    target = dw.stage(kind)
    for stage in Stage.objects.filter(campaign=dw.campaign, order__lt=target.order).order_by("order"):
        if stage.status == Stage.Status.PENDING:
            actions.stage_open(actor=dw.organiser, stage=stage, now=now)
            stage.refresh_from_db()
        if stage.status == Stage.Status.OPEN:
            actions.stage_seal(actor=dw.organiser, stage=stage, now=now)
    if target.status == Stage.Status.PENDING:
        actions.stage_open(actor=dw.organiser, stage=target, now=now)
    target.refresh_from_db()
    return target
