"""Stage handlers and score sources for the recommendation and evaluation stages.

Registered on import (``VotingConfig.ready``) with
:func:`xuanren.campaigns.actions.stages.register_stage_handler` and
:func:`xuanren.scoring.sources.register_score_source`.
"""

from __future__ import annotations
