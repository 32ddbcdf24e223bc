"""Reads of panel scoring (selectors read, actions write): the rubric, the panel score of a candidate, the
organiser's progress grid (who has scored whom), a judge's own list, and the results of a panel.

Who may see what is decided here as much as in the views: the progress grid carries a judge's total only
for a candidate whose scoring is closed, and a judge's list carries their own sheets and nothing of the
other judges'. Each function runs a bounded number of queries, whatever the number of judges or candidates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import F, QuerySet

from xuanren.campaigns.models import Stage
from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.scoring.common import display
from xuanren.rules.scoring.panel import Criterion as RubricLine
from xuanren.rules.scoring.panel import JudgeScore, PanelRule, PanelScore, panel_score, rubric_max
from xuanren.scoring.models import Appearance, Criterion, Panel, PanelJudge, Sheet

DECIMALS = 2
SUBMITTED, RECUSED, MISSING = "submitted", "recused", "missing"


# --- the rubric and the rule -----------------------------------------------------------------------

def rubric(stage: Stage) -> list[Criterion]:
    return list(Criterion.objects.filter(stage=stage).order_by("order", "id"))


def rubric_lines(criteria: list[Criterion]) -> list[RubricLine]:
    """The rubric as the rules read it: the key of a criterion is its primary key as a string."""
    return [RubricLine(key=str(c.pk), name=c.name, max_points=Fraction(c.max_points)) for c in criteria]


def rubric_total(stage: Stage) -> Fraction | None:
    """The rubric's maximum (the sum of the criteria's points), None while there is no rubric."""
    lines = rubric_lines(rubric(stage))
    return rubric_max(lines) if lines else None


def rule_of(panel: Panel) -> PanelRule:
    """The panel's rule (the default, trimmed mean dropping one each side at five judges or more, when unset)."""
    return PanelRule.from_json(panel.rule) if panel.rule else PanelRule()


def rule_text(panel: Panel) -> str:
    """The rule in Chinese words, or the reason it cannot be read."""
    try:
        return rule_of(panel).explain().text().removeprefix("评分规则：")
    except RuleError as exc:
        return str(exc)


# --- judges' seats -------------------------------------------------------------------------------

def seats(panel: Panel) -> list[PanelJudge]:
    return list(PanelJudge.objects.filter(panel=panel).select_related("user").order_by("order", "id"))


def seat_label(n: int) -> str:
    """How a judge is named wherever their scores appear: by seat (评委1…n), never by name."""
    return f"评委{n}"


def seat_numbers(judges: list[PanelJudge]) -> dict[int, int]:
    """PanelJudge pk → seat number, 1…n in the panel's order."""
    return {j.pk: n for n, j in enumerate(judges, start=1)}


def judge_name(judge: PanelJudge) -> str:
    user = judge.user
    return str(user.first_name or user.get_username())


# --- a candidate's panel score ---------------------------------------------------------------------

def score_of(sheets: list[Sheet], judges: list[PanelJudge], rule: PanelRule) -> PanelScore:
    """The panel score from the sheets handed in (recusals left out), judges named by seat."""
    numbers = seat_numbers(judges)
    groups = {j.pk: j.group for j in judges}
    scores = [JudgeScore(judge=seat_label(numbers[s.judge_id]), total=Fraction(s.total),
                         group=groups.get(s.judge_id, ""))
              for s in sorted(sheets, key=lambda s: numbers.get(s.judge_id, 0))
              if not s.recused and s.total is not None and s.judge_id in numbers]
    return panel_score(scores, rule)


def appearance_score(appearance: Appearance) -> PanelScore:
    panel = appearance.panel
    return score_of(list(appearance.sheets.all()), seats(panel), rule_of(panel))


def lines(messages: Any) -> list[dict[str, Any]]:
    """Explanation lines as stored and published: ``[{"code", "zh", "en", "params"}]``."""
    return [m.as_dict() for m in messages]


def shown(score: Fraction | None) -> str:
    return display(score, DECIMALS) if score is not None else "—"


# --- the organiser's progress grid -----------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One judge × one candidate: ``state`` is submitted / recused / missing; ``total`` only once closed."""

    state: str
    total: str = ""
    revision: int = 0


@dataclass(frozen=True)
class ProgressRow:
    appearance: Appearance
    cells: list[Cell]
    done: int
    missing: list[str]
    score: str = ""
    explanation: list[Message] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.appearance.status == Appearance.Status.CLOSED

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Progress:
    panel: Panel
    judges: list[PanelJudge]
    labels: list[str]
    rows: list[ProgressRow]
    drawn: bool
    started: bool

    @property
    def closed(self) -> int:
        return sum(1 for r in self.rows if r.closed)

    @property
    def seated(self) -> list[tuple[str, PanelJudge]]:
        """``[("评委1", judge), …]`` in seat order."""
        return list(zip(self.labels, self.judges, strict=True))


def appearances(panel: Panel) -> QuerySet[Appearance]:
    """The panel's candidates in order of appearance (not yet drawn: by post, then application)."""
    return (Appearance.objects.filter(panel=panel)
            .select_related("application", "application__person", "application__person__unit", "application__post")
            .order_by(F("order").asc(nulls_last=True), "application__post__order", "application__post_id",
                      "application_id"))


