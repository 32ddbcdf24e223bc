"""The use cases of voting, one module per area; every function is one transaction.

- :mod:`.sessions` — create a session from its stage (rules, voter groups, default ballot forms), set
  the groups and forms while it is a draft, delete a draft, open it; :func:`turnout` and
  :func:`roll_status` read.
- :mod:`.codes` — issue one-time codes (slips, in batches) or a named roll; void a lost batch.
- :mod:`.cast` — :func:`code_lookup` for the ballot page and :func:`ballot_cast`, the one write a voter
  makes: the code is marked used and the ballot inserted in one transaction, with no record event and
  nothing that links the two.

Organiser actions record their event last in their transaction; all refuse with
:class:`xuanren.campaigns.errors.CampaignError` (codes ``campaigns.voting.…``) and write nothing when they do.
"""

from xuanren.voting.actions.cast import Receipt, Ticket, ballot_cast, code_lookup
from xuanren.voting.actions.close import session_close as session_close
from xuanren.voting.actions.codes import codes_issue, codes_void, roll_issue
from xuanren.voting.actions.sessions import (
    GroupTurnout,
    form_delete,
    form_set,
    groups_set,
    roll_status,
    session_create,
    session_delete,
    session_open,
    turnout,
)

__all__ = [
    "GroupTurnout", "Receipt", "Ticket", "ballot_cast", "code_lookup", "codes_issue", "codes_void", "form_delete",
    "form_set", "groups_set", "roll_issue", "roll_status", "session_create", "session_delete", "session_open",
    "turnout",
]
