"""A campaign with a written exam, an interview and a shortlist (the open_2004 template: exam 40, interview 60),
built through the real actions, for the exam, shortlist and results tests.

Eligibility is sealed: P01 (1 slot) has 人员1–5, P02 (1 slot) has 人员4–6 (人员4 and 人员5 applied to both);
P03 is cancelled. The exam stage is open. The interview's scores come from :meth:`ExamWorld.interview`,
a stand-in score source (panel judging is tested on its own), and its stage handler is a plain one, so
these tests do not depend on how the judges' sheets are kept.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pytest

from tests.campaigns import world
from tests.campaigns.world import AFTER, BEFORE, CONDITIONS, DEADLINE, REFERENCE, make_person, sh
from xuanren.campaigns import actions
from xuanren.campaigns.actions import stages as stage_machine
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Stage
from xuanren.people.models import Person, Unit
from xuanren.record.models import Event
from xuanren.rules.messages import Message
from xuanren.scoring import actions as scoring
from xuanren.scoring import sources
from xuanren.scoring.models import ExamScore, Standing
from xuanren.scoring.sources import StageScore

LATER = AFTER + dt.timedelta(days=3)


@dataclass
class ExamWorld:
    campaign: Campaign
    posts: dict[str, Post]
    people: list[Person]
    users: dict[str, Any]
    interview_scores: dict[int, Fraction | None] = field(default_factory=dict)

    @property
    def organiser(self) -> Any:
        return self.users["organiser"]

    def stage(self, kind: str) -> Stage:
        return Stage.objects.select_related("campaign").get(campaign=self.campaign, kind=kind)

    @property
    def exam(self) -> Stage:
        return self.stage("exam")

    def app(self, n: int, code: str) -> Application:
        """The application of 人员n to post ``code``."""
        return Application.objects.select_related("person", "post").get(person=self.people[n - 1],
                                                                        post=self.posts[code])

    def enter(self, n: int, code: str, score: Any = None, *, absent: bool = False, number: str = "") -> ExamScore:
        return scoring.exam_score_enter(actor=self.organiser, stage=self.exam, application=self.app(n, code),
                                        score=score, absent=absent, exam_number=number, now=LATER)

    def enter_all(self, scores: dict[tuple[int, str], Any]) -> None:
        for (n, code), value in scores.items():
            if value == "缺考":
                self.enter(n, code, absent=True)
            else:
                self.enter(n, code, value)

    def interview(self, scores: dict[tuple[int, str], Any]) -> None:
        """The interview's scores (out of 100; ``None``: absent) as the stand-in source gives them."""
        for (n, code), value in scores.items():
            self.interview_scores[self.app(n, code).pk] = None if value is None else Fraction(str(value))

    def seal(self, kind: str) -> Publication:
        return actions.stage_seal(actor=self.organiser, stage=self.stage(kind), now=LATER)

    def open(self, kind: str) -> Stage:
        return actions.stage_open(actor=self.organiser, stage=self.stage(kind), now=LATER)

    def to_shortlist(self, exam: dict[tuple[int, str], Any], interview: dict[tuple[int, str], Any]) -> Stage:
        """Exam scores entered and sealed, the interview's given and sealed, the shortlist open."""
        self.enter_all(exam)
        self.seal("exam")
        self.open("interview")
        self.interview(interview)
        self.seal("interview")
        return self.open("shortlist")


def _interview_source(world: ExamWorld) -> Any:
    def source(stage: Stage) -> dict[int, StageScore]:
        out = {}
        for pk, score in world.interview_scores.items():
            line = Message("test.interview", "面试得分{s}", "interview {s}", {"s": str(score)})
            out[pk] = StageScore(pk, score, Fraction(100), score is None, (line,))
        return out
    return source


def build_exam_world(users: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    unit = Unit.objects.create(name="测试局")
    office = Unit.objects.create(name="办公室", kind="department", parent=unit)
    people = [make_person(office, n) for n in range(1, 8)]
    organiser = users["organiser"]
    campaign = actions.campaign_create(
        actor=organiser, name="2026年公开选拔副处级领导干部", unit=unit, template="open_2004",
        apply_from=sh(2026, 11, 20, 9, 0), apply_until=DEADLINE, reference_date=REFERENCE)
    posts = {code: actions.post_create(actor=organiser, campaign=campaign, code=code, department=office,
                                       title=title, level="section_deputy", slots=1, conditions=CONDITIONS)
             for code, title in (("P01", "办公室副主任"), ("P02", "法规科副科长"), ("P03", "信息科副科长"))}
    actions.campaign_publish(actor=organiser, campaign=campaign, now=BEFORE)
    for n in (1, 2, 3, 4, 5):
        actions.application_submit(actor=organiser, campaign=campaign, post=posts["P01"], person=people[n - 1],
                                   now=BEFORE)
    for n in (4, 5, 6):
        actions.application_submit(actor=organiser, campaign=campaign, post=posts["P02"], person=people[n - 1],
                                   now=BEFORE)
    world = ExamWorld(campaign=campaign, posts=posts, people=people, users=users)
    monkeypatch.setitem(sources._SOURCES, "interview", _interview_source(world))
    monkeypatch.setitem(stage_machine._HANDLERS, "interview", stage_machine.StageHandler(
        results=stage_machine._plain_results))
    world.open("eligibility")
    actions.review_run(actor=organiser, campaign=campaign, now=AFTER)
    actions.review_confirm_pending(actor=organiser, campaign=campaign, now=AFTER)
    actions.post_cancel(actor=organiser, post=posts["P03"], reason="无人报名")
    world.seal("eligibility")
    world.open("exam")
    return world


# --- "nothing changed" ----------------------------------------------------------------------------

EXAM_TABLES: tuple[Any, ...] = (Stage, ExamScore, Standing, Publication, Event)


def snapshot() -> dict[str, Any]:
    return world.snapshot(EXAM_TABLES)


def nothing_changes() -> AbstractContextManager[None]:
    return world.nothing_changes(EXAM_TABLES)


def last_event() -> Event:
    return Event.objects.order_by("-seq").first()  # type: ignore[return-value]
