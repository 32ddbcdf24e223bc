"""What the notice actions share: the stage's settings read safely, stage checks, the calendar's refusals
as the actions' own, the campaign's local day, and row states for the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from xuanren.campaigns.actions._common import _state, local_date, lock_campaign, now_or, require
from xuanren.campaigns.errors import CampaignError, from_rule, refuse
from xuanren.campaigns.models import Stage, StageKind
from xuanren.rules.calendar import NOTICE_WORKING_DAYS, WorkCalendar
from xuanren.rules.errors import RuleError

__all__ = ["MAX_WORKING_DAYS", "NoticeSettings", "calendar_or_refuse", "local_date", "lock_campaign", "locked_stage",
           "notice_settings", "now_or", "require", "require_notice_stage", "require_open", "state", "user_or_none"]

MAX_WORKING_DAYS = 30


@dataclass(frozen=True)
class NoticeSettings:
    """The notice stage's rules (``Stage.settings``): the least number of working days (never below 5), and
    what a new notice says by default: its issuer and how to reflect views."""

    working_days: int = NOTICE_WORKING_DAYS
    issuer: str = ""
    phone: str = ""
    address: str = ""
    mailbox: str = ""
    contact: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"working_days": self.working_days, "issuer": self.issuer, "phone": self.phone,
                "address": self.address, "mailbox": self.mailbox, "contact": self.contact}


def notice_settings(stage: Stage) -> NoticeSettings:
    """The stage's settings; a value that cannot be read (hand-edited data) falls back to the default, and the
    number of working days is never below the legal 5."""
    raw = stage.settings if isinstance(stage.settings, dict) else {}
    days = raw.get("working_days", NOTICE_WORKING_DAYS)
    if isinstance(days, bool) or not isinstance(days, int):
        days = NOTICE_WORKING_DAYS
    texts = {k: str(raw.get(k) or "").strip() for k in ("issuer", "phone", "address", "mailbox", "contact")}
    return NoticeSettings(working_days=min(max(days, NOTICE_WORKING_DAYS), MAX_WORKING_DAYS), **texts)


def state(obj: Any) -> dict[str, Any]:
    """A row's fields as JSON for the record's before/after."""
    return _state(obj)


def user_or_none(actor: Any) -> Any:
    return actor if actor is not None and not isinstance(actor, str) and getattr(actor, "is_authenticated",
                                                                                   False) else None


def locked_stage(stage: Stage) -> Stage:
    return Stage.objects.select_for_update(of=("self",)).select_related("campaign", "campaign__unit").get(pk=stage.pk)


def require_notice_stage(stage: Stage) -> None:
    if stage.kind != StageKind.NOTICE:
        raise refuse("notices.wrong_stage", "“{label}”环节不是任前公示环节", "the stage '{kind}' is not a notice stage",
                     label=str(stage.get_kind_display()), kind=stage.kind)


def require_open(stage: Stage, *, what: str, what_en: str) -> None:
    """The notice stage is open (notices are made and published only then)."""
    require_notice_stage(stage)
    if stage.status == Stage.Status.SEALED:
        raise refuse("notices.stage_sealed", "任前公示环节已封存，不能再{what}", "the notice stage is sealed: "
                     "{what_en} no more", what=what, what_en=what_en)
    if stage.status != Stage.Status.OPEN:
        raise refuse("notices.stage_not_open", "任前公示环节尚未开始，不能{what}", "the notice stage has not opened: "
                     "cannot {what_en}", what=what, what_en=what_en)


def calendar_or_refuse() -> WorkCalendar:
    from xuanren.notices.calendar import current_calendar

    try:
        return current_calendar()
    except RuleError as exc:
        raise from_rule(exc) from None


def rule_refusal(exc: RuleError) -> CampaignError:
    return from_rule(exc)


def today(campaign: Any, now: dt.datetime) -> dt.date:
    return local_date(campaign, now)
