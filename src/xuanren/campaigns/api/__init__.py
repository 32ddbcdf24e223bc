"""Campaigns in the JSON API (/api/campaigns): the same actions as the pages, the same capabilities.

Each endpoint checks its capability (403 without it), calls one action or selector, and answers. A
refusal of an action (:class:`~xuanren.campaigns.errors.CampaignError`) is a 400 with
``{"detail": 中文, "detail_en": English, "code": "campaigns.…"}`` and nothing written; an import that
is refused is a 400 listing every problem, like the people register's.

Times: every instant is ISO 8601 with its offset, and is given back in the campaign's time zone
(``2026-12-01T17:00:00+08:00``). A time without an offset is refused (400, ``campaigns.api.naive_datetime``)
rather than guessed. Dates (reference date) are plain ISO dates.

Who lists what: ``GET /api/campaigns`` and a campaign's details are for those holding ``campaigns.view``
(drafts included). An applicant uses ``/open`` (campaigns taking applications, with their posts and an
advisory pre-check), ``/my/applications`` (their own, with the review's result and reasons once decided)
and ``/{id}/results`` (what public stages published, as on the public pages).

The modules, all registering on the one ``router`` of :mod:`.common` (with the refusal → 400 and the
lookups every area uses):

- :mod:`.schemas`: what goes in and comes out, and the functions that build the replies;
- :mod:`.campaigns`: listing, setting up and publishing a campaign, its dashboard, importing one;
- :mod:`.posts`: a campaign's posts, in the draft and after publication (cancel, extend, merge);
- :mod:`.applications`: entering, importing and withdrawing applications, and the applicant's own side;
- :mod:`.review`: the eligibility review;
- :mod:`.stages`: opening, sealing and correcting stages, and the published results.

No module here uses ``from __future__ import annotations``: django-ninja reads the annotations at import time.
"""

# Importing the areas registers their operations, in this order in the OpenAPI document.
# isort: off
from xuanren.campaigns.api import campaigns, posts, applications, review, stages  # noqa: F401
# isort: on
from xuanren.campaigns.api.common import router

# ninja names an operation after its function's module and name; keep the names the API had when it was
# one module (xuanren_campaigns_api_<function>), so that the OpenAPI document does not follow the files' layout.
for _path_view in router.path_operations.values():
    for _operation in _path_view.operations:
        _operation.operation_id = _operation.operation_id or f"xuanren_campaigns_api_{_operation.view_func.__name__}"

__all__ = ["router"]
