"""JSON API of the committee area (mounted at /api/committee): the same actions as the pages, the same
capabilities.

- reading (``committee.view``: organiser, supervisor): the stage (posts with who reached the committee, the
  proposals, the decision so far, the blockers), a proposal, a meeting (members with attendance and whether
  they voted — never what —, items with outcomes and explanations, the result);
- changing (``committee.manage``: organiser): the stage's rule, proposals (create, change, submit, withdraw),
  meetings (create, change, delete, members, attendance, re-votes, open, entered votes, close);
- a committee member (``committee.vote`` and the object rule: members of that meeting only): their meetings,
  one meeting's items, and their secret vote, once.

A refused action is a 400 ``{"detail", "detail_en", "code"}`` with nothing written. No ``from __future__
import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status

from xuanren.accounts.access import require, require_object
from xuanren.campaigns.api.common import ErrorOut, refusals
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Stage, StageKind
from xuanren.committee import actions
from xuanren.committee import selectors as sel
from xuanren.committee.actions.meetings import missing_voters
from xuanren.committee.actions.votes import seat_of
from xuanren.committee.models import Item, Meeting, Proposal

router = Router(tags=["committee"])

Share = str | int


# --- schemas ---------------------------------------------------------------------------------------

class RuleIn(Schema):
    quorum: Share = Field("2/3", description="到会比例（不少于），如 \"2/3\"")
    pass_share: Share = Field("1/2", description="同意票须超过的比例，如 \"1/2\"")
    base: str = Field("members", description="计算基数：members 应到人数（条例规定）、present 实到人数")
    defer_rule: str = Field("over_disagree",
                            description="缓议：over_disagree 缓议票多于不同意票、at_least_agree、never")


class FinalistOut(Schema):
    application_id: int
    name: str
    rank: int | None
    score: str
    note: str


class CandidateOut(Schema):
    application_id: int
    name: str
    reason: str
    order: int


class ItemBrief(Schema):
    item_id: int
    meeting_id: int
    meeting: str
    name: str
    outcome: str = Field(description="'' 待表决、passed 通过、failed 不通过、deferred 缓议、void 表决无效")
    revote_of: int | None
    explanation: list[str]


class ProposalOut(Schema):
    id: int
    post_id: int
    post: str
    status: str = Field(description="draft 酝酿中、submitted 已提交会议、withdrawn 已撤回")
    competitive: bool = Field(description="差额酝酿（人选多于职数）")
    note: str
    candidates: list[CandidateOut]
    submitted_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdraw_reason: str
    items: list[ItemBrief]


class PostOut(Schema):
    post_id: int
    code: str
    title: str
    slots: int
    finalists: list[FinalistOut] = Field(description="进入讨论决定环节的人选")
    proposals: list[ProposalOut]
    chosen: list[str] = Field(description="通过并确定的拟任人选")
    summary: str
    stop: str = Field(description="无拟任人选的原因")


class MeetingBrief(Schema):
    id: int
    name: str
    held_on: dt.date
    mode: str
    status: str


class StageOut(Schema):
    campaign_id: int
    stage_id: int
    status: str
    rule: dict[str, str]
    rule_words: str
    blockers: list[str] = Field(description="封存前须完成的事项")
    posts: list[PostOut]
    meetings: list[MeetingBrief]


class MemberOut(Schema):
    member_id: int
    name: str
    role: str
    user: str | None
    person_id: int | None
    present: bool
    absence_reason: str
    voted: bool = Field(description="已表决（只记是否表决，不记表决意见）")


class ItemOut(Schema):
    item_id: int
    application_id: int
    name: str
    post: str
    proposal_id: int | None
    revote_of: int | None
    outcome: str
    agree: int | None
    disagree: int | None
    defer: int | None
    explanation: list[str]


class MeetingOut(Schema):
    id: int
    stage_id: int
    name: str
    held_on: dt.date
    place: str
    mode: str = Field(description="secret 无记名表决（成员本人设备）、entered 录入表决结果")
    status: str = Field(description="draft 准备中、open 表决中、closed 已结束")
    rule: dict[str, str]
    rule_words: str
    members: list[MemberOut]
    items: list[ItemOut]
    voted: int
    present: int
    not_voted: list[str]
    result: dict[str, Any]


class CandidateIn(Schema):
    application_id: int
    reason: str = Field(description="推荐理由（必填）")


class ProposalIn(Schema):
    post_id: int
    candidates: list[CandidateIn]
    note: str = ""


class ProposalPatch(Schema):
    candidates: list[CandidateIn] | None = None
    note: str | None = None


class SubmitIn(Schema):
    meeting_id: int


class ReasonIn(Schema):
    reason: str


class MemberIn(Schema):
    name: str = ""
    role: str = ""
    user_id: int | None = Field(None, description="党组/常委会成员的账号（无记名表决必填）")
    person_id: int | None = None


class MeetingIn(Schema):
    name: str
    held_on: dt.date
    place: str = ""
    mode: str = "secret"
    rule: RuleIn | None = Field(None, description="不填则取本环节的规则")
    members: list[MemberIn] = []


class MeetingPatch(Schema):
    name: str | None = None
    held_on: dt.date | None = None
    place: str | None = None
    mode: str | None = None
    rule: RuleIn | None = None


class MembersIn(Schema):
    members: list[MemberIn]


class AttendanceRow(Schema):
    member_id: int
    present: bool
    reason: str = Field("", description="缺席原因（缺席时必填）")


class AttendanceIn(Schema):
    attendance: list[AttendanceRow]


class RevoteIn(Schema):
    item_id: int = Field(description="此前会议中缓议、表决无效或同票争职数的事项")


class VoteRow(Schema):
    member_id: int
    item_id: int
    choice: str = Field(description="agree 同意、disagree 不同意、defer 缓议")


class VotesIn(Schema):
    votes: list[VoteRow]


class CloseIn(Schema):
    allow_missing: bool = Field(False, description="尚有到会成员未表决时确认结束（按未表态计）")


class MySeatOut(Schema):
    meeting_id: int
    meeting: str
    campaign: str
    held_on: dt.date
    mode: str
    status: str
    present: bool
    voted: bool


class BallotItemOut(Schema):
    item_id: int
    name: str
    post: str
    outcome: str
    explanation: list[str]


class MyMeetingOut(MySeatOut):
    items: list[BallotItemOut]
    can_vote: bool


class BallotIn(Schema):
    choices: dict[str, str] = Field(description="{事项编号: agree 同意 | disagree 不同意 | defer 缓议}，每项必填")


class CastOut(Schema):
    voted: int = Field(description="已表决的事项数")


# --- lookups and output ----------------------------------------------------------------------------

def _stage(campaign_id: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), campaign_id=campaign_id,
                             kind=StageKind.COMMITTEE)


def _proposal(proposal_id: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("stage", "stage__campaign", "post"), pk=proposal_id)


def _meeting(meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("stage", "campaign"), pk=meeting_id)


def _rule(rule: RuleIn | None) -> dict[str, Any] | None:
    return rule.dict() if rule is not None else None


def _members(rows: list[MemberIn]) -> list[dict[str, Any]]:
    return [{"name": r.name, "role": r.role, "user": r.user_id, "person": r.person_id} for r in rows]


def proposal_out(p: Proposal) -> dict[str, Any]:
    items = p.items.select_related("meeting", "application__person").order_by("meeting__held_on", "meeting_id",
                                                                               "order")
    return {"id": p.pk, "post_id": p.post_id, "post": p.post.code, "status": p.status, "competitive": p.competitive,
            "note": p.note, "submitted_at": p.submitted_at, "withdrawn_at": p.withdrawn_at,
            "withdraw_reason": p.withdraw_reason,
            "candidates": [{"application_id": c.application_id, "name": c.application.person.name, "reason": c.reason,
                            "order": c.order} for c in p.candidates.select_related("application__person")
                           .order_by("order", "id")],
            "items": [{"item_id": i.pk, "meeting_id": i.meeting_id, "meeting": i.meeting.name,
                       "name": i.application.person.name, "outcome": i.outcome, "revote_of": i.revote_of_id,
                       "explanation": sel.explanation_lines(i)} for i in items]}


def stage_out(stage: Stage) -> dict[str, Any]:
    from xuanren.campaigns.models import Application

    before = sel.finalists_before(stage)[0]
    names = dict(Application.objects.filter(pk__in=[f.application for fs in before.values() for f in fs])
                 .values_list("pk", "person__name"))
    rule = sel.stage_rule(stage)
    posts = []
    for o in sel.post_outcomes(stage):
        posts.append({"post_id": o.post.pk, "code": o.post.code, "title": o.post.title, "slots": o.post.slots,
                      "finalists": [{"application_id": f.application, "name": names.get(f.application, ""),
                                     "rank": f.rank, "score": f.score, "note": f.note} for f in o.before],
                      "proposals": [proposal_out(p) for p in o.proposals], "chosen": [c.name for c in o.chosen],
                      "summary": o.summary(), "stop": o.stop.reason if o.stop else ""})
    return {"campaign_id": stage.campaign_id, "stage_id": stage.pk, "status": stage.status, "rule": rule.as_json(),
            "rule_words": str(rule.explain()),
            "blockers": sel.stage_blockers(stage) if stage.status == Stage.Status.OPEN else [], "posts": posts,
            "meetings": [{"id": m.pk, "name": m.name, "held_on": m.held_on, "mode": m.mode, "status": m.status}
                         for m in sel.meetings_of(stage)]}


def meeting_out(m: Meeting) -> dict[str, Any]:
    members = sel.members_of(m)
    items = sel.items_of(m)
    names = sel.labels(items)
    missing = missing_voters(m, members, items) if m.status != Meeting.Status.DRAFT else []
    done, present = sel.voted_count(m)
    rule = sel.rule_of(m)
    return {"id": m.pk, "stage_id": m.stage_id, "name": m.name, "held_on": m.held_on, "place": m.place,
            "mode": m.mode, "status": m.status, "rule": rule.as_json(), "rule_words": str(rule.explain()),
            "members": [{"member_id": x.pk, "name": x.name, "role": x.role,
                         "user": x.user.get_username() if x.user else None, "person_id": x.person_id,
                         "present": x.present, "absence_reason": x.absence_reason,
                         "voted": x.voted if m.mode == Meeting.Mode.SECRET else (
                             x.present and m.status != Meeting.Status.DRAFT and x.name not in missing)}
                        for x in members],
            "items": [{"item_id": i.pk, "application_id": i.application_id, "name": names[i.pk],
                       "post": i.application.post.code, "proposal_id": i.proposal_id, "revote_of": i.revote_of_id,
                       "outcome": i.outcome, "agree": i.agree, "disagree": i.disagree, "defer": i.defer,
                       "explanation": sel.explanation_lines(i)} for i in items],
            "voted": done, "present": present, "not_voted": missing, "result": m.result or {}}


def _seat_out(m: Meeting, present: bool, voted: bool) -> dict[str, Any]:
    return {"meeting_id": m.pk, "meeting": m.name, "campaign": m.campaign.name, "held_on": m.held_on, "mode": m.mode,
            "status": m.status, "present": present, "voted": voted}


def my_meeting_out(request: HttpRequest, m: Meeting) -> dict[str, Any]:
    seat = seat_of(request.user, m)
    items = sel.items_of(m)
    names = sel.labels(items)
    closed = m.status == Meeting.Status.CLOSED
    out = _seat_out(m, bool(seat and seat.present), bool(seat and seat.voted))
    out["items"] = [{"item_id": i.pk, "name": names[i.pk], "post": i.application.post.code,
                     "outcome": i.outcome if closed else "", "explanation": sel.explanation_lines(i) if closed else []}
                    for i in items]
    out["can_vote"] = bool(m.mode == Meeting.Mode.SECRET and m.status == Meeting.Status.OPEN and seat is not None
                           and seat.present and not seat.voted)
    return out


# --- reading ---------------------------------------------------------------------------------------

@router.get("/{int:campaign_id}/stage", response=StageOut,
            summary="讨论决定环节：各职位人选、方案、决定情况与封存前须完成的事项")
def stage_view(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "committee.view")
    return stage_out(_stage(campaign_id))


@router.get("/proposals/{int:proposal_id}", response=ProposalOut, summary="拟任人选方案")
def proposal_view(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    require(request.user, "committee.view")
    return proposal_out(_proposal(proposal_id))


@router.get("/meetings/{int:meeting_id}", response=MeetingOut,
            summary="表决会议：成员、出席、事项、谁已表决（不含表决意见）、结果")
def meeting_view(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    require(request.user, "committee.view")
    return meeting_out(_meeting(meeting_id))


# --- the rule and proposals ------------------------------------------------------------------------

@router.put("/{int:campaign_id}/rule", response={200: StageOut, 400: ErrorOut}, summary="设置本环节的表决规则")
@refusals
def rule_set(request: HttpRequest, campaign_id: int, payload: RuleIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    stage = _stage(campaign_id)
    actions.committee_settings_set(actor=request.user, stage=stage, rule=payload.dict())
    stage.refresh_from_db()
    return Status(200, stage_out(stage))


@router.post("/{int:campaign_id}/proposals", response={201: ProposalOut, 400: ErrorOut},
             summary="提出拟任人选方案（酝酿中）：进入本环节的人选，各附推荐理由")
@refusals
def proposal_create(request: HttpRequest, campaign_id: int, payload: ProposalIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    p = actions.proposal_create(actor=request.user, stage=_stage(campaign_id), post=payload.post_id,
                                candidates=[{"application": c.application_id, "reason": c.reason}
                                            for c in payload.candidates], note=payload.note)
    return Status(201, proposal_out(p))


@router.patch("/proposals/{int:proposal_id}", response={200: ProposalOut, 400: ErrorOut},
              summary="修改酝酿中的方案（人选及理由、说明）")
@refusals
def proposal_update(request: HttpRequest, proposal_id: int, payload: ProposalPatch) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    cands = None if payload.candidates is None else [{"application": c.application_id, "reason": c.reason}
                                                     for c in payload.candidates]
    p = actions.proposal_update(actor=request.user, proposal=_proposal(proposal_id), candidates=cands,
                                note=payload.note)
    return Status(200, proposal_out(p))


@router.post("/proposals/{int:proposal_id}/submit", response={200: ProposalOut, 400: ErrorOut},
             summary="提交会议（准备中的会议）")
@refusals
def proposal_submit(request: HttpRequest, proposal_id: int, payload: SubmitIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    p = _proposal(proposal_id)
    meeting = Meeting.objects.filter(pk=payload.meeting_id).first()
    if meeting is None:
        raise refuse("committee.api.unknown_meeting", "没有编号为{pk}的会议", "there is no meeting {pk}",
                     pk=payload.meeting_id)
    return Status(200, proposal_out(actions.proposal_submit(actor=request.user, proposal=p, meeting=meeting)))


@router.post("/proposals/{int:proposal_id}/withdraw", response={200: ProposalOut, 400: ErrorOut},
             summary="撤回方案（写明理由）")
@refusals
def proposal_withdraw(request: HttpRequest, proposal_id: int, payload: ReasonIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    p = actions.proposal_withdraw(actor=request.user, proposal=_proposal(proposal_id), reason=payload.reason)
    return Status(200, proposal_out(p))


# --- meetings --------------------------------------------------------------------------------------

@router.post("/{int:campaign_id}/meetings", response={201: MeetingOut, 400: ErrorOut}, summary="安排表决会议")
@refusals
def meeting_create(request: HttpRequest, campaign_id: int, payload: MeetingIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    m = actions.meeting_create(actor=request.user, stage=_stage(campaign_id), name=payload.name,
                               held_on=payload.held_on, place=payload.place, mode=payload.mode,
                               rule=_rule(payload.rule), members=_members(payload.members))
    return Status(201, meeting_out(m))


@router.patch("/meetings/{int:meeting_id}", response={200: MeetingOut, 400: ErrorOut},
              summary="修改准备中的会议（名称、日期、地点、表决方式、规则）")
@refusals
def meeting_update(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    kwargs: dict[str, Any] = {}
    if payload.rule is not None:
        kwargs["rule"] = payload.rule.dict()
    m = actions.meeting_update(actor=request.user, meeting=_meeting(meeting_id), name=payload.name,
                               held_on=payload.held_on, place=payload.place, mode=payload.mode, **kwargs)
    return Status(200, meeting_out(m))


@router.delete("/meetings/{int:meeting_id}", response={204: None, 400: ErrorOut},
               summary="删除没有表决事项的准备中会议")
@refusals
def meeting_delete(request: HttpRequest, meeting_id: int) -> Status[None]:
    require(request.user, "committee.manage")
    actions.meeting_delete(actor=request.user, meeting=_meeting(meeting_id))
    return Status(204, None)


@router.put("/meetings/{int:meeting_id}/members", response={200: MeetingOut, 400: ErrorOut},
            summary="成员名单（应到人员）")
@refusals
def meeting_members(request: HttpRequest, meeting_id: int, payload: MembersIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    m = _meeting(meeting_id)
    actions.meeting_members_set(actor=request.user, meeting=m, members=_members(payload.members))
    return Status(200, meeting_out(m))


@router.put("/meetings/{int:meeting_id}/attendance", response={200: MeetingOut, 400: ErrorOut},
            summary="出席情况（实到；缺席写明原因）")
@refusals
def meeting_attendance(request: HttpRequest, meeting_id: int, payload: AttendanceIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    m = _meeting(meeting_id)
    actions.meeting_attendance(actor=request.user, meeting=m, attendance=[
        {"member": r.member_id, "present": r.present, "reason": r.reason} for r in payload.attendance])
    return Status(200, meeting_out(m))


@router.post("/meetings/{int:meeting_id}/items", response={201: MeetingOut, 400: ErrorOut},
             summary="安排复议：此前会议缓议、表决无效或同票争职数的人选")
@refusals
def item_revote(request: HttpRequest, meeting_id: int, payload: RevoteIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    m = _meeting(meeting_id)
    item = Item.objects.filter(pk=payload.item_id, meeting__stage_id=m.stage_id).first()
    if item is None:
        raise refuse("committee.api.unknown_item", "本环节没有编号为{pk}的表决事项", "the stage has no item {pk}",
                     pk=payload.item_id)
    actions.item_revote(actor=request.user, meeting=m, item=item)
    return Status(201, meeting_out(m))


@router.delete("/items/{int:item_id}", response={204: None, 400: ErrorOut}, summary="移除准备中会议的复议事项")
@refusals
def item_remove(request: HttpRequest, item_id: int) -> Status[None]:
    require(request.user, "committee.manage")
    actions.item_remove(actor=request.user, item=get_object_or_404(Item, pk=item_id))
    return Status(204, None)


@router.post("/meetings/{int:meeting_id}/open", response={200: MeetingOut, 400: ErrorOut},
             summary="开始表决（须达到法定到会人数）")
@refusals
def meeting_open(request: HttpRequest, meeting_id: int) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    return Status(200, meeting_out(actions.meeting_open(actor=request.user, meeting=_meeting(meeting_id))))


@router.post("/meetings/{int:meeting_id}/votes", response={200: MeetingOut, 400: ErrorOut},
             summary="录入表决意见（录入表决结果方式的会议）")
@refusals
def meeting_votes(request: HttpRequest, meeting_id: int, payload: VotesIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    m = _meeting(meeting_id)
    actions.votes_enter(actor=request.user, meeting=m, votes=[
        {"member": v.member_id, "item": v.item_id, "choice": v.choice} for v in payload.votes])
    return Status(200, meeting_out(m))


@router.post("/meetings/{int:meeting_id}/close", response={200: MeetingOut, 400: ErrorOut},
             summary="结束表决并计票")
@refusals
def meeting_close(request: HttpRequest, meeting_id: int, payload: CloseIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.manage")
    m = actions.meeting_close(actor=request.user, meeting=_meeting(meeting_id), allow_missing=payload.allow_missing)
    return Status(200, meeting_out(m))


# --- a committee member ----------------------------------------------------------------------------

@router.get("/my/meetings", response=list[MySeatOut], summary="党组/常委会成员：本人参加的会议")
def my_meetings(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "committee.vote")
    return [_seat_out(s.meeting, s.present, s.voted) for s in sel.member_seats(request.user)]


@router.get("/my/meetings/{int:meeting_id}", response=MyMeetingOut, summary="党组/常委会成员：会议的表决事项")
def my_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    require(request.user, "committee.vote")
    m = _meeting(meeting_id)
    require_object(request.user, "committee.vote", m)
    return my_meeting_out(request, m)


@router.post("/my/meetings/{int:meeting_id}/ballot", response={200: CastOut, 400: ErrorOut},
             summary="党组/常委会成员：无记名表决（每项必填，只能提交一次）")
@refusals
@sensitive_variables("payload")
def my_ballot(request: HttpRequest, meeting_id: int, payload: BallotIn) -> Status[dict[str, Any]]:
    require(request.user, "committee.vote")
    m = _meeting(meeting_id)
    require_object(request.user, "committee.vote", m)
    return Status(200, {"voted": actions.ballot_cast(actor=request.user, meeting=m, choices=payload.choices)})
