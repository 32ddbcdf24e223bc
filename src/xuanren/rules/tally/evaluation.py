"""Democratic evaluation (民主测评): graded ballots, the rate of every grade, and the flags of seed 003.

Each ballot gives every person one grade of 优秀/称职/基本称职/不称职 (and 不了解 where offered); a
blank is valid and grades nobody, two grades make the ballot invalid for that person only. Rates are
over the configured base (:class:`~xuanren.rules.tally.weights.RateBase`), pooled over all voters by
default (every ballot counts the same) or weighted by voter group.

Seed 003 (a district committee's rule): "民主测评群众满意率低于75%的一般不评定为优秀；群众不满意率超过20%
的要进行诫勉谈话，其中对群众不满意率超过50%的坚决进行调整". So, with the defaults:

- satisfaction = (优秀 + 称职) / base; *below* 75% → not rated 优秀. Exactly 75% is not below: no flag.
- dissatisfaction = 不称职 / base (基本称职 is "basically satisfied", neither side); *more than* 20% →
  诫勉谈话 (admonition talk); *more than* 50% → adjustment. Exactly 20% or 50% does not trigger.

Which grades count as satisfied and dissatisfied, and the three limits, are configurable.

>>> from xuanren.rules.tally.ballots import Option, Turnout
>>> from xuanren.rules.tally.counting import count_ballots
>>> person = Option("x", "某同志")
>>> sheet = evaluation_sheet([person])
>>> grades = ["excellent"] * 10 + ["competent"] * 5 + ["basic"] + ["incompetent"] * 4
>>> ballots = [sheet.ballot("others", {"x": [g]}) for g in grades]
>>> config = EvaluationConfig()
>>> turnout = [Turnout("leaders", 0, 0, 0), Turnout("middle_managers", 0, 0, 0), Turnout("others", 20, 20, 20)]
>>> r = tally_evaluation(config, [person], count_ballots(sheet, ballots), turnout).persons[0]
>>> r.satisfaction, r.dissatisfaction, r.may_be_excellent, r.admonition, r.adjustment
(Fraction(3, 4), Fraction(1, 5), True, False, False)
>>> for m in r.explain()[:2]:
...     print(m)
某同志：满意率（优秀、称职）75%，不满意率（不称职）20%，基数为实到20张
优秀10票（50%），称职5票（25%），基本称职1票（5%），不称职4票（20%），不了解0票（0%），空白0张，无效0张
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from xuanren.rules.messages import Message
from xuanren.rules.tally.ballots import Option, Question, Sheet, Turnout, VoterGroup
from xuanren.rules.tally.counting import GroupCount
from xuanren.rules.tally.explain import error, exact, message, number, percent
from xuanren.rules.tally.meeting import MeetingConfig, MeetingValidity
from xuanren.rules.tally.weights import (
    DEFAULT_GROUPS,
    FULL_MARKS,
    EmptyGroupRule,
    GroupFigure,
    RateBase,
    Session,
    Weighting,
    base_of,
    figures,
    open_session,
)


class Grade(StrEnum):
    EXCELLENT = "excellent"
    COMPETENT = "competent"
    BASIC = "basic"
    INCOMPETENT = "incompetent"
    UNKNOWN = "unknown"

    @property
    def zh(self) -> str:
        return _GRADE_ZH[self]

    @property
    def en(self) -> str:
        return "basically competent" if self is Grade.BASIC else self.value


_GRADE_ZH = {Grade.EXCELLENT: "优秀", Grade.COMPETENT: "称职", Grade.BASIC: "基本称职", Grade.INCOMPETENT: "不称职",
             Grade.UNKNOWN: "不了解"}

GRADES: tuple[Grade, ...] = (Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.INCOMPETENT)


class Pooling(StrEnum):
    POOLED = "pooled"      # every ballot counts the same: Σ grade / Σ base over the groups
    WEIGHTED = "weighted"  # Σ weight × (grade / base) over the groups, on the group weights


def _share(value: object, what: str) -> Fraction:
    share = exact(value, what)
    if not 0 <= share <= 1:
        raise error("evaluation.share", "{what}应在0与1之间（如Fraction(3, 4)表示75%），实为{value}",
                    "{what} must lie between 0 and 1 (Fraction(3, 4) is 75%), not {value}", what=what,
                    value=str(share))
    return share


@dataclass(frozen=True)
class EvaluationConfig:
    """A campaign's evaluation rules; the limits are shares (``Fraction(3, 4)`` is 75%)."""

    groups: tuple[VoterGroup, ...] = DEFAULT_GROUPS
    pooling: Pooling = Pooling.POOLED
    rate_base: RateBase = RateBase.RETURNED
    empty_group: EmptyGroupRule = EmptyGroupRule.SHARE
    offer_unknown: bool = True
    satisfied: tuple[Grade, ...] = (Grade.EXCELLENT, Grade.COMPETENT)
    dissatisfied: tuple[Grade, ...] = (Grade.INCOMPETENT,)
    excellent_min_satisfaction: Fraction = Fraction(75, 100)
    admonition_above: Fraction = Fraction(20, 100)
    adjustment_above: Fraction = Fraction(50, 100)
    meeting: MeetingConfig = field(default_factory=MeetingConfig)

    def __post_init__(self) -> None:
        for name, what in (("excellent_min_satisfaction", "评定优秀所需满意率"),
                           ("admonition_above", "诫勉谈话的不满意率"), ("adjustment_above", "调整的不满意率")):
            object.__setattr__(self, name, _share(getattr(self, name), what))
        if set(self.satisfied) & set(self.dissatisfied):
            raise error("evaluation.overlap", "同一等次不能既算满意又算不满意",
                        "a grade cannot count as both satisfied and dissatisfied")
        if Grade.UNKNOWN in (*self.satisfied, *self.dissatisfied) or not self.satisfied or not self.dissatisfied:
            raise error("evaluation.categories", "满意、不满意应各由若干个测评等次（不含不了解）组成",
                        "satisfied and dissatisfied must each be some of the four grades (not unknown)")

    @property
    def grades(self) -> tuple[Grade, ...]:
        return (*GRADES, Grade.UNKNOWN) if self.offer_unknown else GRADES


