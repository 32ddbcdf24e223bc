"""The reserve pool after sealing: ranking for a vacancy, appointing from it (the original results cited),
expiry, withdrawal; re-opening a vacancy in a later draft campaign."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.appointments.world import TABLES, AppointmentWorld, build_appointment_world
from tests.campaigns.world import nothing_changes, one_event, sh
from xuanren.appointments import actions, selectors
from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Campaign, Post
from xuanren.people.models import Appraisal, Person

USE = sh(2027, 3, 1, 10, 0)
ON = dt.date(2027, 3, 1)


@pytest.fixture
def aw(personas: dict[str, Any], monkeypatch: Any) -> AppointmentWorld:
    world = build_appointment_world(personas, monkeypatch)
    world.seal()
    # The 2026 appraisals, entered early in 2027 (the posts ask for three years).
    for person in Person.objects.all():
        Appraisal.objects.get_or_create(person=person, year=2026, defaults={"result": "competent"})
    return world


def entry(name: str) -> PoolEntry:
    return PoolEntry.objects.get(person__name=name)


def vacancy() -> Vacancy:
    return Vacancy.objects.get()


def from_pool(aw: AppointmentWorld, name: str, **kw: Any) -> Appointment:
    args: dict[str, Any] = {"document_number": "测组干〔2027〕8号", "document_date": ON, "effective": ON, "now": USE}
    args.update(kw)
    return actions.pool_appoint(actor=aw.organiser, vacancy=vacancy(), entry=entry(name), **args)


def refused(code: str, call: Any) -> CampaignError:
    with nothing_changes(TABLES), pytest.raises(CampaignError) as info:
        call()
    expected = code if code.startswith("campaigns.") else f"campaigns.appointments.{code}"
    assert info.value.code == expected, str(info.value)
    return info.value


def test_ranking_same_level_first_then_score_expired_and_unqualified_last(aw: AppointmentWorld) -> None:
    PoolEntry.objects.filter(person__name="人员2").update(scores={"value": "80", "display": "80.00", "rank": 2})
    PoolEntry.objects.filter(person__name="人员6").update(scores={"value": "85", "display": "85.00", "rank": 1})
    assert [c.entry.person.name for c in selectors.pool_candidates(vacancy(), ON)] == ["人员6", "人员2"]
    PoolEntry.objects.filter(person__name="人员6").update(level="section_chief")
    ranked = selectors.pool_candidates(vacancy(), ON)
    assert [(c.entry.person.name, c.same_level) for c in ranked] == [("人员2", True), ("人员6", False)]
    PoolEntry.objects.filter(person__name="人员2").update(expires_on=dt.date(2027, 2, 28))
    ranked = selectors.pool_candidates(vacancy(), ON)
    assert [c.entry.person.name for c in ranked] == ["人员6", "人员2"]
    assert ranked[1].reasons == ["已超过有效期（至2027年2月28日）"] and not ranked[1].qualified


def test_a_member_who_no_longer_meets_the_conditions_is_shown_why(aw: AppointmentWorld) -> None:
    Appraisal.objects.filter(person__name="人员6", year=2026).delete()
    ranked = {c.entry.person.name: c for c in selectors.pool_candidates(vacancy(), ON)}
    assert ranked["人员2"].qualified
    assert any("2026" in r for r in ranked["人员6"].reasons)
    error = refused("pool.not_qualified", lambda: from_pool(aw, "人员6"))
    assert "人员6不符合职位P02（政策法规科副科长）的资格条件" in str(error)


def test_appoint_from_the_pool_cites_the_original_results(aw: AppointmentWorld) -> None:
    PoolEntry.objects.filter(person__name="人员2").update(
        scores={"label": "综合成绩", "value": "8642/100", "display": "86.42", "rank": 2})
    with one_event("appointments.pool.appoint"):
        a = from_pool(aw, "人员2")
    assert a.pool_entry == entry("人员2") and a.application is None and a.post == aw.post("P02")
    assert entry("人员2").status == PoolEntry.Status.APPOINTED
    assert vacancy().filled_by == a
    assert a.basis["kind"] == "pool" and a.basis["post"] == "P01 办公室副主任"
    assert "人员2同志竞聘办公室副主任，综合成绩86.42分，名列第2，于2027年1月10日列入后备干部人选" in a.text
    person = aw.person("人员2")
    assert (person.post_title, person.unit) == ("政策法规科副科长", aw.post("P02").department)
    refused("vacancy.not_open", lambda: from_pool(aw, "人员6"))
    assert selectors.open_vacancies().count() == 0


def test_an_expired_entry_is_refused_with_its_date(aw: AppointmentWorld) -> None:
    PoolEntry.objects.filter(person__name="人员2").update(expires_on=dt.date(2027, 12, 1))
    late = sh(2027, 12, 2, 9, 0)
    error = refused("pool.expired", lambda: from_pool(aw, "人员2", now=late, document_date=dt.date(2027, 12, 2)))
    assert str(error) == "该后备人选已超过有效期（至2027年12月1日）"
    # A document dated after the expiry is refused too, even on a day within it.
    refused("pool.expired", lambda: from_pool(aw, "人员2", document_date=dt.date(2027, 12, 2)))


def test_withdraw_then_refused(aw: AppointmentWorld) -> None:
    refused("required", lambda: actions.pool_withdraw(actor=aw.organiser, entry=entry("人员2"), reason=""))
    with one_event("appointments.pool.withdraw"):
        actions.pool_withdraw(actor=aw.organiser, entry=entry("人员2"), reason="本人调离本单位", now=USE)
    e = entry("人员2")
    assert (e.status, e.withdrawn_reason, e.withdrawn_on) == (PoolEntry.Status.WITHDRAWN, "本人调离本单位", ON)
    error = refused("pool.withdrawn", lambda: from_pool(aw, "人员2"))
    assert str(error) == "该后备人选已移出后备干部库（本人调离本单位）"
    refused("pool.not_active", lambda: actions.pool_withdraw(actor=aw.organiser, entry=e, reason="再次"))
    assert [x.person.name for x in selectors.pool_entries(ON)] == ["人员6"]


def later_campaign(aw: AppointmentWorld) -> Campaign:
    return campaign_actions.campaign_create(actor=aw.organiser, name="2027年机关中层干部竞争上岗",
                                            unit=aw.campaign.unit, template="court_2010")


def test_reopen_in_a_later_draft_campaign(aw: AppointmentWorld) -> None:
    target = later_campaign(aw)
    with one_event("appointments.vacancy.reopen"):
        post = actions.vacancy_reopen(actor=aw.organiser, vacancy=vacancy(), campaign=target)
    old = aw.post("P02")
    assert (post.campaign, post.code, post.title, post.department, post.level, post.slots, post.conditions) == (
        target, old.code, old.title, old.department, old.level, 1, old.conditions)
    assert vacancy().reopened_in == target
    assert selectors.vacancy_state(vacancy()) == "reopened"
    another = later_campaign(aw)
    refused("vacancy.not_open", lambda: actions.vacancy_reopen(actor=aw.organiser, vacancy=vacancy(),
                                                               campaign=another))
    refused("vacancy.not_open", lambda: from_pool(aw, "人员2"))


def test_reopen_refusals(aw: AppointmentWorld) -> None:
    refused("campaigns.not_draft", lambda: actions.vacancy_reopen(actor=aw.organiser, vacancy=vacancy(),
                                                                  campaign=aw.campaign))
    target = later_campaign(aw)
    Post.objects.create(campaign=target, code="P02", department=aw.post("P02").department, title="已有", slots=1,
                        level="section_deputy")
    assert "已有职位代码P02" in str(refused("vacancy.code_taken", lambda: actions.vacancy_reopen(
        actor=aw.organiser, vacancy=vacancy(), campaign=target)))
