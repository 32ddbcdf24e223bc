"""The interview stage (竞聘演讲, 答辩, 面试): its handler, its score source for the composite, its dashboard page.

- sealing is refused while a candidate has not been heard and closed (or marked absent), each named, and
  while a post's candidates have no panel (:func:`interview_blockers`) — unless the stage is a speech
  heard but not scored (no weight, no panel);
- what is published (:func:`interview_results`) is, per post, the candidates in order of appearance with
  their panel score (two decimals, the exact value beside it), each judge's total named only by seat
  (评委1…n) with which were dropped, and the explanation of the panel score;
- a correction after sealing fixes a sheet entered wrongly, with a reason: ``{"sheet": pk, "points":
  {criterion pk: points}}`` or a list of such (:func:`interview_correct`); the panel score follows;
- the composite reads :func:`interview_scores`: the panel score out of the rubric's maximum (or, when the
  stage's settings give ``full_marks``, scaled to it), ``None`` and absent for a candidate marked absent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Stage, StageKind
from xuanren.campaigns.selectors import candidates
from xuanren.campaigns.stage_pages import register_stage_page
from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.scoring.panel import PanelScore
from xuanren.scoring import panels_selectors as sel
from xuanren.scoring.actions._common import plain, to_decimal, to_fraction
from xuanren.scoring.actions.sheets import checked_points
from xuanren.scoring.models import Appearance, Panel, PanelJudge, Sheet
from xuanren.scoring.sources import StageScore, register_score_source

NAMES_LISTED = 10


# --- the stage's rows, read once -------------------------------------------------------------------

@dataclass(frozen=True)
class Heard:
    """A candidate's appearance with what the judges handed in and the panel score (closed, not absent)."""

    appearance: Appearance
    judges: list[PanelJudge]
    sheets: dict[int, Sheet]
    result: PanelScore | None
    error: str = ""


def heard(stage: Stage) -> list[Heard]:
    """Every appearance of the stage (by panel, in order of appearance), with its sheets and panel score."""
    panels = {p.pk: p for p in Panel.objects.filter(stage=stage)}
    judges: dict[int, list[PanelJudge]] = defaultdict(list)
    for j in PanelJudge.objects.filter(panel__stage=stage).select_related("user").order_by("order", "id"):
        judges[j.panel_id].append(j)
    sheets: dict[int, dict[int, Sheet]] = defaultdict(dict)
    for s in Sheet.objects.filter(appearance__stage=stage):
        sheets[s.appearance_id][s.judge_id] = s
    out: list[Heard] = []
    for pk in sorted(panels):
        panel = panels[pk]
        for a in sel.appearances(panel):
            result, error = None, ""
            if a.status == Appearance.Status.CLOSED and not a.absent:
                try:
                    result = sel.score_of(list(sheets[a.pk].values()), judges[pk], sel.rule_of(panel))
                except RuleError as exc:
                    error = str(exc)
            out.append(Heard(a, judges[pk], sheets[a.pk], result, error))
    return out


# --- sealing ---------------------------------------------------------------------------------------

def interview_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    """Candidates not yet closed (nor marked absent), and posts whose candidates have no panel.

    A speech heard but not scored (no weight in the composite and no panel, as in the seed 000 template)
    waits for nothing."""
    out: list[str] = []
    if stage.weight is None and not Panel.objects.filter(stage=stage).exists():
        return out
    rows = heard(stage)
    open_ = [h.appearance for h in rows if h.appearance.status != Appearance.Status.CLOSED]
    if open_:
        names = "、".join(f"{a.application.person.name}（{a.application.post.code}，{a.panel.name}，"
                         f"{a.get_status_display()}）" for a in open_[:NAMES_LISTED])
        more = f"等{len(open_)}人" if len(open_) > NAMES_LISTED else ""
        out.append(f"尚有{len(open_)}名人选未结束评分（也未登记缺席）：{names}{more}")
    broken = [h for h in rows if h.error]
    out += [f"{h.appearance.application.person.name}的面试成绩无法计算：{h.error}" for h in broken]
    placed = {h.appearance.application_id for h in rows}
    unplaced: dict[str, int] = defaultdict(int)
    for app in candidates(stage.campaign):
        if app.pk not in placed:
            unplaced[app.post.code] += 1
    out += [f"职位{code}尚有{n}名人选未安排评委组" for code, n in unplaced.items()]
    return out


