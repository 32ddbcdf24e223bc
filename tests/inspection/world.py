"""The inspection tests' world: the decision world of tests/campaigns (P01 with 人员1–3, P02 with 人员4–6,
eligibility sealed, no scoring stage so every qualified candidate is a finalist) with its inspection stage
open, and helpers that carry an inspection through its steps with the real actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tests.campaigns import world as campaign_world
from tests.campaigns.decision_world import DecisionWorld, advance, build_decision_world
from xuanren.campaigns.models import Publication, Stage
from xuanren.inspection import actions
from xuanren.inspection.models import Inspection, InspectionAttachment
from xuanren.record.models import Event

DIMS = ("de", "neng", "qin", "ji", "lian")
TEXTS = {"de": "政治立场坚定，遵守纪律", "neng": "业务能力强", "qin": "工作勤勉", "ji": "成绩突出", "lian": "廉洁自律"}
INSPECTION_TABLES: tuple[Any, ...] = (Stage, Inspection, InspectionAttachment, Publication, Event)


def nothing_changes() -> Any:
    return campaign_world.nothing_changes(INSPECTION_TABLES)


@dataclass
class InspectionWorld:
    dw: DecisionWorld
    stage: Stage

    @property
    def organiser(self) -> Any:
        return self.dw.organiser

    @property
    def campaign(self) -> Any:
        return self.dw.campaign

    def inspection(self, n: int) -> Inspection:
        """The inspection of 人员n (1–3 for P01, 4–6 for P02)."""
        return Inspection.objects.get(application__person__name=f"人员{n}")

    def start(self) -> list[Inspection]:
        return actions.inspections_start(actor=self.organiser, stage=self.stage)

    def ready(self, n: int, **scores: Any) -> Inspection:
        """Team set and every dimension's findings written (with ``scores`` per dimension key)."""
        i = actions.team_set(actor=self.organiser, inspection=self.inspection(n), leader="张组长（组织部副部长）",
                             members=["李组员（干部科科长）"])
        actions.findings_set(actor=self.organiser, inspection=i, findings={
            k: {"text": TEXTS[k], "score": scores.get(k)} for k in DIMS})
        return self.inspection(n)

    def conclude(self, n: int, conclusion: str = "suitable", **scores: Any) -> Inspection:
        self.ready(n, **scores)
        text = "综合考察情况，同意作为拟任人选" if conclusion == "suitable" else "存在问题，不宜提拔"
        return actions.conclude(actor=self.organiser, inspection=self.inspection(n), conclusion=conclusion, text=text)

    def conclude_all(self, unsuitable: tuple[int, ...] = ()) -> None:
        for n in range(1, 7):
            self.conclude(n, "unsuitable" if n in unsuitable else "suitable")


def build_inspection_world(users: dict[str, Any], *, start: bool = True,
                           now: dt.datetime | None = None) -> InspectionWorld:
    dw = build_decision_world(users)
    stage = advance(dw, "inspection")
    iw = InspectionWorld(dw=dw, stage=stage)
    if start:
        iw.start()
    return iw
