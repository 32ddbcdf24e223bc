"""Fixtures of the campaign tests: the world of ``world.py`` with the personas of every role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.campaigns.world import World, build_world


@pytest.fixture
def world(personas: dict[str, Any]) -> World:
    return build_world(personas)
