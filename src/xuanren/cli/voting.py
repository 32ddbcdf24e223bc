"""``xuanren tally RULES BALLOTS`` and the voting session commands."""

from __future__ import annotations

from typing import Any


def register(main: Any) -> None:
    """Adds this module's commands to ``main``."""
