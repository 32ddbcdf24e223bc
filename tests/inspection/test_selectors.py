"""The inspections are listed within a post by the earlier stage's rank (none last), then by application: the
order the candidates came out of the scoring or the recommendation, not the order they applied in."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.inspection.world import build_inspection_world
from xuanren.inspection.models import Inspection
from xuanren.inspection.selectors import inspections_of, published_notices, stage_overview

RANKS = {1: None, 2: 2, 3: 1, 4: 3, 5: 1, 6: 2}


def test_inspections_are_listed_by_the_earlier_rank_within_the_post(personas: dict[str, Any]) -> None:
    iw = build_inspection_world(personas)
    for n, rank in RANKS.items():  # as a scoring stage's shortlist would have ranked them
        Inspection.objects.filter(pk=iw.inspection(n).pk).update(finalist={"rank": rank, "score": "", "note": ""})
    expected = ["人员3", "人员2", "人员1", "人员5", "人员6", "人员4"]
    assert [i.application.person.name for i in inspections_of(iw.stage)] == expected
    assert [r.inspection.application.person.name for r in stage_overview(iw.stage).rows] == expected
    # the advance notices published (set directly: the publishing steps are tested in test_actions)
    Inspection.objects.filter(stage=iw.stage).update(notice_published_at=timezone.now())
    assert [i.application.person.name for i in published_notices(iw.campaign)] == expected


def test_without_ranks_the_application_order_is_kept(personas: dict[str, Any]) -> None:
    iw = build_inspection_world(personas)
    Inspection.objects.filter(pk=iw.inspection(2).pk).update(finalist={})
    assert [i.application.person.name for i in inspections_of(iw.stage)] == [f"人员{n}" for n in range(1, 7)]
