"""The composite score (综合成绩): a weighted sum of the stages' scores, each scaled to 100.

A campaign's formula is a list of :class:`Component` (the exam, the interview, the recommendation…),
each with its weight out of 100 (the weights sum to 100), what its raw score is out of (``full_marks``),
and optionally a minimum raw score (``min_score``: "笔试成绩低于60分的，不得确定为考察对象"). A
candidate's composite is

    Σ weight × (raw ÷ full_marks × 100) ÷ 100

with a missing score (缺考, absent, not heard) counting 0. Everything is exact; rounding is for display
only, and ranks are decided on the exact values (:mod:`.ranking`). A candidate absent from a weighted
stage, or below a minimum score, keeps a composite (it is shown) but cannot be shortlisted:
:attr:`Composite.failures` says why.

>>> components = [Component("exam", "笔试", Fraction(40), Fraction(150), min_score=Fraction(90)),
...               Component("interview", "面试", Fraction(60))]
>>> print(formula(components))
综合成绩 = 笔试成绩×40% + 面试成绩×60%（笔试满分150分，折算为百分制：笔试成绩÷150×100）
>>> c = composite(CandidateScores("a1", "p1", {"exam": Fraction(120), "interview": Fraction(8467, 100)}), components)
>>> c.value, display(c.value, 2), c.eligible
(Fraction(41401, 500), '82.80', True)
>>> for line in c.explain():
...     print(line)
综合成绩 = 笔试成绩×40% + 面试成绩×60%（笔试满分150分，折算为百分制：笔试成绩÷150×100）
笔试：120分（满分150分），折算为百分制80分，×40% = 32分
面试：84.67分，×60% = 50.802分
综合成绩 = 32 + 50.802 = 82.802分，显示为82.80分（四舍五入保留2位小数；排名按精确值比较）
>>> late = composite(CandidateScores("a2", "p1", {"exam": Fraction(87), "interview": None}), components)
>>> [str(m) for m in late.failures]
['笔试成绩87分，低于最低分数线90分', '面试缺考']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from xuanren.rules.messages import Message
from xuanren.rules.scoring.common import (
    collector_paused,
    decimal_text,
    display,
    error,
    exact_input,
    exact_text,
    message,
    percent_weight,
)
from xuanren.rules.tally.explain import number, number_beside

HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class Component:
    """One stage in the composite: ``kind`` (as the stage's kind), the label shown, the weight out of 100,
    what its raw score is out of, and the minimum raw score to be shortlisted (``None``: no minimum)."""

    kind: str
    label: str
    weight: Fraction
    full_marks: Fraction = HUNDRED
    min_score: Fraction | None = None

    @property
    def score_name(self) -> str:
        """``笔试`` → ``笔试成绩``; a label already ending in 成绩 or 分 is kept."""
        return self.label if self.label.endswith(("成绩", "分", "得分")) else self.label + "成绩"


def validate_components(components: Sequence[Component]) -> None:
    """Raise :class:`~xuanren.rules.errors.RuleError` unless the formula can be applied.

    Refused: no component, a kind twice, a negative weight, weights not summing to 100 (the message gives
    the sum), full marks of 0 or less, a minimum score below 0 or above the full marks, inexact numbers.
    """
    if not components:
        raise error("composite.none", "综合成绩没有任何组成部分", "the composite score has no component")
    kinds: set[str] = set()
    for c in components:
        if c.kind in kinds:
            raise error("composite.duplicate", "综合成绩中“{label}”重复", "'{label}' is in the composite twice",
                        label=c.label)
        kinds.add(c.kind)
        weight = exact_input(c.weight, f"{c.label}的权重")
        if weight < 0:
            raise error("composite.weight_negative", "{label}的权重不能为负数（{weight}）",
                        "the weight of {label} cannot be negative ({weight})", label=c.label,
                        weight=number(weight, 6))
        full = exact_input(c.full_marks, f"{c.label}的满分")
        if full <= 0:
            raise error("composite.full_marks", "{label}的满分应大于0，实为{full}",
                        "the full marks of {label} must be above 0, not {full}", label=c.label, full=number(full, 6))
        if c.min_score is not None:
            least = exact_input(c.min_score, f"{c.label}的最低分数线")
            if not 0 <= least <= full:
                raise error("composite.min_score", "{label}的最低分数线{min}应在0至满分{full}之间",
                            "the minimum score of {label}, {min}, must be between 0 and the full marks {full}",
                            label=c.label, min=number(least, 6), full=number(full, 6))
    total = sum((Fraction(c.weight) for c in components), Fraction(0))
    if total != HUNDRED:
        raise error("composite.weights", "各项权重之和应为100%，实为{total}%",
                    "the weights must sum to 100%, not {total}%", total=number(total, 6))


def formula(components: Sequence[Component]) -> Message:
    """The formula as shown on every result page: "综合成绩 = 笔试成绩×40% + 面试成绩×60%"."""
    terms = " + ".join(f"{c.score_name}×{percent_weight(Fraction(c.weight))}" for c in components)
    terms_en = " + ".join(f"{c.kind} × {percent_weight(Fraction(c.weight))}" for c in components)
    scaled = [c for c in components if c.full_marks != HUNDRED]
    note = note_en = ""
    if scaled:
        note = "（" + "；".join(f"{c.label}满分{number(c.full_marks, 6)}分，折算为百分制：{c.score_name}÷"
                               f"{number(c.full_marks, 6)}×100" for c in scaled) + "）"
        note_en = " (" + "; ".join(f"{c.kind} is out of {number(c.full_marks, 6)}, scaled to 100" for c in scaled) + ")"
    return message("composite.formula", "综合成绩 = {terms}{note}", "composite = {terms_en}{note_en}", terms=terms,
                   terms_en=terms_en, note=note, note_en=note_en)


@dataclass(frozen=True, slots=True)
class CandidateScores:
    """One candidate's raw scores by component kind; ``None`` (or no entry) means absent or no score."""

    candidate: str
    post: str
    scores: Mapping[str, Fraction | None]


@dataclass(frozen=True, slots=True)
class Part:
    """One component of a composite: the raw score, scaled to 100, and its contribution (weight × scaled / 100)."""

    kind: str
    label: str
    raw: Fraction | None
    scaled: Fraction | None
    weight: Fraction
    contribution: Fraction
    full_marks: Fraction = HUNDRED
    min_score: Fraction | None = None

    def explain(self, decimals: int = 2) -> Message:
        w = percent_weight(self.weight)
        if self.raw is None or self.scaled is None:
            return message("composite.part_absent", "{label}：缺考（无成绩），按0分计，×{weight} = 0分",
                           "{kind}: absent (no score), counted as 0, × {weight} = 0", label=self.label,
                           kind=self.kind, weight=w)
        params = {"label": self.label, "kind": self.kind, "raw": number(self.raw, 6),
                  "full": number(self.full_marks, 6), "scaled": number(self.scaled, 6), "weight": w,
                  "points": number(self.contribution, 6)}
        if self.full_marks == HUNDRED:
            return message("composite.part", "{label}：{raw}分，×{weight} = {points}分",
                           "{kind}: {raw}, × {weight} = {points}", **params)
        return message("composite.part_scaled", "{label}：{raw}分（满分{full}分），折算为百分制{scaled}分，×{weight} = "
                       "{points}分", "{kind}: {raw} out of {full}, scaled to {scaled}, × {weight} = {points}",
                       **params)


@dataclass(frozen=True, slots=True)
class Composite:
    """A candidate's composite score, its parts, and why they cannot be shortlisted (``failures``)."""

    candidate: str
    post: str
    value: Fraction
    parts: tuple[Part, ...]
    failures: tuple[Message, ...]

    @property
    def eligible(self) -> bool:
        """Whether the candidate may be shortlisted: present in every weighted stage and above every minimum."""
        return not self.failures

    def part(self, kind: str) -> Part | None:
        for p in self.parts:
            if p.kind == kind:
                return p
        return None

    def explain(self, decimals: int = 2) -> list[Message]:
        """The formula with its weights, each part's raw → scaled → contribution, the sum, and the rounding."""
        components = [Component(p.kind, p.label, p.weight, p.full_marks, p.min_score) for p in self.parts]
        lines = [formula(components), *(p.explain(decimals) for p in self.parts)]
        terms = " + ".join(number(p.contribution, 6) for p in self.parts)
        shown = display(self.value, decimals)
        exact = exact_text(self.value)
        if rounded_equal(self.value, decimals):
            lines.append(message("composite.sum", "综合成绩 = {terms} = {value}分",
                                 "composite = {terms} = {value}", terms=terms, value=shown))
        else:
            lines.append(message("composite.sum_rounded", "综合成绩 = {terms} = {exact}分，显示为{value}分"
                                 "（四舍五入保留{decimals}位小数；排名按精确值比较）",
                                 "composite = {terms} = {exact}, shown as {value} (rounded half up to {decimals} "
                                 "places; ranks compare the exact values)",
                                 terms=terms, exact=exact, value=shown, decimals=decimals))
        lines += self.failures
        return lines


def rounded_equal(value: Fraction, decimals: int) -> bool:
    """Whether ``value`` is shown exactly with ``decimals`` places."""
    return bool((value * 10**decimals).denominator == 1)


class Plan:
    """The checked formula, ready to be applied to many candidates (:func:`composites`).

    Exact arithmetic on :class:`~fractions.Fraction` is the slow part of a composite, and applied to
    100,000 candidates the same few thousand raw scores recur; so the plan builds the :class:`Part` of each
    distinct (component, raw score) once — the scaled score, the contribution, and the failure message when
    the raw score is below the minimum — and shares it (parts and messages are immutable). The sum is taken
    in integers over the common denominator of the contributions and made a Fraction once per candidate.
    """

    MEMO_LIMIT = 100_000

    def __init__(self, components: Sequence[Component]) -> None:
        validate_components(components)
        self.components = tuple(Component(c.kind, c.label, Fraction(c.weight), Fraction(c.full_marks),
                                          None if c.min_score is None else Fraction(c.min_score))
                                for c in components)
        self.kinds = frozenset(c.kind for c in self.components)
        self._factors = tuple((c.weight / c.full_marks, HUNDRED / c.full_marks) for c in self.components)
        # Contributions of raw scores with 2 places are multiples of 1/base.
        self.base = lcm(*((c.weight / c.full_marks).denominator * 100 for c in self.components))
        self._absent = tuple(
            (Part(c.kind, c.label, None, None, c.weight, Fraction(0), c.full_marks, c.min_score),
             message("composite.absent", "{label}缺考", "absent from {kind}", label=c.label, kind=c.kind)
             if c.weight or c.min_score is not None else None)
            for c in self.components)
        self._memo: list[dict[tuple[int, int], tuple[Part, int | None, Message | None]]] = [
            {} for _ in self.components]
        self._steps = tuple(zip(range(len(self.components)), (c.kind for c in self.components), self._memo,
                                self._absent, strict=True))

    def _part(self, i: int, raw: Fraction, candidate: str) -> tuple[Part, int | None, Message | None]:
        """The part of a raw score of component ``i``, its contribution × base (when a whole number), and the
        failure message when the raw score is below the minimum."""
        c = self.components[i]
        if raw < 0 or raw > c.full_marks:
            what = "低于0分" if raw < 0 else f"超过满分{number(c.full_marks, 6)}分"
            raise error("composite.out_of_range", "人选{candidate}的{label}成绩{raw}分{what}",
                        "candidate {candidate}: the {kind} score {raw} is outside 0 to {full}",
                        candidate=candidate, label=c.label, kind=c.kind, raw=number(raw, 6), what=what,
                        full=number(c.full_marks, 6))
        n, d = raw.numerator, raw.denominator
        factor, scale = self._factors[i]
        contribution = Fraction(n * factor.numerator, d * factor.denominator)
        part = Part(c.kind, c.label, raw, Fraction(n * scale.numerator, d * scale.denominator), c.weight,
                    contribution, c.full_marks, c.min_score)
        scaled = (contribution.numerator * (self.base // contribution.denominator)
                  if self.base % contribution.denominator == 0 else None)
        failure = None
        if c.min_score is not None and raw < c.min_score:
            shown = decimal_text(raw)
            if shown == decimal_text(c.min_score):
                shown = number_beside(raw, c.min_score, 2)
            failure = message("composite.below_min", "{score_name}{raw}分，低于最低分数线{min}分",
                              "{kind}: {raw}, below the minimum {min}", score_name=c.score_name, kind=c.kind,
                              raw=shown, min=decimal_text(c.min_score))
        found = (part, scaled, failure)
        memo = self._memo[i]
        if len(memo) < self.MEMO_LIMIT:
            memo[(raw.numerator, raw.denominator)] = found
        return found

    def apply(self, candidate: CandidateScores) -> Composite:
        scores = candidate.scores
        if not scores.keys() <= self.kinds:
            kind = min(k for k in scores if k not in self.kinds)
            raise error("composite.unknown_kind", "人选{candidate}的成绩中有未计入综合成绩的项目“{kind}”",
                        "candidate {candidate} has a score for '{kind}', which is not in the composite",
                        candidate=candidate.candidate, kind=kind)
        parts: list[Part] = []
        failures: list[Message] = []
        total = 0
        rest: Fraction | None = None
        for i, kind, memo, (absent_part, absent) in self._steps:
            raw = scores.get(kind)
            if raw is None:
                parts.append(absent_part)
                if absent is not None:
                    failures.append(absent)
                continue
            if type(raw) is not Fraction:
                raw = exact_input(raw, f"人选{candidate.candidate}的{self.components[i].label}成绩")
            part, scaled, failure = (memo.get((raw.numerator, raw.denominator))
                                     or self._part(i, raw, candidate.candidate))
            parts.append(part)
            if scaled is None:
                rest = part.contribution if rest is None else rest + part.contribution
            else:
                total += scaled
            if failure is not None:
                failures.append(failure)
        value = Fraction(total, self.base)
        if rest is not None:
            value += rest
        return Composite(candidate.candidate, candidate.post, value, tuple(parts), tuple(failures))


def composite(candidate: CandidateScores, components: Sequence[Component]) -> Composite:
    """The composite score of one candidate under the formula ``components``.

    Raises :class:`~xuanren.rules.errors.RuleError` for a formula that cannot be applied
    (:func:`validate_components`), a score for a kind not in the formula, a score below 0 or above its full
    marks, or an inexact score (a float).
    """
    return Plan(components).apply(candidate)


def composites(candidates: Iterable[CandidateScores], components: Sequence[Component]) -> list[Composite]:
    """:func:`composite` of many candidates, the formula checked once (the fast way for a whole campaign)."""
    plan = Plan(components)
    with collector_paused():
        return [plan.apply(c) for c in candidates]
