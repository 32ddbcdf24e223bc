"""A campaign ready for panel scoring, built through the real actions, for the panel and judge tests.

The campaign world of ``tests/campaigns/world.py`` (seed 000 template: eligibility, then the speech) with the
eligibility stage sealed: P01 and P02 each have three candidates (人员1–3, who applied to both), P03 is
cancelled. The interview stage is open, with the rubric 政治素质 20 / 工作思路 30 / 表达能力 20 / 岗位认识 30
and three judges (``judge`` of the personas, ``judge2``, ``judge3``); :meth:`PanelWorld.panel_for` makes a
panel for P01 with them.
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from tests.campaigns import world
from tests.campaigns.world import AFTER, World, build_world
from tests.conftest import make_user
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.models import Application, Publication, Stage
from xuanren.record.models import Event
from xuanren.scoring.actions import panels, sheets
from xuanren.scoring.models import Appearance, Criterion, Panel, PanelJudge, Sheet

RUBRIC = [("政治素质", 20), ("工作思路", 30), ("表达能力", 20), ("岗位认识", 30)]


@dataclass
class PanelWorld:
    world: World
    stage: Stage
    judges: list[Any]
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def organiser(self) -> Any:
        return self.world.organiser

    def points(self, *values: Any) -> dict[str, Any]:
        """Points per criterion (in the rubric's order) as the sheet takes them."""
        return {str(c.pk): v for c, v in zip(self.criteria, values, strict=True)}

    def panel_for(self, *codes: str, judges: list[Any] | None = None, rule: dict[str, Any] | None = None,
                  name: str = "第一评委组") -> Panel:
        return panels.panel_create(actor=self.organiser, stage=self.stage, name=name,
                                   posts=[self.world.posts[c] for c in codes or ("P01",)],
                                   judges=self.judges if judges is None else judges, rule=rule)

    def drawn(self, panel: Panel, seed: int = 7) -> list[Appearance]:
        return panels.appearance_draw(actor=self.organiser, panel=panel, rng=random.Random(seed))

    def started(self, panel: Panel) -> list[Appearance]:
        """The panel drawn and its first candidate started; the appearances in order."""
        order = self.drawn(panel)
        panels.appearance_start(actor=self.organiser, appearance=order[0])
        return [Appearance.objects.get(pk=a.pk) for a in order]

    def score(self, appearance: Appearance, totals: list[tuple[Any, Any, Any, Any]]) -> None:
        """Each judge (in order) hands in the given points for ``appearance``."""
        for judge, values in zip(self.judges, totals, strict=False):
            sheets.sheet_submit(actor=judge, appearance=appearance, points=self.points(*values))

    def appearance(self, name: str, code: str = "P01") -> Appearance:
        return Appearance.objects.select_related("panel", "stage", "application__person", "application__post").get(
            stage=self.stage, application__person__name=name, application__post__code=code)


def build_panel_world(personas: dict[str, Any], *, judges: int = 3) -> PanelWorld:
    world = build_world(personas)
    world.full_eligibility()
    campaign_actions.stage_seal(actor=world.organiser, stage=world.stage("eligibility"), now=AFTER)
    stage = campaign_actions.stage_open(actor=world.organiser, stage=world.stage("interview"), now=AFTER)
    people = [personas["judge"]] + [make_user(f"judge{n}", "judge") for n in range(2, judges + 1)]
    for n, user in enumerate(people, start=1):
        user.first_name = f"评委甲{n}"
        user.save(update_fields=["first_name"])
    pw = PanelWorld(world=world, stage=stage, judges=people)
    pw.criteria = panels.rubric_set(actor=world.organiser, stage=stage, criteria=RUBRIC)
    return pw


# --- "nothing changed" ----------------------------------------------------------------------------

PANEL_TABLES: tuple[Any, ...] = (Criterion, Panel, PanelJudge, Appearance, Sheet, Stage, Application, Publication,
                                 Event)


def snapshot() -> dict[str, Any]:
    return world.snapshot(PANEL_TABLES)


def nothing_changes() -> AbstractContextManager[None]:
    return world.nothing_changes(PANEL_TABLES)


def last_event() -> Event:
    return Event.objects.order_by("-seq").first()  # type: ignore[return-value]
