"""One-time voting codes, receipt codes, and the keyed digests that are all the database keeps of them.

A voting code (投票码) is 10 characters of Crockford base32 — 50 random bits from :mod:`secrets` —
printed as ``XXXXX-XXXXX``. Guessing one of a thousand codes of a meeting takes 2⁵⁰ / 1000 ≈ 10¹² tries
on average, and failed tries are rate-limited (:mod:`xuanren.voting.throttle`). Typed input is
normalised before anything else: case, hyphens and spaces do not matter, and the letters Crockford
leaves out are read as the digits they look like (O → 0, I and L → 1; U is not a code character).

The database keeps only :func:`digest` of a code: HMAC-SHA256 under a key derived from
``settings.SECRET_KEY``, so a copy of the database alone can neither show a code nor test guesses
offline. The code itself exists only on the printed slip (and, once, in the response that printed it).

A receipt code (回执码) is 12 characters (60 bits) printed as ``XXXX-XXXX-XXXX``; it is stored and
published as shown, beside the ballot it belongs to, so that the voter can find it after the close.

>>> normalise(" abcde-fghjk ")
'ABCDEFGHJK'
>>> normalise("0O1IL-abcde")
'00111ABCDE'
>>> normalise("ABCDE-FGHJ") is None  # one character short
True
>>> display("ABCDEFGHJK")
'ABCDE-FGHJK'
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from django.conf import settings

#: Crockford's base32 alphabet: digits and letters without I, L, O, U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Characters of a voting code, and the bits of entropy they carry (5 per character).
LENGTH = 10
BITS = 5 * LENGTH
#: Characters of a receipt code.
RECEIPT_LENGTH = 12

_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DROP = str.maketrans("", "", "-_－—‐")


def _random(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def generate() -> str:
    """A new voting code in canonical form (10 characters, no hyphen)."""
    return _random(LENGTH)


def display(code: str) -> str:
    """``XXXXX-XXXXX``: how a canonical code is printed and shown."""
    return f"{code[:5]}-{code[5:]}"


def _canonical(text: str, length: int) -> str | None:
    s = "".join(str(text).split()).upper().translate(_DROP).translate(_READ_AS)
    if len(s) != length or any(c not in ALPHABET for c in s):
        return None
    return s


def normalise(text: str) -> str | None:
    """The canonical code for what a voter typed or scanned, or ``None`` if it cannot be a code."""
    return _canonical(text, LENGTH)


@lru_cache(maxsize=4)
def _key(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode(), f"xuanren.voting.{purpose}".encode(), hashlib.sha256).digest()


def keyed(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under a key derived from ``SECRET_KEY`` for ``purpose`` (64 hex digits)."""
    return hmac.new(_key(settings.SECRET_KEY, purpose), value.encode(), hashlib.sha256).hexdigest()


def digest(code: str) -> str:
    """What the database keeps of a canonical code (:attr:`VoterCode.digest`)."""
    return keyed("code", code)


def submission_digest(token: str) -> str:
    """What the database keeps of a ballot page's random submission token (:attr:`Ballot.submission`)."""
    return keyed("submission", token)


def client_key(address: str) -> str:
    """The key a client's failed tries are counted under: a keyed digest, never the address itself."""
    return keyed("client", address)


def new_receipt() -> str:
    """A new receipt code as shown, stored and published: ``XXXX-XXXX-XXXX``."""
    r = _random(RECEIPT_LENGTH)
    return f"{r[:4]}-{r[4:8]}-{r[8:]}"


def normalise_receipt(text: str) -> str | None:
    """A typed receipt code in the form it is stored in (``XXXX-XXXX-XXXX``), or ``None``."""
    r = _canonical(text, RECEIPT_LENGTH)
    return None if r is None else f"{r[:4]}-{r[4:8]}-{r[8:]}"
