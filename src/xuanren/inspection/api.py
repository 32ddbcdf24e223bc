"""JSON API of the inspection area (mounted at /api/inspection)."""

from ninja import Router

router = Router(tags=["inspection"])
