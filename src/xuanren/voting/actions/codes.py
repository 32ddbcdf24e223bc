"""Issuing one-time codes: anonymous slips in batches, or a named roll; voiding a lost batch.

The plain codes are returned once, for printing, and never stored: the database keeps their keyed
digests (:func:`xuanren.voting.codes.digest`). The record says how many codes were issued for which
group and batch, never a code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Max

from xuanren.campaigns.actions._common import require
from xuanren.people.models import Person
from xuanren.record.actions import record_event
from xuanren.voting import codes as code_format
from xuanren.voting.actions._common import lock_session, require_not_closed, voting_refuse
from xuanren.voting.models import Session, VoterCode, VoterGroup

#: The most codes one call issues (a meeting prints its slips in batches).
MAX_BATCH = 5000


def _group_of(session: Session, group: VoterGroup) -> VoterGroup:
    row = VoterGroup.objects.filter(pk=group.pk, session=session).first()
    if row is None:
        raise voting_refuse("codes.group", "投票人类别“{group}”不属于投票场次“{name}”",
                            "the voter group '{group}' is not one of the session '{name}'", group=group.name,
                            name=session.name)
    return row


def _next_batch(session: Session) -> int:
    return (VoterCode.objects.filter(session=session).aggregate(m=Max("batch"))["m"] or 0) + 1


def _new_codes(n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add(code_format.generate())
    return list(out)


def codes_issue(*, actor: Any, session: Session, group: VoterGroup, count: int, batch: int | None = None,
                now: dt.datetime | None = None) -> list[str]:
    """``count`` new codes for ``group`` (canonical form; :func:`~xuanren.voting.codes.display` prints them),
    in ``batch`` (default: the next batch number of the session). ``group.issued`` grows by ``count``.
    Slips only (a named roll's codes come from :func:`roll_issue`); allowed while the session is a draft
    or open (a late arrival), not once closed. Recorded (group, count and batch; never a code)."""
    require(actor, "voting.manage")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise voting_refuse("codes.count", "每次发放的投票码数量应为1至{most}之间的整数（{value}）",
                            "the number of codes must be an integer from 1 to {most} ({value})", most=MAX_BATCH,
                            value=count)
    if batch is not None and (isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= 32767):
        raise voting_refuse("codes.batch", "批次号应为正整数（{value}）",
                            "the batch must be a positive integer ({value})", value=batch)
    with transaction.atomic():
        session = lock_session(session)
        require_not_closed(session)
        if session.mode != Session.Mode.SLIPS:
            raise voting_refuse("codes.roll_mode", "投票场次“{name}”按名单发放投票码，请按名单发码",
                                "the session '{name}' issues codes by a named roll", name=session.name)
        group = _group_of(session, group)
        batch = batch or _next_batch(session)
        plain = _new_codes(count)
        VoterCode.objects.bulk_create([VoterCode(session=session, group=group, digest=code_format.digest(c),
                                                 batch=batch) for c in plain])
        VoterGroup.objects.filter(pk=group.pk).update(issued=F("issued") + count)
        record_event(actor=actor, action="voting.codes_issue", obj=session,
                     details={"group": group.code, "count": count, "batch": batch})
    return plain


def roll_issue(*, actor: Any, session: Session, group: VoterGroup, persons: list[Person],
               now: dt.datetime | None = None) -> list[tuple[Person, str]]:
    """A named roll: one code per person (refused for a person who already has one in this session, or
    listed twice). Recorded with the group, the number of persons and the batch (who is on the roll is
    not secret; what they vote is; the codes are never recorded)."""
    require(actor, "voting.manage")
    if not persons:
        raise voting_refuse("roll.empty", "名单为空", "the roll is empty")
    if len(persons) > MAX_BATCH:
        raise voting_refuse("roll.too_many", "每次最多按名单发放{most}个投票码", "at most {most} codes per roll",
                            most=MAX_BATCH)
    with transaction.atomic():
        session = lock_session(session)
        require_not_closed(session)
        if session.mode != Session.Mode.ROLL:
            raise voting_refuse("roll.slips_mode", "投票场次“{name}”发放不记名投票码，不按名单发码",
                                "the session '{name}' issues anonymous slips, not a named roll", name=session.name)
        group = _group_of(session, group)
        seen: set[int] = set()
        for p in persons:
            if p.pk in seen:
                raise voting_refuse("roll.duplicate", "{person}在名单中重复", "{person} is on the roll twice",
                                    person=p.name)
            seen.add(p.pk)
        has = set(VoterCode.objects.filter(session=session, person_id__in=seen).values_list("person_id", flat=True))
        if has:
            first = next(p for p in persons if p.pk in has)
            raise voting_refuse("roll.has_code", "{person}已有本场次的投票码（共{n}人已有）",
                                "{person} already has a code for this session ({n} on the roll do)",
                                person=first.name, n=len(has))
        batch = _next_batch(session)
        plain = _new_codes(len(persons))
        VoterCode.objects.bulk_create([VoterCode(session=session, group=group, digest=code_format.digest(c),
                                                 person=p, batch=batch) for p, c in zip(persons, plain, strict=True)])
        VoterGroup.objects.filter(pk=group.pk).update(issued=F("issued") + len(persons))
        record_event(actor=actor, action="voting.roll_issue", obj=session,
                     details={"group": group.code, "count": len(persons), "batch": batch})
    return list(zip(persons, plain, strict=True))


def codes_void(*, actor: Any, session: Session, batch: int, reason: str, now: dt.datetime | None = None) -> int:
    """Void the unused codes of a lost ``batch``; each group's ``issued`` decreases by its codes voided.
    Returns the number voided. Refused without a reason, for a batch with nothing left to void, or once
    the session is closed. A code being cast at the same moment is either cast or void, never both (each
    side changes the row only under its own condition). Recorded."""
    require(actor, "voting.manage")
    reason = (reason or "").strip()
    if not reason:
        raise voting_refuse("void.reason", "请说明作废原因", "give the reason for voiding the batch")
    with transaction.atomic():
        session = lock_session(session)
        require_not_closed(session)
        per_group: dict[str, int] = {}
        total = 0
        for group in VoterGroup.objects.filter(session=session).order_by("order", "id"):
            n = VoterCode.objects.filter(session=session, group=group, batch=batch, used=False,
                                         void=False).update(void=True)
            if n:
                VoterGroup.objects.filter(pk=group.pk).update(issued=F("issued") - n)
                per_group[group.code] = n
                total += n
        if total == 0:
            raise voting_refuse("void.nothing", "第{batch}批没有未使用的投票码可作废",
                                "batch {batch} has no unused code to void", batch=batch)
        record_event(actor=actor, action="voting.codes_void", obj=session,
                     details={"batch": batch, "voided": total, "groups": per_group, "reason": reason})
    return total
