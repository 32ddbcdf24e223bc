"""Template tags of the appointments area: the home page's reminder of probations ending soon (试用期即将届满),
shown only to those who may read appointments."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from xuanren.accounts.access import has
from xuanren.appointments import selectors

register = template.Library()


@register.inclusion_tag("appointments/_reminder.html", takes_context=True)
def probation_reminder(context: dict[str, Any]) -> dict[str, Any]:
    """Appointments whose probation ends within :data:`~xuanren.appointments.selectors.REMINDER_DAYS` days
    (or has ended without a review), for users holding ``appointments.view``; nothing otherwise."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not has(user, "appointments.view"):
        return {"show": False}
    today = timezone.localdate()
    return {"show": True, "due": selectors.probation_due(today), "today": today, "days": selectors.REMINDER_DAYS,
            "vacant": selectors.open_vacancies().count()}