def evaluation_sheet(persons: Sequence[Option], offer_unknown: bool = True) -> Sheet:
    """The evaluation ballot: one question per person, one grade each."""
    grades = (*GRADES, Grade.UNKNOWN) if offer_unknown else GRADES
    options = tuple(Option(g.value, g.zh) for g in grades)
    return Sheet(tuple(Question(p.code, p.name, options, max_marks=1) for p in persons))


@dataclass(frozen=True)
class GradeFigure:
    """One grade for one person: per group (marks = ballots giving this grade), and the overall rate."""

    grade: Grade
    parts: tuple[GroupFigure, ...]
    rate: Fraction

    @property
    def marks(self) -> int:
        return sum(p.marks for p in self.parts)


@dataclass(frozen=True)
class PersonResult:
    """A person's grades and the seed 003 flags. ``assessed`` is False when there was nothing to rate
    against (a base of 0): then no flag is raised and the result says so."""

    person: Option
    config: EvaluationConfig
    grades: tuple[GradeFigure, ...]
    base: int
    valid: int
    blank: int
    overvoted: int
    assessed: bool

    def _rate(self, grades: tuple[Grade, ...]) -> Fraction:
        return sum((g.rate for g in self.grades if g.grade in grades), Fraction(0))

    @property
    def satisfaction(self) -> Fraction:
        return self._rate(self.config.satisfied)

    @property
    def dissatisfaction(self) -> Fraction:
        return self._rate(self.config.dissatisfied)

    @property
    def may_be_excellent(self) -> bool:
        """Not below the least satisfaction ("低于75%的一般不评定为优秀")."""
        return self.assessed and self.satisfaction >= self.config.excellent_min_satisfaction

    @property
    def admonition(self) -> bool:
        """Dissatisfaction strictly above the limit ("超过20%的要进行诫勉谈话")."""
        return self.assessed and self.dissatisfaction > self.config.admonition_above

    @property
    def adjustment(self) -> bool:
        """Dissatisfaction strictly above the limit ("超过50%的坚决进行调整")."""
        return self.assessed and self.dissatisfaction > self.config.adjustment_above

    def explain(self) -> tuple[Message, ...]:
        c = self.config
        base = {RateBase.RETURNED: "实到", RateBase.ENTITLED: "应到", RateBase.VALID: "有效票"}[c.rate_base]
        unit = "人" if c.rate_base is RateBase.ENTITLED else "张"
        pooled = c.pooling is Pooling.POOLED
        params = {"person": self.person.name, "sat": percent(self.satisfaction), "dis": percent(self.dissatisfaction),
                  "sat_grades": "、".join(g.zh for g in c.satisfied),
                  "dis_grades": "、".join(g.zh for g in c.dissatisfied),
                  "sat_grades_en": " + ".join(g.en for g in c.satisfied),
                  "dis_grades_en": " + ".join(g.en for g in c.dissatisfied),
                  "how": f"基数为{base}{self.base}{unit}" if pooled else "按各组权重加权",
                  "how_en": f"over a {c.rate_base.value} base of {self.base}" if pooled else "weighted by group"}
        lines = [message("evaluation.person",
                         "{person}：满意率（{sat_grades}）{sat}，不满意率（{dis_grades}）{dis}，{how}",
                         "{person}: satisfaction ({sat_grades_en}) {sat}, dissatisfaction ({dis_grades_en}) {dis}, "
                         "{how_en}", **params)]
        zh = "，".join(f"{g.grade.zh}{g.marks}票（{percent(g.rate)}）" for g in self.grades)
        en = ", ".join(f"{g.grade.en} {g.marks} ({percent(g.rate)})" for g in self.grades)
        lines.append(message("evaluation.grades", "{grades}，空白{blank}张，无效{overvoted}张",
                             "{grades_en}; {blank} blank, {overvoted} invalid", grades=zh, grades_en=en,
                             blank=self.blank, overvoted=self.overvoted))
        if not pooled:
            lines.extend(_weighted_lines(self))
        if not self.assessed:
            lines.append(message("evaluation.not_assessed", "无可计算的基数，不作等次判断",
                                 "nothing to rate against: no flag is judged"))
            return tuple(lines)
        limit = percent(c.excellent_min_satisfaction)
        if self.may_be_excellent:
            lines.append(message("evaluation.excellent_ok", "满意率{sat}不低于{limit}：可评定为优秀",
                                 "satisfaction {sat} is not below {limit}: may be rated excellent", limit=limit,
                                 **params))
        else:
            lines.append(message("evaluation.not_excellent", "满意率{sat}低于{limit}：一般不评定为优秀",
                                 "satisfaction {sat} is below {limit}: as a rule not rated excellent", limit=limit,
                                 **params))
        for flagged, code, zh_do, en_do, above in (
                (self.admonition, "admonition", "应进行诫勉谈话", "an admonition talk (诫勉谈话) is due",
                 c.admonition_above),
                (self.adjustment, "adjustment", "应坚决进行调整", "the post is to be adjusted", c.adjustment_above)):
            if flagged:
                lines.append(message(f"evaluation.{code}", "不满意率{dis}超过{limit}：" + zh_do,
                                     "dissatisfaction {dis} is above {limit}: " + en_do, limit=percent(above),
                                     **params))
        if not self.admonition:
            lines.append(message("evaluation.no_admonition", "不满意率{dis}未超过{limit}：无需诫勉谈话或调整",
                                 "dissatisfaction {dis} is not above {limit}: no admonition talk, no adjustment",
                                 limit=percent(c.admonition_above), **params))
        return tuple(lines)


