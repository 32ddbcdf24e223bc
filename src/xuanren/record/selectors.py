"""Reading the record: the one filter the list page, the export and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from xuanren.record.models import Event


@dataclass(frozen=True)
class EventFilter:
    """What a reader asked for. Empty fields do not filter.

    ``actor``, ``object_type`` and ``object_id`` match exactly; ``action`` matches codes that start with
    it (``users.`` gives every action on users); ``text`` is found anywhere in the object's name.
    ``date_from``/``date_to`` are calendar days in the site's time zone (Asia/Shanghai), both included.
    """

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))

    def as_params(self) -> dict[str, str]:
        """The filter as query parameters (the names the list page and the API use)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[f.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the site's time zone, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def events_filter(f: EventFilter) -> QuerySet[Event]:
    """The events ``f`` selects, newest first."""
    qs = Event.objects.all()
    if f.actor:
        qs = qs.filter(actor=f.actor)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.date_from:
        qs = qs.filter(at__gte=day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=day_start(f.date_to + dt.timedelta(days=1)))
    if f.text:
        qs = qs.filter(object_repr__icontains=f.text)
    return qs.order_by("-seq")


def event_by_seq(seq: int) -> Event | None:
    return Event.objects.filter(seq=seq).first()


def filter_choices() -> dict[str, Any]:
    """The actors, actions and object types that occur, for the filter form's suggestions."""
    def distinct(field: str) -> list[str]:
        return list(Event.objects.order_by(field).values_list(field, flat=True).distinct()[:500])

    return {"actors": distinct("actor"), "actions": distinct("action"),
            "object_types": [t for t in distinct("object_type") if t]}
