"""The organiser's page of the committee stage (拟任人选方案与票决) and the proposals' pages.

The stage page shows, per post, who reached the committee, the proposals with their candidates and reasons,
and what the committee decided so far (with the explanation lines); the meetings of the stage; the rule;
and what must be done before sealing. Reading needs ``committee.view`` (organiser, supervisor); changing
``committee.manage`` (organiser). Each view parses the form, calls one action and redirects; a refusal is
shown in the action's words and nothing has changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Stage
from xuanren.committee import actions
from xuanren.committee import selectors as sel
from xuanren.committee.handlers import committee_results
from xuanren.committee.models import Meeting, Proposal
from xuanren.committee.views.common import (
    committee_users,
    get_proposal,
    get_stage,
    proposal_url,
    run,
    stage_url,
)
from xuanren.rules.committee import Base, DeferRule

DEFER_RULES = ((DeferRule.OVER_DISAGREE.value, gettext_lazy("缓议票多于不同意票的，缓议")),
               (DeferRule.AT_LEAST_AGREE.value, gettext_lazy("缓议票不少于同意票的，缓议")),
               (DeferRule.NEVER.value, gettext_lazy("缓议票只作未同意计（不缓议）")))
BASES = ((Base.MEMBERS.value, gettext_lazy("应到人数（条例规定）")), (Base.PRESENT.value, gettext_lazy("实到人数")))


def rule_from_form(data: Any) -> dict[str, str]:
    return {"quorum": data.get("quorum", "2/3").strip() or "2/3",
            "pass_share": data.get("pass_share", "1/2").strip() or "1/2",
            "base": data.get("base", Base.MEMBERS.value), "defer_rule": data.get("defer_rule",
                                                                                 DeferRule.OVER_DISAGREE.value)}


def candidates_from_form(data: Any) -> list[dict[str, Any]]:
    """Checked ``candidate`` application ids, each with its ``reason_<id>``, in the order of ``order_<id>``."""
    chosen = [int(v) for v in data.getlist("candidate") if v.isdigit()]
    orders = {pk: data.get(f"order_{pk}", "").strip() for pk in chosen}
    chosen.sort(key=lambda pk: int(orders[pk]) if orders[pk].isdigit() else 10_000)
    return [{"application": pk, "reason": data.get(f"reason_{pk}", "")} for pk in chosen]


def _finalist_rows(stage: Stage, post_pk: int, reasons: dict[int, str] | None = None,
                   orders: dict[int, int] | None = None) -> list[dict[str, Any]]:
    before = sel.finalists_before(stage)[0].get(post_pk, [])
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[f.application for f in before])
            .select_related("person", "person__unit")}
    return [{"finalist": f, "application": apps[f.application], "reason": (reasons or {}).get(f.application, ""),
             "checked": f.application in (orders or {}), "order": (orders or {}).get(f.application, "")}
            for f in before if f.application in apps]


@capability_required("committee.view")
def stage_page(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    sealed = stage.status == Stage.Status.SEALED
    running = stage.status == Stage.Status.OPEN
    manage = has(request.user, "committee.manage") and running
    outcomes = sel.post_outcomes(stage)
    meetings = list(sel.meetings_of(stage))
    counts = {m.pk: {"members": m.members.count(), "present": m.members.filter(present=True).count(),
                     "items": m.items.count()} for m in meetings}
    rule = sel.stage_rule(stage)
    posts = [{"outcome": o, "finalists": _finalist_rows(stage, o.post.pk),
              "proposable": manage and o.before and not any(
                  p.status == Proposal.Status.DRAFT or p.items.filter(meeting__status__in=sel.OPEN_MEETING).exists()
                  for p in o.proposals) and len(o.chosen) < o.post.slots} for o in outcomes]
    return render(request, "committee/stage.html", {
        "campaign": stage.campaign, "stage": stage, "posts": posts, "sealed": sealed, "running": running,
        "can_manage": manage, "can_set_rule": has(request.user, "committee.manage") and not sealed,
        "meetings": [{"meeting": m, "counts": counts[m.pk]} for m in meetings],
        "rule": rule.as_json(), "rule_words": str(rule.explain()), "defer_rules": DEFER_RULES, "bases": BASES,
        "modes": Meeting.Mode.choices, "blockers": sel.stage_blockers(stage) if running else [],
        "today": timezone.localdate().isoformat(), "users": committee_users(),
        "member_rows": range(1, 10), "results": committee_results(stage) if sealed else None,
    })


@require_POST
@capability_required("committee.manage")
def settings_save(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    return run(request, lambda: actions.committee_settings_set(actor=request.user, stage=stage,
                                                               rule=rule_from_form(request.POST)),
               _("表决规则已保存（此后新建的会议按此规则表决）。"), stage_url(stage) + "#rule")


@require_POST
@capability_required("committee.manage")
def proposal_create(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    data = request.POST
    post = data.get("post", "")
    try:
        made = actions.proposal_create(actor=request.user, stage=stage, post=int(post) if post.isdigit() else 0,
                                       candidates=candidates_from_form(data), note=data.get("note", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(stage_url(stage) + (f"#post-{post}" if post.isdigit() else ""))
    messages.success(request, _("职位%(code)s的拟任人选方案已建立（酝酿中），请提交会议。") % {"code": made.post.code})
    return HttpResponseRedirect(proposal_url(made))


@capability_required("committee.view")
def proposal_page(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_proposal(proposal_pk)
    stage = proposal.stage
    manage = has(request.user, "committee.manage") and stage.status == Stage.Status.OPEN
    cands = list(proposal.candidates.select_related("application__person", "application__post")
                 .order_by("order", "id"))
    items = list(proposal.items.select_related("meeting", "application__person", "revote_of")
                 .order_by("meeting__held_on", "meeting_id", "order"))
    draft = proposal.status == Proposal.Status.DRAFT
    reasons = {c.application_id: c.reason for c in cands}
    return render(request, "committee/proposal.html", {
        "campaign": stage.campaign, "stage": stage, "proposal": proposal, "candidates": cands, "items": items,
        "can_edit": manage and draft, "can_withdraw": manage and proposal.status != Proposal.Status.WITHDRAWN,
        "finalists": _finalist_rows(stage, proposal.post_id, reasons, {c.application_id: c.order for c in cands})
        if manage and draft else [],
        "meetings": list(sel.meetings_of(stage).filter(status=Meeting.Status.DRAFT)) if manage and draft else [],
    })


@require_POST
@capability_required("committee.manage")
def proposal_update(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_proposal(proposal_pk)
    return run(request, lambda: actions.proposal_update(actor=request.user, proposal=proposal,
                                                        candidates=candidates_from_form(request.POST),
                                                        note=request.POST.get("note", "")),
               _("拟任人选方案已保存。"), proposal_url(proposal))


@require_POST
@capability_required("committee.manage")
def proposal_submit(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_proposal(proposal_pk)
    raw = request.POST.get("meeting", "")
    meeting = Meeting.objects.filter(pk=int(raw), stage=proposal.stage).first() if raw.isdigit() else None
    if meeting is None:
        messages.error(request, _("请选择要提交的会议（准备中的会议）。"))
        return HttpResponseRedirect(proposal_url(proposal))
    return run(request, lambda: actions.proposal_submit(actor=request.user, proposal=proposal, meeting=meeting),
               _("拟任人选方案已提交会议“%(name)s”。") % {"name": meeting.name}, proposal_url(proposal))


@require_POST
@capability_required("committee.manage")
def proposal_withdraw(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_proposal(proposal_pk)
    return run(request, lambda: actions.proposal_withdraw(actor=request.user, proposal=proposal,
                                                          reason=request.POST.get("reason", "")),
               _("拟任人选方案已撤回（已记入全程记实）。"), proposal_url(proposal))
