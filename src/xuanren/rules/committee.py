"""Committee vote (党组会、常委会票决): quorum, each member's vote per candidate, and who passes.

The rule of 《党政领导干部选拔任用工作条例》 as the issue states it:

- **quorum** (会议有效): the members present (实到) must be at least two thirds of the members who should
  attend (应到). "三分之二以上" includes two thirds itself, as 以上 does in Chinese legal texts: 6 of 9 is
  enough, 5 of 9 is not. Compared exactly: ``Fraction(present, members) >= quorum``. Below quorum the vote
  is void (表决无效) — a result, not an error, so that the record can show what happened;
  :meth:`Quorum.require` is the refusal an action uses before it records a vote.
- **passing** (通过): more than half of **all members who should attend** agree (同意), not half of those
  present: with 9 members, 5 agreements pass (5 > 4.5) and 4 do not, however many were present. Strictly
  more: a threshold reached exactly does not pass. ``base=Base.PRESENT`` measures against those present
  instead, and ``pass_share`` changes the half (e.g. two thirds).
- **deferral** (缓议): a candidate who did not pass is deferred — put back for a later vote (复议) — when
  more members voted 缓议 than 不同意 (:attr:`DeferRule.OVER_DISAGREE`, the default: 缓议 asks "not now",
  不同意 says "no", and the candidate is rejected only when at least as many said no as asked to wait);
  otherwise the candidate fails (不通过). Alternatives: :attr:`DeferRule.AT_LEAST_AGREE` (deferred when
  缓议 ≥ 同意), :attr:`DeferRule.NEVER` (缓议 counts only as not agreeing).

A present member who cast no vote on a candidate (a blank on paper) counts as not agreeing; they are
shown as 未表态. A secret vote (无记名表决) keeps no member on a vote: :func:`committee_count` counts
anonymous :class:`Counts` per candidate instead, with the same outcomes and explanations.

In a competitive vote (差额票决) more candidates may pass than there are slots: :func:`select_within_slots`
takes those with the most agreements; a tie across the last slot is not broken by the rule but put to a
new vote (复议). Every vote is checked before anything is counted: a vote from someone not on the
committee, from an absent member, on an unknown candidate, or a second vote by one member on one
candidate is a :class:`~xuanren.rules.errors.RuleError`.

>>> nine = Committee(tuple("甲乙丙丁戊己庚辛壬"))
>>> votes = [Vote(m, "某甲", Choice.AGREE) for m in "甲乙丙丁戊"] + [Vote("己", "某甲", Choice.DISAGREE)]
>>> result = committee_vote(CommitteeRule(), nine, "甲乙丙丁戊己庚", ["某甲"], votes)
>>> [str(m) for m in result.explain()]
['应到9人，实到7人，不少于三分之二，可以表决', '某甲：同意5人 > 4.5，通过（不同意1人，缓议0人，未表态1人）']
>>> str(result.result("某甲").explain()[0])
'应到9人，实到7人，同意5人 > 4.5，通过'
>>> str(committee_vote(CommitteeRule(), nine, "甲乙丙丁戊", ["某甲"], []).explain()[0])
'应到9人，实到5人，不足三分之二，表决无效'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.tally.explain import exact, number_beside, percent

TWO_THIRDS = Fraction(2, 3)
HALF = Fraction(1, 2)

_SHARES_ZH = {TWO_THIRDS: "三分之二", HALF: "半数", Fraction(3, 4): "四分之三", Fraction(1): "全体"}
_SHARES_EN = {TWO_THIRDS: "two thirds", HALF: "half", Fraction(3, 4): "three quarters", Fraction(1): "all"}


class Choice(StrEnum):
    """A member's vote on one candidate."""

    AGREE = "agree"  # 同意
    DISAGREE = "disagree"  # 不同意
    DEFER = "defer"  # 缓议


CHOICE_NAMES = {Choice.AGREE: "同意", Choice.DISAGREE: "不同意", Choice.DEFER: "缓议"}


class Base(StrEnum):
    """What the passing share is measured against."""

    MEMBERS = "members"  # 应到: all members who should attend (the regulation)
    PRESENT = "present"  # 实到: the members present


class DeferRule(StrEnum):
    """When a candidate who did not pass is deferred (缓议) rather than failed (不通过)."""

    OVER_DISAGREE = "over_disagree"  # 缓议票多于不同意票
    AT_LEAST_AGREE = "at_least_agree"  # 缓议票不少于同意票（且至少一票）
    NEVER = "never"  # 缓议只算未同意


