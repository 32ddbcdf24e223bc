"""What the scoring modules share: their messages, exact input, and how figures are shown.

Every figure is exact (:class:`~fractions.Fraction`) and compared exactly; only what is shown is rounded,
half up, by :func:`display` (a fixed number of places, for tables) or by
:func:`~xuanren.rules.tally.explain.number` (trailing zeros dropped, for sentences).

>>> display(Fraction(263, 3), 2), display(Fraction(84), 2), display(Fraction(1, 8), 2), display(Fraction(5, 2), 0)
('87.67', '84.00', '0.13', '3')
>>> exact_text(Fraction(263, 3))
'263/3（约87.666667）'
>>> exact_text(Fraction(8489, 100))
'84.89'
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.tally.explain import exact, number, rounded

CN_COUNT = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def message(code: str, zh: str, en: str, /, **params: Any) -> Message:
    """A scoring message; ``code`` is prefixed with ``scoring.``."""
    return Message(f"scoring.{code}", zh, en, params)


def error(code: str, zh: str, en: str, /, **params: Any) -> RuleError:
    return RuleError(message(code, zh, en, **params))


def exact_input(value: object, what: str) -> Fraction:
    """:func:`~xuanren.rules.tally.explain.exact` with a ``scoring.`` code: floats and non-numbers refused."""
    if type(value) is Fraction:
        return value
    try:
        return exact(value, what)
    except RuleError as exc:
        m = exc.message
        raise RuleError(Message("scoring." + m.code.removeprefix("tally."), m.zh, m.en, m.params)) from None


def display(value: Fraction | int, decimals: int = 2) -> str:
    """``value`` rounded half up (away from zero) to exactly ``decimals`` places, for a results table.

    Display only: ranks and thresholds are decided on the exact value.
    """
    r = rounded(value, decimals)
    digits = f"{abs(r.numerator) * 10**decimals // r.denominator:d}".rjust(decimals + 1, "0")
    sign = "-" if r < 0 else ""
    if not decimals:
        return sign + digits
    return f"{sign}{digits[:-decimals]}.{digits[-decimals:]}"


def terminates(value: Fraction) -> bool:
    """Whether ``value`` has a finite decimal expansion (its denominator has no prime but 2 and 5)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def exact_text(value: Fraction) -> str:
    """The exact value in words a reader can check: a decimal when it ends, else the fraction and 6 places."""
    if terminates(value):
        return number(value, 24)
    return f"{value.numerator}/{value.denominator}（约{number(value, 6)}）"


def decimal_text(value: Fraction, places: int = 6) -> str:
    """A score as entered, quickly: exact when it has at most ``places`` decimals (2 places: ``'88.5'``), else
    rounded half up like :func:`~xuanren.rules.tally.explain.number`.

    >>> decimal_text(Fraction(177, 2)), decimal_text(Fraction(-1, 8)), decimal_text(Fraction(2, 3))
    ('88.5', '-0.125', '0.666667')
    """
    scale = 10**places
    if scale % value.denominator:
        return number(value, places)
    n = value.numerator * (scale // value.denominator)
    whole, rest = divmod(abs(n), scale)
    sign = "-" if n < 0 else ""
    fraction = f"{rest:0{places}d}".rstrip("0")
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch builds many objects that form no cycle.

    Composites and standings for 100,000 candidates leave some 600,000 new objects alive, and the
    collector's passes over the growing heap took a quarter to a half of the time of bench/composite.py
    (docs/performance.md). Nothing here makes a cycle, so nothing is left for the collector; reference
    counting frees what dies as usual. The collector is enabled again on the way out, whatever happens, unless
    it was disabled before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def count_zh(n: int) -> str:
    return CN_COUNT.get(n, str(n))


def json_number(value: Fraction) -> int | str:
    """A Fraction for JSON: an int when whole, else a decimal string when it ends, else ``"n/d"``."""
    if value.denominator == 1:
        return value.numerator
    return number(value, 24) if terminates(value) else f"{value.numerator}/{value.denominator}"


def percent_weight(weight: Fraction) -> str:
    """A weight out of 100 as a percentage: ``40`` → ``'40%'``, ``100/3`` → ``'33.3333%'``."""
    return number(weight, 4) + "%"
