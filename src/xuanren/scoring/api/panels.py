"""The interview's panels in the API (organiser): the rubric, panels of judges, the draw by lot, the progress
grid, and starting, closing or marking absent a candidate. Same actions and capabilities as the pages:
reading needs ``scoring.view``, changing ``scoring.manage``.

As on the pages, the progress carries a judge's total only for a closed candidate; before, only whether
each judge has handed in a sheet (``submitted``), recused (``recused``) or not yet (``missing``).
"""

import datetime as dt
import zoneinfo
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema, Status

from xuanren.accounts.access import require
from xuanren.campaigns.api.schemas import aware
from xuanren.campaigns.models import StageKind
from xuanren.scoring import actions
from xuanren.scoring import panels_selectors as sel
from xuanren.scoring.actions._common import plain
from xuanren.scoring.api.common import ErrorOut, refusals, router, stage_of
from xuanren.scoring.handlers.interview import interview_blockers, interview_results
from xuanren.scoring.models import Appearance, Panel

Number = str | int | float | None


class CriterionIn(Schema):
    name: str = Field(description="评分要素，如 政治素质")
    max_points: Number = Field(description="分值（最多两位小数）")
    description: str = ""


class RubricIn(Schema):
    criteria: list[CriterionIn] = Field(description="评分要素，按顺序；替换原有评分标准（有评分表后不能再改）")


class CriterionOut(Schema):
    id: int
    name: str
    max_points: str
    description: str


class RubricOut(Schema):
    criteria: list[CriterionOut]
    max: str | None = Field(description="满分（各要素分值之和）")


class JudgeIn(Schema):
    user_id: int
    group: str = Field("", description="评委类别代码（按类别加权时），如 leaders、experts")


class PanelIn(Schema):
    name: str
    post_ids: list[int]
    judges: list[JudgeIn] = Field(default_factory=list, description="评委，按座次（评委1、评委2……）")
    rule: dict[str, Any] | None = Field(None, description="计分规则，如 {\"method\": \"trimmed\", \"drop\": 1, "
                                                          "\"min_judges\": 5}（默认）或 {\"method\": \"mean\"}")
    sitting: dt.datetime | None = Field(None, description="时间（须带时区偏移）")
    place: str = ""


class PanelPatchIn(Schema):
    name: str | None = None
    post_ids: list[int] | None = None
    judges: list[JudgeIn] | None = None
    rule: dict[str, Any] | None = None
    sitting: dt.datetime | None = None
    place: str | None = None


class SeatOut(Schema):
    seat: int
    label: str = Field(description="评委1、评委2……（计算过程和公布结果中只以此称呼）")
    username: str
    name: str
    group: str


class PanelOut(Schema):
    id: int
    name: str
    posts: list[str]
    judges: list[SeatOut]
    rule: dict[str, Any]
    rule_text: str
    sitting: dt.datetime | None
    place: str
    drawn: bool
    started: bool


class InterviewOut(Schema):
    stage_status: str
    rubric: RubricOut
    panels: list[PanelOut]
    blockers: list[str] = Field(description="封存前须完成的事项")
    results: dict[str, Any] = Field(description="各职位按出场顺序的面试成绩（人选结束评分后才有评委评分）")


class AppearanceOut(Schema):
    id: int
    order: int | None
    application_id: int
    name: str
    post: str
    status: str = Field(description="waiting 待评分、scoring 评分中、closed 已结束评分")
    absent: bool


class CellOut(Schema):
    judge: str
    state: str = Field(description="submitted 已提交、recused 回避、missing 未提交")
    total: str | None = Field(description="该评委的总分：仅在该人选结束评分后给出")


class ProgressRowOut(AppearanceOut):
    cells: list[CellOut]
    missing: list[str]
    score: str | None = Field(description="面试成绩（两位小数）：结束评分后")


class ProgressOut(Schema):
    panel_id: int
    judges: list[str]
    drawn: bool
    started: bool
    rows: list[ProgressRowOut]


class AbsentIn(Schema):
    absent: bool = Field(True, description="true 登记缺席，false 撤销")


