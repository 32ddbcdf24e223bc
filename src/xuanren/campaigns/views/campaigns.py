"""The organiser's pages of a campaign: the list, creating or copying one, its dashboard, publishing it,
weights, imports, and entering an application on someone's behalf.

Each view parses the request, checks the capability (``capability_required``), calls one action and
renders or redirects. A refusal (:class:`CampaignError`) is shown on the page in the action's words and
nothing has changed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns import actions, importing, selectors
from xuanren.campaigns.actions.campaigns import weight_problems
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import SCORING_STAGES, Campaign, Post, Stage, StageKind
from xuanren.campaigns.stage_pages import links_for
from xuanren.campaigns.views import forms
from xuanren.people.actions import PROBLEMS_SHOWN, ImportRejected
from xuanren.people.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_campaign(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("unit", "copied_from"), pk=pk)


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to the form's ``next`` when it is a page of this site, else to ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


def dashboard_url(campaign: Campaign | int) -> str:
    return reverse("campaigns:detail", args=[campaign.pk if isinstance(campaign, Campaign) else campaign])


def attachment(data: bytes, name: str, fallback: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    return response


# --- list, create, copy, edit ----------------------------------------------------------------------

@capability_required("campaigns.view")
def campaign_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    campaigns = list(selectors.campaign_list(status=status if status in Campaign.Status.values else None))
    current = {s.campaign_id: s for s in Stage.objects.filter(campaign__in=campaigns).order_by("-order")
               if s.status != Stage.Status.SEALED}
    open_stages = {s.campaign_id: s for s in Stage.objects.filter(campaign__in=campaigns, status=Stage.Status.OPEN)}
    rows = [{"campaign": c, "stage": open_stages.get(c.pk) or current.get(c.pk)} for c in campaigns]
    return render(request, "campaigns/campaign_list.html", {
        "rows": rows, "status": status, "statuses": Campaign.Status.choices,
        "can_change": has(request.user, "campaigns.change"), "upload": forms.UploadForm(),
    })


@capability_required("campaigns.change")
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = forms.CampaignForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.campaign_create(actor=request.user, template=form.cleaned_data["template"],
                                               **form.action_kwargs())
        except CampaignError as exc:
            error = str(exc)
        else:
            messages.success(request, _("已新建竞聘批次“%(name)s”（草稿）。下一步：添加职位。")
                             % {"name": campaign.name})
            return redirect(dashboard_url(campaign))
    return render(request, "campaigns/campaign_form.html", {
        "form": form, "error": error, "templates": forms.template_descriptions(), "campaign": None,
    })


@capability_required("campaigns.change")
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(pk)
    form = forms.CampaignForm(request.POST or None, with_template=False,
                              initial=forms.CampaignForm.initial_of(campaign))
    error = None
    if request.method == "POST" and form.is_valid():
        kwargs = form.action_kwargs()
        kwargs.setdefault("method", campaign.method)
        try:
            actions.campaign_update(actor=request.user, campaign=campaign, **kwargs)
        except CampaignError as exc:
            error = str(exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(dashboard_url(campaign))
    return render(request, "campaigns/campaign_form.html", {"form": form, "error": error, "campaign": campaign})


@capability_required("campaigns.change")
def campaign_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_campaign(pk)
    form = forms.CopyForm(request.POST or None, initial={"name": source.name, "unit": source.unit_id})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.campaign_copy(actor=request.user, source=source, name=form.cleaned_data["name"],
                                             unit=form.cleaned_data["unit"])
        except CampaignError as exc:
            error = str(exc)
        else:
            messages.success(request, _("已从“%(source)s”复制为新的草稿批次，请设置报名时间。")
                             % {"source": source.name})
            return redirect(reverse("campaigns:edit", args=[campaign.pk]))
    return render(request, "campaigns/campaign_copy.html", {"form": form, "error": error, "source": source})


# --- the dashboard ---------------------------------------------------------------------------------

@capability_required("campaigns.view")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(pk)
    board = selectors.campaign_dashboard(campaign)
    user = request.user
    eligibility = next((r.stage for r in board.stages if r.stage.kind == StageKind.ELIGIBILITY), None)
    deciding = (campaign.status == Campaign.Status.ANNOUNCED and eligibility is not None
                and eligibility.status != Stage.Status.SEALED)
    scoring = [r.stage for r in board.stages if r.stage.kind in SCORING_STAGES]
    total = sum((s.weight for s in scoring if s.weight is not None), start=0)
    open_posts = [r.post for r in board.posts if r.post.status == Post.Status.OPEN]
    for row in board.stages:  # the pages where each stage is worked (campaigns/stage_pages.py)
        row.stage.links = links_for(user, row.stage)  # type: ignore[attr-defined]
    return render(request, "campaigns/campaign_detail.html", {

        "campaign": campaign, "board": board, "draft": campaign.status == Campaign.Status.DRAFT,
        "announced": campaign.status in (Campaign.Status.ANNOUNCED, Campaign.Status.CLOSED),
        "running": campaign.status == Campaign.Status.ANNOUNCED,
        "eligibility": eligibility, "deciding": deciding, "scoring": scoring, "weight_total": total,
        "weight_problem": weight_problems(campaign) if scoring else None, "open_posts": open_posts,
        "can_change": has(user, "campaigns.change"), "can_seal": has(user, "stages.seal"),
        "can_review": has(user, "applications.review"), "can_enter": has(user, "applications.enter"),
        "upload": forms.UploadForm(), "now": timezone.now(),
    })


@require_POST
@capability_required("campaigns.change")
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(pk)
    try:
        actions.campaign_publish(actor=request.user, campaign=campaign)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("公告已发布，报名按设定时间开始。"))
    return redirect(dashboard_url(campaign))


@require_POST
@capability_required("campaigns.change")
def stage_weights(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(pk)
    weights = {s.kind: request.POST.get(f"weight_{s.kind}", "").strip() or None
               for s in campaign.stages.all() if s.kind in SCORING_STAGES}
    try:
        actions.stage_set_weights(actor=request.user, campaign=campaign, weights=weights)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("权重已保存。"))
    return redirect(dashboard_url(campaign))


# --- imports and entering applications ---------------------------------------------------------------

def _upload(request: HttpRequest) -> tuple[bytes, str] | None:
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    return upload.read(), upload.name or ""


@capability_required("campaigns.change")
def campaign_import(request: HttpRequest) -> HttpResponse:
    """Upload a campaign workbook: a new draft campaign with its posts, or the file's problems, row by row."""
    context: dict[str, Any] = {"upload": forms.UploadForm(), "problems_shown": PROBLEMS_SHOWN, "campaign": None}
    if request.method == "POST":
        got = _upload(request)
        if got is None:
            context["error"] = _("请选择要上传的文件。")
        else:
            try:
                result = importing.campaign_import(actor=request.user, data=got[0], filename=got[1])
            except ImportRejected as exc:
                context["rejected"] = exc
            else:
                for line in result.lines():
                    messages.success(request, line)
                return redirect(dashboard_url(result.campaign))
    return render(request, "campaigns/import.html", context)


