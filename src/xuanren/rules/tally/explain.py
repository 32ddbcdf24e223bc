"""How the tally shows its exact figures: half-up rounding for display, and the messages it builds.

Every figure is kept exact (:class:`~fractions.Fraction`); only what is shown is rounded, half up
(away from zero) to two decimal places, with trailing zeros dropped. Thresholds are always compared on
the exact value, so a score shown as 60 may still fall short of 60: :func:`number_beside` then shows as
many places as it takes to see the difference.

>>> number(Fraction(2300, 28) * Fraction(30, 100))
'24.64'
>>> number(Fraction(1, 8)), number(Fraction(-1, 8)), number(30), number(Fraction(245, 10))
('0.13', '-0.13', '30', '24.5')
>>> percent(Fraction(23, 28))
'82.14%'
>>> number_beside(Fraction(599999, 10000), Fraction(60))
'59.9999'
>>> number_beside(Fraction(60), Fraction(60))
'60'
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message

Exact = Fraction | int

MAX_PLACES = 12


def rounded(value: Exact, places: int = 2) -> Fraction:
    """``value`` rounded half away from zero to ``places`` decimal places, still exact."""
    scale = 10**places
    scaled = Fraction(value) * scale
    magnitude = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Fraction(magnitude if scaled >= 0 else -magnitude, scale)


def number(value: Exact, places: int = 2) -> str:
    """``value`` for display: half-up to ``places`` decimals, trailing zeros dropped."""
    r = rounded(value, places)
    text = f"{abs(r.numerator) * 10**places // r.denominator:d}"
    text = text.rjust(places + 1, "0")
    whole, fraction = text[: len(text) - places], text[len(text) - places:].rstrip("0")
    sign = "-" if r < 0 else ""
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def percent(ratio: Exact, places: int = 2) -> str:
    """A ratio (0…1) as a percentage: ``Fraction(23, 28)`` → ``'82.14%'``."""
    return number(Fraction(ratio) * 100, places) + "%"


def number_beside(value: Exact, bound: Exact, places: int = 2) -> str:
    """``value`` shown so that it does not look equal to ``bound`` when it is not.

    A score of 59.996 next to a threshold of 60 is shown as ``59.996``, not ``60``; past
    :data:`MAX_PLACES` places the exact fraction is shown.
    """
    value, bound = Fraction(value), Fraction(bound)
    shown = number(value, places)
    while value != bound and shown == number(bound, places) and places < MAX_PLACES:
        places += 1
        shown = number(value, places)
    if value != bound and shown == number(bound, places):
        return f"{value.numerator}/{value.denominator}"
    return shown


def exact(value: object, what: str) -> Fraction:
    """A configured number as a Fraction: int, Fraction, Decimal or a decimal string; floats refused.

    Floats are refused because 0.1 is not one tenth in binary, and the tally promises exact figures.
    """
    if isinstance(value, bool | float):
        raise RuleError(Message("tally.inexact", "{what}须为整数、分数或十进制数，不接受浮点数{value!r}",
                                "{what} must be an integer, a fraction or a decimal, not the float {value!r}",
                                {"what": what, "value": value}))
    if isinstance(value, Fraction | int | Decimal):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except ValueError:
            pass
    raise RuleError(Message("tally.not_a_number", "{what}“{value}”不是数", "{what} '{value}' is not a number",
                            {"what": what, "value": value}))


def message(code: str, zh: str, en: str, /, **params: Any) -> Message:
    """A tally message; ``code`` is prefixed with ``tally.``."""
    return Message(f"tally.{code}", zh, en, params)


def error(code: str, zh: str, en: str, /, **params: Any) -> RuleError:
    return RuleError(message(code, zh, en, **params))


def names(mapping: Mapping[str, str], codes: tuple[str, ...], sep: str = "、") -> str:
    return sep.join(mapping.get(c, c) for c in codes)
