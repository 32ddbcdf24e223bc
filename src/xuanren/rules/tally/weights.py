"""Voter groups, their weights, the vote-rate base, and what happens to the weight of a group that did not vote.

A candidate's weighted score is Σ weight × rate over the voter groups, on 100 points: the weights sum
to 100 and a rate is a share (0…1) of the group's base:

- :attr:`RateBase.RETURNED` (实到, the default): ballots the group returned, void ones included;
- :attr:`RateBase.ENTITLED` (应到): voters entitled in the group;
- :attr:`RateBase.VALID`: ballots of the group valid for that question (blank ones included).

A group that returned no ballot at all is *empty*, and :class:`EmptyGroupRule` says what becomes of its
weight: shared among the groups that voted in proportion to their weights (the default), lost (the
group counts as a rate of 0), or the whole result is invalid. The result says which, with the figures.
A rate whose base is 0 in a group that did vote (say, no ballot of the group was valid for a post) is 0:
the group gave nobody a mark there.

>>> w = weigh(DEFAULT_GROUPS, {"leaders": 28, "middle_managers": 0, "others": 90}, EmptyGroupRule.SHARE)
>>> [str(w.effective[g.code]) for g in DEFAULT_GROUPS]
['300/7', '0', '400/7']
>>> print(w.notes[0])
中层干部组未收回选票：按规则，其权重30由已投票的组按权重比例分享（院领导30→42.86，其他人员40→57.14）
>>> print(GroupFigure(DEFAULT_GROUPS[0], 23, 28, RateBase.RETURNED, Fraction(30), False).explain())
院领导组：实到28张，得23票，得票率82.14%，权重30，计24.64分
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from xuanren.rules.messages import Message
from xuanren.rules.tally.ballots import Sheet, Turnout, VoterGroup
from xuanren.rules.tally.counting import GroupCount, empty_count
from xuanren.rules.tally.explain import error, message, number
from xuanren.rules.tally.meeting import MeetingConfig, MeetingValidity, check_meeting

FULL_MARKS = Fraction(100)

DEFAULT_GROUPS: tuple[VoterGroup, ...] = (
    VoterGroup("leaders", "院领导", Fraction(30), "leadership"),
    VoterGroup("middle_managers", "中层干部", Fraction(30), "middle managers"),
    VoterGroup("others", "其他人员", Fraction(40), "other staff"),
)


class RateBase(StrEnum):
    RETURNED = "returned"
    ENTITLED = "entitled"
    VALID = "valid"

    @property
    def zh(self) -> str:
        return {"returned": "实到", "entitled": "应到", "valid": "有效票"}[self.value]


class EmptyGroupRule(StrEnum):
    SHARE = "share"
    ZERO = "zero"
    INVALID = "invalid"


def check_groups(groups: Sequence[VoterGroup]) -> None:
    """Raise :class:`~xuanren.rules.errors.RuleError` unless the groups have distinct codes and weights
    summing to 100."""
    if not groups:
        raise error("groups.none", "没有投票人分组", "there is no voter group")
    codes = [g.code for g in groups]
    if len(set(codes)) != len(codes):
        raise error("groups.duplicate", "投票人分组代码重复", "a voter group code is used twice")
    total = sum((g.weight for g in groups), Fraction(0))
    if total != FULL_MARKS:
        raise error("groups.weights", "各组权重之和应为100，实为{total}",
                    "the group weights must sum to 100, not {total}", total=number(total, 6))


def base_of(kind: RateBase, turnout: Turnout, valid: int) -> int:
    if kind is RateBase.RETURNED:
        return turnout.returned
    if kind is RateBase.ENTITLED:
        return turnout.entitled
    return valid


@dataclass(frozen=True)
class Weighting:
    """The weights in force: ``effective`` per group code after the empty-group rule, with notes."""

    rule: EmptyGroupRule
    groups: tuple[VoterGroup, ...]
    effective: Mapping[str, Fraction]
    empty: tuple[str, ...]
    notes: tuple[Message, ...]
    invalid: Message | None

    @property
    def total(self) -> Fraction:
        """The most points a candidate can score (100, less any weight lost)."""
        return sum(self.effective.values(), Fraction(0))


def weigh(groups: Sequence[VoterGroup], returned: Mapping[str, int], rule: EmptyGroupRule) -> Weighting:
    """Apply ``rule`` to the groups that returned no ballot (``returned`` by group code)."""
    nominal = {g.code: g.weight for g in groups}
    names = {g.code: g.name for g in groups}
    empty = tuple(g.code for g in groups if returned.get(g.code, 0) == 0)
    if not empty:
        return Weighting(rule, tuple(groups), nominal, (), (), None)
    voters = [g for g in groups if g.code not in empty]
    empty_names = "、".join(names[c] for c in empty)
    lost = sum((nominal[c] for c in empty), Fraction(0))
    effective = dict(nominal)
    invalid = None
    if rule is EmptyGroupRule.SHARE:
        share_of = sum((g.weight for g in voters), Fraction(0))
        for code in empty:
            effective[code] = Fraction(0)
        if share_of:
            for g in voters:
                effective[g.code] = g.weight * (share_of + lost) / share_of
            shares = "，".join(f"{g.name}{number(g.weight)}→{number(effective[g.code])}" for g in voters)
            shares_en = ", ".join(f"{g.en or g.name} {number(g.weight)} → {number(effective[g.code])}" for g in voters)
            note = message("empty_group.share",
                           "{groups}组未收回选票：按规则，其权重{lost}由已投票的组按权重比例分享（{shares}）",
                           "{groups}: no ballot returned; by the rule its weight {lost} is shared among the groups "
                           "that voted, in proportion to their weights ({shares_en})",
                           groups=empty_names, lost=number(lost), shares=shares, shares_en=shares_en)
        else:
            for g in voters:
                effective[g.code] = Fraction(0)
            note = message("empty_group.share_none", "{groups}组未收回选票：没有可分享其权重的组，得分均为0",
                           "{groups}: no ballot returned, and no group with weight voted: every score is 0",
                           groups=empty_names)
    elif rule is EmptyGroupRule.ZERO:
        for code in empty:
            effective[code] = Fraction(0)
        note = message("empty_group.zero",
                       "{groups}组未收回选票：按规则该组得票率按0计，其权重{lost}不再分配（满分为{total}分）",
                       "{groups}: no ballot returned; by the rule its rate counts as 0 and its weight {lost} is not "
                       "shared (the most a candidate can score is {total})",
                       groups=empty_names, lost=number(lost), total=number(FULL_MARKS - lost))
    else:
        note = message("empty_group.invalid", "{groups}组未收回选票：按规则推荐（测评）结果无效",
                       "{groups}: no ballot returned; by the rule the result is invalid", groups=empty_names)
        invalid = note
    return Weighting(rule, tuple(groups), effective, empty, (note,), invalid)


@dataclass(frozen=True)
class GroupFigure:
    """One group's part of a score: ``marks`` of ``base`` (a ``base_kind``), at ``weight`` (in force)."""

    group: VoterGroup
    marks: int
    base: int
    base_kind: RateBase
    weight: Fraction
    empty: bool

    @property
    def rate(self) -> Fraction:
        return Fraction(self.marks, self.base) if self.base else Fraction(0)

    @property
    def points(self) -> Fraction:
        return self.weight * self.rate

    def explain(self) -> Message:
        g = self.group
        params = {"group": g.name, "group_en": g.en or g.name, "marks": self.marks, "base": self.base,
                  "base_zh": self.base_kind.zh, "base_en": self.base_kind.value, "rate": _percent(self.rate),
                  "weight": number(self.weight), "nominal": number(g.weight), "points": number(self.points)}
        if self.empty:
            return message("figure.empty", "{group}组：未收回选票，不计分（权重{nominal}已按规则处理）",
                           "{group_en}: no ballot returned, no points (its weight {nominal} handled by the rule)",
                           **params)
        unit = "人" if self.base_kind is RateBase.ENTITLED else "张"
        weight = "{weight}" if self.weight == g.weight else "{nominal}（分得后为{weight}）"
        weight_en = "{weight}" if self.weight == g.weight else "{nominal} ({weight} with the shared weight)"
        if self.base == 0:
            return message("figure.no_base",
                           "{group}组：{base_zh}0" + unit + "，得票率按0计，权重" + weight + "，计0分",
                           "{group_en}: a {base_en} base of 0, rate counted as 0, weight " + weight_en + ", 0 points",
                           **params)
        return message("figure", "{group}组：{base_zh}{base}" + unit + "，得{marks}票，得票率{rate}，权重" + weight
                       + "，计{points}分",
                       "{group_en}: {marks} of {base} ({base_en}), rate {rate}, weight " + weight_en
                       + ", {points} points", **params)


