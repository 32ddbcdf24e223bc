from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD


@pytest.fixture
def anon() -> Client:
    return Client(enforce_csrf_checks=True)


def _csrf(client: Client) -> str:
    client.get("/login/")
    return client.cookies["csrftoken"].value


def test_login_page_is_chinese_by_default(db: Any, anon: Client) -> None:
    page = anon.get("/login/")
    assert page.status_code == 200
    assert "登录" in page.content.decode()
    assert 'lang="zh-hans"' in page.content.decode()


def test_login_without_csrf_token_is_refused(personas: dict[str, Any], anon: Client) -> None:
    response = anon.post("/login/", {"username": "organiser", "password": PASSWORD})
    assert response.status_code == 403


def test_login_with_csrf_succeeds_and_lands_on_home(personas: dict[str, Any], anon: Client) -> None:
    token = _csrf(anon)
    response = anon.post("/login/", {"username": "organiser", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "组织人事干部" in anon.get("/").content.decode()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_is_locked_after_repeated_failures_even_with_the_right_password(
        personas: dict[str, Any], anon: Client) -> None:
    token = _csrf(anon)
    for _ in range(3):
        r = anon.post("/login/", {"username": "organiser", "password": "wrong", "csrfmiddlewaretoken": token})
        assert r.status_code == 200
    r = anon.post("/login/", {"username": "organiser", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert r.status_code == 200
    assert "登录失败次数过多" in r.content.decode()
    # Another user is not affected.
    r = anon.post("/login/", {"username": "reviewer", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert r.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_FAILURE_WINDOW_SECONDS=60)
def test_lock_expires_after_the_window(personas: dict[str, Any]) -> None:
    import datetime as dt

    from django.utils import timezone

    from xuanren.accounts import throttle

    t0 = timezone.now()
    throttle.note_failure("organiser", now=t0)
    throttle.note_failure("organiser", now=t0)
    assert throttle.is_locked("organiser", now=t0 + dt.timedelta(seconds=30))
    assert not throttle.is_locked("organiser", now=t0 + dt.timedelta(seconds=61))


def test_english_can_be_switched_on(personas: dict[str, Any], as_role: Any) -> None:
    client = as_role("organiser")
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
