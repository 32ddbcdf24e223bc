from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD, make_user
from xuanren.accounts import actions
from xuanren.accounts.access import has, roles_of
from xuanren.accounts.roles import CHANGING, MATRIX, Role
from xuanren.record.models import Event

pytestmark = pytest.mark.django_db


def test_user_create_grants_roles_hashes_password_and_records() -> None:
    user = actions.user_create(actor=None, username="zzb", password="a-long-passphrase-77", roles=["organiser",
                                                                                                  "supervisor"])
    assert roles_of(user) == {Role.ORGANISER, Role.SUPERVISOR}
    assert user.check_password("a-long-passphrase-77")
    assert "a-long-passphrase-77" not in user.password
    event = Event.objects.get(action="users.create")
    assert event.object_id == str(user.pk)
    assert event.details == {"roles": ["organiser", "supervisor"]}
    assert "a-long-passphrase-77" not in str(event.details)


def test_duplicate_username_is_refused_case_insensitively_and_changes_nothing() -> None:
    make_user("Reviewer1", "reviewer")
    before = (get_user_model().objects.count(), Event.objects.count())
    with pytest.raises(actions.UserError, match="已被使用"):
        actions.user_create(actor=None, username="reviewer1", password="another-long-pass-88")
    assert (get_user_model().objects.count(), Event.objects.count()) == before


def test_weak_password_and_unknown_role_are_refused() -> None:
    with pytest.raises(actions.UserError):
        actions.user_create(actor=None, username="a", password="123")
    with pytest.raises(actions.UserError, match="未知角色"):
        actions.user_create(actor=None, username="b", password="a-long-passphrase-77", roles=["emperor"])
    assert not get_user_model().objects.exists()


def test_set_roles_replaces_the_grants_and_records_before_and_after() -> None:
    user = make_user("u1", "judge")
    actions.user_set_roles(actor=None, user=user, roles=["reviewer", "voter"])
    user = get_user_model().objects.get(pk=user.pk)
    assert roles_of(user) == {Role.REVIEWER, Role.VOTER}
    event = Event.objects.filter(action="users.set_roles").get()
    assert event.before_digest and event.after_digest and event.before_digest != event.after_digest


def test_supervisor_holds_no_changing_capability() -> None:
    assert CHANGING
    assert not any(Role.SUPERVISOR in MATRIX[cap] for cap in CHANGING)


def test_deactivated_user_holds_nothing() -> None:
    user = make_user("o2", "organiser")
    assert has(user, "people.import")
    actions.user_set_active(actor=None, user=user, active=False)
    user = get_user_model().objects.get(pk=user.pk)
    assert not has(user, "people.import")


def test_unknown_capability_is_a_programming_error(personas: dict[str, Any]) -> None:
    with pytest.raises(KeyError):
        has(personas["organiser"], "people.fly")


def test_token_is_shown_once_and_stored_only_as_digest(personas: dict[str, Any], client: Any) -> None:
    from xuanren.accounts.models import ApiToken

    token = actions.token_create(actor=None, user=personas["supervisor"], name="inspection")
    row = ApiToken.objects.get()
    assert token not in row.digest and row.digest == ApiToken.digest_of(token)
    ok = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok.status_code == 200 and ok.json()["roles"] == ["supervisor"]
    bad = client.get("/api/accounts/me", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.status_code == 401


def test_password_constant_is_usable(personas: dict[str, Any], client: Any) -> None:
    assert client.login(username="organiser", password=PASSWORD)
