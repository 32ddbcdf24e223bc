"""The committee's meetings (党组会、常委会): prepared, opened for the vote, closed with the result.

- :func:`committee_settings_set` — the stage's rule (quorum, passing share and base, deferral), copied into
  each meeting when it is created; the regulation's rule without it (到会三分之二以上，同意超过应到人数半数).
- :func:`meeting_create`, :func:`meeting_update`, :func:`meeting_delete` — name, date, place, how the vote is
  taken (``secret``: each member on their own device, nothing links a member to a vote; ``entered``: the
  organiser enters each member's choice from a show of hands or a named paper form), its rule. Changed while
  the meeting is being prepared; deleted only while it has no item.
- :func:`meeting_members_set` — who should attend (应到): names, their post on the committee, optionally the
  user (with the committee member role) who votes on their device, and the person in the register.
- :func:`meeting_attendance` — who is present (实到), the absent with a reason. Before the vote anything; during
  it a member may arrive late, and one who has not voted may leave (marked absent with the reason).
- :func:`item_revote`, :func:`item_remove` — a candidate deferred (缓议) or whose vote was void at an earlier
  meeting, or tied across a post's last slot, put again to this one as a re-vote (复议, ``revote_of`` set,
  recorded); a re-vote item taken off again. Proposals bring their own items (:func:`~.proposals.proposal_submit`).
- :func:`meeting_open` — refused below quorum ("应到9人，实到5人，不足三分之二，不能表决"), without items, or (secret)
  with a present member who has no user to vote with.
- :func:`meeting_close` — counts the stored votes (:func:`xuanren.rules.committee.committee_vote`, or for a
  secret meeting :func:`~xuanren.rules.committee.committee_count` over anonymous counts), writes each item's
  outcome, counts and explanation and the meeting's result; below quorum (members who left) every item is
  void. Refused while a present member has not voted unless ``allow_missing`` (they count as 未表态). A
  secret meeting's votes are then rewritten in random order, so not even their physical order follows the
  order of voting.

Every function is one transaction that locks the campaign's row and ends with its record event; refusals
raise :class:`~xuanren.campaigns.errors.CampaignError` and write nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max

from xuanren.accounts.access import has
from xuanren.campaigns.errors import from_rule
from xuanren.campaigns.models import Stage
from xuanren.committee import selectors as sel
from xuanren.committee.actions._common import (
    MANAGE,
    VOTE,
    committee_refuse,
    locked_meeting,
    meeting_state,
    now_or,
    require,
    rule_from,
    running_stage,
    stage_for_settings,
    state,
    who,
)
from xuanren.committee.models import CommitteeVote, Item, Meeting, Member
from xuanren.people.models import Person
from xuanren.record.actions import record_event
from xuanren.rules.committee import (
    Choice,
    Committee,
    CommitteeResult,
    CommitteeRule,
    Counts,
    Vote,
    check_quorum,
    committee_count,
    committee_vote,
)
from xuanren.rules.errors import RuleError

MAX_MEMBERS = 99


# --- the stage's rule --------------------------------------------------------------------------------

def committee_settings_set(*, actor: Any, stage: Stage, rule: Mapping[str, Any] | CommitteeRule | None,
                           now: dt.datetime | None = None) -> CommitteeRule:
    """Set the stage's rule (``settings["rule"]``; ``None``: back to the regulation's). Meetings already made
    keep theirs. Recorded as ``committee.settings.set``."""
    require(actor, MANAGE)
    now_or(now)
    parsed = rule_from(rule)
    with transaction.atomic():
        current = stage_for_settings(stage)
        before = dict(current.settings or {})
        settings = dict(before)
        settings["rule"] = parsed.as_json()
        current.settings = settings
        current.save(update_fields=["settings"])
        record_event(actor=actor, action="committee.settings.set", obj=current, before=before, after=settings,
                     details={"campaign": current.campaign_id, "stage": current.pk, "rule": parsed.as_json(),
                              "words": str(parsed.explain())})
    return parsed


# --- meetings ----------------------------------------------------------------------------------------

def _mode(mode: str) -> str:
    if mode not in Meeting.Mode.values:
        raise committee_refuse("meeting.mode",
                               "表决方式“{mode}”无法识别，应为无记名表决（secret）或录入表决结果（entered）",
                               "the voting mode '{mode}' is neither secret nor entered", mode=mode)
    return mode


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise committee_refuse("meeting.name", "请填写会议名称（如：院党组2026年第12次会议）",
                               "the meeting needs a name")
    if len(name) > 200:
        raise committee_refuse("meeting.name_long", "会议名称过长（最多200字）", "the meeting's name is too long")
    return name


def _date(held_on: Any) -> dt.date:
    if isinstance(held_on, dt.datetime):
        return held_on.date()
    if isinstance(held_on, dt.date):
        return held_on
    try:
        return dt.date.fromisoformat(str(held_on or "").strip())
    except ValueError:
        raise committee_refuse("meeting.date", "会议日期“{value}”格式不正确（应如2026-12-08）",
                               "the meeting date '{value}' is not a date (like 2026-12-08)", value=held_on) from None


def _require_draft(m: Meeting, what: str = "修改") -> None:
    if m.status != Meeting.Status.DRAFT:
        raise committee_refuse("meeting.not_draft", "会议“{meeting}”{status}，不能再{what}",
                               "the meeting '{meeting}' is {status_en}: it can no longer change", meeting=m.name,
                               status=m.get_status_display(), status_en=m.status, what=what)


def _details(m: Meeting, **more: Any) -> dict[str, Any]:
    return {"campaign": m.campaign_id, "stage": m.stage_id, "meeting": m.pk, "name": m.name, **more}


def meeting_create(*, actor: Any, stage: Stage, name: str, held_on: Any, place: str = "",
                   mode: str = Meeting.Mode.SECRET, rule: Mapping[str, Any] | CommitteeRule | None = None,
                   members: Iterable[Any] | None = None, now: dt.datetime | None = None) -> Meeting:
    """A meeting being prepared in the open committee stage; ``rule`` defaults to the stage's rule, else the
    regulation's; ``members`` as for :func:`meeting_members_set`. Recorded as ``committee.meeting.create``."""
    require(actor, MANAGE)
    now = now_or(now)
    name, day, mode = _name(name), _date(held_on), _mode(mode)
    with transaction.atomic():
        current = running_stage(stage, "安排会议", "meetings")
        parsed = rule_from(rule) if rule else sel.stage_rule(current)
        if Meeting.objects.filter(stage=current, name=name).exists():
            raise committee_refuse("meeting.name_taken", "本环节已有名为“{name}”的会议", "there is already a meeting "
                                   "'{name}'", name=name)
        m = Meeting.objects.create(campaign=current.campaign, stage=current, name=name, held_on=day,
                                   place=(place or "").strip()[:200], mode=mode, rule=parsed.as_json(), created=now)
        rows = _member_rows(members) if members else []
        _set_members(m, rows)
        record_event(actor=actor, action="committee.meeting.create", obj=m, before=None, after=meeting_state(m),
                     details=_details(m, held_on=day.isoformat(), place=m.place, mode=mode, rule=parsed.as_json(),
                                      members=[r["name"] for r in rows]))
    return m


