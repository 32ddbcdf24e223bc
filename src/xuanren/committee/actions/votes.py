"""The committee members' votes: 同意 / 不同意 / 缓议 on each item of a meeting that is voting.

- :func:`ballot_cast` — a **secret** meeting: a present member votes on their own device on every item at
  once, exactly once per meeting. The decision is one conditional ``UPDATE … SET voted = true WHERE id = ?
  AND voted = false AND present = true`` restricted to the meeting still voting: of any number of
  concurrent submissions of one member exactly one changes the row; then one vote per item is inserted with
  **no member**, no time and a random key. Nothing links the member to a choice: the member's row records
  only that they voted, no record event is written per vote (the close lists who voted), nothing here logs
  the choices, and the close rewrites the votes in random order. While the vote is written the SQL debug log
  (whose parameters would show the member's row beside the choices) is kept from every log handler by the
  voting app's log filter, and the choices are hidden from error reports (``sensitive_variables``).
- :func:`votes_enter` — an **entered** meeting (a show of hands 举手表决, or named paper forms): the organiser
  enters present members' choices, kept with the member. Refused: someone not a member of the meeting, an
  absent member, an item of another meeting, a second vote for a member on an item.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.views.decorators.debug import sensitive_variables

from xuanren.committee import selectors as sel
from xuanren.committee.actions._common import (
    MANAGE,
    VOTE,
    committee_refuse,
    hold_meeting,
    locked_meeting,
    now_or,
    require,
    running_stage,
)
from xuanren.committee.models import CommitteeVote, Item, Meeting, Member
from xuanren.record.actions import record_event

CHOICES = {c.value: c.label for c in CommitteeVote.Choice}
CHOICE_WORDS = {"同意": "agree", "不同意": "disagree", "缓议": "defer"}


def read_choice(value: Any, where: str) -> str:
    """``agree`` / ``disagree`` / ``defer`` (or 同意 / 不同意 / 缓议); anything else refused, naming ``where``."""
    text = str(value or "").strip()
    text = CHOICE_WORDS.get(text, text)
    if text not in CHOICES:
        raise committee_refuse("vote.choice", "{where}的表决意见“{value}”无法识别，应为同意、不同意或缓议",
                               "the vote on {where} '{value}' is not agree, disagree or defer", where=where,
                               value=value if value not in (None, "") else "（空）")
    return text


def _not_voting(m: Meeting) -> Any:
    if m.status == Meeting.Status.DRAFT:
        return committee_refuse("vote.not_open", "会议“{meeting}”尚未开始表决，请等候主持人宣布开始",
                                "the meeting '{meeting}' has not started voting", meeting=m.name)
    return committee_refuse("vote.closed", "会议“{meeting}”的表决已结束", "the meeting '{meeting}' has closed its vote",
                            meeting=m.name)


# --- secret: each member on their own device -----------------------------------------------------------

def seat_of(user: Any, meeting: Meeting) -> Member | None:
    pk = getattr(user, "pk", None)
    return Member.objects.filter(meeting=meeting, user_id=pk).first() if pk is not None else None


def _secret_refusal(m: Meeting, member: Member) -> Any:
    if m.status != Meeting.Status.OPEN:
        return _not_voting(m)
    if not member.present:
        return committee_refuse("vote.absent", "您未登记为到会成员，不能表决；如已到会，请告知会议工作人员",
                                "you are not recorded as present and cannot vote")
    if member.voted:
        return committee_refuse("vote.already", "您已表决，每名成员在本次会议只能表决一次",
                                "you have voted: each member votes once in a meeting")
    return None


def clean_choices(items: list[Item], choices: Mapping[Any, Any]) -> dict[int, str]:
    """``{item pk: choice}`` for every item of the meeting (each one required), refusing unknown items."""
    if not isinstance(choices, Mapping):
        raise committee_refuse("vote.malformed", "表决票的格式不正确", "the ballot is malformed")
    names = sel.labels(items)
    by_pk = {str(i.pk): i for i in items}
    unknown = [str(k) for k in choices if str(k) not in by_pk]
    if unknown:
        raise committee_refuse("vote.unknown_item", "表决票上有本次会议没有的事项（{items}）",
                               "the ballot names items this meeting does not have ({items})", items="、".join(unknown))
    out: dict[int, str] = {}
    given = {str(k): v for k, v in choices.items()}
    for item in items:
        value = given.get(str(item.pk))
        if value in (None, ""):
            raise committee_refuse("vote.missing", "请对{name}表明意见（同意、不同意或缓议）",
                                   "choose agree, disagree or defer for {name}", name=names[item.pk])
        out[item.pk] = read_choice(value, names[item.pk])
    return out


def unlogged() -> AbstractContextManager[None]:
    """No SQL debug record reaches a log handler while this runs: the voting app's filter on the handlers
    (``settings.LOGGING``, :class:`xuanren.voting.privacy.VoterLogFilter`) drops them, as for a voter's
    request under /vote/."""
    from xuanren.voting.privacy import secret_ballot

    return secret_ballot()


@sensitive_variables("choices", "clean", "rows")
def ballot_cast(*, actor: Any, meeting: Meeting, choices: Mapping[Any, Any], now: dt.datetime | None = None) -> int:
    """The member ``actor`` votes in the secret ``meeting``: ``choices`` is ``{item pk: "agree" | "disagree" |
    "defer"}`` for every item. Returns how many items were voted. Refused (nothing written): not a member
    (403), the meeting not voting, the member absent or having voted already, an item missing or unknown.
    Writes no record event (see the module's docstring)."""
    require(actor, VOTE)
    now_or(now)
    if actor is None:
        raise PermissionDenied(VOTE)
    member = seat_of(actor, meeting)
    if member is None:
        raise PermissionDenied(VOTE)
    m = Meeting.objects.get(pk=meeting.pk)
    if m.mode != Meeting.Mode.SECRET:
        raise committee_refuse("vote.entered", "会议“{meeting}”采用录入表决结果方式，由会议工作人员录入",
                               "the meeting '{meeting}' has its votes entered by the staff", meeting=m.name)
    refusal = _secret_refusal(m, member)
    if refusal is not None:
        raise refusal
    # Checked before the write transaction: a meeting's items cannot change once it votes.
    clean = clean_choices(sel.items_of(m), choices)
    with unlogged(), transaction.atomic():
        hold_meeting(m.pk)
        won = Member.objects.filter(
            pk=member.pk, voted=False, present=True,
            meeting__in=Meeting.objects.filter(pk=m.pk, status=Meeting.Status.OPEN),
        ).update(voted=True)
        if won != 1:
            fresh = Member.objects.select_related("meeting").get(pk=member.pk)
            raise _secret_refusal(fresh.meeting, fresh) or committee_refuse(
                "vote.already", "您已表决，每名成员在本次会议只能表决一次",
                "you have voted: each member votes once in a meeting")
        rows = [CommitteeVote(item_id=pk, member=None, choice=choice) for pk, choice in clean.items()]
        secrets.SystemRandom().shuffle(rows)
        CommitteeVote.objects.bulk_create(rows)
    return len(rows)


# --- entered by the organiser ----------------------------------------------------------------------------

def _entry_rows(entries: Iterable[Any]) -> list[tuple[Any, Any, Any]]:
    rows = []
    for e in entries:
        if isinstance(e, Mapping):
            rows.append((e.get("member"), e.get("item"), e.get("choice")))
        else:
            member, item, choice = e
            rows.append((member, item, choice))
    if not rows:
        raise committee_refuse("enter.empty", "没有录入任何表决意见", "no vote was entered")
    return rows


def votes_enter(*, actor: Any, meeting: Meeting, votes: Iterable[Any], now: dt.datetime | None = None) -> int:
    """Enter members' choices in an entered meeting: ``votes`` is ``[{"member": Member, pk or name, "item":
    Item or pk, "choice": "agree" | …}]``. All or nothing. Recorded as ``committee.votes.enter`` with each
    member, candidate and choice (an open vote, not a secret one)."""
    require(actor, MANAGE)
    now_or(now)
    rows = _entry_rows(votes)
    with transaction.atomic():
        running_stage(meeting.stage, "录入表决结果", "entering votes")
        m = locked_meeting(meeting)
        if m.mode != Meeting.Mode.ENTERED:
            raise committee_refuse("enter.secret", "会议“{meeting}”为无记名表决，由成员在本人设备上表决，不能录入",
                                   "the meeting '{meeting}' is a secret vote: members vote on their own devices",
                                   meeting=m.name)
        if m.status != Meeting.Status.OPEN:
            raise _not_voting(m)
        members = sel.members_of(m)
        items = sel.items_of(m)
        names = sel.labels(items)
        by_pk, by_name = {x.pk: x for x in members}, {x.name: x for x in members}
        item_by_pk = {i.pk: i for i in items}
        done = set(CommitteeVote.objects.filter(item__meeting=m, member__isnull=False)
                   .values_list("member_id", "item_id"))
        made: list[CommitteeVote] = []
        entered: list[dict[str, str]] = []
        for key, item_key, choice in rows:
            member = key if isinstance(key, Member) else (
                by_pk.get(int(key)) if isinstance(key, int) or str(key).isdigit() else by_name.get(str(key).strip()))
            if member is None or member.pk not in by_pk:
                shown = key.name if isinstance(key, Member) else key
                raise committee_refuse("enter.not_member",
                                       "“{member}”不是会议“{meeting}”的委员会成员，不能录入其表决意见",
                                       "'{member}' is not a committee member of '{meeting}'", member=shown,
                                       meeting=m.name)
            member = by_pk[member.pk]
            if not member.present:
                raise committee_refuse("enter.absent", "{member}未到会（{reason}），不能录入其表决意见",
                                       "{member} is not present and cannot vote", member=member.name,
                                       reason=member.absence_reason or "缺席")
            item_pk = item_key.pk if isinstance(item_key, Item) else (int(item_key) if str(item_key).isdigit() else 0)
            item = item_by_pk.get(item_pk)
            if item is None:
                raise committee_refuse("enter.unknown_item", "会议“{meeting}”没有编号为{item}的表决事项",
                                       "the meeting '{meeting}' has no item {item}", meeting=m.name, item=item_key)
            value = read_choice(choice, f"{member.name}对{names[item.pk]}")
            if (member.pk, item.pk) in done:
                raise committee_refuse("enter.twice", "{member}对{name}的表决意见已录入，不能重复录入",
                                       "{member}'s vote on {name} has already been entered", member=member.name,
                                       name=names[item.pk])
            done.add((member.pk, item.pk))
            made.append(CommitteeVote(item=item, member=member, choice=value))
            entered.append({"member": member.name, "candidate": names[item.pk], "choice": value})
        try:
            with transaction.atomic():
                CommitteeVote.objects.bulk_create(made)
        except IntegrityError:
            raise committee_refuse("enter.twice_concurrent", "表决意见已由他人同时录入，请刷新后重试",
                                   "the votes were entered by someone else at the same time: reload") from None
        record_event(actor=actor, action="committee.votes.enter", obj=m, before=None, after=entered,
                     details={"campaign": m.campaign_id, "stage": m.stage_id, "meeting": m.pk, "name": m.name,
                              "votes": entered})
    return len(made)


__all__ = ["ballot_cast", "clean_choices", "read_choice", "seat_of", "votes_enter"]
