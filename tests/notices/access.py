"""The notices area's part of tests/test_access_matrix.py (see tests/scoring/access.py for the contract)."""

from __future__ import annotations

from typing import Any

from django.test import Client

PREFIX = "/api/notices"
API: dict[tuple[str, str], str | None] = {}
OBJECT_CAPABILITY: dict[str, str] = {}


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    raise AssertionError(f"no call for {method} {path}")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    return None
