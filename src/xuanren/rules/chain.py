"""The hash chain of the record (全程记实): canonical encoding, event hashes, and verification.

An event's hash is SHA-256 over the previous event's hash and the canonical encoding of the event
(its sequence number, time, actor, action, object and digests). Changing, removing or reordering any
event breaks the chain at that event, and :func:`verify` names the first one.

>>> canonical({"b": 1, "a": "选任"})
b'{"a":"\\xe9\\x80\\x89\\xe4\\xbb\\xbb","b":1}'
>>> h1 = link_hash(GENESIS, {"seq": 1, "action": "x"})
>>> verify([Link(1, 1, {"seq": 1, "action": "x"}, GENESIS, h1)], Head(1, h1)).ok
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from xuanren.rules.messages import Message

GENESIS = "0" * 64


def canonical(value: Any) -> bytes:
    """A stable byte encoding: JSON, keys sorted, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def digest(value: Any) -> str:
    """SHA-256 of the canonical encoding, hex; ``""`` for ``None`` (nothing before a creation)."""
    if value is None:
        return ""
    return hashlib.sha256(canonical(value)).hexdigest()


def link_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(dict(payload))).hexdigest()


@dataclass(frozen=True)
class Link:
    """One stored event as verification sees it.

    ``position`` is where storage puts it (its row id); ``seq`` is the number inside the hashed
    payload, so a row moved to another position is seen as moved.
    """

    position: int
    seq: int
    payload: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Head:
    """The last sequence number and hash, kept apart from the events."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Problem:
    kind: str  # "modified", "removed", "reordered", "truncated"
    seq: int
    message: Message


@dataclass(frozen=True)
class Report:
    checked: int
    head_hash: str
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _problem(kind: str, seq: int, zh: str, en: str, **params: Any) -> Problem:
    return Problem(kind, seq, Message(f"record.{kind}", zh, en, {"seq": seq, **params}))


def verify(links: Iterable[Link], head: Head | None) -> Report:
    """Walk the events in storage order; stop at the first break and say what it is."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    hash_at_head = GENESIS
    stream = iter(links)
    for link in stream:
        if link.seq != expected_seq or link.payload.get("seq") != link.seq:
            if link.payload.get("seq") != link.seq:
                return Report(checked, prev_hash, _problem(
                    "modified", expected_seq, "第{seq}号事件的序号被修改", "the number of event {seq} was modified"))
            # Is the missing event further on (moved), or nowhere (removed)?
            later = any(other.seq == expected_seq for other in stream)
            if later or link.seq < expected_seq:
                return Report(checked, prev_hash, _problem(
                    "reordered", expected_seq,
                    "第{seq}号位置上是第{found}号事件：事件被调换了顺序",
                    "position {seq} holds event {found}: events were reordered", found=link.seq))
            return Report(checked, prev_hash, _problem(
                "removed", expected_seq,
                "第{seq}号事件被删除（其后为第{found}号）",
                "event {seq} was removed (the next is {found})", found=link.seq))
        if link_hash(link.prev_hash, link.payload) != link.hash:
            return Report(checked, prev_hash, _problem(
                "modified", link.seq, "第{seq}号事件的内容被修改", "event {seq} was modified"))
        if link.prev_hash != prev_hash:
            return Report(checked, prev_hash, _problem(
                "modified", link.seq, "第{seq}号事件与前一事件的链接被修改",
                "the link of event {seq} to the one before it was modified"))
        prev_hash = link.hash
        if head is not None and link.seq == head.seq:
            hash_at_head = link.hash
        expected_seq += 1
        checked += 1
    # The head was read before the walk; events appended since then lie beyond it and are checked too.
    if head is not None and head.seq > checked:
        return Report(checked, prev_hash, _problem(
            "truncated", checked + 1, "第{seq}号至第{last}号事件被删除（记录头为第{last}号）",
            "events {seq} to {last} were removed (the head is at {last})", last=head.seq))
    if head is not None and head.seq and hash_at_head != head.hash:
        return Report(checked, prev_hash, _problem(
            "modified", head.seq, "记录头（第{seq}号）与事件不符", "the head (event {seq}) does not match the events"))
    return Report(checked, prev_hash, None)
