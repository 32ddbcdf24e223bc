from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from xuanren.rules import chain


def build(n: int) -> list[chain.Link]:
    links, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        payload: dict[str, Any] = {"seq": seq, "action": f"a{seq}", "details": {"n": seq}}
        h = chain.link_hash(prev, payload)
        links.append(chain.Link(seq, seq, payload, prev, h))
        prev = h
    return links


def head(links: list[chain.Link]) -> chain.Head:
    return chain.Head(links[-1].seq, links[-1].hash)


def test_intact_chain_verifies() -> None:
    links = build(10)
    report = chain.verify(links, head(links))
    assert report.ok and report.checked == 10 and report.head_hash == links[-1].hash


def test_modified_payload_is_named() -> None:
    links = build(10)
    links[4] = replace(links[4], payload={**links[4].payload, "action": "forged"})
    report = chain.verify(links, head(build(10)))
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == ("modified", 5)


def test_removed_event_is_named() -> None:
    links = build(10)
    h = head(links)
    del links[3]
    report = chain.verify(links, h)
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == ("removed", 4)


def test_swapped_events_are_reordered() -> None:
    links = build(10)
    h = head(links)
    links[5], links[6] = links[6], links[5]
    report = chain.verify(links, h)
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == ("reordered", 6)


def test_removed_tail_is_caught_by_the_head() -> None:
    links = build(10)
    h = head(links)
    report = chain.verify(links[:8], h)
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == ("truncated", 9)


def test_events_appended_after_the_head_was_read_are_fine() -> None:
    links = build(10)
    assert chain.verify(links, chain.Head(8, links[7].hash)).ok


@given(st.integers(2, 30), st.data())
def test_any_single_modification_is_caught_at_that_event(n: int, data: st.DataObject) -> None:
    links = build(n)
    i = data.draw(st.integers(0, n - 1))
    links[i] = replace(links[i], payload={**links[i].payload, "details": {"n": -1}})
    report = chain.verify(links, head(build(n)))
    assert report.problem is not None and report.problem.seq == i + 1
