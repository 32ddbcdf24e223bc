"""The quantified inspection score (考察量化得分): the dimensions of an inspection, their weights, and the
weighted sum of the scores given per dimension — pure (no Django, no clock), exact, explained.

An inspection judges the candidate on five dimensions, 德、能、勤、绩、廉 (morals, ability, diligence,
results, integrity; a campaign may name others). The findings of each are written; a score of 0–100 per
dimension is optional. When the stage configures a weight for every dimension, the weights sum to 100 and
the inspection score is

    考察得分 = Σ 维度得分 × 权重 / 100

computed exactly (:class:`~fractions.Fraction`) and shown half-up to two decimals. Without weights the
inspection is qualitative and has no score.

>>> dims = read_dimensions({"dimensions": [{"key": "de", "label": "德", "weight": 30},
...                                        {"key": "neng", "label": "能", "weight": 70}]})
>>> result = inspection_score(dims, {"de": Fraction(90), "neng": Fraction(171, 2)})
>>> result.score, [str(m) for m in result.explain()]
(Fraction(1737, 20), ['考察得分 = 德×30% + 能×70%', '德：90分，×30% = 27分', '能：85.5分，×70% = 59.85分', \
'考察得分 = 27 + 59.85 = 86.85分'])
>>> inspection_score(read_dimensions({}), {"de": Fraction(90)}).score is None
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.tally.explain import number

# The five dimensions of an inspection, in order (the labels are the official words, always Chinese).
DEFAULT_DIMENSIONS: tuple[tuple[str, str], ...] = (("de", "德"), ("neng", "能"), ("qin", "勤"), ("ji", "绩"),
                                                    ("lian", "廉"))
FULL = Fraction(100)
MAX_KEY = 30
MAX_LABEL = 20


@dataclass(frozen=True)
class Dimension:
    """One dimension: ``key`` (stored with the findings), ``label`` (shown), ``weight`` out of 100 or None."""

    key: str
    label: str
    weight: Fraction | None = None


def _error(code: str, zh: str, en: str, /, **params: Any) -> RuleError:
    return RuleError(Message(f"inspection.{code}", zh, en, params))


def read_number(value: Any, what: str, *, places: int = 2, upper: Fraction = FULL) -> Fraction:
    """A number typed or stored (int, Decimal, Fraction or decimal text, full-width digits too) as an exact
    Fraction in 0…``upper`` with at most ``places`` decimals. Floats are refused: 0.1 is not one tenth."""
    if isinstance(value, bool | float):
        raise _error("number.inexact", "{what}须为数字（如 85 或 85.5）", "{what} must be a decimal number", what=what)
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, int):
        result = Fraction(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace("，", ".")
        try:
            dec = Decimal(text)
        except InvalidOperation:
            raise _error("number.invalid", "{what}“{value}”不是数字", "{what} '{value}' is not a number",
                         what=what, value=str(value)) from None
        if not dec.is_finite():
            raise _error("number.invalid", "{what}“{value}”不是数字", "{what} '{value}' is not a number",
                         what=what, value=str(value))
        result = Fraction(dec)
    if result < 0 or result > upper:
        raise _error("number.range", "{what}应在0至{upper}之间，现为{value}", "{what} must be between 0 and {upper}, "
                     "not {value}", what=what, upper=number(upper), value=number(result, 6))
    if (result * 10**places).denominator != 1:
        raise _error("number.places", "{what}最多保留{places}位小数，现为{value}", "{what} has more than {places} "
                     "decimals: {value}", what=what, places=places, value=number(result, 12))
    return result


def check_dimensions(dims: Sequence[Dimension]) -> tuple[Dimension, ...]:
    """The dimensions if they make sense: at least one, keys and labels unique and not empty, weights either
    all given (summing to exactly 100) or none. Raises :class:`RuleError` naming what is wrong."""
    if not dims:
        raise _error("dimensions.empty", "至少需要一个考察维度", "at least one dimension is needed")
    keys: set[str] = set()
    labels: set[str] = set()
    for d in dims:
        if not d.key or len(d.key) > MAX_KEY or not d.key.replace("_", "").isascii() or not d.key.replace(
                "_", "").isalnum():
            raise _error("dimensions.key", "考察维度代码“{key}”无效（应为字母、数字或下划线）",
                         "the dimension key '{key}' is invalid (letters, digits, underscores)", key=d.key)
        if not d.label.strip() or len(d.label) > MAX_LABEL:
            raise _error("dimensions.label", "考察维度“{key}”的名称不能为空，且不超过{n}个字",
                         "the dimension '{key}' needs a label of at most {n} characters", key=d.key, n=MAX_LABEL)
        if d.key in keys or d.label in labels:
            raise _error("dimensions.duplicate", "考察维度“{label}”重复", "the dimension '{label}' is listed twice",
                         label=d.label)
        keys.add(d.key)
        labels.add(d.label)
    weighted = [d for d in dims if d.weight is not None]
    if weighted and len(weighted) != len(dims):
        missing = "、".join(d.label for d in dims if d.weight is None)
        raise _error("dimensions.partial_weights", "设置权重时每个考察维度都须有权重，尚缺：{missing}",
                     "with weights, every dimension needs one; missing: {missing}", missing=missing)
    if weighted:
        total = sum((d.weight for d in weighted if d.weight is not None), Fraction(0))
        if total != FULL:
            parts = "、".join(f"{d.label}{number(d.weight)}" for d in weighted if d.weight is not None)
            raise _error("dimensions.weights_sum", "各考察维度权重合计应为100，现为{total}（{parts}）",
                         "the dimension weights must sum to 100, not {total} ({parts})", total=number(total, 6),
                         parts=parts)
    return tuple(dims)


def read_dimensions(settings: Mapping[str, Any] | None) -> tuple[Dimension, ...]:
    """The dimensions a stage's settings configure (``{"dimensions": [{"key", "label", "weight"}]}``), or the
    five default ones without weights. Raises :class:`RuleError` for settings that do not make sense."""
    raw = (settings or {}).get("dimensions")
    if raw in (None, []):
        return tuple(Dimension(k, label) for k, label in DEFAULT_DIMENSIONS)
    if not isinstance(raw, list):
        raise _error("dimensions.format", "考察维度设置应为列表", "the dimensions must be a list")
    defaults = dict(DEFAULT_DIMENSIONS)
    dims: list[Dimension] = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            raise _error("dimensions.format", "第{i}个考察维度的设置无效", "dimension {i} is not an object", i=i)
        key = str(item.get("key") or "").strip()
        label = str(item.get("label") or defaults.get(key, "")).strip()
        weight = item.get("weight")
        w = None if weight in (None, "") else read_number(weight, f"考察维度“{label or key}”的权重")
        dims.append(Dimension(key, label, w))
    return check_dimensions(dims)


def weighted(dims: Sequence[Dimension]) -> bool:
    """Whether the dimensions carry weights (and so the inspection has a score)."""
    return bool(dims) and all(d.weight is not None for d in dims)


@dataclass(frozen=True)
class InspectionScore:
    """The score of one inspection from its dimensions' scores; ``score`` is None when the dimensions carry
    no weights or a dimension has no score (``missing`` names them)."""

    dimensions: tuple[Dimension, ...]
    scores: tuple[Fraction | None, ...]
    score: Fraction | None
    missing: tuple[str, ...]

    @property
    def quantified(self) -> bool:
        return weighted(self.dimensions)

    def display(self) -> str:
        return number(self.score) if self.score is not None else ""

    def formula(self) -> Message:
        parts = " + ".join(f"{d.label}×{number(d.weight or 0)}%" for d in self.dimensions)
        return Message("inspection.score.formula", "考察得分 = {parts}", "inspection score = {parts}", {"parts": parts})

    def explain(self) -> tuple[Message, ...]:
        if not self.quantified:
            return (Message("inspection.score.qualitative", "未设置考察维度权重，考察不量化计分",
                            "no dimension weights: the inspection is qualitative, without a score"),)
        lines = [self.formula()]
        if self.missing:
            missing = "、".join(self.missing)
            return (*lines, Message("inspection.score.missing", "尚缺{missing}的评分，不能计算考察得分",
                                    "no score yet for {missing}: the inspection score cannot be computed",
                                    {"missing": missing}))
        terms: list[str] = []
        for d, s in zip(self.dimensions, self.scores, strict=True):
            assert s is not None and d.weight is not None
            term = s * d.weight / FULL
            terms.append(number(term, 6))
            lines.append(Message("inspection.score.term", "{label}：{score}分，×{weight}% = {term}分",
                                 "{label}: {score} × {weight}% = {term}",
                                 {"label": d.label, "score": number(s), "weight": number(d.weight),
                                  "term": number(term, 6)}))
        assert self.score is not None
        lines.append(Message("inspection.score.total", "考察得分 = {terms} = {score}分", "inspection score = {terms} = "
                             "{score}", {"terms": " + ".join(terms), "score": number(self.score)}))
        return tuple(lines)


def inspection_score(dims: Sequence[Dimension], scores: Mapping[str, Fraction | None]) -> InspectionScore:
    """The weighted score of ``scores`` (``{dimension key: score or None}``) under ``dims``."""
    values = tuple(scores.get(d.key) for d in dims)
    missing = tuple(d.label for d, s in zip(dims, values, strict=True) if s is None)
    total: Fraction | None = None
    if weighted(dims) and not missing:
        total = sum((s * (d.weight or 0) / FULL for d, s in zip(dims, values, strict=True) if s is not None),
                    Fraction(0))
    return InspectionScore(tuple(dims), values, total, missing)


def exact_text(value: Fraction) -> str:
    """``Fraction(171, 2)`` → ``'171/2'``; an integer as itself (what the record and the API keep)."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
