"""The voting area of the JSON API (/api/voting): the organiser's sessions, groups, codes and turnout.

The modules, all registering on the one ``router`` of :mod:`.common` (with the refusal → 400 of the
campaigns API: ``{"detail": 中文, "detail_en": English, "code": "campaigns.voting.…"}``, nothing written):

- :mod:`.sessions`: a stage's sessions, creating one, its voter groups, issuing codes (the plain codes are
  in that one response and never again), opening and closing, turnout.

Other areas of voting add their module here and import it below.

No module here uses ``from __future__ import annotations``: django-ninja reads the annotations at import time.
"""

# Importing the areas registers their operations, in this order in the OpenAPI document.
# isort: off
from xuanren.voting.api import sessions  # noqa: F401
# isort: on
from xuanren.voting.api.common import router

__all__ = ["router"]
