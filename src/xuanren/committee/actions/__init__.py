"""The use cases of the committee area, one module per part; every function is one transaction with its
record event (a secret vote excepted: see :mod:`.votes`).

- :mod:`.proposals` — the proposal (拟任人选方案) per post: create, change while a draft, submit to a meeting,
  withdraw with a reason;
- :mod:`.meetings` — the stage's rule; meetings, their members and attendance, re-votes (复议), opening at
  quorum and closing with the count;
- :mod:`.votes` — a member's secret vote on their own device, or the organiser entering members' choices.

All refuse with :class:`xuanren.campaigns.errors.CampaignError` and write nothing when they do.
"""

from xuanren.committee.actions.meetings import (
    committee_settings_set,
    item_remove,
    item_revote,
    meeting_attendance,
    meeting_close,
    meeting_create,
    meeting_delete,
    meeting_members_set,
    meeting_open,
    meeting_update,
)
from xuanren.committee.actions.proposals import proposal_create, proposal_submit, proposal_update, proposal_withdraw
from xuanren.committee.actions.votes import ballot_cast, votes_enter

__all__ = ["ballot_cast", "committee_settings_set", "item_remove", "item_revote", "meeting_attendance",
           "meeting_close", "meeting_create", "meeting_delete", "meeting_members_set", "meeting_open", "meeting_update",
           "proposal_create", "proposal_submit", "proposal_update", "proposal_withdraw", "votes_enter"]
