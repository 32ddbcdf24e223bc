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


# --- the counter itself, shared by every limit kept in the failure table (log-in names, voting codes
# guessed, objections lodged, receipts guessed; each under its own key prefix) ------------------------

def over_limit(key: str, limit: int, window: dt.timedelta, now: dt.datetime) -> bool:
    """Whether ``key`` has counted ``limit`` or more within the ``window`` that is still running at ``now``."""
    row = LoginFailure.objects.filter(username=key).first()
    return bool(row and row.window_start + window > now and row.count >= limit)


def count(key: str, window: dt.timedelta, now: dt.datetime) -> None:
    """Count one for ``key``; a window that has run out starts again at ``now``."""
    with transaction.atomic():
        row, _ = LoginFailure.objects.select_for_update().get_or_create(username=key[:150],
                                                                        defaults={"window_start": now})
        if row.window_start + window <= now:
            row.count, row.window_start = 0, now
        row.count += 1
        row.save()


def is_locked(username: str, *, now: dt.datetime | None = None) -> bool:
    return over_limit(username.lower(), settings.LOGIN_FAILURE_LIMIT, _window(), now or timezone.now())


def note_failure(username: str, *, now: dt.datetime | None = None) -> None:
    count(username.lower(), _window(), now or timezone.now())


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
