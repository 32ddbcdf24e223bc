"""What the voting actions share: refusals, locks, states for the record."""

from __future__ import annotations

from typing import Any

from xuanren.campaigns.actions._common import _state
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.voting.models import BallotForm, Session, VoterGroup


def voting_refuse(code: str, zh: str, en: str, /, **params: Any) -> CampaignError:
    """A refusal of a voting action, code ``campaigns.voting.<code>``."""
    return refuse(f"voting.{code}", zh, en, **params)


def lock_session(session: Session) -> Session:
    """The session's row, locked until commit (PostgreSQL; SQLite's IMMEDIATE transactions serialise)."""
    return Session.objects.select_for_update().get(pk=session.pk)


def require_draft(session: Session) -> None:
    if session.status != Session.Status.DRAFT:
        raise voting_refuse("not_draft", "投票场次“{name}”已开始投票（状态：{status}），不能再修改",
                            "the voting session '{name}' is no longer being prepared ({status_en})",
                            name=session.name, status=session.get_status_display(), status_en=session.status)


def require_not_closed(session: Session) -> None:
    if session.status == Session.Status.CLOSED:
        raise voting_refuse("closed", "投票场次“{name}”已结束", "the voting session '{name}' is closed",
                            name=session.name)


def session_state(s: Session) -> dict[str, Any]:
    return _state(s, exclude={"result"})


def group_state(g: VoterGroup) -> dict[str, Any]:
    return _state(g)


def form_state(f: BallotForm) -> dict[str, Any]:
    return _state(f)
