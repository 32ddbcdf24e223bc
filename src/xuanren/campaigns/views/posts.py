"""Posts of a campaign: set up while it is a draft (create, edit, delete); afterwards, for a post with too
few qualified applicants, the three decisions with their reasons (cancel, extend, merge)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required
from xuanren.campaigns import actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Campaign, Post
from xuanren.campaigns.views import forms
from xuanren.campaigns.views.campaigns import back, dashboard_url, get_campaign


def get_post(campaign_pk: int, pk: int) -> Post:
    return get_object_or_404(Post.objects.select_related("campaign", "campaign__unit", "department"),
                             pk=pk, campaign_id=campaign_pk)


def _render(request: HttpRequest, campaign: Campaign, form: forms.PostForm, post: Post | None,
            error: str | None) -> HttpResponse:
    return render(request, "campaigns/post_form.html", {
        "campaign": campaign, "form": form, "post": post, "error": error,
        "draft": campaign.status == Campaign.Status.DRAFT,
    })


@capability_required("campaigns.change")
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(pk)
    form = forms.PostForm(request.POST or None, campaign=campaign)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            post = actions.post_create(actor=request.user, campaign=campaign, **form.action_kwargs())
        except CampaignError as exc:
            error = str(exc)
        else:
            messages.success(request, _("已添加职位 %(post)s。") % {"post": post})
            if "again" in request.POST:
                return redirect("campaigns:post_create", pk=campaign.pk)
            return redirect(dashboard_url(campaign))
    return _render(request, campaign, form, None, error)


@capability_required("campaigns.change")
def post_edit(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_post(pk, post_pk)
    form = forms.PostForm(request.POST or None, campaign=post.campaign, initial=forms.PostForm.initial_of(post))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.post_update(actor=request.user, post=post, **form.action_kwargs())
        except CampaignError as exc:
            error = str(exc)
        else:
            messages.success(request, _("职位 %(post)s 已保存。") % {"post": post.code})
            return redirect(dashboard_url(post.campaign))
    return _render(request, post.campaign, form, post, error)


@require_POST
@capability_required("campaigns.change")
def post_delete(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_post(pk, post_pk)
    try:
        actions.post_delete(actor=request.user, post=post)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除职位 %(post)s。") % {"post": post})
    return redirect(dashboard_url(pk))


def _decide(request: HttpRequest, post: Post, form: forms.StyledForm, call: Any, done: str) -> HttpResponse:
    if not form.is_valid():
        messages.error(request, forms.form_errors(form))
        return back(request, dashboard_url(post.campaign_id))
    try:
        call(form.cleaned_data)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return back(request, dashboard_url(post.campaign_id))


@require_POST
@capability_required("campaigns.change")
def post_cancel(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_post(pk, post_pk)
    return _decide(request, post, forms.ReasonForm(request.POST),
                   lambda d: actions.post_cancel(actor=request.user, post=post, reason=d["reason"]),
                   _("职位 %(post)s 已取消。") % {"post": post})


@require_POST
@capability_required("campaigns.change")
def post_extend(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_post(pk, post_pk)
    zone = forms.zone_of(post.campaign.time_zone) or forms.zone_of(forms.DEFAULT_ZONE)
    assert zone is not None
    return _decide(request, post, forms.ExtendForm(request.POST),
                   lambda d: actions.post_extend(actor=request.user, post=post, reason=d["reason"],
                                                 new_deadline=d["new_deadline"].replace(tzinfo=zone)),
                   _("职位 %(post)s 已延长报名。") % {"post": post})


@require_POST
@capability_required("campaigns.change")
def post_merge(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_post(pk, post_pk)
    return _decide(request, post, forms.MergeForm(request.POST, post=post),
                   lambda d: actions.post_merge(actor=request.user, post=post, into=d["into"], reason=d["reason"]),
                   _("职位 %(post)s 已合并。") % {"post": post})