class Outcome(StrEnum):
    PASSED = "passed"  # 通过
    FAILED = "failed"  # 不通过
    DEFERRED = "deferred"  # 缓议
    VOID = "void"  # 表决无效 (no quorum)


OUTCOME_NAMES = {Outcome.PASSED: "通过", Outcome.FAILED: "不通过", Outcome.DEFERRED: "缓议",
                 Outcome.VOID: "表决无效"}


def _message(code: str, zh: str, en: str, /, **params: Any) -> Message:
    return Message(f"committee.{code}", zh, en, params)


def _error(code: str, zh: str, en: str, /, **params: Any) -> RuleError:
    return RuleError(_message(code, zh, en, **params))


def _share_zh(share: Fraction) -> str:
    return _SHARES_ZH.get(share, percent(share))


def _share_en(share: Fraction) -> str:
    return _SHARES_EN.get(share, percent(share))


@dataclass(frozen=True)
class CommitteeRule:
    """The committee's rule: ``quorum`` (share of members who must be present, default 2/3, reached
    exactly is enough), ``pass_share`` (agreements must be *more than* this share of ``base``, default
    1/2 of all members), ``defer_rule`` (see :class:`DeferRule`)."""

    quorum: Fraction = TWO_THIRDS
    pass_share: Fraction = HALF
    base: Base = Base.MEMBERS
    defer_rule: DeferRule = DeferRule.OVER_DISAGREE

    def __post_init__(self) -> None:
        quorum = exact(self.quorum, "到会比例")
        share = exact(self.pass_share, "通过比例")
        if not 0 <= quorum <= 1:
            raise _error("quorum_range", "到会比例应在0与1之间，实为{value}",
                         "the quorum must lie between 0 and 1, not {value}", value=str(quorum))
        if not 0 <= share < 1:
            raise _error("share_range", "通过比例应不小于0且小于1，实为{value}",
                         "the passing share must be at least 0 and below 1, not {value}", value=str(share))
        try:
            base, defer_rule = Base(self.base), DeferRule(self.defer_rule)
        except ValueError:
            raise _error("unknown_setting", "未知的计票基数“{base}”或缓议规则“{defer}”",
                         "unknown base '{base}' or deferral rule '{defer}'",
                         base=self.base, defer=self.defer_rule) from None
        object.__setattr__(self, "quorum", quorum)
        object.__setattr__(self, "pass_share", share)
        object.__setattr__(self, "base", base)
        object.__setattr__(self, "defer_rule", defer_rule)

    @classmethod
    def from_json(cls, d: Mapping[str, Any] | None) -> CommitteeRule:
        """The rule from JSON settings ``{"quorum": "2/3", "pass_share": "1/2", "base", "defer_rule"}``, each
        optional (default: the regulation's rule). Shares are fractions or decimals as strings or integers;
        unknown keys are refused, so a misspelt setting is not silently ignored."""
        if d is None:
            return cls()
        if not isinstance(d, Mapping):
            raise _error("json", "表决规则应为JSON对象", "the committee rule must be a JSON object")
        unknown = sorted(set(d) - {"quorum", "pass_share", "base", "defer_rule"})
        if unknown:
            raise _error("json_unknown", "表决规则中有未知的设置项：{keys}",
                         "unknown setting(s) in the committee rule: {keys}", keys="、".join(map(str, unknown)))
        default = cls()
        return cls(quorum=exact(d.get("quorum", default.quorum), "到会比例"),
                   pass_share=exact(d.get("pass_share", default.pass_share), "通过比例"),
                   base=d.get("base", default.base), defer_rule=d.get("defer_rule", default.defer_rule))

    def as_json(self) -> dict[str, Any]:
        """The rule as JSON settings (shares as exact fraction strings); :meth:`from_json` gives it back."""
        return {"quorum": _fraction_text(self.quorum), "pass_share": _fraction_text(self.pass_share),
                "base": self.base.value, "defer_rule": self.defer_rule.value}

    def explain(self) -> Message:
        """The rule in words: ``到会人数须达到应到人数的三分之二以上；同意票超过应到人数的半数为通过；…``."""
        base_zh, base_en = ("应到人数", "all members") if self.base is Base.MEMBERS else ("实到人数", "those present")
        defer_zh, defer_en = {
            DeferRule.OVER_DISAGREE: ("未通过且缓议票多于不同意票的，缓议",
                                      "deferred when not passed and defer > disagree"),
            DeferRule.AT_LEAST_AGREE: ("未通过且缓议票不少于同意票的，缓议",
                                       "deferred when not passed and defer ≥ agree"),
            DeferRule.NEVER: ("缓议票只作未同意计", "defer counts as not agreeing"),
        }[self.defer_rule]
        return _message("rule", "到会人数须达到应到人数的{quorum}以上；同意票超过{base}的{share}为通过；{defer}",
                        "at least {quorum_en} of the members present; passed with more than {share_en} of {base_en} "
                        "agreeing; {defer_en}", quorum=_share_zh(self.quorum), quorum_en=_share_en(self.quorum),
                        base=base_zh, base_en=base_en, share=_share_zh(self.pass_share),
                        share_en=_share_en(self.pass_share), defer=defer_zh, defer_en=defer_en)


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class Committee:
    """The members who should attend (应到), by a name or id unique within the committee."""

    members: tuple[str, ...]

    def __post_init__(self) -> None:
        members = tuple(self.members)
        object.__setattr__(self, "members", members)
        if not members:
            raise _error("no_members", "委员会没有成员", "the committee has no members")
        if any(not m or not m.strip() for m in members):
            raise _error("blank_member", "委员会成员名单中有空名", "a committee member has a blank name")
        twice = sorted(m for m, n in Counter(members).items() if n > 1)
        if twice:
            raise _error("member_twice", "委员会成员{member}重复列出",
                         "committee member {member} is listed twice", member="、".join(twice))


