"""JSON API of the appointments area (mounted at /api/appointments): the same actions as the pages, the same
capabilities (reading ``appointments.view`` / ``pool.view``; acting ``appointments.manage`` / ``pool.manage``).

A refused action is a 400 ``{"detail", "detail_en", "code"}`` (:func:`xuanren.campaigns.api.common.refusals`)
and nothing is written. Documents download as .docx or PDF (``format``).

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from xuanren.accounts.access import require
from xuanren.appointments import actions, documents, selectors
from xuanren.appointments.models import Appointment, PoolEntry, ProbationReview, Vacancy
from xuanren.appointments.views import document_response
from xuanren.campaigns.api.common import ErrorOut, post_of, refusals
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Application, Campaign, Stage, StageKind

router = Router(tags=["appointments"])

DOCUMENT_TYPES: dict[str, dict[str, Any]] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}, "application/pdf": {}}


def _stage(campaign_id: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), campaign_id=campaign_id,
                             kind=StageKind.APPOINTMENT)


# --------------------------------------------------------------------------------------------- schemas

class TemplateOut(Schema):
    kind: str
    label: str
    title: str
    body: str
    issuer: str = Field(description="发文机关；空表示竞聘批次所属单位")
    saved: bool = Field(description="false：尚未修改，为默认模板")
    placeholders: dict[str, str] = Field(description="可用的占位符及其含义")


class TemplateIn(Schema):
    title: str
    body: str = Field(description="正文，每行一段；首行以“：”结尾的为主送机关；占位符写作 {name}")
    issuer: str = ""


class SettingsIO(Schema):
    term_years: int | None = Field(None, description="任期（年），默认2")
    probation_months: int | None = Field(None, description="试用期（月），0为不设，默认12")
    pool_months: int | None = Field(None, description="后备干部有效期（月），默认12")


class VacancyOut(Schema):
    id: int
    post_id: int
    post_code: str
    post_title: str
    campaign_id: int
    campaign: str
    reason: str
    reason_label: str
    detail: str
    created: dt.datetime
    state: str = Field(description="open：空缺；filled：已从后备干部中任用；reopened：已列入以后的批次重新竞聘")
    filled_by_id: int | None
    reopened_in_id: int | None


class CandidateOut(Schema):
    application_id: int
    name: str
    score: str
    note: str
    state: str = Field(description="appointed / elsewhere（已任本批次其他职位）/ stopped（公示终止）/ "
                                   "objection（反映问题未办结）/ waiting（待任职）/ full（职数已满）")
    appointment_id: int | None
    receipts: list[str] = Field(description="尚未办结的反映问题的受理编号")


class PostRowOut(Schema):
    post_id: int
    code: str
    title: str
    slots: int
    remaining: int = Field(description="尚未任职也未宣布空缺的职数")
    stop: str | None = Field(description="本职位没有拟任人选的原因")
    stop_kind: str | None
    candidates: list[CandidateOut]
    appointment_ids: list[int]
    vacancies: list[VacancyOut]


class OverviewOut(Schema):
    campaign_id: int
    stage_status: str
    settings: SettingsIO
    blockers: list[str] = Field(description="封存前尚待完成的事项")
    posts: list[PostRowOut]


class AppointIn(Schema):
    application_id: int
    document_number: str = Field(description="任职文件文号，如“×组干〔2027〕1号”")
    document_date: dt.date
    effective: dt.date = Field(description="任职时间")
    term_years: int | None = Field(None, description="任期（年）；不填用任职环节的设置")
    probation_months: int | None = Field(None, description="试用期（月），0为不设；不填用任职环节的设置")


class AppointmentOut(Schema):
    id: int
    person_id: int
    person: str
    post_id: int
    post_code: str
    post_title: str
    campaign_id: int
    application_id: int | None
    pool_entry_id: int | None
    document_number: str
    document_date: dt.date
    effective: dt.date
    term_years: int
    term_end: dt.date
    probation_months: int
    probation_end: dt.date | None
    status: str
    status_label: str
    previous: dict[str, Any] = Field(description="任职前干部名册中的职务、职务层次、部门（试用不合格时据此恢复）")
    basis: dict[str, Any] = Field(description="任用依据：竞聘结果，或从后备干部中任用时的原竞聘成绩")
    text: str = Field(description="任职文件全文（每行一段）")


class VacantIn(Schema):
    post_id: int
    reason: str = Field(description="threshold / too_few / committee / notice / other")
    detail: str = Field(description="具体说明（必填）")


class ReviewIn(Schema):
    outcome: Literal["confirmed", "extended", "revoked"]
    reason: str = Field(description="考核意见（必填）")
    decided_on: dt.date
    document_number: str = ""
    extended_until: dt.date | None = Field(None, description="延长试用期至（延长时必填，最多为原试用期满后6个月）")


class ReviewOut(Schema):
    id: int
    appointment_id: int
    outcome: str
    outcome_label: str
    extended_until: dt.date | None
    reason: str
    decided_on: dt.date
    document_number: str
    text: str


class PoolEntryOut(Schema):
    id: int
    person_id: int
    person: str
    campaign_id: int
    campaign: str
    post_code: str
    post_title: str
    level: str
    scores: dict[str, Any]
    entered_on: dt.date
    expires_on: dt.date
    expired: bool = Field(description="今天已超过有效期（不能任用）")
    status: str
    status_label: str
    note: str
    withdrawn_reason: str


class WithdrawIn(Schema):
    reason: str


class PoolCandidateOut(Schema):
    rank: int | None = Field(description="可任用者的排序（同职务层次优先、再按成绩）；不可任用为 null")
    same_level: bool
    qualified: bool
    reasons: list[str] = Field(description="不能任用的原因（过期、已移出、不符合资格条件……）")
    entry: PoolEntryOut


class PoolAppointIn(Schema):
    entry_id: int
    document_number: str
    document_date: dt.date
    effective: dt.date
    term_years: int | None = None
    probation_months: int | None = None


class ReopenIn(Schema):
    campaign_id: int = Field(description="重新竞聘的批次（须为草稿）")


class PostOut(Schema):
    id: int
    campaign_id: int
    code: str
    title: str
    slots: int


# --------------------------------------------------------------------------------------------- converters

def vacancy_out(v: Vacancy) -> dict[str, Any]:
    return {"id": v.pk, "post_id": v.post_id, "post_code": v.post.code, "post_title": v.post.title,
            "campaign_id": v.post.campaign_id, "campaign": v.post.campaign.name, "reason": v.reason,
            "reason_label": str(v.get_reason_display()), "detail": v.detail, "created": v.created,
            "state": selectors.vacancy_state(v), "filled_by_id": v.filled_by_id, "reopened_in_id": v.reopened_in_id}


def appointment_out(a: Appointment) -> dict[str, Any]:
    return {"id": a.pk, "person_id": a.person_id, "person": a.person.name, "post_id": a.post_id,
            "post_code": a.post.code, "post_title": a.post.title, "campaign_id": a.post.campaign_id,
            "application_id": a.application_id, "pool_entry_id": a.pool_entry_id,
            "document_number": a.document_number, "document_date": a.document_date, "effective": a.effective,
            "term_years": a.term_years, "term_end": a.term_end, "probation_months": a.probation_months,
            "probation_end": a.probation_end, "status": a.status, "status_label": str(a.get_status_display()),
            "previous": a.previous, "basis": a.basis, "text": a.text}


def review_out(r: ProbationReview) -> dict[str, Any]:
    return {"id": r.pk, "appointment_id": r.appointment_id, "outcome": r.outcome,
            "outcome_label": str(r.get_outcome_display()), "extended_until": r.extended_until, "reason": r.reason,
            "decided_on": r.decided_on, "document_number": r.document_number, "text": r.text}


def entry_out(e: PoolEntry, on: dt.date) -> dict[str, Any]:
    return {"id": e.pk, "person_id": e.person_id, "person": e.person.name, "campaign_id": e.campaign_id,
            "campaign": e.campaign.name, "post_code": e.application.post.code, "post_title": e.application.post.title,
            "level": e.level, "scores": e.scores, "entered_on": e.entered_on, "expires_on": e.expires_on,
            "expired": selectors.is_expired(e, on), "status": e.status, "status_label": str(e.get_status_display()),
            "note": e.note, "withdrawn_reason": e.withdrawn_reason}


def _appointment(pk: int) -> Appointment:
    return get_object_or_404(Appointment.objects.select_related("person", "post", "post__campaign"), pk=pk)


def _vacancy(pk: int) -> Vacancy:
    return get_object_or_404(Vacancy.objects.select_related("post", "post__campaign"), pk=pk)


def _download(doc: documents.OfficialDocument, fmt: str, name: str, fallback: str) -> HttpResponse:
    return document_response(doc, fmt, name, fallback)


# --------------------------------------------------------------------------------------------- templates

@router.get("/templates", response=list[TemplateOut], summary="公文模板（任职通知、试用期满考核决定）及可用的占位符")
def template_list(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "appointments.view")
    return [{"kind": t.kind, "label": t.label, "title": t.title, "body": t.body, "issuer": t.issuer,
             "saved": t.saved is not None, "placeholders": documents.FIELDS[t.kind]} for t in selectors.templates()]


@router.put("/templates/{kind}", response={200: TemplateOut, 400: ErrorOut},
            summary="修改公文模板（appointment 或 probation）；未知的占位符被拒绝并指出")
@refusals
def template_save(request: HttpRequest, kind: str, payload: TemplateIn) -> Status[dict[str, Any]]:
    require(request.user, "appointments.manage")
    actions.template_save(actor=request.user, kind=kind, title=payload.title, body=payload.body,
                          issuer=payload.issuer)
    t = selectors.template_for(kind)
    return Status(200, {"kind": t.kind, "label": t.label, "title": t.title, "body": t.body, "issuer": t.issuer,
                        "saved": True, "placeholders": documents.FIELDS[kind]})


# --------------------------------------------------------------------------------------------- the stage

def _overview(stage: Stage) -> dict[str, Any]:
    rows = selectors.overview(stage.campaign) if stage.status != Stage.Status.PENDING else []
    posts = []
    for row in rows:
        candidates = []
        for c in row.candidates:
            state = ("appointed" if c.appointment else "elsewhere" if c.elsewhere else "stopped" if c.stopped
                     else "objection" if c.objections else "waiting" if row.remaining else "full")
            candidates.append({"application_id": c.application.pk, "name": c.application.person.name,
                               "score": c.finalist.score, "note": c.finalist.note, "state": state,
                               "appointment_id": c.appointment.pk if c.appointment else None,
                               "receipts": [o.receipt for o in c.objections]})
        posts.append({"post_id": row.post.pk, "code": row.post.code, "title": row.post.title,
                      "slots": row.post.slots, "remaining": row.remaining,
                      "stop": row.stop.reason if row.stop else None, "stop_kind": row.stop.kind if row.stop else None,
                      "candidates": candidates, "appointment_ids": [a.pk for a in row.appointments],
                      "vacancies": [vacancy_out(v) for v in row.vacancies]})
    return {"campaign_id": stage.campaign_id, "stage_status": stage.status,
            "settings": selectors.stage_settings(stage),
            "blockers": selectors.blockers(stage.campaign) if stage.status == Stage.Status.OPEN else [],
            "posts": posts}


@router.get("/campaigns/{int:campaign_id}/overview", response=OverviewOut,
            summary="任职环节：每个职位的拟任人选及其状态、已任职、空缺，以及封存前尚待完成的事项")
def overview(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "appointments.view")
    return _overview(_stage(campaign_id))


@router.put("/campaigns/{int:campaign_id}/settings", response={200: SettingsIO, 400: ErrorOut},
            summary="任职环节的设置：任期、试用期、后备干部有效期（封存前）")
@refusals
def settings_set(request: HttpRequest, campaign_id: int, payload: SettingsIO) -> Status[dict[str, Any]]:
    require(request.user, "appointments.manage")
    stage = actions.settings_set(actor=request.user, stage=_stage(campaign_id), term_years=payload.term_years,
                                 probation_months=payload.probation_months, pool_months=payload.pool_months)
    return Status(200, selectors.stage_settings(stage))


@router.post("/campaigns/{int:campaign_id}/appoint", response={201: AppointmentOut, 400: ErrorOut},
             summary="任职：拟任人选、文号、发文日期、任职时间、任期、试用期；同时更新干部名册")
@refusals
def appoint(request: HttpRequest, campaign_id: int, payload: AppointIn) -> Status[dict[str, Any]]:
    require(request.user, "appointments.manage")
    stage = _stage(campaign_id)
    app = Application.objects.filter(campaign_id=campaign_id, pk=payload.application_id).first()
    if app is None:
        raise refuse("appointments.api.unknown_application", "本批次没有编号为{pk}的报名",
                     "the campaign has no application {pk}", pk=payload.application_id)
    a = actions.appoint(actor=request.user, stage=stage, application=app, document_number=payload.document_number,
                        document_date=payload.document_date, effective=payload.effective,
                        term_years=payload.term_years, probation_months=payload.probation_months)
    return Status(201, appointment_out(a))


@router.post("/campaigns/{int:campaign_id}/vacancies", response={201: list[VacancyOut], 400: ErrorOut},
             summary="宣布职位剩余职数空缺（写明原因和说明）")
@refusals
def declare_vacant(request: HttpRequest, campaign_id: int, payload: VacantIn) -> Status[list[dict[str, Any]]]:
    require(request.user, "appointments.manage")
    stage = _stage(campaign_id)
    post = post_of(stage.campaign, payload.post_id)
    made = actions.vacancy_declare(actor=request.user, stage=stage, post=post, reason=payload.reason,
                                   detail=payload.detail)
    return Status(201, [vacancy_out(v) for v in made])


# --------------------------------------------------------------------------------------------- appointments

@router.get("", response=list[AppointmentOut], summary="任职记录（可按竞聘批次筛选）")
def appointment_list(request: HttpRequest, campaign_id: int | None = None) -> list[dict[str, Any]]:
    require(request.user, "appointments.view")
    campaign = get_object_or_404(Campaign, pk=campaign_id) if campaign_id else None
    return [appointment_out(a) for a in selectors.appointments(campaign=campaign)]


@router.get("/probation", response=list[AppointmentOut], summary="试用期在若干天内届满（或已届满待考核）的任职")
def probation_due(request: HttpRequest, days: int = selectors.REMINDER_DAYS) -> list[dict[str, Any]]:
    require(request.user, "appointments.view")
    return [appointment_out(a) for a in selectors.probation_due(timezone.localdate(), max(0, min(days, 3660)))]


@router.get("/{int:appointment_id}", response=AppointmentOut, summary="一项任职")
def appointment_detail(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    require(request.user, "appointments.view")
    return appointment_out(_appointment(appointment_id))


@router.get("/{int:appointment_id}/document", summary="任职文件（format=docx 或 pdf）",
            openapi_extra={"responses": {200: {"content": DOCUMENT_TYPES}}})
def appointment_document(request: HttpRequest, appointment_id: int,
                         format: Literal["docx", "pdf"] = "docx") -> HttpResponse:
    require(request.user, "appointments.view")
    a = _appointment(appointment_id)
    doc = documents.from_text(a.text)
    return _download(doc, format, doc.title or "任职通知", f"appointment-{a.pk}")


@router.post("/{int:appointment_id}/review", response={201: ReviewOut, 400: ErrorOut},
             summary="试用期满考核：合格（正式任职）、延长试用期、不合格（免去试任职务，恢复原职务，职位空缺）")
@refusals
def review(request: HttpRequest, appointment_id: int, payload: ReviewIn) -> Status[dict[str, Any]]:
    require(request.user, "appointments.manage")
    r = actions.probation_review(actor=request.user, appointment=_appointment(appointment_id),
                                 outcome=payload.outcome, reason=payload.reason, decided_on=payload.decided_on,
                                 document_number=payload.document_number, extended_until=payload.extended_until)
    return Status(201, review_out(r))


@router.get("/reviews/{int:review_id}/document", summary="试用期满考核决定（format=docx 或 pdf）",
            openapi_extra={"responses": {200: {"content": DOCUMENT_TYPES}}})
def review_document(request: HttpRequest, review_id: int, format: Literal["docx", "pdf"] = "docx") -> HttpResponse:
    require(request.user, "appointments.view")
    r = get_object_or_404(ProbationReview, pk=review_id)
    doc = documents.from_text(r.text)
    return _download(doc, format, doc.title or "试用期满考核决定", f"probation-{r.pk}")


# --------------------------------------------------------------------------------------------- the pool

@router.get("/pool", response=list[PoolEntryOut], summary="后备干部库（all=true 含已任用、已移出的）")
def pool_list(request: HttpRequest, all: bool = False) -> list[dict[str, Any]]:
    require(request.user, "pool.view")
    today = timezone.localdate()
    return [entry_out(e, today) for e in selectors.pool_entries(today, include_inactive=all)]


@router.post("/pool/{int:entry_id}/withdraw", response={200: PoolEntryOut, 400: ErrorOut},
             summary="将人选移出后备干部库（写明原因）")
@refusals
def pool_withdraw(request: HttpRequest, entry_id: int, payload: WithdrawIn) -> Status[dict[str, Any]]:
    require(request.user, "pool.manage")
    entry = get_object_or_404(PoolEntry, pk=entry_id)
    done = actions.pool_withdraw(actor=request.user, entry=entry, reason=payload.reason)
    done = PoolEntry.objects.select_related("person", "campaign", "application__post").get(pk=done.pk)
    return Status(200, entry_out(done, timezone.localdate()))


# --------------------------------------------------------------------------------------------- vacancies

@router.get("/vacancies", response=list[VacancyOut], summary="空缺职位（state=open、filled、reopened 或 all）")
def vacancy_list(request: HttpRequest, state: str = "open") -> list[dict[str, Any]]:
    require(request.user, "appointments.view")
    return [vacancy_out(v) for v in selectors.vacancies(state=state)]


@router.get("/vacancies/{int:vacancy_id}/candidates", response=list[PoolCandidateOut],
            summary="空缺职位可任用的后备干部人选（同职务层次优先、再按成绩；不可任用的说明原因）")
def vacancy_candidates(request: HttpRequest, vacancy_id: int) -> list[dict[str, Any]]:
    require(request.user, "pool.view")
    today = timezone.localdate()
    out = []
    rank = 0
    for c in selectors.pool_candidates(_vacancy(vacancy_id), today):
        rank += 1 if c.qualified else 0
        out.append({"rank": rank if c.qualified else None, "same_level": c.same_level, "qualified": c.qualified,
                    "reasons": c.reasons, "entry": entry_out(c.entry, today)})
    return out


@router.post("/vacancies/{int:vacancy_id}/appoint", response={201: AppointmentOut, 400: ErrorOut},
             summary="从后备干部中任用空缺职位（引用原竞聘成绩；过期或已移出的人选被拒绝）")
@refusals
def pool_appoint(request: HttpRequest, vacancy_id: int, payload: PoolAppointIn) -> Status[dict[str, Any]]:
    require(request.user, "pool.manage")
    vacancy = _vacancy(vacancy_id)
    entry = PoolEntry.objects.filter(pk=payload.entry_id).first()
    if entry is None:
        raise refuse("appointments.api.unknown_entry", "后备干部库中没有编号为{pk}的人选",
                     "the pool has no entry {pk}", pk=payload.entry_id)
    a = actions.pool_appoint(actor=request.user, vacancy=vacancy, entry=entry,
                             document_number=payload.document_number, document_date=payload.document_date,
                             effective=payload.effective, term_years=payload.term_years,
                             probation_months=payload.probation_months)
    return Status(201, appointment_out(a))


@router.post("/vacancies/{int:vacancy_id}/reopen", response={201: PostOut, 400: ErrorOut},
             summary="将空缺职位列入以后的竞聘批次（草稿）重新竞聘")
@refusals
def vacancy_reopen(request: HttpRequest, vacancy_id: int, payload: ReopenIn) -> Status[dict[str, Any]]:
    require(request.user, "appointments.manage")
    campaign = Campaign.objects.filter(pk=payload.campaign_id).first()
    if campaign is None:
        raise refuse("appointments.api.unknown_campaign", "没有编号为{pk}的竞聘批次", "there is no campaign {pk}",
                     pk=payload.campaign_id)
    post = actions.vacancy_reopen(actor=request.user, vacancy=_vacancy(vacancy_id), campaign=campaign)
    return Status(201, {"id": post.pk, "campaign_id": post.campaign_id, "code": post.code, "title": post.title,
                        "slots": post.slots})


@router.delete("/vacancies/{int:vacancy_id}", response={204: None, 400: ErrorOut},
               summary="撤销任职环节中宣布的空缺（仅任职环节进行中）")
@refusals
def vacancy_cancel(request: HttpRequest, vacancy_id: int) -> Status[None]:
    require(request.user, "appointments.manage")
    actions.vacancy_cancel(actor=request.user, vacancy=_vacancy(vacancy_id))
    return Status(204, None)