def _percent(ratio: Fraction) -> str:
    return number(ratio * 100) + "%"


def figures(weighting: Weighting, turnout: Mapping[str, Turnout], kind: RateBase,
            marks: Mapping[str, int], valid: Mapping[str, int]) -> tuple[GroupFigure, ...]:
    """One :class:`GroupFigure` per group, in the configured order."""
    return tuple(
        GroupFigure(g, marks[g.code], base_of(kind, turnout[g.code], valid[g.code]), kind,
                    weighting.effective[g.code], g.code in weighting.empty)
        for g in weighting.groups)


def score(parts: Iterable[GroupFigure]) -> Fraction:
    return sum((p.points for p in parts), Fraction(0))


def rank(scores: Sequence[Fraction]) -> tuple[int, ...]:
    """Competition ranks, best first, equal scores sharing a rank: ``[50, 70, 50, 10]`` → ``(2, 1, 2, 4)``."""
    ordered = sorted(scores, reverse=True)
    first: dict[Fraction, int] = {}
    for i, s in enumerate(ordered):
        first.setdefault(s, i + 1)
    return tuple(first[s] for s in scores)


@dataclass(frozen=True)
class Session:
    """The checked inputs of a tally: turnout and counts per group, meeting validity, weights in force."""

    turnout: Mapping[str, Turnout]
    counts: Mapping[str, GroupCount]
    meeting: MeetingValidity
    weighting: Weighting

    @property
    def valid(self) -> bool:
        return self.meeting.valid and self.weighting.invalid is None

    @property
    def reasons(self) -> tuple[Message, ...]:
        extra = (self.weighting.invalid,) if self.weighting.invalid else ()
        return (*self.meeting.reasons, *extra)


