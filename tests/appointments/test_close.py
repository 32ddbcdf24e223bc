"""Sealing the appointment stage: refused while candidates wait, then vacancies and pool entries written once,
the results published, the campaign closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests.appointments.world import SEALED, AppointmentWorld, build_appointment_world
from tests.campaigns.world import nothing_changes
from xuanren.appointments import handlers
from xuanren.appointments.models import PoolEntry, Vacancy
from xuanren.campaigns import actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Campaign, Stage, StageKind
from xuanren.record.models import Event
from xuanren.scoring.models import Standing


@pytest.fixture
def aw(personas: dict[str, Any], monkeypatch: Any) -> AppointmentWorld:
    return build_appointment_world(personas, monkeypatch)


def test_sealing_refused_naming_who_waits(aw: AppointmentWorld) -> None:
    aw.appoint("人员1")
    with nothing_changes((Vacancy, PoolEntry, Stage, Campaign, Event)), pytest.raises(CampaignError) as info:
        actions.stage_seal(actor=aw.organiser, stage=aw.stage, now=SEALED)
    assert "人选人员4既未任职，也未宣布空缺" in str(info.value)


def test_sealing_leaves_vacancies_and_fills_the_pool(aw: AppointmentWorld) -> None:
    publication = aw.seal()
    assert Campaign.objects.get(pk=aw.campaign.pk).status == Campaign.Status.CLOSED
    vacancy = Vacancy.objects.get()
    assert (vacancy.post, vacancy.reason) == (aw.post("P02"), Vacancy.Reason.NOTICE)
    assert "终止任用" in vacancy.detail
    pool = {e.person.name: e for e in PoolEntry.objects.select_related("person")}
    # 人员1 appointed, 人员3 unsuitable at inspection, 人员4 and 人员5 stopped at the notice.
    assert sorted(pool) == ["人员2", "人员6"]
    entry = pool["人员2"]
    assert (entry.entered_on, entry.expires_on) == (dt.date(2027, 1, 10), dt.date(2028, 1, 9))
    assert entry.level == "section_deputy" and entry.campaign == aw.campaign
    assert entry.application.post.code == "P01"
    content = publication.content
    posts = {p["code"]: p for p in content["posts"]}
    assert [p["name"] for p in posts["P01"]["people"]] == ["人员1"]
    assert posts["P02"]["people"] == [] and posts["P02"]["note"].startswith("空缺1个职数：公示反映问题属实")
    assert content["totals"] == {"任职人数": 1, "空缺职数": 1}
    close = Event.objects.get(action="appointments.close")
    assert [p["person"] for p in close.details["pool"]] == ["人员2", "人员6"]
    assert Event.objects.filter(action="stages.seal", seq__gt=close.seq).exists()


def test_sealing_writes_only_once(aw: AppointmentWorld) -> None:
    aw.seal()
    before = (Vacancy.objects.count(), PoolEntry.objects.count())
    made, pooled = handlers.close_campaign(Stage.objects.get(pk=aw.stage.pk))
    assert (made, pooled) == ([], [])
    assert (Vacancy.objects.count(), PoolEntry.objects.count()) == before


def test_a_declared_vacancy_is_published_with_its_reason(aw: AppointmentWorld) -> None:
    from xuanren.appointments import actions as appt

    aw.appoint("人员1")
    appt.vacancy_declare(actor=aw.organiser, stage=aw.stage, post=aw.post("P02"), reason="other",
                         detail="拟任人选本人放弃任职")
    publication = actions.stage_seal(actor=aw.organiser, stage=aw.stage, now=SEALED)
    assert Vacancy.objects.get().detail == "拟任人选本人放弃任职"
    p02 = next(p for p in publication.content["posts"] if p["code"] == "P02")
    assert p02["note"] == "空缺1个职数：其他（拟任人选本人放弃任职）"
    # 人员4 was not appointed and the objection is not verified: they go to the pool.
    assert "人员4" in {e.person.name for e in PoolEntry.objects.select_related("person")}


def test_the_pool_carries_the_shortlist_scores(aw: AppointmentWorld) -> None:
    # A sealed shortlist stage before the others (made directly: this campaign's plan has none).
    shortlist = Stage.objects.create(campaign=aw.campaign, kind=StageKind.SHORTLIST, order=0,
                                     status=Stage.Status.SEALED, sealed_at=SEALED)
    for rank, name in enumerate(("人员1", "人员2", "人员4", "人员5", "人员6"), start=1):
        Standing.objects.create(stage=shortlist, application=aw.apps[name], composite=f"{9000 - rank * 100}/100",
                                display=f"{Decimal(90 - rank):.2f}", rank=rank, shortlisted=True,
                                reason="确定为考察对象")
    aw.seal()
    entry = PoolEntry.objects.get(person__name="人员2")
    assert entry.scores["label"] == "综合成绩"
    assert (entry.scores["value"], entry.scores["display"], entry.scores["rank"]) == ("8800/100", "88.00", 2)
    base_stage, base = handlers.pool_base(aw.campaign)
    assert base_stage == shortlist and len(base) == 5


def test_the_public_page_shows_the_results(aw: AppointmentWorld, client: Any) -> None:
    aw.seal()
    page = client.get(f"/public/{aw.campaign.pk}/results/appointment/")
    assert page.status_code == 200, page.status_code
    text = page.content.decode()
    assert "任职结果" in text and "人员1" in text and "公示反映问题属实" in text
    assert "人员2" not in text  # the pool is not published