_UNSET: Any = object()


def meeting_update(*, actor: Any, meeting: Meeting, name: str | None = None, held_on: Any = None,
                   place: str | None = None, mode: str | None = None,
                   rule: Mapping[str, Any] | CommitteeRule | None = _UNSET, now: dt.datetime | None = None) -> Meeting:
    """Change what is given while the meeting is being prepared. Recorded as ``committee.meeting.update``."""
    require(actor, MANAGE)
    now_or(now)
    with transaction.atomic():
        running_stage(meeting.stage, "修改会议", "changes to meetings")
        m = locked_meeting(meeting)
        _require_draft(m)
        before = meeting_state(m)
        if name is not None:
            m.name = _name(name)
            if Meeting.objects.filter(stage_id=m.stage_id, name=m.name).exclude(pk=m.pk).exists():
                raise committee_refuse("meeting.name_taken", "本环节已有名为“{name}”的会议",
                                       "there is already a meeting '{name}'", name=m.name)
        if held_on is not None:
            m.held_on = _date(held_on)
        if place is not None:
            m.place = place.strip()[:200]
        if mode is not None:
            m.mode = _mode(mode)
        if rule is not _UNSET:
            m.rule = (rule_from(rule) if rule else sel.stage_rule(m.stage)).as_json()
        m.save()
        after = meeting_state(m)
        record_event(actor=actor, action="committee.meeting.update", obj=m, before=before, after=after,
                     details=_details(m, changed=sorted(k for k in after if after[k] != before.get(k))))
    return m


