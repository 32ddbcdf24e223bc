"""The notices pages' clock: the current instant, in one place so that the tests of the pages can move it
(a notice's period is days long) without moving the clock of sessions and log-ins."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()
