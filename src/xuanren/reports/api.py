"""The closing report in the JSON API (/api/reports): every figure with its exact value, the value shown and
how it was counted, the tables behind them, and the exports.

Reading needs ``reports.view``, exporting ``results.export``. ``date`` (YYYY-MM-DD, default today) is the
report date: ages are counted on it. An unreadable date is a 400 in the campaigns API's shape.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from xuanren.accounts.access import require
from xuanren.campaigns.api.common import ErrorOut, refusals
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Campaign
from xuanren.campaigns.views.campaigns import attachment
from xuanren.reports import exports
from xuanren.reports.document import build_report
from xuanren.reports.figures import closing_figures

router = Router(tags=["reports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FigureOut(Schema):
    key: str = Field(description="数字的代码，如 posts.open、holders.after.age")
    label: str
    exact: str | None = Field(description="精确值：整数，或分数如 \"146/3\"；不适用时为 null")
    display: str = Field(description="显示值（四舍五入到一位小数；比例为百分数）")
    unit: str
    explanation: str = Field(description="计算方法")


class ReportOut(Schema):
    campaign_id: int
    campaign: str
    unit: str
    method: str
    status: str
    status_name: str
    date: str = Field(description="报告日期（年龄按此日计算周岁）")
    finished: bool = Field(description="任职环节已封存或批次已结束")
    summary: str = Field(description="生成的总结段落")
    not_done: list[str] = Field(description="尚未完成的环节")
    stages: list[dict[str, Any]]
    figures: list[FigureOut]
    sources: list[dict[str, Any]] = Field(description="按报名方式的报名人次")
    posts: list[dict[str, Any]] = Field(description="各职位：报名、合格、人选、任用、空缺、结果及原因")
    levels: list[dict[str, Any]] = Field(description="按职务层次/职级")
    sessions: list[dict[str, Any]] = Field(description="投票场次（不含模拟测试）：各投票人类别应到、发出、收回、到会率")
    appointments: list[dict[str, Any]] = Field(description="任用人员，原任职务层次及是否晋升")
    promotions: list[dict[str, Any]] = Field(description="晋升情况：由何层次晋升为何层次，人数")
    vacancies: list[dict[str, Any]] = Field(description="空缺职位及原因")
    holders: dict[str, Any] = Field(description="调整前后的干部队伍：人数、年龄、平均年龄、学历结构")


def _date(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise refuse("reports.date", "报告日期“{value}”无法识别，应写成 2026-12-20",
                     "the report date '{value}' is not a date like 2026-12-20", value=value) from None


@router.get("/{int:campaign_id}", response={200: ReportOut, 400: ErrorOut},
            summary="竞聘批次的工作总结：全部数字（精确值、显示值、计算方法）和各表")
@refusals
def report(request: HttpRequest, campaign_id: int, date: str | None = None) -> Status[dict[str, Any]]:
    require(request.user, "reports.view")
    day = _date(date)
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=campaign_id)
    return Status(200, closing_figures(campaign, day).as_json())


@router.get("/{int:campaign_id}/export", response={200: None, 400: ErrorOut},
            summary="导出工作总结（format=pdf 或 xlsx）",
            openapi_extra={"responses": {200: {"content": {XLSX: {}, "application/pdf": {}}}}})
@refusals
def report_export(request: HttpRequest, campaign_id: int, format: Literal["pdf", "xlsx"] = "pdf",
                  date: str | None = None) -> HttpResponse:
    require(request.user, "results.export")
    day = _date(date)
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=campaign_id)
    doc = build_report(closing_figures(campaign, day))
    if format == "xlsx":
        return attachment(exports.report_xlsx(doc), exports.filename(doc, "xlsx"), f"report-{campaign_id}.xlsx")
    response = attachment(exports.report_pdf(doc), exports.filename(doc, "pdf"), f"report-{campaign_id}.pdf")
    response["Content-Type"] = "application/pdf"
    return response
