"""Applications and nominations: every refusal with its reason, nothing written; withdrawal; deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.campaigns.world import AFTER, BEFORE, DEADLINE, World, make_person, nothing_changes, one_event, sh
from xuanren.campaigns import actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application
from xuanren.record.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(world: World) -> World:
    world.publish()
    return world


def test_submit_is_recorded(announced: World) -> None:
    w = announced
    with one_event("applications.submit"):
        app = w.apply(w.people[0], "P01", preference=1)
    assert (app.status, app.source, app.preference, app.submitted_at) == ("submitted", "self", 1, BEFORE)


def test_deadline_is_kept_in_the_campaign_time_zone(announced: World) -> None:
    w = announced
    w.apply(w.people[0], "P01", now=sh(2026, 12, 1, 16, 59))
    w.apply(w.people[1], "P01", now=DEADLINE)  # the minute itself still counts
    late = dt.datetime(2026, 12, 1, 9, 1, tzinfo=dt.UTC)  # 17:01 in Shanghai
    with nothing_changes(), pytest.raises(CampaignError) as info:
        w.apply(w.people[2], "P01", now=late)
    assert str(info.value) == "报名已于2026年12月1日17:00截止"
    assert info.value.code == "campaigns.applications.closed"
    assert "1 December 2026 17:00 (Asia/Shanghai)" in info.value.message.text("en")


def test_another_time_zone_shows_its_own_clock(world: World) -> None:
    actions.campaign_update(actor=world.organiser, campaign=world.campaign, time_zone="Asia/Urumqi")
    world.publish()
    with pytest.raises(CampaignError, match="报名已于2026年12月1日15:00截止"):
        world.apply(world.people[0], "P01", now=AFTER)


def test_before_applications_open(announced: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="报名自2026年11月20日09:00开始，尚未开始"):
        announced.apply(announced.people[0], "P01", now=sh(2026, 11, 19, 12, 0))


def test_a_draft_takes_no_applications(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="不在进行中（状态：草稿）"):
        world.apply(world.people[0], "P01")


def test_a_third_post_when_the_limit_is_two(announced: World) -> None:
    w = announced
    w.apply(w.people[0], "P01")
    w.apply(w.people[0], "P02")
    with nothing_changes(), pytest.raises(CampaignError) as info:
        w.apply(w.people[0], "P03")
    assert str(info.value) == "每人最多报名2个职位，人员1已报名：P01（办公室副主任）、P02（政策法规科副科长）"


def test_applying_twice_for_the_same_post(announced: World) -> None:
    w = announced
    w.apply(w.people[0], "P01")
    with nothing_changes(), pytest.raises(CampaignError, match="人员1已报名职位P01（办公室副主任），不能重复报名"):
        w.apply(w.people[0], "P01")


def test_a_cancelled_post(announced: World) -> None:
    w = announced
    actions.post_cancel(actor=w.organiser, post=w.posts["P03"], reason="职位调整")
    with nothing_changes(), pytest.raises(CampaignError, match="职位P03（办公室科长）已取消，不能报名"):
        w.apply(w.people[0], "P03")


def test_preferences_are_a_ranking(announced: World) -> None:
    w = announced
    w.apply(w.people[0], "P01", preference=1)
    with nothing_changes():
        with pytest.raises(CampaignError, match="第1志愿已填报职位P01"):
            w.apply(w.people[0], "P02", preference=1)
        with pytest.raises(CampaignError, match="志愿顺序应为1至2"):
            w.apply(w.people[0], "P02", preference=3)
    w.apply(w.people[0], "P02", preference=2)


def test_someone_not_in_the_register(announced: World) -> None:
    from tests.people.rosters import make_id

    absent = make_id(dt.date(1990, 1, 1), male=True, seq=7)
    with nothing_changes():
        with pytest.raises(CampaignError, match=r"干部名册中没有身份证号为.*的人员"):
            actions.resolve_person(absent)
        with pytest.raises(CampaignError, match=r"身份证号.*无效"):
            actions.resolve_person("110101199001011234")
    assert actions.resolve_person(announced.people[0].id_number.lower()) == announced.people[0]


def test_an_applicant_applies_only_for_themselves(announced: World) -> None:
    w = announced
    applicant = w.users["applicant"]
    me = make_person(w.office, 20, user=applicant)
    with one_event("applications.submit"):
        actions.application_submit(actor=applicant, campaign=w.campaign, post=w.posts["P01"], person=me, now=BEFORE)
    with nothing_changes():
        with pytest.raises(PermissionDenied):
            actions.application_submit(actor=applicant, campaign=w.campaign, post=w.posts["P01"], person=w.people[0],
                                       now=BEFORE)
        with pytest.raises(PermissionDenied):  # nominating is the organiser's
            actions.application_submit(actor=applicant, campaign=w.campaign, post=w.posts["P02"], person=me,
                                       source="mass", nominator_note="群众", now=BEFORE)
        with pytest.raises(PermissionDenied):  # a reviewer enters nothing
            actions.application_submit(actor=w.reviewer, campaign=w.campaign, post=w.posts["P01"],
                                       person=w.people[0], now=BEFORE)


def test_a_nomination_records_its_nominator(announced: World) -> None:
    w = announced
    with nothing_changes(), pytest.raises(CampaignError, match="组织推荐须写明推荐人（首提责任制）"):
        w.apply(w.people[0], "P01", source="organisation")
    with nothing_changes(), pytest.raises(CampaignError, match="推荐人不能是被推荐人本人"):
        w.apply(w.people[0], "P01", source="mass", nominator=w.people[0])
    with nothing_changes(), pytest.raises(CampaignError, match="个人自荐不填推荐人"):
        w.apply(w.people[0], "P01", nominator=w.people[1])
    app = w.apply(w.people[0], "P01", source="mass", nominator=w.people[1], nominator_note="同科室推荐")
    assert (app.nominator, app.nominator_note) == (w.people[1], "同科室推荐")
    assert Event.objects.get(action="applications.submit").details["nominator"] == w.people[1].pk
    org = w.apply(w.people[2], "P01", source="organisation", nominator_note="局党组")
    assert org.nominator is None and org.nominator_note == "局党组"


def test_withdraw_then_apply_again_reactivates_the_same_row(announced: World) -> None:
    w = announced
    app = w.apply(w.people[0], "P01", preference=1)
    with one_event("applications.withdraw"):
        actions.application_withdraw(actor=w.organiser, application=app, reason="个人原因", now=BEFORE)
    app.refresh_from_db()
    assert app.status == Application.Status.WITHDRAWN and app.withdrawn_at == BEFORE
    # The withdrawn one no longer counts towards the limit or holds its preference.
    w.apply(w.people[0], "P02", preference=1)
    again = w.apply(w.people[0], "P01", preference=2, now=BEFORE + dt.timedelta(hours=1))
    assert again.pk == app.pk and again.status == Application.Status.SUBMITTED and again.withdrawn_at is None
    assert Event.objects.filter(action="applications.submit").last().details["again"] is True  # type: ignore[union-attr]
    actions.application_withdraw(actor=w.organiser, application=again, now=BEFORE)
    with nothing_changes(), pytest.raises(CampaignError, match="该报名已撤回"):
        actions.application_withdraw(actor=w.organiser, application=again, now=BEFORE)


def test_withdrawal_closes_at_its_deadline(world: World) -> None:
    actions.campaign_update(actor=world.organiser, campaign=world.campaign, withdraw_until=sh(2026, 11, 28, 12, 0))
    world.publish()
    app = world.apply(world.people[0], "P01")
    with nothing_changes(), pytest.raises(CampaignError, match="撤回报名已于2026年11月28日12:00截止"):
        actions.application_withdraw(actor=world.organiser, application=app, now=sh(2026, 11, 28, 12, 1))


def test_withdrawal_by_the_applicant_only_of_their_own(announced: World) -> None:
    w = announced
    applicant = w.users["applicant"]
    me = make_person(w.office, 20, user=applicant)
    mine = actions.application_submit(actor=applicant, campaign=w.campaign, post=w.posts["P01"], person=me,
                                      now=BEFORE)
    other = w.apply(w.people[0], "P01")
    with nothing_changes(), pytest.raises(PermissionDenied):
        actions.application_withdraw(actor=applicant, application=other, now=BEFORE)
    actions.application_withdraw(actor=applicant, application=mine, now=BEFORE)


def test_nothing_changes_once_eligibility_is_sealed(world: World) -> None:
    w = world
    w.full_eligibility()
    actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    app = Application.objects.filter(campaign=w.campaign).first()
    assert app is not None
    with nothing_changes():
        with pytest.raises(CampaignError, match="资格审查环节已封存"):
            actions.application_withdraw(actor=w.organiser, application=app, now=AFTER)
        with pytest.raises(CampaignError, match="资格审查环节已封存"):
            actions.post_extend(actor=w.organiser, post=w.posts["P01"], new_deadline=sh(2026, 12, 9, 17, 0),
                                reason="x", now=AFTER)
        with pytest.raises(CampaignError, match="资格审查环节已封存"):
            w.apply(w.people[5], "P01", now=BEFORE)