def meeting_delete(*, actor: Any, meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Remove a meeting being prepared that has no item (withdraw its proposals first). Recorded as
    ``committee.meeting.delete``."""
    require(actor, MANAGE)
    now_or(now)
    with transaction.atomic():
        running_stage(meeting.stage, "删除会议", "deletions")
        m = locked_meeting(meeting)
        _require_draft(m, "删除")
        if Item.objects.filter(meeting=m).exists():
            raise committee_refuse("meeting.has_items", "会议“{meeting}”已有表决事项，请先撤回提交的方案或移除复议事项",
                                   "the meeting '{meeting}' has items: withdraw the proposals or remove the re-votes "
                                   "first", meeting=m.name)
        before = meeting_state(m)
        pk, details = m.pk, _details(m)
        Member.objects.filter(meeting=m).delete()
        m.delete()
        record_event(actor=actor, action="committee.meeting.delete", object_type="committee.meeting",
                     object_id=str(pk), object_repr=before["name"], before=before, after=None, details=details)


# --- members -----------------------------------------------------------------------------------------

def _member_rows(members: Iterable[Any]) -> list[dict[str, Any]]:
    """``[{"name", "role", "user", "person"}]`` checked: a name (or the user's or person's), unique; a user
    active, with the committee member role, once; a person of the register."""
    User = get_user_model()
    rows: list[dict[str, Any]] = []
    for n, raw in enumerate(members, start=1):
        if isinstance(raw, str):
            raw = {"name": raw}
        if not isinstance(raw, Mapping):
            raise committee_refuse("member.malformed", "第{n}名成员的格式不正确", "member {n} is malformed", n=n)
        user, person = raw.get("user"), raw.get("person")
        if user is not None and not isinstance(user, User):
            found = User.objects.filter(pk=user).first() if isinstance(user, int) or str(user).isdigit() else (
                User.objects.filter(username=str(user)).first())
            if found is None:
                raise committee_refuse("member.unknown_user", "第{n}名成员：用户“{user}”不存在",
                                       "member {n}: there is no user '{user}'", n=n, user=user)
            user = found
        if person is not None and not isinstance(person, Person):
            found_person = Person.objects.filter(pk=person).first() if str(person).isdigit() else None
            if found_person is None:
                raise committee_refuse("member.unknown_person", "第{n}名成员：干部名册中没有编号为{person}的人员",
                                       "member {n}: there is no person {person}", n=n, person=person)
            person = found_person
        name = str(raw.get("name") or "").strip() or (person.name if person else "") or (
            (user.first_name or user.get_username()) if user else "")
        if not name:
            raise committee_refuse("member.name", "第{n}名成员没有姓名", "member {n} has no name", n=n)
        if len(name) > 50:
            raise committee_refuse("member.name_long", "成员姓名“{name}”过长", "the member's name '{name}' is too long",
                                   name=name)
        if user is not None and (not user.is_active or not has(user, VOTE)):
            raise committee_refuse("member.not_committee", "用户“{user}”没有党组/常委会成员角色，不能关联为成员{name}",
                                   "the user '{user}' does not hold the committee member role", name=name,
                                   user=user.get_username())
        rows.append({"name": name, "role": str(raw.get("role") or "").strip()[:100], "user": user, "person": person})
    twice = sorted(k for k, c in Counter(r["name"] for r in rows).items() if c > 1)
    if twice:
        raise committee_refuse("member.twice", "成员{name}重复列出", "the member {name} is listed twice",
                               name="、".join(twice))
    users = Counter(r["user"].pk for r in rows if r["user"] is not None)
    again = [r["name"] for r in rows if r["user"] is not None and users[r["user"].pk] > 1]
    if again:
        raise committee_refuse("member.user_twice", "成员{names}关联了同一个用户账号", "the members {names} share one "
                               "user account", names="、".join(again))
    if len(rows) > MAX_MEMBERS:
        raise committee_refuse("member.too_many", "成员最多{most}人", "at most {most} members", most=MAX_MEMBERS)
    return rows


def _set_members(m: Meeting, rows: list[dict[str, Any]]) -> None:
    Member.objects.filter(meeting=m).delete()
    Member.objects.bulk_create([Member(meeting=m, name=r["name"], role=r["role"], user=r["user"], person=r["person"],
                                       order=n) for n, r in enumerate(rows, start=1)])


def _members_json(m: Meeting) -> list[dict[str, Any]]:
    return [{"name": x.name, "role": x.role, "user": x.user.get_username() if x.user else None,
             "person": x.person_id, "present": x.present, "absence_reason": x.absence_reason}
            for x in sel.members_of(m)]


def meeting_members_set(*, actor: Any, meeting: Meeting, members: Iterable[Any],
                        now: dt.datetime | None = None) -> list[Member]:
    """Replace the members who should attend (应到), in order; attendance is taken afresh after. Recorded
    as ``committee.meeting.members``."""
    require(actor, MANAGE)
    now_or(now)
    rows = _member_rows(members)
    if not rows:
        raise committee_refuse("member.none", "请至少列出一名成员", "list at least one member")
    with transaction.atomic():
        running_stage(meeting.stage, "修改会议成员", "changes to members")
        m = locked_meeting(meeting)
        _require_draft(m, "修改成员")
        before = _members_json(m)
        _set_members(m, rows)
        after = _members_json(m)
        record_event(actor=actor, action="committee.meeting.members", obj=m, before=before, after=after,
                     details=_details(m, members=[{"name": r["name"], "role": r["role"],
                                                   "user": r["user"].get_username() if r["user"] else None}
                                                  for r in rows]))
    return sel.members_of(m)


def _attendance_rows(m: Meeting, attendance: Any) -> list[tuple[Member, bool, str]]:
    """``{member pk or name: True | False | {"present", "reason"}}`` or a list of ``{"member", "present",
    "reason"}`` → rows for members of ``m``."""
    members = sel.members_of(m)
    by_pk = {x.pk: x for x in members}
    by_name = {x.name: x for x in members}
    pairs: list[tuple[Any, Any]]
    if isinstance(attendance, Mapping):
        pairs = list(attendance.items())
    else:
        pairs = [(a.get("member"), a) if isinstance(a, Mapping) else (a[0], a[1]) for a in attendance]
    rows: list[tuple[Member, bool, str]] = []
    for key, value in pairs:
        member = key if isinstance(key, Member) else (
            by_pk.get(int(key)) if str(key).isdigit() else by_name.get(str(key)))
        if member is None or member.meeting_id != m.pk:
            raise committee_refuse("attendance.not_member", "“{member}”不是会议“{meeting}”的成员",
                                   "'{member}' is not a member of the meeting '{meeting}'", member=key, meeting=m.name)
        if isinstance(value, Mapping):
            present, reason = value.get("present"), str(value.get("reason") or value.get("absence_reason") or "")
        else:
            present, reason = value, ""
        if not isinstance(present, bool):
            raise committee_refuse("attendance.present", "{member}的出席情况应为出席或缺席",
                                   "{member}: present must be "
                                   "true or false", member=member.name)
        reason = reason.strip()
        if not present and not reason:
            raise committee_refuse("attendance.reason", "{member}缺席，须写明原因（如出差、病假）",
                                   "{member} is absent: "
                                   "give the reason", member=member.name)
        rows.append((member, present, reason[:200] if not present else ""))
    if len({r[0].pk for r in rows}) != len(rows):
        raise committee_refuse("attendance.twice", "出席情况中同一成员重复登记", "a member is listed twice")
    return rows


def meeting_attendance(*, actor: Any, meeting: Meeting, attendance: Any,
                       now: dt.datetime | None = None) -> list[Member]:
    """Record who is present (实到) and why the others are absent. While the meeting is being prepared,
    anything; while it votes, a member may arrive (present) and a present member who has not voted may leave
    (absent, with the reason, e.g. 中途离席). Recorded as ``committee.meeting.attendance``."""
    require(actor, MANAGE)
    now_or(now)
    with transaction.atomic():
        running_stage(meeting.stage, "登记出席情况", "attendance")
        m = locked_meeting(meeting)
        if m.status == Meeting.Status.CLOSED:
            raise committee_refuse("attendance.closed", "会议“{meeting}”已结束，出席情况不能再修改",
                                   "the meeting '{meeting}' is closed: attendance can no longer change", meeting=m.name)
        rows = _attendance_rows(m, attendance)
        before = _members_json(m)
        locked = {x.pk: x for x in Member.objects.select_for_update().filter(pk__in=[r[0].pk for r in rows])}
        changed: list[dict[str, Any]] = []
        for member, present, reason in rows:
            x = locked[member.pk]
            if x.present == present and x.absence_reason == reason:
                continue
            if m.status == Meeting.Status.OPEN and not present and x.present and (x.voted or x.votes.exists()):
                raise committee_refuse("attendance.voted", "{member}已表决，不能登记为缺席", "{member} has voted and "
                                       "cannot be marked absent", member=x.name)
            if m.status == Meeting.Status.OPEN and present and m.mode == Meeting.Mode.SECRET and x.user_id is None:
                raise committee_refuse("attendance.no_user", "{member}未关联用户账号，无法在本人设备上参加无记名表决",
                                       "{member} has no user account to vote with in a secret vote", member=x.name)
            x.present, x.absence_reason = present, reason
            x.save(update_fields=["present", "absence_reason"])
            changed.append({"member": x.name, "present": present, "reason": reason})
        after = _members_json(m)
        present_count = sum(1 for x in after if x["present"])
        record_event(actor=actor, action="committee.meeting.attendance", obj=m, before=before, after=after,
                     details=_details(m, changed=changed, members=len(after), present=present_count,
                                      during_vote=m.status == Meeting.Status.OPEN))
    return sel.members_of(m)


# --- items: re-votes ---------------------------------------------------------------------------------

def item_revote(*, actor: Any, meeting: Meeting, item: Item, now: dt.datetime | None = None) -> Item:
    """Put ``item``'s candidate to ``meeting`` again (复议): the item is the candidate's latest, decided at an
    earlier meeting of the stage as deferred or void, or passed but tied with another across the post's last
    slot; its proposal not withdrawn. Recorded as ``committee.item.revote``."""
    require(actor, MANAGE)
    now_or(now)
    with transaction.atomic():
        current = running_stage(meeting.stage, "安排复议", "re-votes")
        m = locked_meeting(meeting)
        _require_draft(m, "增加表决事项")
        earlier = Item.objects.select_related("meeting", "application__person", "application__post",
                                              "proposal").get(pk=item.pk)
        label = who(earlier.application)
        if earlier.meeting.stage_id != current.pk or earlier.meeting.status != Meeting.Status.CLOSED:
            raise committee_refuse("revote.not_decided", "{who}在会议“{meeting}”的表决尚未结束，不能复议",
                                   "{who} has not been voted on at '{meeting}' yet", who=label,
                                   meeting=earlier.meeting.name)
        latest = sel.previous_item(earlier.application, current)
        if latest is None or latest.pk != earlier.pk or Item.objects.filter(
                application=earlier.application, meeting__stage=current,
                meeting__status__in=sel.OPEN_MEETING).exists():
            raise committee_refuse("revote.not_latest", "{who}已安排或进行过更晚的表决，请对最近一次表决复议",
                                   "{who} has a later vote: re-vote the latest one", who=label)
        if earlier.proposal is not None and earlier.proposal.status == earlier.proposal.Status.WITHDRAWN:
            raise committee_refuse("revote.withdrawn", "{who}所在的拟任人选方案已撤回，不能复议",
                                   "the proposal of {who} was withdrawn", who=label)
        if earlier.outcome == Item.Outcome.PASSED:
            outcome = next(o for o in sel.post_outcomes(current) if o.post.pk == earlier.application.post_id)
            if earlier.application_id not in {c.application.pk for c in outcome.tied}:
                raise committee_refuse("revote.passed", "{who}已表决通过，无需复议", "{who} passed: no re-vote",
                                       who=label)
        elif earlier.outcome not in sel.RE_VOTABLE:
            raise committee_refuse("revote.outcome",
                                   "{who}的表决结果为“{outcome}”，只有缓议、表决无效或同票争职数的人选可以复议",
                                   "{who} was {outcome_en}: only deferred, void or tied candidates are re-voted",
                                   who=label, outcome=earlier.get_outcome_display(), outcome_en=earlier.outcome)
        last = Item.objects.filter(meeting=m).aggregate(n=Max("order"))["n"] or 0
        made = Item.objects.create(meeting=m, application=earlier.application, proposal=earlier.proposal,
                                   revote_of=earlier, order=last + 1)
        record_event(actor=actor, action="committee.item.revote", obj=made, before=None, after=state(made),
                     details=_details(m, candidate=earlier.application.person.name,
                                      post=earlier.application.post.code, revote_of=earlier.pk,
                                      earlier_meeting=earlier.meeting.name, earlier_outcome=earlier.outcome,
                                      earlier_explanation=sel.explanation_lines(earlier)))
    return made


def item_remove(*, actor: Any, item: Item, now: dt.datetime | None = None) -> None:
    """Take a re-vote item off a meeting still being prepared (a proposal's items go with the proposal:
    withdraw it). Recorded as ``committee.item.remove``."""
    require(actor, MANAGE)
    now_or(now)
    with transaction.atomic():
        found = Item.objects.select_related("meeting", "application__person", "application__post").get(pk=item.pk)
        running_stage(found.meeting.stage, "移除表决事项", "removals")
        m = locked_meeting(found.meeting)
        _require_draft(m, "移除表决事项")
        if found.revote_of_id is None:
            raise committee_refuse("item.from_proposal", "{who}是拟任人选方案提交的事项，请撤回该方案",
                                   "{who} came with a proposal: withdraw the proposal", who=who(found.application))
        before = state(found)
        pk = found.pk
        found.delete()
        record_event(actor=actor, action="committee.item.remove", object_type="committee.item", object_id=str(pk),
                     object_repr=str(found.application.person.name), before=before, after=None,
                     details=_details(m, candidate=found.application.person.name, post=found.application.post.code))


# --- opening and closing -----------------------------------------------------------------------------

def _committee(members: list[Member]) -> Committee:
    return Committee(tuple(x.name for x in members))


def meeting_open(*, actor: Any, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    """Start the vote. Refused below quorum (e.g. "应到9人，实到5人，不足三分之二，不能表决"), with no member or
    no item, or in a secret meeting with a present member who has no user account to vote with. Recorded as
    ``committee.meeting.open`` with the attendance."""
    require(actor, MANAGE)
    now = now_or(now)
    with transaction.atomic():
        running_stage(meeting.stage, "开始表决", "votes")
        m = locked_meeting(meeting)
        _require_draft(m, "开始表决")
        members = sel.members_of(m)
        if not members:
            raise committee_refuse("open.no_members", "会议“{meeting}”还没有成员名单（应到人员）",
                                   "the meeting '{meeting}' "
                                   "has no members", meeting=m.name)
        items = sel.items_of(m)
        if not items:
            raise committee_refuse("open.no_items", "会议“{meeting}”没有表决事项，请先提交拟任人选方案或安排复议",
                                   "the meeting '{meeting}' has nothing to vote on", meeting=m.name)
        rule = sel.rule_of(m)
        present = [x for x in members if x.present]
        quorum = check_quorum(rule, _committee(members), [x.name for x in present])
        if not quorum.met:
            raise from_rule(RuleError(quorum.refusal()))
        if m.mode == Meeting.Mode.SECRET:
            no_user = [x.name for x in present if x.user_id is None]
            if no_user:
                raise committee_refuse("open.no_user",
                                       "无记名表决须每名到会成员在本人设备上表决，{names}未关联用户账号",
                                       "in a secret vote every member present votes on their own device: {names} "
                                       "have no user account", names="、".join(no_user))
        before = meeting_state(m)
        m.status, m.opened_at = Meeting.Status.OPEN, now
        m.save(update_fields=["status", "opened_at"])
        record_event(actor=actor, action="committee.meeting.open", obj=m, before=before, after=meeting_state(m),
                     details=_details(m, mode=m.mode, members=len(members), present=[x.name for x in present],
                                      absent=[{"member": x.name, "reason": x.absence_reason}
                                              for x in members if not x.present],
                                      quorum=str(quorum.explain()), rule=rule.as_json(),
                                      items=[{"candidate": i.application.person.name,
                                              "post": i.application.post.code, "revote_of": i.revote_of_id}
                                             for i in items]))
    return m


def missing_voters(m: Meeting, members: list[Member] | None = None, items: list[Item] | None = None) -> list[str]:
    """Present members who have not voted (secret), or on some item (entered)."""
    members = members if members is not None else sel.members_of(m)
    present = [x for x in members if x.present]
    if m.mode == Meeting.Mode.SECRET:
        return [x.name for x in present if not x.voted]
    count = len(items if items is not None else sel.items_of(m))
    done = Counter(CommitteeVote.objects.filter(item__meeting=m, member__isnull=False).values_list("member_id",
                                                                                                  flat=True))
    return [x.name for x in present if done[x.pk] < count]


def count_votes(m: Meeting, members: list[Member], items: list[Item]) -> CommitteeResult:
    """The meeting's stored votes counted by its rule (refusals of the rule as :class:`CampaignError`)."""
    rule = sel.rule_of(m)
    names = sel.labels(items)
    present = [x.name for x in members if x.present]
    try:
        if m.mode == Meeting.Mode.SECRET:
            tallies: dict[int, Counter[str]] = {i.pk: Counter() for i in items}
            for item_id, choice in CommitteeVote.objects.filter(item__meeting=m).values_list("item_id", "choice"):
                tallies[item_id][choice] += 1
            counts = {names[pk]: Counts(c["agree"], c["disagree"], c["defer"]) for pk, c in tallies.items()}
            return committee_count(rule, _committee(members), present, [names[i.pk] for i in items], counts)
        by_member = {x.pk: x.name for x in members}
        votes = [Vote(by_member[member_id], names[item_id], Choice(choice)) for item_id, member_id, choice in
                 CommitteeVote.objects.filter(item__meeting=m).values_list("item_id", "member_id", "choice")]
        return committee_vote(rule, _committee(members), present, [names[i.pk] for i in items], votes)
    except RuleError as exc:
        raise from_rule(exc, prefix_zh=f"会议“{m.name}”计票：", prefix_en=f"counting '{m.name}': ") from None


def _shuffle_secret_votes(m: Meeting) -> None:
    """Rewrite the meeting's anonymous votes in the order of their random keys (as voting's close does):
    the rows keep their keys, items and choices, but no longer sit in the order they were cast."""
    rows = list(CommitteeVote.objects.filter(item__meeting=m).values("id", "item_id", "choice"))
    rows.sort(key=lambda r: str(r["id"]))
    CommitteeVote.objects.filter(item__meeting=m).delete()
    CommitteeVote.objects.bulk_create([CommitteeVote(id=r["id"], item_id=r["item_id"], member=None, choice=r["choice"])
                                       for r in rows])


def meeting_close(*, actor: Any, meeting: Meeting, allow_missing: bool = False,
                  now: dt.datetime | None = None) -> Meeting:
    """End the vote and count it: each item's outcome, counts and explanation (e.g. "应到9人，实到7人，同意5人 >
    4.5，通过"), the meeting's result. Refused while a present member has not voted, unless ``allow_missing``
    (they count as not agreeing, 未表态). Recorded as ``committee.meeting.close`` with the result and who voted
    (never what, in a secret meeting)."""
    require(actor, MANAGE)
    now = now_or(now)
    with transaction.atomic():
        running_stage(meeting.stage, "结束表决", "closing")
        m = locked_meeting(meeting)
        if m.status != Meeting.Status.OPEN:
            raise committee_refuse("close.not_open", "会议“{meeting}”{status}，不能结束表决",
                                   "the meeting '{meeting}' is "
                                   "{status_en}, not voting", meeting=m.name, status=m.get_status_display(),
                                   status_en=m.status)
        members = sel.members_of(m)
        items = sel.items_of(m)
        missing = missing_voters(m, members, items)
        if missing and not allow_missing:
            raise committee_refuse("close.missing",
                                   "尚有{n}名到会成员未表决：{names}；如确认其不表态，请选择“确认结束表决”",
                                   "{n} members present have not voted: {names}; confirm to close anyway",
                                   n=len(missing), names="、".join(missing))
        result = count_votes(m, members, items)
        names = sel.labels(items)
        rows = []
        for item in items:
            r = result.result(names[item.pk])
            item.outcome = r.outcome.value
            item.agree, item.disagree, item.defer = r.agree, r.disagree, r.defer
            item.explanation = [line.as_dict() for line in r.explain()]
            rows.append({"item": item.pk, "candidate": item.application.person.name,
                         "post": item.application.post.code, "revote_of": item.revote_of_id, "outcome": item.outcome,
                         "agree": r.agree, "disagree": r.disagree, "defer": r.defer, "not_voted": r.not_voted,
                         "explanation": [line["zh"] for line in item.explanation]})
        Item.objects.bulk_update(items, ["outcome", "agree", "disagree", "defer", "explanation"])
        voted = [x.name for x in members if x.present and x.name not in missing]
        before = meeting_state(m)
        m.status, m.closed_at = Meeting.Status.CLOSED, now
        m.result = {"valid": result.valid, "members": result.quorum.members, "present": result.quorum.present,
                    "quorum": result.quorum.explain().as_dict(), "rule": sel.rule_of(m).as_json(),
                    "rule_words": str(sel.rule_of(m).explain()), "items": rows,
                    "lines": [line.as_dict() for line in result.explain()], "voted": voted, "not_voted": missing}
        m.save(update_fields=["status", "closed_at", "result"])
        if m.mode == Meeting.Mode.SECRET:
            _shuffle_secret_votes(m)
        record_event(actor=actor, action="committee.meeting.close", obj=m, before=before, after=meeting_state(m),
                     details=_details(m, mode=m.mode, valid=result.valid, result=[str(x) for x in result.explain()],
                                      items=[{k: r[k] for k in ("candidate", "post", "outcome", "agree", "disagree",
                                                                "defer", "not_voted")} for r in rows],
                                      voted=voted, not_voted=missing))
    return m


__all__ = ["committee_settings_set", "count_votes", "item_remove", "item_revote", "meeting_attendance",
           "meeting_close", "meeting_create", "meeting_delete", "meeting_members_set", "meeting_open",
           "meeting_update", "missing_voters"]
