"""The composite, ranking and shortlist pages: the shortlist stage's page (its rule, what stops the sealing,
the live ranking before sealing, the recomputation after an earlier correction), a campaign's results page
(a tab per post, the formula, how each number was computed) and its export to Excel and PDF.

Reading needs ``scoring.view``; the rule ``scoring.manage``; a recomputation ``stages.seal``; exporting
``results.export``.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import SCORING_STAGES, Campaign, Stage, StageKind
from xuanren.campaigns.views.campaigns import attachment
from xuanren.scoring import actions, exports, selectors
from xuanren.scoring.views.exam import get_stage

log = logging.getLogger(__name__)


def shortlist_url(stage: Stage) -> str:
    return reverse("scoring:shortlist", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


@capability_required("scoring.view")
def shortlist_page(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.SHORTLIST)
    results = selectors.campaign_results(stage.campaign)
    settings = stage.settings if isinstance(stage.settings, dict) else {}
    weighted = [s for s in stage.campaign.stages.order_by("order") if s.kind in SCORING_STAGES and s.weight is not None]
    return render(request, "scoring/results_shortlist.html", {
        "campaign": stage.campaign, "stage": stage, "results": results,
        "ratio": settings.get("ratio", 3), "tie_breaks": settings.get("tie_breaks", []),
        "decimals": settings.get("decimals", 2), "weighted": weighted,
        "can_manage": has(request.user, "scoring.manage"), "can_correct": has(request.user, "stages.seal"),
        "can_export": has(request.user, "results.export"),
        "open": stage.status == Stage.Status.OPEN, "sealed": stage.status == Stage.Status.SEALED,
    })


@require_POST
@capability_required("scoring.manage")
def shortlist_settings(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.SHORTLIST)
    tie_breaks = [k for k in request.POST.getlist("tie_breaks") if k]
    try:
        actions.shortlist_settings_set(actor=request.user, stage=stage, ratio=request.POST.get("ratio", "3"),
                                       tie_breaks=tie_breaks, decimals=request.POST.get("decimals", "2"))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("确定考察对象的规则已保存。"))
    return HttpResponseRedirect(shortlist_url(stage))


@require_POST
@capability_required("stages.seal")
def shortlist_recompute(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.SHORTLIST)
    try:
        publication = actions.shortlist_recompute(actor=request.user, stage=stage,
                                                  reason=request.POST.get("reason", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新计算综合成绩并重新发布（第%(version)s版）。") % {
            "version": publication.version})
    return HttpResponseRedirect(shortlist_url(stage))


@capability_required("scoring.view")
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=pk)
    results = selectors.campaign_results(campaign)
    return render(request, "scoring/results_campaign.html", {
        "campaign": campaign, "results": results, "stage": results.shortlist,
        "can_export": has(request.user, "results.export"),
    })


@capability_required("results.export")
def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """``fmt``: ``xlsx`` (a sheet per post and the rules) or ``pdf`` (A4 landscape, a table per post)."""
    from xuanren.campaigns.documents.pdf import PdfFontMissing

    campaign = get_object_or_404(Campaign, pk=pk)
    results = selectors.campaign_results(campaign)
    name = f"{campaign.name}综合成绩"
    if fmt == "xlsx":
        return attachment(exports.results_xlsx(results), f"{name}.xlsx", f"results-{campaign.pk}.xlsx")
    if fmt != "pdf":
        raise Http404("unknown format")
    try:
        data = exports.results_pdf(results)
    except PdfFontMissing as exc:
        log.error("%s", exc)
        messages.error(request, _("服务器缺少生成 PDF 所需的中文字体，请联系系统管理员。"))
        return HttpResponseRedirect(reverse("scoring:results", kwargs={"pk": campaign.pk}))
    response = attachment(data, f"{name}.pdf", f"results-{campaign.pk}.pdf")
    response["Content-Type"] = "application/pdf"
    return response
