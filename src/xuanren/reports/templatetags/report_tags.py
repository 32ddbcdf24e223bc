"""Template tags of the closing report: the dashboard's link to it (shown only to those who may read it), a
chart as inline SVG, and a table cell's text and alignment."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from xuanren.accounts.access import has
from xuanren.reports.charts import BarChart, svg
from xuanren.reports.document import Num, cell_text

register = template.Library()


@register.inclusion_tag("reports/_dashboard_link.html", takes_context=True)
def report_link(context: dict[str, Any], campaign: Any) -> dict[str, Any]:
    """A button to the campaign's closing report, for users holding ``reports.view``; nothing otherwise."""
    request = context.get("request")
    user = getattr(request, "user", None)
    show = user is not None and has(user, "reports.view")
    return {"url": reverse("reports:view", kwargs={"pk": campaign.pk}) if show else ""}


@register.filter
def chart_svg(chart: BarChart) -> SafeString:
    """The chart as inline SVG (its text escaped by :func:`xuanren.reports.charts.svg`)."""
    return mark_safe(svg(chart, id_prefix="report"))  # every text in it is escaped


@register.filter
def cell(value: Any) -> str:
    return cell_text(value)


@register.filter
def is_num(value: Any) -> bool:
    return isinstance(value, Num)
