"""Shared fixtures: one persona per role (healthchecks' style), each made through the real action."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from xuanren.accounts.actions import user_create
from xuanren.accounts.roles import Role

PASSWORD = "correct-horse-battery-9"

# Property tests have no time limit per example: on a shared 2-core machine the first example of a test
# can take 0.4 s (imports, caches) where later ones take 2 ms, and a deadline turns that into a failure.
hypothesis_settings.register_profile("xuanren", deadline=None)
hypothesis_settings.load_profile("xuanren")


def make_user(username: str, *roles: str) -> Any:
    return user_create(actor=None, username=username, password=PASSWORD, full_name=username,
                       roles=roles, check_password=False)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2 at Django's default strength costs ~0.3 s a user; the tests make hundreds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db: Any) -> dict[str, Any]:
    """A user per role, plus ``outsider`` (logged in, no role)."""
    users = {role.value: make_user(role.value, role.value) for role in Role}
    users["outsider"] = make_user("outsider")
    return users


@pytest.fixture
def as_role(personas: dict[str, Any]) -> Any:
    """``as_role("organiser")`` → a test client logged in as that persona."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return login
