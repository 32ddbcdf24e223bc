"""The inspection stage's handler, its finalist and score sources, and its page on the campaign dashboard.

- **sealing** is refused while a finalist has no inspection, or an inspection has no conclusion (the names
  are listed), or while the stage counts in the composite (a weight) but its dimensions carry none;
- **results** (published at sealing; the templates keep the stage non-public, the record and the
  organisers still see it): per post every candidate inspected, the conclusion, and the score when
  the dimensions carry weights;
- **finalists** after a sealed inspection stage: every candidate concluded suitable (in the order the
  earlier stage gave them); a post whose candidates were all found unsuitable is stopped
  ("考察不合格…", vacancy kind "other"); a post nobody reached the inspection for keeps the earlier stage's
  reason;
- **score** of the stage (for a composite computed afterwards): the weighted inspection score, exact, out
  of 100, with its explanation; none when the dimensions carry no weights.

Inspections are opened from the finalists, so the finalists before the inspection are its rows: there is no
need to ask the earlier stage again, except for the reason of a post nobody reached.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuanren.campaigns import finalists as finalist_registry
from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.finalists import Finalist, Stop, finalists, register_finalist_source
from xuanren.campaigns.models import Post, Stage, StageKind
from xuanren.campaigns.stage_pages import register_stage_page
from xuanren.inspection.actions._common import dimensions_of
from xuanren.inspection.actions.inspections import stored_scores
from xuanren.inspection.models import Inspection
from xuanren.inspection.quantify import inspection_score, weighted
from xuanren.rules.tally.explain import number
from xuanren.scoring.sources import StageScore, register_score_source


def stage_inspections(stage: Stage) -> list[Inspection]:
    return list(Inspection.objects.filter(stage=stage).select_related(
        "application", "application__person", "application__post").order_by(
        "application__post__order", "application__post_id", "application_id"))


def _name(i: Inspection) -> str:
    return f"{i.application.person.name}（{i.application.post.code}）"


def inspection_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    """What must be done before the stage can be sealed, in Chinese (empty: ready)."""
    out: list[str] = []
    rows = stage_inspections(stage)
    try:
        dims = dimensions_of(stage)
    except CampaignError as exc:
        out.append(str(exc))
        dims = ()
    if stage.weight is not None and dims and not weighted(dims):
        out.append(f"本环节计入综合成绩（权重{stage.weight.normalize():f}），须先设置各考察维度的权重")
    have = {i.application_id for i in rows}
    missing = [f for fs in finalists(stage.campaign).values() for f in fs if f.application not in have]
    if missing:
        from xuanren.campaigns.models import Application

        apps = {a.pk: a for a in Application.objects.filter(pk__in=[f.application for f in missing])
                .select_related("person", "post")}
        names = "、".join(f"{apps[f.application].person.name}（{apps[f.application].post.code}）" for f in missing)
        out.append(f"尚有{len(missing)}名人选未建立考察：{names}")
    open_ = [i for i in rows if i.status != Inspection.Status.CONCLUDED]
    if open_:
        out.append(f"尚有{len(open_)}人的考察未形成结论：{'、'.join(_name(i) for i in open_)}")
    return out


def inspection_results(stage: Stage) -> dict[str, Any]:
    """What sealing publishes: per post, each candidate's conclusion and score (when quantified)."""
    rows = stage_inspections(stage)
    try:
        dims = dimensions_of(stage)
    except CampaignError:
        dims = ()
    quantified = weighted(dims)
    by_post: dict[int, list[Inspection]] = defaultdict(list)
    for i in rows:
        by_post[i.application.post_id].append(i)
    posts = []
    for post in Post.objects.filter(pk__in=list(by_post)).order_by("order", "id"):
        people = []
        for i in by_post[post.pk]:
            entry: dict[str, Any] = {"name": i.application.person.name, "decision": i.get_conclusion_display()
                                     if i.conclusion else "尚无结论"}
            if quantified:
                entry["score"] = inspection_score(dims, stored_scores(i)).display()
            people.append(entry)
        posts.append({"code": post.code, "title": post.title, "slots": post.slots,
                      "inspected": len(people),
                      "suitable": sum(1 for i in by_post[post.pk] if i.conclusion == Inspection.Conclusion.SUITABLE),
                      "people": people})
    content: dict[str, Any] = {
        "kind": StageKind.INSPECTION.value, "title": "组织考察结果", "campaign": stage.campaign.name,
        "dimensions": [{"label": d.label, "weight": None if d.weight is None else number(d.weight)} for d in dims],
        "posts": posts,
        "totals": {"inspected": len(rows),
                   "suitable": sum(1 for i in rows if i.conclusion == Inspection.Conclusion.SUITABLE),
                   "unsuitable": sum(1 for i in rows if i.conclusion == Inspection.Conclusion.UNSUITABLE)},
    }
    if quantified:
        content["summary"] = "考察得分 = " + " + ".join(f"{d.label}×{number(d.weight or 0)}%" for d in dims)
    return content


