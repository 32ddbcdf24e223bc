"""A small campaign world for the campaign tests, built through the real actions.

One unit with two departments, a register of people (most eligible, a few not, each for a stated
reason), the users of each role, and a campaign from the seed 000 template with three posts. Times are
in Asia/Shanghai; applications close on 1 December 2026 at 17:00.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from xuanren.campaigns import actions
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Review, Stage
from xuanren.people.models import Appraisal, Discipline, Person, Unit
from xuanren.record.models import Event

SH = ZoneInfo("Asia/Shanghai")
DEADLINE = dt.datetime(2026, 12, 1, 17, 0, tzinfo=SH)
BEFORE = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SH)  # while applications are open
AFTER = dt.datetime(2026, 12, 2, 9, 0, tzinfo=SH)  # after they closed
REFERENCE = dt.date(2026, 12, 1)

CONDITIONS = {
    "qualifying_ranks": ["principal_1", "principal_2", "principal_3", "principal_4"],
    "min_years": 2, "max_age": 45, "min_education": "bachelor", "appraisal_years": 3,
    "no_discipline_in_force": True,
}


def sh(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)  # type: ignore[misc]


def id_number(n: int, born: dt.date, male: bool) -> str:
    from tests.people.rosters import make_id

    return make_id(born, male=male, seq=n % 50, region=f"{110101 + n // 50:06d}")


def make_person(unit: Unit, n: int, *, born: dt.date = dt.date(1985, 3, 10), education: str = "bachelor",
                rank: str = "principal_3", rank_since: dt.date = dt.date(2020, 1, 1),
                appraisals: tuple[str, ...] = ("competent", "excellent", "competent"),
                discipline_until: dt.date | None = None, user: Any = None, name: str | None = None) -> Person:
    male = n % 2 == 1
    p = Person.objects.create(
        name=name or f"人员{n}", gender="M" if male else "F", birth_date=born, id_number=id_number(n, born, male),
        education=education, political_status="party_member", unit=unit, post_title="科员", rank=rank,
        rank_since=rank_since, user=user)
    for year, result in zip((2023, 2024, 2025), appraisals, strict=False):
        Appraisal.objects.create(person=p, year=year, result=result)
    if discipline_until is not None:
        Discipline.objects.create(person=p, date=dt.date(2025, 6, 1), kind="警告", in_force_until=discipline_until)
    return p


@dataclass
class World:
    unit: Unit
    office: Unit
    legal: Unit
    campaign: Campaign
    posts: dict[str, Post]
    people: list[Person]
    users: dict[str, Any]
    too_old: Person = field(init=False)
    disciplined: Person = field(init=False)

    @property
    def organiser(self) -> Any:
        return self.users["organiser"]

    @property
    def reviewer(self) -> Any:
        return self.users["reviewer"]

    def stage(self, kind: str) -> Stage:
        return Stage.objects.get(campaign=self.campaign, kind=kind)

    def refresh(self) -> None:
        self.campaign.refresh_from_db()
        for p in self.posts.values():
            p.refresh_from_db()

    def apply(self, person: Person, code: str, *, now: dt.datetime = BEFORE, **kw: Any) -> Application:
        return actions.application_submit(actor=self.organiser, campaign=self.campaign, post=self.posts[code],
                                          person=person, now=now, **kw)

    def publish(self) -> None:
        actions.campaign_publish(actor=self.organiser, campaign=self.campaign, now=BEFORE)
        self.refresh()

    def open_eligibility(self, now: dt.datetime = BEFORE) -> Stage:
        return actions.stage_open(actor=self.organiser, stage=self.stage("eligibility"), now=now)

    def full_eligibility(self) -> None:
        """Published; three eligible applicants for P01 and P02, P03 left with none; reviewed and confirmed."""
        self.publish()
        for person in self.people[:3]:
            self.apply(person, "P01")
            self.apply(person, "P02")
        self.open_eligibility()
        actions.review_run(actor=self.reviewer, campaign=self.campaign, now=AFTER)
        actions.review_confirm_pending(actor=self.reviewer, campaign=self.campaign, now=AFTER)
        actions.post_cancel(actor=self.organiser, post=self.posts["P03"], reason="无人报名")


def build_world(users: dict[str, Any]) -> World:
    unit = Unit.objects.create(name="测试局")
    office = Unit.objects.create(name="办公室", kind="department", parent=unit)
    legal = Unit.objects.create(name="政策法规科", kind="department", parent=unit)
    people = [make_person(office, n) for n in range(1, 7)]
    too_old = make_person(legal, 7, born=dt.date(1975, 5, 5))
    disciplined = make_person(legal, 8, discipline_until=dt.date(2027, 6, 1))
    organiser = users["organiser"]
    campaign = actions.campaign_create(
        actor=organiser, name="2026年机关中层干部竞争上岗", unit=unit, template="court_2010",
        apply_from=sh(2026, 11, 20, 9, 0), apply_until=DEADLINE, reference_date=REFERENCE)
    posts = {}
    for code, title, dept in (("P01", "办公室副主任", office), ("P02", "政策法规科副科长", legal),
                              ("P03", "办公室科长", office)):
        posts[code] = actions.post_create(actor=organiser, campaign=campaign, code=code, department=dept,
                                          title=title, level="section_deputy", slots=1, conditions=CONDITIONS)
    world = World(unit=unit, office=office, legal=legal, campaign=campaign, posts=posts, people=people, users=users)
    world.too_old = too_old
    world.disciplined = disciplined
    return world


# --- "nothing changed" ----------------------------------------------------------------------------

CAMPAIGN_TABLES: tuple[Any, ...] = (Campaign, Stage, Post, Application, Review, Publication, Event)


def snapshot(tables: tuple[Any, ...] = CAMPAIGN_TABLES) -> dict[str, Any]:
    """Counts and a digest of each of ``tables`` (default: every campaign table and the record)."""
    out: dict[str, Any] = {}
    for model in tables:
        rows = list(model.objects.order_by("pk").values())
        out[model.__name__] = (len(rows), hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest())
    return out


@contextmanager
def nothing_changes(tables: tuple[Any, ...] = CAMPAIGN_TABLES) -> Iterator[None]:
    before = snapshot(tables)
    yield
    assert snapshot(tables) == before


def events(action: str) -> int:
    return Event.objects.filter(action=action).count()


@contextmanager
def one_event(action: str) -> Iterator[None]:
    """The block writes exactly one record event, with this action code."""
    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    yield
    new = list(Event.objects.filter(seq__gt=last).values_list("action", flat=True))
    assert new == [action]
