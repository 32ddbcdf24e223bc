"""The organiser's operations on voting sessions: list and create a stage's sessions, delete a draft, set the
voter groups and the ballot forms, issue codes (anonymous, or a named roll), void a lost batch, open and
close, and read the turnout.

Issuing codes answers with the plain codes, once: they are not stored (the database keeps keyed digests)
and no other operation can show them again. Print them, or hand them to whoever prints the slips; the
page's download (``/voting/sessions/<id>/``) makes the PDF from them in the same way.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema, Status

from xuanren.accounts.access import require
from xuanren.campaigns.api.schemas import local_time
from xuanren.campaigns.errors import refuse
from xuanren.people.models import Person
from xuanren.voting import actions
from xuanren.voting.api.common import ErrorOut, refusals, router, session_by_id, stage_by_id
from xuanren.voting.codes import digest, display
from xuanren.voting.models import BallotForm, Session, VoterCode, VoterGroup


class GroupOut(Schema):
    code: str = Field(description="类别代码，如 leaders")
    name: str = Field(description="类别名称，如 院领导")
    weight: Decimal = Field(description="权重（各类别合计100）")
    entitled: int = Field(description="应到人数")
    issued: int = Field(description="已发出的投票码（作废的不计）")
    returned: int = Field(description="已投票数（收回）")


class SessionOut(Schema):
    id: int
    campaign_id: int
    stage_id: int | None
    stage_kind: str | None = Field(description="recommendation / evaluation")
    name: str
    place: str
    trial: bool = Field(description="模拟测试：投票从不计入结果")
    mode: str = Field(description="slips（不记名投票码）或 roll（按名单）")
    status: str = Field(description="draft / open / closed")
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    groups: list[GroupOut]
    entitled: int
    issued: int
    returned: int
    result: dict[str, Any] | None = Field(None, description="结束后的计票结果；投票中不提供任何部分结果")


class SessionIn(Schema):
    name: str = Field(description="场次名称，如 民主推荐大会")
    place: str = ""
    trial: bool = False
    mode: str = Field("slips", description="slips 或 roll")


class GroupIn(Schema):
    code: str
    name: str
    weight: Decimal
    entitled: int = Field(ge=0)


class GroupsIn(Schema):
    groups: list[GroupIn]


class CodesIn(Schema):
    group: str = Field(description="投票人类别代码")
    count: int = Field(ge=1, le=5000, description="生成的投票码数量")
    batch: int | None = Field(None, description="批次号（不填：下一批）")


class CodesOut(Schema):
    session_id: int
    group: str
    batch: int
    codes: list[str] = Field(description="投票码（XXXXX-XXXXX），仅此一次提供，系统不保存")
    links: list[str] = Field(description="扫码链接 …/vote/#投票码（码在 # 之后，不会发送到服务器）")


class RollIn(Schema):
    group: str = Field(description="投票人类别代码")
    persons: list[int] = Field(min_length=1, description="人员编号（人员库）")


class RollCodeOut(Schema):
    person_id: int
    name: str
    code: str = Field(description="本人的投票码（XXXXX-XXXXX），仅此一次提供")
    link: str


class RollOut(Schema):
    session_id: int
    group: str
    batch: int
    codes: list[RollCodeOut]


class VoidIn(Schema):
    batch: int = Field(ge=1)
    reason: str = Field(description="作废理由（必填）")


class VoidOut(Schema):
    session_id: int
    batch: int
    voided: int = Field(description="作废的未使用投票码数")


class FormOut(Schema):
    id: int
    kind: str = Field(description="recommendation（推荐票）/ evaluation（测评票）/ elements（要素定向推荐票）")
    title: str
    order: int
    content: dict[str, Any] = Field(description="票面内容，按票种见 docs/formats.md（与导出的选票文件中 forms 相同）")


class FormIn(Schema):
    kind: str = Field(description="recommendation / evaluation / elements")
    title: str
    content: dict[str, Any] = Field(
        default_factory=dict,
        description='推荐票 {"posts": [{"post": 职位编号, "max_marks": 最多推荐人数, "write_ins": 另推人选栏数 0–3}]}'
                    '（候选人不填时取资格审查合格的全部人选）；测评票 {"unknown": 是否提供不了解, '
                    '"subjects": [{"person": 人员编号}]}；'
                    '要素推荐票 {"elements": [要素…], "marks_per_element": 每要素人数}')


class TurnoutOut(Schema):
    groups: list[GroupOut]
    entitled: int
    issued: int
    returned: int


def _groups(session: Session) -> list[dict[str, Any]]:
    return [{"code": g.code, "name": g.name, "weight": g.weight, "entitled": g.entitled, "issued": g.issued,
             "returned": g.returned} for g in actions.turnout(session)]


def _totals(groups: list[dict[str, Any]]) -> dict[str, int]:
    return {key: sum(g[key] for g in groups) for key in ("entitled", "issued", "returned")}


def session_out(session: Session) -> dict[str, Any]:
    groups = _groups(session)
    closed = session.status == Session.Status.CLOSED
    return {"id": session.pk, "campaign_id": session.campaign_id, "stage_id": session.stage_id,
            "stage_kind": session.stage.kind if session.stage else None, "name": session.name,
            "place": session.place, "trial": session.trial, "mode": session.mode, "status": session.status,
            "opened_at": local_time(session.campaign, session.opened_at),
            "closed_at": local_time(session.campaign, session.closed_at),
            "groups": groups, **_totals(groups), "result": session.result if closed else None}


def form_out(form: BallotForm) -> dict[str, Any]:
    return {"id": form.pk, "kind": form.kind, "title": form.title, "order": form.order, "content": form.content}


def _form(session: Session, form_id: int) -> BallotForm:
    form = BallotForm.objects.filter(session=session, pk=form_id).first()
    if form is None:
        raise refuse("voting.api.unknown_form", "本场次没有编号为{pk}的票面", "the session has no ballot form {pk}",
                     pk=form_id)
    return form


def _group(session: Session, code: str) -> VoterGroup:
    group = VoterGroup.objects.filter(session=session, code=code).first()
    if group is None:
        raise refuse("voting.api.unknown_group", "本场次没有代码为“{code}”的投票人类别",
                     "the session has no voter group '{code}'", code=code)
    return group


def vote_url(request: HttpRequest) -> str:
    """The absolute address of the voter's page, as printed on the slips."""
    return request.build_absolute_uri("/vote/")


