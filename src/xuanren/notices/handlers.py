"""The notice stage's handler (任前公示), its finalist source and its page on the dashboard.

- **blockers**: no notice published; a draft not published (publish or delete it); a notice whose period
  is running or that has not been ended; objections still open (named by their receipt numbers);
- **results** (published at sealing): each notice (title, issuer, period) and per post every person on a
  notice with the outcome (公示无异议或反映问题不属实 / 反映问题属实，终止任用), and how many objections were
  received and found verified — never who lodged them or what they said;
- **finalists** (:func:`notice_finalists`): the entries of ended notices not stopped. A post whose people
  were all stopped is stopped with ``kind="notice"`` ("公示期间反映问题经核实属实，终止任用"); a post nobody
  was put on a notice for keeps the reason the stage before gave (e.g. the committee's).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuanren.campaigns import finalists as finalist_registry
from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.finalists import Finalist, Stop, register_finalist_source
from xuanren.campaigns.models import Post, Stage, StageKind
from xuanren.campaigns.stage_pages import register_stage_page
from xuanren.notices.actions._common import today
from xuanren.notices.models import Notice, NoticeEntry, Objection
from xuanren.rules.calendar import zh_date

STOP_REASON = "公示期间反映问题经核实属实，终止任用"
STOP_REASON_EN = "an objection during the public notice was verified: the appointment stops"


def _anyone_to_publish(stage: Stage) -> bool:
    """Whether anyone reached the notice (a campaign where nobody passed the committee has nobody to publish,
    and its notice stage seals with its posts left vacant)."""
    return any(finalist_registry.finalists(stage.campaign, before=stage).values())


def notice_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    notices = list(Notice.objects.filter(stage=stage).select_related("campaign").order_by("starts", "id"))
    out: list[str] = []
    if not any(n.status != Notice.Status.DRAFT for n in notices) and _anyone_to_publish(stage):
        out.append("尚未发布任前公示")
    for n in notices:
        if n.status == Notice.Status.DRAFT:
            out.append(f"公示草稿“{n.title}”尚未发布，请发布或删除")
        elif n.status == Notice.Status.PUBLISHED:
            if today(n.campaign, now) <= n.ends:
                out.append(f"公示“{n.title}”的公示期至{zh_date(n.ends)}，尚未期满")
            else:
                out.append(f"公示“{n.title}”公示期已满，请结束公示")
    receipts = list(Objection.objects.filter(notice__stage=stage).exclude(status=Objection.Status.CONCLUDED)
                    .order_by("lodged_at", "id").values_list("receipt", flat=True))
    if receipts:
        out.append(f"尚有{len(receipts)}件反映问题未办结：{'、'.join(receipts)}")
    return out


def _entries(stage: Stage) -> list[NoticeEntry]:
    return list(NoticeEntry.objects.filter(notice__stage=stage, notice__status=Notice.Status.ENDED)
                .select_related("notice", "application__post").order_by("application__post__order",
                                                                          "application__post_id", "notice__starts",
                                                                          "order", "id"))


def notice_results(stage: Stage) -> dict[str, Any]:
    """What is published at sealing (see the module)."""
    notices = list(Notice.objects.filter(stage=stage).exclude(status=Notice.Status.DRAFT).order_by("starts", "id"))
    entries = _entries(stage)
    by_post: dict[int, list[NoticeEntry]] = defaultdict(list)
    for e in entries:
        by_post[e.application.post_id].append(e)
    posts = []
    for post in Post.objects.filter(campaign_id=stage.campaign_id, status=Post.Status.OPEN).order_by("order", "id"):
        mine = by_post.get(post.pk, [])
        posts.append({
            "code": post.code, "title": post.title, "slots": post.slots,
            "people": [{"name": e.details.get("name", ""), "gender": e.details.get("gender", ""),
                        "birth": e.details.get("birth", ""), "education": e.details.get("education", ""),
                        "current_post": e.details.get("current_post", ""),
                        "proposed_post": e.details.get("proposed_post", ""),
                        "result": str(NoticeEntry.Outcome(e.outcome).label) if e.outcome else "公示中"}
                       for e in mine],
        })
    objections = Objection.objects.filter(notice__stage=stage)
    return {
        "kind": StageKind.NOTICE.value, "title": "任前公示结果", "campaign": stage.campaign.name,
        "notices": [{"title": n.title, "issuer": n.issuer, "starts": n.starts.isoformat(), "ends": n.ends.isoformat(),
                     "period": f"{zh_date(n.starts)}至{zh_date(n.ends)}", "working_days": n.working_days}
                    for n in notices],
        "posts": posts,
        "totals": {"people": len(entries),
                   "cleared": sum(1 for e in entries if e.outcome == NoticeEntry.Outcome.CLEARED),
                   "stopped": sum(1 for e in entries if e.outcome == NoticeEntry.Outcome.STOPPED),
                   "objections": objections.count(),
                   "verified": objections.filter(finding=Objection.Finding.VERIFIED).count()},
    }


def _earlier_stops(stage: Stage) -> dict[int, Stop]:
    """The stops the deciding stage before this one gave (a post nobody reached keeps its reason)."""
    earlier = finalist_registry.deciding_stage(stage.campaign, before=stage)
    if earlier is None:
        return {}
    return {s.post: s for s in finalist_registry.finalists_of(earlier)[1]}


def notice_finalists(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
    """Per post, those on an ended notice who were not stopped; why a post has none."""
    found: list[Finalist] = []
    stopped_posts: set[int] = set()
    seen_posts: set[int] = set()
    for e in _entries(stage):
        post = e.application.post_id
        seen_posts.add(post)
        if e.outcome == NoticeEntry.Outcome.STOPPED:
            stopped_posts.add(post)
            continue
        cleared = e.outcome == NoticeEntry.Outcome.CLEARED
        note = "任前公示期满，无异议或反映问题经核实不属实" if cleared else "任前公示中"
        found.append(Finalist(e.application_id, post, note=note,
                              details={"notice": e.notice.title, "ends": e.notice.ends.isoformat(),
                                       "outcome": e.outcome}))
    reached = {f.post for f in found}
    stops = [Stop(post, STOP_REASON, STOP_REASON_EN, kind="notice") for post in sorted(stopped_posts - reached)]
    earlier = _earlier_stops(stage)
    stops += [s for post, s in earlier.items() if post not in seen_posts]
    return found, stops


register_stage_handler(StageKind.NOTICE, StageHandler(results=notice_results, blockers=notice_blockers))
register_finalist_source(StageKind.NOTICE, notice_finalists)
register_stage_page(StageKind.NOTICE, _("任前公示"), "notices:stage", "notices.view")


def public_links(campaign: Any) -> list[tuple[str, str]]:
    """The campaign's published pre-appointment notices (任前公示), for its public announcement page."""
    from django.urls import reverse

    from xuanren.notices.views.public import public_notices

    return [(notice.title, reverse("notices:public_notice", kwargs={"notice_pk": notice.pk}))
            for notice in public_notices().filter(campaign=campaign).order_by("starts", "id")]
