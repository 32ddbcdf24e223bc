"""Who is still in the running after the scoring stages (人选): the candidates inspection, the proposal and
the committee work on, and the reserve pool draws from.

Each app that decides who goes on registers a source for its kind of stage (scoring: the shortlist's
考察对象; voting: the recommendation's candidates who meet the threshold; inspection: those found
suitable). :func:`finalists` asks the source of the **latest sealed** such stage of the campaign; with
none sealed, every qualified candidate (资格审查合格) of an open post goes on. A post nobody reached is
listed with no finalists, and :func:`post_outcomes` says why (the stage's own reason, e.g. "无人达到
得票率要求，该职位空缺").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from xuanren.campaigns.models import Campaign, Post, Stage
from xuanren.campaigns.selectors import candidates


@dataclass(frozen=True)
class Finalist:
    """``application`` and ``post`` are primary keys; ``rank`` within the post when the stage ranks;
    ``score`` the figure shown (e.g. "86.42" or "推荐得分 67.30"); ``note`` why they went on."""

    application: int
    post: int
    rank: int | None = None
    score: str = ""
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stop:
    """Why a post has no finalist after a stage: ``reason`` in Chinese (and English), and ``kind`` — one of
    :class:`xuanren.appointments.models.Vacancy.Reason`'s values ("threshold", "too_few", "committee",
    "notice", "other") — so the vacancy the post is left with says why."""

    post: int
    reason: str
    reason_en: str = ""
    kind: str = "other"


FinalistSource = Callable[[Stage], tuple[list[Finalist], list[Stop]]]

_SOURCES: dict[str, FinalistSource] = {}


def register_finalist_source(kind: str, source: FinalistSource) -> None:
    """``source(stage)`` → (finalists, stops) of a sealed stage of ``kind``."""
    _SOURCES[kind] = source


def has_finalist_source(kind: str) -> bool:
    return kind in _SOURCES


def finalists_of(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
    """What the source of ``stage``'s kind says of it: (finalists, stops)."""
    return _SOURCES[stage.kind](stage)


def deciding_stage(campaign: Campaign, *, before: Stage | None = None,
                   kinds: Iterable[str] | None = None) -> Stage | None:
    """The latest sealed stage whose kind has a finalist source, or ``None``; ``before``: only stages
    earlier than it (what a stage works on while it is open, and what its own source builds on);
    ``kinds``: only stages of these kinds (e.g. the pool asks the recommendation or shortlist)."""
    allowed = [k for k in _SOURCES if kinds is None or k in set(kinds)]
    stages = Stage.objects.filter(campaign=campaign, status=Stage.Status.SEALED, kind__in=allowed)
    if before is not None:
        stages = stages.filter(order__lt=before.order).exclude(pk=before.pk)
    return stages.order_by("-order").first()


def _open_posts(campaign: Campaign) -> list[Post]:
    return list(Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).order_by("order", "id"))


def finalists_and_stops(campaign: Campaign, *, before: Stage | None = None, kinds: Iterable[str] | None = None,
                        ) -> tuple[dict[int, list[Finalist]], dict[int, Stop]]:
    """Per open post (in order): its finalists, and for posts without any, why — as the deciding stage
    (:func:`deciding_stage` with ``before`` and ``kinds``) says, or every qualified candidate without one."""
    posts = _open_posts(campaign)
    stage = deciding_stage(campaign, before=before, kinds=kinds)
    out: dict[int, list[Finalist]] = {p.pk: [] for p in posts}
    stops: dict[int, Stop] = {}
    if stage is None:
        for app in candidates(campaign):
            if app.post_id in out:
                out[app.post_id].append(Finalist(app.pk, app.post_id, note="资格审查合格"))
    else:
        found, stopped = finalists_of(stage)
        for f in found:
            if f.post in out:
                out[f.post].append(f)
        stops = {s.post: s for s in stopped if s.post in out}
    for pk, rows in out.items():
        if not rows and pk not in stops:
            stops[pk] = Stop(pk, "无符合条件的人选", "no candidate qualified", kind="too_few")
    return out, stops


def finalists(campaign: Campaign, *, before: Stage | None = None) -> dict[int, list[Finalist]]:
    """``{post pk: [Finalist, …]}`` for every open post of ``campaign`` (empty list: nobody went on)."""
    return finalists_and_stops(campaign, before=before)[0]
