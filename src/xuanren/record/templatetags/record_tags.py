"""Template filters of the record pages."""

from __future__ import annotations

from django import template

from xuanren.record.labels import action_label as _action_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """The label of an action code, or the code itself when it has none."""
    return _action_label(code)
