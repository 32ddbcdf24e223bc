"""The recommendation stage (民主推荐): sealing publishes the combined count; the shortlist's score is the
weighted score out of 100 of each candidate.

A candidate's :class:`~xuanren.scoring.sources.StageScore` is exact (the published ``exact`` figure), out
of 100, and explained by the lines of the post and the candidate (groups, rates, weights, threshold). A
recommendation whose result is invalid (the meeting, or the empty-group rule) gives no score: ``None``,
with the reason.
"""

from __future__ import annotations

from typing import Any

from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.finalists import Finalist, Stop, register_finalist_source
from xuanren.campaigns.models import Stage, StageKind
from xuanren.rules.messages import Message
from xuanren.scoring.sources import StageScore, register_score_source
from xuanren.voting.handlers.common import blockers, exact, message_of, parts_of, published_or_counted, stage_results


def recommendation_scores(stage: Stage) -> dict[int, StageScore]:
    """``{application pk: StageScore}``: the weighted score (out of 100) of every candidate."""
    out: dict[int, StageScore] = {}
    for part in parts_of(published_or_counted(stage), "recommendation"):
        reasons = [message_of(r) for r in part.get("reasons") or []]
        for post in part.get("posts") or []:
            head = [message_of(line) for line in (post.get("explanation") or [])[:1]]
            for c in post.get("candidates") or []:
                app = c.get("application")
                if app is None or not str(app).isdigit():
                    continue
                lines: tuple[Message, ...] = (*head, *(message_of(line) for line in c.get("explanation") or []))
                score = exact(c["score"]) if part.get("valid") else None
                out[int(app)] = StageScore(int(app), score, explanation=(*reasons, *lines))
    return out


def _results(stage: Stage) -> dict[str, Any]:
    return stage_results(stage)


register_stage_handler(StageKind.RECOMMENDATION, StageHandler(results=_results, blockers=blockers))
register_score_source(StageKind.RECOMMENDATION, recommendation_scores)


def recommendation_finalists(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
    """The candidates who meet the threshold of their post (in rank order); a post where nobody does is
    stopped with the published reason (vacant, or the recommendation is invalid)."""
    found: list[Finalist] = []
    stops: list[Stop] = []
    for part in parts_of(published_or_counted(stage), "recommendation"):
        for post in part.get("posts") or []:
            if not part.get("valid"):
                stops.append(Stop(int(post["post"]), "民主推荐结果无效", "the recommendation is invalid",
                                  kind="threshold"))
                continue
            met = [c for c in post.get("candidates") or [] if c.get("meets") and str(c.get("application")).isdigit()]
            for c in met:
                found.append(Finalist(int(c["application"]), int(post["post"]), rank=c.get("rank"),
                                      score=str((c.get("score") or {}).get("display", "")),
                                      note="民主推荐得分达到规定要求"))
            if not met:
                threshold = (post.get("threshold") or {}).get("display", "")
                stops.append(Stop(int(post["post"]), f"无人达到民主推荐规定得分（{threshold}分），该职位空缺",
                                  f"nobody reached the recommendation threshold ({threshold}); the post is vacant",
                                  kind="threshold"))
    return found, stops


register_finalist_source(StageKind.RECOMMENDATION, recommendation_finalists)
