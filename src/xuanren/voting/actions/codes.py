"""Issuing one-time codes: anonymous slips in batches, or a named roll; voiding a lost batch.

The plain codes are returned once, for printing, and never stored: the database keeps their keyed
digests (:func:`xuanren.voting.codes.digest`). The record says how many codes were issued for which
group and batch, never a code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xuanren.people.models import Person
from xuanren.voting.models import Session, VoterGroup


def codes_issue(*, actor: Any, session: Session, group: VoterGroup, count: int, batch: int | None = None,
                now: dt.datetime | None = None) -> list[str]:
    """``count`` new codes for ``group`` (canonical form; :func:`~xuanren.voting.codes.display` prints them),
    in ``batch`` (default: the next batch number of the session). ``group.issued`` grows by ``count``.
    Allowed while the session is a draft or open (a late arrival), not once closed. Recorded."""
    raise NotImplementedError


def roll_issue(*, actor: Any, session: Session, group: VoterGroup, persons: list[Person],
               now: dt.datetime | None = None) -> list[tuple[Person, str]]:
    """A named roll: one code per person (refused for a person who already has one in this session).
    Recorded with the number of persons (who is on the roll is not secret; what they vote is)."""
    raise NotImplementedError


def codes_void(*, actor: Any, session: Session, batch: int, reason: str, now: dt.datetime | None = None) -> int:
    """Void the unused codes of a lost ``batch``; each group's ``issued`` decreases by its codes voided.
    Returns the number voided. Refused without a reason, or once the session is closed. Recorded."""
    raise NotImplementedError
