from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
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


def rehash(links: list[chain.Link], start: int) -> list[chain.Link]:
    """Recompute every hash from index ``start`` on, as a forger with write access would."""
    out = links[:start]
    prev = out[-1].hash if out else chain.GENESIS
    for link in links[start:]:
        h = chain.link_hash(prev, link.payload)
        out.append(replace(link, prev_hash=prev, hash=h))
        prev = h
    return out


def test_an_event_changed_and_rehashed_is_named_not_the_one_after_it() -> None:
    links = build(10)
    changed = {**links[4].payload, "action": "forged"}
    links[4] = replace(links[4], payload=changed, hash=chain.link_hash(links[4].prev_hash, changed))
    report = chain.verify(links, head(links))
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == ("modified", 5)
    assert report.checked == 5


def test_a_first_event_not_starting_from_genesis_is_named() -> None:
    first = build(1)[0]
    first = replace(first, prev_hash="1" * 64, hash=chain.link_hash("1" * 64, first.payload))
    links = rehash([first, *build(3)[1:]], 1)
    report = chain.verify(links, head(links))
    assert report.problem is not None and (report.problem.kind, report.problem.seq) == ("modified", 1)


def test_a_renumbered_event_is_named_as_modified() -> None:
    links = build(10)
    payload = {**links[4].payload, "seq": 40}
    links[4] = replace(links[4], seq=40, payload=payload)
    report = chain.verify(links, head(build(10)))
    assert report.problem is not None and (report.problem.kind, report.problem.seq) == ("modified", 5)


def test_a_head_that_does_not_match_its_event_is_named() -> None:
    links = build(5)
    report = chain.verify(links, chain.Head(5, "f" * 64))
    assert report.problem is not None and (report.problem.kind, report.problem.seq) == ("head", 5)


def test_a_recomputed_chain_passes_the_head_but_not_the_noted_hash() -> None:
    links = build(10)
    noted = chain.Expected(links[-1].hash, 10)
    forged = rehash([*links[:4], replace(links[4], payload={**links[4].payload, "action": "x"}), *links[5:]], 4)
    assert chain.verify(forged, head(forged)).ok
    report = chain.verify(forged, head(forged), noted)
    assert report.problem is not None and (report.problem.kind, report.problem.seq) == ("recomputed", 10)
    report = chain.verify(forged, head(forged), chain.Expected(noted.hash))
    assert report.problem is not None and (report.problem.kind, report.problem.seq) == ("recomputed", 0)


def test_a_noted_hash_found_earlier_in_a_longer_chain_is_fine() -> None:
    links = build(10)
    report = chain.verify(links, head(links), chain.Expected(links[6].hash))
    assert report.ok and report.expected_seq == 7


def test_expected_head_parses_hash_or_number_and_hash() -> None:
    h = "AB" * 32
    assert chain.Expected.parse(h) == chain.Expected(h.lower())
    assert chain.Expected.parse(f" 12:{h} ") == chain.Expected(h.lower(), 12)
    assert chain.Expected.parse(f"#12:{h}") == chain.Expected(h.lower(), 12)
    for bad in ["", "xyz", "12:" + "g" * 64, "a:" + h, h[:-1]]:
        with pytest.raises(ValueError):  # noqa: PT011
            chain.Expected.parse(bad)


def test_report_as_dict_carries_both_languages() -> None:
    links = build(3)
    del links[1]
    problem = chain.verify(links, None).as_dict()["problem"]
    assert problem["kind"] == "removed" and problem["seq"] == 2
    assert "第2号事件被删除" in problem["zh"] and "event 2 was removed" in problem["en"]


@given(st.integers(2, 30), st.data())
def test_any_single_removal_is_named(n: int, data: st.DataObject) -> None:
    links = build(n)
    h = head(links)
    i = data.draw(st.integers(0, n - 1))
    del links[i]
    report = chain.verify(links, h)
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == (("truncated" if i == n - 1 else "removed"), i + 1)


@given(st.integers(2, 30), st.data())
def test_any_swap_is_named_at_the_earlier_position(n: int, data: st.DataObject) -> None:
    links = build(n)
    i, j = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True)))
    links[i], links[j] = links[j], links[i]
    report = chain.verify(links, head(build(n)))
    assert report.problem is not None and (report.problem.kind, report.problem.seq) == ("reordered", i + 1)


@given(st.integers(1, 20), st.data())
def test_any_recomputation_is_caught_by_the_noted_head(n: int, data: st.DataObject) -> None:
    links = build(n)
    noted = chain.Expected(links[-1].hash, n)
    i = data.draw(st.integers(0, n - 1))
    links[i] = replace(links[i], payload={**links[i].payload, "details": {"n": -1}})
    forged = rehash(links, i)
    assert chain.verify(forged, head(forged)).ok
    assert not chain.verify(forged, head(forged), noted).ok


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_json_value_encodes_the_same_after_a_json_round_trip(value: Any) -> None:
    stored = chain.json_value(value)
    assert chain.canonical(json.loads(chain.canonical(stored))) == chain.canonical(stored)
    assert not any(isinstance(v, float) and v.is_integer() for v in _leaves(stored))


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]