def panel_progress(panel: Panel) -> Progress:
    """Who has scored whom on ``panel``. A judge's total is carried only for closed candidates; while a
    candidate is being scored the grid says submitted (✓), recused (回避) or not yet (—), and nothing more."""
    judges = seats(panel)
    rule = rule_of(panel)
    rows_in = list(appearances(panel))
    by_appearance: dict[int, dict[int, Sheet]] = defaultdict(dict)
    for found in Sheet.objects.filter(appearance__panel=panel):
        by_appearance[found.appearance_id][found.judge_id] = found
    rows: list[ProgressRow] = []
    for a in rows_in:
        sheets = by_appearance.get(a.pk, {})
        closed = a.status == Appearance.Status.CLOSED
        cells: list[Cell] = []
        missing: list[str] = []
        for n, j in enumerate(judges, start=1):
            s = sheets.get(j.pk)
            if s is None:
                cells.append(Cell(MISSING))
                missing.append(f"{seat_label(n)}（{judge_name(j)}）")
            elif s.recused:
                cells.append(Cell(RECUSED, revision=s.revision))
            else:
                total = shown(Fraction(s.total)) if closed and s.total is not None else ""
                cells.append(Cell(SUBMITTED, total=total, revision=s.revision))
        score, explanation = "", []
        if closed and not a.absent:
            result = score_of(list(sheets.values()), judges, rule)
            score, explanation = shown(result.score), list(result.explain())
        rows.append(ProgressRow(appearance=a, cells=cells, done=len(judges) - len(missing), missing=missing,
                                score=score, explanation=explanation))
    return Progress(panel=panel, judges=judges, labels=[seat_label(n) for n in range(1, len(judges) + 1)],
                    rows=rows, drawn=any(a.order is not None for a in rows_in),
                    started=any(a.status != Appearance.Status.WAITING and not a.absent for a in rows_in))


def panels_of(stage: Stage) -> QuerySet[Panel]:
    return Panel.objects.filter(stage=stage).prefetch_related("posts", "judges", "judges__user").order_by("id")


def panel_started(panel: Panel) -> bool:
    """Whether any candidate of the panel has been started (or closed) — the panel is then fixed."""
    return Appearance.objects.filter(panel=panel, absent=False).exclude(status=Appearance.Status.WAITING).exists()


def stage_has_sheets(stage: Stage) -> bool:
    return Sheet.objects.filter(appearance__stage=stage).exists()


# --- a judge's own view --------------------------------------------------------------------------

@dataclass(frozen=True)
class JudgeRow:
    """A candidate as one judge sees them: the state, and their own sheet (never anyone else's)."""

    appearance: Appearance
    sheet: Sheet | None

    @property
    def state(self) -> str:
        if self.sheet is None:
            return MISSING
        return RECUSED if self.sheet.recused else SUBMITTED


@dataclass(frozen=True)
class JudgePanel:
    panel: Panel
    seat: PanelJudge
    number: int
    rows: list[JudgeRow]


def judge_panels(user: Any) -> list[JudgePanel]:
    """The panels ``user`` sits on (stages not sealed first), each with its candidates in order and the
    user's own sheet for each."""
    mine = list(PanelJudge.objects.filter(user_id=user.pk)
                .select_related("panel", "panel__stage", "panel__stage__campaign")
                .order_by("panel__stage__status", "-panel__stage__campaign_id", "panel_id"))
    if not mine:
        return []
    own = {s.appearance_id: s for s in Sheet.objects.filter(judge__in=mine)}
    numbers: dict[int, int] = {}
    for j in mine:
        panel_judges = list(PanelJudge.objects.filter(panel_id=j.panel_id).order_by("order", "id")
                            .values_list("pk", flat=True))
        numbers[j.pk] = panel_judges.index(j.pk) + 1
    out = []
    for j in mine:
        rows = [JudgeRow(a, own.get(a.pk)) for a in appearances(j.panel)]
        out.append(JudgePanel(panel=j.panel, seat=j, number=numbers[j.pk], rows=rows))
    return out


def seat_of(user: Any, panel: Panel) -> PanelJudge | None:
    pk = getattr(user, "pk", None)
    return PanelJudge.objects.filter(panel=panel, user_id=pk).first() if pk is not None else None


def own_sheet(user: Any, appearance: Appearance) -> Sheet | None:
    """``user``'s own sheet for the candidate (never anyone else's)."""
    pk = getattr(user, "pk", None)
    return Sheet.objects.filter(appearance=appearance, judge__user_id=pk).first() if pk is not None else None


__all__ = [
    "DECIMALS", "MISSING", "RECUSED", "SUBMITTED", "Cell", "JudgePanel", "JudgeRow", "Progress", "ProgressRow",
    "appearance_score", "appearances", "judge_name", "judge_panels", "lines", "own_sheet", "panel_progress",
    "panel_started", "panels_of", "rubric", "rubric_lines", "rubric_total", "rule_of", "rule_text", "score_of",
    "seat_label", "seat_numbers", "seat_of", "seats", "shown", "stage_has_sheets",
]