def _weighted_lines(result: PersonResult) -> list[Message]:
    lines = []
    for i, part in enumerate(result.grades[0].parts):
        g = part.group
        if part.empty:
            lines.append(part.explain())
            continue
        zh = "，".join(f"{gf.grade.zh}{gf.parts[i].marks}" for gf in result.grades)
        en = ", ".join(f"{gf.grade.en} {gf.parts[i].marks}" for gf in result.grades)
        lines.append(message("evaluation.group", "{group}组（{base_zh}{base}，权重{weight}）：{grades}",
                             "{group_en} ({base} {base_en}, weight {weight}): {grades_en}", group=g.name,
                             group_en=g.en or g.name, base=part.base, base_zh=part.base_kind.zh,
                             base_en=part.base_kind.value, weight=number(part.weight), grades=zh, grades_en=en))
    return lines


@dataclass(frozen=True)
class EvaluationResult:
    config: EvaluationConfig
    meeting: MeetingValidity
    weighting: Weighting
    persons: tuple[PersonResult, ...]
    reasons: tuple[Message, ...]

    @property
    def valid(self) -> bool:
        return not self.reasons

    def explain(self) -> tuple[Message, ...]:
        lines: list[Message] = [*self.meeting.explain()]
        if self.config.pooling is Pooling.WEIGHTED or self.weighting.invalid is not None:
            lines.extend(self.weighting.notes)
        if not self.valid:
            lines.append(message("evaluation.invalid", "测评结果无效，不据此评定", "the evaluation is invalid"))
        for p in self.persons:
            lines.extend(p.explain())
        return tuple(lines)


