from __future__ import annotations

from typing import Any

import pytest

from tests.committee.world import CommitteeWorld, build_committee_world


@pytest.fixture
def cw(personas: dict[str, Any]) -> CommitteeWorld:
    return build_committee_world(personas)
