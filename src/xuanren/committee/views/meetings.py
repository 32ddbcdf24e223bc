"""The organiser's pages of a committee meeting: its details, members (应到) and attendance (实到), the items
(proposals submitted, re-votes 复议 added), opening the vote, the live count of who has voted (never what,
refreshed by htmx every three seconds), entering members' choices (entered meetings), closing, and the
result with its explanations.

Reading needs ``committee.view`` (organiser, supervisor); changing ``committee.manage``. A refusal is shown
in the action's words and nothing has changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.models import Stage
from xuanren.committee import actions
from xuanren.committee import selectors as sel
from xuanren.committee.actions.meetings import missing_voters
from xuanren.committee.models import CommitteeVote, Item, Meeting
from xuanren.committee.views.common import (
    committee_users,
    get_item,
    get_meeting,
    get_stage,
    meeting_url,
    run,
    stage_url,
)
from xuanren.committee.views.stage import BASES, DEFER_RULES, rule_from_form
from xuanren.rules.committee import CHOICE_NAMES

BLANK_MEMBER_ROWS = 3


def members_from_form(data: Any) -> list[dict[str, Any]]:
    """Rows ``member_name_<n>``, ``member_role_<n>``, ``member_user_<n>`` (a user id), blank rows left out."""
    numbers = sorted({int(k.rsplit("_", 1)[1]) for k in data if k.startswith(("member_name_", "member_user_"))
                      and k.rsplit("_", 1)[1].isdigit()})
    rows = []
    for n in numbers:
        name = data.get(f"member_name_{n}", "").strip()
        role = data.get(f"member_role_{n}", "").strip()
        user = data.get(f"member_user_{n}", "").strip()
        if name or user:
            rows.append({"name": name, "role": role, "user": int(user) if user.isdigit() else None})
    return rows


def attendance_from_form(data: Any, meeting: Meeting) -> dict[int, dict[str, Any]]:
    """``present_<member pk>`` checkboxes and ``reason_<member pk>`` for every member of the meeting."""
    return {x.pk: {"present": data.get(f"present_{x.pk}") == "1", "reason": data.get(f"reason_{x.pk}", "")}
            for x in sel.members_of(meeting)}


def votes_from_form(data: Any) -> list[dict[str, Any]]:
    """``vote_<member pk>_<item pk>`` selects with a choice; blanks left out (entered later)."""
    rows = []
    for key, value in data.items():
        parts = key.split("_")
        if len(parts) == 3 and parts[0] == "vote" and parts[1].isdigit() and parts[2].isdigit() and value:
            rows.append({"member": int(parts[1]), "item": int(parts[2]), "choice": value})
    return rows


@require_POST
@capability_required("committee.manage")
def meeting_create(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    data = request.POST
    made: list[Meeting] = []

    def call() -> None:
        made.append(actions.meeting_create(actor=request.user, stage=stage, name=data.get("name", ""),
                                           held_on=data.get("held_on", ""), place=data.get("place", ""),
                                           mode=data.get("mode", Meeting.Mode.SECRET),
                                           members=members_from_form(data)))

    response = run(request, call, _("会议已建立，请登记出席情况并提交拟任人选方案。"), stage_url(stage),
                   failure=stage_url(stage) + "#new-meeting")
    if made:
        response["Location"] = meeting_url(made[0])
    return response


def _context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    stage = meeting.stage
    members = sel.members_of(meeting)
    items = sel.items_of(meeting)
    names = sel.labels(items)
    running = stage.status == Stage.Status.OPEN
    manage = has(request.user, "committee.manage") and running
    done, present = sel.voted_count(meeting)
    entered: dict[tuple[int, int], str] = {}
    if meeting.mode == Meeting.Mode.ENTERED:
        entered = {(v.member_id, v.item_id): v.choice for v in CommitteeVote.objects.filter(item__meeting=meeting)
                   if v.member_id is not None}
    rows = [{"member": x, "cells": [{"item": i, "choice": entered.get((x.pk, i.pk), "")} for i in items],
             "done": (x.voted if meeting.mode == Meeting.Mode.SECRET
                      else bool(items) and all((x.pk, i.pk) in entered for i in items))} for x in members]
    missing = missing_voters(meeting, members, items) if meeting.status == Meeting.Status.OPEN else []
    return {"campaign": meeting.campaign, "stage": stage, "meeting": meeting, "members": members, "rows": rows,
            "items": [{"item": i, "label": names[i.pk], "lines": sel.explanation_lines(i)} for i in items],
            "can_manage": manage, "draft": meeting.status == Meeting.Status.DRAFT,
            "voting": meeting.status == Meeting.Status.OPEN, "closed": meeting.status == Meeting.Status.CLOSED,
            "voted": done, "present": present, "total": len(members),
            "missing": missing, "missing_key": "、".join(missing),
            "choices": list(CHOICE_NAMES.items()), "rule_words": str(sel.rule_of(meeting).explain()),
            "poll": meeting.status == Meeting.Status.OPEN}


@capability_required("committee.view")
def meeting_page(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    context = _context(request, meeting)
    if context["can_manage"] and context["draft"]:
        rule = sel.rule_of(meeting)
        users = committee_users()
        member_rows = [{"n": n, "name": x.name, "role": x.role, "user": x.user_id}
                       for n, x in enumerate(context["members"], start=1)]
        start = len(member_rows)
        member_rows += [{"n": start + n, "name": "", "role": "", "user": None}
                        for n in range(1, max(BLANK_MEMBER_ROWS, 9 - start) + 1)]
        revotable = []
        for o in sel.post_outcomes(meeting.stage):
            tied = {c.application.pk for c in o.tied}
            for c in o.candidates:
                latest = c.latest
                if latest is None or c.withdrawn or c.pending is not None:
                    continue
                if latest.outcome in sel.RE_VOTABLE or (latest.outcome == Item.Outcome.PASSED
                                                        and c.application.pk in tied):
                    revotable.append(latest)
        context.update({"users": users, "member_rows": member_rows, "rule": rule.as_json(),
                        "defer_rules": DEFER_RULES, "bases": BASES, "modes": Meeting.Mode.choices,
                        "revotable": revotable})
    return render(request, "committee/meeting.html", context)


@capability_required("committee.view")
def meeting_progress(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """Who has voted (never what), for htmx to swap in every three seconds; for the organiser also the close form's
    confirmation of who has not voted (out of band), kept ticked while the same names are missing."""
    context = _context(request, get_meeting(meeting_pk))
    context["oob"] = True
    context["keep_checked"] = (request.GET.get("allow_missing") == "1"
                               and request.GET.get("missing_key") == context["missing_key"])
    return render(request, "committee/_progress.html", context)


@require_POST
@capability_required("committee.manage")
def meeting_update(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    data = request.POST
    return run(request, lambda: actions.meeting_update(
        actor=request.user, meeting=meeting, name=data.get("name", meeting.name),
        held_on=data.get("held_on") or None, place=data.get("place", meeting.place),
        mode=data.get("mode", meeting.mode), rule=rule_from_form(data)), _("会议已保存。"), meeting_url(meeting))


@require_POST
@capability_required("committee.manage")
def meeting_delete(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    return run(request, lambda: actions.meeting_delete(actor=request.user, meeting=meeting),
               _("会议“%(name)s”已删除。") % {"name": meeting.name}, stage_url(meeting.stage),
               failure=meeting_url(meeting))


@require_POST
@capability_required("committee.manage")
def meeting_members(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    return run(request, lambda: actions.meeting_members_set(actor=request.user, meeting=meeting,
                                                            members=members_from_form(request.POST)),
               _("成员名单（应到人员）已保存，请登记出席情况。"), meeting_url(meeting) + "#attendance")


@require_POST
@capability_required("committee.manage")
def meeting_attendance(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    return run(request, lambda: actions.meeting_attendance(actor=request.user, meeting=meeting,
                                                           attendance=attendance_from_form(request.POST, meeting)),
               _("出席情况已登记。"), meeting_url(meeting) + "#attendance")


@require_POST
@capability_required("committee.manage")
def item_revote(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    raw = request.POST.get("item", "")
    item = Item.objects.filter(pk=int(raw), meeting__stage=meeting.stage).first() if raw.isdigit() else None
    if item is None:
        messages.error(request, _("请选择要复议的人选。"))
        return HttpResponseRedirect(meeting_url(meeting) + "#items")
    return run(request, lambda: actions.item_revote(actor=request.user, meeting=meeting, item=item),
               _("已安排复议：%(name)s（已记入全程记实）。") % {"name": item.application.person.name},
               meeting_url(meeting) + "#items")


@require_POST
@capability_required("committee.manage")
def item_remove(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = get_item(item_pk)
    return run(request, lambda: actions.item_remove(actor=request.user, item=item), _("已移除该复议事项。"),
               meeting_url(item.meeting) + "#items")


@require_POST
@capability_required("committee.manage")
def meeting_open(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    text = (_("表决已开始：请到会成员在本人设备上表决。") if meeting.mode == Meeting.Mode.SECRET
            else _("表决已开始：请录入各成员的表决意见。"))
    return run(request, lambda: actions.meeting_open(actor=request.user, meeting=meeting), text, meeting_url(meeting))


@require_POST
@capability_required("committee.manage")
def meeting_enter(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    rows = votes_from_form(request.POST)
    return run(request, lambda: actions.votes_enter(actor=request.user, meeting=meeting, votes=rows),
               _("已录入%(n)s条表决意见。") % {"n": len(rows)}, meeting_url(meeting) + "#votes")


@require_POST
@capability_required("committee.manage")
def meeting_close(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(meeting_pk)
    return run(request, lambda: actions.meeting_close(actor=request.user, meeting=meeting,
                                                      allow_missing=request.POST.get("allow_missing") == "1"),
               _("表决已结束，计票结果见下。"), meeting_url(meeting) + "#result")