def tally_evaluation(config: EvaluationConfig, persons: Sequence[Option], counts: Mapping[str, GroupCount],
                     turnout: Sequence[Turnout]) -> EvaluationResult:
    """Tally the counts of :func:`evaluation_sheet` ``(persons, config.offer_unknown)`` ballots.

    Raises :class:`~xuanren.rules.errors.RuleError` as
    :func:`~xuanren.rules.tally.weights.open_session` does.
    """
    sheet = evaluation_sheet(persons, config.offer_unknown)
    session = open_session(config.groups, config.empty_group, config.meeting, sheet, counts, turnout)
    results = tuple(_person(config, session, qi, p) for qi, p in enumerate(persons))
    return EvaluationResult(config, session.meeting, session.weighting, results, session.reasons)


def _person(config: EvaluationConfig, session: Session, qi: int, person: Option) -> PersonResult:
    counts = {g.code: session.counts[g.code].questions[qi] for g in config.groups}
    valid = {code: c.valid for code, c in counts.items()}
    bases = [base_of(config.rate_base, session.turnout[g.code], valid[g.code]) for g in config.groups]
    pooled_base = sum(bases)
    grades = []
    for gi, grade in enumerate(config.grades):
        parts = figures(session.weighting, session.turnout, config.rate_base,
                        {code: c.marks[gi] for code, c in counts.items()}, valid)
        if config.pooling is Pooling.POOLED:
            rate = Fraction(sum(p.marks for p in parts), pooled_base) if pooled_base else Fraction(0)
        else:
            rate = sum((p.points for p in parts), Fraction(0)) / FULL_MARKS
        grades.append(GradeFigure(grade, parts, rate))
    if config.pooling is Pooling.POOLED:
        assessed = pooled_base > 0
    else:
        assessed = any(b and session.weighting.effective[g.code] for g, b in zip(config.groups, bases, strict=True))
    return PersonResult(person, config, tuple(grades), pooled_base, sum(valid.values()),
                        sum(c.blank for c in counts.values()), sum(c.overvoted for c in counts.values()), assessed)
