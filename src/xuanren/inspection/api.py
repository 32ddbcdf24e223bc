"""JSON API of the inspection area (mounted at /api/inspection): the same actions as the pages.

Reading needs ``inspection.view``; every change ``inspection.manage``. A refused action answers 400
``{"detail": 中文, "detail_en": English, "code": "campaigns.inspection.…"}`` and nothing is written.
Attachments are uploaded and downloaded on the pages only.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from xuanren.accounts.access import require
from xuanren.campaigns.api.common import ErrorOut, refusals
from xuanren.campaigns.models import Stage, StageKind
from xuanren.inspection import actions, selectors
from xuanren.inspection.models import Inspection
from xuanren.inspection.quantify import exact_text

router = Router(tags=["inspection"])


class DimensionOut(Schema):
    key: str
    label: str
    weight: str | None = Field(description="权重（合计100）；不设权重时为 null")
    text: str = Field("", description="考察情况")
    score: str | None = Field(None, description="评分（0–100），未评分为 null")


class InspectionOut(Schema):
    id: int
    stage_id: int
    campaign_id: int
    application_id: int
    person: str
    post_code: str
    post_title: str
    status: str = Field(description="preparing（准备中）/ announced（已发布考察预告）/ concluded（已形成结论）")
    status_label: str
    team_leader: str
    team: list[str]
    notice_text: str
    notice_from: dt.date | None
    notice_until: dt.date | None
    notice_published_at: dt.datetime | None
    talks: dict[str, int] = Field(description="各类别谈话人数")
    talks_total: int
    evaluation_session_id: int | None
    findings: list[DimensionOut]
    score: str | None = Field(description="考察得分（设权重且各维度均已评分时），四舍五入两位小数")
    score_exact: str | None = Field(description="考察得分的精确值（分数形式，如 1737/20）")
    score_explanation: list[str]
    conclusion: str = Field(description="suitable（同意作为拟任人选）/ unsuitable（不宜作为拟任人选）/ 空（尚无结论）")
    conclusion_label: str
    conclusion_text: str
    concluded_at: dt.datetime | None
    attachments: list[dict[str, Any]]


class StageInspectionsOut(Schema):
    stage_id: int
    status: str
    weighted: bool = Field(description="各考察维度是否设有权重（有则计考察得分）")
    dimensions: list[DimensionOut]
    waiting: list[int] = Field(description="尚未建立考察的人选（报名编号）")
    blockers: list[str] = Field(description="封存前须完成的事项")
    inspections: list[InspectionOut]


def inspection_out(i: Inspection) -> dict[str, Any]:
    info = selectors.inspection_detail(i)
    app = i.application
    return {
        "id": i.pk, "stage_id": i.stage_id, "campaign_id": i.stage.campaign_id, "application_id": app.pk,
        "person": app.person.name, "post_code": app.post.code, "post_title": app.post.title, "status": i.status,
        "status_label": str(i.get_status_display()), "team_leader": i.team_leader, "team": list(i.team or []),
        "notice_text": i.notice_text, "notice_from": i.notice_from, "notice_until": i.notice_until,
        "notice_published_at": i.notice_published_at,
        "talks": {k: c for k, _label, c in info.talks}, "talks_total": info.talks_total,
        "evaluation_session_id": i.evaluation_session_id,
        "findings": [{"key": f.dimension.key, "label": f.dimension.label, "weight": f.weight or None, "text": f.text,
                      "score": f.score or None} for f in info.findings],
        "score": info.score.display() or None,
        "score_exact": None if info.score.score is None else exact_text(info.score.score),
        "score_explanation": [m.text() for m in info.score.explain()],
        "conclusion": i.conclusion, "conclusion_label": str(i.get_conclusion_display()),
        "conclusion_text": i.conclusion_text, "concluded_at": i.concluded_at,
        "attachments": [{"id": a.pk, "title": a.title, "sha256": a.sha256, "uploaded_at": a.uploaded_at.isoformat()}
                        for a in info.attachments],
    }


def _stage(stage_id: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), pk=stage_id, kind=StageKind.INSPECTION)


def _inspection(inspection_id: int) -> Inspection:
    return selectors.inspection_by_id(inspection_id)


@router.get("/stages/{int:stage_id}", response=StageInspectionsOut, summary="一个组织考察环节的全部考察")
def stage_inspections(request: HttpRequest, stage_id: int) -> dict[str, Any]:
    require(request.user, "inspection.view")
    from django.utils import timezone

    from xuanren.inspection.handlers import inspection_blockers

    stage = _stage(stage_id)
    overview = selectors.stage_overview(stage)
    return {"stage_id": stage.pk, "status": stage.status, "weighted": overview.weighted,
            "dimensions": [{"key": k, "label": label, "weight": w or None}
                           for k, label, w in overview.dimension_rows()],
            "waiting": [a.pk for a in overview.waiting],
            "blockers": inspection_blockers(stage, timezone.now()) if stage.status == Stage.Status.OPEN else [],
            "inspections": [inspection_out(r.inspection) for r in overview.rows]}


@router.post("/stages/{int:stage_id}/start", response={200: list[InspectionOut], 400: ErrorOut},
             summary="为尚未建立考察的人选建立考察")
@refusals
def start(request: HttpRequest, stage_id: int) -> Status[list[dict[str, Any]]]:
    require(request.user, "inspection.manage")
    made = actions.inspections_start(actor=request.user, stage=_stage(stage_id))
    return Status(200, [inspection_out(_inspection(i.pk)) for i in made])


class DimensionIn(Schema):
    key: str = Field(description="代码，如 de")
    label: str = Field(description="名称，如 德")
    weight: str | None = Field(None, description="权重（0–100，最多两位小数；或全部不设）")


class DimensionsIn(Schema):
    dimensions: list[DimensionIn]


@router.put("/stages/{int:stage_id}/dimensions", response={200: StageInspectionsOut, 400: ErrorOut},
            summary="设置考察维度及权重（权重合计100，或都不设）")
@refusals
def dimensions(request: HttpRequest, stage_id: int, payload: DimensionsIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    actions.dimensions_set(actor=request.user, stage=_stage(stage_id),
                           dimensions=[d.dict() for d in payload.dimensions])
    return Status(200, stage_inspections(request, stage_id))


class TeamManyIn(Schema):
    inspection_ids: list[int] = Field(description="由该考察组考察的各项考察（本环节，尚未形成结论）")
    leader: str = Field(description="组长（姓名及职务）")
    members: list[str] = Field(description="组员（至少一人）")


@router.put("/stages/{int:stage_id}/team", response={200: StageInspectionsOut, 400: ErrorOut},
            summary="为多名人选确定同一考察组（全部成功或全部不变）")
@refusals
def team_many(request: HttpRequest, stage_id: int, payload: TeamManyIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    actions.team_set_many(actor=request.user, stage=_stage(stage_id), inspections=payload.inspection_ids,
                          leader=payload.leader, members=payload.members)
    return Status(200, stage_inspections(request, stage_id))


@router.get("/{int:inspection_id}", response=InspectionOut, summary="一名人选的考察")
def detail(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    require(request.user, "inspection.view")
    return inspection_out(_inspection(inspection_id))


class TeamIn(Schema):
    leader: str = Field(description="组长（姓名及职务）")
    members: list[str] = Field(description="组员（至少一人）")


@router.put("/{int:inspection_id}/team", response={200: InspectionOut, 400: ErrorOut}, summary="确定考察组")
@refusals
def team(request: HttpRequest, inspection_id: int, payload: TeamIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.team_set(actor=request.user, inspection=_inspection(inspection_id), leader=payload.leader,
                         members=payload.members)
    return Status(200, inspection_out(_inspection(i.pk)))


class NoticeIn(Schema):
    notice_from: dt.date = Field(description="预告起")
    notice_until: dt.date = Field(description="预告止")
    contact: str = Field("", description="反映方式（生成正文时写入）")
    text: str = Field("", description="预告正文；空则按人选、职位和反映方式生成")


@router.put("/{int:inspection_id}/notice", response={200: InspectionOut, 400: ErrorOut},
            summary="拟写考察预告（发布前可修改）")
@refusals
def notice(request: HttpRequest, inspection_id: int, payload: NoticeIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.notice_draft(actor=request.user, inspection=_inspection(inspection_id),
                             notice_from=payload.notice_from, notice_until=payload.notice_until,
                             contact=payload.contact, text=payload.text)
    return Status(200, inspection_out(_inspection(i.pk)))


@router.post("/{int:inspection_id}/notice/publish", response={200: InspectionOut, 400: ErrorOut},
             summary="发布考察预告（在公开页面展示）")
@refusals
def notice_publish(request: HttpRequest, inspection_id: int) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.notice_publish(actor=request.user, inspection=_inspection(inspection_id))
    return Status(200, inspection_out(_inspection(i.pk)))


class TalksIn(Schema):
    talks: dict[str, int] = Field(description="各类别谈话人数（leaders, middle, colleagues, subordinates, others）")


@router.put("/{int:inspection_id}/talks", response={200: InspectionOut, 400: ErrorOut}, summary="登记个别谈话人数")
@refusals
def talks(request: HttpRequest, inspection_id: int, payload: TalksIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.talks_set(actor=request.user, inspection=_inspection(inspection_id), talks=payload.talks)
    return Status(200, inspection_out(_inspection(i.pk)))


class EvaluationIn(Schema):
    session_id: int | None = Field(description="民主测评投票场次；null 取消关联")


@router.put("/{int:inspection_id}/evaluation", response={200: InspectionOut, 400: ErrorOut},
            summary="关联民主测评场次（只读引用）")
@refusals
def evaluation(request: HttpRequest, inspection_id: int, payload: EvaluationIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.evaluation_link(actor=request.user, inspection=_inspection(inspection_id), session=payload.session_id)
    return Status(200, inspection_out(_inspection(i.pk)))


class FindingIn(Schema):
    text: str = ""
    score: str | None = Field(None, description="评分（0–100，最多两位小数），可不填")


class FindingsIn(Schema):
    findings: dict[str, FindingIn] = Field(description="按维度代码：{\"de\": {\"text\": …, \"score\": \"90\"}}")


@router.put("/{int:inspection_id}/findings", response={200: InspectionOut, 400: ErrorOut},
            summary="填写考察情况（所给维度；其余不变）")
@refusals
def findings(request: HttpRequest, inspection_id: int, payload: FindingsIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.findings_set(actor=request.user, inspection=_inspection(inspection_id),
                             findings={k: v.dict() for k, v in payload.findings.items()})
    return Status(200, inspection_out(_inspection(i.pk)))


class ConcludeIn(Schema):
    conclusion: str = Field(description="suitable（同意作为拟任人选）或 unsuitable（不宜作为拟任人选）")
    text: str = Field(description="考察结论意见")


@router.post("/{int:inspection_id}/conclude", response={200: InspectionOut, 400: ErrorOut}, summary="形成考察结论")
@refusals
def conclude(request: HttpRequest, inspection_id: int, payload: ConcludeIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.conclude(actor=request.user, inspection=_inspection(inspection_id), conclusion=payload.conclusion,
                         text=payload.text)
    return Status(200, inspection_out(_inspection(i.pk)))


class WithdrawIn(Schema):
    reason: str = Field(description="撤回理由（必填）")


@router.post("/{int:inspection_id}/withdraw", response={200: InspectionOut, 400: ErrorOut},
             summary="撤回考察结论（环节封存前，须写明理由）")
@refusals
def withdraw(request: HttpRequest, inspection_id: int, payload: WithdrawIn) -> Status[dict[str, Any]]:
    require(request.user, "inspection.manage")
    i = actions.conclusion_withdraw(actor=request.user, inspection=_inspection(inspection_id), reason=payload.reason)
    return Status(200, inspection_out(_inspection(i.pk)))
