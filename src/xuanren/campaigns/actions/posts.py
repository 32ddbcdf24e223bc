"""Posts of a campaign: set up while the campaign is a draft; afterwards only cancelled, extended or merged.

While the campaign is a draft, :func:`post_create`, :func:`post_update` and :func:`post_delete` change
the plan freely. Once it is announced the posts are what applicants applied to, so only three decisions
remain, each with a written reason and only until the eligibility stage is sealed — the choices the
issue gives for a post with too few qualified applicants: :func:`post_cancel`, :func:`post_extend` (a
later deadline for that post) and :func:`post_merge` (into another post). Each function is one
transaction ending with its record event; refusals raise :class:`~xuanren.campaigns.errors.CampaignError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from xuanren.campaigns.actions._common import (
    deadline_of,
    en_instant,
    full_clean,
    lock_campaign,
    now_or,
    post_state,
    require,
    require_announced,
    require_applications_open_to_change,
    require_draft,
    zh_instant,
)
from xuanren.campaigns.conditions import normalise_conditions
from xuanren.campaigns.errors import from_rule, refuse
from xuanren.campaigns.models import Application, Campaign, Post, Review
from xuanren.people.models import Unit
from xuanren.record.actions import record_event
from xuanren.rules.eligibility import Conditions, validate_slots
from xuanren.rules.errors import RuleError

CAPABILITY = "campaigns.change"
UPDATABLE = ("code", "department", "title", "level", "slots", "conditions", "duties", "order")


def _check_slots(slots: Any, code: str) -> None:
    try:
        validate_slots(slots)
    except RuleError as exc:
        raise from_rule(exc, prefix_zh=f"职位{code}：", prefix_en=f"post {code}: ") from None


def _conditions(data: Conditions | Mapping[str, Any] | None, code: str) -> dict[str, Any]:
    from xuanren.campaigns.errors import CampaignError

    try:
        return normalise_conditions(data)
    except CampaignError as exc:
        m = exc.message
        raise CampaignError(type(m)(m.code, f"职位{code}：" + m.zh, f"post {code}: " + m.en, m.params)) from None


def _unique_code(campaign: Campaign, code: str, exclude: int | None = None) -> None:
    qs = Post.objects.filter(campaign=campaign, code=code)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise refuse("post.code_taken", "职位代码“{code}”已被本批次的另一个职位使用",
                     "the post code '{code}' is already used in this campaign", code=code)


def post_create(*, actor: Any, campaign: Campaign, code: str, department: Unit, title: str, level: str, slots: int,
                conditions: Conditions | Mapping[str, Any] | None = None, duties: str = "",
                order: int | None = None) -> Post:
    """Add a post to a draft campaign. ``level`` is a level or rank code (``people.models``); ``conditions``
    a :class:`Conditions` or its JSON (:mod:`~xuanren.campaigns.conditions`), validated: a post with zero
    slots or conditions that contradict each other is refused. Recorded as ``posts.create``."""
    require(actor, CAPABILITY)
    code = code.strip()
    _check_slots(slots, code)
    stored = _conditions(conditions, code)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        require_draft(locked)
        _unique_code(locked, code)
        if order is None:
            order = (Post.objects.filter(campaign=locked).aggregate(m=Max("order"))["m"] or 0) + 1
        post = Post(campaign=locked, code=code, department=department, title=title.strip(), level=level,
                    slots=slots, conditions=stored, duties=duties, order=order)
        full_clean(post)
        post.save()
        record_event(actor=actor, action="posts.create", obj=post, after=post_state(post),
                     details={"campaign": locked.pk, "code": code})
    return post


def post_update(*, actor: Any, post: Post, **changes: Any) -> Post:
    """Change a post of a draft campaign: any of :data:`UPDATABLE` as keywords (``conditions`` validated
    as in :func:`post_create`). Recorded as ``posts.update``; no change, no event."""
    require(actor, CAPABILITY)
    unknown = sorted(set(changes) - set(UPDATABLE))
    if unknown:
        raise TypeError(f"post_update cannot change {', '.join(unknown)}")
    with transaction.atomic():
        lock_campaign(post.campaign)
        locked = Post.objects.select_related("campaign").get(pk=post.pk)
        require_draft(locked.campaign)
        before = post_state(locked)
        code = str(changes.get("code", locked.code)).strip()
        if "slots" in changes:
            _check_slots(changes["slots"], code)
        if "conditions" in changes:
            changes["conditions"] = _conditions(changes["conditions"], code)
        if "code" in changes:
            changes["code"] = code
            _unique_code(locked.campaign, code, exclude=locked.pk)
        for key, value in changes.items():
            setattr(locked, key, value)
        full_clean(locked)
        after = post_state(locked)
        changed = sorted(k for k in after if after[k] != before[k])
        if not changed:
            return locked
        locked.save()
        record_event(actor=actor, action="posts.update", obj=locked, before=before, after=after,
                     details={"changed": changed})
    return locked


def post_delete(*, actor: Any, post: Post) -> None:
    """Remove a post from a draft campaign (a draft has no applications). Recorded as ``posts.delete``."""
    require(actor, CAPABILITY)
    with transaction.atomic():
        lock_campaign(post.campaign)
        locked = Post.objects.select_related("campaign").get(pk=post.pk)
        require_draft(locked.campaign)
        before = post_state(locked)
        pk, text = locked.pk, str(locked)
        locked.delete()
        record_event(actor=actor, action="posts.delete", object_type="campaigns.post", object_id=str(pk),
                     object_repr=text, before=before, details={"campaign": locked.campaign_id})


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse("reason_required", "请写明理由", "a written reason is required")
    return reason


def _open_post_for_decision(post: Post) -> tuple[Campaign, Post]:
    """Lock the campaign, check it is running and the eligibility stage not sealed; the post, fresh."""
    campaign = lock_campaign(post.campaign)
    require_announced(campaign)
    require_applications_open_to_change(campaign)
    locked = Post.objects.get(pk=post.pk)
    if locked.status != Post.Status.OPEN:
        raise refuse("post.not_open", "职位{code}已{status}", "post {code} is {status_en}", code=locked.code,
                     status=locked.get_status_display().removeprefix("已"), status_en=locked.status)
    return campaign, locked


def post_cancel(*, actor: Any, post: Post, reason: str) -> Post:
    """Cancel a post of a running campaign (e.g. too few qualified applicants). Its applications stay as
    they are, with the post shown as cancelled. Recorded as ``posts.cancel`` with the reason."""
    require(actor, CAPABILITY)
    reason = _reason(reason)
    with transaction.atomic():
        _campaign, locked = _open_post_for_decision(post)
        before = post_state(locked)
        locked.status = Post.Status.CANCELLED
        locked.save(update_fields=["status"])
        active = locked.applications.filter(status=Application.Status.SUBMITTED).count()
        record_event(actor=actor, action="posts.cancel", obj=locked, before=before, after=post_state(locked),
                     details={"reason": reason, "applications": active})
    return locked


def post_extend(*, actor: Any, post: Post, new_deadline: dt.datetime, reason: str,
                now: dt.datetime | None = None) -> Post:
    """Give one post of a running campaign a later deadline for applications (e.g. too few qualified).

    ``new_deadline`` (aware) must be in the future and later than the post's present deadline. Applications
    to other posts stay closed. Recorded as ``posts.extend`` with the reason.
    """
    require(actor, CAPABILITY)
    now = now_or(now)
    reason = _reason(reason)
    if new_deadline.tzinfo is None:
        raise ValueError("new_deadline must be aware")
    with transaction.atomic():
        campaign, locked = _open_post_for_decision(post)
        current = deadline_of(locked, campaign)
        if new_deadline <= now or (current is not None and new_deadline <= current):
            later = max(now, current) if current is not None else now
            raise refuse("post.extend_earlier", "新的报名截止时间{new}应晚于{old}",
                         "the new deadline {new_en} must be after {old_en}", new=zh_instant(campaign, new_deadline),
                         old=zh_instant(campaign, later), new_en=en_instant(campaign, new_deadline),
                         old_en=en_instant(campaign, later))
        before = post_state(locked)
        locked.apply_until = new_deadline
        locked.save(update_fields=["apply_until"])
        record_event(actor=actor, action="posts.extend", obj=locked, before=before, after=post_state(locked),
                     details={"reason": reason, "new_deadline": new_deadline.isoformat(),
                              "previous_deadline": current.isoformat() if current else None})
    return locked


def post_merge(*, actor: Any, post: Post, into: Post, reason: str) -> Post:
    """Merge ``post`` into another open post of the same running campaign; returns ``into``.

    Its slots are added to ``into``'s; its active applications move to ``into`` (their automatic review is
    discarded: ``into``'s conditions must be checked again by the next review run), except that a person
    who already applied to ``into`` keeps that application and the moved one is withdrawn. ``post`` is
    marked merged. Recorded as ``posts.merge`` with the reason and the applications moved.
    """
    require(actor, CAPABILITY)
    reason = _reason(reason)
    if post.pk == into.pk:
        raise refuse("post.merge_self", "职位不能并入自身", "a post cannot be merged into itself")
    if post.campaign_id != into.campaign_id:
        raise refuse("post.merge_other_campaign", "只能并入同一批次的职位", "posts merge only within a campaign")
    with transaction.atomic():
        _campaign, locked = _open_post_for_decision(post)
        target = Post.objects.get(pk=into.pk)
        if target.status != Post.Status.OPEN:
            raise refuse("post.merge_target", "职位{code}已{status}，不能并入", "post {code} is {status_en}",
                         code=target.code, status=target.get_status_display().removeprefix("已"),
                         status_en=target.status)
        before = [post_state(locked), post_state(target)]
        on_target = {a.person_id: a for a in target.applications.all()}
        moved: list[int] = []
        withdrawn: list[int] = []
        now = timezone.now()
        for app in locked.applications.filter(status=Application.Status.SUBMITTED).order_by("id"):
            there = on_target.get(app.person_id)
            if there is None:
                app.post = target
                app.save(update_fields=["post"])
                moved.append(app.pk)
                continue
            app.status = Application.Status.WITHDRAWN
            app.withdrawn_at = now
            app.save(update_fields=["status", "withdrawn_at"])
            withdrawn.append(app.pk)
            if there.status == Application.Status.WITHDRAWN:
                # The person had withdrawn from ``into``: that application is theirs again, as moved.
                there.status, there.withdrawn_at = Application.Status.SUBMITTED, None
                there.source, there.nominator_id = app.source, app.nominator_id
                there.nominator_note = app.nominator_note
                there.preference, there.submitted_at = app.preference, app.submitted_at
                there.save()
                moved.append(there.pk)
        Review.objects.filter(application_id__in=moved).delete()
        target.slots += locked.slots
        target.save(update_fields=["slots"])
        locked.status = Post.Status.MERGED
        locked.merged_into = target
        locked.save(update_fields=["status", "merged_into"])
        record_event(actor=actor, action="posts.merge", obj=locked, before=before,
                     after=[post_state(locked), post_state(target)],
                     details={"reason": reason, "into": target.pk, "into_code": target.code, "moved": moved,
                              "withdrawn": withdrawn})
    return target


__all__ = ["UPDATABLE", "post_cancel", "post_create", "post_delete", "post_extend",
           "post_merge", "post_update"]
