from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.tally.explain import exact, number, number_beside, percent, rounded


@pytest.mark.parametrize(("value", "shown"), [
    (Fraction(12345, 1000), "12.35"),    # 12.345 rounds half up
    (Fraction(12344, 1000), "12.34"),
    (Fraction(-12345, 1000), "-12.35"),  # half away from zero
    (Fraction(1, 3), "0.33"),
    (Fraction(2, 3), "0.67"),
    (Fraction(1, 200), "0.01"),
    (Fraction(1, 201), "0"),
    (Fraction(100), "100"),
    (Fraction(245, 10), "24.5"),
    (0, "0"),
])
def test_display_rounds_half_up_to_two_places(value: Fraction, shown: str) -> None:
    assert number(value) == shown


def test_rounded_stays_exact() -> None:
    assert rounded(Fraction(2, 3)) == Fraction(67, 100)


def test_percent_of_a_ratio() -> None:
    assert percent(Fraction(23, 28)) == "82.14%"
    assert percent(Fraction(3, 4)) == "75%"


def test_a_score_just_below_a_threshold_never_looks_equal_to_it() -> None:
    assert number(Fraction(59996, 1000)) == "60"
    assert number_beside(Fraction(59996, 1000), 60) == "59.996"
    assert number_beside(Fraction(5999, 100), 60) == "59.99"
    tiny = 60 - Fraction(1, 10**15)
    assert number_beside(tiny, 60) == f"{tiny.numerator}/{tiny.denominator}"


@pytest.mark.parametrize(("value", "expected"), [
    (30, Fraction(30)), (Decimal("33.3"), Fraction(333, 10)), ("12.5", Fraction(25, 2)),
    (Fraction(100, 3), Fraction(100, 3)),
])
def test_exact_numbers_are_taken(value: object, expected: Fraction) -> None:
    assert exact(value, "权重") == expected


@pytest.mark.parametrize("value", [0.1, True, "abc", None])
def test_floats_and_non_numbers_are_refused(value: object) -> None:
    with pytest.raises(RuleError):
        exact(value, "权重")
