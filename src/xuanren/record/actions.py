"""Appending to the record and verifying it.

Every action of every app calls :func:`record_event` inside its own ``transaction.atomic()``, so the
event commits or rolls back with the change it records.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection, models
from django.utils import timezone

from xuanren.record.models import Event, Head
from xuanren.rules import chain

SYSTEM = "system"


class NotInTransaction(RuntimeError):
    pass


def actor_label(user: Any) -> str:
    """The name the record shows for whoever acted: a user name, or ``system``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return SYSTEM if user is None else "anonymous"
    return str(user.get_username())


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    details: dict[str, Any] | None = None,
) -> Event:
    """Append one event. Must run inside the transaction that makes the change; raises otherwise.

    ``actor`` is a user, ``None`` (the system) or a label string. ``before``/``after`` are JSON-able
    states of the object; only their digests are stored. ``details`` is shown to readers of the
    record: it must never link a voter to a ballot's content.

    Call it last in the transaction: it locks the record's head until the commit, so every other
    writer waits from then on, and a lock taken after it could deadlock with a writer holding that row
    and waiting for the head. Integral floats in ``details`` are stored as integers
    (:func:`xuanren.rules.chain.json_value`); NaN and infinities raise ``ValueError``.
    """
    if not connection.in_atomic_block:
        raise NotInTransaction("record_event must run inside the transaction of the change it records")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    # The head row is made by the first migration; a test database flushed between tests has lost it.
    # Locking it makes appends queue, so numbers and links are handed out one at a time.
    head, _ = Head.objects.select_for_update().get_or_create(pk=1)
    event = Event(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if isinstance(actor, str) else actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before_digest=chain.digest(before),
        after_digest=chain.digest(after),
        details=chain.json_value(details or {}),
        prev_hash=head.hash,
    )
    event.hash = chain.link_hash(event.prev_hash, event.payload())
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def _links(batch: int = 5000) -> Iterator[chain.Link]:
    for event in Event.objects.order_by("id").iterator(chunk_size=batch):
        yield event.link()


def record_verify(*, expected: chain.Expected | None = None) -> chain.Report:
    """Check the whole chain against the stored head, and against ``expected`` when given; read-only.

    The head is read before the events, so events appended during the walk are checked too and do
    not look like a removed tail.
    """
    head_row = Head.objects.filter(pk=1).first()
    head = chain.Head(head_row.seq, head_row.hash) if head_row else None
    report = chain.verify(_links(), head, expected)
    if head_row is None and report.checked:
        return chain.missing_head(report)
    return report