def _judge_cells(h: Heard) -> list[dict[str, Any]]:
    dropped_high = {s.judge for s in h.result.highest} if h.result else set()
    dropped_low = {s.judge for s in h.result.lowest} if h.result else set()
    cells = []
    for n, j in enumerate(h.judges, start=1):
        label = sel.seat_label(n)
        s = h.sheets.get(j.pk)
        cell: dict[str, Any] = {"judge": label, "total": None, "recused": bool(s and s.recused), "dropped": ""}
        # A judge's total is shown only once the candidate is closed (never while the others still score).
        if s is not None and not s.recused and s.total is not None and h.appearance.status == Appearance.Status.CLOSED:
            cell["total"] = plain(s.total)
            cell["dropped"] = "high" if label in dropped_high else "low" if label in dropped_low else ""
        cells.append(cell)
    return cells


def interview_results(stage: Stage) -> dict[str, Any]:
    """What the stage publishes: per post, the candidates in order of appearance with their panel scores."""
    rows = heard(stage)
    criteria = sel.rubric(stage)
    by_post: dict[int, list[Heard]] = defaultdict(list)
    panels_of_post: dict[int, Panel] = {}
    for h in rows:
        by_post[h.appearance.application.post_id].append(h)
        panels_of_post[h.appearance.application.post_id] = h.appearance.panel
    posts = sorted({h.appearance.application.post for h in rows}, key=lambda p: (p.order, p.pk))
    out_posts = []
    for post in posts:
        panel = panels_of_post[post.pk]
        people = []
        for h in sorted(by_post[post.pk], key=lambda h: (h.appearance.order is None, h.appearance.order or 0,
                                                          h.appearance.application_id)):
            a = h.appearance
            score = h.result.score if h.result else None
            people.append({
                "order": a.order, "application": a.application_id, "name": a.application.person.name,
                "absent": a.absent, "status": a.status,
                "score": _exact(score), "display": "缺席" if a.absent else sel.shown(score),
                "judges": [] if a.absent else _judge_cells(h),
                "explanation": sel.lines(h.result.explain()) if h.result else [],
            })
        seats = by_post[post.pk][0].judges
        out_posts.append({"code": post.code, "title": post.title, "slots": post.slots, "panel": panel.name,
                          "rule": sel.rule_text(panel), "judges": [sel.seat_label(n) for n in range(1, len(seats) + 1)],
                          "people": people})
    total = sum((Fraction(c.max_points) for c in criteria), Fraction(0))
    return {"kind": stage.kind, "title": str(stage.get_kind_display()),
            "rubric": [{"name": c.name, "max_points": plain(c.max_points)} for c in criteria],
            "max": plain(total) if criteria else None, "decimals": sel.DECIMALS, "posts": out_posts}


