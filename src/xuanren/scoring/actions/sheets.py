"""A judge's score sheet (评分表): hand it in, correct it, or recuse.

- :func:`sheet_submit` — the judge's points per criterion for a candidate being scored, checked against
  the rubric by :func:`xuanren.rules.scoring.panel.sheet_total` (every criterion scored, none negative or
  above its maximum, at most two decimals); once only — a second one is refused ("您已提交对该人选的评分，
  如需修改请使用修改").
- :func:`sheet_correct` — the judge changes their own sheet until the candidate is closed (revision + 1).
- :func:`sheet_recuse` — the judge withdraws from scoring a candidate (conflict of interest, 回避) with a
  written reason, before or after handing in a sheet, until the candidate is closed.

Only a judge who sits on the candidate's panel may do any of it (the object rule of
:mod:`xuanren.scoring.access` for the pages, and the action's own check), and only while the stage is open
and the organiser has started the candidate and not yet closed it. The record never shows a judge's points:
the events carry the points only in their before/after states, of which the record keeps a digest (it
proves what was handed in without showing it); the scores appear when the candidate is closed
(``scoring.appearance.close``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.db import transaction

from xuanren.campaigns.errors import CampaignError, from_rule, refuse
from xuanren.campaigns.models import Campaign, Stage, StageKind
from xuanren.record.actions import record_event
from xuanren.rules.errors import RuleError
from xuanren.rules.scoring.panel import sheet_total
from xuanren.scoring import panels_selectors as sel
from xuanren.scoring.actions._common import (
    lock_campaign,
    locked_stage,
    now_or,
    plain,
    require,
    require_kind,
    to_decimal,
    to_fraction,
)
from xuanren.scoring.actions.panels import who
from xuanren.scoring.models import Appearance, PanelJudge, Sheet

CAPABILITY = "scoring.judge"
SUBMITTED_ALREADY = "您已提交对该人选的评分，如需修改请使用修改"


def _seat(actor: Any, appearance: Appearance) -> PanelJudge:
    seat = sel.seat_of(actor, appearance.panel) if actor is not None else None
    if seat is None:
        raise refuse("scoring.sheet.not_on_panel", "您不是评委组“{panel}”的评委，不能为{who}评分",
                     "you do not sit on the panel '{panel}': you cannot score {who}", panel=appearance.panel.name,
                     who=who(appearance))
    return seat


def _locked(appearance: Appearance, actor: Any, *, waiting_ok: bool = False) -> tuple[Appearance, PanelJudge]:
    """The candidate's row, locked (after the campaign), checked open for this judge's sheet."""
    campaign = lock_campaign(appearance.stage.campaign)
    stage = locked_stage(appearance.stage)
    require_kind(stage, StageKind.INTERVIEW)
    a = (Appearance.objects.select_for_update(of=("self",))
         .select_related("panel", "stage", "application", "application__person", "application__post")
         .get(pk=appearance.pk))
    seat = _seat(actor, a)
    if stage.status == Stage.Status.SEALED or campaign.status != Campaign.Status.ANNOUNCED:
        raise refuse("scoring.sheet.sealed", "“{label}”环节已封存，评分表不能再提交或修改",
                     "the stage is sealed: sheets can no longer be handed in or changed",
                     label=stage.get_kind_display())
    if a.status == Appearance.Status.CLOSED:
        raise refuse("scoring.sheet.closed", "{who}的评分已结束，评分表不能再提交或修改",
                     "scoring of {who} is closed: sheets can no longer be handed in or changed", who=who(a))
    if stage.status != Stage.Status.OPEN or (a.status == Appearance.Status.WAITING and not waiting_ok):
        raise refuse("scoring.sheet.not_started", "{who}尚未开始评分，请等待主持人开始",
                     "scoring of {who} has not started yet", who=who(a))
    return a, seat


def checked_points(stage: Stage, points: Mapping[Any, Any]) -> tuple[dict[str, str], Fraction]:
    """``points`` (criterion pk → number or text) checked against the stage's rubric: the points as stored
    (``{"12": "18.5"}``) and their total. Raises :class:`CampaignError` naming the criterion."""
    criteria = sel.rubric(stage)
    if not criteria:
        raise refuse("scoring.sheet.no_rubric", "尚未设置评分标准", "the rubric is not set")
    names = {str(c.pk): c.name for c in criteria}
    values: dict[str, Fraction] = {}
    for key, raw in points.items():
        k = str(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            value = to_fraction(raw)
        except CampaignError:
            raise refuse("scoring.sheet.not_a_number", "“{name}”得分“{value}”不是数字", "'{name}': '{value}' is not "
                         "a number", name=names.get(k, k), value=str(raw)) from None
        if value is not None:
            values[k] = value
    try:
        total = sheet_total(sel.rubric_lines(criteria), values)
    except RuleError as exc:
        raise from_rule(exc) from None
    for k, value in values.items():
        if (value * 100).denominator != 1:
            raise refuse("scoring.sheet.decimals", "“{name}”得分“{value}”最多保留两位小数",
                         "'{name}': '{value}' has more than two decimals", name=names[k], value=plain(value))
    return {k: plain(values[k]) for k in names}, total


def _content(sheet: Sheet) -> dict[str, Any]:
    """What the record digests (never shows): the sheet's points, total and recusal."""
    return {"points": sheet.points, "total": plain(sheet.total) if sheet.total is not None else None,
            "recused": sheet.recused, "reason": sheet.recusal_reason, "revision": sheet.revision}


