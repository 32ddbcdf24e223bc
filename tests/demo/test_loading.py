"""Loading the demo: once only, all or nothing, the same for a seed; the commands."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from tests.conftest import make_user
from xuanren.accounts.roles import Role
from xuanren.cli.main import main
from xuanren.demo.court import make_court
from xuanren.demo.loading import DEMO_PASSWORD, DemoError, demo_load
from xuanren.demo.roster import sample_roster
from xuanren.people.models import Person
from xuanren.record.models import Event
from xuanren.rules.ranks import rank

TODAY = dt.date(2026, 3, 1)
SEED = 11

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> Any:
    return demo_load(today=TODAY, seed=SEED)


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
    assert target.read_bytes() == sample_roster(today=TODAY)
