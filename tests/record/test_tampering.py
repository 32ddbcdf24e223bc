"""Tampering done directly in the database is found by ``xuanren record verify``, by the verify page and
by the API, and each names the first event concerned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from tests.record.conftest import (
    HEAD,
    append,
    delete,
    edit_actor,
    edit_details,
    recompute_from,
    run_cli,
    sql,
    swap_rows,
)
from xuanren.record.actions import record_event, record_verify
from xuanren.record.models import Event, Head


@dataclass(frozen=True)
class Tampering:
    name: str
    do: Callable[[list[Event]], None]
    kind: str
    index: int  # which of the ten test events the report names
    zh: str  # a fragment of the Chinese message; {seq} is that event's number


TAMPERINGS = [
    Tampering("actor edited", lambda ev: edit_actor(ev[4].seq), "modified", 4, "第{seq}号事件的内容被修改"),
    Tampering("details edited", lambda ev: edit_details(ev[4].seq), "modified", 4, "第{seq}号事件的内容被修改"),
    Tampering("middle event deleted", lambda ev: delete("seq = %s", [ev[4].seq]), "removed", 4,
              "第{seq}号事件被删除"),
    Tampering("two rows swapped", lambda ev: swap_rows(ev[4].seq, ev[5].seq), "reordered", 4,
              "第{seq}号位置上是"),
    Tampering("rows far apart swapped", lambda ev: swap_rows(ev[2].seq, ev[7].seq), "reordered", 2,
              "第{seq}号位置上是"),
    Tampering("last events deleted", lambda ev: delete("seq >= %s", [ev[8].seq]), "truncated", 8,
              "第{seq}号至第"),
    Tampering("hash of an event re-computed after editing it",
              lambda ev: (edit_actor(ev[4].seq), _rehash_one(ev[4].seq)), "modified", 4,
              "第{seq}号事件被改动后重算了哈希"),
    Tampering("head edited", lambda ev: sql(f"UPDATE {HEAD} SET hash = %s", ["f" * 64]), "head", 9,
              "记录头（第{seq}号）与事件不符"),
]
IDS = [t.name for t in TAMPERINGS]


def _rehash_one(seq: int) -> None:
    from tests.record.conftest import EVENT
    from xuanren.rules import chain

    event = Event.objects.get(seq=seq)
    sql(f"UPDATE {EVENT} SET hash = %s WHERE seq = %s", [chain.link_hash(event.prev_hash, event.payload()), seq])


def test_an_untouched_chain_is_intact_everywhere(events: list[Event], as_role: Any) -> None:
    result = run_cli("record", "verify")
    assert result.exit_code == 0, result.output
    assert f"共 {events[-1].seq} 条事件" in result.output
    assert events[-1].hash in result.output
    page = as_role("supervisor").get(reverse("record:verify"))
    assert 'data-ok="1"' in page.content.decode() and events[-1].hash in page.content.decode()
    body = as_role("supervisor").get("/api/record/verify").json()
    assert body["ok"] is True and body["checked"] == events[-1].seq and body["head_hash"] == events[-1].hash


@pytest.mark.parametrize("t", TAMPERINGS, ids=IDS)
def test_cli_verify_names_the_first_tampered_event_and_exits_1(t: Tampering, events: list[Event]) -> None:
    t.do(events)
    result = run_cli("record", "verify")
    assert result.exit_code == 1
    assert "记实链已被破坏" in result.output
    assert t.zh.format(seq=events[t.index].seq) in result.output


@pytest.mark.parametrize("t", TAMPERINGS, ids=IDS)
def test_cli_verify_json_names_kind_and_event(t: Tampering, events: list[Event]) -> None:
    import json

    t.do(events)
    result = run_cli("record", "verify", "--json")
    assert result.exit_code == 1
    problem = json.loads(result.stdout)["problem"]
    assert (problem["kind"], problem["seq"]) == (t.kind, events[t.index].seq)
    assert problem["zh"] and problem["en"]


@pytest.mark.parametrize("t", TAMPERINGS, ids=IDS)
def test_verify_page_names_the_first_tampered_event_in_chinese(t: Tampering, events: list[Event],
                                                               as_role: Any) -> None:
    t.do(events)
    page = as_role("supervisor").get(reverse("record:verify"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-ok="0"' in html and f'data-kind="{t.kind}"' in html
    assert f'data-seq="{events[t.index].seq}"' in html
    assert "记实链已被破坏" in html and t.zh.format(seq=events[t.index].seq) in html


@pytest.mark.parametrize("t", TAMPERINGS, ids=IDS)
def test_verify_api_reports_kind_event_and_both_languages(t: Tampering, events: list[Event], as_role: Any) -> None:
    t.do(events)
    body = as_role("organiser").get("/api/record/verify").json()
    assert body["ok"] is False
    problem = body["problem"]
    assert (problem["kind"], problem["seq"]) == (t.kind, events[t.index].seq)
    assert t.zh.format(seq=events[t.index].seq) in problem["zh"]
    assert str(events[t.index].seq) in problem["en"]


# -- a chain recomputed by someone with write access -----------------------------------------------

@pytest.fixture
def forged(events: list[Event]) -> tuple[list[Event], str]:
    """Event 5 of the ten edited, every hash from it on recomputed, the head rewritten.

    Returns the events and ``SEQ:HASH`` of the head as an inspector noted it before the forgery.
    """
    noted = f"{events[-1].seq}:{events[-1].hash}"
    edit_actor(events[4].seq)
    recompute_from(events[4].seq)
    return events, noted


def test_a_recomputed_chain_passes_without_a_noted_head(forged: tuple[list[Event], str]) -> None:
    assert run_cli("record", "verify").exit_code == 0
    assert record_verify().ok


def test_cli_expect_head_catches_a_recomputed_chain(forged: tuple[list[Event], str]) -> None:
    events, noted = forged
    result = run_cli("record", "verify", "--expect-head", noted)
    assert result.exit_code == 1
    assert f"第{events[-1].seq}号事件的哈希与记下的不同" in result.output
    assert "链被重新计算过" in result.output
    assert "链本身前后一致" in result.output


def test_cli_expect_head_with_the_hash_alone_catches_a_recomputed_chain(forged: tuple[list[Event], str]) -> None:
    _, noted = forged
    result = run_cli("record", "verify", "--expect-head", noted.split(":")[1])
    assert result.exit_code == 1
    assert "不在记实链中" in result.output


def test_verify_page_with_the_noted_head_catches_a_recomputed_chain(forged: tuple[list[Event], str],
                                                                    as_role: Any) -> None:
    events, noted = forged
    html = as_role("supervisor").get(reverse("record:verify"), {"expect": noted}).content.decode()
    assert 'data-kind="recomputed"' in html and f'data-seq="{events[-1].seq}"' in html
    assert f"第{events[-1].seq}号事件的哈希与记下的不同" in html and "但与此前记下的链头不符" in html


def test_verify_api_with_the_noted_head_catches_a_recomputed_chain(forged: tuple[list[Event], str],
                                                                   as_role: Any) -> None:
    events, noted = forged
    body = as_role("supervisor").get("/api/record/verify", {"expect_head": noted}).json()
    assert body["ok"] is False
    assert (body["problem"]["kind"], body["problem"]["seq"]) == ("recomputed", events[-1].seq)


def test_a_noted_head_still_matches_after_later_events(events: list[Event], as_role: Any) -> None:
    noted = f"{events[-1].seq}:{events[-1].hash}"
    append(3)
    result = run_cli("record", "verify", "--expect-head", noted)
    assert result.exit_code == 0, result.output
    assert f"此前记下的链头仍在链中（第{events[-1].seq}号）" in result.output
    body = as_role("supervisor").get("/api/record/verify", {"expect_head": noted}).json()
    assert body["ok"] is True and body["expected_seq"] == events[-1].seq


def test_a_noted_head_beyond_the_chain_means_its_tail_was_removed(events: list[Event]) -> None:
    noted = f"{events[-1].seq}:{events[-1].hash}"
    delete("seq >= %s", [events[8].seq])
    sql(f"UPDATE {HEAD} SET seq = %s, hash = %s", [events[7].seq, events[7].hash])
    assert run_cli("record", "verify").exit_code == 0
    result = run_cli("record", "verify", "--expect-head", noted)
    assert result.exit_code == 1
    assert f"第{events[8].seq}号起的事件被删除" in result.output


def test_a_malformed_expected_head_is_a_usage_error(events: list[Event], as_role: Any) -> None:
    result = run_cli("record", "verify", "--expect-head", "not-a-hash")
    assert result.exit_code == 2 and "64 位十六进制" in result.output
    assert as_role("supervisor").get("/api/record/verify", {"expect_head": "nope"}).status_code == 422
    page = as_role("supervisor").get(reverse("record:verify"), {"expect": "nope"}).content.decode()
    assert "64 位十六进制" in page


def test_a_deleted_head_is_reported(events: list[Event]) -> None:
    sql(f"DELETE FROM {HEAD}")
    report = record_verify()
    assert report.problem is not None and report.problem.kind == "head"
    assert "记录头缺失" in run_cli("record", "verify").output


def test_appending_after_a_deleted_head_fails_rather_than_restarting_the_chain(events: list[Event]) -> None:
    sql(f"DELETE FROM {HEAD}")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017, PT011 - the database refuses (seq 1 taken)
        record_event(actor=None, action="test.after")
    assert not Head.objects.exists()
