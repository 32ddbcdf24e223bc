"""Uploaded attachments go to a temporary MEDIA_ROOT in every notice test; ``nw`` is the notice world."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.notices.world import NoticeWorld, build_notice_world


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def nw(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> NoticeWorld:
    return build_notice_world(personas, monkeypatch)