@router.get("/stages/{int:stage_id}/sessions", response=list[SessionOut], summary="环节的投票场次")
def list_sessions(request: HttpRequest, stage_id: int) -> list[dict[str, Any]]:
    require(request.user, "voting.view")
    stage = stage_by_id(stage_id)
    return [session_out(s) for s in Session.objects.filter(stage=stage).select_related("campaign", "stage")
            .order_by("id")]


@router.post("/stages/{int:stage_id}/sessions", response={201: SessionOut, 400: ErrorOut},
             summary="新建投票场次（准备中；投票人类别和票面取自环节）")
@refusals
def create_session(request: HttpRequest, stage_id: int, payload: SessionIn) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    session = actions.session_create(actor=request.user, stage=stage_by_id(stage_id), name=payload.name,
                                     trial=payload.trial, mode=payload.mode, place=payload.place)
    return Status(201, session_out(session_by_id(session.pk)))


@router.get("/sessions/{int:session_id}", response=SessionOut, summary="投票场次（含各类别到会情况）")
def get_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    require(request.user, "voting.view")
    return session_out(session_by_id(session_id))


@router.delete("/sessions/{int:session_id}", response={204: None, 400: ErrorOut},
               summary="删除投票场次（仅准备中的场次；其类别、票面、投票码一并删除）")
@refusals
def delete_session(request: HttpRequest, session_id: int, reason: str = "") -> Status[None]:
    require(request.user, "voting.manage")
    actions.session_delete(actor=request.user, session=session_by_id(session_id), reason=reason)
    return Status(204, None)


@router.get("/sessions/{int:session_id}/forms", response=list[FormOut], summary="投票场次的票面")
def list_forms(request: HttpRequest, session_id: int) -> list[dict[str, Any]]:
    require(request.user, "voting.view")
    return [form_out(f) for f in session_by_id(session_id).forms.all()]


@router.post("/sessions/{int:session_id}/forms", response={201: FormOut, 400: ErrorOut},
             summary="添加票面（准备中）")
@refusals
def add_form(request: HttpRequest, session_id: int, payload: FormIn) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    form = actions.form_set(actor=request.user, session=session_by_id(session_id), kind=payload.kind,
                            title=payload.title, content=payload.content)
    return Status(201, form_out(form))


@router.put("/sessions/{int:session_id}/forms/{int:form_id}", response={200: FormOut, 400: ErrorOut},
            summary="修改票面（准备中；整张替换）")
@refusals
def set_form(request: HttpRequest, session_id: int, form_id: int, payload: FormIn) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    session = session_by_id(session_id)
    form = actions.form_set(actor=request.user, session=session, form=_form(session, form_id), kind=payload.kind,
                            title=payload.title, content=payload.content)
    return Status(200, form_out(form))


