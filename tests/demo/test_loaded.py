"""The loaded demo, as the product sees it: one demo loaded once for these read-only tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings

from tests.demo.conftest import FAST_HASHERS
from xuanren.accounts.access import roles_of
from xuanren.demo.court import make_court
from xuanren.demo.loading import ACCOUNTS, DEMO_PASSWORD, demo_load
from xuanren.people.models import Appraisal, Discipline, Person, Reward, Unit
from xuanren.record.actions import record_verify
from xuanren.record.models import Event
from xuanren.rules import idnumber

TODAY = dt.date(2026, 3, 1)
SEED = 11

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield demo_load(today=TODAY, seed=SEED)
        transaction.set_rollback(True)


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
    event = Event.objects.get(action="people.import")
    assert event.actor == "organiser"
    assert event.details["file"] == "演示干部名册.xlsx"
    assert event.details["created"] == 240
    assert Event.objects.filter(action="users.create").count() == 19
    assert Event.objects.filter(action="people.link_user", actor="organiser").count() == 1
    assert Event.objects.get(action="demo.load").details["seed"] == SEED
    assert record_verify().ok


def test_the_demo_runs_two_campaigns_through_the_real_actions(loaded):
    from xuanren.campaigns.models import Application, Campaign, Publication, Review, StageKind

    first, second = Campaign.objects.order_by("pk")
    assert first.status == second.status == Campaign.Status.ANNOUNCED
    stages = {s.kind: s.status for s in first.stages.all()}
    assert stages[StageKind.ELIGIBILITY] == "sealed" and stages[StageKind.INTERVIEW] == "open"
    # Every application of the sealed stage was decided, one against the rules' result with its reason.
    reviews = Review.objects.filter(application__campaign=first)
    assert reviews.count() == Application.objects.filter(campaign=first).count() >= 10
    assert not reviews.filter(decision=Review.Decision.PENDING).exists()
    assert reviews.filter(overridden=True).exclude(reason="").count() == 1
    assert reviews.filter(decision=Review.Decision.INELIGIBLE).exists()
    publication = Publication.objects.get(stage__campaign=first, stage__kind=StageKind.ELIGIBILITY)
    assert publication.version == 1
    # Applications are open in the second, with the reviews not yet decided.
    assert second.apply_until.date() > TODAY
    assert Review.objects.filter(application__campaign=second, decision=Review.Decision.PENDING).count() >= 3
    # The applicant account's own person was left free to apply.
    assert not Application.objects.filter(person__user__username="applicant").exists()
    assert {"campaigns.create", "stages.seal", "review.decide"} <= set(Event.objects.values_list("action", flat=True))


def test_the_public_pages_show_the_demo_campaigns(loaded, client):
    page = client.get("/public/").content.decode()
    assert "中层领导职位竞争上岗" in page and "第二批" in page
