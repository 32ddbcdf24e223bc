"""Eligibility review (资格审查): the automatic check of every application, and the reviewer's decision.

:func:`review_run` judges each active application to an open post against the post's conditions
(:mod:`xuanren.rules.eligibility`) on the reference date, and stores the findings — every condition
met or failed, with its reason in Chinese and English — and the automatic result. A reviewer then
confirms each result (no reason needed) or decides against it (a written reason required):
:func:`review_decide`, or :func:`review_confirm_pending` for all pending results that leave nothing to
judge by hand. All of it only while the eligibility stage is open; once sealed, a change is a
correction (:func:`~xuanren.campaigns.actions.stages.stage_correct`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from xuanren.campaigns.actions._common import (
    eligibility_stage,
    local_date,
    lock_campaign,
    now_or,
    require,
    require_announced,
    review_state,
)
from xuanren.campaigns.conditions import candidates, conditions_from_json, with_history
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage
from xuanren.people.models import Person
from xuanren.record.actions import record_event
from xuanren.rules.eligibility import Candidate, Verdict, compile
from xuanren.rules.eligibility.codes import zh_date
from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message

CAPABILITY = "applications.review"
Decision = Review.Decision
FREE_TEXT = "free_text"
DATA = "data"


@dataclass(frozen=True)
class ReviewRun:
    """What a review run did. ``reverted`` are the applications whose reviewer decision was withdrawn
    because the automatic result changed under it (each back to pending, with a note saying so)."""

    on: dt.date
    checked: int
    created: int
    updated: int
    eligible: int
    ineligible: int
    reverted: list[int] = field(default_factory=list)


def _item(kind: str, passed: bool | None, m: Message) -> dict[str, Any]:
    return {"kind": kind, "passed": passed, "code": m.code, "zh": m.text("zh-hans"), "en": m.text("en")}


def findings_of(verdict: Verdict) -> list[dict[str, Any]]:
    """Failures first, then passes, then the free-text conditions a reviewer must judge (``passed`` None)."""
    return ([_item(f.kind.value, False, f.message) for f in verdict.failures]
            + [_item(f.kind.value, True, f.message) for f in verdict.passes]
            + [_item(FREE_TEXT, None, m) for m in verdict.for_reviewer])


def _data_problem(error: RuleError) -> list[dict[str, Any]]:
    m = error.message
    wrapped = Message(m.code, "干部名册中的数据无法审查：" + m.zh, "the register's data cannot be judged: " + m.en,
                      m.params)
    return [_item(DATA, False, wrapped)]


def needs_judgement(review: Review) -> bool:
    """Whether a person must look at it before confirming: free-text conditions, or unreadable data."""
    return any(f.get("kind") in (FREE_TEXT, DATA) for f in review.findings)


def require_stage_open(campaign: Campaign) -> Stage:
    stage = eligibility_stage(campaign)
    if stage.status == Stage.Status.PENDING:
        raise refuse("review.not_open", "资格审查环节尚未开始", "the eligibility stage has not opened")
    if stage.status == Stage.Status.SEALED:
        raise refuse("stage.sealed_edit", "资格审查环节已封存，审查结论不能再修改；如需更正，请走更正程序（写明理由）",
                     "the eligibility stage is sealed: decisions cannot change; use a correction with a reason")
    return stage


def reference_date(campaign: Campaign, now: dt.datetime) -> dt.date:
    """The campaign's reference date, or the day ``now`` is in the campaign's time zone."""
    return campaign.reference_date or local_date(campaign, now)


def review_run(*, actor: Any, campaign: Campaign, on: dt.date | None = None,
               now: dt.datetime | None = None) -> ReviewRun:
    """Check every active application to an open post; store findings and the automatic result.

    ``on`` (the reference date) defaults to the campaign's ``reference_date``, else today in the
    campaign's time zone. A new application gets a pending review. A pending review is updated. A decided
    review keeps its decision (its findings are refreshed) unless the automatic result changed: then it goes
    back to pending with a note, and the result lists it in ``reverted``. Recorded as ``review.run``.
    """
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        require_announced(locked)
        require_stage_open(locked)
        on = on or reference_date(locked, now)
        apps = list(Application.objects.filter(campaign=locked, status=Application.Status.SUBMITTED,
                                               post__status=Post.Status.OPEN).select_related("post")
                    .order_by("post__order", "post_id", "id"))
        people = candidates(with_history(Person.objects.filter(pk__in={a.person_id for a in apps})))
        reviews = {r.application_id: r for r in Review.objects.filter(application__in=apps)}
        compiled: dict[int, Any] = {}
        new: list[Review] = []
        changed: list[Review] = []
        reverted: list[int] = []
        tally: Counter[bool] = Counter()
        for app in apps:
            if app.post_id not in compiled:
                compiled[app.post_id] = compile(conditions_from_json(app.post.conditions), on=on)
            candidate = people[app.person_id]
            try:
                if not isinstance(candidate, Candidate):
                    raise candidate
                verdict = compiled[app.post_id].check(candidate)
                auto, findings = verdict.eligible, findings_of(verdict)
            except RuleError as exc:
                auto, findings = False, _data_problem(exc)
            tally[auto] += 1
            review = reviews.get(app.pk)
            if review is None:
                new.append(Review(application=app, auto_eligible=auto, findings=findings, checked_on=on))
                continue
            if (review.auto_eligible, review.findings, review.checked_on) == (auto, findings, on):
                continue
            if review.decision != Decision.PENDING and review.auto_eligible != auto:
                was = "合格" if review.auto_eligible else "不合格"
                now_is = "合格" if auto else "不合格"
                review.note = (f"按{zh_date(on)}重新审查，自动审查结果由“{was}”变为“{now_is}”，"
                               f"原审查结论“{review.get_decision_display()}”已撤销，请重新审查")
                review.decision, review.overridden, review.reason = Decision.PENDING, False, ""
                review.reviewer, review.decided_at = None, None
                reverted.append(app.pk)
            review.auto_eligible, review.findings, review.checked_on = auto, findings, on
            changed.append(review)
        Review.objects.bulk_create(new)
        Review.objects.bulk_update(changed, ["auto_eligible", "findings", "checked_on", "decision", "overridden",
                                             "reason", "reviewer", "decided_at", "note"])
        result = ReviewRun(on=on, checked=len(apps), created=len(new), updated=len(changed), eligible=tally[True],
                           ineligible=tally[False], reverted=reverted)
        record_event(actor=actor, action="review.run", obj=locked,
                     details={"on": on.isoformat(), "checked": result.checked, "created": result.created,
                              "updated": result.updated, "eligible": result.eligible,
                              "ineligible": result.ineligible, "reverted": reverted})
    return result


def review_decide(*, actor: Any, application: Application, decision: str, reason: str = "",
                  now: dt.datetime | None = None) -> Review:
    """The reviewer's decision on one application: ``eligible`` or ``ineligible``.

    Confirming the automatic result needs no reason; deciding against it (an override) needs a written
    one. Refused before the review has run for the application, for a withdrawn application or a closed
    post, and unless the eligibility stage is open. Recorded as ``review.decide`` with before and after.
    """
    require(actor, CAPABILITY)
    now = now_or(now)
    if decision not in (Decision.ELIGIBLE, Decision.INELIGIBLE):
        raise refuse("review.decision", "审查结论应为“合格”或“不合格”", "the decision must be eligible or ineligible")
    reason = (reason or "").strip()
    with transaction.atomic():
        campaign = lock_campaign(application.campaign)
        require_announced(campaign)
        require_stage_open(campaign)
        app = Application.objects.select_related("post", "person").get(pk=application.pk)
        if app.status != Application.Status.SUBMITTED or app.post.status != Post.Status.OPEN:
            raise refuse("review.inactive", "该报名已撤回或职位已不在竞聘中，无需审查",
                         "the application is withdrawn or its post closed")
        review = Review.objects.filter(application=app).first()
        if review is None:
            raise refuse("review.not_run", "{name}的报名尚未进行自动审查，请先运行资格审查",
                         "the automatic review has not run for this application yet", name=app.person.name)
        overridden = (decision == Decision.ELIGIBLE) != review.auto_eligible
        if overridden and not reason:
            raise refuse("review.reason_required", "审查结论与自动审查结果不同，须写明理由",
                         "deciding against the automatic result needs a written reason")
        before = review_state(review)
        review.decision, review.overridden, review.reason = decision, overridden, reason
        review.reviewer = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        review.decided_at, review.note = now, ""
        review.save()
        record_event(actor=actor, action="review.decide", obj=review, before=before, after=review_state(review),
                     details={"application": app.pk, "post": app.post.code, "decision": decision,
                              "auto_eligible": review.auto_eligible, "overridden": overridden, "reason": reason})
    return review


def review_confirm_pending(*, actor: Any, campaign: Campaign, post: Post | None = None,
                           now: dt.datetime | None = None) -> int:
    """Confirm the automatic result of every pending review (of ``post``, or of the whole campaign) that
    leaves nothing to judge by hand (no free-text condition, no unreadable data); returns how many.
    Recorded as one ``review.confirm`` event listing them (none confirmed: no event)."""
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        require_announced(locked)
        require_stage_open(locked)
        qs = Review.objects.filter(application__campaign=locked, decision=Decision.PENDING,
                                   application__status=Application.Status.SUBMITTED,
                                   application__post__status=Post.Status.OPEN)
        if post is not None:
            qs = qs.filter(application__post=post)
        todo = [r for r in qs.order_by("application_id") if not needs_judgement(r)]
        if not todo:
            return 0
        user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        for r in todo:
            r.decision = Decision.ELIGIBLE if r.auto_eligible else Decision.INELIGIBLE
            r.overridden, r.reviewer, r.decided_at = False, user, now
        Review.objects.bulk_update(todo, ["decision", "overridden", "reviewer", "decided_at"])
        record_event(actor=actor, action="review.confirm", obj=locked,
                     details={"post": post.code if post else None, "confirmed": [r.application_id for r in todo],
                              "eligible": sum(r.auto_eligible for r in todo)})
    return len(todo)


__all__ = ["ReviewRun", "findings_of", "needs_judgement", "reference_date", "review_confirm_pending",
           "review_decide", "review_run"]
