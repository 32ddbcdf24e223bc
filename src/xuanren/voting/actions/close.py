"""Closing a voting session: stop voting, count, rewrite the ballots in receipt order, store the result.

:func:`session_close` is one transaction:

1. the session's row is locked (``SELECT … FOR UPDATE``) and must be open;
2. the turnout is read (per group: weight, entitled, issued, and returned = ballots cast) and every
   ballot counted with :func:`xuanren.voting.counting.count_session`, the function ``xuanren tally``
   runs on the published export, so the published result is exactly what anyone recomputes;
3. the session's ballots are rewritten in receipt order (read all, delete, insert sorted by receipt):
   whatever order the database kept them in while they were cast, their rows now follow the random
   receipts, not the order of casting;
4. the session is marked closed with its result (a trial session is counted and its result marked
   ``trial``; it is never used for any stage);
5. the record gets one event, ``voting.close``, with the turnout, the number of ballots, the SHA-256
   digest of the canonical ballots of the export (:func:`xuanren.voting.ballotfile.ballots_digest`) and
   of the result — nothing about any single ballot.

Casting and closing: a cast inserts its ballot (which takes a key-share lock on the session's row
through the foreign key on PostgreSQL) and marks its code used only in a session still open; the
close's ``FOR UPDATE`` waits for casts that hold that lock, and casts that come after it find the
session closed. SQLite serialises writing transactions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction
from typing import Any

from django.db import transaction

from xuanren.campaigns.actions._common import now_or, require
from xuanren.record.actions import record_event
from xuanren.voting.actions._common import lock_session, session_state, voting_refuse
from xuanren.voting.ballotfile import ballots_digest, forms_of, result_digest
from xuanren.voting.counting import CountError, count_session, exact_text
from xuanren.voting.models import Ballot, Session, VoterGroup

BATCH = 500


def session_turnout(session: Session) -> list[dict[str, Any]]:
    """Per voter group, in order: code, name, weight (exact string), entitled, issued, returned (ballots
    cast). Never anything about a ballot's content."""
    cast = Counter(Ballot.objects.filter(session=session).values_list("group_id", flat=True))
    return [{"code": g.code, "name": g.name, "weight": exact_text(Fraction(g.weight)), "entitled": g.entitled,
             "issued": g.issued, "returned": cast.get(g.pk, 0)}
            for g in VoterGroup.objects.filter(session=session).order_by("order", "id")]


def session_close(*, actor: Any, session: Session, now: dt.datetime | None = None) -> Session:
    """Close an open session, count it, and store the result (see the module docstring).

    Refused (nothing written): a session not open (a draft, or already closed), or ballots that cannot
    be counted (which casting never stores; the reason is named). Recorded as ``voting.close``.
    """
    require(actor, "voting.manage")
    now = now_or(now)
    with transaction.atomic():
        current = lock_session(session)
        if current.status != Session.Status.OPEN:
            if current.status == Session.Status.CLOSED:
                raise voting_refuse("close.closed", "投票场次“{name}”已结束", "the voting session '{name}' is "
                                    "already closed", name=current.name)
            raise voting_refuse("close.not_open", "投票场次“{name}”尚未开始投票，不能结束",
                                "the voting session '{name}' has not opened", name=current.name)
        before = session_state(current)
        turnout = session_turnout(current)
        codes = dict(VoterGroup.objects.filter(session=current).values_list("pk", "code"))
        rows = list(Ballot.objects.filter(session=current).values("id", "group_id", "marks", "receipt", "submission"))
        rows.sort(key=lambda r: r["receipt"])
        try:
            result = count_session(current.rules, forms_of(current), turnout,
                                   ((codes[r["group_id"]], r["marks"]) for r in rows), trial=current.trial)
        except CountError as exc:
            raise voting_refuse("close.count", "投票场次“{name}”无法计票：{reason}", "the voting session '{name}' "
                                "cannot be counted: {reason_en}", name=current.name, reason=exc.message.text(),
                                reason_en=exc.message.text("en")) from None
        # The rows again, now in receipt order (the same ids, groups, marks and receipts).
        Ballot.objects.filter(session=current).delete()
        Ballot.objects.bulk_create(
            [Ballot(id=r["id"], session=current, group_id=r["group_id"], marks=r["marks"], receipt=r["receipt"],
                    submission=r["submission"]) for r in rows], batch_size=BATCH)
        current.status = Session.Status.CLOSED
        current.closed_at = now
        current.result = result
        current.save(update_fields=["status", "closed_at", "result"])
        digest = ballots_digest([{"receipt": r["receipt"], "group": codes[r["group_id"]], "marks": r["marks"]}
                                 for r in rows])
        record_event(actor=actor, action="voting.close", obj=current, before=before, after=session_state(current),
                     details={"campaign": current.campaign_id, "session": current.pk, "trial": current.trial,
                              "turnout": turnout, "ballots": len(rows), "ballots_digest": digest,
                              "result_digest": result_digest(result), "valid": result["valid"]})
    return current
