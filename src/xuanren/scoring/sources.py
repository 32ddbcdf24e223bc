"""Where the composite score gets each stage's score: one source per kind of stage.

The scoring app registers ``exam`` and ``interview``; the voting app registers ``recommendation`` and
``evaluation``; a later inspection app may register ``inspection``. The shortlist stage asks every
weighted stage of the campaign for its scores with :func:`scores_of` and hands them to
:mod:`xuanren.rules.scoring.composite`, which scales each to 100 (``score / full_marks × 100``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from xuanren.campaigns.models import Stage
from xuanren.rules.messages import Message


@dataclass(frozen=True)
class StageScore:
    """One candidate's score in one stage, exact, with how it was computed.

    ``score`` is ``None`` when the candidate has none (absent 缺考/缺席, or not heard); ``full_marks`` is what
    the score is out of (100 for a recommendation's weighted score). ``explanation`` are the lines the
    stage's rules produced (judges' scores, which were dropped, votes and weights…).
    """

    application_id: int
    score: Fraction | None
    full_marks: Fraction = Fraction(100)
    absent: bool = False
    explanation: tuple[Message, ...] = field(default_factory=tuple)


ScoreSource = Callable[[Stage], dict[int, StageScore]]

_SOURCES: dict[str, ScoreSource] = {}


def register_score_source(kind: str, source: ScoreSource) -> None:
    _SOURCES[kind] = source


def has_score_source(kind: str) -> bool:
    return kind in _SOURCES


def scores_of(stage: Stage) -> dict[int, StageScore]:
    """``{application pk: StageScore}`` for ``stage``; empty when no app scores this kind of stage."""
    source = _SOURCES.get(stage.kind)
    return source(stage) if source else {}
