"""``xuanren import people FILE`` and ``xuanren export people FILE``."""

from __future__ import annotations
