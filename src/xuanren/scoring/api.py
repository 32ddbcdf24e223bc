"""The scoring area of the JSON API (/api/scoring).

No ``from __future__ import annotations``: ninja reads the annotations at import time.
"""

from ninja import Router

router = Router(tags=["scoring"])
