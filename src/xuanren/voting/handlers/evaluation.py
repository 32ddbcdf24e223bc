"""The evaluation stage (民主测评): sealing publishes the combined count, with the grade rates and the
seed 003 flags; the shortlist's score is the satisfaction rate (优秀 + 称职) on 100 points.

A person is evaluated once, whatever the posts they applied for, so every application of theirs among
the stage's candidates (:func:`xuanren.campaigns.selectors.candidates`) gets their score, unless the
ballot form names the application itself. An invalid evaluation gives no score (``None``, with the reason).
"""

from __future__ import annotations

from typing import Any

from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.models import Stage, StageKind
from xuanren.campaigns.selectors import candidates
from xuanren.scoring.sources import StageScore, register_score_source
from xuanren.voting.handlers.common import blockers, exact, message_of, parts_of, published_or_counted, stage_results


def evaluation_scores(stage: Stage) -> dict[int, StageScore]:
    """``{application pk: StageScore}``: 100 × the satisfaction rate of the person applying."""
    by_person: dict[int, list[int]] = {}
    for application in candidates(stage.campaign):
        by_person.setdefault(application.person_id, []).append(application.pk)
    out: dict[int, StageScore] = {}
    for part in parts_of(published_or_counted(stage), "evaluation"):
        reasons = [message_of(r) for r in part.get("reasons") or []]
        for p in part.get("persons") or []:
            if p.get("application") is not None and str(p["application"]).isdigit():
                apps = [int(p["application"])]
            elif p.get("person") is not None and str(p["person"]).isdigit():
                apps = by_person.get(int(p["person"]), [])
            else:
                apps = []
            score = exact(p["satisfaction"]) * 100 if part.get("valid") and p.get("assessed") else None
            lines = (*reasons, *(message_of(line) for line in p.get("explanation") or []))
            for app in apps:
                out[app] = StageScore(app, score, explanation=lines)
    return out


def _results(stage: Stage) -> dict[str, Any]:
    return stage_results(stage)


register_stage_handler(StageKind.EVALUATION, StageHandler(results=_results, blockers=blockers))
register_score_source(StageKind.EVALUATION, evaluation_scores)
