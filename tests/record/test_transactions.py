"""An event commits or rolls back with the change it records, and concurrent writers queue.

These tests commit for real (``transaction=True``): the usual test transaction would hide both.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from xuanren.accounts.actions import user_set_active
from xuanren.record.actions import NotInTransaction, record_event, record_verify
from xuanren.record.models import Event, Head
from xuanren.rules import chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_record_event_outside_a_transaction_raises() -> None:
    assert not connection.in_atomic_block
    with pytest.raises(NotInTransaction):
        record_event(actor=None, action="test.outside")
    assert not Event.objects.exists()


def test_a_change_that_rolls_back_leaves_no_event() -> None:
    user = get_user_model().objects.create_user(username="someone", password="x" * 20)

    def deactivate_then_fail() -> None:
        with transaction.atomic():
            user_set_active(actor=None, user=user, active=False)
            assert Event.objects.filter(action="users.deactivate").exists()
            raise RuntimeError("the rest of the change failed")

    with pytest.raises(RuntimeError):
        deactivate_then_fail()
    user.refresh_from_db()
    assert user.is_active
    assert not Event.objects.filter(action="users.deactivate").exists()


def test_a_rolled_back_event_leaves_no_gap_in_the_numbers() -> None:
    with transaction.atomic():
        first = record_event(actor=None, action="test.kept")

    def append_then_fail() -> None:
        with transaction.atomic():
            record_event(actor=None, action="test.lost")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        append_then_fail()
    with transaction.atomic():
        second = record_event(actor=None, action="test.kept")
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    head = Head.objects.get()
    assert (head.seq, head.hash) == (second.seq, second.hash)
    assert record_verify().ok


def test_concurrent_writers_give_an_intact_chain_without_gaps() -> None:
    threads_n, per_thread = 8, 25
    start = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    record_event(actor=f"writer{n}", action="test.concurrent", object_id=str(i),
                                 details={"thread": n, "i": i})
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    total = threads_n * per_thread
    assert list(Event.objects.order_by("id").values_list("seq", flat=True)) == list(range(1, total + 1))
    for n in range(threads_n):
        mine = Event.objects.filter(actor=f"writer{n}").order_by("seq")
        assert [e.details["i"] for e in mine] == list(range(per_thread))  # each writer's order kept
    report = record_verify()
    assert report.ok and report.checked == total
    assert report.head_hash == Head.objects.get().hash


def test_details_come_back_from_the_database_as_they_were_hashed() -> None:
    odd: dict[Any, Any] = {"score": 85.0, "big": 1e20, "zero": -0.0, "ratio": 0.125, "tiny": 1.5e-07,
                           3: "int key", "nested": [{"b": 2.0, "a": "中文"}], "when": chain.GENESIS}
    with transaction.atomic():
        event = record_event(actor=None, action="test.details", details=odd)
    stored = Event.objects.get(pk=event.pk)
    assert chain.link_hash(stored.prev_hash, stored.payload()) == stored.hash
    assert stored.details["score"] == 85 and stored.details["3"] == "int key"
    assert record_verify().ok


def test_nan_in_details_is_refused() -> None:
    with pytest.raises(ValueError), transaction.atomic():  # noqa: PT011 - json's own message
        record_event(actor=None, action="test.nan", details={"x": float("nan")})
    assert not Event.objects.exists()