@dataclass(frozen=True)
class Vote:
    """One member's vote on one candidate; ``choice`` may be given as its value (``"agree"``)."""

    member: str
    candidate: str
    choice: Choice

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "choice", Choice(self.choice))
        except ValueError:
            raise _error("unknown_choice", "{member}对{candidate}的表决意见“{choice}”无法识别，应为同意、不同意或缓议",
                         "{member}'s vote '{choice}' on {candidate} is not agree, disagree or defer",
                         member=self.member, candidate=self.candidate, choice=self.choice) from None


@dataclass(frozen=True)
class Quorum:
    """Attendance measured against the quorum."""

    members: int
    present: int
    quorum: Fraction

    @property
    def met(self) -> bool:
        return Fraction(self.present, self.members) >= self.quorum

    def explain(self) -> Message:
        params = {"members": self.members, "present": self.present, "share": _share_zh(self.quorum),
                  "share_en": _share_en(self.quorum)}
        if self.met:
            return _message("quorum_met", "应到{members}人，实到{present}人，不少于{share}，可以表决",
                            "{members} members, {present} present, at least {share_en}: the vote may proceed",
                            **params)
        return _message("quorum_short", "应到{members}人，实到{present}人，不足{share}，表决无效",
                        "{members} members, {present} present, fewer than {share_en}: the vote is void", **params)

    def require(self) -> None:
        """Refuse (:class:`RuleError`) when the quorum is not met: no vote may then be recorded."""
        if not self.met:
            raise RuleError(self.explain())

    def refusal(self) -> Message:
        """Why a meeting below quorum cannot start voting: ``应到9人，实到5人，不足三分之二，不能表决``."""
        return _message("quorum_refused", "应到{members}人，实到{present}人，不足{share}，不能表决",
                        "{members} members, {present} present, fewer than {share_en}: no vote can be taken",
                        members=self.members, present=self.present, share=_share_zh(self.quorum),
                        share_en=_share_en(self.quorum))


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's counts and outcome, with the figures that decided it."""

    candidate: str
    members: int
    present: int
    agree: int
    disagree: int
    defer: int
    threshold: Fraction
    quorum: Fraction
    base: Base
    defer_rule: DeferRule
    outcome: Outcome

    @property
    def not_voted(self) -> int:
        """Present members who cast no vote on this candidate (未表态)."""
        return self.present - self.agree - self.disagree - self.defer

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    def _params(self) -> dict[str, Any]:
        return {"candidate": self.candidate, "members": self.members, "present": self.present,
                "agree": self.agree, "disagree": self.disagree, "defer": self.defer, "not_voted": self.not_voted,
                "threshold": number_beside(self.threshold, self.agree), "share": _share_zh(self.quorum),
                "share_en": _share_en(self.quorum)}

    def _decision(self) -> tuple[str, str]:
        """The decision after 应到/实到, in Chinese and English (templates over :meth:`_params`)."""
        if self.outcome is Outcome.VOID:
            return "不足{share}，表决无效", "fewer than {share_en}: the vote is void"
        base_zh, base_en = ("（按实到人数计）", " (of those present)") if self.base is Base.PRESENT else ("", "")
        if self.outcome is Outcome.PASSED:
            return (f"同意{{agree}}人 > {{threshold}}{base_zh}，通过",
                    f"{{agree}} agree > {{threshold}}{base_en}, passed")
        zh, en = (f"同意{{agree}}人 ≤ {{threshold}}{base_zh}", f"{{agree}} agree ≤ {{threshold}}{base_en}")
        if self.outcome is Outcome.FAILED:
            return zh + "，不通过", en + ", not passed"
        if self.defer_rule is DeferRule.AT_LEAST_AGREE:
            return (zh + "，缓议{defer}人 ≥ 同意{agree}人，缓议",
                    en + ", {defer} defer ≥ {agree} agree, deferred")
        return (zh + "，缓议{defer}人 > 不同意{disagree}人，缓议",
                en + ", {defer} defer > {disagree} disagree, deferred")

    def explain(self) -> tuple[Message, ...]:
        """The decision (``应到9人，实到7人，同意5人 > 4.5，通过``), then the counts."""
        params = self._params()
        zh, en = self._decision()
        counts_zh = "同意{agree}人，不同意{disagree}人，缓议{defer}人" + (
            "，未表态{not_voted}人" if self.not_voted else "")
        counts_en = "{agree} agree, {disagree} disagree, {defer} defer" + (
            ", {not_voted} did not vote" if self.not_voted else "")
        return (_message(f"candidate.{self.outcome.value}", "应到{members}人，实到{present}人，" + zh,
                         "{members} members, {present} present, " + en, **params),
                _message("candidate.counts", "{candidate}：" + counts_zh, "{candidate}: " + counts_en, **params))

    def line(self) -> Message:
        """One line naming the candidate, for the whole vote's explanation."""
        params = self._params()
        zh, en = self._decision()
        rest_zh = "（不同意{disagree}人，缓议{defer}人" + ("，未表态{not_voted}人）" if self.not_voted else "）")
        rest_en = " ({disagree} disagree, {defer} defer" + (", {not_voted} did not vote)" if self.not_voted else ")")
        return _message(f"line.{self.outcome.value}", "{candidate}：" + zh + rest_zh,
                        "{candidate}: " + en + rest_en, **params)


