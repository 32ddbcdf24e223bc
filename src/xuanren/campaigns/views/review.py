"""The reviewer's pages: a post's applications with the automatic findings, and the decision on each.

While the eligibility stage is open the reviewer confirms or overrides each automatic result (an override
needs a written reason). Once sealed the page is read-only, lists what was published, and offers the
organiser a correction with its reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns import actions, selectors
from xuanren.campaigns.actions.review import FREE_TEXT
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
from xuanren.campaigns.views import forms
from xuanren.campaigns.views.campaigns import back, dashboard_url, get_campaign
from xuanren.campaigns.views.posts import get_post


def _review_of(app: Application) -> Review | None:
    try:
        return app.review
    except Review.DoesNotExist:
        return None


def review_url(post: Post) -> str:
    return reverse("campaigns:review", args=[post.campaign_id, post.pk])


@capability_required("applications.review")
def post_review(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_post(pk, post_pk)
    campaign = post.campaign
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.ELIGIBILITY).first()
    rows: list[dict[str, Any]] = []
    for app in selectors.applications_of_post(post):
        review = _review_of(app)
        findings = list(review.findings) if review else []
        rows.append({
            "app": app, "review": review,
            "checks": [f for f in findings if f.get("kind") != FREE_TEXT],
            "items": [f for f in findings if f.get("kind") == FREE_TEXT],
            "active": app.status == Application.Status.SUBMITTED,
        })
    sealed = stage is not None and stage.status == Stage.Status.SEALED
    posts = list(Post.objects.filter(campaign=campaign).order_by("order", "id"))
    return render(request, "campaigns/review.html", {
        "campaign": campaign, "post": post, "posts": posts, "rows": rows, "stage": stage, "sealed": sealed,
        "deciding": (stage is not None and stage.status == Stage.Status.OPEN
                     and campaign.status == Campaign.Status.ANNOUNCED and post.status == Post.Status.OPEN),
        "publications": list(selectors.stage_publications(stage)) if sealed and stage else [],
        "can_correct": sealed and has(request.user, "stages.seal"),
        "decision_form": forms.DecisionForm(),
    })


@require_POST
@capability_required("applications.review")
def review_decide(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    app = get_object_or_404(Application.objects.select_related("post", "person", "campaign"), pk=application_pk,
                            campaign_id=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, forms.form_errors(form))
        return back(request, review_url(app.post))
    try:
        review = actions.review_decide(actor=request.user, application=app, decision=form.cleaned_data["decision"],
                                       reason=form.cleaned_data["reason"])
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s：%(decision)s。") % {"name": app.person.name,
                                                                 "decision": review.get_decision_display()})
    return back(request, review_url(app.post))


@require_POST
@capability_required("applications.review")
def review_run(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(pk)
    try:
        run = actions.review_run(actor=request.user, campaign=campaign)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        text = _("已按%(on)s完成自动审查：%(checked)s份报名，符合条件%(eligible)s份，不符合%(ineligible)s份。") % {
            "on": f"{run.on.year}年{run.on.month}月{run.on.day}日", "checked": run.checked,
            "eligible": run.eligible, "ineligible": run.ineligible}
        if run.reverted:
            text += _("其中%(n)s份的自动结果有变，原审查结论已撤销，请重新审查。") % {"n": len(run.reverted)}
        messages.success(request, text)
    return back(request, dashboard_url(campaign))


@require_POST
@capability_required("applications.review")
def review_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm every pending automatic result that leaves nothing to judge (of one post, or all)."""
    campaign = get_campaign(pk)
    post_pk = request.POST.get("post", "")
    post = get_post(pk, int(post_pk)) if post_pk.isdigit() else None
    try:
        n = actions.review_confirm_pending(actor=request.user, campaign=campaign, post=post)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        if n:
            messages.success(request, _("已批量确认%(n)s份报名的自动审查结果。") % {"n": n})
        else:
            messages.info(request, _("没有可批量确认的报名（含“其他条件”的须逐份审查）。"))
    return back(request, dashboard_url(campaign))
