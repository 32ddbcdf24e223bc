"""Where each kind of stage is worked: the app that runs a stage registers its page, and the campaign
dashboard links it on the stage's row (e.g. scoring registers the exam's score entry page).

The URL name is reversed with ``pk`` (the campaign) and ``stage_pk``; the capability decides who sees the link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from xuanren.accounts.access import has


@dataclass(frozen=True)
class StagePage:
    label: Any
    url_name: str
    capability: str
    before_open: bool = False


_PAGES: dict[str, list[StagePage]] = {}


def register_stage_page(kind: str, label: Any, url_name: str, capability: str, *, before_open: bool = False) -> None:
    """``before_open``: the page is linked while the stage is still pending too (e.g. voting sessions,
    where a trial session is held before the real vote)."""
    _PAGES.setdefault(kind, []).append(StagePage(label, url_name, capability, before_open))


def links_for(user: Any, stage: Any) -> list[dict[str, Any]]:
    """``[{"label", "url"}]`` for the pages of ``stage`` that ``user`` may open (a pending stage: only those
    registered ``before_open``)."""
    pending = stage.status == "pending"
    return [{"label": p.label, "url": reverse(p.url_name, kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})}
            for p in _PAGES.get(stage.kind, []) if has(user, p.capability) and (p.before_open or not pending)]
