from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuanren.rules import idnumber
from xuanren.rules.errors import InvalidIdNumber


def make(region: str, born: dt.date, serial: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{serial:03d}"
    return first17 + idnumber.check_character(first17)


def test_known_valid_number_with_x() -> None:
    assert idnumber.validate("11010519491231002x") == "11010519491231002X"


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(InvalidIdNumber) as exc:
        idnumber.validate("110105194912310021")
    assert exc.value.message.code == "id_number.checksum"
    assert "应为X" in str(exc.value)


@pytest.mark.parametrize(("number", "code"), [
    ("11010519491231002", "id_number.length"),
    ("1101051949123100A2", "id_number.characters"),
    ("010105194912310021", "id_number.region"),
    ("110105194902300021", "id_number.birth_date"),
])
def test_malformed_numbers_say_what_is_wrong(number: str, code: str) -> None:
    with pytest.raises(InvalidIdNumber) as exc:
        idnumber.validate(number)
    assert exc.value.message.code == code


def test_birth_after_today_is_refused() -> None:
    n = make("110105", dt.date(2030, 1, 1), 1)
    assert idnumber.is_valid(n)
    with pytest.raises(InvalidIdNumber):
        idnumber.validate(n, today=dt.date(2026, 11, 23))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(0, 999))
def test_every_generated_number_is_valid_and_one_digit_change_is_caught(born: dt.date, serial: int) -> None:
    n = make("320102", born, serial)
    assert idnumber.validate(n) == n
    assert idnumber.birth_date(n) == born
    assert idnumber.gender(n) == ("M" if serial % 2 else "F")
    # Changing any one of the 17 digits changes the check character (MOD 11-2 catches single errors).
    for i in range(17):
        d = str((int(n[i]) + 1) % 10)
        altered = n[:i] + d + n[i + 1:]
        assert idnumber.check_character(altered[:17]) != n[17]


def test_mask_shows_only_ends() -> None:
    assert idnumber.mask("11010519491231002X") == "110***********002X"
