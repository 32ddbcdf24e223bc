"""The judge's side of the API (``scoring.judge``): their panels and candidates, a candidate's rubric and their
own sheet, handing it in, correcting it, recusing.

A judge acts only on candidates of the panels they sit on (the object rule of :mod:`xuanren.scoring.access`:
403 otherwise), and sees only their own sheet — never another judge's scores nor the panel score.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from xuanren.accounts.access import require, require_object
from xuanren.campaigns.errors import refuse
from xuanren.scoring import actions
from xuanren.scoring import panels_selectors as sel
from xuanren.scoring.actions._common import plain
from xuanren.scoring.api.common import ErrorOut, refusals, router
from xuanren.scoring.api.panels import CriterionOut, rubric_out
from xuanren.scoring.models import Appearance, Sheet

Number = str | int | float | None


class MineOut(Schema):
    appearance_id: int
    order: int | None
    name: str
    post: str
    status: str = Field(description="waiting 待评分、scoring 评分中、closed 已结束评分")
    absent: bool
    mine: str = Field(description="本人：submitted 已提交、recused 已回避、missing 未评分")


class JudgePanelOut(Schema):
    panel_id: int
    panel: str
    campaign: str
    stage_status: str
    seat: int = Field(description="本人座次（评委N）")
    candidates: list[MineOut]


class SheetOut(Schema):
    id: int
    points: dict[str, str] = Field(description="各评分要素（编号）的得分")
    total: str | None
    recused: bool
    reason: str
    revision: int
    submitted_at: dt.datetime


class JudgeAppearanceOut(Schema):
    appearance_id: int
    order: int | None
    name: str
    post: str
    post_title: str
    status: str
    absent: bool
    rubric: list[CriterionOut]
    max: str | None
    sheet: SheetOut | None = Field(description="本人的评分表（只有本人的）")


class SheetIn(Schema):
    points: dict[str, Number] = Field(description="各评分要素（编号）的得分：数字或十进制字符串，最多两位小数")


class RecuseIn(Schema):
    reason: str = Field(description="回避理由（必填）")


def sheet_out(sheet: Sheet | None) -> dict[str, Any] | None:
    if sheet is None:
        return None
    return {"id": sheet.pk, "points": dict(sheet.points), "total": plain(sheet.total) if sheet.total is not None
            else None, "recused": sheet.recused, "reason": sheet.recusal_reason, "revision": sheet.revision,
            "submitted_at": sheet.submitted_at}


def _appearance(request: HttpRequest, appearance_id: int) -> Appearance:
    a = get_object_or_404(Appearance.objects.select_related(
        "panel", "stage", "stage__campaign", "application__person", "application__post"), pk=appearance_id)
    require_object(request.user, "scoring.judge", a)
    return a


def judge_appearance_out(request: HttpRequest, a: Appearance) -> dict[str, Any]:
    rubric = rubric_out(a.stage)
    return {"appearance_id": a.pk, "order": a.order, "name": a.application.person.name,
            "post": a.application.post.code, "post_title": a.application.post.title, "status": a.status,
            "absent": a.absent, "rubric": rubric["criteria"], "max": rubric["max"],
            "sheet": sheet_out(sel.own_sheet(request.user, a))}


@router.get("/judge/panels", response=list[JudgePanelOut], summary="评委：本人所在评委组及其人选（按出场顺序）")
def judge_panels(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "scoring.judge")
    return [{"panel_id": jp.panel.pk, "panel": jp.panel.name, "campaign": jp.panel.stage.campaign.name,
             "stage_status": jp.panel.stage.status, "seat": jp.number,
             "candidates": [{"appearance_id": r.appearance.pk, "order": r.appearance.order,
                             "name": r.appearance.application.person.name,
                             "post": r.appearance.application.post.code, "status": r.appearance.status,
                             "absent": r.appearance.absent, "mine": r.state} for r in jp.rows]}
            for jp in sel.judge_panels(request.user)]


@router.get("/judge/appearances/{int:appearance_id}", response=JudgeAppearanceOut,
            summary="评委：人选、评分标准和本人的评分表")
def judge_appearance(request: HttpRequest, appearance_id: int) -> dict[str, Any]:
    require(request.user, "scoring.judge")
    return judge_appearance_out(request, _appearance(request, appearance_id))


@router.post("/judge/appearances/{int:appearance_id}/sheet", response={200: JudgeAppearanceOut, 400: ErrorOut},
             summary="评委：提交评分表（人选评分中；每人一次，修改请用 PUT）")
@refusals
def judge_submit(request: HttpRequest, appearance_id: int, payload: SheetIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.judge")
    a = _appearance(request, appearance_id)
    actions.sheet_submit(actor=request.user, appearance=a, points=payload.points)
    return Status(200, judge_appearance_out(request, a))


@router.put("/judge/appearances/{int:appearance_id}/sheet", response={200: JudgeAppearanceOut, 400: ErrorOut},
            summary="评委：修改本人的评分表（该人选结束评分前）")
@refusals
def judge_correct(request: HttpRequest, appearance_id: int, payload: SheetIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.judge")
    a = _appearance(request, appearance_id)
    sheet = sel.own_sheet(request.user, a)
    if sheet is None:
        raise refuse("scoring.sheet.none", "您尚未提交对该人选的评分，无需修改", "you have not handed in a sheet "
                     "for this candidate")
    actions.sheet_correct(actor=request.user, sheet=sheet, points=payload.points)
    return Status(200, judge_appearance_out(request, a))


@router.post("/judge/appearances/{int:appearance_id}/recuse", response={200: JudgeAppearanceOut, 400: ErrorOut},
             summary="评委：申请回避（写明理由；记入全程记实）")
@refusals
def judge_recuse(request: HttpRequest, appearance_id: int, payload: RecuseIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.judge")
    a = _appearance(request, appearance_id)
    actions.sheet_recuse(actor=request.user, appearance=a, reason=payload.reason)
    return Status(200, judge_appearance_out(request, a))
