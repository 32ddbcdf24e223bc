"""A campaign carried to its end, for the closing report's tests, with every figure known by hand.

Built on :func:`tests.campaigns.decision_world.build_decision_world` (P01 and P02 open with three qualified
applicants each, P03 cancelled; eligibility sealed through the real actions). The inspection, committee,
notice and appointment areas are built at the same time as this one, so what they leave behind is written
here as rows of their models (the contract their docstrings give), their stages are marked sealed directly,
and the campaign closed as sealing its last stage would.

- P04 办公室主任 (乡科级正职, 2 slots), added directly: 人员9 (self), 人员10 (organisation), 人员11 (mass)
  qualified; 人员8 ineligible; 人员7 withdrew.
- Appointed: 人员1 to P01 (was 一级科员: a promotion to 乡科级副职); 人员9 to P04 (was 办公室副主任, 乡科级副职:
  a promotion to 乡科级正职). P04's second slot is vacant (threshold), P02 is vacant (committee).
  With ``finished=False`` the appointment stage is open: only 人员1 is appointed and P02 vacant, P04 undecided.
- Post holders of 测试局 (and its departments) at 乡科级副职 and 乡科级正职, besides the appointees: 甲 (副科,
  1980-06-01, 硕士, full-time), 乙 (副科, 1975-12-31, 本科, part-time), 丙 (副科, 1970-01-15, 专科), 丁 (正科,
  1968-05-05, 本科). Not counted: 戊 (副科 in another unit), 己 (副处 in 测试局).

On the report date 2026-12-20 (``TODAY``): before = 甲 46, 乙 50, 丙 56, 丁 58, 人员9 41 (then 副科) → 251/5 =
50.2; after = those and 人员1 41 → 292/6 = 48.67 → 48.7.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tests.campaigns.decision_world import DecisionWorld, build_decision_world
from tests.campaigns.world import BEFORE, make_person, sh
from xuanren.appointments.models import Appointment, Vacancy
from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage
from xuanren.people.models import Person, Unit

TODAY = dt.date(2026, 12, 20)
MADE = sh(2027, 1, 5, 10, 0)
DECISION_STAGES = ("inspection", "committee", "notice", "appointment")


@dataclass
class ReportWorld:
    dw: DecisionWorld
    p04: Post
    holders: dict[str, Person]
    appointments: dict[str, Appointment]

    @property
    def campaign(self) -> Campaign:
        campaign: Campaign = self.dw.campaign
        return campaign

    def person(self, name: str) -> Person:
        return Person.objects.get(name=name)


def holder(unit: Unit, n: int, name: str, level: str, born: dt.date, education: str, full_time: bool = True) -> Person:
    p = make_person(unit, n, born=born, education=education, name=name)
    p.post_level, p.post_title, p.full_time = level, f"{name}的职务", full_time
    p.save()
    return p


def seal_decisions(campaign: Campaign, *, upto: str = "appointment") -> None:
    """Mark the decision stages up to ``upto`` sealed (and opened), directly; sealing the appointment
    stage closes the campaign, as the stage machine does for the last stage."""
    kinds = DECISION_STAGES[:DECISION_STAGES.index(upto) + 1]
    Stage.objects.filter(campaign=campaign, kind__in=kinds).update(status=Stage.Status.SEALED, opened_at=MADE,
                                                                    sealed_at=MADE)
    if upto == "appointment":
        Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    campaign.refresh_from_db()


def appoint(person: Person, post: Post, application: Application | None, previous: dict[str, Any],
            *, status: str = Appointment.Status.PROBATION, number: str = "测任〔2027〕1号") -> Appointment:
    """An appointment row as the appointment area writes it, and the register updated with it."""
    ap = Appointment.objects.create(
        person=person, post=post, application=application, document_number=number,
        document_date=dt.date(2027, 1, 5), effective=dt.date(2027, 1, 6), term_end=dt.date(2029, 1, 5),
        probation_end=dt.date(2028, 1, 5), status=status, previous=previous, text="任职通知", created=MADE)
    if status != Appointment.Status.REVOKED:
        person.post_title, person.post_level, person.unit = post.title, post.level, post.department
        person.post_level_since = dt.date(2027, 1, 6)
        person.save()
    return ap


def build_report_world(users: dict[str, Any], *, finished: bool = True) -> ReportWorld:
    dw = build_decision_world(users)
    w = dw.world
    campaign = w.campaign
    p04 = Post.objects.create(campaign=campaign, code="P04", department=w.office, title="办公室主任",
                              level="section_chief", slots=2, order=4)
    people = {p.name: p for p in Person.objects.filter(name__in=[f"人员{n}" for n in range(7, 12)])}
    for name, source, decision in (("人员9", "self", "eligible"), ("人员10", "organisation", "eligible"),
                                   ("人员11", "mass", "eligible"), ("人员8", "self", "ineligible")):
        app = Application.objects.create(campaign=campaign, post=p04, person=people[name], source=source,
                                         submitted_at=BEFORE, nominator_note="办公室党支部" if source != "self" else "")
        Review.objects.create(application=app, auto_eligible=decision == "eligible", checked_on=dt.date(2026, 12, 2),
                              decision=decision)
    Application.objects.create(campaign=campaign, post=p04, person=people["人员7"], submitted_at=BEFORE,
                               status=Application.Status.WITHDRAWN, withdrawn_at=BEFORE)
    # 人员9 held 办公室副主任 (副科) before the campaign.
    nine = people["人员9"]
    nine.post_level, nine.post_title = "section_deputy", "办公室副主任"
    nine.save()
    other = Unit.objects.create(name="其他局")
    holders = {
        "甲": holder(w.legal, 31, "甲", "section_deputy", dt.date(1980, 6, 1), "master"),
        "乙": holder(w.office, 32, "乙", "section_deputy", dt.date(1975, 12, 31), "bachelor", full_time=False),
        "丙": holder(w.legal, 33, "丙", "section_deputy", dt.date(1970, 1, 15), "college"),
        "丁": holder(w.unit, 34, "丁", "section_chief", dt.date(1968, 5, 5), "bachelor"),
        "戊": holder(other, 35, "戊", "section_deputy", dt.date(1990, 1, 1), "bachelor"),
        "己": holder(w.unit, 36, "己", "division_deputy", dt.date(1990, 1, 1), "bachelor"),
    }
    p01, p02 = w.posts["P01"], w.posts["P02"]
    one = Person.objects.get(name="人员1")
    apps = {a.person.name: a for a in Application.objects.filter(campaign=campaign).select_related("person")}
    appointments = {
        "人员1": appoint(one, p01, apps["人员1"], {"unit": w.office.pk, "post_title": "科员", "post_level": "",
                                                  "rank": "clerk_1", "since": "2020-01-01"}),
    }
    Vacancy.objects.create(post=p02, reason=Vacancy.Reason.COMMITTEE, detail="拟任人选未获党组会议通过", created=MADE)
    if finished:
        appointments["人员9"] = appoint(nine, p04, apps["人员9"], {"unit": "办公室", "post_title": "办公室副主任",
                                                                  "post_level": "section_deputy"},
                                        number="测任〔2027〕2号")
        Vacancy.objects.create(post=p04, reason=Vacancy.Reason.THRESHOLD, detail="其余人选得票率未达到要求",
                               created=MADE)
        seal_decisions(campaign)
    else:
        # The appointment stage is under way: 人员1 appointed, P02 left vacant, P04 not decided yet.
        seal_decisions(campaign, upto="notice")
        Stage.objects.filter(campaign=campaign, kind="appointment").update(status=Stage.Status.OPEN, opened_at=MADE)
    return ReportWorld(dw=dw, p04=p04, holders=holders, appointments=appointments)