@dataclass(frozen=True)
class CommitteeResult:
    """The whole vote: attendance against the quorum, then every candidate in the order given."""

    quorum: Quorum
    candidates: tuple[CandidateResult, ...]

    @property
    def valid(self) -> bool:
        return self.quorum.met

    def result(self, candidate: str) -> CandidateResult:
        for c in self.candidates:
            if c.candidate == candidate:
                return c
        raise _error("unknown_candidate", "{candidate}不是本次表决的人选", "{candidate} was not voted on",
                     candidate=candidate)

    def _with(self, outcome: Outcome) -> tuple[str, ...]:
        return tuple(c.candidate for c in self.candidates if c.outcome is outcome)

    def passed(self) -> tuple[str, ...]:
        return self._with(Outcome.PASSED)

    def failed(self) -> tuple[str, ...]:
        return self._with(Outcome.FAILED)

    def deferred(self) -> tuple[str, ...]:
        """Candidates to be voted on again later (复议)."""
        return self._with(Outcome.DEFERRED)

    def explain(self) -> tuple[Message, ...]:
        return (self.quorum.explain(), *(c.line() for c in self.candidates))


def check_quorum(rule: CommitteeRule, committee: Committee, present: Iterable[str]) -> Quorum:
    """Attendance against the quorum; refuses a present list naming a non-member or a member twice."""
    attending = _present(committee, present)
    return Quorum(len(committee.members), len(attending), rule.quorum)


def _present(committee: Committee, present: Iterable[str]) -> frozenset[str]:
    listed = list(present)
    strangers = [m for m in listed if m not in committee.members]
    if strangers:
        raise _error("present_not_member", "实到名单中的{member}不是委员会成员",
                     "{member}, listed as present, is not a committee member", member="、".join(strangers))
    twice = sorted(m for m, n in Counter(listed).items() if n > 1)
    if twice:
        raise _error("present_twice", "实到名单中{member}重复列出", "{member} is listed twice as present",
                     member="、".join(twice))
    return frozenset(listed)


