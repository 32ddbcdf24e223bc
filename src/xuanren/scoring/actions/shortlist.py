"""The shortlist stage (综合成绩与确定考察对象): its rule, and recomputing it after an earlier correction.

- :func:`shortlist_settings_set` — the ratio per slot (default 3, i.e. 1:3), the components compared in
  order when composites are equal (e.g. recommendation, then interview) and the decimals shown, until
  the stage is sealed;
- :func:`shortlist_recompute` — after sealing, when an earlier stage was corrected: recompute the
  composites, ranks and shortlist with a reason, published as the next version (through
  :func:`xuanren.campaigns.actions.stages.stage_correct` and the shortlist's stage handler).

The ranking itself is read live with :func:`xuanren.scoring.selectors.shortlist_preview`, and stored
when the stage is sealed (:mod:`xuanren.scoring.handlers.shortlist`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from xuanren.campaigns.actions.stages import stage_correct
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import SCORING_STAGES, Publication, Stage, StageKind
from xuanren.record.actions import record_event
from xuanren.rules.errors import RuleError
from xuanren.rules.scoring import ShortlistRule
from xuanren.scoring.actions._common import (
    lock_campaign,
    locked_stage,
    now_or,
    require,
    require_kind,
    require_not_sealed,
    state,
)


def _int(value: Any, what: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise refuse("scoring.shortlist.not_integer", "{what}应为整数，实为“{value}”", "{what} must be an integer, "
                     "not '{value}'", what=what, value=str(value)) from None
    return number


def shortlist_settings_set(*, actor: Any, stage: Stage, ratio: Any = 3, tie_breaks: Sequence[str] = (),
                           decimals: Any = 2, now: dt.datetime | None = None) -> Stage:
    """Set the shortlist's rule until the stage is sealed. ``tie_breaks`` are kinds of the campaign's
    weighted scoring stages. Refuses a ratio below 1, decimals outside 0–4, an unknown or repeated
    tie-break. Recorded as ``scoring.shortlist.settings``."""
    require(actor, "scoring.manage")
    now_or(now)
    try:
        rule = ShortlistRule(ratio=_int(ratio, "差额比例"), tie_breaks=tuple(str(k) for k in tie_breaks if k),
                             decimals=_int(decimals, "小数位数"))
    except RuleError as exc:
        raise CampaignError(exc.message) from None
    with transaction.atomic():
        lock_campaign(stage.campaign)
        current = locked_stage(stage)
        require_kind(current, StageKind.SHORTLIST)
        require_not_sealed(current)
        weighted = {s.kind: s for s in Stage.objects.filter(campaign_id=current.campaign_id)
                    if s.kind in SCORING_STAGES and s.weight is not None}
        for kind in rule.tie_breaks:
            if kind not in weighted:
                label = str(StageKind(kind).label) if kind in StageKind.values else kind
                raise refuse("scoring.shortlist.tie_break_unknown",
                             "同分比较的项目“{label}”不是本批次计入综合成绩的环节（可选：{allowed}）",
                             "the tie-break '{kind}' is not a weighted stage of this campaign",
                             label=label, kind=kind, allowed="、".join(str(s.get_kind_display())
                                                                      for s in weighted.values()) or "无")
        before = state(current)
        settings = dict(current.settings or {})
        settings.update(rule.as_json())
        current.settings = settings
        current.save(update_fields=["settings"])
        record_event(actor=actor, action="scoring.shortlist.settings", obj=current, before=before,
                     after=state(current), details={"campaign": current.campaign_id, **rule.as_json()})
    return current


def shortlist_recompute(*, actor: Any, stage: Stage, reason: str, now: dt.datetime | None = None) -> Publication:
    """Recompute a sealed shortlist after an earlier stage's correction, with a reason; the new standings
    are published as the next version. Refused when nothing would change."""
    return stage_correct(actor=actor, stage=stage, changes={"recompute": True}, reason=reason, now=now)
