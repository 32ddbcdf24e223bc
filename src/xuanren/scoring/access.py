"""Object rules for scoring: a judge acts only on candidates of the panels they sit on."""

from __future__ import annotations

from typing import Any

from xuanren.accounts.access import has, register_object_rule
from xuanren.scoring.models import Appearance, Panel


def panel_rule(user: Any, capability: str, panel: Panel) -> bool:
    if capability == "scoring.judge":
        return has(user, capability) and panel.judges.filter(user_id=user.pk).exists()
    return has(user, capability)


def appearance_rule(user: Any, capability: str, appearance: Appearance) -> bool:
    return panel_rule(user, capability, appearance.panel)


register_object_rule(Panel, panel_rule)
register_object_rule(Appearance, appearance_rule)
