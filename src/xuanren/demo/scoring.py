"""The demo's scoring, through the real actions: the speech/interview heard by a panel, the written exam
imported from a workbook, the shortlist.

- :func:`hear` runs an interview stage: the rubric, one panel of the five demo judges with the default
  rule (drop the highest and the lowest), absent candidates marked, the order drawn by lot with a seeded
  ``random.Random``, and each candidate started, scored by every judge (or a judge recusing, with the
  reason) and closed — or, for the live demo, only the first few, the next one left with a judge yet to
  hand in a sheet.
- Judges' totals are *planned* (:class:`Plan`): a candidate has a standing (their quality, or a target
  composite score), each judge a leaning, and the totals follow with a little noise; :func:`sheet_points`
  splits a total into points per criterion. Knowing the totals in advance is what lets the open
  selection's exam scores be chosen so that two candidates tie exactly at the shortlist's cut.
- :func:`exam_workbook` writes the exam scores as the .xlsx a testing centre sends back (sheet 成绩),
  for :func:`xuanren.scoring.actions.exam_import`.

Pure where it can be (planning, workbook), and every write is an action of :mod:`xuanren.scoring.actions`.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from xuanren.campaigns.models import Application, Stage
from xuanren.scoring import actions as scoring
from xuanren.scoring.models import Appearance, Criterion, Panel

#: The rubric of the demo's speeches and interviews (评分要素及分值), 100 in all.
RUBRIC: tuple[tuple[str, int, str], ...] = (
    ("政治素质", 20, "政治立场坚定，理想信念、廉洁自律和大局意识"),
    ("工作思路", 30, "对竞聘职位工作的思路、目标和措施是否清晰可行"),
    ("表达能力", 20, "语言表达准确流畅，逻辑清楚，仪表举止得体"),
    ("岗位认识", 30, "对职位职责、业务和当前重点工作的理解"),
)
MAXIMA: tuple[int, ...] = tuple(points for _, points, _ in RUBRIC)
#: A judge's leaning: some judges mark a little higher, some a little lower, as in life.
LEANINGS: tuple[int, ...] = (2, -1, 1, -2, 0)
#: Minutes a candidate stands before the panel (speech and questions), and the pause between two.
MINUTES_EACH, MINUTES_BETWEEN = 12, 3


def at(start: dt.datetime, minutes: int) -> dt.datetime:
    return start + dt.timedelta(minutes=minutes)


# --- planning the judges' totals -------------------------------------------------------------------

def judge_totals(rng: random.Random, standing: float, judges: int = 5) -> list[int]:
    """Each judge's total for a candidate of this standing (out of 100): leaning plus a little noise."""
    return [max(55, min(98, round(standing + LEANINGS[n % len(LEANINGS)] + rng.uniform(-3, 3))))
            for n in range(judges)]


def middle_sum(totals: Sequence[int]) -> int:
    """The sum of the totals the default rule keeps (the highest and the lowest dropped, five judges)."""
    ordered = sorted(totals)
    return sum(ordered[1:-1])


