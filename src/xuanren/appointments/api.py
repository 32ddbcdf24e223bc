"""JSON API of the appointments area (mounted at /api/appointments)."""

from ninja import Router

router = Router(tags=["appointments"])
