"""Reads of the people register (selectors read, actions write)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from xuanren.people.models import Person, Unit


def register_summary() -> dict[str, int]:
    from xuanren.record.models import Event

    return {"units": Unit.objects.count(), "people": Person.objects.count(), "events": Event.objects.count()}


def people_search(*, q: str = "", unit_id: int | None = None) -> QuerySet[Person]:
    qs = Person.objects.select_related("unit", "unit__parent")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(post_title__contains=q) | Q(id_number__startswith=q))
    if unit_id:
        qs = qs.filter(Q(unit_id=unit_id) | Q(unit__parent_id=unit_id))
    return qs.order_by("unit__order", "unit_id", "id")


def unit_tree() -> list[dict[str, Any]]:
    """Units with their departments, depth-first, each with its head count."""
    from django.db.models import Count

    units = list(Unit.objects.annotate(n=Count("people")).order_by("order", "id"))
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    out: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        for u in children.get(parent, []):
            out.append({"unit": u, "depth": depth, "people": u.n})  # type: ignore[attr-defined]
            walk(u.pk, depth + 1)

    walk(None, 0)
    return out


def unit_paths() -> dict[int, tuple[str, ...]]:
    """Every unit's names from its top-level unit down to itself (one query)."""
    rows = {pk: (name, parent) for pk, name, parent in Unit.objects.values_list("pk", "name", "parent_id")}
    out: dict[int, tuple[str, ...]] = {}

    def path(pk: int) -> tuple[str, ...]:
        if pk not in out:
            name, parent = rows[pk]
            out[pk] = (*path(parent), name) if parent is not None else (name,)
        return out[pk]

    for pk in rows:
        path(pk)
    return out
