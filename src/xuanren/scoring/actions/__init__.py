"""The use cases of scoring, one module per area; every function is one transaction with its record event.

- :mod:`.exam` — the written exam's settings, scores entered one by one or imported, corrections;
- :mod:`.shortlist` — the shortlist's rule, and recomputing it after an earlier stage's correction;
- :mod:`.panels` — the interview's rubric, panels of judges, the draw by lot, starting, closing, absent;
- :mod:`.sheets` — a judge's sheet: hand it in, correct it, recuse.

All refuse with :class:`xuanren.campaigns.errors.CampaignError` (an import with
:class:`xuanren.people.actions.ImportRejected`) and write nothing when they do.
"""

from xuanren.scoring.actions.exam import (
    exam_import,
    exam_score_correct,
    exam_score_enter,
    exam_settings_set,
)
from xuanren.scoring.actions.panels import (
    appearance_absent,
    appearance_close,
    appearance_draw,
    appearance_start,
    panel_create,
    panel_delete,
    panel_update,
    rubric_set,
)
from xuanren.scoring.actions.sheets import sheet_correct, sheet_recuse, sheet_submit
from xuanren.scoring.actions.shortlist import shortlist_recompute, shortlist_settings_set

__all__ = ["exam_import", "exam_score_correct", "exam_score_enter", "exam_settings_set", "shortlist_recompute",
           "shortlist_settings_set"]
__all__ += ["appearance_absent", "appearance_close", "appearance_draw", "appearance_start", "panel_create",
            "panel_delete", "panel_update", "rubric_set", "sheet_correct", "sheet_recuse", "sheet_submit"]
