"""The inspection actions (组织考察): one function per use case, each one transaction with one record event.

- :mod:`.inspections`: who is inspected (:func:`inspections_start`), the dimensions and weights
  (:func:`dimensions_set`), the team (of one inspection, or of several at once), the advance notice (draft,
  publish), the talks, the evaluation ballot (a read-only link), the findings per dimension, the conclusion
  and its withdrawal;
- :mod:`.attachments`: files attached to an inspection (size, type and content checked; SHA-256 kept).
"""

from xuanren.inspection.actions.attachments import attachment_add, attachment_delete
from xuanren.inspection.actions.inspections import (
    conclude,
    conclusion_withdraw,
    dimensions_set,
    evaluation_link,
    findings_set,
    inspections_start,
    notice_draft,
    notice_publish,
    score_of,
    talks_set,
    team_set,
    team_set_many,
)

__all__ = ["attachment_add", "attachment_delete", "conclude", "conclusion_withdraw", "dimensions_set",
           "evaluation_link", "findings_set", "inspections_start", "notice_draft", "notice_publish", "score_of",
           "talks_set", "team_set", "team_set_many"]
