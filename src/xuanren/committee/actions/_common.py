"""What the committee actions share: refusals, the committee stage running, locks, labels and states."""

from __future__ import annotations

from typing import Any

from django.db import connection

from xuanren.campaigns.actions._common import _state, lock_campaign, now_or, require
from xuanren.campaigns.errors import CampaignError, from_rule, refuse
from xuanren.campaigns.models import Application, Campaign, Stage, StageKind
from xuanren.committee.models import Meeting, Member, Proposal
from xuanren.rules.committee import CommitteeRule
from xuanren.rules.errors import RuleError

__all__ = ["MANAGE", "VOTE", "committee_refuse", "from_rule", "hold_meeting", "lock_campaign", "locked_meeting",
           "meeting_state", "member_state", "now_or", "proposal_state", "require", "rule_from", "running_stage",
           "stage_for_settings", "state", "who"]

MANAGE = "committee.manage"
VOTE = "committee.vote"


def committee_refuse(code: str, zh: str, en: str, /, **params: Any) -> CampaignError:
    """A refusal of a committee action, code ``campaigns.committee.<code>``."""
    return refuse(f"committee.{code}", zh, en, **params)


def _label(stage: Stage) -> str:
    return str(stage.get_kind_display())


def _require_kind(stage: Stage) -> None:
    if stage.kind != StageKind.COMMITTEE:
        raise committee_refuse("wrong_stage", "“{label}”环节不是讨论决定环节", "the stage '{kind}' is not a committee "
                               "stage", label=_label(stage), kind=stage.kind)


def running_stage(stage: Stage, what: str = "办理", what_en: str = "work") -> Stage:
    """The committee stage, locked (the campaign's row first), open, of a running campaign: proposals,
    meetings and votes change only then (before it opens nothing is decided, after sealing nothing changes)."""
    campaign = lock_campaign(stage.campaign)
    current = Stage.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=stage.pk)
    _require_kind(current)
    if campaign.status != Campaign.Status.ANNOUNCED:
        raise committee_refuse("campaign_not_running", "竞聘批次“{name}”不在进行中（{status}）",
                               "the campaign '{name}' is not running ({status_en})", name=campaign.name,
                               status=campaign.get_status_display(), status_en=campaign.status)
    if current.status == Stage.Status.SEALED:
        raise committee_refuse("sealed", "“{label}”环节已封存，不能再{what}", "the stage '{kind}' is sealed: no more "
                               "{what_en}", label=_label(current), kind=current.kind, what=what, what_en=what_en)
    if current.status != Stage.Status.OPEN:
        raise committee_refuse("not_open", "“{label}”环节尚未开始，不能{what}", "the stage '{kind}' has not opened: "
                               "no {what_en} yet", label=_label(current), kind=current.kind, what=what,
                               what_en=what_en)
    return current


def stage_for_settings(stage: Stage) -> Stage:
    """The committee stage, locked, not sealed (its rule may be set before it opens)."""
    lock_campaign(stage.campaign)
    current = Stage.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=stage.pk)
    _require_kind(current)
    if current.status == Stage.Status.SEALED:
        raise committee_refuse("settings_sealed", "“{label}”环节已封存，表决规则不能再修改",
                               "the stage '{kind}' is sealed: its rule can no longer change", label=_label(current),
                               kind=current.kind)
    return current


def locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("stage", "campaign").get(pk=meeting.pk)


def hold_meeting(meeting_id: int) -> None:
    """Hold the meeting's row against closing until this vote commits (as voting's casting does): on
    PostgreSQL a ``FOR KEY SHARE`` lock, so votes do not wait for one another but the close (``FOR
    UPDATE``) waits for every vote under way; SQLite's IMMEDIATE transactions serialise writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Meeting._meta.db_table} WHERE id = %s FOR KEY SHARE", [meeting_id])


def rule_from(raw: Any, *, what: str = "表决规则") -> CommitteeRule:
    """A :class:`CommitteeRule` from JSON settings (``None``/empty: the regulation's default), refusals named."""
    try:
        return raw if isinstance(raw, CommitteeRule) else CommitteeRule.from_json(raw or None)
    except RuleError as exc:
        raise from_rule(exc, prefix_zh=f"{what}：", prefix_en="committee rule: ") from None


def who(app: Application) -> str:
    """``人员1（职位P01）`` — a candidate as refusals and the record name them."""
    return f"{app.person.name}（职位{app.post.code}）"


def state(obj: Any) -> dict[str, Any]:
    return _state(obj)


def proposal_state(p: Proposal) -> dict[str, Any]:
    out = _state(p)
    out["candidates"] = [{"application": c.application_id, "name": c.application.person.name, "reason": c.reason}
                         for c in p.candidates.select_related("application__person").order_by("order", "id")]
    return out


def meeting_state(m: Meeting) -> dict[str, Any]:
    return _state(m, exclude={"result"})


def member_state(m: Member) -> dict[str, Any]:
    return _state(m)

