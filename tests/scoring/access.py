"""The scoring area's part of tests/test_access_matrix.py: its API operations and how to call each with a
valid request, and the URL arguments of its pages.

- ``API``: (method, path as in the OpenAPI document) → capability (None: any logged-in user);
- ``call(client, method, path, world, role)``: one valid request (build what it needs from ``world`` on the
  first call and keep it in ``world``; an object changed by an allowed role must not be needed again);
- ``kwargs(name, world)``: the URL arguments of the page ``name`` (e.g. "scoring:panel"), or None if not ours;
- ``OBJECT_CAPABILITY``: page name → the capability that decides when the page's object is someone
  else's (e.g. a judge's page for a panel they do not sit on);
- ``PREFIX``: the API paths this module calls.
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.scoring import access_exam, access_panels

PREFIX = "/api/scoring"
API: dict[tuple[str, str], str | None] = {}
API.update(access_exam.API)
API.update(access_panels.API)
OBJECT_CAPABILITY: dict[str, str] = {}


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    if (method, path) in access_exam.API:
        return access_exam.call(client, method, path, world, role)
    if (method, path) in access_panels.API:
        return access_panels.call(client, method, path, world, role)
    raise AssertionError(f"no call for {method} {path}")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    found = access_exam.kwargs(name, world)
    if found is not None:
        return found
    found = access_panels.kwargs(name, world)
    if found is not None:
        return found
    return None
