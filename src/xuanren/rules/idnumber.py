"""Resident ID numbers (居民身份证号码, GB 11643-1999): 18 characters, the last a check character.

Same face as python-stdnum: :func:`compact`, :func:`validate`, :func:`is_valid`, :func:`mask`.

>>> validate("11010519491231002X")
'11010519491231002X'
>>> is_valid("110105194912310021")
False
>>> mask("11010519491231002X")
'110***********002X'
>>> birth_date("11010519491231002X")
datetime.date(1949, 12, 31)
>>> gender("11010519491231002X")
'F'
"""

from __future__ import annotations

import datetime as dt

from xuanren.rules.errors import InvalidIdNumber
from xuanren.rules.messages import Message

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def compact(number: str) -> str:
    """Strip spaces and hyphens, upper-case the trailing x."""
    return "".join(number.split()).replace("-", "").upper()


def check_character(first17: str) -> str:
    """The check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def _fail(code: str, zh: str, en: str, **params: object) -> InvalidIdNumber:
    return InvalidIdNumber(Message(f"id_number.{code}", zh, en, params))


def validate(number: str, *, today: dt.date | None = None) -> str:
    """Return the compact number, or raise :class:`InvalidIdNumber` saying what is wrong.

    ``today``, when given, also refuses a date of birth after it.
    """
    n = compact(number)
    if len(n) != 18:
        raise _fail("length", "身份证号码应为18位，实为{length}位", "an ID number has 18 characters, not {length}",
                    length=len(n))
    if not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        raise _fail("characters", "身份证号码前17位应为数字，末位为数字或X", "the first 17 characters must be "
                    "digits and the last a digit or X")
    if n[0] == "0":
        raise _fail("region", "身份证号码的地址码无效", "the region code is not valid")
    try:
        born = dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise _fail("birth_date", "身份证号码中的出生日期{digits}无效", "the date of birth {digits} is not a date",
                    digits=n[6:14]) from None
    if born.year < 1900 or (today is not None and born > today):
        raise _fail("birth_date", "身份证号码中的出生日期{digits}无效", "the date of birth {digits} is not a date",
                    digits=n[6:14])
    expected = check_character(n[:17])
    if n[17] != expected:
        raise _fail("checksum", "身份证号码校验位应为{expected}，实为{actual}",
                    "the check character should be {expected}, not {actual}", expected=expected, actual=n[17])
    return n


def is_valid(number: str) -> bool:
    try:
        validate(number)
    except InvalidIdNumber:
        return False
    return True


def birth_date(number: str) -> dt.date:
    n = validate(number)
    return dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))


def gender(number: str) -> str:
    """``'M'`` or ``'F'``, from the parity of the 17th digit."""
    return "M" if int(validate(number)[16]) % 2 else "F"


def mask(number: str) -> str:
    """Hide all but the first 3 and last 4 characters, for readers who may not see the number."""
    n = compact(number)
    if len(n) <= 7:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]
