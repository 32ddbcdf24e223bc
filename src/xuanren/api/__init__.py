"""The JSON API under /api/: one NinjaAPI, a router per area, the same actions as the UI."""
