"""Campaigns themselves: listing and reading them, setting one up in the draft, publishing it, importing one."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Status
from ninja.files import UploadedFile

from xuanren.accounts.access import require
from xuanren.campaigns import actions, importing, selectors
from xuanren.campaigns.api.common import ErrorOut, refusals, router, unit_by_id
from xuanren.campaigns.api.schemas import (
    CampaignDetailOut,
    CampaignImportOut,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CopyIn,
    DashboardOut,
    StageOut,
    TemplateOut,
    WeightsIn,
    aware,
    campaign_out,
    local_time,
    post_out,
    stage_out,
)
from xuanren.campaigns.models import Campaign, Publication, StageKind
from xuanren.campaigns.presets import TEMPLATES
from xuanren.people.actions import ImportRejected, check_size
from xuanren.people.api import RejectedOut

# --- reading --------------------------------------------------------------------------------------

@router.get("", response=list[CampaignOut], summary="竞聘批次列表（含草稿；status 筛选状态）")
def list_campaigns(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    require(request.user, "campaigns.view")
    return [campaign_out(c) for c in selectors.campaign_list(status=status or None)]


@router.get("/templates", response=list[TemplateOut], summary="竞聘批次模板（环节及权重）")
def list_templates(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "campaigns.view")
    return [{"code": t.code, "name": t.name, "method": t.method, "source": t.source,
             "stages": [{"kind": s.kind, "kind_label": str(StageKind(s.kind).label), "weight": s.weight,
                         "public": s.public} for s in t.stages]} for t in TEMPLATES.values()]


def _campaign_detail(pk: int) -> dict[str, Any]:
    c = get_object_or_404(Campaign.objects.select_related("unit"), pk=pk)
    versions: dict[int, int] = {}
    for stage_id in Publication.objects.filter(stage__campaign=c).values_list("stage_id", flat=True):
        versions[stage_id] = versions.get(stage_id, 0) + 1
    return campaign_out(c) | {
        "stages": [stage_out(s, c, versions.get(s.pk, 0)) for s in c.stages.order_by("order")],
        "posts": [post_out(p, c) for p in c.posts.select_related("department").order_by("order", "id")]}


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
    return {"campaign": campaign_out(c), "current_stage": d.current.kind if d.current else None, "totals": d.totals,
            "stages": [{"kind": r.stage.kind, "kind_label": str(r.stage.get_kind_display()),
                        "status": r.stage.status, "versions": r.versions} for r in d.stages],
            "posts": [{"post_id": r.post.pk, "code": r.post.code, "title": r.post.title, "status": r.post.status,
                       "deadline": local_time(c, r.deadline), "extended": r.extended, "applications": r.applications,
                       "reviewed": r.reviewed, "pending": r.pending, "not_run": r.not_run,
                       "qualified": r.qualified, "below_minimum": r.below_minimum} for r in d.posts]}


# --- setting up -----------------------------------------------------------------------------------

@router.post("", response={201: CampaignDetailOut, 400: ErrorOut}, summary="新建竞聘批次（按模板或列出环节；草稿）")
@refusals
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    stages = [s.model_dump() for s in payload.stages] if payload.stages is not None else None
    campaign = actions.campaign_create(
        actor=request.user, name=payload.name, unit=unit_by_id(payload.unit_id), method=payload.method,
        template=payload.template, stages=stages, introduction=payload.introduction, time_zone=payload.time_zone,
        apply_from=aware(payload.apply_from, "报名开始"), apply_until=aware(payload.apply_until, "报名截止"),
        withdraw_until=aware(payload.withdraw_until, "撤回截止"), reference_date=payload.reference_date,
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
            aware(changes[key], label)
    if "unit_id" in changes:
        changes["unit"] = unit_by_id(changes.pop("unit_id"))
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
    unit = unit_by_id(payload.unit_id) if payload.unit_id is not None else None
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
    return Status(200, [stage_out(s, campaign) for s in stages])


# --- importing ------------------------------------------------------------------------------------

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