def sheet_points(rng: random.Random, total: int) -> list[int]:
    """``total`` split into whole points per criterion of :data:`RUBRIC`, none above its maximum; the split
    follows the criteria's weight with a point or two moved between them, so sheets are not all alike."""
    points = [total * m // 100 for m in MAXIMA]
    order = sorted(range(len(MAXIMA)), key=lambda i: -(total * MAXIMA[i] % 100))
    for i in order[:total - sum(points)]:
        points[i] += 1
    for _ in range(2):
        give, take = rng.sample(range(len(MAXIMA)), 2)
        if points[give] > 0 and points[take] < MAXIMA[take]:
            points[give] -= 1
            points[take] += 1
    return points


@dataclass
class Plan:
    """Who is heard and how: per application its judges' totals; absent ones; a judge's recusal."""

    totals: dict[int, list[int]] = field(default_factory=dict)
    absent: set[int] = field(default_factory=set)
    # application pk -> (judge's seat index 0–4, written reason)
    recusals: dict[int, tuple[int, str]] = field(default_factory=dict)

    def panel_score(self, application: int) -> Fraction:
        """The panel score the default rule will give (for planning; the product computes its own)."""
        totals = [t for n, t in enumerate(self.totals[application])
                  if self.recusals.get(application, (-1, ""))[0] != n]
        if len(totals) >= 5:
            return Fraction(middle_sum(totals), len(totals) - 2)
        return Fraction(sum(totals), len(totals))


# --- an interview stage ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Heard:
    panel: Panel
    order: list[Appearance]


def hear(*, organiser: Any, judges: Sequence[Any], stage: Stage, posts: Sequence[Any], plan: Plan,
         rng: random.Random, start: dt.datetime, panel_name: str, place: str,
         stop_after: int | None = None, waiting_judges: int = 0) -> Heard:
    """Run the interview ``stage`` for ``posts``: rubric, panel, absences, draw, every candidate heard.

    With ``stop_after`` only that many candidates are closed; the next one is started and all judges but
    the last ``waiting_judges`` hand in their sheets (the live demo: a judge still to score).
    """
    scoring.rubric_set(actor=organiser, stage=stage, now=at(start, -60),
                       criteria=[{"name": n, "max_points": p, "description": d} for n, p, d in RUBRIC])
    panel = scoring.panel_create(actor=organiser, stage=stage, name=panel_name, posts=posts, judges=list(judges),
                                 sitting=start, place=place, now=at(start, -50))
    for appearance in Appearance.objects.filter(panel=panel, application_id__in=plan.absent).order_by("pk"):
        scoring.appearance_absent(actor=organiser, appearance=appearance, now=at(start, -40))
    order = scoring.appearance_draw(actor=organiser, panel=panel, rng=rng, now=at(start, -30))
    criteria = list(Criterion.objects.filter(stage=stage).order_by("order"))
    for n, appearance in enumerate(order):
        if stop_after is not None and n > stop_after:
            break
        live = n == stop_after
        begin = at(start, n * (MINUTES_EACH + MINUTES_BETWEEN))
        scoring.appearance_start(actor=organiser, appearance=appearance, now=begin)
        totals = plan.totals[appearance.application_id]
        recusal = plan.recusals.get(appearance.application_id)
        seated = list(judges)[:len(judges) - waiting_judges] if live else list(judges)
        for seat, judge in enumerate(seated):
            when = at(begin, MINUTES_EACH - 2 + seat % 2)
            if recusal is not None and recusal[0] == seat:
                scoring.sheet_recuse(actor=judge, appearance=appearance, reason=recusal[1], now=when)
                continue
            points = sheet_points(rng, totals[seat])
            scoring.sheet_submit(actor=judge, appearance=appearance, now=when,
                                 points={str(c.pk): p for c, p in zip(criteria, points, strict=True)})
        if not live:
            scoring.appearance_close(actor=organiser, appearance=appearance, now=at(begin, MINUTES_EACH))
    return Heard(panel, order)


# --- the written exam ------------------------------------------------------------------------------

EXAM_FILENAME = "笔试成绩.xlsx"
EXAM_HEADERS = ("准考证号", "身份证号", "姓名", "职位代码", "职位名称", "成绩", "备注")


@dataclass(frozen=True)
class ExamLine:
    application: Application
    exam_number: str
    score: Fraction | None  # None: 缺考


def exam_workbook(lines: Sequence[ExamLine], *, made: dt.datetime) -> bytes:
    """The scores as the .xlsx the exam's organisers return (sheet 成绩, one row per candidate; 缺考 in the
    score column), written in memory with XlsxWriter; ``made`` is stamped in, so the same lines give the
    same file."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": "笔试成绩", "author": "考务组", "created": made.replace(tzinfo=None)})
    sheet = book.add_worksheet("成绩")
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    for col, header in enumerate(EXAM_HEADERS):
        sheet.write_string(0, col, header, bold)
    for row, line in enumerate(lines, start=1):
        app = line.application
        sheet.write_string(row, 0, line.exam_number, text)
        sheet.write_string(row, 1, app.person.id_number, text)
        sheet.write_string(row, 2, app.person.name)
        sheet.write_string(row, 3, app.post.code)
        sheet.write_string(row, 4, app.post.title)
        if line.score is None:
            sheet.write_string(row, 5, "缺考")
            sheet.write_string(row, 6, "未到考场")
        else:
            sheet.write_number(row, 5, float(line.score))
    sheet.set_column(0, 1, 20)
    sheet.set_column(2, 6, 12)
    book.close()
    return out.getvalue()


def import_exam(*, organiser: Any, stage: Stage, lines: Sequence[ExamLine], now: dt.datetime) -> Any:
    """Full marks 100, pass line 60, then the scores imported from the workbook (all or nothing)."""
    scoring.exam_settings_set(actor=organiser, stage=stage, full_marks=100, min_score=60, now=now)
    data = exam_workbook(lines, made=now)
    return scoring.exam_import(actor=organiser, stage=stage, data=data, filename=EXAM_FILENAME, now=now)


def targets(rng: random.Random, n: int, low: int = 70, high: int = 90) -> list[Fraction]:
    """``n`` distinct composite scores between ``low`` and ``high`` in steps of 0.2, highest first."""
    steps = rng.sample(range(low * 5, high * 5 + 1), n)
    return [Fraction(s, 5) for s in sorted(steps, reverse=True)]


def exam_for(target: Fraction, totals: Sequence[int]) -> Fraction:
    """The exam score that gives the composite ``target`` with exam 40 / interview 60 and the interview's
    panel score the middle three of five ``totals``: 0.4 E + 0.6 × S/3 = target, so E = 2.5 target − S/2.
    Whole and half points only, as S is whole and target a multiple of 0.2."""
    return Fraction(5, 2) * target - Fraction(middle_sum(totals), 2)


def planned_exam(rng: random.Random, target: Fraction) -> tuple[list[int], Fraction]:
    """Judges' totals and the exam score for a candidate meant to reach the composite ``target``: the panel
    hears them about as well as the target says, and the totals are drawn again until the exam score is a
    plausible pass (60–98)."""
    while True:
        totals = judge_totals(rng, float(target) + rng.uniform(-3, 3))
        exam = exam_for(target, totals)
        if 60 <= exam <= 98:
            return totals, exam
