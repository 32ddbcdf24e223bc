"""Campaigns in the JSON API (/api/campaigns): the same actions as the pages, the same capabilities.

Each endpoint checks its capability (403 without it), calls one action or selector, and answers. A
refusal of an action (:class:`~xuanren.campaigns.errors.CampaignError`) is a 400 with
``{"detail": 中文, "detail_en": English, "code": "campaigns.…"}`` and nothing written; an import that
is refused is a 400 listing every problem, like the people register's.

Times: every instant is ISO 8601 with its offset, and is given back in the campaign's time zone
(``2026-12-01T17:00:00+08:00``). A time without an offset is refused (400, ``campaigns.api.naive_datetime``)
rather than guessed. Dates (reference date) are plain ISO dates.

Who lists what: ``GET /api/campaigns`` and a campaign's details are for those holding ``campaigns.view``
(drafts included). An applicant uses ``/open`` (campaigns taking applications, with their posts and an
advisory pre-check), ``/my/applications`` (their own, with the review's result and reasons once decided)
and ``/{id}/results`` (what public stages published, as on the public pages).

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from xuanren.accounts.access import require
from xuanren.campaigns import actions, importing, selectors
from xuanren.campaigns.actions._common import deadline_of, zone
from xuanren.campaigns.conditions import conditions_from_json
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Review, Stage, StageKind
from xuanren.campaigns.presets import TEMPLATES
from xuanren.campaigns.views import applicant
from xuanren.people.actions import ImportRejected, check_size
from xuanren.people.api import RejectedOut
from xuanren.people.models import Person, Unit

router = Router(tags=["campaigns"])

F = TypeVar("F", bound=Callable[..., Any])

AWARE = "ISO 8601，须带时区偏移，如 2026-12-01T17:00:00+08:00；不带偏移的时间将被拒绝（400）"


# --- errors ----------------------------------------------------------------------------------------

class ErrorOut(Schema):
    detail: str = Field(description="拒绝的原因（中文）")
    detail_en: str = Field(description="the reason (English)")
    code: str = Field(description="拒绝的代码，如 campaigns.applications.closed")


def _error(exc: CampaignError) -> dict[str, str]:
    return {"detail": str(exc), "detail_en": exc.message.text("en"), "code": exc.code}


def refusals(view: F) -> F:
    """A :class:`CampaignError` raised by the view (or the action it calls) becomes a 400 with the reason."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except CampaignError as exc:
            return Status(400, _error(exc))

    return wrapper  # type: ignore[return-value]


def _aware(value: dt.datetime | None, label: str) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        raise refuse("api.naive_datetime", "{label}须带时区偏移（如 +08:00）", "{label_en} needs a UTC offset "
                     "(e.g. +08:00)", label=label, label_en=label)
    return value


def _unit(pk: int, what: str = "单位") -> Unit:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise refuse("api.unknown_unit", "{what}（编号{pk}）不存在", "unit {pk} does not exist", what=what, pk=pk)
    return unit


def _post_of(campaign: Campaign, pk: int) -> Post:
    post = Post.objects.filter(campaign=campaign, pk=pk).first()
    if post is None:
        raise refuse("api.unknown_post", "本批次没有编号为{pk}的职位", "the campaign has no post {pk}", pk=pk)
    return post


def _stage(campaign_id: int, kind: str) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), campaign_id=campaign_id, kind=kind)


