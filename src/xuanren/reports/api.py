"""JSON API of the reports area (mounted at /api/reports)."""

from ninja import Router

router = Router(tags=["reports"])
