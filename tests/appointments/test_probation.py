"""The end of probation: the reminder list, confirmed, extended (bounded), revoked with the return to the
previous post and a vacancy; each refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.appointments.world import TABLES, AppointmentWorld, build_appointment_world
from tests.campaigns.world import nothing_changes, one_event, sh
from xuanren.appointments import actions, selectors
from xuanren.appointments.models import Appointment, ProbationReview, Vacancy
from xuanren.campaigns.errors import CampaignError

LATER = sh(2027, 12, 20, 10, 0)


@pytest.fixture
def aw(personas: dict[str, Any], monkeypatch: Any) -> AppointmentWorld:
    return build_appointment_world(personas, monkeypatch)


@pytest.fixture
def appointment(aw: AppointmentWorld) -> Appointment:
    return aw.appoint("人员1")


def review(aw: AppointmentWorld, a: Appointment, outcome: str, **kw: Any) -> ProbationReview:
    args: dict[str, Any] = {"reason": "德才表现良好，胜任岗位", "decided_on": dt.date(2027, 12, 28),
                            "document_number": "测组干〔2027〕30号", "now": LATER}
    args.update(kw)
    return actions.probation_review(actor=aw.organiser, appointment=a, outcome=outcome, **args)


def refused(code: str, call: Any) -> CampaignError:
    with nothing_changes(TABLES), pytest.raises(CampaignError) as info:
        call()
    assert info.value.code == f"campaigns.appointments.{code}", str(info.value)
    return info.value


def test_the_reminder_lists_probations_ending_within_the_window(aw: AppointmentWorld, appointment: Appointment) -> None:
    assert selectors.probation_due(dt.date(2027, 12, 4)) == []  # ends 2028-01-04: 31 days away
    assert selectors.probation_due(dt.date(2027, 12, 5)) == [appointment]
    assert selectors.probation_due(dt.date(2027, 11, 1), days=90) == [appointment]
    assert selectors.probation_due(dt.date(2028, 3, 1)) == [appointment]  # overdue: still listed
    review(aw, appointment, "confirmed")
    assert selectors.probation_due(dt.date(2028, 3, 1)) == []


def test_confirmed(aw: AppointmentWorld, appointment: Appointment) -> None:
    with one_event("appointments.probation.review"):
        r = review(aw, appointment, "confirmed")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.APPOINTED
    assert "关于人员1同志试用期满考核情况的决定" in r.text
    assert "试用期满考核合格，正式任职" in r.text and "二〇二七年十二月二十八日" in r.text
    refused("probation.not_in_probation", lambda: review(aw, appointment, "confirmed"))


def test_extended_within_six_months(aw: AppointmentWorld, appointment: Appointment) -> None:
    refused("probation.until_required", lambda: review(aw, appointment, "extended"))
    refused("probation.until_early", lambda: review(aw, appointment, "extended", extended_until="2028-01-04"))
    error = refused("probation.until_late", lambda: review(aw, appointment, "extended", extended_until="2028-07-05"))
    assert "2028年7月4日" in str(error)
    r = review(aw, appointment, "extended", extended_until="2028-04-04")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.probation_end) == (Appointment.Status.EXTENDED, dt.date(2028, 4, 4))
    assert "决定延长试用期至2028年4月4日" in r.text
    # A second extension is bounded by the same original end.
    refused("probation.until_late", lambda: review(aw, appointment, "extended", extended_until="2028-08-01"))
    review(aw, appointment, "extended", extended_until="2028-07-04")
    review(aw, appointment, "confirmed", decided_on=dt.date(2028, 7, 1))
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.APPOINTED


def test_revoked_returns_the_person_and_leaves_the_post_vacant(aw: AppointmentWorld,
                                                               appointment: Appointment) -> None:
    person = aw.person("人员1")
    assert person.post_title == "办公室副主任"
    r = review(aw, appointment, "revoked", reason="试用期内未能胜任岗位要求")
    person.refresh_from_db()
    assert (person.post_title, person.post_level, person.post_level_since) == ("科员", "", None)
    assert person.unit.name == "办公室" and person.rank == "principal_3"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.REVOKED
    vacancy = Vacancy.objects.get()
    assert (vacancy.post, vacancy.reason) == (aw.post("P01"), Vacancy.Reason.PROBATION)
    assert "免去其试任职务" in r.text and "原任办公室科员" in r.text


def test_revoke_refused_when_the_register_has_moved_on(aw: AppointmentWorld, appointment: Appointment) -> None:
    person = aw.person("人员1")
    person.post_title = "办公室主任"
    person.save()
    assert "现为办公室办公室主任" in str(refused("probation.register_changed",
                                           lambda: review(aw, appointment, "revoked")))


def test_other_refusals(aw: AppointmentWorld, appointment: Appointment) -> None:
    refused("probation.outcome", lambda: review(aw, appointment, "maybe"))
    refused("required", lambda: review(aw, appointment, "confirmed", reason=" "))
    refused("probation.before_start", lambda: review(aw, appointment, "confirmed", decided_on="2026-12-31"))


def test_an_appointment_without_probation_is_never_reviewed(aw: AppointmentWorld) -> None:
    a = aw.appoint("人员2", probation_months=0)
    refused("probation.not_in_probation", lambda: review(aw, a, "confirmed"))


def test_revoke_refused_without_the_previous_post_on_record(aw: AppointmentWorld, appointment: Appointment) -> None:
    Appointment.objects.filter(pk=appointment.pk).update(previous={})
    appointment.refresh_from_db()
    assert "没有人员1任职前的职务记录" in str(refused("probation.no_previous",
                                               lambda: review(aw, appointment, "revoked")))