def _local(campaign: Campaign, value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(zone(campaign)) if value is not None else None


# --- schemas: conditions, stages, posts, campaigns -------------------------------------------------

class ConditionsIn(Schema):
    """A post's eligibility conditions; a field left out is not required (codes as in the people register)."""

    qualifying_levels: list[str] | None = Field(None, description="可报名的职务层次代码，如 division_deputy")
    qualifying_ranks: list[str] | None = Field(None, description="可报名的职级代码，如 researcher_4")
    min_years: int | None = Field(None, description="任现职务层次/职级满几年")
    min_age: int | None = None
    max_age: int | None = None
    min_education: str | None = Field(None, description="最低学历代码，如 bachelor")
    full_time_required: bool | None = None
    appraisal_years: int | None = Field(None, description="近几年年度考核")
    appraisal_min: str | None = Field(None, description="考核最低等次：excellent/competent/basic")
    appraisal_last_year: int | None = None
    no_discipline_in_force: bool | None = None
    party_member_required: bool | None = None
    probationary_counts: bool | None = None
    free_text: list[str] | None = Field(None, description="须人工审查的其他条件")

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ConditionsOut(Schema):
    qualifying_levels: list[str]
    qualifying_ranks: list[str]
    min_years: int | None
    min_age: int | None
    max_age: int | None
    min_education: str | None
    full_time_required: bool
    appraisal_years: int
    appraisal_min: str
    appraisal_last_year: int | None
    no_discipline_in_force: bool
    party_member_required: bool
    probationary_counts: bool
    free_text: list[str]


def _conditions_out(data: dict[str, Any]) -> dict[str, Any]:
    from xuanren.campaigns.documents.announcement import read_conditions

    try:
        c = conditions_from_json(data)
    except CampaignError:
        c = read_conditions(data)
    return {"qualifying_levels": sorted(c.qualifying_levels), "qualifying_ranks": sorted(c.qualifying_ranks),
            "min_years": c.min_years, "min_age": c.min_age, "max_age": c.max_age, "min_education": c.min_education,
            "full_time_required": c.full_time_required, "appraisal_years": c.appraisal_years,
            "appraisal_min": c.appraisal_min, "appraisal_last_year": c.appraisal_last_year,
            "no_discipline_in_force": c.no_discipline_in_force, "party_member_required": c.party_member_required,
            "probationary_counts": c.probationary_counts, "free_text": list(c.free_text)}


class StageIn(Schema):
    kind: str = Field(description="环节代码：" + "、".join(f"{k.value}（{k.label}）" for k in StageKind))
    weight: Decimal | None = Field(None, description="综合成绩权重（0–100，仅计分环节）")
    public: bool = True
    settings: dict[str, Any] = {}


class StageOut(Schema):
    id: int
    kind: str
    kind_label: str
    order: int
    weight: Decimal | None
    public: bool
    status: str
    status_label: str
    settings: dict[str, Any]
    opened_at: dt.datetime | None
    sealed_at: dt.datetime | None
    versions: int = Field(description="已公布的版本数（首次公布与各次更正）")


def _stage_out(s: Stage, campaign: Campaign, versions: int = 0) -> dict[str, Any]:
    return {"id": s.pk, "kind": s.kind, "kind_label": str(s.get_kind_display()), "order": s.order,
            "weight": s.weight, "public": s.public, "status": s.status, "status_label": str(s.get_status_display()),
            "settings": s.settings, "opened_at": _local(campaign, s.opened_at),
            "sealed_at": _local(campaign, s.sealed_at), "versions": versions}


class PostIn(Schema):
    code: str = Field(description="职位代码，本批次内唯一")
    department_id: int = Field(description="部门（单位）编号")
    title: str
    level: str = Field(description="职务层次或职级代码，如 section_deputy")
    slots: int = Field(description="职数")
    conditions: ConditionsIn | None = None
    duties: str = ""
    order: int | None = None


class PostPatch(Schema):
    code: str | None = None
    department_id: int | None = None
    title: str | None = None
    level: str | None = None
    slots: int | None = None
    conditions: ConditionsIn | None = None
    duties: str | None = None
    order: int | None = None


class PostOut(Schema):
    id: int
    code: str
    title: str
    department_id: int
    department: str
    level: str
    level_label: str
    slots: int
    conditions: ConditionsOut
    condition_words: list[str] = Field(description="资格条件（公告的表述）")
    duties: str
    status: str
    status_label: str
    merged_into_id: int | None
    apply_until: dt.datetime | None = Field(description="延长后的报名截止（未延长为 null）")
    deadline: dt.datetime | None = Field(description="本职位的报名截止")
    order: int


def _post_out(p: Post, campaign: Campaign) -> dict[str, Any]:
    from xuanren.campaigns.documents.announcement import condition_phrases, read_conditions, reference_date

    return {"id": p.pk, "code": p.code, "title": p.title, "department_id": p.department_id,
            "department": p.department.name, "level": p.level, "level_label": str(p.get_level_display()),
            "slots": p.slots, "conditions": _conditions_out(p.conditions),
            "condition_words": condition_phrases(read_conditions(p.conditions), reference=reference_date(campaign)),
            "duties": p.duties, "status": p.status, "status_label": str(p.get_status_display()),
            "merged_into_id": p.merged_into_id, "apply_until": _local(campaign, p.apply_until),
            "deadline": _local(campaign, deadline_of(p, campaign)), "order": p.order}


class CampaignIn(Schema):
    name: str
    unit_id: int = Field(description="组织选拔的单位编号")
    template: str | None = Field(None, description="模板代码：" + "、".join(f"{t.code}（{t.name}）"
                                                                         for t in TEMPLATES.values()))
    stages: list[StageIn] | None = Field(None, description="环节（给出则代替模板的环节）")
    method: str | None = Field(None, description="选拔方式代码（默认取模板的）")
    introduction: str = ""
    time_zone: str = "Asia/Shanghai"
    apply_from: dt.datetime | None = Field(None, description="报名开始，" + AWARE)
    apply_until: dt.datetime | None = Field(None, description="报名截止，" + AWARE)
    withdraw_until: dt.datetime | None = Field(None, description="撤回截止，" + AWARE)
    reference_date: dt.date | None = Field(None, description="资格计算基准日")
    posts_per_applicant: int = 2
    min_qualified: int = 2


class CampaignPatch(Schema):
    """Only the fields given change (a draft campaign only)."""

    name: str | None = None
    unit_id: int | None = None
    method: str | None = None
    introduction: str | None = None
    time_zone: str | None = None
    apply_from: dt.datetime | None = Field(None, description="报名开始，" + AWARE)
    apply_until: dt.datetime | None = Field(None, description="报名截止，" + AWARE)
    withdraw_until: dt.datetime | None = Field(None, description="撤回截止，" + AWARE)
    reference_date: dt.date | None = None
    posts_per_applicant: int | None = None
    min_qualified: int | None = None


class CampaignOut(Schema):
    id: int
    name: str
    unit_id: int
    unit: str
    method: str
    method_label: str
    status: str
    status_label: str
    template: str
    copied_from_id: int | None
    introduction: str
    time_zone: str
    apply_from: dt.datetime | None
    apply_until: dt.datetime | None
    withdraw_until: dt.datetime | None
    reference_date: dt.date | None
    posts_per_applicant: int
    min_qualified: int
    published_at: dt.datetime | None


class CampaignDetailOut(CampaignOut):
    stages: list[StageOut]
    posts: list[PostOut]


def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {"id": c.pk, "name": c.name, "unit_id": c.unit_id, "unit": c.unit.name, "method": c.method,
            "method_label": str(c.get_method_display()), "status": c.status,
            "status_label": str(c.get_status_display()), "template": c.template, "copied_from_id": c.copied_from_id,
            "introduction": c.introduction, "time_zone": c.time_zone, "apply_from": _local(c, c.apply_from),
            "apply_until": _local(c, c.apply_until), "withdraw_until": _local(c, c.withdraw_until),
            "reference_date": c.reference_date, "posts_per_applicant": c.posts_per_applicant,
            "min_qualified": c.min_qualified, "published_at": _local(c, c.published_at)}


def _campaign_detail(pk: int) -> dict[str, Any]:
    c = get_object_or_404(Campaign.objects.select_related("unit"), pk=pk)
    versions: dict[int, int] = {}
    for stage_id in Publication.objects.filter(stage__campaign=c).values_list("stage_id", flat=True):
        versions[stage_id] = versions.get(stage_id, 0) + 1
    return _campaign_out(c) | {
        "stages": [_stage_out(s, c, versions.get(s.pk, 0)) for s in c.stages.order_by("order")],
        "posts": [_post_out(p, c) for p in c.posts.select_related("department").order_by("order", "id")]}


class TemplateStageOut(Schema):
    kind: str
    kind_label: str
    weight: Decimal | None
    public: bool


class TemplateOut(Schema):
    code: str
    name: str
    method: str
    source: str
    stages: list[TemplateStageOut]


class CopyIn(Schema):
    name: str
    unit_id: int | None = Field(None, description="默认与原批次相同")


class WeightsIn(Schema):
    weights: dict[str, Decimal | None] = Field(description="环节代码 → 权重（0–100）或 null；合计100在发布时检查")


class ReasonIn(Schema):
    reason: str = Field(description="理由（必填）")


class ExtendIn(Schema):
    new_deadline: dt.datetime = Field(description="新的报名截止，" + AWARE)
    reason: str


class MergeIn(Schema):
    into_post_id: int = Field(description="并入的职位编号（同一批次）")
    reason: str


# --- schemas: applications, reviews, publications ---------------------------------------------------

class FindingOut(Schema):
    kind: str
    passed: bool | None = Field(description="true 符合，false 不符合，null 须人工判断")
    code: str
    zh: str
    en: str


class ReviewOut(Schema):
    decision: str
    decision_label: str
    auto_eligible: bool
    overridden: bool
    reason: str
    note: str
    findings: list[FindingOut]
    checked_on: dt.date
    reviewer: str
    decided_at: dt.datetime | None


def _review_out(r: Review, campaign: Campaign) -> dict[str, Any]:
    return {"decision": r.decision, "decision_label": str(r.get_decision_display()), "auto_eligible": r.auto_eligible,
            "overridden": r.overridden, "reason": r.reason, "note": r.note, "findings": r.findings,
            "checked_on": r.checked_on, "reviewer": r.reviewer.get_username() if r.reviewer else "",
            "decided_at": _local(campaign, r.decided_at)}


class ApplicationOut(Schema):
    id: int
    campaign_id: int
    post_id: int
    post_code: str
    post_title: str
    person_id: int
    person_name: str
    source: str
    source_label: str
    nominator_id: int | None
    nominator_name: str
    nominator_note: str
    preference: int | None
    status: str
    status_label: str
    submitted_at: dt.datetime
    withdrawn_at: dt.datetime | None
    review: ReviewOut | None


def _application_out(a: Application, *, with_review: bool = True) -> dict[str, Any]:
    c = a.campaign
    review = getattr(a, "review", None) if with_review and selectors._has_review(a) else None
    return {"id": a.pk, "campaign_id": a.campaign_id, "post_id": a.post_id, "post_code": a.post.code,
            "post_title": a.post.title, "person_id": a.person_id, "person_name": a.person.name, "source": a.source,
            "source_label": str(a.get_source_display()), "nominator_id": a.nominator_id,
            "nominator_name": a.nominator.name if a.nominator else "", "nominator_note": a.nominator_note,
            "preference": a.preference, "status": a.status, "status_label": str(a.get_status_display()),
            "submitted_at": _local(c, a.submitted_at), "withdrawn_at": _local(c, a.withdrawn_at),
            "review": _review_out(review, c) if review is not None else None}


def _fresh_application(pk: int) -> dict[str, Any]:
    a = Application.objects.select_related("campaign", "post", "person", "nominator", "review",
                                           "review__reviewer").get(pk=pk)
    return _application_out(a)


class EnterIn(Schema):
    id_number: str = Field(description="报名人的身份证号（须在干部名册中）")
    post_id: int
    source: str = Field("self", description="self 个人自荐（代录）、mass 群众推荐、organisation 组织推荐")
    nominator_id_number: str | None = Field(None, description="推荐人的身份证号（推荐时与推荐人说明二选一）")
    nominator_note: str = Field("", description="推荐人说明，如“局党组”")
    preference: int | None = Field(None, description="志愿顺序 1…N（可不填）")


class ApplyIn(Schema):
    post_id: int
    preference: int | None = Field(None, description="志愿顺序 1…N（可不填）")


class WithdrawIn(Schema):
    reason: str = ""


class ReviewRunIn(Schema):
    on: dt.date | None = Field(None, description="资格计算基准日（默认取批次的，否则为批次时区的今天）")


class ReviewRunOut(Schema):
    on: dt.date
    checked: int
    created: int
    updated: int
    eligible: int
    ineligible: int
    reverted: list[int] = Field(description="因自动结果变化而退回待审查的报名编号")


class DecideIn(Schema):
    decision: str = Field(description="eligible 合格 或 ineligible 不合格")
    reason: str = Field("", description="与自动审查结果不同时必填")


class ConfirmIn(Schema):
    post_id: int | None = Field(None, description="只确认此职位（默认全部）")


class ConfirmOut(Schema):
    confirmed: int


class CorrectionIn(Schema):
    application_id: int
    decision: str = Field(description="eligible 或 ineligible")


class CorrectIn(Schema):
    changes: list[CorrectionIn]
    reason: str = Field(description="更正理由（必填）")


class PublicationOut(Schema):
    stage: str
    stage_label: str
    version: int
    content: Any
    reason: str
    published_at: dt.datetime
    published_by: str


def _publication_out(p: Publication, campaign: Campaign) -> dict[str, Any]:
    return {"stage": p.stage.kind, "stage_label": str(p.stage.get_kind_display()), "version": p.version,
            "content": p.content, "reason": p.reason, "published_at": _local(campaign, p.published_at),
            "published_by": p.published_by}


class PublicPublicationOut(Schema):
    stage: str
    stage_label: str
    version: int
    content: Any = Field(description="公开的内容（与公开页面相同，不含身份证号）")
    reason: str
    published_at: dt.datetime


class PostRowOut(Schema):
    post_id: int
    code: str
    title: str
    status: str
    deadline: dt.datetime | None
    extended: bool
    applications: int
    reviewed: int
    pending: int
    not_run: int
    qualified: int
    below_minimum: bool


class StageRowOut(Schema):
    kind: str
    kind_label: str
    status: str
    versions: int


class DashboardOut(Schema):
    campaign: CampaignOut
    current_stage: str | None
    totals: dict[str, int]
    stages: list[StageRowOut]
    posts: list[PostRowOut]


class PrecheckOut(Schema):
    eligible: bool
    failures: list[str]
    passes: list[str]
    for_reviewer: list[str]
    on: dt.date
    note: str


class OpenPostOut(PostOut):
    open: bool = Field(description="此刻是否接受报名")
    applied: bool = Field(description="本人是否已报名此职位")
    precheck: PrecheckOut | None = Field(
        description="本人资格预检（仅供参考，以资格审查结论为准）；未关联人员时为 null")


class OpenCampaignOut(CampaignOut):
    posts: list[OpenPostOut]


class OwnReviewOut(Schema):
    decision: str
    decision_label: str
    reason: str = Field(description="审查意见（已作出结论时）")
    findings: list[FindingOut] = Field(description="每项条件的审查依据（已作出结论时）")
    decided_at: dt.datetime | None


class OwnApplicationOut(Schema):
    id: int
    post_id: int
    post_code: str
    post_title: str
    post_status: str
    source: str
    source_label: str
    nominator_name: str
    nominator_note: str
    preference: int | None
    status: str
    status_label: str
    submitted_at: dt.datetime
    withdrawn_at: dt.datetime | None
    can_withdraw: bool
    withdraw_until: dt.datetime | None
    review: OwnReviewOut | None


class OwnCampaignOut(Schema):
    campaign_id: int
    campaign_name: str
    campaign_status: str
    time_zone: str
    applications: list[OwnApplicationOut]
    published: list[PublicPublicationOut]


class MyApplicationsOut(Schema):
    linked: bool = Field(description="账号是否已关联干部名册中的人员")
    detail: str = Field(description="未关联时的说明")
    campaigns: list[OwnCampaignOut]


class CampaignImportOut(Schema):
    campaign_id: int
    posts: int
    sha256: str
    event_seq: int
    summary: list[str]


class ApplicationsImportOut(Schema):
    rows: int
    created: int
    reactivated: int
    sha256: str
    event_seq: int
    summary: list[str]


# --- reading --------------------------------------------------------------------------------------

@router.get("", response=list[CampaignOut], summary="竞聘批次列表（含草稿；status 筛选状态）")
def list_campaigns(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    require(request.user, "campaigns.view")
    return [_campaign_out(c) for c in selectors.campaign_list(status=status or None)]


@router.get("/templates", response=list[TemplateOut], summary="竞聘批次模板（环节及权重）")
def list_templates(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "campaigns.view")
    return [{"code": t.code, "name": t.name, "method": t.method, "source": t.source,
             "stages": [{"kind": s.kind, "kind_label": str(StageKind(s.kind).label), "weight": s.weight,
                         "public": s.public} for s in t.stages]} for t in TEMPLATES.values()]


@router.get("/open", response=list[OpenCampaignOut],
            summary="正在报名的竞聘批次及职位、资格条件和本人资格预检（仅供参考，以资格审查结论为准）")
def list_open(request: HttpRequest) -> list[dict[str, Any]]:
    now = timezone.now()
    person = applicant.linked_person(request.user)
    out = []
    for c in applicant.open_campaigns(now):
        posts = []
        for choice in applicant.campaign_posts(c, person, now, language="zh-hans"):
            pre = choice.precheck
            posts.append(_post_out(choice.post, c) | {
                "open": choice.open, "applied": choice.mine is not None,
                "precheck": None if pre is None else {"eligible": pre.eligible, "failures": pre.failures,
                                                      "passes": pre.passes, "for_reviewer": pre.for_reviewer,
                                                      "on": pre.on, "note": pre.note}})
        out.append(_campaign_out(c) | {"posts": posts})
    return out


def _own_review(own: selectors.OwnApplication, campaign: Campaign) -> dict[str, Any] | None:
    r = own.review
    if r is None:
        return None
    decided = r.decision != Review.Decision.PENDING
    return {"decision": r.decision, "decision_label": str(r.get_decision_display()),
            "reason": r.reason if decided else "", "findings": own.findings,
            "decided_at": _local(campaign, r.decided_at) if decided else None}


@router.get("/my/applications", response=MyApplicationsOut,
            summary="本人的报名、资格审查结论及理由、所在批次已公布的结果")
def my_applications(request: HttpRequest) -> dict[str, Any]:
    now = timezone.now()
    if applicant.linked_person(request.user) is None:
        return {"linked": False, "detail": applicant.NO_PERSON, "campaigns": []}
    groups = []
    for g in applicant.own_campaigns(request.user, now):
        c = g.campaign
        groups.append({
            "campaign_id": c.pk, "campaign_name": c.name, "campaign_status": c.status, "time_zone": c.time_zone,
            "applications": [{
                "id": r.application.pk, "post_id": r.application.post_id, "post_code": r.application.post.code,
                "post_title": r.application.post.title, "post_status": r.application.post.status,
                "source": r.application.source, "source_label": str(r.application.get_source_display()),
                "nominator_name": r.application.nominator.name if r.application.nominator else "",
                "nominator_note": r.application.nominator_note, "preference": r.application.preference,
                "status": r.application.status, "status_label": str(r.application.get_status_display()),
                "submitted_at": _local(c, r.application.submitted_at),
                "withdrawn_at": _local(c, r.application.withdrawn_at), "can_withdraw": r.can_withdraw,
                "withdraw_until": _local(c, r.withdraw_until), "review": _own_review(r.own, c),
            } for r in g.rows],
            "published": [_public_publication(p, c) for p in g.published],
        })
    return {"linked": True, "detail": "", "campaigns": groups}


def _public_publication(p: Publication, campaign: Campaign) -> dict[str, Any]:
    from xuanren.campaigns.public_views import publication_view

    return {"stage": p.stage.kind, "stage_label": str(p.stage.get_kind_display()), "version": p.version,
            "content": publication_view(p.content), "reason": p.reason,
            "published_at": _local(campaign, p.published_at)}


@router.get("/{int:campaign_id}", response=CampaignDetailOut, summary="一个竞聘批次：设置、环节、职位及资格条件")
def get_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "campaigns.view")
    return _campaign_detail(campaign_id)


@router.get("/{int:campaign_id}/dashboard", response=DashboardOut,
            summary="进度：各职位报名、审查、合格人数，各环节状态")
def dashboard(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "campaigns.view")
    c = get_object_or_404(Campaign.objects.select_related("unit"), pk=campaign_id)
    d = selectors.campaign_dashboard(c)
    return {"campaign": _campaign_out(c), "current_stage": d.current.kind if d.current else None, "totals": d.totals,
            "stages": [{"kind": r.stage.kind, "kind_label": str(r.stage.get_kind_display()),
                        "status": r.stage.status, "versions": r.versions} for r in d.stages],
            "posts": [{"post_id": r.post.pk, "code": r.post.code, "title": r.post.title, "status": r.post.status,
                       "deadline": _local(c, r.deadline), "extended": r.extended, "applications": r.applications,
                       "reviewed": r.reviewed, "pending": r.pending, "not_run": r.not_run,
                       "qualified": r.qualified, "below_minimum": r.below_minimum} for r in d.posts]}


@router.get("/{int:campaign_id}/applications", response=list[ApplicationOut],
            summary="本批次的全部报名及资格审查（post 筛选职位，status 筛选状态）")
def list_applications(request: HttpRequest, campaign_id: int, post: int | None = None,
                      status: str = "") -> list[dict[str, Any]]:
    require(request.user, "applications.view")
    c = get_object_or_404(Campaign, pk=campaign_id)
    qs = (Application.objects.filter(campaign=c).select_related("campaign", "post", "person", "nominator", "review",
                                                                 "review__reviewer").order_by("post__order", "id"))
    if post is not None:
        qs = qs.filter(post_id=post)
    if status:
        qs = qs.filter(status=status)
    return [_application_out(a) for a in qs]


@router.get("/{int:campaign_id}/results", response=list[PublicPublicationOut],
            summary="已公布的公开结果（各公开环节的最新版本，与公开页面相同）")
def results(request: HttpRequest, campaign_id: int) -> list[dict[str, Any]]:
    from xuanren.campaigns.public_views import announced_campaigns

    c = get_object_or_404(announced_campaigns(), pk=campaign_id)
    return [_public_publication(p, c) for p in selectors.latest_publications(campaigns=[c.pk])[c.pk]]


# --- setting up -----------------------------------------------------------------------------------

@router.post("", response={201: CampaignDetailOut, 400: ErrorOut}, summary="新建竞聘批次（按模板或列出环节；草稿）")
@refusals
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    stages = [s.model_dump() for s in payload.stages] if payload.stages is not None else None
    campaign = actions.campaign_create(
        actor=request.user, name=payload.name, unit=_unit(payload.unit_id), method=payload.method,
        template=payload.template, stages=stages, introduction=payload.introduction, time_zone=payload.time_zone,
        apply_from=_aware(payload.apply_from, "报名开始"), apply_until=_aware(payload.apply_until, "报名截止"),
        withdraw_until=_aware(payload.withdraw_until, "撤回截止"), reference_date=payload.reference_date,
        posts_per_applicant=payload.posts_per_applicant, min_qualified=payload.min_qualified)
    return Status(201, _campaign_detail(campaign.pk))


@router.patch("/{int:campaign_id}", response={200: CampaignDetailOut, 400: ErrorOut},
              summary="修改草稿批次的设置（只改给出的字段）")
@refusals
def update_campaign(request: HttpRequest, campaign_id: int, payload: CampaignPatch) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    changes = payload.model_dump(exclude_unset=True)
    labels = {"apply_from": "报名开始", "apply_until": "报名截止", "withdraw_until": "撤回截止"}
    for key, label in labels.items():
        if key in changes:
            _aware(changes[key], label)
    if "unit_id" in changes:
        changes["unit"] = _unit(changes.pop("unit_id"))
    for key in ("name", "method", "introduction", "time_zone", "posts_per_applicant", "min_qualified"):
        if key in changes and changes[key] is None:
            del changes[key]
    actions.campaign_update(actor=request.user, campaign=campaign, **changes)
    return Status(200, _campaign_detail(campaign.pk))


@router.post("/{int:campaign_id}/copy", response={201: CampaignDetailOut, 400: ErrorOut},
             summary="复制批次（设置、环节、职位及条件；不含报名与日期）")
@refusals
def copy_campaign(request: HttpRequest, campaign_id: int, payload: CopyIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    source = get_object_or_404(Campaign, pk=campaign_id)
    unit = _unit(payload.unit_id) if payload.unit_id is not None else None
    campaign = actions.campaign_copy(actor=request.user, source=source, name=payload.name, unit=unit)
    return Status(201, _campaign_detail(campaign.pk))


@router.post("/{int:campaign_id}/publish", response={200: CampaignDetailOut, 400: ErrorOut},
             summary="发布公告（方案自此固定，开始报名）")
@refusals
def publish(request: HttpRequest, campaign_id: int) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    actions.campaign_publish(actor=request.user, campaign=campaign)
    return Status(200, _campaign_detail(campaign.pk))


@router.put("/{int:campaign_id}/weights", response={200: list[StageOut], 400: ErrorOut},
            summary="设置计分环节的综合成绩权重（草稿批次）")
@refusals
def set_weights(request: HttpRequest, campaign_id: int, payload: WeightsIn) -> Status[list[dict[str, Any]]]:
    require(request.user, "campaigns.change")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    stages = actions.stage_set_weights(actor=request.user, campaign=campaign, weights=payload.weights)
    return Status(200, [_stage_out(s, campaign) for s in stages])


# --- posts ----------------------------------------------------------------------------------------

def _post(pk: int) -> Post:
    return get_object_or_404(Post.objects.select_related("campaign", "department"), pk=pk)


def _post_reply(pk: int) -> dict[str, Any]:
    post = Post.objects.select_related("campaign", "department").get(pk=pk)
    return _post_out(post, post.campaign)


@router.post("/{int:campaign_id}/posts", response={201: PostOut, 400: ErrorOut}, summary="新增职位（草稿批次）")
@refusals
def create_post(request: HttpRequest, campaign_id: int, payload: PostIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    post = actions.post_create(
        actor=request.user, campaign=campaign, code=payload.code, department=_unit(payload.department_id, "部门"),
        title=payload.title, level=payload.level, slots=payload.slots,
        conditions=payload.conditions.as_json() if payload.conditions else None, duties=payload.duties,
        order=payload.order)
    return Status(201, _post_reply(post.pk))


@router.patch("/posts/{int:post_id}", response={200: PostOut, 400: ErrorOut},
              summary="修改职位（草稿批次；只改给出的字段，conditions 整体替换）")
@refusals
def update_post(request: HttpRequest, post_id: int, payload: PostPatch) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    post = _post(post_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "department_id" in changes:
        changes["department"] = _unit(changes.pop("department_id"), "部门")
    if payload.conditions is not None:
        changes["conditions"] = payload.conditions.as_json()
    actions.post_update(actor=request.user, post=post, **changes)
    return Status(200, _post_reply(post.pk))


@router.delete("/posts/{int:post_id}", response={204: None, 400: ErrorOut}, summary="删除职位（草稿批次）")
@refusals
def delete_post(request: HttpRequest, post_id: int) -> Status[None]:
    require(request.user, "campaigns.change")
    actions.post_delete(actor=request.user, post=_post(post_id))
    return Status(204, None)


@router.post("/posts/{int:post_id}/cancel", response={200: PostOut, 400: ErrorOut},
             summary="取消职位（已发布的批次；须写明理由）")
@refusals
def cancel_post(request: HttpRequest, post_id: int, payload: ReasonIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    post = actions.post_cancel(actor=request.user, post=_post(post_id), reason=payload.reason)
    return Status(200, _post_reply(post.pk))


@router.post("/posts/{int:post_id}/extend", response={200: PostOut, 400: ErrorOut},
             summary="延长职位的报名截止时间（须写明理由）")
@refusals
def extend_post(request: HttpRequest, post_id: int, payload: ExtendIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    deadline = _aware(payload.new_deadline, "新的报名截止时间")
    assert deadline is not None
    post = actions.post_extend(actor=request.user, post=_post(post_id), new_deadline=deadline,
                               reason=payload.reason)
    return Status(200, _post_reply(post.pk))


@router.post("/posts/{int:post_id}/merge", response={200: PostOut, 400: ErrorOut},
             summary="将职位并入同批次另一职位（报名随之转入；须写明理由）；返回并入后的职位")
@refusals
def merge_post(request: HttpRequest, post_id: int, payload: MergeIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    post = _post(post_id)
    into = _post_of(post.campaign, payload.into_post_id)
    target = actions.post_merge(actor=request.user, post=post, into=into, reason=payload.reason)
    return Status(200, _post_reply(target.pk))


# --- applications ---------------------------------------------------------------------------------

@router.post("/{int:campaign_id}/applications", response={201: ApplicationOut, 400: ErrorOut},
             summary="代录报名或推荐（按身份证号；推荐须写明推荐人）")
@refusals
def enter_application(request: HttpRequest, campaign_id: int, payload: EnterIn) -> Status[dict[str, Any]]:
    require(request.user, "applications.enter")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    person = actions.resolve_person(payload.id_number)
    nominator = actions.resolve_person(payload.nominator_id_number) if payload.nominator_id_number else None
    app = actions.application_submit(actor=request.user, campaign=campaign, post=_post_of(campaign, payload.post_id),
                                     person=person, source=payload.source, nominator=nominator,
                                     nominator_note=payload.nominator_note, preference=payload.preference)
    return Status(201, _fresh_application(app.pk))


def _me(request: HttpRequest) -> Person:
    person = applicant.linked_person(request.user)
    if person is None:
        raise refuse("api.no_person", applicant.NO_PERSON, applicant.NO_PERSON_EN)
    return person


@router.post("/{int:campaign_id}/apply", response={201: ApplicationOut, 400: ErrorOut},
             summary="本人报名一个职位（可填志愿顺序）")
@refusals
def apply(request: HttpRequest, campaign_id: int, payload: ApplyIn) -> Status[dict[str, Any]]:
    require(request.user, "applications.apply")
    person = _me(request)
    campaign = get_object_or_404(Campaign, pk=campaign_id, status__in=[Campaign.Status.ANNOUNCED,
                                                                       Campaign.Status.CLOSED])
    app = actions.application_submit(actor=request.user, campaign=campaign, post=_post_of(campaign, payload.post_id),
                                     person=person, preference=payload.preference)
    return Status(201, _fresh_application(app.pk))


@router.post("/applications/{int:application_id}/withdraw", response={200: ApplicationOut, 400: ErrorOut},
             summary="代为撤回报名（撤回截止前）")
@refusals
def withdraw_application(request: HttpRequest, application_id: int,
                         payload: WithdrawIn | None = None) -> Status[dict[str, Any]]:
    require(request.user, "applications.enter")
    app = get_object_or_404(Application.objects.select_related("campaign", "person"), pk=application_id)
    actions.application_withdraw(actor=request.user, application=app, reason=payload.reason if payload else "")
    return Status(200, _fresh_application(app.pk))


@router.post("/my/applications/{int:application_id}/withdraw", response={200: ApplicationOut, 400: ErrorOut},
             summary="撤回本人的报名（撤回截止前；他人的报名为404）")
@refusals
def withdraw_own(request: HttpRequest, application_id: int,
                 payload: WithdrawIn | None = None) -> Status[dict[str, Any]]:
    require(request.user, "applications.apply")
    app = applicant.own_application(request.user, application_id)
    actions.application_withdraw(actor=request.user, application=app, reason=payload.reason if payload else "")
    return Status(200, _fresh_application(app.pk))


# --- eligibility review ---------------------------------------------------------------------------

@router.post("/{int:campaign_id}/review/run", response={200: ReviewRunOut, 400: ErrorOut},
             summary="运行自动资格审查（每项条件记录依据）")
@refusals
def review_run(request: HttpRequest, campaign_id: int, payload: ReviewRunIn | None = None) -> Status[dict[str, Any]]:
    require(request.user, "applications.review")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    run = actions.review_run(actor=request.user, campaign=campaign, on=payload.on if payload else None)
    return Status(200, {"on": run.on, "checked": run.checked, "created": run.created, "updated": run.updated,
                        "eligible": run.eligible, "ineligible": run.ineligible, "reverted": list(run.reverted)})


@router.post("/{int:campaign_id}/review/confirm", response={200: ConfirmOut, 400: ErrorOut},
             summary="确认待审查的自动结果（不含须人工判断的）")
@refusals
def review_confirm(request: HttpRequest, campaign_id: int, payload: ConfirmIn | None = None) -> Status[dict[str, int]]:
    require(request.user, "applications.review")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    post = _post_of(campaign, payload.post_id) if payload and payload.post_id is not None else None
    return Status(200, {"confirmed": actions.review_confirm_pending(actor=request.user, campaign=campaign, post=post)})


@router.post("/applications/{int:application_id}/review", response={200: ApplicationOut, 400: ErrorOut},
             summary="审查结论：合格或不合格（与自动结果不同须写明理由）")
@refusals
def review_decide(request: HttpRequest, application_id: int, payload: DecideIn) -> Status[dict[str, Any]]:
    require(request.user, "applications.review")
    app = get_object_or_404(Application.objects.select_related("campaign"), pk=application_id)
    actions.review_decide(actor=request.user, application=app, decision=payload.decision, reason=payload.reason)
    return Status(200, _fresh_application(app.pk))


# --- stages ---------------------------------------------------------------------------------------

@router.post("/{int:campaign_id}/stages/{kind}/open", response={200: StageOut, 400: ErrorOut},
             summary="开始一个环节（此前各环节须已封存）")
@refusals
def open_stage(request: HttpRequest, campaign_id: int, kind: str) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    stage = actions.stage_open(actor=request.user, stage=_stage(campaign_id, kind))
    return Status(200, _stage_out(stage, stage.campaign))


@router.post("/{int:campaign_id}/stages/{kind}/seal", response={200: PublicationOut, 400: ErrorOut},
             summary="封存环节并公布结果（仅一次；此后只能更正）")
@refusals
def seal_stage(request: HttpRequest, campaign_id: int, kind: str) -> Status[dict[str, Any]]:
    require(request.user, "stages.seal")
    stage = _stage(campaign_id, kind)
    publication = actions.stage_seal(actor=request.user, stage=stage)
    return Status(200, _publication_out(publication, stage.campaign))


@router.post("/{int:campaign_id}/stages/{kind}/correct", response={200: PublicationOut, 400: ErrorOut},
             summary="更正已封存环节的结果（须写明理由；公布为新版本）")
@refusals
def correct_stage(request: HttpRequest, campaign_id: int, kind: str, payload: CorrectIn) -> Status[dict[str, Any]]:
    require(request.user, "stages.seal")
    stage = _stage(campaign_id, kind)
    changes = [{"application": c.application_id, "decision": c.decision} for c in payload.changes]
    publication = actions.stage_correct(actor=request.user, stage=stage, changes=changes, reason=payload.reason)
    return Status(200, _publication_out(publication, stage.campaign))


# --- imports --------------------------------------------------------------------------------------

@router.post("/import", response={201: CampaignImportOut, 400: RejectedOut},
             summary="导入竞聘批次（.xlsx，multipart 字段 file；全有或全无，400 时列出全部问题）")
def import_campaign(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    try:
        check_size(file.size or 0, filename=file.name or "")
        result = importing.campaign_import(actor=request.user, data=file.read(), filename=file.name or "")
    except ImportRejected as exc:
        return Status(400, exc.as_dict())
    return Status(201, {"campaign_id": result.campaign.pk, "posts": result.posts, "sha256": result.sha256,
                        "event_seq": result.event_seq, "summary": result.lines()})


@router.post("/{int:campaign_id}/applications/import", response={200: ApplicationsImportOut, 400: RejectedOut},
             summary="导入报名（.xlsx 或 .csv，multipart 字段 file；全有或全无，400 时列出全部问题）")
def import_applications(request: HttpRequest, campaign_id: int, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    require(request.user, "applications.enter")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        check_size(file.size or 0, filename=file.name or "")
        result = importing.applications_import(actor=request.user, campaign=campaign, data=file.read(),
                                               filename=file.name or "")
    except ImportRejected as exc:
        return Status(400, exc.as_dict())
    return Status(200, {"rows": result.rows, "created": result.created, "reactivated": result.reactivated,
                        "sha256": result.sha256, "event_seq": result.event_seq, "summary": result.lines()})


__all__ = ["router"]
