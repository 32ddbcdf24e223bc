"""Rate limits of the public notice pages, per client: lodging objections and looking up receipts.

- Lodging: at most ``NOTICES_OBJECTION_LIMIT`` objections (default 5) from one client within
  ``NOTICES_OBJECTION_WINDOW_SECONDS`` (default 3600); more are refused ("提交过于频繁，请稍后再试") —
  enough for anyone with something to say, too few to flood the queue.
- Receipts: after ``NOTICES_RECEIPT_FAILURE_LIMIT`` unknown receipt numbers (default 10) within
  ``NOTICES_RECEIPT_WINDOW_SECONDS`` (default 600), that client is refused every lookup until the window
  has passed, so receipts cannot be guessed.

The client is the voting area's keyed digest of its address (:func:`xuanren.voting.privacy.client_of`),
stored only as a further keyed digest in the accounts app's failure table under its own prefix (as
:mod:`xuanren.voting.throttle` does): the limit holds across app servers and no address is written down.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from xuanren.accounts import throttle as counter
from xuanren.voting.codes import client_key

LODGE, RECEIPT = "objection:", "receipt:"


def _limit(prefix: str) -> int:
    if prefix == LODGE:
        return int(getattr(settings, "NOTICES_OBJECTION_LIMIT", 5))
    return int(getattr(settings, "NOTICES_RECEIPT_FAILURE_LIMIT", 10))


def _window(prefix: str) -> dt.timedelta:
    if prefix == LODGE:
        return dt.timedelta(seconds=int(getattr(settings, "NOTICES_OBJECTION_WINDOW_SECONDS", 3600)))
    return dt.timedelta(seconds=int(getattr(settings, "NOTICES_RECEIPT_WINDOW_SECONDS", 600)))


def _key(prefix: str, client: str) -> str:
    return prefix + client_key(client)


def is_locked(prefix: str, client: str | None, *, now: dt.datetime | None = None) -> bool:
    return bool(client) and counter.over_limit(_key(prefix, client or ""), _limit(prefix), _window(prefix),
                                               now or timezone.now())


def note(prefix: str, client: str | None, *, now: dt.datetime | None = None) -> None:
    """Count one lodging (or one unknown receipt) for ``client``."""
    if client:
        counter.count(_key(prefix, client), _window(prefix), now or timezone.now())
