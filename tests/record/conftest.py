"""Helpers for the record's tests: a chain made through the real ``record_event``, and ways to tamper
with it directly in the database, as someone with write access to the database could."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner, Result
from django.db import connection, transaction

from xuanren.cli.main import main
from xuanren.record.actions import record_event
from xuanren.record.models import Event, Head
from xuanren.rules import chain

EVENT = Event._meta.db_table
HEAD = Head._meta.db_table

def append(n: int, *, actor: Any = None, action: str = "test.step", **kwargs: Any) -> list[Event]:
    """``n`` events, each in its own transaction as an action would write it."""
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(record_event(actor=actor, action=action, object_type="test.thing", object_id=str(i),
                                       object_repr=f"第{i}件", after={"i": i}, details={"i": i}, **kwargs))
    return events


@pytest.fixture
def events(personas: dict[str, Any]) -> list[Event]:
    """Ten events after those that made the personas."""
    return append(10)


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- tampering, in SQL ----------------------------------------------------------------------------

def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def edit_actor(seq: int, actor: str = "forged") -> None:
    sql(f"UPDATE {EVENT} SET actor = %s WHERE seq = %s", [actor, seq])


def edit_details(seq: int, details: str = '{"i": 999}') -> None:
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    sql(f"UPDATE {EVENT} SET details = {cast} WHERE seq = %s", [details, seq])


def delete(where: str, params: list[Any]) -> None:
    sql(f"DELETE FROM {EVENT} WHERE {where}", params)


COLUMNS = ["seq", "at", "actor", "action", "object_type", "object_id", "object_repr", "before_digest",
           "after_digest", "details", "prev_hash", "hash"]


def swap_rows(seq_a: int, seq_b: int) -> None:
    """Exchange everything but the row ids of two events: the rows stay, their contents change places."""
    with connection.cursor() as cursor:
        cols = ", ".join(COLUMNS)
        cursor.execute(f"SELECT id, {cols} FROM {EVENT} WHERE seq IN (%s, %s)", [seq_a, seq_b])
        (id_a, *row_a), (id_b, *row_b) = cursor.fetchall()
        if connection.vendor == "postgresql":
            # psycopg gives jsonb back as Python objects; send it as text again.
            import json

            i = COLUMNS.index("details")
            row_a[i], row_b[i] = json.dumps(row_a[i]), json.dumps(row_b[i])
        assignments = ", ".join(f"{c} = %s" for c in COLUMNS)
        # seq and hash are unique: park one row out of the way first.
        cursor.execute(f"UPDATE {EVENT} SET seq = %s, hash = %s WHERE id = %s", [10**12, "parked", id_a])
        cursor.execute(f"UPDATE {EVENT} SET {assignments} WHERE id = %s", [*row_a, id_b])
        cursor.execute(f"UPDATE {EVENT} SET {assignments} WHERE id = %s", [*row_b, id_a])


def recompute_from(seq: int) -> None:
    """Rewrite the hashes from event ``seq`` to the end, and the head, as a forger with write access would."""
    prev = Event.objects.get(seq=seq - 1).hash if seq > 1 else chain.GENESIS
    for event in Event.objects.filter(seq__gte=seq).order_by("id"):
        new = chain.link_hash(prev, event.payload())
        sql(f"UPDATE {EVENT} SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, event.id])
        prev = new
    sql(f"UPDATE {HEAD} SET hash = %s WHERE id = 1", [prev])
