"""The closing report's page and its exports (PDF, Excel).

Reading needs ``reports.view``; exporting ``results.export``. Nothing here writes: the report is read from the
campaign as it stands. ``?date=2026-12-20`` sets the report date (ages are counted on it); by default today.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.models import Campaign
from xuanren.campaigns.views.campaigns import attachment
from xuanren.reports import exports
from xuanren.reports.document import Report, build_report
from xuanren.reports.figures import closing_figures

log = logging.getLogger(__name__)


def report_date(value: str | None) -> tuple[dt.date, str]:
    """The date asked for (YYYY-MM-DD), or today with the reason it was not used."""
    today = timezone.localdate()
    if not value:
        return today, ""
    try:
        return dt.date.fromisoformat(value.strip()), ""
    except ValueError:
        return today, _("报告日期“%(value)s”无法识别，应写成 2026-12-20；已按今天计算。") % {"value": value}


def campaign_report(pk: int, day: dt.date) -> tuple[Campaign, Report]:
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=pk)
    return campaign, build_report(closing_figures(campaign, day))


@capability_required("reports.view")
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    day, problem = report_date(request.GET.get("date"))
    campaign, report = campaign_report(pk, day)
    query = f"?date={day.isoformat()}" if request.GET.get("date") and not problem else ""
    return render(request, "reports/report.html", {
        "campaign": campaign, "report": report, "figures": report.figures, "date": day, "date_problem": problem,
        "query": query, "can_export": has(request.user, "results.export"),
    })


@capability_required("results.export")
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """``fmt``: ``pdf`` or ``xlsx``."""
    from xuanren.campaigns.documents.pdf import PdfFontMissing

    if fmt not in ("pdf", "xlsx"):
        raise Http404("unknown format")
    day, _problem = report_date(request.GET.get("date"))
    campaign, report = campaign_report(pk, day)
    if fmt == "xlsx":
        return attachment(exports.report_xlsx(report), exports.filename(report, "xlsx"), f"report-{campaign.pk}.xlsx")
    try:
        data = exports.report_pdf(report)
    except PdfFontMissing as exc:
        log.error("%s", exc)
        messages.error(request, _("服务器缺少生成 PDF 所需的中文字体，请联系系统管理员。"))
        return HttpResponseRedirect(reverse("reports:view", kwargs={"pk": campaign.pk}))
    response = attachment(data, exports.filename(report, "pdf"), f"report-{campaign.pk}.pdf")
    response["Content-Type"] = "application/pdf"
    return response
