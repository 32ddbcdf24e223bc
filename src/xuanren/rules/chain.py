"""The hash chain of the record (全程记实): canonical encoding, event hashes, and verification.

An event's hash is SHA-256 over the previous event's hash, a newline, and the canonical encoding of the
event (its sequence number, time, actor, action, object and digests). Changing, removing or reordering
any event breaks the chain at that event, and :func:`verify` names the first one. docs/record.md states
the encoding exactly, so that an inspector can re-implement it.

>>> canonical({"b": 1, "a": "选任"})
b'{"a":"\\xe9\\x80\\x89\\xe4\\xbb\\xbb","b":1}'
>>> h1 = link_hash(GENESIS, {"seq": 1, "action": "x"})
>>> verify([Link(1, 1, {"seq": 1, "action": "x"}, GENESIS, h1)], Head(1, h1)).ok
True
>>> json_value({"score": 85.0, "ratio": 0.5, 3: None})
{'score': 85, 'ratio': 0.5, '3': None}
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
    """A stable byte encoding: JSON, keys sorted, no spaces, UTF-8; NaN and infinities refused.

    Values JSON cannot hold are written as their ``str()``.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=str,
    ).encode()


def digest(value: Any) -> str:
    """SHA-256 of the canonical encoding, hex; ``""`` for ``None`` (nothing before a creation)."""
    if value is None:
        return ""
    return hashlib.sha256(canonical(value)).hexdigest()


def json_value(value: Any) -> Any:
    """``value`` as the database will give it back, so the hash made now is the hash checked later.

    A JSON round trip (keys become strings, tuples lists, other objects their ``str()``), and floats
    with no fractional part become integers: PostgreSQL's ``jsonb`` gives ``1e+20`` back as
    ``100000000000000000000`` and ``-0.0`` as ``0``, which would change the encoding.
    """
    # Not canonical(): sorting fails on keys of mixed types, which the round trip makes strings.
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, default=str)
    return _integral_floats(json.loads(text))


def _integral_floats(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral_floats(v) for v in value]
    return value


def link_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of ``prev_hash`` (ASCII), a newline, and ``canonical(payload)``."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(dict(payload))).hexdigest()


