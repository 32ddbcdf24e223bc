"""Voting sessions: create one from its stage, set its voter groups and ballot forms, open it; turnout.

A session copies its rules from the stage when it is created (``stage.settings``: groups, thresholds,
rate base, …; defaults: seed 000's for a recommendation, one group "全体参评人员" 100 for an
evaluation), so the rules it is counted with are the rules it shows, whatever happens to the stage
later. Groups and forms may change only while the session is a draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xuanren.campaigns.models import Stage
from xuanren.people.models import Person
from xuanren.voting.models import BallotForm, Session, VoterGroup


@dataclass(frozen=True)
class GroupTurnout:
    """A voter group's figures for the projector: weight, entitled (应到), issued (发出), returned (收回:
    ballots cast)."""

    code: str
    name: str
    weight: Decimal
    entitled: int
    issued: int
    returned: int


def session_create(*, actor: Any, stage: Stage, name: str, trial: bool = False, mode: str = "slips",
                   place: str = "", now: dt.datetime | None = None) -> Session:
    """A new draft session of a recommendation or evaluation ``stage`` (open; pending too for a trial),
    with the stage's rules, its voter groups (entitled 0 until set) and the default ballot form: a
    recommendation form of every open post with candidates (``max_marks`` = slots, no write-ins), or an
    evaluation form grading each candidate. Recorded."""
    raise NotImplementedError


def groups_set(*, actor: Any, session: Session, groups: list[dict[str, Any]],
               now: dt.datetime | None = None) -> list[VoterGroup]:
    """Replace the session's voter groups: ``[{"code", "name", "weight", "entitled"}, …]``, weights summing
    to 100. Only while the session is a draft and no code has been issued for a group removed. Recorded."""
    raise NotImplementedError


def form_set(*, actor: Any, session: Session, form: BallotForm | None = None, kind: str, title: str,
             content: dict[str, Any], now: dt.datetime | None = None) -> BallotForm:
    """Create (``form`` None) or replace a ballot form while the session is a draft. ``content`` is checked
    (posts and candidates of the campaign, ``max_marks`` ≥ 1, elements non-empty; see :class:`BallotForm`)
    and normalised (names filled in from the database). Recorded."""
    raise NotImplementedError


def session_open(*, actor: Any, session: Session, now: dt.datetime | None = None) -> Session:
    """Open the session for voting. Refused without a ballot form, with a group whose entitled is 0, or
    with no code issued. Recorded."""
    raise NotImplementedError


def turnout(session: Session) -> list[GroupTurnout]:
    """Per group: weight, entitled, issued, returned (ballots cast) — never anything about a ballot's content."""
    raise NotImplementedError


def roll_status(session: Session) -> list[tuple[Person, bool]]:
    """A named roll: each person and whether they have voted (never what), in name order."""
    raise NotImplementedError
