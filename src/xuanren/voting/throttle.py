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
from typing import Any

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


def locked_clause(client: str | None, *, now: dt.datetime | None = None) -> tuple[str, list[Any]]:
    """An SQL expression that is 1 when ``client`` is locked out and NULL otherwise, with its parameters,
    for a statement that asks it together with something else (the code lookup asks it in its own query,
    one round trip for both)."""
    now = now or timezone.now()
    table = connection.ops.quote_name(LoginFailure._meta.db_table)
    # No client: a key no row has (every stored key starts with the prefix).
    key = _key(client) if client else ""
    return (f"(SELECT 1 FROM {table} WHERE username = %s AND count >= %s AND window_start > %s)",
            [key, limit(), connection.ops.adapt_datetimefield_value(now - window())])


def is_locked(client: str | None, *, now: dt.datetime | None = None) -> bool:
    if not client:
        return False
    clause, params = locked_clause(client, now=now)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {clause}", params)
        row = cursor.fetchone()
    return row is not None and row[0] is not None


def note_failure(client: str | None, *, now: dt.datetime | None = None) -> None:
    if client:
        counter.count(_key(client), window(), now or timezone.now())


def clear(client: str | None) -> None:
    if client:
        LoginFailure.objects.filter(username=_key(client)).delete()
