"""JSON API of the notices area (mounted at /api/notices): the organiser's work, the same actions as the pages.

- the working-day calendar: the years known, one year, entering or correcting a year, removing an entry, and a
  period counted or checked on it;
- a campaign's notice stage (its settings, blockers and notices), generating a draft, a notice (read, edit while a
  draft, delete a draft, publish, end);
- objections: the queue, one objection (with the sender's details and text, for those who may view objections),
  registering one received by phone, letter, visit or e-mail, assigning, investigation notes, concluding.

Reading the notices needs ``notices.view``, changing them ``notices.manage``; reading objections
``objections.view``, handling them ``objections.handle``. A refused action answers 400 ``{"detail": 中文,
"detail_en": English, "code": …}`` and nothing is written; a year refused by the calendar's checks answers 400
with every problem. The public lodges objections on the notice's page (HTML, CSRF-protected), not here;
attachments are uploaded and downloaded on the pages.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from xuanren.accounts.access import require
from xuanren.campaigns.api.common import ErrorOut, refusals
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Stage, StageKind
from xuanren.notices import actions, clock
from xuanren.notices.actions._common import calendar_or_refuse, notice_settings
from xuanren.notices.calendar import all_years, parse_holidays, year_rows
from xuanren.notices.handlers import notice_blockers
from xuanren.notices.models import CalendarYear, Notice, NoticeEntry, Objection
from xuanren.people.actions import ImportRejected
from xuanren.people.api import RejectedOut
from xuanren.rules.calendar import SHIPPED_YEARS
from xuanren.rules.errors import RuleError

router = Router(tags=["notices"])


# --- schemas ---------------------------------------------------------------------------------------

class HolidayIn(Schema):
    name: str = Field(description="节日名称，如 国庆节")
    first: str = Field(description="放假开始日期 YYYY-MM-DD")
    last: str = Field("", description="放假结束日期 YYYY-MM-DD（一天的可留空）")
    workdays: list[str] = Field([], description="调休上班日（周六或周日）YYYY-MM-DD")


class HolidayOut(Schema):
    name: str
    first: str
    last: str
    workdays: list[str]


class YearIn(Schema):
    source: str = Field("", description="依据，如 国务院办公厅关于2027年部分节假日安排的通知")
    holidays: list[HolidayIn]


class YearOut(Schema):
    year: int
    entered: bool = Field(description="是否为录入的数据（否则为系统内置）")
    shipped: bool = Field(description="系统是否内置该年数据")
    source: str
    holidays: list[HolidayOut]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int
    explanation: list[str]
    problems: list[str] = Field(description="给定截止日时，公示期不符合要求的原因（空表示符合）")


class SettingsIn(Schema):
    working_days: int = Field(5, description="公示期工作日数（不少于5）")
    issuer: str = ""
    phone: str = ""
    address: str = ""
    mailbox: str = ""
    contact: str = ""


class SettingsOut(Schema):
    working_days: int
    issuer: str
    phone: str
    address: str
    mailbox: str
    contact: str


class EntryOut(Schema):
    id: int
    application_id: int
    details: dict[str, Any] = Field(description="公示内容：name, gender, birth, education, current_post, "
                                                "proposed_post…")
    exceptional: str
    outcome: str = Field(description="空（公示中）/ cleared（无异议或反映问题不属实）/ "
                                     "stopped（反映问题属实，终止任用）")
    outcome_label: str


class NoticeOut(Schema):
    id: int
    campaign_id: int
    stage_id: int
    title: str
    status: str = Field(description="draft / published / ended")
    status_label: str
    issuer: str
    phone: str
    address: str
    mailbox: str
    contact: str
    starts: dt.date = Field(description="发布日期（公示起始日，当日不计入）")
    ends: dt.date
    working_days: int
    text: str
    published_at: dt.datetime | None
    ended_at: dt.datetime | None
    entries: list[EntryOut]
    open_objections: list[str] = Field(description="未办结反映问题的受理编号")


class StageOut(Schema):
    stage_id: int
    status: str
    settings: SettingsOut
    blockers: list[str]
    notices: list[NoticeOut]


class GenerateIn(Schema):
    starts: dt.date | None = Field(None, description="发布日期（公示起始日）；默认今天")
    working_days: int | None = Field(None, description="工作日数；默认本环节规定")


class NoticeUpdateIn(Schema):
    title: str | None = None
    text: str | None = None
    issuer: str | None = None
    phone: str | None = None
    address: str | None = None
    mailbox: str | None = None
    contact: str | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    working_days: int | None = None
    exceptional: dict[int, str] = Field({}, description="{公示人选编号: 特殊情况说明}")
    remove: list[int] = Field([], description="从草稿中移除的公示人选编号")
    regenerate: bool = Field(False, description="按各项内容重新生成正文")


class ObjectionOut(Schema):
    id: int
    receipt: str
    notice_id: int
    campaign_id: int
    entry_id: int | None
    person: str = Field(description="反映对象姓名；“其他”为空")
    channel: str
    anonymous: bool
    name: str
    contact: str
    text: str
    lodged_at: dt.datetime
    status: str = Field(description="received / assigned / investigating / concluded")
    status_label: str
    assignee: str | None
    investigation: str
    finding: str = Field(description="空 / verified / not_verified / out_of_scope")
    reply: str
    concluded_at: dt.datetime | None
    attachments: list[dict[str, Any]]


class RegisterIn(Schema):
    channel: str = Field(description="phone（来电）/ letter（来信）/ visit（来访）/ email（电子邮件）")
    text: str
    anonymous: bool = True
    name: str = ""
    contact: str = ""
    entry_id: int | None = Field(None, description="反映对象（公示人选编号）；“其他”为 null")
    received: dt.date | None = Field(None, description="收到日期；默认今天")


class AssignIn(Schema):
    assignee_id: int


class InvestigateIn(Schema):
    notes: str


class ConcludeIn(Schema):
    finding: str = Field(description="verified（属实）/ not_verified（不属实）/ out_of_scope（不属于受理范围）")
    reply: str
    entry_id: int | None = Field(None, description="反映“其他”的，办结时可确定为某一公示人选")


# --- helpers ---------------------------------------------------------------------------------------

def _entry_out(e: NoticeEntry) -> dict[str, Any]:
    return {"id": e.pk, "application_id": e.application_id, "details": e.details, "exceptional": e.exceptional,
            "outcome": e.outcome, "outcome_label": str(e.get_outcome_display())}


def notice_out(n: Notice) -> dict[str, Any]:
    return {
        "id": n.pk, "campaign_id": n.campaign_id, "stage_id": n.stage_id, "title": n.title, "status": n.status,
        "status_label": str(n.get_status_display()), "issuer": n.issuer, "phone": n.phone, "address": n.address,
        "mailbox": n.mailbox, "contact": n.contact, "starts": n.starts, "ends": n.ends,
        "working_days": n.working_days, "text": n.text, "published_at": n.published_at, "ended_at": n.ended_at,
        "entries": [_entry_out(e) for e in n.entries.order_by("order", "id")],
        "open_objections": list(n.objections.exclude(status=Objection.Status.CONCLUDED).order_by("lodged_at", "id")
                                .values_list("receipt", flat=True)),
    }


def objection_out(o: Objection) -> dict[str, Any]:
    return {
        "id": o.pk, "receipt": o.receipt, "notice_id": o.notice_id, "campaign_id": o.notice.campaign_id,
        "entry_id": o.entry_id, "person": o.entry.details.get("name", "") if o.entry else "", "channel": o.channel,
        "anonymous": o.anonymous, "name": o.name, "contact": o.contact, "text": o.text, "lodged_at": o.lodged_at,
        "status": o.status, "status_label": str(o.get_status_display()),
        "assignee": o.assignee.get_username() if o.assignee else None, "investigation": o.investigation,
        "finding": o.finding, "reply": o.reply, "concluded_at": o.concluded_at,
        "attachments": [{"id": a.pk, "title": a.title, "sha256": a.sha256, "size": a.size,
                         "content_type": a.content_type} for a in o.attachments.all()],
    }


def _stage(campaign_id: int) -> Stage:
    stage: Stage = get_object_or_404(Stage.objects.select_related("campaign"), campaign_id=campaign_id,
                                     kind=StageKind.NOTICE)
    return stage


def _notice(notice_id: int) -> Notice:
    notice: Notice = get_object_or_404(Notice.objects.select_related("campaign", "stage"), pk=notice_id)
    return notice


def _objection(objection_id: int) -> Objection:
    o: Objection = get_object_or_404(Objection.objects.select_related("notice__campaign", "entry", "assignee"),
                                     pk=objection_id)
    return o


def _year_out(year: int) -> dict[str, Any]:
    data = all_years()[year]
    holidays = [{"name": n, "first": f, "last": la, "workdays": [w for w in ws.split("、") if w]}
                for n, f, la, ws in year_rows(data)]
    return {"year": year, "entered": CalendarYear.objects.filter(year=year).exists(), "shipped": year in SHIPPED_YEARS,
            "source": data.source, "holidays": holidays}


# --- the calendar ----------------------------------------------------------------------------------

@router.get("/calendar", response={200: list[YearOut], 400: ErrorOut}, summary="工作日历：已知的各年度（内置和录入）")
@refusals
def calendar_years(request: HttpRequest) -> Status[list[dict[str, Any]]]:
    require(request.user, "notices.view")
    try:
        years = sorted(all_years())
    except RuleError as exc:
        raise refuse("notices.calendar.broken", "{reason}", "{reason}", reason=str(exc)) from None
    return Status(200, [_year_out(y) for y in years])


@router.get("/calendar/period", response={200: PeriodOut, 400: ErrorOut},
            summary="按工作日历计算公示期（发布当日不计入）；给出截止日时检查其是否符合要求")
@refusals
def calendar_period(request: HttpRequest, start: dt.date, working_days: int = 5,
                    end: dt.date | None = None) -> Status[dict[str, Any]]:
    require(request.user, "notices.view")
    cal = calendar_or_refuse()
    try:
        period = cal.notice_period(start, working_days)
        problems = [str(p) for p in cal.validate_notice(start, end, working_days)] if end else []
    except RuleError as exc:
        raise refuse("notices.calendar.period", "{reason}", "{reason}", reason=str(exc)) from None
    return Status(200, {"start": start, "end": period.end, "working_days": working_days,
                        "explanation": [str(m) for m in period.explain()], "problems": problems})


@router.get("/calendar/{int:year}", response={200: YearOut, 400: ErrorOut, 404: ErrorOut},
            summary="一个年度的节假日安排")
@refusals
def calendar_year(request: HttpRequest, year: int) -> Status[dict[str, Any]]:
    require(request.user, "notices.view")
    try:
        years = all_years()
    except RuleError as exc:
        raise refuse("notices.calendar.broken", "{reason}", "{reason}", reason=str(exc)) from None
    if year not in years:
        return Status(404, {"detail": f"{year}年的节假日安排尚未录入", "detail_en": f"no arrangements for {year}",
                            "code": "calendar.year_unknown"})
    return Status(200, _year_out(year))


@router.put("/calendar/{int:year}", response={200: YearOut, 400: RejectedOut | ErrorOut},
            summary="录入或更正一个年度的节假日安排（全部正确才保存；替代内置数据）")
def calendar_save(request: HttpRequest, year: int, payload: YearIn) -> Status[dict[str, Any]]:
    require(request.user, "notices.manage")
    try:
        data = parse_holidays(year, [h.dict() for h in payload.holidays], source=payload.source)
    except ImportRejected as exc:
        return Status(400, exc.as_dict())
    return _save(request, data, year)


@refusals
def _save(request: HttpRequest, data: Any, year: int) -> Status[dict[str, Any]]:
    actions.calendar_year_save(actor=request.user, now=clock.now(), data=data)
    return Status(200, _year_out(year))


@router.delete("/calendar/{int:year}", response={204: None, 400: ErrorOut},
               summary="删除录入的年度（内置的年度恢复内置数据）")
@refusals
def calendar_delete(request: HttpRequest, year: int) -> Status[None]:
    require(request.user, "notices.manage")
    actions.calendar_year_delete(actor=request.user, now=clock.now(), year=year)
    return Status(204, None)


# --- the stage and its notices ---------------------------------------------------------------------

@router.get("/campaigns/{int:campaign_id}", response=StageOut,
            summary="竞聘批次的任前公示环节：规则、封存前须完成的事项、各公示")
def stage_detail(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "notices.view")
    stage = _stage(campaign_id)
    return {"stage_id": stage.pk, "status": stage.status, "settings": notice_settings(stage).as_dict(),
            "blockers": notice_blockers(stage, clock.now()) if stage.status == Stage.Status.OPEN else [],
            "notices": [notice_out(n) for n in Notice.objects.filter(stage=stage).order_by("starts", "id")]}


@router.put("/campaigns/{int:campaign_id}/settings", response={200: SettingsOut, 400: ErrorOut},
            summary="公示规则：工作日数（不少于5）、发布单位、受理电话、通信地址、电子邮箱（封存前）")
@refusals
def stage_settings(request: HttpRequest, campaign_id: int, payload: SettingsIn) -> Status[dict[str, Any]]:
    require(request.user, "notices.manage")
    stage = actions.notice_settings_set(actor=request.user, now=clock.now(), stage=_stage(campaign_id),
                                        **payload.dict())
    return Status(200, notice_settings(stage).as_dict())


@router.post("/campaigns/{int:campaign_id}/notices", response={201: NoticeOut, 400: ErrorOut},
             summary="生成公示草稿（党组（党委）讨论决定通过、尚未公示的人选；按工作日历计算公示期）")
@refusals
def notice_generate(request: HttpRequest, campaign_id: int, payload: GenerateIn) -> Status[dict[str, Any]]:
    require(request.user, "notices.manage")
    notice = actions.notice_generate(actor=request.user, now=clock.now(), stage=_stage(campaign_id),
                                     starts=payload.starts, working_days=payload.working_days)
    return Status(201, notice_out(notice))


@router.get("/{int:notice_id}", response=NoticeOut, summary="一份公示")
def notice_detail(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    require(request.user, "notices.view")
    return notice_out(_notice(notice_id))


@router.patch("/{int:notice_id}", response={200: NoticeOut, 400: ErrorOut},
              summary="修改公示草稿（公示期按工作日历检查；正文须写明公示期）")
@refusals
def notice_update(request: HttpRequest, notice_id: int, payload: NoticeUpdateIn) -> Status[dict[str, Any]]:
    require(request.user, "notices.manage")
    data = payload.dict()
    notice = actions.notice_update(actor=request.user, now=clock.now(), notice=_notice(notice_id), **data)
    return Status(200, notice_out(notice))


@router.delete("/{int:notice_id}", response={204: None, 400: ErrorOut}, summary="删除公示草稿")
@refusals
def notice_delete(request: HttpRequest, notice_id: int) -> Status[None]:
    require(request.user, "notices.manage")
    actions.notice_delete(actor=request.user, now=clock.now(), notice=_notice(notice_id))
    return Status(204, None)


@router.post("/{int:notice_id}/publish", response={200: NoticeOut, 400: ErrorOut},
             summary="发布公示（固定公示内容；公示期内公众可网上反映）")
@refusals
def notice_publish(request: HttpRequest, notice_id: int) -> Status[dict[str, Any]]:
    require(request.user, "notices.manage")
    notice = actions.notice_publish(actor=request.user, now=clock.now(), notice=_notice(notice_id))
    return Status(200, notice_out(notice))


@router.post("/{int:notice_id}/end", response={200: NoticeOut, 400: ErrorOut},
             summary="结束公示（公示期满后；无未办结、无属实反映的人选为公示无异议）")
@refusals
def notice_end(request: HttpRequest, notice_id: int) -> Status[dict[str, Any]]:
    require(request.user, "notices.manage")
    return Status(200, notice_out(actions.notice_end(actor=request.user, now=clock.now(), notice=_notice(notice_id))))


# --- objections ------------------------------------------------------------------------------------

@router.get("/objections", response=list[ObjectionOut],
            summary="反映问题（status: open 未办结 / concluded 已办结 / all）")
def objection_list(request: HttpRequest, status: str = "open", campaign_id: int | None = None) -> list[dict[str, Any]]:
    require(request.user, "objections.view")
    rows = Objection.objects.select_related("notice__campaign", "entry", "assignee").order_by("lodged_at", "id")
    if status == "open":
        rows = rows.exclude(status=Objection.Status.CONCLUDED)
    elif status == "concluded":
        rows = rows.filter(status=Objection.Status.CONCLUDED)
    if campaign_id is not None:
        rows = rows.filter(notice__campaign_id=campaign_id)
    return [objection_out(o) for o in rows[:1000]]


@router.get("/objections/{int:objection_id}", response=ObjectionOut, summary="一件反映问题（含反映人、内容和附件清单）")
def objection_detail(request: HttpRequest, objection_id: int) -> dict[str, Any]:
    require(request.user, "objections.view")
    return objection_out(_objection(objection_id))


@router.post("/{int:notice_id}/objections", response={201: ObjectionOut, 400: ErrorOut},
             summary="登记来电、来信、来访或电子邮件反映的问题（公示期内）")
@refusals
def objection_register(request: HttpRequest, notice_id: int, payload: RegisterIn) -> Status[dict[str, Any]]:
    require(request.user, "objections.handle")
    o = actions.objection_register(actor=request.user, now=clock.now(), notice=_notice(notice_id),
                                   channel=payload.channel, text=payload.text, anonymous=payload.anonymous,
                                   name=payload.name, contact=payload.contact, entry=payload.entry_id,
                                   received=payload.received)
    return Status(201, objection_out(o))


@router.post("/objections/{int:objection_id}/assign", response={200: ObjectionOut, 400: ErrorOut},
             summary="交办（承办人须有权办理反映问题）")
@refusals
def objection_assign(request: HttpRequest, objection_id: int, payload: AssignIn) -> Status[dict[str, Any]]:
    require(request.user, "objections.handle")
    user = get_user_model().objects.filter(pk=payload.assignee_id).first()
    o = actions.objection_assign(actor=request.user, now=clock.now(), objection=_objection(objection_id), assignee=user)
    return Status(200, objection_out(o))


@router.post("/objections/{int:objection_id}/investigate", response={200: ObjectionOut, 400: ErrorOut},
             summary="记录调查核实情况（追加）")
@refusals
def objection_investigate(request: HttpRequest, objection_id: int, payload: InvestigateIn) -> Status[dict[str, Any]]:
    require(request.user, "objections.handle")
    o = actions.objection_investigate(actor=request.user, now=clock.now(), objection=_objection(objection_id),
                                      notes=payload.notes)
    return Status(200, objection_out(o))


@router.post("/objections/{int:objection_id}/conclude", response={200: ObjectionOut, 400: ErrorOut},
             summary="办结：核实结论和答复意见（属实的，该人选终止任用）")
@refusals
def objection_conclude(request: HttpRequest, objection_id: int, payload: ConcludeIn) -> Status[dict[str, Any]]:
    require(request.user, "objections.handle")
    o = actions.objection_conclude(actor=request.user, now=clock.now(), objection=_objection(objection_id),
                                   finding=payload.finding, reply=payload.reply, entry=payload.entry_id)
    return Status(200, objection_out(o))
