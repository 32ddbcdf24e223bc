from __future__ import annotations

from typing import Any

import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Nineteen demo accounts hashed with PBKDF2 take seconds; the tests need no strong hashes."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
