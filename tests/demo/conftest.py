from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Nineteen demo accounts hashed with PBKDF2 take seconds; the tests need no strong hashes."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    """The demo attaches a file to an inspection: keep it out of the instance's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
