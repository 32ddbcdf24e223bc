"""What the campaigns API takes and gives back, and the functions that build its replies.

Every instant going out is in the campaign's time zone (:func:`local_time`); every instant coming in must
carry its offset (:func:`aware`).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from xuanren.campaigns import selectors
from xuanren.campaigns.actions._common import deadline_of, zone
from xuanren.campaigns.conditions import conditions_from_json
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Review, Stage, StageKind
from xuanren.campaigns.presets import TEMPLATES

# --- times ----------------------------------------------------------------------------------------

AWARE = "ISO 8601，须带时区偏移，如 2026-12-01T17:00:00+08:00；不带偏移的时间将被拒绝（400）"


def aware(value: dt.datetime | None, label: str) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        raise refuse("api.naive_datetime", "{label}须带时区偏移（如 +08:00）", "{label_en} needs a UTC offset "
                     "(e.g. +08:00)", label=label, label_en=label)
    return value


def local_time(campaign: Campaign, value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(zone(campaign)) if value is not None else None


# --- conditions -----------------------------------------------------------------------------------

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


# --- stages and templates -------------------------------------------------------------------------

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


def stage_out(s: Stage, campaign: Campaign, versions: int = 0) -> dict[str, Any]:
    return {"id": s.pk, "kind": s.kind, "kind_label": str(s.get_kind_display()), "order": s.order,
            "weight": s.weight, "public": s.public, "status": s.status, "status_label": str(s.get_status_display()),
            "settings": s.settings, "opened_at": local_time(campaign, s.opened_at),
            "sealed_at": local_time(campaign, s.sealed_at), "versions": versions}


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


class WeightsIn(Schema):
    weights: dict[str, Decimal | None] = Field(description="环节代码 → 权重（0–100）或 null；合计100在发布时检查")


# --- posts ----------------------------------------------------------------------------------------

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


def post_out(p: Post, campaign: Campaign) -> dict[str, Any]:
    from xuanren.campaigns.documents.announcement import condition_phrases, read_conditions, reference_date

    return {"id": p.pk, "code": p.code, "title": p.title, "department_id": p.department_id,
            "department": p.department.name, "level": p.level, "level_label": str(p.get_level_display()),
            "slots": p.slots, "conditions": _conditions_out(p.conditions),
            "condition_words": condition_phrases(read_conditions(p.conditions), reference=reference_date(campaign)),
            "duties": p.duties, "status": p.status, "status_label": str(p.get_status_display()),
            "merged_into_id": p.merged_into_id, "apply_until": local_time(campaign, p.apply_until),
            "deadline": local_time(campaign, deadline_of(p, campaign)), "order": p.order}


class ReasonIn(Schema):
    reason: str = Field(description="理由（必填）")


class ExtendIn(Schema):
    new_deadline: dt.datetime = Field(description="新的报名截止，" + AWARE)
    reason: str


class MergeIn(Schema):
    into_post_id: int = Field(description="并入的职位编号（同一批次）")
    reason: str


# --- campaigns ------------------------------------------------------------------------------------

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


def campaign_out(c: Campaign) -> dict[str, Any]:
    return {"id": c.pk, "name": c.name, "unit_id": c.unit_id, "unit": c.unit.name, "method": c.method,
            "method_label": str(c.get_method_display()), "status": c.status,
            "status_label": str(c.get_status_display()), "template": c.template, "copied_from_id": c.copied_from_id,
            "introduction": c.introduction, "time_zone": c.time_zone, "apply_from": local_time(c, c.apply_from),
            "apply_until": local_time(c, c.apply_until), "withdraw_until": local_time(c, c.withdraw_until),
            "reference_date": c.reference_date, "posts_per_applicant": c.posts_per_applicant,
            "min_qualified": c.min_qualified, "published_at": local_time(c, c.published_at)}


class CopyIn(Schema):
    name: str
    unit_id: int | None = Field(None, description="默认与原批次相同")


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


class CampaignImportOut(Schema):
    campaign_id: int
    posts: int
    sha256: str
    event_seq: int
    summary: list[str]


# --- applications and their review ----------------------------------------------------------------

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
            "decided_at": local_time(campaign, r.decided_at)}


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


def application_out(a: Application, *, with_review: bool = True) -> dict[str, Any]:
    c = a.campaign
    review = getattr(a, "review", None) if with_review and selectors._has_review(a) else None
    return {"id": a.pk, "campaign_id": a.campaign_id, "post_id": a.post_id, "post_code": a.post.code,
            "post_title": a.post.title, "person_id": a.person_id, "person_name": a.person.name, "source": a.source,
            "source_label": str(a.get_source_display()), "nominator_id": a.nominator_id,
            "nominator_name": a.nominator.name if a.nominator else "", "nominator_note": a.nominator_note,
            "preference": a.preference, "status": a.status, "status_label": str(a.get_status_display()),
            "submitted_at": local_time(c, a.submitted_at), "withdrawn_at": local_time(c, a.withdrawn_at),
            "review": _review_out(review, c) if review is not None else None}


def fresh_application(pk: int) -> dict[str, Any]:
    a = Application.objects.select_related("campaign", "post", "person", "nominator", "review",
                                           "review__reviewer").get(pk=pk)
    return application_out(a)


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


class ApplicationsImportOut(Schema):
    rows: int
    created: int
    reactivated: int
    sha256: str
    event_seq: int
    summary: list[str]


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


# --- publications ---------------------------------------------------------------------------------

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


def publication_out(p: Publication, campaign: Campaign) -> dict[str, Any]:
    return {"stage": p.stage.kind, "stage_label": str(p.stage.get_kind_display()), "version": p.version,
            "content": p.content, "reason": p.reason, "published_at": local_time(campaign, p.published_at),
            "published_by": p.published_by}


class PublicPublicationOut(Schema):
    stage: str
    stage_label: str
    version: int
    content: Any = Field(description="公开的内容（与公开页面相同，不含身份证号）")
    reason: str
    published_at: dt.datetime


def public_publication(p: Publication, campaign: Campaign) -> dict[str, Any]:
    from xuanren.campaigns.public_views import publication_view

    return {"stage": p.stage.kind, "stage_label": str(p.stage.get_kind_display()), "version": p.version,
            "content": publication_view(p.content), "reason": p.reason,
            "published_at": local_time(campaign, p.published_at)}


# --- the applicant's side -------------------------------------------------------------------------

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
