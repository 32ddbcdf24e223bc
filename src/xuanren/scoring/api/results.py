"""The composite, ranking and shortlist in the API: the live preview, the shortlist's rule and recomputation,
a campaign's results (exact values as strings beside the values shown) and their export."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from xuanren.accounts.access import require
from xuanren.campaigns.api.schemas import PublicationOut, publication_out
from xuanren.campaigns.models import Campaign, StageKind
from xuanren.campaigns.views.campaigns import attachment
from xuanren.scoring import actions, exports, selectors
from xuanren.scoring.api.common import XLSX, ErrorOut, refusals, router, stage_of


class MessageOut(Schema):
    code: str
    zh: str
    en: str


class ComponentOut(Schema):
    kind: str
    label: str
    weight: str = Field(description="权重（百分制）")
    full_marks: str
    min_score: str | None = Field(description="最低分数线（原始分）；null 表示不设")


class PartOut(Schema):
    kind: str
    label: str
    weight: str
    full_marks: str
    raw: str | None = Field(description="原始分（显示值）；缺考或无成绩为 null")
    raw_exact: str | None = Field(description="原始分的精确值，如 \"263/3\"")
    scaled: str | None = Field(description="折算为百分制后的显示值")
    scaled_exact: str | None
    contribution: str = Field(description="计入综合成绩的分数（显示值）")
    contribution_exact: str | None
    absent: bool
    missing: bool = Field(description="该环节没有此人的成绩（未录入）")
    explanation: list[MessageOut]


class RowOut(Schema):
    application: int = Field(description="报名编号")
    name: str
    post: str
    parts: list[PartOut]
    composite: str = Field(description="综合成绩（按设定的小数位数显示，四舍五入）")
    composite_exact: str | None = Field(description="综合成绩的精确值，如 \"1234/15\"；排名按精确值比较")
    rank: int | None
    tied: bool
    shortlisted: bool
    reason: str
    reason_en: str
    failures: list[MessageOut]
    explanation: list[MessageOut]


class PostOut(Schema):
    post_id: int
    code: str
    title: str
    slots: int
    quota: int | None = Field(description="应确定的考察对象人数（职数×比例）")
    shortlisted: int
    ties: list[str]
    rows: list[RowOut]


class ResultsOut(Schema):
    campaign_id: int
    campaign: str
    source: str = Field(description="standings：已封存并公布的结果；live：按各环节现有成绩实时计算（预览）")
    shortlist_stage: str | None = Field(description="综合成绩环节的状态；本批次没有该环节时为 null")
    formula: str = ""
    formula_en: str = ""
    rule: str = ""
    rule_en: str = ""
    ratio: int = 3
    tie_breaks: list[str] = []
    decimals: int = 2
    components: list[ComponentOut] = []
    problems: list[str] = Field(description="封存前尚待完成的事项")
    stale: list[str] = Field(description="前面环节更正后综合成绩已变、尚未重新计算的人选")
    posts: list[PostOut]


class ShortlistSettingsIn(Schema):
    ratio: int = Field(3, description="每个职数确定考察对象的人数（1:3 即 3）")
    tie_breaks: list[str] = Field([], description="综合成绩相同时依次比较的环节，如 recommendation、interview")
    decimals: int = Field(2, description="显示的小数位数（0–4）")


class ShortlistSettingsOut(Schema):
    ratio: int
    tie_breaks: list[str]
    decimals: int


class RecomputeIn(Schema):
    reason: str = Field(description="重新计算的理由（必填），如“笔试成绩复核更正”")


@router.get("/{int:campaign_id}/shortlist/preview", response=ResultsOut,
            summary="按各环节现有成绩实时计算的综合成绩、排名和考察对象（封存前预览，并列出尚待完成的事项）")
def shortlist_preview(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "scoring.view")
    stage = stage_of(campaign_id, StageKind.SHORTLIST)
    comp = selectors.shortlist_preview(stage)
    return selectors.Results(stage.campaign, stage, "live", comp.header(), comp.posts, comp.problems).as_json()


@router.put("/{int:campaign_id}/shortlist/settings", response={200: ShortlistSettingsOut, 400: ErrorOut},
            summary="确定考察对象的规则：差额比例、同分比较的环节、显示的小数位数（封存前）")
@refusals
def shortlist_settings(request: HttpRequest, campaign_id: int,
                       payload: ShortlistSettingsIn) -> Status[dict[str, Any]]:
    require(request.user, "scoring.manage")
    stage = actions.shortlist_settings_set(actor=request.user, stage=stage_of(campaign_id, StageKind.SHORTLIST),
                                           ratio=payload.ratio, tie_breaks=payload.tie_breaks,
                                           decimals=payload.decimals)
    return Status(200, {k: stage.settings[k] for k in ("ratio", "tie_breaks", "decimals")})


@router.post("/{int:campaign_id}/shortlist/recompute", response={200: PublicationOut, 400: ErrorOut},
             summary="前面环节更正后重新计算已封存的综合成绩和考察对象（须写明理由；重新公布为新版本）")
@refusals
def shortlist_recompute(request: HttpRequest, campaign_id: int, payload: RecomputeIn) -> Status[dict[str, Any]]:
    require(request.user, "stages.seal")
    stage = stage_of(campaign_id, StageKind.SHORTLIST)
    publication = actions.shortlist_recompute(actor=request.user, stage=stage, reason=payload.reason)
    return Status(200, publication_out(publication, stage.campaign))


@router.get("/{int:campaign_id}/results", response=ResultsOut,
            summary="综合成绩表：每个职位各环节成绩（原始分和折算分）、综合成绩、名次、是否确定为考察对象及理由")
def campaign_results(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    require(request.user, "scoring.view")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return selectors.campaign_results(campaign).as_json()


@router.get("/{int:campaign_id}/results/export", summary="导出综合成绩表（format=xlsx 或 pdf）",
            openapi_extra={"responses": {200: {"content": {XLSX: {}, "application/pdf": {}}}}})
def results_export(request: HttpRequest, campaign_id: int, format: Literal["xlsx", "pdf"] = "xlsx") -> HttpResponse:
    require(request.user, "results.export")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    results = selectors.campaign_results(campaign)
    name = f"{campaign.name}综合成绩"
    if format == "pdf":
        response = attachment(exports.results_pdf(results), f"{name}.pdf", f"results-{campaign_id}.pdf")
        response["Content-Type"] = "application/pdf"
        return response
    return attachment(exports.results_xlsx(results), f"{name}.xlsx", f"results-{campaign_id}.xlsx")
