"""The committee tests' world: the decision world of tests/campaigns (P01 with 人员1–3, P02 with 人员4–6, one
slot each) carried through the inspection with the inspection area's own actions (every candidate concluded
suitable: its stage handler refuses sealing otherwise), the committee stage open, and nine committee
members (users ``委员1``…``委员9`` holding the committee member role).

Helpers make proposals and meetings with the real actions: ``meeting(...)`` prepares a meeting with the
nine members, marks ``present`` of them present (the others absent "出差") and submits the proposals given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tests.campaigns import world as campaign_world
from tests.campaigns.decision_world import SEALED, DecisionWorld, advance, build_decision_world
from tests.conftest import make_user
from xuanren.campaigns.models import Application, Publication, Stage
from xuanren.committee import actions
from xuanren.committee.models import CommitteeVote, Item, Meeting, Member, Proposal, ProposalCandidate
from xuanren.inspection import actions as inspection
from xuanren.inspection.models import Inspection
from xuanren.record.models import Event

COMMITTEE_TABLES: tuple[Any, ...] = (Stage, Publication, Event, Proposal, ProposalCandidate, Meeting, Member, Item,
                                     CommitteeVote)
DIMENSIONS = ("de", "neng", "qin", "ji", "lian")
HELD_ON = dt.date(2026, 12, 8)
NAMES = tuple(f"委员{n}" for n in range(1, 10))


def nothing_changes() -> Any:
    return campaign_world.nothing_changes(COMMITTEE_TABLES)


def conclude_inspections(dw: DecisionWorld, unsuitable: tuple[str, ...] = ()) -> None:
    """Open and seal the inspection stage with the inspection area's actions: every finalist inspected and
    concluded suitable (those named in ``unsuitable`` not)."""
    stage = advance(dw, "inspection")
    organiser = dw.organiser
    for i in inspection.inspections_start(actor=organiser, stage=stage, now=SEALED):
        i = inspection.team_set(actor=organiser, inspection=i, leader="张组长（组织部副部长）",
                                members=["李组员（干部科科长）"], now=SEALED)
        i = inspection.findings_set(actor=organiser, inspection=i, now=SEALED,
                                    findings={k: {"text": "表现良好"} for k in DIMENSIONS})
        bad = i.application.person.name in unsuitable
        inspection.conclude(actor=organiser, inspection=i, conclusion="unsuitable" if bad else "suitable",
                            text="存在问题，不宜提拔" if bad else "同意作为拟任人选", now=SEALED)
    assert not Inspection.objects.filter(stage=stage).exclude(status=Inspection.Status.CONCLUDED).exists()


@dataclass
class CommitteeWorld:
    dw: DecisionWorld
    stage: Stage
    members: list[Any] = field(default_factory=list)  # the nine users

    @property
    def organiser(self) -> Any:
        return self.dw.organiser

    @property
    def campaign(self) -> Any:
        return self.dw.campaign

    def app(self, n: int, code: str | None = None) -> Application:
        """人员n's application (1–3: P01, 4–6: P02): the one for post ``code`` when they applied for it."""
        apps = Application.objects.select_related("person", "post").filter(campaign=self.campaign,
                                                                           person__name=f"人员{n}")
        return (apps.filter(post__code=code).first() if code else None) or apps.get()

    def post(self, code: str) -> Any:
        return self.dw.world.posts[code]

    def propose(self, code: str, *people: int, submit_to: Meeting | None = None) -> Proposal:
        p = actions.proposal_create(actor=self.organiser, stage=self.stage, post=self.post(code),
                                    candidates=[{"application": self.app(n, code),
                                                 "reason": f"人员{n}政治素质好，实绩突出"} for n in people])
        if submit_to is not None:
            p = actions.proposal_submit(actor=self.organiser, proposal=p, meeting=submit_to)
        return p

    def meeting(self, name: str = "院党组2026年第12次会议", *, present: int = 9, mode: str = "secret",
                proposals: tuple[Proposal, ...] = (), members: int = 9) -> Meeting:
        m = actions.meeting_create(actor=self.organiser, stage=self.stage, name=name, held_on=HELD_ON,
                                   place="机关第一会议室", mode=mode,
                                   members=[{"name": NAMES[n], "role": "党组成员", "user": self.members[n]}
                                            for n in range(members)])
        self.attend(m, present)
        for p in proposals:
            actions.proposal_submit(actor=self.organiser, proposal=p, meeting=m)
        return m

    def attend(self, m: Meeting, present: int) -> None:
        rows = {x.pk: {"present": n < present, "reason": "" if n < present else "出差"}
                for n, x in enumerate(Member.objects.filter(meeting=m).order_by("order"))}
        actions.meeting_attendance(actor=self.organiser, meeting=m, attendance=rows)

    def items(self, m: Meeting) -> list[Item]:
        return list(Item.objects.filter(meeting=m).select_related("application__person").order_by("order", "id"))

    def vote(self, m: Meeting, member: int, *choices: str) -> int:
        """委员``member`` (1…9) votes ``choices`` on the meeting's items in order (secret)."""
        items = self.items(m)
        return actions.ballot_cast(actor=self.members[member - 1], meeting=m,
                                   choices={i.pk: c for i, c in zip(items, choices, strict=True)})

    def votes(self, m: Meeting, choices: list[str]) -> None:
        """Members 1, 2, … vote ``choices[k]`` on every item (one item meetings: one choice each)."""
        for n, choice in enumerate(choices, start=1):
            self.vote(m, n, *[choice] * len(self.items(m)))

    def close(self, m: Meeting, **kw: Any) -> Meeting:
        return actions.meeting_close(actor=self.organiser, meeting=m, **kw)


def build_committee_world(users: dict[str, Any], *, unsuitable: tuple[str, ...] = (),
                          both_posts: tuple[int, ...] = ()) -> CommitteeWorld:
    dw = build_decision_world(users, both_posts=both_posts)
    conclude_inspections(dw, unsuitable)
    stage = advance(dw, "committee")
    members = [make_user(f"member{n}", "committee") for n in range(1, 10)]
    for n, u in enumerate(members, start=1):
        u.first_name = f"委员{n}"
        u.save(update_fields=["first_name"])
    return CommitteeWorld(dw=dw, stage=stage, members=members)
