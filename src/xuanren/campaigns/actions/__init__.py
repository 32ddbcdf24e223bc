"""The use cases of campaigns, one module per area; every function is one transaction with its record event.

- :mod:`.campaigns` — create (from a template), copy, update, set stages and weights, publish
- :mod:`.posts` — create/update/delete while draft; cancel, extend, merge afterwards (with a reason)
- :mod:`.applications` — submit (apply or nominate), withdraw; :func:`resolve_person`
- :mod:`.review` — run the automatic review, decide (override needs a reason), confirm pending in bulk
- :mod:`.stages` — open, seal (exactly once), correct after sealing

All refuse with :class:`xuanren.campaigns.errors.CampaignError` and write nothing when they do.
"""

from xuanren.campaigns.actions.applications import application_submit, application_withdraw, resolve_person
from xuanren.campaigns.actions.campaigns import (
    campaign_copy,
    campaign_create,
    campaign_publish,
    campaign_set_stages,
    campaign_update,
    stage_set_weights,
)
from xuanren.campaigns.actions.posts import post_cancel, post_create, post_delete, post_extend, post_merge, post_update
from xuanren.campaigns.actions.review import review_confirm_pending, review_decide, review_run
from xuanren.campaigns.actions.stages import stage_correct, stage_open, stage_seal

__all__ = [
    "application_submit", "application_withdraw", "campaign_copy", "campaign_create", "campaign_publish",
    "campaign_set_stages", "campaign_update", "post_cancel", "post_create", "post_delete", "post_extend",
    "post_merge", "post_update", "resolve_person", "review_confirm_pending", "review_decide", "review_run",
    "stage_correct", "stage_open", "stage_seal", "stage_set_weights",
]
