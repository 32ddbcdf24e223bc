"""What the recommendation and evaluation stages share: which sessions count, their combined count,
the blockers of sealing, the published results, and reading a published result back for the scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from xuanren.campaigns.models import Publication, Stage
from xuanren.rules.messages import Message
from xuanren.voting.ballotfile import forms_of
from xuanren.voting.counting import Counted, CountError, count_only, count_sessions, figure_value
from xuanren.voting.models import Ballot, Session


def sessions_of(stage: Stage) -> list[Session]:
    return list(Session.objects.filter(stage=stage).order_by("id"))


def counted_sessions(stage: Stage) -> list[Session]:
    """The sessions whose ballots count for the stage: closed, not trials, with a result."""
    return [s for s in sessions_of(stage)
            if s.status == Session.Status.CLOSED and not s.trial and s.result is not None]


def _counted(session: Session) -> Counted:
    """A closed session counted again from its ballots, with the turnout it was closed with."""
    ballots = Ballot.objects.filter(session=session).order_by("receipt").values_list("group__code", "marks")
    turnout = (session.result or {}).get("turnout") or []
    return count_only(session.rules, forms_of(session), turnout, ballots.iterator(), label=session.name)


def stage_count(stage: Stage) -> dict[str, Any]:
    """The combined count of the stage's counted sessions (:func:`xuanren.voting.counting.count_sessions`).
    Raises :class:`~xuanren.voting.counting.CountError` when the sessions cannot be combined (different
    voter groups, weights or rules; a post with different candidates), or when there is none."""
    sessions = counted_sessions(stage)
    if not sessions:
        raise CountError(Message("voting.count.no_session", "本环节没有已结束的正式投票场次",
                                 "the stage has no closed session that counts"))
    return count_sessions([_counted(s) for s in sessions])


def blockers(stage: Stage, now: dt.datetime) -> list[str]:
    """What must be done before the stage can be sealed (Chinese); empty when it is ready."""
    out: list[str] = []
    sessions = sessions_of(stage)
    for s in sessions:
        if s.status == Session.Status.OPEN:
            what = "模拟测试场次" if s.trial else "投票场次"
            out.append(f"{what}“{s.name}”仍在投票，须先结束")
        elif s.status == Session.Status.DRAFT and not s.trial:
            out.append(f"投票场次“{s.name}”尚未投票（准备中）：须先投票并结束，或在该场次的页面上将其删除")
    if not counted_sessions(stage):
        out.append("本环节没有已结束的正式投票场次（模拟测试不计入结果）")
    elif not out:
        try:
            stage_count(stage)
        except CountError as exc:
            out.append(f"各场次不能合并计票：{exc}")
    return out


def stage_results(stage: Stage) -> dict[str, Any]:
    """What sealing the stage publishes: the sessions counted and their combined count."""
    sessions = counted_sessions(stage)
    count = stage_count(stage)
    return {
        "kind": stage.kind, "title": str(stage.get_kind_display()),
        "sessions": [{"id": s.pk, "name": s.name, "place": s.place,
                      "closed_at": s.closed_at.isoformat() if s.closed_at else None,
                      "ballots": sum(r.get("returned", 0) for r in (s.result or {}).get("turnout") or []),
                      "valid": bool((s.result or {}).get("valid"))} for s in sessions],
        **count,
    }


def published_or_counted(stage: Stage) -> dict[str, Any] | None:
    """The stage's latest published result, or (before it is sealed) its combined count as it stands;
    ``None`` when there is nothing to count yet."""
    latest = Publication.objects.filter(stage=stage).order_by("-version").first()
    if latest is not None and isinstance(latest.content, dict) and "forms" in latest.content:
        return latest.content
    try:
        return stage_count(stage)
    except CountError:
        return None


def parts_of(result: dict[str, Any] | None, kind: str) -> Iterator[dict[str, Any]]:
    for part in (result or {}).get("forms") or []:
        if isinstance(part, dict) and part.get("kind") == kind:
            yield part


def message_of(line: Any) -> Message:
    """A published explanation line back as a :class:`Message` (its texts already filled in)."""
    if isinstance(line, Message):
        return line
    zh = str(line.get("zh", "")).replace("{", "{{").replace("}", "}}")
    en = str(line.get("en", "")).replace("{", "{{").replace("}", "}}")
    return Message(str(line.get("code", "")), zh, en, {})


def exact(fig: Any) -> Fraction:
    return figure_value(fig)
