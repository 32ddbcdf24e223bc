"""The judge's pages under /judge/, made for a phone: their panels and candidates in order, and the score
sheet of one candidate (the rubric with large number fields, the live total, submit; then their own sheet,
which they may correct until the organiser closes the candidate; recusal with a reason).

A judge sees only their own sheets, never another judge's scores nor the panel score — not before they
hand in their sheet and not after; the results appear to them only as published once the stage is sealed
(the public results page). Every page needs ``scoring.judge``, and a candidate's page the object rule of
:mod:`xuanren.scoring.access` (a judge of the candidate's panel); the actions check it again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, require_object
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage
from xuanren.scoring import actions
from xuanren.scoring import panels_selectors as sel
from xuanren.scoring.actions._common import plain
from xuanren.scoring.models import Appearance

FIELD = "points_"


def score_url(appearance: Appearance) -> str:
    return reverse("judge:score", kwargs={"appearance_pk": appearance.pk})


def _appearance(request: HttpRequest, appearance_pk: int) -> Appearance:
    a = get_object_or_404(Appearance.objects.select_related(
        "panel", "stage", "stage__campaign", "application", "application__person", "application__post"),
        pk=appearance_pk)
    require_object(request.user, "scoring.judge", a)
    return a


def points_from_form(data: Any) -> dict[str, str]:
    """``points_<criterion pk>`` fields → ``{criterion pk: text}`` (empty fields kept, so "未评分" names them)."""
    return {k.removeprefix(FIELD): v for k, v in data.items() if k.startswith(FIELD) and k[len(FIELD):].isdigit()}


@capability_required("scoring.judge")
def judge_home(request: HttpRequest) -> HttpResponse:
    """The judge's panels, each with its candidates in order and the state of the judge's own sheet."""
    return render(request, "scoring/judge_home.html", {"panels": sel.judge_panels(request.user)})


def _render_sheet(request: HttpRequest, a: Appearance, values: dict[str, str] | None = None) -> HttpResponse:
    stage = a.stage
    criteria = sel.rubric(stage)
    sheet = sel.own_sheet(request.user, a)
    seat = sel.seat_of(request.user, a.panel)
    numbers = sel.seat_numbers(sel.seats(a.panel))
    running = stage.status == Stage.Status.OPEN and a.status != Appearance.Status.CLOSED
    own = sheet.points if sheet is not None and not sheet.recused else {}
    fields = [{"criterion": c, "name": f"{FIELD}{c.pk}", "max": plain(c.max_points),
               "value": (values or {}).get(str(c.pk), own.get(str(c.pk), ""))} for c in criteria]
    order = list(sel.appearances(a.panel).filter(absent=False))
    at = next((n for n, other in enumerate(order) if other.pk == a.pk), None)
    return render(request, "scoring/judge_score.html", {
        "appearance": a, "panel": a.panel, "stage": stage, "campaign": stage.campaign, "sheet": sheet,
        "own_total": plain(sheet.total) if sheet is not None and sheet.total is not None else "",
        "number": numbers.get(seat.pk) if seat else None, "fields": fields,
        "rubric_max": plain(sel.rubric_total(stage)) if criteria else "",
        "can_submit": running and a.status == Appearance.Status.SCORING and sheet is None,
        "can_correct": running and a.status == Appearance.Status.SCORING and sheet is not None,
        "can_recuse": running and not (sheet is not None and sheet.recused),
        "correcting": values is not None and sheet is not None,
        "waiting": a.status == Appearance.Status.WAITING and not a.absent and stage.status == Stage.Status.OPEN,
        "sealed": stage.status == Stage.Status.SEALED,
        "previous": order[at - 1] if at else None,
        "next": order[at + 1] if at is not None and at + 1 < len(order) else None,
    })


@capability_required("scoring.judge")
def judge_score(request: HttpRequest, appearance_pk: int) -> HttpResponse:
    return _render_sheet(request, _appearance(request, appearance_pk))


@require_POST
@capability_required("scoring.judge")
def judge_submit(request: HttpRequest, appearance_pk: int) -> HttpResponse:
    a = _appearance(request, appearance_pk)
    values = points_from_form(request.POST)
    try:
        sheet = actions.sheet_submit(actor=request.user, appearance=a, points=values)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return _render_sheet(request, a, values)
    messages.success(request, _("已提交：%(name)s，合计%(total)s分。") % {
        "name": a.application.person.name, "total": plain(sheet.total)})
    return HttpResponseRedirect(score_url(a))


@require_POST
@capability_required("scoring.judge")
def judge_correct(request: HttpRequest, appearance_pk: int) -> HttpResponse:
    a = _appearance(request, appearance_pk)
    values = points_from_form(request.POST)
    sheet = sel.own_sheet(request.user, a)
    if sheet is None:
        messages.error(request, _("您尚未提交对该人选的评分，无需修改"))
        return HttpResponseRedirect(score_url(a))
    try:
        fixed = actions.sheet_correct(actor=request.user, sheet=sheet, points=values)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return _render_sheet(request, a, values)
    messages.success(request, _("已修改：%(name)s，合计%(total)s分（第%(n)s次修改）。") % {
        "name": a.application.person.name, "total": plain(fixed.total), "n": fixed.revision})
    return HttpResponseRedirect(score_url(a))


@require_POST
@capability_required("scoring.judge")
def judge_recuse(request: HttpRequest, appearance_pk: int) -> HttpResponse:
    a = _appearance(request, appearance_pk)
    try:
        actions.sheet_recuse(actor=request.user, appearance=a, reason=request.POST.get("reason", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已申请回避：%(name)s（已记入全程记实）。") % {"name": a.application.person.name})
    return HttpResponseRedirect(score_url(a))
