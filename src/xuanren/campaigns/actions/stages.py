"""The stage machine: a stage opens, collects, is sealed; a sealed stage changes only by a correction.

- :func:`stage_open`: the campaign is announced and every earlier stage sealed. The eligibility stage
  (always the first) may open as soon as the campaign is announced, so reviewers can work while
  applications arrive; applications stay possible until their deadline, and the stage cannot be sealed
  before every open post's deadline has passed.
- :func:`stage_seal`: exactly once, even when two organisers press at the same moment (a conditional
  ``UPDATE … WHERE status = 'open'`` decides; the other gets "该环节已被封存"). Refused while the stage
  has work outstanding (for eligibility: a post still taking applications, a review not run or pending,
  an open post below the minimum of qualified applicants). Writes :class:`Publication` version 1 with
  the stage's results; sealing the last stage closes the campaign.
- :func:`stage_correct`: after sealing, a recorded correction with its reason, published as the next
  version; earlier versions are never edited.

Stages other than eligibility get their checks, results and corrections from the app that runs them
(scoring, voting, …), registered with :func:`register_stage_handler`; without one a stage seals with a
plain list of its posts and takes no correction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from xuanren.campaigns.actions._common import (
    deadline_of,
    lock_campaign,
    now_or,
    require,
    require_announced,
    review_state,
    stage_state,
    zh_instant,
)
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Review, Stage, StageKind
from xuanren.campaigns.selectors import eligibility_results, post_qualified_counts
from xuanren.record.actions import actor_label, record_event


@dataclass(frozen=True)
class StageHandler:
    """How one kind of stage is sealed and corrected.

    ``blockers(stage, now)`` lists, in Chinese, what must be done before sealing (empty: ready).
    ``results(stage)`` is the JSON to publish. ``correct(stage, changes, reason, actor, now)`` applies a
    correction to the stage's data and returns what it changed, for the record; it raises
    :class:`CampaignError` for changes it refuses.
    """

    results: Callable[[Stage], dict[str, Any]]
    blockers: Callable[[Stage, dt.datetime], list[str]] | None = None
    correct: Callable[[Stage, Any, str, Any, dt.datetime], dict[str, Any]] | None = None


_HANDLERS: dict[str, StageHandler] = {}


def register_stage_handler(kind: str, handler: StageHandler) -> None:
    """Used by the app that runs stages of ``kind`` (e.g. scoring registers ``exam`` and ``interview``)."""
    _HANDLERS[kind] = handler


def _plain_results(stage: Stage) -> dict[str, Any]:
    posts = Post.objects.filter(campaign_id=stage.campaign_id, status=Post.Status.OPEN).order_by("order", "id")
    return {"kind": stage.kind, "title": str(stage.get_kind_display()),
            "posts": [{"code": p.code, "title": p.title, "slots": p.slots} for p in posts]}


def handler_for(kind: str) -> StageHandler:
    return _HANDLERS.get(kind) or StageHandler(results=_plain_results)


def _label(stage: Stage) -> str:
    return str(stage.get_kind_display())


# --- eligibility -----------------------------------------------------------------------------------

def _eligibility_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    campaign = stage.campaign
    posts = list(Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).order_by("order", "id"))
    out: list[str] = []
    for p in posts:
        deadline = deadline_of(p, campaign)
        if deadline is None or now <= deadline:
            when = f"报名截止时间为{zh_instant(campaign, deadline)}" if deadline else "未设报名截止时间"
            out.append(f"职位{p.code}（{p.title}）{when}，报名尚未截止")
    active = Application.objects.filter(campaign=campaign, status=Application.Status.SUBMITTED,
                                        post__status=Post.Status.OPEN)
    not_run = active.filter(review__isnull=True).count()
    if not_run:
        out.append(f"尚有{not_run}份报名未进行自动审查，请运行资格审查")
    pending = active.filter(review__decision=Review.Decision.PENDING).count()
    if pending:
        out.append(f"尚有{pending}份报名待审查人员确认")
    counts = post_qualified_counts(campaign)
    for p in posts:
        n = counts.get(p.pk, 0)
        if n < campaign.min_qualified:
            again = "延长报名后" if p.apply_until is not None else ""
            out.append(f"职位{p.code}（{p.title}）{again}合格人数{n}人，少于最低{campaign.min_qualified}人，"
                       "须先决定取消、延长报名或合并")
    return out


def _eligibility_correct(stage: Stage, changes: Any, reason: str, actor: Any, now: dt.datetime) -> dict[str, Any]:
    """``changes``: ``{application pk: "eligible" | "ineligible"}`` (or a list of such pairs/dicts)."""
    pairs: list[tuple[int, str]]
    if isinstance(changes, Mapping):
        pairs = [(int(k), str(v)) for k, v in changes.items()]
    else:
        pairs = [(int(c["application"]), str(c["decision"])) if isinstance(c, Mapping) else (int(c[0]), str(c[1]))
                 for c in changes]
    if not pairs:
        raise refuse("correct.empty", "更正内容为空", "the correction changes nothing")
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[p for p, _ in pairs], campaign=stage.campaign)
            .select_related("post", "person")}
    reviews = {r.application_id: r for r in Review.objects.filter(application_id__in=list(apps))}
    changed: list[dict[str, Any]] = []
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    for pk, decision in pairs:
        if decision not in (Review.Decision.ELIGIBLE, Review.Decision.INELIGIBLE):
            raise refuse("review.decision", "审查结论应为“合格”或“不合格”",
                         "the decision must be eligible or ineligible")
        app = apps.get(pk)
        review = reviews.get(pk)
        if app is None or review is None or app.status != Application.Status.SUBMITTED:
            raise refuse("correct.unknown_application", "第{pk}号报名不在本批次的有效报名中",
                         "application {pk} is not an active application of this campaign", pk=pk)
        if review.decision == decision:
            raise refuse("correct.no_change", "{name}（职位{code}）的审查结论已是“{decision}”，无需更正",
                         "the decision on {name} (post {code}) is already {decision}", name=app.person.name,
                         code=app.post.code, decision=review.get_decision_display())
        before = review_state(review)
        review.decision = decision
        review.overridden = (decision == Review.Decision.ELIGIBLE) != review.auto_eligible
        review.reason, review.reviewer, review.decided_at = reason, user, now
        review.note = f"封存后更正：{reason}"
        review.save()
        changed.append({"application": pk, "post": app.post.code, "decision": decision,
                        "before": before, "after": review_state(review)})
    return {"changes": [{k: c[k] for k in ("application", "post", "decision")} for c in changed],
            "before": [c["before"] for c in changed], "after": [c["after"] for c in changed]}


register_stage_handler(StageKind.ELIGIBILITY, StageHandler(
    results=lambda stage: eligibility_results(stage.campaign), blockers=_eligibility_blockers,
    correct=_eligibility_correct))


# --- the machine -----------------------------------------------------------------------------------

def _fresh(stage: Stage) -> Stage:
    return Stage.objects.select_related("campaign").get(pk=stage.pk)


def stage_open(*, actor: Any, stage: Stage, now: dt.datetime | None = None) -> Stage:
    """Open ``stage``: the campaign is announced and every earlier stage sealed. Recorded as ``stages.open``."""
    require(actor, "campaigns.change")
    now = now_or(now)
    with transaction.atomic():
        campaign = lock_campaign(stage.campaign)
        require_announced(campaign)
        current = _fresh(stage)
        if current.status != Stage.Status.PENDING:
            raise refuse("stage.not_pending", "“{label}”环节{status}，不能再次开始", "the stage '{kind}' is already "
                         "{status_en}", label=_label(current), kind=current.kind,
                         status=current.get_status_display(), status_en=current.status)
        earlier = list(Stage.objects.filter(campaign=campaign, order__lt=current.order)
                       .exclude(status=Stage.Status.SEALED).order_by("order"))
        if earlier:
            raise refuse("stage.order", "须先封存“{before}”环节，才能开始“{label}”环节",
                         "the stage '{before_en}' must be sealed before '{kind}' opens",
                         before="”“".join(_label(s) for s in earlier), before_en=earlier[0].kind,
                         label=_label(current), kind=current.kind)
        before = stage_state(current)
        if Stage.objects.filter(pk=current.pk, status=Stage.Status.PENDING).update(
                status=Stage.Status.OPEN, opened_at=now) != 1:
            raise refuse("stage.not_pending", "“{label}”环节已开始", "the stage '{kind}' has already opened",
                         label=_label(current), kind=current.kind)
        current.refresh_from_db()
        record_event(actor=actor, action="stages.open", obj=current, before=before, after=stage_state(current),
                     details={"campaign": campaign.pk, "kind": current.kind, "order": current.order})
    return current


def stage_seal(*, actor: Any, stage: Stage, now: dt.datetime | None = None) -> Publication:
    """Seal an open stage: freeze and publish its results (version 1); returns the publication.

    Exactly one of two concurrent calls succeeds; the other raises :class:`CampaignError`
    (``campaigns.stage.already_sealed``, "该环节已被封存"). Refused, naming every reason, while the stage
    has work outstanding (see :func:`_eligibility_blockers` for eligibility). Sealing the last stage
    closes the campaign. Recorded as ``stages.seal`` with a digest of what was published.
    """
    require(actor, "stages.seal")
    now = now_or(now)
    with transaction.atomic():
        campaign = lock_campaign(stage.campaign)
        require_announced(campaign)
        before_status = Stage.objects.filter(pk=stage.pk).values_list("status", flat=True).first()
        # The decision itself: only one transaction can move the row from open to sealed.
        if Stage.objects.filter(pk=stage.pk, status=Stage.Status.OPEN).update(
                status=Stage.Status.SEALED, sealed_at=now) != 1:
            status = Stage.objects.filter(pk=stage.pk).values_list("status", flat=True).first()
            if status == Stage.Status.SEALED:
                raise refuse("stage.already_sealed", "该环节已被封存", "the stage has already been sealed")
            raise refuse("stage.not_open", "该环节尚未开始，不能封存", "the stage has not opened")
        current = _fresh(stage)
        handler = handler_for(current.kind)
        blockers = handler.blockers(current, now) if handler.blockers else []
        if blockers:
            raise refuse("stage.not_ready", "“{label}”环节还不能封存：{reasons}", "the stage '{kind}' cannot be "
                         "sealed yet: {reasons}", label=_label(current), kind=current.kind,
                         reasons="；".join(blockers))
        content = handler.results(current)
        publication = Publication(stage=current, version=1, content=content, published_at=now,
                                  published_by=actor_label(actor))
        publication.save()
        last = not Stage.objects.filter(campaign=campaign, order__gt=current.order).exists()
        if last:
            Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
        record_event(actor=actor, action="stages.seal", obj=current, before={"status": before_status},
                     after={"stage": stage_state(current), "content": content},
                     details={"campaign": campaign.pk, "kind": current.kind, "publication": publication.pk,
                              "version": 1, "public": current.public, "campaign_closed": last})
    return publication


def stage_correct(*, actor: Any, stage: Stage, changes: Any, reason: str,
                  now: dt.datetime | None = None) -> Publication:
    """Correct a sealed stage's results (e.g. an eligibility decision changed on appeal), with a reason.

    For eligibility ``changes`` is ``{application pk: "eligible" | "ineligible"}``. The stage's data is
    changed by its handler and the results are published again as the next version, carrying the reason;
    earlier versions stay as they were. Recorded as ``stages.correct``.
    """
    require(actor, "stages.seal")
    now = now_or(now)
    reason = (reason or "").strip()
    if not reason:
        raise refuse("correct.reason_required", "更正须写明理由", "a correction needs a written reason")
    with transaction.atomic():
        campaign = lock_campaign(stage.campaign)
        current = _fresh(stage)
        if current.status != Stage.Status.SEALED:
            raise refuse("correct.not_sealed", "“{label}”环节尚未封存，直接修改即可，无需更正",
                         "the stage '{kind}' is not sealed: change it directly", label=_label(current),
                         kind=current.kind)
        handler = handler_for(current.kind)
        if handler.correct is None:
            raise refuse("correct.unsupported", "“{label}”环节暂不支持更正", "the stage '{kind}' takes no correction",
                         label=_label(current), kind=current.kind)
        done = handler.correct(current, changes, reason, actor, now)
        version = (Publication.objects.filter(stage=current).aggregate(m=Max("version"))["m"] or 0) + 1
        content = handler.results(current)
        publication = Publication(stage=current, version=version, content=content, reason=reason, published_at=now,
                                  published_by=actor_label(actor))
        publication.save()
        record_event(actor=actor, action="stages.correct", obj=current, before=done.get("before"),
                     after={"changed": done.get("after"), "content": content},
                     details={"campaign": campaign.pk, "kind": current.kind, "version": version, "reason": reason,
                              "publication": publication.pk, "changes": done.get("changes")})
    return publication


__all__ = ["CampaignError", "StageHandler", "handler_for", "register_stage_handler", "stage_correct", "stage_open",
           "stage_seal"]