def _earlier_stops(stage: Stage) -> dict[int, Stop]:
    """The stops of the deciding stage sealed before the inspection (the reason a post nobody reached)."""
    earlier = finalist_registry.deciding_stage(stage.campaign, before=stage)
    if earlier is None:
        return {}
    return {s.post: s for s in finalist_registry.finalists_of(earlier)[1]}


def inspection_finalists(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
    """Those concluded suitable, per post in the earlier stage's order; a post whose candidates were all
    found unsuitable is stopped with the reason."""
    rows = stage_inspections(stage)

    def order(i: Inspection) -> tuple[int, int, int, int]:
        rank = (i.finalist or {}).get("rank")
        return (i.application.post.order, i.application.post_id, rank if isinstance(rank, int) else 10**6,
                i.application_id)

    found: list[Finalist] = []
    unsuitable: dict[int, list[str]] = defaultdict(list)
    for i in sorted(rows, key=order):
        post = i.application.post_id
        if i.conclusion == Inspection.Conclusion.SUITABLE:
            source = i.finalist or {}
            found.append(Finalist(i.application_id, post, rank=source.get("rank"), score=str(source.get("score") or ""),
                                  note="考察合格，同意作为拟任人选",
                                  details={"inspection": i.pk, "inspection_score": "" if i.score is None
                                           else f"{i.score.normalize():f}", "earlier_note": source.get("note", "")}))
        else:
            unsuitable[post].append(i.application.person.name)
    reached = {f.post for f in found}
    stops = [Stop(post, f"考察不合格：{'、'.join(names)}经考察不宜作为拟任人选，该职位无拟任人选",
                  "no candidate was found suitable by the inspection", kind="other")
             for post, names in unsuitable.items() if post not in reached]
    inspected = {i.application.post_id for i in rows}
    stops += [s for post, s in _earlier_stops(stage).items() if post not in inspected]
    return found, stops


def inspection_scores(stage: Stage) -> dict[int, StageScore]:
    """``{application pk: StageScore}``: the weighted inspection score out of 100 (``None`` with the reason
    when the dimensions carry no weights or a dimension has no score)."""
    try:
        dims = dimensions_of(stage)
    except CampaignError:
        return {}
    out: dict[int, StageScore] = {}
    for i in stage_inspections(stage):
        result = inspection_score(dims, stored_scores(i))
        out[i.application_id] = StageScore(i.application_id, result.score, explanation=result.explain())
    return out


register_stage_handler(StageKind.INSPECTION, StageHandler(results=inspection_results, blockers=inspection_blockers))
register_finalist_source(StageKind.INSPECTION, inspection_finalists)
register_score_source(StageKind.INSPECTION, inspection_scores)
register_stage_page(StageKind.INSPECTION, _("考察对象"), "inspection:stage", "inspection.view")


def public_links(campaign: Any) -> list[tuple[str, str]]:
    """The campaign's published advance notices (考察预告), for its public announcement page."""
    from django.urls import reverse

    from xuanren.inspection.selectors import published_notices

    if not published_notices(campaign):
        return []
    return [(str(_("考察预告")), reverse("inspection:notices", kwargs={"pk": campaign.pk}))]
