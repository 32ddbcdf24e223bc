"""Stage handlers and score sources for the recommendation and evaluation stages.

Registered on import (``VotingConfig.ready``) with
:func:`xuanren.campaigns.actions.stages.register_stage_handler` and
:func:`xuanren.scoring.sources.register_score_source`:

- :mod:`.recommendation` — the stage ``recommendation``: weighted scores out of 100 per candidate;
- :mod:`.evaluation` — the stage ``evaluation``: the satisfaction rate (优秀 + 称职) as a score out of 100.

Both seal with the *combined* count of every closed, non-trial session of the stage
(:func:`stage_count`): each session's ballots counted as at its close, the counts added up
(:func:`xuanren.rules.tally.merge`) over the sessions whose ballots carried each post or person, and
tallied once. Sealing is refused while no closed non-trial session exists, or a session is still being
prepared or open (:func:`blockers`). Trial sessions are never counted here.
"""

from __future__ import annotations

from xuanren.voting.handlers import evaluation, recommendation  # noqa: F401  (registers on import)
from xuanren.voting.handlers.common import blockers, counted_sessions, stage_count, stage_results

__all__ = ["blockers", "counted_sessions", "stage_count", "stage_results"]
