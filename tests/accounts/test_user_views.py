from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from xuanren.accounts.access import roles_of
from xuanren.accounts.roles import Role


@pytest.mark.parametrize(("role", "status"), [
    ("organiser", 200), ("supervisor", 200), ("reviewer", 403), ("judge", 403), ("voter", 403),
    ("committee", 403), ("applicant", 403), ("outsider", 403),
])
def test_user_list_by_role(as_role: Any, role: str, status: int) -> None:
    assert as_role(role).get("/users/").status_code == status


def test_organiser_creates_a_user_with_roles(as_role: Any) -> None:
    r = as_role("organiser").post("/users/new/", {
        "username": "newjudge", "full_name": "评委甲", "password": "a-long-passphrase-77", "roles": ["judge"]})
    assert r.status_code == 302
    user = get_user_model().objects.get(username="newjudge")
    assert roles_of(user) == {Role.JUDGE}


def test_supervisor_cannot_create_users_or_change_roles(as_role: Any, personas: dict[str, Any]) -> None:
    client = as_role("supervisor")
    assert client.post("/users/new/", {"username": "x", "password": "a-long-passphrase-77"}).status_code == 403
    target = personas["judge"]
    assert client.post(f"/users/{target.pk}/roles/", {"roles": ["organiser"]}).status_code == 403
    assert roles_of(get_user_model().objects.get(pk=target.pk)) == {Role.JUDGE}
    assert not get_user_model().objects.filter(username="x").exists()


def test_organiser_changes_roles(as_role: Any, personas: dict[str, Any]) -> None:
    target = personas["voter"]
    r = as_role("organiser").post(f"/users/{target.pk}/roles/", {"roles": ["voter", "committee"]})
    assert r.status_code == 302
    assert roles_of(get_user_model().objects.get(pk=target.pk)) == {Role.VOTER, Role.COMMITTEE}


def test_anonymous_is_sent_to_login(client: Any, db: Any) -> None:
    r = client.get("/users/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_organiser_links_a_user_to_their_person_so_they_can_apply(as_role: Any, personas: dict[str, Any]) -> None:
    import datetime as dt

    from xuanren.people.models import Person, Unit
    from xuanren.record.models import Event
    from xuanren.rules import idnumber

    first17 = "11010519800102003"
    number = first17 + idnumber.check_character(first17)
    person = Person.objects.create(name="甲", gender="M", birth_date=dt.date(1980, 1, 2), id_number=number,
                                   education="bachelor", political_status="masses",
                                   unit=Unit.objects.create(name="某单位"))
    target = personas["applicant"]
    client = as_role("organiser")
    r = client.post(f"/users/{target.pk}/roles/", {"roles": ["applicant"], "id_number": number.lower()})
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.user == target
    assert Event.objects.filter(action="people.link_user", object_id=str(person.pk)).count() == 1
    # An unknown number is refused, and the roles change with it is not kept.
    bad = first17[:-1] + "9"
    bad += idnumber.check_character(bad)
    r = client.post(f"/users/{target.pk}/roles/", {"roles": ["voter"], "id_number": bad})
    assert r.status_code == 200 and "干部名册中没有" in r.content.decode()
    assert roles_of(get_user_model().objects.get(pk=target.pk)) == {Role.APPLICANT}
    person.refresh_from_db()
    assert person.user == target
    # A person already linked to someone else cannot be linked again.
    r = client.post(f"/users/{personas['voter'].pk}/roles/", {"roles": ["voter"], "id_number": number})
    assert "已关联其他账号" in r.content.decode()