def _details(a: Appearance, seat: PanelJudge, sheet: Sheet) -> dict[str, Any]:
    """What the record shows: who handed in a sheet for whom, never the points."""
    number = sel.seat_numbers(sel.seats(a.panel)).get(seat.pk)
    return {"campaign": a.stage.campaign_id, "stage": a.stage_id, "panel": a.panel_id, "appearance": a.pk,
            "application": a.application_id, "candidate": a.application.person.name, "post": a.application.post.code,
            "judge": sel.seat_label(number or 0), "revision": sheet.revision}


def sheet_submit(*, actor: Any, appearance: Appearance, points: Mapping[Any, Any],
                 now: dt.datetime | None = None) -> Sheet:
    """The judge ``actor`` hands in their sheet for a candidate being scored. Recorded as
    ``scoring.sheet.submit`` (the points digested, not shown)."""
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        a, seat = _locked(appearance, actor)
        existing = Sheet.objects.filter(appearance=a, judge=seat).first()
        if existing is not None:
            if existing.recused:
                raise refuse("scoring.sheet.recused", "您已申请回避对{who}的评分", "you have recused yourself from "
                             "scoring {who}", who=who(a))
            raise refuse("scoring.sheet.twice", SUBMITTED_ALREADY,
                         "you have already handed in a sheet for this candidate; to change it, correct it")
        stored, total = checked_points(a.stage, points)
        sheet = Sheet.objects.create(appearance=a, judge=seat, points=stored, total=to_decimal(total),
                                     submitted_at=now)
        record_event(actor=actor, action="scoring.sheet.submit", obj=sheet, before=None, after=_content(sheet),
                     details=_details(a, seat, sheet))
    return sheet


def sheet_correct(*, actor: Any, sheet: Sheet, points: Mapping[Any, Any], now: dt.datetime | None = None) -> Sheet:
    """The judge changes their own sheet (also one they recused on, which is then a sheet of points again)
    until the candidate is closed: revision + 1. Recorded as ``scoring.sheet.correct`` with the sheet
    before and after (digested, not shown)."""
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        a, seat = _locked(sheet.appearance, actor)
        current = Sheet.objects.select_for_update().filter(pk=sheet.pk).first()
        if current is None or current.judge_id != seat.pk:
            raise refuse("scoring.sheet.not_yours", "只能修改本人的评分表", "you can only change your own sheet")
        stored, total = checked_points(a.stage, points)
        if not current.recused and stored == current.points:
            raise refuse("scoring.sheet.unchanged", "评分与已提交的相同，无需修改", "the sheet is unchanged")
        before = _content(current)
        current.points, current.total = stored, to_decimal(total)
        current.recused, current.recusal_reason = False, ""
        current.revision += 1
        current.submitted_at = now
        current.save()
        record_event(actor=actor, action="scoring.sheet.correct", obj=current, before=before, after=_content(current),
                     details=_details(a, seat, current))
    return current


def sheet_recuse(*, actor: Any, appearance: Appearance, reason: str, now: dt.datetime | None = None) -> Sheet:
    """The judge recuses themself from scoring the candidate (回避, e.g. a relative or a close colleague),
    with a written reason; a sheet already handed in is withdrawn. Allowed from before the candidate starts
    until it is closed. Recorded as ``scoring.sheet.recuse`` with the reason."""
    require(actor, CAPABILITY)
    now = now_or(now)
    reason = (reason or "").strip()
    if not reason:
        raise refuse("scoring.sheet.reason_required", "回避须写明理由", "a recusal needs a written reason")
    with transaction.atomic():
        a, seat = _locked(appearance, actor, waiting_ok=True)
        current = Sheet.objects.select_for_update().filter(appearance=a, judge=seat).first()
        if current is not None and current.recused:
            raise refuse("scoring.sheet.recused", "您已申请回避对{who}的评分", "you have recused yourself from "
                         "scoring {who}", who=who(a))
        before = _content(current) if current is not None else None
        if current is None:
            current = Sheet(appearance=a, judge=seat, revision=0)
        else:
            current.revision += 1
        current.points, current.total, current.recused, current.recusal_reason = {}, None, True, reason
        current.submitted_at = now
        current.save()
        record_event(actor=actor, action="scoring.sheet.recuse", obj=current, before=before, after=_content(current),
                     details={**_details(a, seat, current), "reason": reason})
    return current


__all__ = ["SUBMITTED_ALREADY", "checked_points", "sheet_correct", "sheet_recuse", "sheet_submit"]

