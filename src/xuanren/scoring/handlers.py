"""Stage handlers (sealing, results, corrections) and score sources for exam, interview and shortlist.

Registered on import (``ScoringConfig.ready``) with
:func:`xuanren.campaigns.actions.stages.register_stage_handler` and
:func:`xuanren.scoring.sources.register_score_source`.
"""

from __future__ import annotations
