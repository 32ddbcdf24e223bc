"""JSON API of the committee area (mounted at /api/committee)."""

from ninja import Router

router = Router(tags=["committee"])
