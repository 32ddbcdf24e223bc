"""A voting world for the voting tests: the campaign world of tests/campaigns with eligibility done
(three qualified applicants for each of P01 and P02, P03 cancelled), its recommendation stage open, and
an evaluation stage added and open — plus helpers to make a session ready to vote.

Stages are moved with a plain update (not the stage machine): the stages before voting are not what
these tests are about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.campaigns.world import World, build_world
from xuanren.campaigns.models import Stage, StageKind
from xuanren.voting import actions
from xuanren.voting.models import Session, VoterGroup


@dataclass
class VotingWorld:
    world: World
    recommendation: Stage
    evaluation: Stage
    codes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def organiser(self) -> Any:
        return self.world.organiser

    @property
    def campaign(self) -> Any:
        return self.world.campaign


def build_voting_world(users: dict[str, Any]) -> VotingWorld:
    world = build_world(users)
    world.full_eligibility()
    Stage.objects.filter(campaign=world.campaign, kind__in=["eligibility", "interview"]).update(
        status=Stage.Status.SEALED)
    Stage.objects.filter(campaign=world.campaign, kind=StageKind.RECOMMENDATION).update(status=Stage.Status.OPEN)
    order = Stage.objects.filter(campaign=world.campaign).order_by("-order").values_list("order", flat=True)[0]
    evaluation = Stage.objects.create(campaign=world.campaign, kind=StageKind.EVALUATION, order=order + 1,
                                      status=Stage.Status.OPEN)
    return VotingWorld(world=world, recommendation=world.stage("recommendation"), evaluation=evaluation)


ENTITLED = {"leaders": 5, "middle_managers": 10, "others": 20, "all": 30}


def ready_session(vw: VotingWorld, *, stage: Stage | None = None, trial: bool = False, codes: int = 3,
                  open_it: bool = True, name: str = "第一场") -> tuple[Session, dict[str, list[str]]]:
    """A session of ``stage`` (default: the recommendation) with entitled set, ``codes`` codes per group,
    opened; returns it and the plain codes by group code."""
    stage = stage or vw.recommendation
    session = actions.session_create(actor=vw.organiser, stage=stage, name=name, trial=trial)
    groups = [{"code": g.code, "name": g.name, "weight": g.weight, "entitled": ENTITLED.get(g.code, 10)}
              for g in VoterGroup.objects.filter(session=session)]
    actions.groups_set(actor=vw.organiser, session=session, groups=groups)
    plain: dict[str, list[str]] = {}
    for g in VoterGroup.objects.filter(session=session):
        plain[g.code] = actions.codes_issue(actor=vw.organiser, session=session, group=g, count=codes)
    if open_it:
        actions.session_open(actor=vw.organiser, session=session)
    session.refresh_from_db()
    return session, plain
