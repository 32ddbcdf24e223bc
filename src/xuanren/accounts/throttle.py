"""Login throttling: after ``LOGIN_FAILURE_LIMIT`` failures for a user name within the window, that
name is refused until the window has passed. Counted per user name (not per address), so it holds
behind a proxy and across app servers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xuanren.accounts.models import LoginFailure


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked(username: str, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    row = LoginFailure.objects.filter(username=username.lower()).first()
    return bool(row and row.window_start + _window() > now and row.count >= settings.LOGIN_FAILURE_LIMIT)


def note_failure(username: str, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        row, _ = LoginFailure.objects.select_for_update().get_or_create(
            username=username.lower()[:150], defaults={"window_start": now}
        )
        if row.window_start + _window() <= now:
            row.count, row.window_start = 0, now
        row.count += 1
        row.save()


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