@router.delete("/sessions/{int:session_id}/forms/{int:form_id}", response={204: None, 400: ErrorOut},
               summary="删除票面（准备中）")
@refusals
def delete_form(request: HttpRequest, session_id: int, form_id: int) -> Status[None]:
    require(request.user, "voting.manage")
    session = session_by_id(session_id)
    actions.form_delete(actor=request.user, session=session, form=_form(session, form_id))
    return Status(204, None)


@router.get("/sessions/{int:session_id}/turnout", response=TurnoutOut,
            summary="到会情况：各类别应到、发出、收回（不含任何投票内容）")
def get_turnout(request: HttpRequest, session_id: int) -> dict[str, Any]:
    require(request.user, "voting.view")
    groups = _groups(session_by_id(session_id))
    return {"groups": groups, **_totals(groups)}


@router.put("/sessions/{int:session_id}/groups", response={200: SessionOut, 400: ErrorOut},
            summary="设置投票人类别（准备中；权重合计100）")
@refusals
def set_groups(request: HttpRequest, session_id: int, payload: GroupsIn) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    session = session_by_id(session_id)
    actions.groups_set(actor=request.user, session=session, groups=[g.model_dump() for g in payload.groups])
    return Status(200, session_out(session_by_id(session_id)))


@router.post("/sessions/{int:session_id}/codes", response={201: CodesOut, 400: ErrorOut},
             summary="生成投票码（明码仅在此次答复中提供一次，系统不保存）")
@refusals
def issue_codes(request: HttpRequest, session_id: int, payload: CodesIn) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    session = session_by_id(session_id)
    group = _group(session, payload.group)
    codes = actions.codes_issue(actor=request.user, session=session, group=group, count=payload.count,
                                batch=payload.batch)
    batch = VoterCode.objects.filter(digest=digest(codes[0])).values_list("batch", flat=True).get()
    base = vote_url(request)
    return Status(201, {"session_id": session.pk, "group": group.code, "batch": batch,
                        "codes": [display(c) for c in codes], "links": [f"{base}#{c}" for c in codes]})


@router.post("/sessions/{int:session_id}/roll", response={201: RollOut, 400: ErrorOut},
             summary="按名单发放个人投票码（明码仅在此次答复中提供一次）")
@refusals
def issue_roll(request: HttpRequest, session_id: int, payload: RollIn) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    session = session_by_id(session_id)
    group = _group(session, payload.group)
    persons = Person.objects.in_bulk(payload.persons)
    missing = [pk for pk in payload.persons if pk not in persons]
    if missing:
        raise refuse("voting.api.unknown_person", "人员库中没有编号为{pk}的人员", "there is no person {pk} in the "
                     "register", pk=missing[0])
    issued = actions.roll_issue(actor=request.user, session=session, group=group,
                                persons=[persons[pk] for pk in dict.fromkeys(payload.persons)])
    batch = VoterCode.objects.filter(digest=digest(issued[0][1])).values_list("batch", flat=True).get()
    base = vote_url(request)
    return Status(201, {"session_id": session.pk, "group": group.code, "batch": batch,
                        "codes": [{"person_id": p.pk, "name": p.name, "code": display(c), "link": f"{base}#{c}"}
                                  for p, c in issued]})


@router.post("/sessions/{int:session_id}/void", response={200: VoidOut, 400: ErrorOut},
             summary="作废遗失批次中未使用的投票码（须写明理由）")
@refusals
def void_batch(request: HttpRequest, session_id: int, payload: VoidIn) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    session = session_by_id(session_id)
    voided = actions.codes_void(actor=request.user, session=session, batch=payload.batch, reason=payload.reason)
    return Status(200, {"session_id": session.pk, "batch": payload.batch, "voided": voided})


@router.post("/sessions/{int:session_id}/open", response={200: SessionOut, 400: ErrorOut}, summary="开始投票")
@refusals
def open_session(request: HttpRequest, session_id: int) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    actions.session_open(actor=request.user, session=session_by_id(session_id))
    return Status(200, session_out(session_by_id(session_id)))


@router.post("/sessions/{int:session_id}/close", response={200: SessionOut, 400: ErrorOut},
             summary="结束投票并计票（结果随之可见；封存并公布另行操作）")
@refusals
def close_session(request: HttpRequest, session_id: int) -> Status[dict[str, Any]]:
    require(request.user, "voting.manage")
    from xuanren.voting.actions.close import session_close

    session_close(actor=request.user, session=session_by_id(session_id))
    return Status(200, session_out(session_by_id(session_id)))