def _outcome(rule: CommitteeRule, agree: int, disagree: int, defer: int, threshold: Fraction,
             quorum_met: bool) -> Outcome:
    if not quorum_met:
        return Outcome.VOID
    if agree > threshold:
        return Outcome.PASSED
    if rule.defer_rule is DeferRule.OVER_DISAGREE and defer > disagree:
        return Outcome.DEFERRED
    if rule.defer_rule is DeferRule.AT_LEAST_AGREE and defer > 0 and defer >= agree:
        return Outcome.DEFERRED
    return Outcome.FAILED


def _candidate_names(candidates: Sequence[str]) -> tuple[str, ...]:
    names = tuple(candidates)
    if not names:
        raise _error("no_candidates", "没有表决的人选", "there is no candidate to vote on")
    twice = sorted(c for c, n in Counter(names).items() if n > 1)
    if twice:
        raise _error("candidate_twice", "人选{candidate}重复列出", "candidate {candidate} is listed twice",
                     candidate="、".join(twice))
    return names


@dataclass(frozen=True)
class Counts:
    """The votes on one candidate without their members (a secret vote): 同意, 不同意, 缓议."""

    agree: int = 0
    disagree: int = 0
    defer: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.defer


def _result(rule: CommitteeRule, committee: Committee, attending: frozenset[str], names: tuple[str, ...],
            counts: Mapping[str, Counts]) -> CommitteeResult:
    quorum = Quorum(len(committee.members), len(attending), rule.quorum)
    base = len(committee.members) if rule.base is Base.MEMBERS else len(attending)
    threshold = rule.pass_share * base
    results = []
    for name in names:
        c = counts.get(name, Counts())
        results.append(CandidateResult(name, quorum.members, quorum.present, c.agree, c.disagree, c.defer, threshold,
                                       rule.quorum, rule.base, rule.defer_rule,
                                       _outcome(rule, c.agree, c.disagree, c.defer, threshold, quorum.met)))
    return CommitteeResult(quorum, tuple(results))


def committee_vote(rule: CommitteeRule, committee: Committee, present: Iterable[str], candidates: Sequence[str],
                   votes: Iterable[Vote]) -> CommitteeResult:
    """Count the committee's votes on ``candidates``; every vote is checked before anything is counted.

    The order of ``votes`` does not matter; the candidates keep the order given.
    """
    attending = _present(committee, present)
    names = _candidate_names(candidates)
    cast: dict[tuple[str, str], Choice] = {}
    for vote in votes:
        if vote.member not in committee.members:
            raise _error("vote_not_member", "{member}不是委员会成员，不能对{candidate}表决",
                         "{member} is not a committee member and cannot vote on {candidate}",
                         member=vote.member, candidate=vote.candidate)
        if vote.member not in attending:
            raise _error("vote_absent", "{member}未到会，不能对{candidate}表决",
                         "{member} is not present and cannot vote on {candidate}",
                         member=vote.member, candidate=vote.candidate)
        if vote.candidate not in names:
            raise _error("vote_unknown_candidate", "{member}表决的{candidate}不是本次表决的人选",
                         "{member} voted on {candidate}, who is not a candidate in this vote",
                         member=vote.member, candidate=vote.candidate)
        if (vote.member, vote.candidate) in cast:
            raise _error("vote_twice", "{member}对{candidate}重复表决", "{member} voted twice on {candidate}",
                         member=vote.member, candidate=vote.candidate)
        cast[(vote.member, vote.candidate)] = vote.choice
    counts = {}
    for name in names:
        tally = Counter(choice for (_, candidate), choice in cast.items() if candidate == name)
        counts[name] = Counts(tally[Choice.AGREE], tally[Choice.DISAGREE], tally[Choice.DEFER])
    return _result(rule, committee, attending, names, counts)


