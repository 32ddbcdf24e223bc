"""Setting up a campaign: create (from a template or a list of stages), copy, change, set weights, publish.

The plan of a campaign (its settings, stages and posts) changes only while it is a draft; publishing it
(:func:`campaign_publish`) fixes it, and from then on posts can only be cancelled, extended or merged
(:mod:`~xuanren.campaigns.actions.posts`), each with a reason. Every function here is one transaction
ending with its record event, raises :class:`~xuanren.campaigns.errors.CampaignError` for what it refuses
(writing nothing), and :class:`~django.core.exceptions.PermissionDenied` when ``actor`` (a user; ``None``
is the system) lacks ``campaigns.change``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from xuanren.campaigns.actions._common import (
    campaign_state,
    full_clean,
    lock_campaign,
    now_or,
    require,
    require_draft,
    zh_instant,
)
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import SCORING_STAGES, Campaign, Method, Post, Stage, StageKind
from xuanren.campaigns.presets import TEMPLATES, StageSpec
from xuanren.people.models import Unit
from xuanren.record.actions import record_event

CAPABILITY = "campaigns.change"

# What campaign_update may change (while the campaign is a draft).
UPDATABLE = ("name", "unit", "method", "introduction", "time_zone", "apply_from", "apply_until", "withdraw_until",
             "reference_date", "posts_per_applicant", "min_qualified")

StageInput = StageSpec | str | Mapping[str, Any]


def _stage_specs(stages: Sequence[StageInput]) -> list[StageSpec]:
    """Stages given as :class:`StageSpec`, kind codes or dicts, checked: known kinds, each once, in a
    workable order (eligibility review first, appointment last), weights only on scoring stages."""
    specs: list[StageSpec] = []
    for item in stages:
        if isinstance(item, StageSpec):
            spec = item
        elif isinstance(item, str):
            spec = StageSpec(item)
        else:
            spec = StageSpec(kind=str(item.get("kind", "")), weight=_weight(item.get("weight"), str(item.get("kind"))),
                             public=bool(item.get("public", True)), settings=dict(item.get("settings") or {}))
        if spec.kind not in StageKind.values:
            raise refuse("stage.unknown", "未知的环节“{kind}”，应为：{allowed}", "unknown stage '{kind}'",
                         kind=spec.kind, allowed="、".join(str(k.label) for k in StageKind))
        specs.append(StageSpec(spec.kind, _weight(spec.weight, spec.kind), spec.public, dict(spec.settings)))
    if not specs:
        raise refuse("stage.none", "竞聘批次至少要有一个环节", "a campaign needs at least one stage")
    kinds = [s.kind for s in specs]
    for kind in kinds:
        if kinds.count(kind) > 1:
            raise refuse("stage.twice", "环节“{label}”重复", "the stage '{kind}' appears twice", kind=kind,
                         label=StageKind(kind).label)
    if StageKind.ELIGIBILITY not in kinds:
        raise refuse("stage.no_eligibility", "竞聘批次须有资格审查环节", "a campaign needs an eligibility stage")
    if kinds[0] != StageKind.ELIGIBILITY:
        raise refuse("stage.eligibility_first", "资格审查须为第一个环节", "eligibility review must be the first stage")
    if StageKind.APPOINTMENT in kinds and kinds[-1] != StageKind.APPOINTMENT:
        raise refuse("stage.appointment_last", "任职须为最后一个环节", "appointment must be the last stage")
    return specs


def _weight(value: Any, kind: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        weight = Decimal(str(value))
    except InvalidOperation:
        raise refuse("stage.weight", "权重“{value}”不是数字", "the weight '{value}' is not a number",
                     value=value) from None
    label = StageKind(kind).label if kind in StageKind.values else kind
    if not Decimal(0) <= weight <= Decimal(100) or weight != weight.quantize(Decimal("0.01")):
        raise refuse("stage.weight_range", "“{label}”的权重应在0到100之间（最多两位小数），实为{value}",
                     "the weight of '{kind}' must be from 0 to 100 with at most two decimals, not {value}",
                     label=label, kind=kind, value=str(value))
    if kind not in SCORING_STAGES:
        raise refuse("stage.weight_not_scoring", "“{label}”环节不计分，不能设权重",
                     "the stage '{kind}' gives no score and takes no weight", label=label, kind=kind)
    return weight


def _make_stages(campaign: Campaign, specs: Sequence[StageSpec]) -> list[Stage]:
    stages = [Stage(campaign=campaign, kind=s.kind, order=i, weight=s.weight, public=s.public,
                    settings=dict(s.settings)) for i, s in enumerate(specs, start=1)]
    for stage in stages:
        full_clean(stage, exclude=["campaign"])
    return Stage.objects.bulk_create(stages)


def _check_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise refuse("time_zone", "未知时区“{zone}”", "unknown time zone '{zone}'", zone=name) from None


def _check_dates(campaign: Campaign) -> None:
    for name in ("apply_from", "apply_until", "withdraw_until"):
        value = getattr(campaign, name)
        if value is not None and (not isinstance(value, dt.datetime) or value.tzinfo is None):
            raise ValueError(f"{name} must be an aware datetime")
    if campaign.apply_from and campaign.apply_until and campaign.apply_from >= campaign.apply_until:
        raise refuse("apply_window", "报名开始时间应早于报名截止时间", "applications must open before they close")
    if campaign.withdraw_until and campaign.apply_from and campaign.withdraw_until <= campaign.apply_from:
        raise refuse("withdraw_window", "撤回截止时间应晚于报名开始时间",
                     "withdrawals must close after applications open")


def campaign_stages_summary(campaign: Campaign) -> list[dict[str, Any]]:
    return [{"kind": s.kind, "order": s.order, "weight": None if s.weight is None else str(s.weight),
             "public": s.public} for s in campaign.stages.order_by("order")]


def campaign_create(*, actor: Any, name: str, unit: Unit, method: str | None = None, template: str | None = None,
                    stages: Sequence[StageInput] | None = None, introduction: str = "",
                    time_zone: str = "Asia/Shanghai", apply_from: dt.datetime | None = None,
                    apply_until: dt.datetime | None = None, withdraw_until: dt.datetime | None = None,
                    reference_date: dt.date | None = None, posts_per_applicant: int = 2,
                    min_qualified: int = 2) -> Campaign:
    """Create a draft campaign with its stages; returns it.

    ``template`` (a code of :data:`~xuanren.campaigns.presets.TEMPLATES`) gives the method and the stages
    with their weights and rules; ``stages`` (kind codes, :class:`StageSpec` or dicts with ``kind``,
    ``weight``, ``public``, ``settings``) replaces the template's stages; one of the two is needed.
    ``method`` overrides the template's. Datetimes must be aware. Recorded as ``campaigns.create``.
    """
    require(actor, CAPABILITY)
    chosen = None
    if template:
        chosen = TEMPLATES.get(template)
        if chosen is None:
            raise refuse("template.unknown", "未知的模板“{code}”，应为：{allowed}", "unknown template '{code}'",
                         code=template, allowed="、".join(TEMPLATES))
    if stages is None:
        if chosen is None:
            raise refuse("stage.none", "请选择模板或列出环节", "choose a template or list the stages")
        stages = chosen.stages
    specs = _stage_specs(stages)
    method = method or (chosen.method if chosen else Method.INTERNAL)
    _check_time_zone(time_zone)
    campaign = Campaign(
        name=name.strip(), unit=unit, method=method, template=template or "", introduction=introduction,
        time_zone=time_zone, apply_from=apply_from, apply_until=apply_until, withdraw_until=withdraw_until,
        reference_date=reference_date, posts_per_applicant=posts_per_applicant, min_qualified=min_qualified,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    _check_dates(campaign)
    full_clean(campaign)
    with transaction.atomic():
        campaign.save()
        _make_stages(campaign, specs)
        record_event(actor=actor, action="campaigns.create", obj=campaign, after=campaign_state(campaign),
                     details={"template": template or "", "method": method,
                              "stages": campaign_stages_summary(campaign)})
    return campaign


def campaign_copy(*, actor: Any, source: Campaign, name: str, unit: Unit | None = None) -> Campaign:
    """A new draft campaign like ``source`` (last year's): its settings, stages with weights and rules,
    and posts with their conditions; no applications, no reviews, no dates (they are set anew).
    Recorded as ``campaigns.copy``.
    """
    require(actor, CAPABILITY)
    campaign = Campaign(
        name=name.strip(), unit=unit or source.unit, method=source.method, template=source.template,
        copied_from=source, introduction=source.introduction, time_zone=source.time_zone,
        posts_per_applicant=source.posts_per_applicant, min_qualified=source.min_qualified,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    full_clean(campaign)
    with transaction.atomic():
        campaign.save()
        specs = [StageSpec(s.kind, s.weight, s.public, s.settings) for s in source.stages.order_by("order")]
        _make_stages(campaign, specs)
        posts = [Post(campaign=campaign, code=p.code, department_id=p.department_id, title=p.title, level=p.level,
                      slots=p.slots, conditions=p.conditions, duties=p.duties, order=p.order)
                 for p in source.posts.order_by("order", "id")]
        Post.objects.bulk_create(posts)
        record_event(actor=actor, action="campaigns.copy", obj=campaign, after=campaign_state(campaign),
                     details={"source": source.pk, "source_name": source.name, "posts": len(posts),
                              "stages": campaign_stages_summary(campaign)})
    return campaign


def campaign_update(*, actor: Any, campaign: Campaign, **changes: Any) -> Campaign:
    """Change a draft campaign's settings: any of :data:`UPDATABLE` as keywords. Recorded as ``campaigns.update``
    with the fields changed (nothing changed: no event, the campaign returned as it was)."""
    require(actor, CAPABILITY)
    unknown = sorted(set(changes) - set(UPDATABLE))
    if unknown:
        raise TypeError(f"campaign_update cannot change {', '.join(unknown)}")
    with transaction.atomic():
        locked = lock_campaign(campaign)
        require_draft(locked)
        before = campaign_state(locked)
        for key, value in changes.items():
            setattr(locked, key, value.strip() if key == "name" and isinstance(value, str) else value)
        _check_time_zone(locked.time_zone)
        _check_dates(locked)
        full_clean(locked)
        after = campaign_state(locked)
        changed = sorted(k for k in after if after[k] != before[k])
        if not changed:
            return locked
        locked.save()
        record_event(actor=actor, action="campaigns.update", obj=locked, before=before, after=after,
                     details={"changed": changed})
    return locked


def campaign_set_stages(*, actor: Any, campaign: Campaign, stages: Sequence[StageInput]) -> list[Stage]:
    """Replace a draft campaign's stages (order, weights, public flags, rules). Recorded as ``campaigns.set_stages``."""
    require(actor, CAPABILITY)
    specs = _stage_specs(stages)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        require_draft(locked)
        before = campaign_stages_summary(locked)
        Stage.objects.filter(campaign=locked).delete()
        made = _make_stages(locked, specs)
        after = campaign_stages_summary(locked)
        record_event(actor=actor, action="campaigns.set_stages", obj=locked, before=before, after=after,
                     details={"stages": after})
    return made


def stage_set_weights(*, actor: Any, campaign: Campaign, weights: Mapping[str, Decimal | int | str | None]
                      ) -> list[Stage]:
    """Set the composite weights of a draft campaign's scoring stages: ``{kind: weight or None}``.

    Only the stages named change. Weights are 0–100 with at most two decimals, on scoring stages only;
    whether they sum to 100 is checked when publishing. Recorded as ``stages.set_weights``.
    """
    require(actor, CAPABILITY)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        require_draft(locked)
        stages = {s.kind: s for s in Stage.objects.filter(campaign=locked)}
        before = campaign_stages_summary(locked)
        for kind, value in weights.items():
            if kind not in stages:
                label = StageKind(kind).label if kind in StageKind.values else kind
                raise refuse("stage.absent", "本批次没有“{label}”环节", "the campaign has no '{kind}' stage",
                             label=label, kind=kind)
            stages[kind].weight = _weight(value, kind)
        for kind in weights:
            full_clean(stages[kind])
            stages[kind].save(update_fields=["weight"])
        after = campaign_stages_summary(locked)
        record_event(actor=actor, action="stages.set_weights", obj=locked, before=before, after=after,
                     details={"weights": {k: None if stages[k].weight is None else str(stages[k].weight)
                                          for k in weights}})
    return sorted(stages.values(), key=lambda s: s.order)


def weight_problems(campaign: Campaign) -> str | None:
    """Why the composite weights cannot stand, in Chinese, or ``None``: once any scoring stage has a weight,
    the weights set must sum to 100 (the scoring stages without one are named)."""
    scoring = [s for s in campaign.stages.order_by("order") if s.kind in SCORING_STAGES]
    weighted = [s for s in scoring if s.weight is not None]
    if not weighted:
        return None
    total = sum((s.weight for s in weighted if s.weight is not None), Decimal(0))
    if total == 100:
        return None
    missing = [str(s.get_kind_display()) for s in scoring if s.weight is None]
    parts = "、".join(f"{s.get_kind_display()}{s.weight.normalize():f}" for s in weighted if s.weight is not None)
    text = f"各计分环节权重合计应为100，现为{total.normalize():f}（{parts}）"
    if missing:
        text += f"；未设权重的计分环节：{'、'.join(missing)}"
    return text


def campaign_publish(*, actor: Any, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """Announce a draft campaign (status → announced): its plan is fixed and applications may start.

    Refuses without at least one post, without a deadline for applications or with one already past,
    and with composite weights that do not sum to 100 (naming the stages without a weight). Recorded as
    ``campaigns.publish``.
    """
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        require_draft(locked)
        problems: list[str] = []
        posts = locked.posts.filter(status=Post.Status.OPEN).count()
        if posts == 0:
            problems.append("尚未设置职位")
        if locked.apply_until is None:
            problems.append("尚未设置报名截止时间")
        elif locked.apply_until <= now:
            problems.append(f"报名截止时间{zh_instant(locked, locked.apply_until)}已过")
        weights = weight_problems(locked)
        if weights:
            problems.append(weights)
        if problems:
            raise refuse("publish", "不能发布公告：{problems}", "the campaign cannot be announced: {problems}",
                         problems="；".join(problems))
        before = campaign_state(locked)
        locked.status = Campaign.Status.ANNOUNCED
        locked.published_at = now
        locked.save(update_fields=["status", "published_at"])
        record_event(actor=actor, action="campaigns.publish", obj=locked, before=before,
                     after=campaign_state(locked), details={"posts": posts, "stages": campaign_stages_summary(locked)})
    campaign.refresh_from_db()
    return locked


__all__ = ["UPDATABLE", "campaign_copy", "campaign_create", "campaign_publish", "campaign_set_stages",
           "campaign_update", "stage_set_weights", "weight_problems"]
