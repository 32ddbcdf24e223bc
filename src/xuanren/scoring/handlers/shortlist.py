"""The shortlist stage's handler (综合成绩与确定考察对象) and its page on the dashboard.

- sealing is refused while anything stops the composite being final (:attr:`Computation.problems`:
  weights not summing to 100, a weighted stage not sealed or without a score source, candidates with
  no score, a rule that cannot be applied);
- at sealing the standings are computed, stored (:class:`~xuanren.scoring.models.Standing`, one row per
  candidate, with how every number was computed) and published (:func:`shortlist_content`);
- a correction recomputes them after an earlier stage's correction (``{"recompute": true}``, with a
  reason): the standings are rewritten and published as the next version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.finalists import Finalist, Stop, register_finalist_source
from xuanren.campaigns.models import Stage, StageKind
from xuanren.campaigns.stage_pages import register_stage_page
from xuanren.scoring.models import Standing
from xuanren.scoring.standings import Computation, compute

PUBLIC_PART_KEYS = ("kind", "label", "weight", "full_marks", "raw", "scaled", "absent")


def shortlist_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    return compute(stage.campaign).problems


def _summary(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["application"], r["composite_exact"], r["rank"], r["shortlisted"]] for r in rows]


def stored_summary(stage: Stage) -> list[list[Any]]:
    return [[s.application_id, s.composite, s.rank, s.shortlisted]
            for s in Standing.objects.filter(stage=stage).order_by("application_id")]


def write_standings(stage: Stage, comp: Computation) -> int:
    """Replace the stage's standings with ``comp``'s rows; returns how many were written."""
    Standing.objects.filter(stage=stage).delete()
    rows = [r for p in comp.posts for r in p["rows"]]
    Standing.objects.bulk_create([Standing(
        stage=stage, application_id=r["application"], composite=r["composite_exact"] or "", display=r["composite"],
        rank=r["rank"], shortlisted=r["shortlisted"], reason=r["reason"][:300],
        components={"parts": r["parts"], "tied": r["tied"], "reason_en": r["reason_en"], "failures": r["failures"]},
        explanation=r["explanation"] + [{"code": "scoring.shortlist.reason", "zh": r["reason"], "en": r["reason_en"]}],
    ) for r in rows])
    return len(rows)


def shortlist_content(stage: Stage, comp: Computation) -> dict[str, Any]:
    """What is published: the formula and rule, per post every candidate's components (raw and scaled),
    composite (shown and exact), rank, shortlisted or not and why, and the ties — no internal ids."""
    posts = []
    for p in comp.posts:
        rows = [{"name": r["name"], "rank": r["rank"], "tied": r["tied"], "composite": r["composite"],
                 "composite_exact": r["composite_exact"],
                 "parts": [{k: part[k] for k in PUBLIC_PART_KEYS} for part in r["parts"]],
                 "shortlisted": r["shortlisted"], "reason": r["reason"]} for r in p["rows"]]
        posts.append({"code": p["code"], "title": p["title"], "slots": p["slots"], "quota": p["quota"],
                      "shortlisted": p["shortlisted"], "ties": p["ties"], "rows": rows})
    return {"kind": StageKind.SHORTLIST.value, "title": "综合成绩及考察对象名单", "campaign": stage.campaign.name,
            **comp.header(), "posts": posts,
            "totals": {"candidates": sum(len(p["rows"]) for p in posts),
                       "shortlisted": sum(p["shortlisted"] for p in posts)}}


def shortlist_results(stage: Stage) -> dict[str, Any]:
    """At sealing (and after a recomputation): store the standings and return what is published."""
    comp = compute(stage.campaign)
    if stage.status == Stage.Status.SEALED:
        write_standings(stage, comp)
    return shortlist_content(stage, comp)


def shortlist_correct(stage: Stage, changes: Any, reason: str, actor: Any, now: dt.datetime) -> dict[str, Any]:
    """``{"recompute": true}``: recompute from the stages as they now are (after an earlier correction).
    Refused when the composite cannot be computed, or when nothing would change."""
    if not (isinstance(changes, Mapping) and changes.get("recompute") is True):
        raise refuse("scoring.shortlist.correct_changes",
                     "综合成绩只能整体重新计算（更正内容应为 {{\"recompute\": true}}）",
                     "the shortlist can only be recomputed as a whole (changes: {{\"recompute\": true}})")
    comp = compute(stage.campaign)
    if comp.problems:
        raise refuse("scoring.shortlist.not_ready", "无法重新计算综合成绩：{reasons}",
                     "the composite cannot be recomputed: {reasons}", reasons="；".join(comp.problems))
    before = stored_summary(stage)
    after = sorted(_summary([r for p in comp.posts for r in p["rows"]]))
    if before == after:
        raise refuse("scoring.shortlist.no_change", "重新计算的综合成绩、名次和考察对象与已公布的相同，无需更正",
                     "recomputing changes no composite, rank or shortlist: nothing to correct")
    changed = [a for a in after if a not in before]
    return {"changes": {"recompute": True, "changed": [a[0] for a in changed]}, "before": before, "after": after}


register_stage_handler(StageKind.SHORTLIST, StageHandler(results=shortlist_results, blockers=shortlist_blockers,
                                                         correct=shortlist_correct))
register_stage_page(StageKind.SHORTLIST, _("综合成绩与排名"), "scoring:shortlist", "scoring.view")


def shortlist_finalists(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
    """The shortlisted candidates (考察对象) of each post, in rank order; a post with none is stopped with
    the reason its candidates were not shortlisted."""
    found: list[Finalist] = []
    reasons: dict[int, str] = {}
    for s in Standing.objects.filter(stage=stage).select_related("application").order_by(
            "application__post__order", "application__post_id", "rank", "application_id"):
        post = s.application.post_id
        if s.shortlisted:
            found.append(Finalist(s.application_id, post, rank=s.rank, score=s.display, note=s.reason))
        else:
            reasons.setdefault(post, s.reason)
    posts = {f.post for f in found}
    stops = [Stop(post, f"无人确定为考察对象（{reason}）", "nobody was shortlisted", kind="threshold")
             for post, reason in reasons.items() if post not in posts]
    return found, stops


register_finalist_source(StageKind.SHORTLIST, shortlist_finalists)
