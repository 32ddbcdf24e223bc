"""The inspection stage in the stage machine: sealing blocked until every inspection is concluded (the names
listed), what sealing publishes, the finalists after it (those found suitable; a post with none is
stopped), and the score source."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from django.utils import timezone

from tests.inspection.world import InspectionWorld, build_inspection_world, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.finalists import deciding_stage, finalists, finalists_and_stops
from xuanren.campaigns.models import Stage
from xuanren.inspection import actions
from xuanren.inspection.handlers import inspection_blockers
from xuanren.inspection.models import Inspection
from xuanren.scoring.sources import has_score_source, scores_of

WEIGHTS = [{"key": "de", "label": "德", "weight": 30}, {"key": "neng", "label": "能", "weight": 20},
           {"key": "qin", "label": "勤", "weight": 20}, {"key": "ji", "label": "绩", "weight": 20},
           {"key": "lian", "label": "廉", "weight": 10}]


@pytest.fixture
def iw(personas: dict[str, Any]) -> InspectionWorld:
    return build_inspection_world(personas)


def seal(iw: InspectionWorld) -> Any:
    return campaign_actions.stage_seal(actor=iw.organiser, stage=iw.stage)


def test_sealing_is_blocked_until_every_inspection_is_concluded(iw: InspectionWorld) -> None:
    for n in (1, 2, 4):
        iw.conclude(n)
    assert inspection_blockers(iw.stage, timezone.now()) == [
        "尚有3人的考察未形成结论：人员3（P01）、人员5（P02）、人员6（P02）"]
    refused = "“组织考察”环节还不能封存：尚有3人的考察未形成结论：人员3（P01）"
    with nothing_changes(), pytest.raises(CampaignError, match=refused):
        seal(iw)
    for n in (3, 5, 6):
        iw.conclude(n)
    assert inspection_blockers(iw.stage, timezone.now()) == []
    seal(iw)
    assert Stage.objects.get(pk=iw.stage.pk).status == Stage.Status.SEALED


def test_a_finalist_without_an_inspection_blocks(personas: dict[str, Any]) -> None:
    iw = build_inspection_world(personas, start=False)
    blockers = inspection_blockers(iw.stage, timezone.now())
    assert blockers == ["尚有6名人选未建立考察：人员1（P01）、人员2（P01）、人员3（P01）、"
                        "人员4（P02）、人员5（P02）、人员6（P02）"]


def test_a_weighted_stage_needs_dimension_weights(iw: InspectionWorld) -> None:
    Stage.objects.filter(pk=iw.stage.pk).update(weight=20)
    iw.stage.refresh_from_db()
    assert "本环节计入综合成绩（权重20），须先设置各考察维度的权重" in inspection_blockers(iw.stage, timezone.now())
    actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=WEIGHTS)
    iw.stage.refresh_from_db()
    assert not any("权重" in b for b in inspection_blockers(iw.stage, timezone.now()))


def test_sealing_publishes_the_conclusions_per_post(iw: InspectionWorld) -> None:
    actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=WEIGHTS)
    for n in range(1, 7):
        iw.conclude(n, "unsuitable" if n == 2 else "suitable", de="90", neng="80", qin="85", ji=str(80 + n),
                    lian="100")
    content = seal(iw).content
    assert content["kind"] == "inspection" and content["title"] == "组织考察结果"
    assert content["totals"] == {"inspected": 6, "suitable": 5, "unsuitable": 1}
    assert content["summary"] == "考察得分 = 德×30% + 能×20% + 勤×20% + 绩×20% + 廉×10%"
    p01 = content["posts"][0]
    assert (p01["code"], p01["inspected"], p01["suitable"]) == ("P01", 3, 2)
    # 90×.3 + 80×.2 + 85×.2 + 81×.2 + 100×.1 = 27 + 16 + 17 + 16.2 + 10 = 86.2
    assert p01["people"][0] == {"name": "人员1", "decision": "同意作为拟任人选", "score": "86.2"}
    assert p01["people"][1]["decision"] == "不宜作为拟任人选"
    assert "application" not in str(content) and "110" not in str(content)


def test_finalists_after_the_inspection_are_those_found_suitable(iw: InspectionWorld) -> None:
    assert deciding_stage(iw.campaign) is None  # every qualified candidate was a finalist
    iw.conclude_all(unsuitable=(2, 4, 5, 6))
    seal(iw)
    assert deciding_stage(iw.campaign).kind == "inspection"
    found, stops = finalists_and_stops(iw.campaign)
    p01, p02 = iw.dw.world.posts["P01"].pk, iw.dw.world.posts["P02"].pk
    assert [f.application for f in found[p01]] == [iw.inspection(1).application_id, iw.inspection(3).application_id]
    assert found[p01][0].note == "考察合格，同意作为拟任人选"
    assert found[p01][0].details["earlier_note"] == "资格审查合格"
    assert found[p02] == []
    assert stops[p02].kind == "other"
    assert stops[p02].reason == "考察不合格：人员4、人员5、人员6经考察不宜作为拟任人选，该职位无拟任人选"
    assert p01 not in stops


def test_finalists_keep_the_earlier_stages_order(iw: InspectionWorld) -> None:
    # As if the shortlist had ranked 人员3 first: the rank kept when the inspection was opened decides.
    Inspection.objects.filter(pk=iw.inspection(3).pk).update(finalist={"rank": 1, "score": "90.00", "note": "第1名"})
    Inspection.objects.filter(pk=iw.inspection(1).pk).update(finalist={"rank": 2, "score": "80.00", "note": "第2名"})
    iw.conclude_all()
    seal(iw)
    p01 = finalists(iw.campaign)[iw.dw.world.posts["P01"].pk]
    assert [(f.rank, f.score) for f in p01] == [(1, "90.00"), (2, "80.00"), (None, "")]


def test_the_score_source(iw: InspectionWorld) -> None:
    assert has_score_source("inspection")
    scores = scores_of(iw.stage)
    assert len(scores) == 6 and all(s.score is None for s in scores.values())
    assert scores[iw.inspection(1).application_id].explanation[0].text() == "未设置考察维度权重，考察不量化计分"
    actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=WEIGHTS)
    iw.stage.refresh_from_db()
    iw.ready(1, de="90", neng="85.5", qin="80", ji="77.75", lian="100")
    iw.ready(2, de="90")
    scores = scores_of(iw.stage)
    one = scores[iw.inspection(1).application_id]
    # 27 + 17.1 + 16 + 15.55 + 10 = 85.65
    assert one.score == Fraction(8565, 100) and one.full_marks == 100
    assert [m.text() for m in one.explanation][-1] == "考察得分 = 27 + 17.1 + 16 + 15.55 + 10 = 85.65分"
    two = scores[iw.inspection(2).application_id]
    assert two.score is None and two.explanation[-1].text() == "尚缺能、勤、绩、廉的评分，不能计算考察得分"


def test_a_stage_with_nobody_to_inspect_can_be_sealed(personas: dict[str, Any]) -> None:
    from xuanren.campaigns.models import Review

    iw = build_inspection_world(personas, start=False)
    Review.objects.filter(application__campaign=iw.campaign).update(decision=Review.Decision.INELIGIBLE)
    assert inspection_blockers(iw.stage, timezone.now()) == []
    content = seal(iw).content
    assert content["posts"] == [] and content["totals"]["inspected"] == 0
    found, stops = finalists_and_stops(iw.campaign)
    assert all(rows == [] for rows in found.values())
    assert {s.kind for s in stops.values()} == {"too_few"}


def test_a_public_inspection_stage_shows_its_results(iw: InspectionWorld) -> None:
    from django.test import Client
    from django.urls import reverse

    Stage.objects.filter(pk=iw.stage.pk).update(public=True)
    actions.dimensions_set(actor=iw.organiser, stage=iw.stage, dimensions=WEIGHTS)
    for n in range(1, 7):
        iw.conclude(n, "unsuitable" if n == 5 else "suitable", de="90", neng="90", qin="90", ji="90", lian="90")
    seal(iw)
    page = Client().get(reverse("public:stage_results", kwargs={"pk": iw.campaign.pk, "kind": "inspection"}))
    text = page.content.decode()
    assert page.status_code == 200 and 'id="post-P02"' in text
    assert "考察 6 人，同意作为拟任人选 5 人，不宜作为拟任人选 1 人。" in text
    assert "不宜作为拟任人选" in text and "<td class=\"num\">90</td>" in text
