"""What a voter does with a code: look it up (the ballot page), cast a ballot (the receipt).

Casting is one transaction: the code is marked used by a conditional
``UPDATE … SET used = true WHERE digest = ? AND used = false AND void = false`` on a code of an open
session — exactly one of any number of concurrent submissions of one code changes a row — and the
ballot is inserted with a random receipt code. Nothing links the two: the ballot has no foreign key to
the code, no time, a random primary key; no record event is written per ballot, and nothing here logs
a code or marks. A repeated submission with the same ``submission`` token (a slow phone's double tap)
returns the same receipt and casts nothing.

Failed tries of unknown codes are counted per client (``client``: the address, which is only ever
kept as a keyed digest) and refused for a while after too many (:mod:`xuanren.voting.throttle`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xuanren.voting.models import BallotForm, Session, VoterGroup


@dataclass(frozen=True)
class Ticket:
    """What a valid, unused code opens: its session, voter group and the ballot forms to fill in."""

    session: Session
    group: VoterGroup
    forms: list[BallotForm]

    @property
    def trial(self) -> bool:
        return self.session.trial


@dataclass(frozen=True)
class Receipt:
    """A cast ballot's receipt code (``XXXX-XXXX-XXXX``), its session, and whether it was a trial."""

    receipt: str
    session: Session
    trial: bool


def code_lookup(code: str, *, client: str | None = None) -> Ticket:
    """The ticket ``code`` opens. Refused: a malformed or unknown code (counted against ``client``), a
    used or void code, a session not open or closed, a client with too many failed tries. A trial
    session's ticket is allowed (``ticket.trial``: the page says "模拟测试，不计入结果")."""
    raise NotImplementedError


def ballot_cast(*, code: str, marks: dict[str, Any], submission: str, client: str | None = None) -> Receipt:
    """Cast the ballot ``marks`` (see :class:`~xuanren.voting.models.Ballot`) with ``code``; returns its
    receipt. Refused (nothing written): what :func:`code_lookup` refuses, a post or person not on the
    ballot, an unknown candidate or grade, more marks than allowed, write-ins where none are offered.
    A blank ballot is valid. The same ``submission`` again returns the same receipt."""
    raise NotImplementedError