# --- replies ---------------------------------------------------------------------------------------

def rubric_out(stage: Any) -> dict[str, Any]:
    criteria = sel.rubric(stage)
    total = sel.rubric_total(stage)
    return {"criteria": [{"id": c.pk, "name": c.name, "max_points": plain(c.max_points),
                          "description": c.description} for c in criteria],
            "max": plain(total) if total is not None else None}


def panel_out(panel: Panel) -> dict[str, Any]:
    seats = sel.seats(panel)
    tz = panel.stage.campaign.time_zone
    return {"id": panel.pk, "name": panel.name, "posts": sorted(panel.posts.values_list("code", flat=True)),
            "judges": [{"seat": n, "label": sel.seat_label(n), "username": j.user.get_username(),
                        "name": sel.judge_name(j), "group": j.group} for n, j in enumerate(seats, start=1)],
            "rule": sel.rule_of(panel).as_json(), "rule_text": sel.rule_text(panel),
            "sitting": panel.sitting.astimezone(zoneinfo.ZoneInfo(tz)) if panel.sitting else None, "place": panel.place,
            "drawn": Appearance.objects.filter(panel=panel, order__isnull=False).exists(),
            "started": sel.panel_started(panel)}


def appearance_out(a: Appearance) -> dict[str, Any]:
    return {"id": a.pk, "order": a.order, "application_id": a.application_id, "name": a.application.person.name,
            "post": a.application.post.code, "status": a.status, "absent": a.absent}


def progress_out(panel: Panel) -> dict[str, Any]:
    progress = sel.panel_progress(panel)
    rows = []
    for row in progress.rows:
        out = appearance_out(row.appearance)
        out.update({"cells": [{"judge": label, "state": cell.state, "total": cell.total or None}
                              for label, cell in zip(progress.labels, row.cells, strict=True)],
                    "missing": row.missing, "score": row.score or None})
        rows.append(out)
    return {"panel_id": panel.pk, "judges": progress.labels, "drawn": progress.drawn, "started": progress.started,
            "rows": rows}


def _panel(panel_id: int) -> Panel:
    return get_object_or_404(Panel.objects.select_related("stage", "stage__campaign"), pk=panel_id)


def _appearance(appearance_id: int) -> Appearance:
    return get_object_or_404(Appearance.objects.select_related(
        "panel", "stage", "stage__campaign", "application__person", "application__post"), pk=appearance_id)


def _judges(judges: list[JudgeIn] | None) -> list[dict[str, Any]] | None:
    return None if judges is None else [{"user": j.user_id, "group": j.group} for j in judges]


# --- the stage: rubric and panels ------------------------------------------------------------------

@router.get("/{int:campaign_id}/interview", response=InterviewOut,
            summary="面试（演讲）环节：评分标准、评委组、封存前须完成的事项、已结束评分的成绩")
def interview(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "scoring.view")
    stage = stage_of(campaign_id, StageKind.INTERVIEW)
    return {"stage_status": stage.status, "rubric": rubric_out(stage),
            "panels": [panel_out(p) for p in sel.panels_of(stage)],
            "blockers": interview_blockers(stage, timezone.now()) if stage.status == "open" else [],
            "results": interview_results(stage)}


@router.put("/{int:campaign_id}/interview/rubric", response={200: RubricOut, 400: ErrorOut},
            summary="设置评分标准（评分要素及分值；已有评委提交评分表后不能再改）")
