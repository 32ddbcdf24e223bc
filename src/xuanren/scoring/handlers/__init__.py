"""Stage handlers (sealing, results, corrections), score sources and dashboard links of the scoring stages.

Registered on import (``ScoringConfig.ready``) with
:func:`xuanren.campaigns.actions.stages.register_stage_handler`,
:func:`xuanren.scoring.sources.register_score_source` and
:func:`xuanren.campaigns.stage_pages.register_stage_page`, one module per kind of stage:

- :mod:`.exam` — the written exam (笔试);
- :mod:`.interview` — speeches, defences and interviews heard by panels of judges;
- :mod:`.shortlist` — the composite score, ranking and shortlist (综合成绩与确定考察对象).
"""

from xuanren.scoring.handlers import exam, interview, shortlist  # noqa: F401
