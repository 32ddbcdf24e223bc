"""JSON API of the notices area (mounted at /api/notices)."""

from ninja import Router

router = Router(tags=["notices"])
