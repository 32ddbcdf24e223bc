"""Screenshots of the browser tests' pages, kept when ``XUANREN_SCREENSHOTS`` names a folder (to look at what
a user sees); nothing is written otherwise."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHOTS = os.environ.get("XUANREN_SCREENSHOTS")


def shooter(prefix: str = "") -> Callable[[Any, str], None]:
    """``shot(page, name)``: the whole page as ``<prefix><name>.png`` in the screenshots folder."""

    def shot(page: Any, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"{prefix}{name}.png"), full_page=True)

    return shot