@refusals
def rubric_set(request: HttpRequest, campaign_id: int, payload: RubricIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    stage = stage_of(campaign_id, StageKind.INTERVIEW)
    actions.rubric_set(actor=request.user, stage=stage, criteria=[c.dict() for c in payload.criteria])
    return Status(200, rubric_out(stage))


@router.post("/{int:campaign_id}/interview/panels", response={200: PanelOut, 400: ErrorOut},
             summary="建立评委组（负责的职位、评委及座次、计分规则）；为这些职位的人选安排出场")
@refusals
def panel_create(request: HttpRequest, campaign_id: int, payload: PanelIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    stage = stage_of(campaign_id, StageKind.INTERVIEW)
    panel = actions.panel_create(actor=request.user, stage=stage, name=payload.name, posts=payload.post_ids,
                                 judges=_judges(payload.judges) or [], rule=payload.rule,
                                 sitting=aware(payload.sitting, "时间"), place=payload.place)
    return Status(200, panel_out(_panel(panel.pk)))


@router.get("/panels/{int:panel_id}", response=PanelOut, summary="评委组")
def panel_get(request: HttpRequest, panel_id: int) -> dict[str, Any]:
    require(request.user, "scoring.view")
    return panel_out(_panel(panel_id))


@router.patch("/panels/{int:panel_id}", response={200: PanelOut, 400: ErrorOut},
              summary="修改评委组（职位、评委和计分规则只能在开始评分前修改）")
@refusals
def panel_update(request: HttpRequest, panel_id: int, payload: PanelPatchIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    panel = _panel(panel_id)
    given = payload.dict(exclude_unset=True)
    extra: dict[str, Any] = {}
    if "rule" in given:
        extra["rule"] = payload.rule
    if "sitting" in given:
        extra["sitting"] = aware(payload.sitting, "时间")
    actions.panel_update(actor=request.user, panel=panel, name=payload.name, posts=payload.post_ids,
                         judges=_judges(payload.judges), place=payload.place, **extra)
    return Status(200, panel_out(_panel(panel_id)))


@router.delete("/panels/{int:panel_id}", response={204: None, 400: ErrorOut},
               summary="删除评委组（尚未开始评分、没有评分表时）")
@refusals
def panel_delete(request: HttpRequest, panel_id: int) -> Status[None]:
    require(request.user, "scoring.manage")
    actions.panel_delete(actor=request.user, panel=_panel(panel_id))
    return Status(204, None)


@router.post("/panels/{int:panel_id}/draw", response={200: list[AppearanceOut], 400: ErrorOut},
             summary="抽签确定出场顺序（记入全程记实；开始评分前可重新抽签）")
@refusals
def panel_draw(request: HttpRequest, panel_id: int) -> Status[list[dict[str, Any]]]:
    require(request.user, "scoring.manage")
    order = actions.appearance_draw(actor=request.user, panel=_panel(panel_id))
    return Status(200, [appearance_out(a) for a in order])


@router.get("/panels/{int:panel_id}/progress", response=ProgressOut,
            summary="评分进度：各评委对各人选是否已提交（评委评分在该人选结束评分后给出）")
def panel_progress(request: HttpRequest, panel_id: int) -> dict[str, Any]:
    require(request.user, "scoring.view")
    return progress_out(_panel(panel_id))


# --- a candidate ----------------------------------------------------------------------------------

@router.post("/appearances/{int:appearance_id}/start", response={200: AppearanceOut, 400: ErrorOut},
             summary="开始对该人选评分（评委此后可提交评分表）")
@refusals
def appearance_start(request: HttpRequest, appearance_id: int) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    a = actions.appearance_start(actor=request.user, appearance=_appearance(appearance_id))
    return Status(200, appearance_out(_appearance(a.pk)))


@router.post("/appearances/{int:appearance_id}/close", response={200: ProgressRowOut, 400: ErrorOut},
             summary="结束对该人选的评分（每位评委均已提交或回避）；给出面试成绩")
@refusals
def appearance_close(request: HttpRequest, appearance_id: int) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    a = actions.appearance_close(actor=request.user, appearance=_appearance(appearance_id))
    row = next(r for r in progress_out(a.panel)["rows"] if r["id"] == a.pk)
    return Status(200, row)


@router.post("/appearances/{int:appearance_id}/absent", response={200: AppearanceOut, 400: ErrorOut},
             summary="登记该人选缺席（或撤销）")
@refusals
def appearance_absent(request: HttpRequest, appearance_id: int,
                      payload: AbsentIn | None = None) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    a = actions.appearance_absent(actor=request.user, appearance=_appearance(appearance_id),
                                  absent=payload.absent if payload else True)
    return Status(200, appearance_out(_appearance(a.pk)))
