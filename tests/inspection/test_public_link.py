"""The campaign's public announcement links its advance notices (考察预告) once one is published."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.inspection.world import InspectionWorld, build_inspection_world
from xuanren.inspection import actions


@pytest.fixture
def iw(personas: dict[str, Any]) -> InspectionWorld:
    return build_inspection_world(personas)


def test_the_announcement_links_the_advance_notices_once_published(iw: InspectionWorld) -> None:
    announcement = f"/public/{iw.campaign.pk}/"
    one = iw.inspection(1)
    actions.team_set(actor=iw.organiser, inspection=one, leader="组长（组织部副部长）", members=["组员（干部科科长）"])
    actions.notice_draft(actor=iw.organiser, inspection=one, notice_from="2026-12-07", notice_until="2026-12-11",
                         contact="电话010-12345678")
    assert "inspection/public" not in Client().get(announcement).content.decode()  # a draft is not public
    actions.notice_publish(actor=iw.organiser, inspection=one)
    page = Client().get(announcement).content.decode()
    link = f'href="/inspection/public/{iw.campaign.pk}/notices/"'
    assert 'id="public-notices"' in page and link in page and "考察预告" in page
    assert "人员1" in Client().get(f"/inspection/public/{iw.campaign.pk}/notices/").content.decode()