def _exact(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


# --- corrections after sealing ---------------------------------------------------------------------

def interview_correct(stage: Stage, changes: Any, reason: str, actor: Any, now: dt.datetime) -> dict[str, Any]:
    """Fix sheets entered wrongly: ``{"sheet": pk, "points": {criterion pk: points}}`` or a list of such.

    Only a sheet of points (not a recusal) of a closed candidate of this stage; the points are checked
    against the rubric as when handed in. Returns what changed for the record (totals, by seat)."""
    items = [changes] if isinstance(changes, Mapping) else list(changes or [])
    if not items:
        raise refuse("correct.empty", "更正内容为空", "the correction changes nothing")
    changed: list[dict[str, Any]] = []
    before: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, Mapping) or "sheet" not in item or not isinstance(item.get("points"), Mapping):
            raise refuse("scoring.correct.format",
                         "更正的格式应为 {{\"sheet\": 评分表编号, \"points\": {{评分要素编号: 得分}}}}",
                         "a correction is {{\"sheet\": id, \"points\": {{criterion id: points}}}}")
        try:
            pk = int(item["sheet"])
        except (TypeError, ValueError):
            raise refuse("scoring.correct.sheet", "评分表编号“{pk}”无效", "invalid sheet id '{pk}'",
                         pk=str(item["sheet"])) from None
        sheet = (Sheet.objects.select_for_update(of=("self",))
                 .select_related("appearance", "appearance__application__person", "appearance__panel", "judge")
                 .filter(pk=pk, appearance__stage=stage).first())
        if sheet is None:
            raise refuse("scoring.correct.unknown_sheet", "本环节没有编号为{pk}的评分表", "the stage has no sheet {pk}",
                         pk=pk)
        if sheet.recused:
            raise refuse("scoring.correct.recused", "第{pk}号评分表是回避记录，不能更正为评分",
                         "sheet {pk} is a recusal", pk=pk)
        stored, total = checked_points(stage, item["points"])
        if stored == sheet.points:
            raise refuse("scoring.correct.no_change", "第{pk}号评分表的得分与更正内容相同", "sheet {pk} is unchanged",
                         pk=pk)
        number = sel.seat_numbers(sel.seats(sheet.appearance.panel)).get(sheet.judge_id, 0)
        old_total = plain(sheet.total)
        before.append({"sheet": pk, "points": sheet.points, "total": old_total, "revision": sheet.revision})
        sheet.points, sheet.total, sheet.revision = stored, to_decimal(total), sheet.revision + 1
        sheet.save(update_fields=["points", "total", "revision"])
        after.append({"sheet": pk, "points": stored, "total": plain(total), "revision": sheet.revision})
        changed.append({"sheet": pk, "application": sheet.appearance.application_id,
                        "candidate": sheet.appearance.application.person.name, "judge": sel.seat_label(number),
                        "total_before": old_total, "total_after": plain(total)})
    return {"changes": changed, "before": before, "after": after}


# --- the composite's source ------------------------------------------------------------------------

def _scale_to(stage: Stage) -> Fraction | None:
    raw = stage.settings.get("full_marks") if isinstance(stage.settings, dict) else None
    try:
        value = to_fraction(raw)
    except Exception:
        return None
    return value if value is not None and value > 0 else None


def interview_scores(stage: Stage) -> dict[int, StageScore]:
    """``{application pk: StageScore}`` for each current candidate closed or marked absent."""
    wanted = set(candidates(stage.campaign).values_list("pk", flat=True))
    criteria = sel.rubric(stage)
    maximum = sum((Fraction(c.max_points) for c in criteria), Fraction(0))
    scale = _scale_to(stage)
    out: dict[int, StageScore] = {}
    for h in heard(stage):
        a = h.appearance
        if a.application_id not in wanted or a.status != Appearance.Status.CLOSED:
            continue
        full = scale or maximum or Fraction(100)
        if a.absent:
            line = Message("scoring.interview.absent", "面试（演讲）缺席", "absent from the interview")
            out[a.application_id] = StageScore(a.application_id, None, full, True, (line,))
            continue
        if h.result is None or h.result.score is None:
            continue
        lines = list(h.result.explain())
        score = h.result.score
        if scale is not None and maximum and scale != maximum:
            scaled = score * scale / maximum
            lines.append(Message("scoring.interview.scaled",
                                 "评分标准满分{max}分，折算为{full}分制：{score} × {full} ÷ {max} = {scaled}",
                                 "rubric out of {max}, scaled to {full}: {score} × {full} ÷ {max} = {scaled}",
                                 {"max": plain(maximum), "full": plain(scale), "score": sel.shown(score),
                                  "scaled": sel.shown(scaled)}))
            score = scaled
        out[a.application_id] = StageScore(a.application_id, score, full, False, tuple(lines))
    return out


register_stage_handler(StageKind.INTERVIEW, StageHandler(results=interview_results, blockers=interview_blockers,
                                                         correct=interview_correct))
register_score_source(StageKind.INTERVIEW, interview_scores)
register_stage_page(StageKind.INTERVIEW, _("评委与评分"), "scoring:panels", "scoring.view")
