"""The notices area's actions (one transaction each, with its record event; refusals change nothing).

- :mod:`.calendar` — the working-day calendar's years (enter, correct, remove);
- :mod:`.notices` — the stage's settings, a notice generated, edited, published and ended;
- :mod:`.objections` — objections lodged by the public or registered, assigned, investigated, concluded.
"""

from xuanren.notices.actions.calendar import calendar_year_delete, calendar_year_save
from xuanren.notices.actions.notices import (
    notice_delete,
    notice_end,
    notice_generate,
    notice_publish,
    notice_settings_set,
    notice_update,
)
from xuanren.notices.actions.objections import (
    Upload,
    objection_assign,
    objection_conclude,
    objection_investigate,
    objection_lodge,
    objection_register,
)

__all__ = ["Upload", "calendar_year_delete", "calendar_year_save", "notice_delete", "notice_end", "notice_generate",
           "notice_publish", "notice_settings_set", "notice_update", "objection_assign", "objection_conclude",
           "objection_investigate", "objection_lodge", "objection_register"]
