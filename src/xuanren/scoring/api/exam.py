"""The written exam in the API: its scores (list, enter one, import a file, the template), settings, corrections."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile

from xuanren.accounts.access import require
from xuanren.campaigns.api.schemas import PublicationOut, publication_out
from xuanren.campaigns.models import StageKind
from xuanren.campaigns.views.campaigns import attachment
from xuanren.people.actions import ImportRejected, check_size
from xuanren.people.api import RejectedOut
from xuanren.scoring import actions, importing, selectors
from xuanren.scoring.actions._common import plain, score_settings
from xuanren.scoring.api.common import XLSX, ErrorOut, application_of, refusals, router, stage_of

Number = str | int | float | None


class ExamLineOut(Schema):
    application_id: int
    name: str
    post: str = Field(description="职位代码")
    post_title: str
    exam_number: str
    entered: bool = Field(description="是否已录入（成绩或缺考）")
    score: str | None = Field(description="成绩（精确的十进制数字符串，如 \"85.5\"）；缺考或未录入为 null")
    absent: bool = Field(description="缺考（不是0分）")
    below_line: bool = Field(description="低于合格线")


class ExamScoresOut(Schema):
    stage_status: str
    full_marks: str
    min_score: str | None
    candidates: int
    missing: int
    absent: int
    scores: list[ExamLineOut]


class ExamEnterIn(Schema):
    application_id: int
    score: Number = Field(None, description="成绩：数字或十进制字符串（最多两位小数）；也可写“缺考”")
    absent: bool = False
    exam_number: str = ""


class ExamSettingsIn(Schema):
    full_marks: Number = Field(100, description="满分")
    min_score: Number = Field(None, description="合格线；null 表示不设")


class ExamSettingsOut(Schema):
    full_marks: str
    min_score: str | None


class ExamCorrectIn(Schema):
    application_id: int
    score: Number = None
    absent: bool = False
    exam_number: str = ""
    reason: str = Field(description="更正理由（必填）")


class ExamImportOut(Schema):
    rows: int
    created: int
    changed: int
    absent: int
    sha256: str
    event_seq: int
    summary: list[str]


def _scores(stage: Any) -> dict[str, Any]:
    table = selectors.exam_table(stage)
    rules = table.settings
    return {"stage_status": stage.status, "full_marks": plain(rules.full_marks),
            "min_score": plain(rules.min_score) if rules.min_score is not None else None,
            "candidates": len(table.lines), "missing": table.missing, "absent": table.absent,
            "scores": [selectors.exam_line_json(line) for line in table.lines]}


@router.get("/{int:campaign_id}/exam/scores", response=ExamScoresOut,
            summary="笔试考生及成绩（资格审查合格的有效报名；成绩、缺考或未录入，低于合格线的标出）")
def exam_scores(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "scoring.view")
    return _scores(stage_of(campaign_id, StageKind.EXAM))


@router.post("/{int:campaign_id}/exam/scores", response={200: ExamLineOut, 400: ErrorOut},
             summary="录入或修改一名考生的笔试成绩（或缺考）；封存后须走更正")
@refusals
def exam_enter(request: HttpRequest, campaign_id: int, payload: ExamEnterIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    stage = stage_of(campaign_id, StageKind.EXAM)
    application = application_of(stage, payload.application_id)
    actions.exam_score_enter(actor=request.user, stage=stage, application=application, score=payload.score,
                             absent=payload.absent, exam_number=payload.exam_number)
    line = next(line for line in selectors.exam_table(stage).lines if line.application.pk == application.pk)
    return Status(200, selectors.exam_line_json(line))


@router.put("/{int:campaign_id}/exam/settings", response={200: ExamSettingsOut, 400: ErrorOut},
            summary="笔试满分和合格线（封存前）")
@refusals
def exam_settings(request: HttpRequest, campaign_id: int, payload: ExamSettingsIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    stage = actions.exam_settings_set(actor=request.user, stage=stage_of(campaign_id, StageKind.EXAM),
                                      full_marks=payload.full_marks, min_score=payload.min_score)
    return Status(200, score_settings(stage).as_json())


@router.post("/{int:campaign_id}/exam/import", response={200: ExamImportOut, 400: RejectedOut},
             summary="导入笔试成绩（.xlsx 或 .csv，multipart 字段 file；全有或全无，400 时逐行列出全部问题）")
def exam_import(request: HttpRequest, campaign_id: int, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    stage = stage_of(campaign_id, StageKind.EXAM)
    try:
        check_size(file.size or 0, filename=file.name or "")
        result = actions.exam_import(actor=request.user, stage=stage, data=file.read(), filename=file.name or "")
    except ImportRejected as exc:
        return Status(400, exc.as_dict())
    return Status(200, result.as_dict())


@router.get("/{int:campaign_id}/exam/template", summary="笔试成绩表（.xlsx，列出全部考生，填写后导入）",
            openapi_extra={"responses": {200: {"content": {XLSX: {}}}}})
def exam_template(request: HttpRequest, campaign_id: int) -> HttpResponse:
    require(request.user, "scoring.manage")
    stage = stage_of(campaign_id, StageKind.EXAM)
    return attachment(importing.exam_template(stage), f"{stage.campaign.name}笔试成绩.xlsx",
                      f"exam-scores-{campaign_id}.xlsx")


@router.post("/{int:campaign_id}/exam/correct", response={200: PublicationOut, 400: ErrorOut},
             summary="更正已封存的笔试成绩（须写明理由；重新公布为新版本）")
@refusals
def exam_correct(request: HttpRequest, campaign_id: int, payload: ExamCorrectIn) -> Status[dict[str, Any]]:
    require(request.user, "stages.seal")
    stage = stage_of(campaign_id, StageKind.EXAM)
    publication = actions.exam_score_correct(
        actor=request.user, stage=stage, application=application_of(stage, payload.application_id),
        score=payload.score, absent=payload.absent, exam_number=payload.exam_number, reason=payload.reason)
    return Status(200, publication_out(publication, stage.campaign))