@dataclass(frozen=True)
class Link:
    """One stored event as verification sees it.

    ``position`` is where storage puts it (its row id, or its line in a file); ``seq`` is the number
    storage files it under, and ``payload["seq"]`` the number inside the hashed payload.
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
class Expected:
    """A hash noted outside the system, optionally with the number of the event it belongs to.

    A chain recomputed from some event on gets new hashes from there to the end, so a hash noted
    earlier is no longer found in it: this is what catches someone who rewrote the events and the
    head together.
    """

    hash: str
    seq: int | None = None

    @classmethod
    def parse(cls, text: str) -> Expected:
        """``HASH`` or ``SEQ:HASH`` (as :meth:`Report.anchor` writes it); raises ``ValueError``."""
        seq_text, _, hash_text = text.strip().rpartition(":")
        hash_text = hash_text.strip().lower()
        if len(hash_text) != 64 or any(c not in "0123456789abcdef" for c in hash_text):
            raise ValueError("a head hash is 64 hexadecimal digits, optionally preceded by its number and ':'")
        seq_text = seq_text.strip().lstrip("#")
        if seq_text and not seq_text.isdigit():
            raise ValueError("the number before ':' must be an event number")
        return cls(hash_text, int(seq_text) if seq_text else None)


@dataclass(frozen=True)
class Problem:
    """The first break. ``kind`` is one of :data:`KINDS`; ``seq`` the event it names (0: none)."""

    kind: str
    seq: int
    message: Message

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "seq": self.seq, **self.message.as_dict()}


KINDS = ("modified", "removed", "reordered", "truncated", "head", "recomputed")


@dataclass(frozen=True)
class Report:
    """``checked`` events verified before the first problem; ``head_hash`` the hash of the last of them.

    Events are numbered from 1 without gaps, so the last verified event is number ``checked``.
    ``expected_seq`` is the number of the event whose hash was the :class:`Expected` one, when one was
    given and found.
    """

    checked: int
    head_hash: str
    problem: Problem | None
    expected_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def head_seq(self) -> int:
        return self.checked

    @property
    def anchor(self) -> str:
        """``SEQ:HASH`` of the last verified event: the value to note down and pass as expected later."""
        return f"{self.head_seq}:{self.head_hash}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "expected_seq": self.expected_seq,
            "problem": self.problem.as_dict() if self.problem else None,
        }


def _problem(kind: str, seq: int, zh: str, en: str, **params: Any) -> Problem:
    return Problem(kind, seq, Message(f"record.{kind}", zh, en, {"seq": seq, **params}))


def verify(links: Iterable[Link], head: Head | None, expected: Expected | None = None) -> Report:
    """Walk the events in storage order; stop at the first break and say what it is.

    ``head`` is the stored head, read *before* the walk: events appended since lie beyond it and are
    checked too. ``None`` means no head is known (an exported file), so a removed tail goes unseen
    unless ``expected`` names it. ``expected`` is a hash noted outside the system earlier; the chain
    must still contain it (at ``expected.seq`` when given).
    """
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    hash_at_head = GENESIS
    found_expected: int | None = None
    stream = iter(links)

    def report(problem: Problem | None) -> Report:
        return Report(checked, prev_hash, problem, found_expected)

    for link in stream:
        intact = link_hash(link.prev_hash, link.payload) == link.hash
        if link.payload.get("seq") != link.seq:
            return report(_problem(
                "modified", expected_seq, "第{seq}号事件的序号被修改", "the number of event {seq} was modified"))
        if link.seq != expected_seq:
            if not intact and link.prev_hash == prev_hash:
                # It follows the event before it, but neither its number nor its hash fits: this is
                # event `expected_seq` with its number changed, not an event from elsewhere.
                return report(_problem(
                    "modified", expected_seq, "第{seq}号事件被修改（序号被改成了{found}）",
                    "event {seq} was modified (its number was changed to {found})", found=link.seq))
            # Is the missing event further on (moved), or nowhere (removed)?
            later = any(other.seq == expected_seq for other in stream)
            if later or link.seq < expected_seq:
                return report(_problem(
                    "reordered", expected_seq,
                    "第{seq}号位置上是第{found}号事件：事件被调换了顺序",
                    "position {seq} holds event {found}: events were reordered", found=link.seq))
            return report(_problem(
                "removed", expected_seq,
                "第{seq}号事件被删除（其后为第{found}号）",
                "event {seq} was removed (the next is {found})", found=link.seq))
        if not intact:
            return report(_problem(
                "modified", link.seq, "第{seq}号事件的内容被修改", "event {seq} was modified"))
        if link.prev_hash != prev_hash:
            # This event's own hash fits, so either the event before it was changed and given a new
            # hash, or this one was given a new link and hash. The earlier one is named.
            if link.seq == 1:
                return report(_problem(
                    "modified", 1, "第1号事件的前一哈希不是起始值：该事件被改写",
                    "event 1 does not start from the genesis hash: it was rewritten"))
            return report(_problem(
                "modified", link.seq - 1,
                "第{seq}号事件的哈希与第{next}号事件记下的不符：第{seq}号事件被改动后重算了哈希（或第{next}号事件被改写）",
                "the hash of event {seq} differs from the one event {next} links to: event {seq} was changed "
                "and re-hashed (or event {next} was rewritten)", next=link.seq))
        prev_hash = link.hash
        if head is not None and link.seq == head.seq:
            hash_at_head = link.hash
        if expected is not None and link.hash == expected.hash:
            found_expected = link.seq
        expected_seq += 1
        checked += 1
    if head is not None and head.seq > checked:
        return report(_problem(
            "truncated", checked + 1, "第{seq}号至第{last}号事件被删除（记录头为第{last}号）",
            "events {seq} to {last} were removed (the head is at {last})", last=head.seq))
    if head is not None and hash_at_head != head.hash:
        return report(_problem(
            "head", head.seq, "记录头（第{seq}号）与事件不符", "the head (event {seq}) does not match the events"))
    if expected is not None:
        return report(_check_expected(expected, found_expected, checked))
    return report(None)


def _check_expected(expected: Expected, found: int | None, checked: int) -> Problem | None:
    if expected.seq is None:
        if found is None:
            return _problem(
                "recomputed", 0, "记下的链头哈希 {hash} 不在记实链中：链被重新计算过（或哈希抄错）",
                "the head hash noted earlier, {hash}, is not in the chain: the chain was recomputed "
                "(or the hash was copied wrongly)", hash=expected.hash)
        return None
    if expected.seq > checked:
        return _problem(
            "truncated", checked + 1,
            "记下的链头为第{last}号事件，而记实链只到第{checked}号：第{seq}号起的事件被删除",
            "the head noted earlier is event {last}, but the chain ends at {checked}: events from {seq} on "
            "were removed", last=expected.seq, checked=checked)
    if found != expected.seq:
        return _problem(
            "recomputed", expected.seq,
            "第{seq}号事件的哈希与记下的不同：第{seq}号或更早的事件被改动，链被重新计算过",
            "the hash of event {seq} differs from the one noted earlier: event {seq} or an earlier one was "
            "changed and the chain recomputed")
    return None


def missing_head(report: Report) -> Report:
    """``report`` with the problem that storage has no head at all (it was deleted)."""
    if report.problem is not None:
        return report
    problem = _problem("head", report.head_seq, "记录头缺失（被删除）：无法核对链尾是否被删除",
                       "the head is missing (deleted): a removed tail cannot be detected")
    return Report(report.checked, report.head_hash, problem, report.expected_seq)
