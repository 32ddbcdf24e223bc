"""Fixtures of the people tests: the import action run as the system on a fixed day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.people.rosters import TODAY


@pytest.fixture
def do_import(db: Any) -> Callable[..., Any]:
    """``do_import(data, filename=…)`` → the action's result, as the system actor, on ``TODAY``."""
    from xuanren.people.actions import people_import

    def run(data: bytes, filename: str = "名册.csv", actor: Any = None) -> Any:
        return people_import(actor=actor, data=data, filename=filename, today=TODAY)

    return run


@pytest.fixture
def rejected(db: Any) -> Callable[..., Any]:
    """``rejected(data)`` → the ImportRejected the action raises (fails the test if it imports)."""
    from xuanren.people.actions import ImportRejected, people_import

    def run(data: bytes, filename: str = "名册.csv") -> ImportRejected:
        with pytest.raises(ImportRejected) as info:
            people_import(actor=None, data=data, filename=filename, today=TODAY)
        return info.value

    return run