def committee_count(rule: CommitteeRule, committee: Committee, present: Iterable[str], candidates: Sequence[str],
                    counts: Mapping[str, Counts]) -> CommitteeResult:
    """Count a secret vote: per candidate the anonymous :class:`Counts` (a candidate not in ``counts`` got no
    vote). Refused: counts for someone not a candidate, a negative count, or more votes on a candidate than
    members present (each present member votes at most once on each candidate). The outcomes and
    explanations are those of :func:`committee_vote` for the same figures.

    >>> nine = Committee(tuple("甲乙丙丁戊己庚辛壬"))
    >>> str(committee_count(CommitteeRule(), nine, "甲乙丙丁戊己", ["某甲"], {"某甲": Counts(4, 1, 1)}).explain()[1])
    '某甲：同意4人 ≤ 4.5，不通过（不同意1人，缓议1人）'
    """
    attending = _present(committee, present)
    names = _candidate_names(candidates)
    for name, c in counts.items():
        if name not in names:
            raise _error("count_unknown_candidate", "{candidate}不是本次表决的人选，不能计票",
                         "{candidate} is not a candidate in this vote", candidate=name)
        figures = (c.agree, c.disagree, c.defer)
        if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in figures):
            raise _error("count_negative", "{candidate}的票数应为非负整数", "the counts of {candidate} must be whole "
                         "numbers, not negative", candidate=name)
        if c.total > len(attending):
            raise _error("count_over_present", "{candidate}的表决票{total}张，多于实到人数{present}人",
                         "{candidate} has {total} votes, more than the {present} members present",
                         candidate=name, total=c.total, present=len(attending))
    return _result(rule, committee, attending, names, counts)


# --- competitive votes: more passed than slots ---------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """Who of the passed candidates takes the ``slots``: ``chosen`` (most agreements first), ``tied`` (an
    equal number of agreements across the last slot: to be voted on again), ``beyond`` (passed, but others
    had more agreements)."""

    slots: int
    agreements: tuple[tuple[str, int], ...]
    chosen: tuple[str, ...]
    tied: tuple[str, ...]
    beyond: tuple[str, ...]

    @property
    def decided(self) -> bool:
        return not self.tied

    def explain(self) -> tuple[Message, ...]:
        if len(self.agreements) <= self.slots:
            return ()
        ranked = "、".join(f"{name}（{n}票）" for name, n in self.agreements)
        params = {"slots": self.slots, "passed": len(self.agreements), "ranked": ranked,
                  "chosen": "、".join(self.chosen) or "无", "tied": "、".join(self.tied),
                  "beyond": "、".join(self.beyond) or "无",
                  "votes": dict(self.agreements)[self.tied[0]] if self.tied else 0}
        lines = [_message("selection.ranked", "通过{passed}人，多于职数{slots}个，按同意票数排序：{ranked}",
                          "{passed} passed for {slots} slot(s), ranked by agreements: {ranked}", **params)]
        if self.tied:
            lines.append(_message("selection.tied", "{tied}同意票数相同（{votes}票），争最后的职数，须复议",
                                  "{tied} have as many agreements ({votes}) for the last slot: to be voted on "
                                  "again", **params))
        else:
            lines.append(_message("selection.chosen", "确定{chosen}为拟任人选；{beyond}同意票数较少，不作为拟任人选",
                                  "{chosen} chosen; {beyond} had fewer agreements", **params))
        return tuple(lines)


def select_within_slots(agreements: Mapping[str, int] | Iterable[tuple[str, int]], slots: int) -> Selection:
    """The passed candidates (name → agreements) who fill ``slots``: all of them when they fit; otherwise
    those with the most agreements, and a tie across the last slot left undecided (``tied``: 复议).

    >>> s = select_within_slots({"甲": 7, "乙": 5, "丙": 6}, 1)
    >>> s.chosen, s.beyond, s.tied
    (('甲',), ('丙', '乙'), ())
    >>> select_within_slots({"甲": 6, "乙": 6, "丙": 5}, 1).tied
    ('甲', '乙')
    """
    pairs = list(agreements.items()) if isinstance(agreements, Mapping) else list(agreements)
    if isinstance(slots, bool) or not isinstance(slots, int) or slots < 1:
        raise _error("slots", "职数应为正整数，实为{slots}", "the slots must be a positive whole number, not {slots}",
                     slots=slots)
    twice = sorted(c for c, n in Counter(name for name, _ in pairs).items() if n > 1)
    if twice:
        raise _error("candidate_twice", "人选{candidate}重复列出", "candidate {candidate} is listed twice",
                     candidate="、".join(twice))
    ranked = tuple(sorted(pairs, key=lambda p: -p[1]))  # stable: equal agreements keep the order given
    if len(ranked) <= slots:
        return Selection(slots, ranked, tuple(n for n, _ in ranked), (), ())
    cut = ranked[slots - 1][1]
    above = tuple(n for n, a in ranked if a > cut)
    at = tuple(n for n, a in ranked if a == cut)
    below = tuple(n for n, a in ranked if a < cut)
    if len(above) + len(at) <= slots:
        return Selection(slots, ranked, above + at, (), below)
    return Selection(slots, ranked, above, at, below)
