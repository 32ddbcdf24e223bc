"""What the scoring actions share: a stage of the right kind and state, exact scores, settings read safely.

Scores travel as :class:`~fractions.Fraction` (exact) and are stored as two-decimal
:class:`~decimal.Decimal`; :func:`read_score` turns what a person typed or a workbook held into a
Fraction, refusing anything that is not a number, is negative, above full marks or has more than two
decimals — every refusal a :class:`~xuanren.campaigns.errors.CampaignError` naming the field.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from xuanren.campaigns.actions._common import _state, lock_campaign, now_or, require
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import Stage, StageKind
from xuanren.rules.errors import RuleError
from xuanren.rules.scoring import check_score

__all__ = ["ScoreSettings", "exact", "is_absent_word", "lock_campaign", "locked_stage", "now_or", "plain",
           "read_score", "require", "require_kind", "require_not_sealed", "require_open", "score_settings", "state",
           "to_decimal", "to_fraction"]

DEFAULT_FULL_MARKS = Fraction(100)
ABSENT_WORDS = frozenset({"缺考", "缺席", "缺", "absent"})


# --- stages ----------------------------------------------------------------------------------------

def stage_label(stage: Stage) -> str:
    return str(stage.get_kind_display())


def require_kind(stage: Stage, kind: str) -> None:
    if stage.kind != kind:
        raise refuse("scoring.wrong_stage", "“{label}”环节不是{wanted}环节", "the stage '{kind}' is not a {wanted_en} "
                     "stage", label=stage_label(stage), kind=stage.kind,
                     wanted=str(StageKind(kind).label), wanted_en=kind)


def require_open(stage: Stage, *, what: str = "录入成绩", what_en: str = "scores be entered") -> None:
    """The stage is open: before it opens nothing is entered, after sealing only a correction changes it."""
    if stage.status == Stage.Status.SEALED:
        raise refuse("scoring.sealed", "“{label}”环节已封存，不能再直接{what}；如需改动，请走更正程序（写明理由）",
                     "the stage '{kind}' is sealed: {what_en} no more; use a correction (with a reason)",
                     label=stage_label(stage), kind=stage.kind, what=what, what_en=f"can {what_en}")
    if stage.status != Stage.Status.OPEN:
        raise refuse("scoring.not_open", "“{label}”环节尚未开始，不能{what}", "the stage '{kind}' has not opened",
                     label=stage_label(stage), kind=stage.kind, what=what)


def require_not_sealed(stage: Stage) -> None:
    if stage.status == Stage.Status.SEALED:
        raise refuse("scoring.settings_sealed", "“{label}”环节已封存，规则不能再修改",
                     "the stage '{kind}' is sealed: its rules can no longer change", label=stage_label(stage),
                     kind=stage.kind)


def state(obj: Any) -> dict[str, Any]:
    """A row's fields as JSON for the record's before/after."""
    return _state(obj)


def locked_stage(stage: Stage) -> Stage:
    """The stage's row afresh, locked until commit (the campaign is locked first by the caller)."""
    return Stage.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=stage.pk)


# --- settings --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreSettings:
    """A scored stage's full marks and pass line (``min_score``: below it a candidate cannot be shortlisted)."""

    full_marks: Fraction = DEFAULT_FULL_MARKS
    min_score: Fraction | None = None

    def as_json(self) -> dict[str, Any]:
        return {"full_marks": plain(self.full_marks),
                "min_score": plain(self.min_score) if self.min_score is not None else None}


def score_settings(stage: Stage) -> ScoreSettings:
    """``stage.settings``' full marks (default 100) and min score; unreadable values fall back to the default
    (the settings action refuses them, so only hand-edited data could hold one)."""
    raw = stage.settings if isinstance(stage.settings, dict) else {}
    full = _fraction_or_none(raw.get("full_marks"))
    least = _fraction_or_none(raw.get("min_score"))
    full = full if full is not None and full > 0 else DEFAULT_FULL_MARKS
    return ScoreSettings(full, least if least is not None and 0 <= least <= full else None)


def _fraction_or_none(value: Any) -> Fraction | None:
    try:
        return to_fraction(value)
    except (CampaignError, TypeError):
        return None


# --- numbers ---------------------------------------------------------------------------------------

def to_fraction(value: Any) -> Fraction | None:
    """A number as an exact fraction; ``None`` for an empty value. Floats (from workbooks) are read by their
    shortest decimal spelling (85.1 is 851/10, not the binary value). Raises :class:`CampaignError`."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_a_number(value)
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _not_a_number(value)
        return Fraction(Decimal(repr(value)))
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _not_a_number(value) from None
    if not number.is_finite():
        raise _not_a_number(value)
    return Fraction(number)


def _not_a_number(value: Any) -> CampaignError:
    return refuse("scoring.not_a_number", "成绩“{value}”不是数字", "the score '{value}' is not a number",
                  value=str(value))


def is_absent_word(value: Any) -> bool:
    return isinstance(value, str) and unicodedata.normalize("NFKC", value).strip().lower() in ABSENT_WORDS


def read_score(value: Any, full_marks: Fraction, *, what: str = "笔试") -> Fraction:
    """``value`` as a score out of ``full_marks``: a number from 0 to full marks with at most two decimals.
    ``what`` names the stage in the refusal ("笔试得分101超过满分100")."""
    number = to_fraction(value)
    if number is None:
        raise refuse("scoring.score_missing", "{what}成绩为空", "the {what} score is empty", what=what)
    try:
        checked = check_score(number, full_marks, what)
    except RuleError as exc:
        raise CampaignError(exc.message) from None
    if (checked * 100).denominator != 1:
        raise refuse("scoring.too_many_decimals", "{what}得分{value}最多保留两位小数",
                     "the {what} score {value} has more than two decimals", what=what, value=plain(checked))
    return checked


def to_decimal(value: Fraction) -> Decimal:
    """A two-decimal fraction as the Decimal stored (exact)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def plain(value: Fraction | Decimal | None) -> str:
    """A terminating number without trailing zeros: 85, 85.5, 72.25; a repeating one as "1234/15"."""
    if value is None:
        return ""
    f = Fraction(value)
    if f.denominator == 1:
        return str(f.numerator)
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return f"{f.numerator}/{f.denominator}"
    text = format(Decimal(f.numerator) / Decimal(f.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact(value: Fraction | None) -> str | None:
    """The exact value as the API and the standings keep it: "1234/15", "85"."""
    if value is None:
        return None
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
