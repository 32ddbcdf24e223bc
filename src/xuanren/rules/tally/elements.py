"""Multi-element recommendation (x最优要素定向推荐, seed 002): name the best candidate per element.

Seed 002: "设置‘道德品行最好’‘工作最敬业’‘工作业绩最突出’‘业务能力最强’‘综合素质最高’‘最适合提拔
使用’等若干评价要素，采用选取最优秀者按要素排名评价". The elements are editable (:class:`Element`); on each
the voter names the best candidate (or up to ``max_marks`` of them; more make the ballot invalid for
that element only). Per element every candidate gets a weighted score over the voter groups, exactly
as in a recommendation, and a rank; the *combined* score is the mean of the element scores weighted by
the elements' weights (equal by default), on 100 points, and ranks the candidates overall.

>>> from xuanren.rules.tally.ballots import Option, Turnout
>>> from xuanren.rules.tally.counting import count_ballots
>>> people = (Option("a", "甲"), Option("b", "乙"))
>>> config = ElementConfig(elements=(Element("ability", "业务能力最强"), Element("promotion", "最适合提拔使用")))
>>> sheet = element_sheet(config.elements, people)
>>> ballots = [sheet.ballot("others", {"ability": ["a"], "promotion": ["b"]})] * 3 + [
...     sheet.ballot("others", {"ability": ["b"], "promotion": ["b"]})]
>>> turnout = [Turnout("leaders", 0, 0, 0), Turnout("middle_managers", 0, 0, 0), Turnout("others", 4, 4, 4)]
>>> result = tally_elements(config, people, count_ballots(sheet, ballots), turnout)
>>> [(s.candidate.name, str(s.score), s.rank) for s in result.ranking]
[('乙', '125/2', 1), ('甲', '75/2', 2)]
>>> print(result.elements[0].explain()[0])
业务能力最强：甲 75分（第1名），乙 25分（第2名）
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from xuanren.rules.messages import Message
from xuanren.rules.tally.ballots import Option, Question, Sheet, Turnout, VoterGroup
from xuanren.rules.tally.counting import GroupCount
from xuanren.rules.tally.explain import error, exact, message, number
from xuanren.rules.tally.meeting import MeetingConfig, MeetingValidity
from xuanren.rules.tally.weights import (
    DEFAULT_GROUPS,
    EmptyGroupRule,
    GroupFigure,
    RateBase,
    Session,
    Weighting,
    figures,
    open_session,
    rank,
    score,
)


@dataclass(frozen=True)
class Element:
    """An element of the ballot: its weight in the combined score, and how many candidates a voter may name."""

    code: str
    name: str
    weight: Fraction = Fraction(1)
    max_marks: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", exact(self.weight, f"要素“{self.name}”的权重"))
        if self.weight < 0:
            raise error("element.weight", "要素“{name}”的权重为负数", "the weight of element '{name}' is negative",
                        name=self.name)


DEFAULT_ELEMENTS: tuple[Element, ...] = (
    Element("character", "道德品行最好"),
    Element("dedication", "工作最敬业"),
    Element("achievement", "工作业绩最突出"),
    Element("ability", "业务能力最强"),
    Element("overall", "综合素质最高"),
    Element("promotion", "最适合提拔使用"),
)


@dataclass(frozen=True)
class ElementConfig:
    groups: tuple[VoterGroup, ...] = DEFAULT_GROUPS
    elements: tuple[Element, ...] = DEFAULT_ELEMENTS
    rate_base: RateBase = RateBase.RETURNED
    empty_group: EmptyGroupRule = EmptyGroupRule.SHARE
    meeting: MeetingConfig = field(default_factory=MeetingConfig)

    def __post_init__(self) -> None:
        if not self.elements:
            raise error("elements.none", "没有推荐要素", "there is no element")
        if sum((e.weight for e in self.elements), Fraction(0)) <= 0:
            raise error("elements.weights", "各要素权重之和应大于0", "the element weights must not all be 0")


def element_sheet(elements: Sequence[Element], candidates: Sequence[Option]) -> Sheet:
    """The ballot: one question per element, each listing every candidate."""
    return Sheet(tuple(Question(e.code, e.name, tuple(candidates), e.max_marks) for e in elements))


@dataclass(frozen=True)
class Standing:
    """A candidate on one element: the group figures, the weighted score (on 100) and the rank."""

    candidate: Option
    parts: tuple[GroupFigure, ...]
    score: Fraction
    rank: int

    @property
    def marks(self) -> int:
        return sum(p.marks for p in self.parts)


@dataclass(frozen=True)
class ElementResult:
    element: Element
    standings: tuple[Standing, ...]
    valid: int
    blank: int
    overvoted: int

    @property
    def ranking(self) -> tuple[Standing, ...]:
        return tuple(sorted(self.standings, key=lambda s: s.rank))

    def explain(self) -> tuple[Message, ...]:
        zh = "，".join(f"{s.candidate.name} {number(s.score)}分（第{s.rank}名）" for s in self.ranking)
        en = ", ".join(f"{s.candidate.name} {number(s.score)} (#{s.rank})" for s in self.ranking)
        lines = [message("element", "{element}：{standings}", "{element}: {standings_en}", element=self.element.name,
                         standings=zh, standings_en=en),
                 message("element.ballots",
                         "{element}：有效{valid}张（其中空白{blank}张），推荐超过{allowed}人无效{overvoted}张",
                         "{element}: {valid} valid ({blank} blank), {overvoted} invalid for naming more than "
                         "{allowed}", element=self.element.name, valid=self.valid, blank=self.blank,
                         overvoted=self.overvoted, allowed=self.element.max_marks)]
        for s in self.ranking:
            lines.extend(p.explain() for p in s.parts if not p.empty)
        return tuple(lines)


@dataclass(frozen=True)
class CombinedStanding:
    """A candidate over all elements: the element scores (in element order), the combined score, the rank."""

    candidate: Option
    element_scores: tuple[Fraction, ...]
    score: Fraction
    mentions: int
    rank: int


@dataclass(frozen=True)
class ElementsResult:
    config: ElementConfig
    meeting: MeetingValidity
    weighting: Weighting
    elements: tuple[ElementResult, ...]
    combined: tuple[CombinedStanding, ...]
    reasons: tuple[Message, ...]

    @property
    def valid(self) -> bool:
        return not self.reasons

    @property
    def ranking(self) -> tuple[CombinedStanding, ...]:
        return tuple(sorted(self.combined, key=lambda s: s.rank))

    def explain(self) -> tuple[Message, ...]:
        lines: list[Message] = [*self.meeting.explain(), *self.weighting.notes]
        if not self.valid:
            lines.append(message("elements.invalid", "要素推荐结果无效", "the element recommendation is invalid"))
        weights = "，".join(f"{e.name}{number(e.weight)}" for e in self.config.elements)
        lines.append(message("elements.method", "综合得分为各要素得分按要素权重（{weights}）的加权平均",
                             "the combined score is the mean of the element scores weighted by element ({weights})",
                             weights=weights))
        for s in self.ranking:
            lines.append(message("elements.combined", "第{rank}名 {name}：综合{score}分，被推荐{mentions}次",
                                 "#{rank} {name}: combined {score}, named {mentions} time(s)", rank=s.rank,
                                 name=s.candidate.name, score=number(s.score), mentions=s.mentions))
        for e in self.elements:
            lines.extend(e.explain())
        return tuple(lines)


def tally_elements(config: ElementConfig, candidates: Sequence[Option], counts: Mapping[str, GroupCount],
                   turnout: Sequence[Turnout]) -> ElementsResult:
    """Tally the counts of :func:`element_sheet` ``(config.elements, candidates)`` ballots.

    Raises :class:`~xuanren.rules.errors.RuleError` as
    :func:`~xuanren.rules.tally.weights.open_session` does.
    """
    sheet = element_sheet(config.elements, candidates)
    session = open_session(config.groups, config.empty_group, config.meeting, sheet, counts, turnout)
    elements = tuple(_element(config, session, qi, e, candidates) for qi, e in enumerate(config.elements))
    total_weight = sum((e.weight for e in config.elements), Fraction(0))
    combined_scores = []
    for ci in range(len(candidates)):
        combined_scores.append(sum((e.weight * r.standings[ci].score for e, r in zip(config.elements, elements,
                                                                                      strict=True)),
                                   Fraction(0)) / total_weight)
    ranks = rank(combined_scores)
    combined = tuple(
        CombinedStanding(c, tuple(r.standings[ci].score for r in elements), combined_scores[ci],
                         sum(r.standings[ci].marks for r in elements), ranks[ci])
        for ci, c in enumerate(candidates))
    return ElementsResult(config, session.meeting, session.weighting, elements, combined, session.reasons)


def _element(config: ElementConfig, session: Session, qi: int, element: Element,
             candidates: Sequence[Option]) -> ElementResult:
    counts = {g.code: session.counts[g.code].questions[qi] for g in config.groups}
    valid = {code: c.valid for code, c in counts.items()}
    parts = [figures(session.weighting, session.turnout, config.rate_base,
                     {code: c.marks[ci] for code, c in counts.items()}, valid) for ci in range(len(candidates))]
    scores = [score(p) for p in parts]
    ranks = rank(scores)
    standings = tuple(Standing(c, p, s, r) for c, p, s, r in zip(candidates, parts, scores, ranks, strict=True))
    return ElementResult(element, standings, sum(valid.values()), sum(c.blank for c in counts.values()),
                         sum(c.overvoted for c in counts.values()))
