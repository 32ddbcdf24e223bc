"""The use cases of scoring, one module per area; every function is one transaction with its record event.

- :mod:`.exam` — the written exam's settings, scores entered one by one or imported, corrections;
- :mod:`.shortlist` — the shortlist's rule, and recomputing it after an earlier stage's correction.

All refuse with :class:`xuanren.campaigns.errors.CampaignError` (an import with
:class:`xuanren.people.actions.ImportRejected`) and write nothing when they do.
"""

from xuanren.scoring.actions.exam import (
    exam_import,
    exam_score_correct,
    exam_score_enter,
    exam_settings_set,
)
from xuanren.scoring.actions.shortlist import shortlist_recompute, shortlist_settings_set

__all__ = ["exam_import", "exam_score_correct", "exam_score_enter", "exam_settings_set", "shortlist_recompute",
           "shortlist_settings_set"]
