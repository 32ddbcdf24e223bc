"""A campaign at its appointment stage, for the appointment, probation, pool and vacancy tests.

Built on :func:`tests.campaigns.decision_world.build_decision_world`. The inspection, committee and notice
areas are built at the same time as this one, so their outcome is written here as rows of their models
(the contract their models' docstrings give) and their stages are marked sealed directly, rather than
through their actions and stage handlers; the appointment stage is then opened through the real action.

- P01 办公室副主任 (1 slot): 人员1 and 人员2 passed the committee, their notice cleared; 人员3 was found
  unsuitable at inspection.
- P02 政策法规科副科长 (1 slot): 人员4 on the notice with an objection still open (receipt GS-2026-001);
  人员5's notice was stopped (objection verified); 人员6 failed the committee vote.

So the finalists after the notice are 人员1 and 人员2 for P01 and 人员4 for P02.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tests.campaigns.decision_world import DecisionWorld, build_decision_world
from tests.campaigns.world import sh
from xuanren.appointments.models import Appointment, DocumentTemplate, PoolEntry, ProbationReview, Vacancy
from xuanren.campaigns import actions
from xuanren.campaigns import finalists as registry
from xuanren.campaigns.finalists import Finalist, Stop
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Stage
from xuanren.committee.models import Item, Meeting
from xuanren.inspection.models import Inspection
from xuanren.notices.models import Notice, NoticeEntry, Objection
from xuanren.people.models import Person
from xuanren.record.models import Event

OPENED = sh(2027, 1, 4, 9, 0)  # the appointment stage opens
NOW = sh(2027, 1, 5, 10, 0)  # appointments are made
SEALED = sh(2027, 1, 10, 17, 0)  # the appointment stage is sealed (see AppointmentWorld.seal)
RECEIPT = "GS-2026-001"

TABLES: tuple[Any, ...] = (Appointment, PoolEntry, ProbationReview, Vacancy, DocumentTemplate, Person, Post, Stage,
                           Campaign, Publication, Event)


def notice_stand_in(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
    """The notice's finalist source as its model's contract says (entries not stopped; a post whose
    entries were all stopped is vacant, reason "notice"), used while the notice area registers none."""
    entries = list(NoticeEntry.objects.filter(notice__stage=stage).select_related("application"))
    found = [Finalist(e.application_id, e.application.post_id, note="任前公示")
             for e in entries if e.outcome != NoticeEntry.Outcome.STOPPED]
    reached = {f.post for f in found}
    stops = [Stop(e.application.post_id, "任前公示反映问题属实，终止任用", "stopped at the notice", kind="notice")
             for e in entries if e.outcome == NoticeEntry.Outcome.STOPPED and e.application.post_id not in reached]
    return found, stops


@dataclass
class AppointmentWorld:
    dw: DecisionWorld
    stage: Stage
    apps: dict[str, Application]  # "人员1" → application
    notice: Notice
    objection: Objection

    @property
    def campaign(self) -> Campaign:
        return self.dw.campaign

    @property
    def organiser(self) -> Any:
        return self.dw.organiser

    def post(self, code: str) -> Post:
        return self.dw.world.posts[code]

    def person(self, name: str) -> Person:
        return Person.objects.get(pk=self.apps[name].person_id)

    def appoint(self, name: str, **kw: Any) -> Appointment:
        from xuanren.appointments import actions as appt

        args: dict[str, Any] = {"document_number": "测组干〔2027〕1号", "document_date": dt.date(2027, 1, 5),
                                "effective": dt.date(2027, 1, 5), "now": NOW}
        args.update(kw)
        return appt.appoint(actor=self.organiser, stage=self.stage, application=self.apps[name], **args)

    def conclude_objection(self, finding: str = Objection.Finding.NOT_VERIFIED) -> None:
        """Conclude 人员4's objection (rows written as the notices area would): not verified clears the
        entry, verified stops it."""
        verified = finding == Objection.Finding.VERIFIED
        Objection.objects.filter(pk=self.objection.pk).update(
            status=Objection.Status.CONCLUDED, finding=finding, concluded_at=OPENED,
            reply="经核实，反映问题属实" if verified else "经核实，反映问题不属实")
        NoticeEntry.objects.filter(pk=self.objection.entry_id).update(
            outcome=NoticeEntry.Outcome.STOPPED if verified else NoticeEntry.Outcome.CLEARED)

    def seal(self, now: dt.datetime = SEALED) -> Any:
        """人员1 appointed to P01, 人员4's objection verified (so P02 is left vacant), then the
        appointment stage sealed through the real action."""
        self.appoint("人员1")
        self.conclude_objection(Objection.Finding.VERIFIED)
        publication = actions.stage_seal(actor=self.organiser, stage=self.stage, now=now)
        self.stage.refresh_from_db()
        return publication


def _seal_directly(stage: Stage, at: dt.datetime) -> None:
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.SEALED, opened_at=at, sealed_at=at)
    Publication.objects.create(stage=stage, version=1, content={"kind": stage.kind, "posts": []}, published_at=at,
                               published_by="test")


def build_appointment_world(personas: dict[str, Any], monkeypatch: Any) -> AppointmentWorld:
    if "notice" not in registry._SOURCES:
        monkeypatch.setitem(registry._SOURCES, "notice", notice_stand_in)
    dw = build_decision_world(personas)
    apps = {a.person.name: a for rows in dw.applications.values() for a in rows}
    at = sh(2026, 12, 10, 9, 0)
    inspection, committee, notice_stage = dw.stage("inspection"), dw.stage("committee"), dw.stage("notice")
    for name, app in apps.items():
        unsuitable = name == "人员3"
        Inspection.objects.create(
            stage=inspection, application=app, status=Inspection.Status.CONCLUDED,
            conclusion=Inspection.Conclusion.UNSUITABLE if unsuitable else Inspection.Conclusion.SUITABLE,
            conclusion_text="考察组意见", concluded_at=at, score=None if unsuitable else 88)
    _seal_directly(inspection, at)
    meeting = Meeting.objects.create(campaign=dw.campaign, stage=committee, name="局党组2026年第12次会议",
                                     held_on=dt.date(2026, 12, 14), status=Meeting.Status.CLOSED, created=at)
    for order, name in enumerate(("人员1", "人员2", "人员4", "人员5", "人员6")):
        Item.objects.create(meeting=meeting, application=apps[name], order=order,
                            outcome=Item.Outcome.FAILED if name == "人员6" else Item.Outcome.PASSED)
    _seal_directly(committee, sh(2026, 12, 14, 17, 0))
    notice = Notice.objects.create(
        campaign=dw.campaign, stage=notice_stage, title="任前公示", text="公示正文", issuer="中共测试局党组",
        starts=dt.date(2026, 12, 16), ends=dt.date(2026, 12, 22), status=Notice.Status.ENDED,
        published_at=sh(2026, 12, 16, 9, 0), created=at)
    entries = {}
    for order, name in enumerate(("人员1", "人员2", "人员4", "人员5")):
        outcome = {"人员4": NoticeEntry.Outcome.PENDING, "人员5": NoticeEntry.Outcome.STOPPED}.get(
            name, NoticeEntry.Outcome.CLEARED)
        entries[name] = NoticeEntry.objects.create(notice=notice, application=apps[name], order=order,
                                                   details={"name": name}, outcome=outcome)
    objection = Objection.objects.create(notice=notice, entry=entries["人员4"], receipt=RECEIPT, text="反映情况",
                                         lodged_at=sh(2026, 12, 18, 10, 0), status=Objection.Status.INVESTIGATING)
    Objection.objects.create(notice=notice, entry=entries["人员5"], receipt="GS-2026-002", text="反映情况",
                             lodged_at=sh(2026, 12, 18, 11, 0), status=Objection.Status.CONCLUDED,
                             finding=Objection.Finding.VERIFIED, concluded_at=sh(2026, 12, 21, 11, 0))
    _seal_directly(notice_stage, sh(2026, 12, 23, 9, 0))
    stage = actions.stage_open(actor=dw.organiser, stage=dw.stage("appointment"), now=OPENED)
    dw.world.refresh()
    return AppointmentWorld(dw=dw, stage=stage, apps=apps, notice=notice, objection=objection)
