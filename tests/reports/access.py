"""The reports area's part of tests/test_access_matrix.py (see tests/scoring/access.py for the contract): the
closing report's page and export, and its two API operations, on the matrix world's announced campaign.
Nothing here changes anything, so every role can make the same request."""

from __future__ import annotations

from typing import Any

from django.test import Client

PREFIX = "/api/reports"
API: dict[tuple[str, str], str | None] = {
    ("get", "/api/reports/{campaign_id}"): "reports.view",
    ("get", "/api/reports/{campaign_id}/export"): "results.export",
}
OBJECT_CAPABILITY: dict[str, str] = {}


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    if (method, path) not in API:
        raise AssertionError(f"no call for {method} {path}")
    url = path.format(campaign_id=world["campaign"].pk)
    if path.endswith("/export"):
        url += "?format=xlsx&date=2026-12-20"
    return client.get(url)


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if name == "reports:view":
        return {"pk": world["campaign"].pk}
    if name == "reports:export":
        return {"pk": world["campaign"].pk, "fmt": "xlsx"}
    return None
