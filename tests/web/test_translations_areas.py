"""The scoring and voting pages in English: with the language menu's cookie set to English, the organiser's
results page and a voting session page show the English catalogue's words, not the Chinese msgids."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.scoring.exam_world import ExamWorld, build_exam_world
from tests.scoring.test_shortlist import EXAM, INTERVIEW
from tests.voting.world import build_voting_world, ready_session
from xuanren.scoring import actions as scoring


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    world = build_exam_world(personas, monkeypatch)
    scoring.exam_settings_set(actor=world.organiser, stage=world.exam, full_marks=100, min_score=60)
    world.to_shortlist(EXAM, INTERVIEW)
    return world


def test_the_results_page_in_english(ew: ExamWorld, as_role: Any) -> None:
    client = _english(as_role("organiser"))
    page = client.get(reverse("scoring:results", kwargs={"pk": ew.campaign.pk})).content.decode()
    assert '<html lang="en"' in page
    for english in ("Composite score", "Rank", "How it was computed", "Shortlisted", "Export to Excel"):
        assert english in page, english
    for chinese in ("综合成绩</th>", "计算过程", "导出 Excel", "考察对象</th>"):
        assert chinese not in page, chinese
    shortlist = reverse("scoring:shortlist", kwargs={"pk": ew.campaign.pk, "stage_pk": ew.stage("shortlist").pk})
    page = client.get(shortlist).content.decode()
    assert "Preview: not sealed yet" in page and "预览：尚未封存" not in page
    assert "Competitive ratio (candidates shortlisted per slot)" in page


def test_a_voting_session_page_in_english(personas: dict[str, Any], as_role: Any) -> None:
    vw = build_voting_world(personas)
    session, _codes = ready_session(vw)
    client = _english(as_role("organiser"))
    page = client.get(reverse("voting:session", args=[session.pk])).content.decode()
    for english in ("Voter groups and attendance", "Entitled", "Issued", "Returned", "Close voting",
                    "Projector screen", "Ballot preview"):
        assert english in page, english
    for chinese in ("投票人类别与到会情况", "结束投票", "票面预览", "大屏"):
        assert chinese not in page, chinese
    stage = reverse("voting:stage_sessions", kwargs={"pk": vw.campaign.pk, "stage_pk": vw.recommendation.pk})
    page = client.get(stage).content.decode()
    assert "Voting session" in page and "Turnout" in page and "投票率" not in page
