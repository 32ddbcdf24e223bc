"""The scoring area of the JSON API (/api/scoring): the same actions as the pages, the same capabilities.

Each endpoint checks its capability (403 without it), calls one action or selector and answers; a refused
action is a 400 in the campaigns API's shape (:mod:`.common`), an import refused a 400 listing every
problem. Exact numbers are strings: a score "85.5", a composite's exact value "423/5" beside the value
shown "84.60".

- :mod:`.exam`: the written exam's scores (list, enter one, import a file, the template), its settings
  and corrections;
- :mod:`.results`: the shortlist's live preview, rule and recomputation; a campaign's results and their
  export to Excel or PDF;
- :mod:`.panels`: the interview's rubric, panels of judges, draw by lot, progress, start/close/absent;
- :mod:`.judge`: a judge's panels and candidates, their own sheet (hand in, correct), recusal.

No module here uses ``from __future__ import annotations``: django-ninja reads the annotations at import time.
"""

# Importing the areas registers their operations on the one router.
# isort: off
from xuanren.scoring.api import exam, results, panels, judge  # noqa: F401
# isort: on
from xuanren.scoring.api.common import router

__all__ = ["router"]
