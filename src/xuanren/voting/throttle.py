"""Guessing codes is rate-limited: after ``VOTING_FAILURE_LIMIT`` unknown codes (default 10) from one
client within ``VOTING_FAILURE_WINDOW_SECONDS`` (default 600), that client is refused every code until
the window has passed ("尝试次数过多，请稍后再试").

Only *unknown* codes count (malformed or not issued): that is what guessing produces. A used or void
code is a real code the voter holds, and 50 simultaneous submissions of one code must not lock out the
meeting's shared network address.

The client is whatever identifies it (:func:`xuanren.voting.privacy.client_of`: a keyed digest of the
address, computed before the address is blanked); it is stored only as a further keyed digest, in the
accounts app's failure table under a ``vote:`` prefix, so the limit holds across app servers and no
address is ever written down. Voters behind one NAT address (a venue's Wi-Fi) share a limit: raise it
for such a meeting (docs/voting.md).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils import timezone

from xuanren.accounts import throttle as counter
from xuanren.accounts.models import LoginFailure
from xuanren.voting.codes import client_key

PREFIX = "vote:"


def limit() -> int:
    return int(getattr(settings, "VOTING_FAILURE_LIMIT", 10))


def window() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "VOTING_FAILURE_WINDOW_SECONDS", 600)))


def _key(client: str) -> str:
    return PREFIX + client_key(client)


def is_locked(client: str | None, *, now: dt.datetime | None = None) -> bool:
    if not client:
        return False
    now = now or timezone.now()
    # Asked on every voter request: one plain statement (the ORM's compilation cost more than the query).
    table = connection.ops.quote_name(LoginFailure._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE username = %s AND count >= %s AND window_start > %s",
                       [_key(client), limit(), connection.ops.adapt_datetimefield_value(now - window())])
        return cursor.fetchone() is not None


def note_failure(client: str | None, *, now: dt.datetime | None = None) -> None:
    if client:
        counter.count(_key(client), window(), now or timezone.now())


def clear(client: str | None) -> None:
    if client:
        LoginFailure.objects.filter(username=_key(client)).delete()