def open_session(groups: Sequence[VoterGroup], rule: EmptyGroupRule, meeting: MeetingConfig, sheet: Sheet,
                 counts: Mapping[str, GroupCount], turnouts: Sequence[Turnout]) -> Session:
    """Check the tally's inputs against each other and against the sheet.

    Errors (:class:`~xuanren.rules.errors.RuleError`): groups whose weights do not sum to 100 or repeat
    a code; a turnout or a count for a group not configured; a group without its turnout, or with two;
    a count that does not fit the sheet; a count holding a different number of ballots than the group
    returned (less those void as a whole). Results: an invalid meeting and an empty group.
    """
    check_groups(groups)
    codes = {g.code for g in groups}
    names = {g.code: g.name for g in groups}
    by_group: dict[str, Turnout] = {}
    for t in turnouts:
        if t.group not in codes:
            raise error("turnout.unknown_group", "未设置的投票人分组“{group}”", "'{group}' is not a voter group",
                        group=t.group)
        if t.group in by_group:
            raise error("turnout.twice", "{group}组的到会情况出现两次", "the turnout of '{group}' is given twice",
                        group=names[t.group])
        by_group[t.group] = t
    for g in groups:
        if g.code not in by_group:
            raise error("turnout.missing", "缺少{group}组的应到、发出、收回数", "the turnout of '{group}' is missing",
                        group=g.name)
    checked: dict[str, GroupCount] = {}
    for code, c in counts.items():
        if code not in codes or c.group != code:
            raise error("count.unknown_group", "计票中有未设置的投票人分组“{group}”",
                        "a count is for '{group}', which is not a voter group", group=c.group)
        _fits(sheet, c, names[code])
    for g in groups:
        c = counts.get(g.code) or empty_count(sheet, g.code)
        expected = by_group[g.code].counted
        if c.ballots != expected:
            raise error("count.ballots", "{group}组计票{counted}张，与收回{returned}张（其中整张无效{void}张）不符",
                        "{counted} ballots of '{group}' were counted, but {returned} were returned ({void} void "
                        "as a whole)", group=g.name, counted=c.ballots, returned=by_group[g.code].returned,
                        void=by_group[g.code].void)
        checked[g.code] = c
    validity = check_meeting(meeting, [by_group[g.code] for g in groups], names)
    weighting = weigh(groups, {g.code: by_group[g.code].returned for g in groups}, rule)
    return Session(by_group, checked, validity, weighting)


def _fits(sheet: Sheet, c: GroupCount, name: str) -> None:
    shape = [len(q.options) for q in sheet.questions]
    if [len(qc.marks) for qc in c.questions] != shape:
        raise error("count.sheet_shape", "{group}组的计票与选票格式不符",
                    "the count of '{group}' does not fit the sheet", group=name)
