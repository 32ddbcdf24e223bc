"""What the campaign actions share: the clock, the campaign's time zone, permission, locks, states."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from xuanren.accounts.access import has
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind


def now_or(now: dt.datetime | None) -> dt.datetime:
    """``now`` (which must be aware), or the current instant."""
    if now is None:
        return timezone.now()
    if timezone.is_naive(now):
        raise ValueError("now must be an aware datetime")
    return now


def zone(campaign: Campaign) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(campaign.time_zone)


def local_date(campaign: Campaign, instant: dt.datetime) -> dt.date:
    return instant.astimezone(zone(campaign)).date()


def zh_instant(campaign: Campaign, instant: dt.datetime) -> str:
    """``2026年12月1日17:00`` in the campaign's time zone."""
    t = instant.astimezone(zone(campaign))
    return f"{t.year}年{t.month}月{t.day}日{t:%H:%M}"


def en_instant(campaign: Campaign, instant: dt.datetime) -> str:
    t = instant.astimezone(zone(campaign))
    return f"{t.day} {t:%B} {t.year} {t:%H:%M} ({campaign.time_zone})"


def require(actor: Any, capability: str) -> None:
    """The action's own check: ``None`` is the system (command line, demos); a user needs the capability."""
    if actor is not None and not has(actor, capability):
        raise PermissionDenied(capability)


def lock_campaign(campaign: Campaign) -> Campaign:
    """The campaign's row, locked until commit (PostgreSQL; SQLite's IMMEDIATE transactions serialise)."""
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def require_draft(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.DRAFT:
        raise refuse("not_draft", "竞聘批次“{name}”已发布公告（状态：{status}），不能再修改方案",
                     "the campaign '{name}' is no longer a draft ({status_en}): its plan cannot change",
                     name=campaign.name, status=campaign.get_status_display(), status_en=campaign.status)


def require_announced(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.ANNOUNCED:
        raise refuse("not_announced", "竞聘批次“{name}”不在进行中（状态：{status}）",
                     "the campaign '{name}' is not running ({status_en})", name=campaign.name,
                     status=campaign.get_status_display(), status_en=campaign.status)


def eligibility_stage(campaign: Campaign) -> Stage:
    stage = Stage.objects.filter(campaign=campaign, kind=StageKind.ELIGIBILITY).first()
    if stage is None:
        raise refuse("no_eligibility_stage", "竞聘批次没有资格审查环节", "the campaign has no eligibility stage")
    return stage


def require_applications_open_to_change(campaign: Campaign) -> Stage:
    """Applications and posts may change until the eligibility stage is sealed; returns that stage."""
    stage = eligibility_stage(campaign)
    if stage.status == Stage.Status.SEALED:
        raise refuse("eligibility_sealed", "资格审查环节已封存，报名和职位不能再变动；如需更正，请走更正程序",
                     "the eligibility stage is sealed: applications and posts can no longer change; "
                     "use a correction")
    return stage


def deadline_of(post: Post, campaign: Campaign) -> dt.datetime | None:
    """When applications to ``post`` close: its extended deadline, else the campaign's."""
    return post.apply_until or campaign.apply_until


def campaign_state(c: Campaign) -> dict[str, Any]:
    return _state(c, exclude={"created"})


def post_state(p: Post) -> dict[str, Any]:
    return _state(p)


def stage_state(s: Stage) -> dict[str, Any]:
    return _state(s)


def application_state(a: Application) -> dict[str, Any]:
    return _state(a)


def review_state(r: Review) -> dict[str, Any]:
    return _state(r)


def _state(obj: Any, exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.attname in exclude:
            continue
        v = getattr(obj, f.attname)
        if isinstance(v, dt.datetime | dt.date):
            v = v.isoformat()
        elif v is not None and not isinstance(v, str | int | float | bool | list | dict):
            v = str(v)
        out[f.attname] = v
    return out


def full_clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    """``obj.full_clean()`` with Django's messages as one :class:`CampaignError`."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        parts: list[str] = []
        for field_name, errors in exc.message_dict.items():
            label = field_name
            if field_name != "__all__":
                try:
                    label = str(obj._meta.get_field(field_name).verbose_name)
                except Exception:  # pragma: no cover - a constraint's pseudo-field
                    label = field_name
            parts.extend(f"{label}：{e}" if field_name != "__all__" else str(e) for e in errors)
        raise refuse("invalid", "{detail}", "{detail}", detail="；".join(parts)) from None
