"""Loading the demo: users, the court's roster through the real import, the applicant's own record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.test import Client

from xuanren.accounts.access import roles_of
from xuanren.accounts.roles import Role
from xuanren.cli.main import main
from xuanren.demo.court import make_court
from xuanren.demo.loading import ACCOUNTS, DEMO_PASSWORD, DemoError, demo_load
from xuanren.people.models import Appraisal, Discipline, Person, Reward, Unit
from xuanren.record.actions import record_verify
from xuanren.record.models import Event
from xuanren.rules import idnumber
from xuanren.rules.ranks import rank

TODAY = dt.date(2026, 3, 1)
SEED = 11

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> Any:
    return demo_load(today=TODAY, seed=SEED)


def test_the_demo_loads_into_an_empty_database(loaded):
    court = make_court(seed=SEED, today=TODAY)
    assert loaded.loaded
    assert Person.objects.count() == len(court.staff) == 240
    unit = Unit.objects.get(parent=None)
    assert unit.name == "××市中级人民法院"
    assert Unit.objects.filter(parent=unit, kind=Unit.Kind.DEPARTMENT).count() == 18
    assert Appraisal.objects.count() == sum(len(s.appraisals) for s in court.staff)
    assert Reward.objects.count() == len(court.rewards)
    assert Discipline.objects.count() == len(court.disciplines)
    assert sum(d.in_force_on(TODAY) for d in Discipline.objects.all()) == 1
    assert loaded.import_result.created == 240


def test_every_stored_id_number_is_valid_and_agrees_with_the_person(loaded):
    for p in Person.objects.all():
        assert idnumber.is_valid(p.id_number)
        assert idnumber.birth_date(p.id_number) == p.birth_date
        assert idnumber.gender(p.id_number) == p.gender
        assert 25 <= p.age_on(TODAY) <= 59


def test_the_demo_users_hold_their_roles_and_share_one_password(loaded):
    users = get_user_model().objects.all()
    assert users.count() == len(ACCOUNTS) == 19
    for username, role in ACCOUNTS:
        user = users.get(username=username)
        assert roles_of(user) == {role}
        assert user.check_password(DEMO_PASSWORD)
        assert user.first_name  # the name of the court's person holding that role
    assert {a.username for a in loaded.accounts} == {u for u, _ in ACCOUNTS}


def test_the_applicant_sees_their_own_record_and_no_other(loaded):
    applicant = get_user_model().objects.get(username="applicant")
    own = Person.objects.get(user=applicant)
    assert own.post_title == "审判员"
    client = Client()
    client.force_login(applicant)
    assert client.get(f"/people/{own.pk}/").status_code == 200
    other = Person.objects.exclude(pk=own.pk).first()
    assert client.get(f"/people/{other.pk}/").status_code == 403


def test_the_organiser_sees_the_register(loaded):
    client = Client()
    client.force_login(get_user_model().objects.get(username="organiser"))
    page = client.get("/people/")
    assert page.status_code == 200
    assert "××市中级人民法院" in page.content.decode()


def test_the_record_holds_the_import_by_the_organiser_and_verifies(loaded):
    imports = Event.objects.filter(action="people.import")
    assert imports.count() == 1
    event = imports.get()
    assert event.actor == "organiser"
    assert event.details["file"] == "演示干部名册.xlsx"
    assert event.details["created"] == 240
    assert Event.objects.filter(action="users.create").count() == 19
    assert Event.objects.filter(action="people.link_user", actor="organiser").count() == 1
    assert Event.objects.filter(action="demo.load").get().details["seed"] == SEED
    assert record_verify().ok


def test_if_empty_does_nothing_the_second_time(loaded):
    events = Event.objects.count()
    again = demo_load(today=TODAY, seed=SEED, if_empty=True)
    assert not again.loaded
    assert Person.objects.count() == 240
    assert Event.objects.count() == events


def test_loading_twice_without_if_empty_is_refused(loaded):
    with pytest.raises(DemoError, match="已有人员"):
        demo_load(today=TODAY, seed=SEED)
    assert Person.objects.count() == 240


def test_taken_demo_user_names_are_refused_and_nothing_is_written():
    from tests.conftest import make_user

    make_user("voter")
    events = Event.objects.count()
    with pytest.raises(DemoError, match="voter"):
        demo_load(today=TODAY, seed=SEED)
    assert Person.objects.count() == 0
    assert get_user_model().objects.count() == 1
    assert Event.objects.count() == events


def test_the_same_seed_loads_the_same_people():
    demo_load(today=TODAY, seed=SEED)
    court = make_court(seed=SEED, today=TODAY)
    stored = list(Person.objects.order_by("id_number").values_list("id_number", "name", "rank"))
    assert stored == sorted((s.id_number, s.name, rank(s.rank).code) for s in court.staff)


def test_the_command_prints_the_accounts_and_skips_when_not_empty():
    runner = CliRunner()
    first = runner.invoke(main, ["demo", "load", "--if-empty", "--today", "2026-03-01"])
    assert first.exit_code == 0, first.output
    assert "用户名" in first.output and "角色" in first.output and "密码" in first.output
    assert "organiser" in first.output and DEMO_PASSWORD in first.output
    assert "http://127.0.0.1:8000/" in first.output
    assert str(Role.ORGANISER.label) in first.output
    second = runner.invoke(main, ["demo", "load", "--if-empty"])
    assert second.exit_code == 0
    assert "未载入" in second.output
    third = runner.invoke(main, ["demo", "load"])
    assert third.exit_code == 1
    assert "已有人员" in third.output


def test_the_command_writes_the_sample_roster(tmp_path):
    target = tmp_path / "演示干部名册.xlsx"
    result = CliRunner().invoke(main, ["demo", "roster", str(target), "--today", "2026-03-01"])
    assert result.exit_code == 0, result.output
    from xuanren.demo.roster import sample_roster

    assert target.read_bytes() == sample_roster(today=TODAY)
