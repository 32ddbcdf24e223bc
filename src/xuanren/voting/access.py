"""Object rules for voting (none yet beyond the matrix: voters act by code, not by account)."""

from __future__ import annotations
