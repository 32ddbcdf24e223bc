"""Scoring (评分与综合成绩): judges' sheets, panel scores, the composite score, ranking and the shortlist.

Pure and exact, like :mod:`xuanren.rules.tally`: every figure is a :class:`~fractions.Fraction`, compared
exactly; rounding is for display only (:func:`display`, half up). Every result has ``explain()``,
returning :class:`~xuanren.rules.messages.Message` lines (Chinese and English); input that cannot be
judged raises :class:`~xuanren.rules.errors.RuleError` with a message naming what was wrong.

- :mod:`.panel`: a judge's sheet against the rubric (:func:`sheet_total`), an exam score's check
  (:func:`check_score`), and the panel score of the judges' totals (:func:`panel_score`: trimmed mean,
  plain mean, or weighted judges' groups);
- :mod:`.composite`: the weighted sum of the stages' scores, each scaled to 100 (:func:`composite`), and
  why a candidate cannot be shortlisted (absent, below a minimum score);
- :mod:`.ranking`: per post, competition ranks with tie-breaks, and the shortlist of ``ratio`` per slot
  with ties at the cut included (:func:`rank_post`, :func:`rank_all`).

>>> from fractions import Fraction
>>> from xuanren.rules.scoring import *
>>> scores = [JudgeScore(f"评委{i}", Fraction(t)) for i, t in enumerate((90, 85, 88, 70, 95), 1)]
>>> display(panel_score(scores).score, 2)
'87.67'
"""

from __future__ import annotations

from xuanren.rules.scoring.common import display, exact_text
from xuanren.rules.scoring.composite import (
    CandidateScores,
    Component,
    Composite,
    Part,
    Plan,
    composite,
    composites,
    formula,
    validate_components,
)
from xuanren.rules.scoring.panel import (
    Criterion,
    GroupScore,
    JudgeScore,
    PanelRule,
    PanelScore,
    check_rubric,
    check_score,
    panel_score,
    rubric_max,
    sheet_total,
)
from xuanren.rules.scoring.ranking import PostRanking, ShortlistRule, Standing, rank_all, rank_post

__all__ = [
    "CandidateScores",
    "Component",
    "Composite",
    "Criterion",
    "GroupScore",
    "JudgeScore",
    "PanelRule",
    "PanelScore",
    "Part",
    "Plan",
    "PostRanking",
    "ShortlistRule",
    "Standing",
    "check_rubric",
    "check_score",
    "composite",
    "composites",
    "display",
    "exact_text",
    "formula",
    "panel_score",
    "rank_all",
    "rank_post",
    "rubric_max",
    "sheet_total",
    "validate_components",
]
