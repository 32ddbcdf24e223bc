"""The campaign dashboard's link from a recommendation or evaluation stage to its voting sessions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.stage_pages import register_stage_page

for _kind in ("recommendation", "evaluation"):
    register_stage_page(_kind, _("投票场次"), "voting:stage_sessions", "voting.view", before_open=True)