@capability_required("campaigns.change")
def campaign_import_template(request: HttpRequest) -> HttpResponse:
    return attachment(importing.campaign_template(), "竞聘批次导入模板.xlsx", "campaign-template.xlsx")


@capability_required("applications.enter")
def applications_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the applications workbook of a running campaign: all entered, or the problems and none."""
    campaign = get_campaign(pk)
    context: dict[str, Any] = {"upload": forms.UploadForm(), "problems_shown": PROBLEMS_SHOWN, "campaign": campaign}
    if request.method == "POST":
        got = _upload(request)
        if got is None:
            context["error"] = _("请选择要上传的文件。")
        else:
            try:
                result = importing.applications_import(actor=request.user, campaign=campaign, data=got[0],
                                                       filename=got[1])
            except ImportRejected as exc:
                context["rejected"] = exc
            else:
                for line in result.lines():
                    messages.success(request, line)
                return redirect(dashboard_url(campaign))
    return render(request, "campaigns/import.html", context)


@capability_required("applications.enter")
def applications_import_template(request: HttpRequest) -> HttpResponse:
    return attachment(importing.applications_template(), "报名导入模板.xlsx", "applications-template.xlsx")


@capability_required("applications.enter")
def application_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter an application or a nomination for someone of the register, found by ID number."""
    campaign = get_campaign(pk)
    form = forms.ApplicationEnterForm(request.POST or None, campaign=campaign)
    error = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            person = actions.resolve_person(d["id_number"])
            nominator: Person | None = (actions.resolve_person(d["nominator_id_number"])
                                        if d["nominator_id_number"] else None)
            application = actions.application_submit(
                actor=request.user, campaign=campaign, post=d["post"], person=person, source=d["source"],
                nominator=nominator, nominator_note=d["nominator_note"], preference=d["preference"])
        except CampaignError as exc:
            error = str(exc)
        else:
            messages.success(request, _("已录入：%(name)s 报名职位 %(post)s（%(source)s）。") % {
                "name": application.person.name, "post": application.post,
                "source": application.get_source_display()})
            if "again" in request.POST:
                return redirect(reverse("campaigns:application_enter", args=[campaign.pk]))
            return redirect(dashboard_url(campaign))
    return render(request, "campaigns/application_form.html", {"form": form, "error": error, "campaign": campaign})
