"""Two organisers at the same moment: one appointment to a one-slot post, and one use of a pool entry for
two vacancies — the other is refused, never both written. Run on PostgreSQL with tools/with-postgres.sh
(the rows are locked there; SQLite's immediate transactions serialise the same calls)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.appointments.world import build_appointment_world
from tests.campaigns.world import sh
from tests.scoring.test_sheets_concurrency import at_once
from xuanren.appointments import actions
from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
from xuanren.campaigns.errors import CampaignError
from xuanren.people.models import Appraisal, Person
from xuanren.record.models import Event


@pytest.mark.django_db(transaction=True)
def test_one_slot_two_appointments_at_once(personas: dict[str, Any], monkeypatch: Any) -> None:
    aw = build_appointment_world(personas, monkeypatch)
    outcomes = at_once(lambda: aw.appoint("人员1"), lambda: aw.appoint("人员2"))
    made = [o for o in outcomes if isinstance(o, Appointment)]
    refused = [o for o in outcomes if isinstance(o, CampaignError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "campaigns.appointments.post_full"
    assert Appointment.objects.count() == 1 and Event.objects.filter(action="appointments.appoint").count() == 1
    person = Person.objects.get(pk=made[0].person_id)
    assert person.post_title == "办公室副主任"
    other = "人员2" if person.name == "人员1" else "人员1"
    assert Person.objects.get(name=other).post_title == "科员"


@pytest.mark.django_db(transaction=True)
def test_one_pool_entry_two_vacancies_at_once(personas: dict[str, Any], monkeypatch: Any) -> None:
    aw = build_appointment_world(personas, monkeypatch)
    aw.seal()
    for person in Person.objects.all():
        Appraisal.objects.get_or_create(person=person, year=2026, defaults={"result": "competent"})
    Vacancy.objects.create(post=aw.post("P01"), reason="probation", detail="试用不合格", created=sh(2027, 2, 1, 9, 0))
    first, second = Vacancy.objects.order_by("id")
    entry = PoolEntry.objects.get(person__name="人员6")
    day, now = dt.date(2027, 3, 1), sh(2027, 3, 1, 10, 0)

    def use(vacancy: Vacancy, number: str) -> Any:
        return lambda: actions.pool_appoint(actor=aw.organiser, vacancy=vacancy, entry=entry, document_number=number,
                                            document_date=day, effective=day, now=now)

    outcomes = at_once(use(first, "甲号"), use(second, "乙号"))
    made = [o for o in outcomes if isinstance(o, Appointment)]
    refused = [o for o in outcomes if isinstance(o, CampaignError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "campaigns.appointments.pool.used"
    assert Vacancy.objects.filter(filled_by__isnull=False).count() == 1
    assert PoolEntry.objects.get(pk=entry.pk).status == PoolEntry.Status.APPOINTED
