"""Appointing the candidates who went through: the happy path, the register, and each refusal (nothing
changed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.appointments.world import NOW, RECEIPT, TABLES, AppointmentWorld, build_appointment_world
from tests.campaigns.world import nothing_changes, one_event
from xuanren.appointments import actions, selectors
from xuanren.appointments.models import Appointment, Vacancy
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage


@pytest.fixture
def aw(personas: dict[str, Any], monkeypatch: Any) -> AppointmentWorld:
    return build_appointment_world(personas, monkeypatch)


def test_the_finalists_after_the_notice(aw: AppointmentWorld) -> None:
    rows = {r.post.code: r for r in selectors.overview(aw.campaign)}
    assert [c.application.person.name for c in rows["P01"].candidates] == ["人员1", "人员2"]
    assert [c.application.person.name for c in rows["P02"].candidates] == ["人员4"]
    assert rows["P02"].candidates[0].objections[0].receipt == RECEIPT
    assert not rows["P02"].candidates[0].available


def test_appoint_updates_the_register_and_keeps_what_was_held(aw: AppointmentWorld) -> None:
    person = aw.person("人员1")
    assert (person.post_title, person.post_level, person.unit.name) == ("科员", "", "办公室")
    with one_event("appointments.appoint"):
        a = aw.appoint("人员1")
    assert a.status == Appointment.Status.PROBATION
    assert (a.term_years, a.term_end) == (2, dt.date(2029, 1, 4))
    assert (a.probation_months, a.probation_end) == (12, dt.date(2028, 1, 4))
    assert a.previous["post_title"] == "科员" and a.previous["unit_name"].endswith("办公室")
    assert a.basis["kind"] == "campaign" and a.basis["campaign_name"] == aw.campaign.name
    person.refresh_from_db()
    assert person.post_title == "办公室副主任"
    assert person.post_level == "section_deputy"
    assert person.post_level_since == dt.date(2027, 1, 5)
    assert person.unit == aw.post("P01").department
    assert "人员1同志任办公室副主任（乡科级副职），试用期一年（自2027年1月5日至2028年1月4日）" in a.text
    assert "二〇二七年一月五日" in a.text
    assert "测组干〔2027〕1号" in a.text


def test_no_probation_and_a_term_from_the_settings(aw: AppointmentWorld) -> None:
    actions.settings_set(actor=aw.organiser, stage=aw.stage, term_years=3, probation_months=6, pool_months=24)
    aw.stage.refresh_from_db()
    a = aw.appoint("人员2", probation_months=0)
    assert a.status == Appointment.Status.APPOINTED
    assert a.probation_end is None and a.term_years == 3 and a.term_end == dt.date(2030, 1, 4)
    assert "试用期" not in a.text.split("\n")[5]


def test_a_move_at_the_same_level_keeps_the_level_date(aw: AppointmentWorld) -> None:
    person = aw.person("人员1")
    person.post_level, person.post_level_since = "section_deputy", dt.date(2020, 6, 1)
    person.save()
    aw.appoint("人员1")
    person.refresh_from_db()
    assert person.post_level_since == dt.date(2020, 6, 1)
    assert person.post_title == "办公室副主任"


def refused(code: str, call: Any) -> CampaignError:
    with nothing_changes(TABLES), pytest.raises(CampaignError) as info:
        call()
    assert info.value.code == f"campaigns.appointments.{code}", str(info.value)
    return info.value


def test_refused_while_an_objection_is_open(aw: AppointmentWorld) -> None:
    error = refused("objection_open", lambda: aw.appoint("人员4"))
    assert RECEIPT in str(error) and "人员4" in str(error)


def test_refused_when_the_notice_was_stopped(aw: AppointmentWorld) -> None:
    assert "终止任用" in str(refused("notice_stopped", lambda: aw.appoint("人员5")))


def test_refused_for_someone_not_among_the_finalists(aw: AppointmentWorld) -> None:
    assert "人员6不是职位P02" in str(refused("not_finalist", lambda: aw.appoint("人员6")))
    refused("not_finalist", lambda: aw.appoint("人员3"))


def test_refused_when_the_post_is_full(aw: AppointmentWorld) -> None:
    aw.appoint("人员1")
    error = refused("post_full", lambda: aw.appoint("人员2"))
    assert "已任命人员1" in str(error)


def test_refused_after_the_objection_is_concluded_only_if_verified(aw: AppointmentWorld) -> None:
    aw.conclude_objection()
    a = aw.appoint("人员4", document_number="测组干〔2027〕2号")
    assert a.post == aw.post("P02")


def test_refused_without_a_document_number_or_with_bad_figures(aw: AppointmentWorld) -> None:
    refused("required", lambda: aw.appoint("人员1", document_number=" "))
    refused("date", lambda: aw.appoint("人员1", effective="2027-13-01"))
    refused("range", lambda: aw.appoint("人员1", term_years=0))
    refused("range", lambda: aw.appoint("人员1", probation_months=30))
    refused("integer", lambda: aw.appoint("人员1", term_years="两年"))


def test_refused_unless_the_stage_is_open(aw: AppointmentWorld) -> None:
    Stage.objects.filter(pk=aw.stage.pk).update(status=Stage.Status.PENDING)
    assert "尚未开始" in str(refused("stage_not_open", lambda: aw.appoint("人员1")))


def test_declare_vacant_then_cancel(aw: AppointmentWorld) -> None:
    with one_event("appointments.vacancy.declare"):
        made = actions.vacancy_declare(actor=aw.organiser, stage=aw.stage, post=aw.post("P01"), reason="other",
                                       detail="拟任人选本人放弃", now=NOW)
    assert [v.reason for v in made] == ["other"]
    refused("post_full", lambda: aw.appoint("人员1"))
    with nothing_changes(TABLES), pytest.raises(CampaignError):
        actions.vacancy_declare(actor=aw.organiser, stage=aw.stage, post=aw.post("P01"), reason="other",
                                detail="再次宣布", now=NOW)
    with one_event("appointments.vacancy.cancel"):
        actions.vacancy_cancel(actor=aw.organiser, vacancy=made[0], now=NOW)
    assert not Vacancy.objects.exists()
    aw.appoint("人员1")


def test_declare_vacant_refusals(aw: AppointmentWorld) -> None:
    def declare(**kw: Any) -> Any:
        args = {"post": aw.post("P01"), "reason": "other", "detail": "说明"}
        args.update(kw)
        return lambda: actions.vacancy_declare(actor=aw.organiser, stage=aw.stage, now=NOW, **args)

    refused("vacancy.reason", declare(reason="probation"))
    refused("required", declare(detail=""))
    refused("unknown_post", declare(post=aw.post("P03")))


def test_blockers_name_who_waits(aw: AppointmentWorld) -> None:
    blockers = selectors.blockers(aw.campaign)
    assert blockers == ["职位P01（办公室副主任）尚有1个职数未任职，人选人员1、人员2既未任职，也未宣布空缺",
                        "职位P02（政策法规科副科长）尚有1个职数未任职，人选人员4既未任职，也未宣布空缺"]
    aw.appoint("人员1")
    assert len(selectors.blockers(aw.campaign)) == 1
