"""The committee stage's handler (党组（党委）讨论决定), its finalist source and its page on the dashboard.

- **blockers**: a meeting still voting; per post, a proposal still a draft, a candidate submitted to a
  meeting not yet voted, a post whose candidates were only deferred or voided (复议 needed, or withdraw the
  proposal), a tie across a post's last slot, a post that reached the committee with no proposal at all;
- **results** (published, not public by default): the rule, every meeting (attendance, quorum, each item's
  outcome with its explanation, e.g. "应到9人，实到7人，同意5人 > 4.5，通过") and per post the candidates voted,
  who goes on, or why nobody does;
- **finalists** (:func:`committee_finalists`): per post the candidates whose latest item passed, at most the
  post's slots — in a competitive vote (差额) those with the most agreements; a tie across the last slot is
  not sealed (it must be re-voted). A post with none is stopped with ``kind="committee"`` and the reason
  ("拟任人选未获通过（…）", "拟任人选方案已撤回（…）"); a post nobody reached keeps its earlier reason.

No correction: a committee's decision is changed by a new vote (复议) before sealing, not by editing it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.finalists import Finalist, Stop, register_finalist_source
from xuanren.campaigns.models import Stage, StageKind
from xuanren.campaigns.stage_pages import register_stage_page
from xuanren.committee import selectors as sel
from xuanren.committee.models import Meeting


def committee_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    return sel.stage_blockers(stage)


def _meeting_content(m: Meeting) -> dict[str, Any]:
    result = m.result or {}
    return {"name": m.name, "held_on": m.held_on.isoformat(), "place": m.place, "mode": m.mode,
            "mode_label": str(m.get_mode_display()), "status": m.status, "valid": result.get("valid"),
            "members": result.get("members"), "present": result.get("present"),
            "quorum": (result.get("quorum") or {}).get("zh", ""), "rule": result.get("rule_words", ""),
            "items": [{k: r[k] for k in ("candidate", "post", "outcome", "agree", "disagree", "defer", "not_voted",
                                         "explanation")} | {"revote": r.get("revote_of") is not None}
                      for r in result.get("items", [])]}


def committee_results(stage: Stage) -> dict[str, Any]:
    """What is published at sealing: the rule, the meetings, and per post the decision and why."""
    posts = []
    for o in sel.post_outcomes(stage):
        chosen = {c.application.pk for c in o.chosen}
        posts.append({
            "code": o.post.code, "title": o.post.title, "slots": o.post.slots,
            "candidates": [{"name": c.name, "outcome": c.outcome, "agree": c.agree,
                            "chosen": c.application.pk in chosen, "withdrawn": c.withdrawn,
                            "votes": [{"meeting": i.meeting.name, "outcome": i.outcome, "revote": i.revote_of_id
                                       is not None, "explanation": sel.explanation_lines(i)} for i in c.decided]}
                           for c in o.candidates],
            "selection": [str(m) for m in o.selection.explain()] if o.selection else [],
            "chosen": [c.name for c in o.chosen], "stop": o.stop.reason if o.stop else "",
            "summary": o.summary()})
    meetings = [_meeting_content(m) for m in sel.meetings_of(stage).filter(status=Meeting.Status.CLOSED)]
    return {"kind": StageKind.COMMITTEE.value, "title": "党组（党委）讨论决定结果", "campaign": stage.campaign.name,
            "rule": str(sel.stage_rule(stage).explain()), "meetings": meetings, "posts": posts,
            "totals": {"posts": len(posts), "decided": sum(1 for p in posts if p["chosen"]),
                       "meetings": len(meetings)}}


def committee_finalists(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
    """Per post, those the committee passed (within the slots), and why a post has none."""
    found: list[Finalist] = []
    stops: list[Stop] = []
    for o in sel.post_outcomes(stage):
        for n, c in enumerate(o.chosen, start=1):
            latest = c.latest
            lines = sel.explanation_lines(latest) if latest is not None else []
            found.append(Finalist(c.application.pk, o.post.pk, rank=n, score=f"同意{c.agree}票",
                                  note=lines[0] if lines else "讨论决定通过",
                                  details={"meeting": latest.meeting.name if latest else "", "agree": c.agree,
                                           "explanation": lines}))
        if not o.chosen:
            stops.append(o.stop or Stop(o.post.pk, "拟任人选未获通过", "no candidate passed", kind="committee"))
    return found, stops


register_stage_handler(StageKind.COMMITTEE, StageHandler(results=committee_results, blockers=committee_blockers))
register_finalist_source(StageKind.COMMITTEE, committee_finalists)
register_stage_page(StageKind.COMMITTEE, _("拟任人选方案与票决"), "committee:stage", "committee.view")
