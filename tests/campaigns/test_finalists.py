"""Who is still in the running (:mod:`xuanren.campaigns.finalists`): with no deciding stage sealed every
qualified candidate; after a sealed shortlist the shortlisted; after a sealed recommendation those who met
the threshold; after a sealed inspection those found suitable — and for each, the stop of a post nobody
reached, with the kind of vacancy it leaves."""

from __future__ import annotations

from typing import Any

import pytest

from tests.campaigns.decision_world import build_decision_world
from tests.voting.world import build_voting_world
from xuanren.campaigns import actions
from xuanren.campaigns.finalists import deciding_stage, finalists, finalists_and_stops
from xuanren.campaigns.models import Application, Review, Stage, StageKind
from xuanren.voting import actions as voting
from xuanren.voting.models import VoterGroup

_n = iter(range(10**6))


def names(rows: list[Any]) -> list[str]:
    apps = {a.pk: a.person.name for a in Application.objects.filter(pk__in=[f.application for f in rows])
            .select_related("person")}
    return [apps[f.application] for f in rows]


# --- no deciding stage ------------------------------------------------------------------------------

def test_without_a_deciding_stage_every_qualified_candidate_goes_on(personas: dict[str, Any]) -> None:
    dw = build_decision_world(personas)
    posts = dw.world.posts
    assert deciding_stage(dw.campaign) is None
    found, stops = finalists_and_stops(dw.campaign)
    assert list(found) == [posts["P01"].pk, posts["P02"].pk]  # the cancelled P03 is not listed
    assert names(found[posts["P01"].pk]) == ["人员1", "人员2", "人员3"]
    assert names(found[posts["P02"].pk]) == ["人员4", "人员5", "人员6"]
    assert {f.note for fs in found.values() for f in fs} == {"资格审查合格"}
    assert stops == {}


def test_a_post_with_nobody_qualified_is_stopped_as_too_few(personas: dict[str, Any]) -> None:
    dw = build_decision_world(personas)
    p02 = dw.world.posts["P02"]
    Review.objects.filter(application__post=p02).update(decision=Review.Decision.INELIGIBLE)
    found, stops = finalists_and_stops(dw.campaign)
    assert found[p02.pk] == []
    assert (stops[p02.pk].reason, stops[p02.pk].kind) == ("无符合条件的人选", "too_few")


# --- after a sealed shortlist -----------------------------------------------------------------------

def test_after_a_sealed_shortlist_the_shortlisted_in_rank_order(personas: dict[str, Any],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.scoring.exam_world import build_exam_world
    from xuanren.scoring import actions as scoring

    ew = build_exam_world(personas, monkeypatch)
    scoring.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks=100, min_score=60)
    scoring.shortlist_settings_set(actor=ew.organiser, stage=ew.stage("shortlist"), ratio=2, decimals=2)
    # P01: 人员1–5 (2 slots of the 1×2 shortlist); P02: everyone below the exam's pass line.
    ew.to_shortlist({(1, "P01"): 90, (2, "P01"): 80, (3, "P01"): 70, (4, "P01"): 65, (5, "P01"): 60,
                     (4, "P02"): 50, (5, "P02"): 40, (6, "P02"): 30},
                    {(1, "P01"): 70, (2, "P01"): 90, (3, "P01"): 60, (4, "P01"): 60, (5, "P01"): 60,
                     (4, "P02"): 90, (5, "P02"): 90, (6, "P02"): 90})
    assert deciding_stage(ew.campaign) is None
    ew.seal("shortlist")
    assert deciding_stage(ew.campaign).kind == StageKind.SHORTLIST
    found, stops = finalists_and_stops(ew.campaign)
    p01, p02 = ew.posts["P01"].pk, ew.posts["P02"].pk
    # 人员2: 80×40% + 90×60% = 86; 人员1: 36 + 42 = 78
    assert names(found[p01]) == ["人员2", "人员1"]
    assert [(f.rank, f.score) for f in found[p01]] == [(1, "86.00"), (2, "78.00")]
    assert found[p02] == []
    assert stops[p02].kind == "threshold"
    assert stops[p02].reason.startswith("无人确定为考察对象（") and "低于最低分数线60分" in stops[p02].reason
    assert p01 not in stops


# --- after a sealed recommendation ------------------------------------------------------------------

def _recommend(vw: Any, p01_choice: int, entitled: int = 2) -> None:
    """One session where every voter marks P01's candidate at ``p01_choice`` and nobody marks P02; closed."""
    session = voting.session_create(actor=vw.organiser, stage=vw.recommendation, name="推荐大会")
    groups = [{"code": g.code, "name": g.name, "weight": g.weight, "entitled": entitled}
              for g in VoterGroup.objects.filter(session=session)]
    voting.groups_set(actor=vw.organiser, session=session, groups=groups)
    codes = [c for g in VoterGroup.objects.filter(session=session)
             for c in voting.codes_issue(actor=vw.organiser, session=session, group=g, count=entitled)]
    voting.session_open(actor=vw.organiser, session=session)
    form = session.forms.get()
    p01 = next(p for p in form.content["posts"] if p["code"] == "P01")
    for code in codes:
        marks = {str(form.pk): {str(p01["post"]): {"marks": [p01["candidates"][p01_choice]["application"]]}}}
        voting.ballot_cast(code=code, marks=marks, submission=f"submission-token-{next(_n):010d}")
    voting.session_close(actor=vw.organiser, session=session)


def test_after_a_sealed_recommendation_those_who_met_the_threshold(personas: dict[str, Any]) -> None:
    vw = build_voting_world(personas)
    _recommend(vw, 1)
    actions.stage_seal(actor=vw.organiser, stage=vw.recommendation)
    assert deciding_stage(vw.campaign).kind == StageKind.RECOMMENDATION
    found, stops = finalists_and_stops(vw.campaign)
    p01, p02 = vw.world.posts["P01"].pk, vw.world.posts["P02"].pk
    assert names(found[p01]) == ["人员2"]
    assert found[p01][0].rank == 1 and found[p01][0].note == "民主推荐得分达到规定要求"
    assert found[p02] == []
    assert stops[p02].kind == "threshold"
    assert stops[p02].reason.startswith("无人达到民主推荐规定得分（") and stops[p02].reason.endswith("该职位空缺")


def test_after_a_sealed_inspection_the_earlier_stop_of_a_post_nobody_reached_stays(
        personas: dict[str, Any]) -> None:
    """Recommendation (P02 vacant) → inspection: P01's candidate found suitable goes on; P02 keeps the
    recommendation's reason, not a bare "nobody qualified"."""
    from xuanren.inspection import actions as inspection

    vw = build_voting_world(personas)
    campaign = vw.campaign
    # An inspection stage right after the recommendation (the later stages move one place down).
    for stage in Stage.objects.filter(campaign=campaign, order__gt=vw.recommendation.order).order_by("-order"):
        Stage.objects.filter(pk=stage.pk).update(order=stage.order + 1)
    stage = Stage.objects.create(campaign=campaign, kind=StageKind.INSPECTION, order=vw.recommendation.order + 1,
                                 public=False)
    _recommend(vw, 0)
    actions.stage_seal(actor=vw.organiser, stage=vw.recommendation)
    actions.stage_open(actor=vw.organiser, stage=stage)
    (made,) = inspection.inspections_start(actor=vw.organiser, stage=stage)
    assert made.application.person.name == "人员1" and made.finalist["rank"] == 1
    inspection.team_set(actor=vw.organiser, inspection=made, leader="甲", members=["乙"])
    inspection.findings_set(actor=vw.organiser, inspection=made, findings={
        k: {"text": "好"} for k in ("de", "neng", "qin", "ji", "lian")})
    inspection.conclude(actor=vw.organiser, inspection=made, conclusion="suitable", text="合格")
    actions.stage_seal(actor=vw.organiser, stage=stage)
    assert deciding_stage(campaign).kind == StageKind.INSPECTION
    found, stops = finalists_and_stops(campaign)
    p01, p02 = vw.world.posts["P01"].pk, vw.world.posts["P02"].pk
    assert names(found[p01]) == ["人员1"] and found[p01][0].rank == 1
    assert found[p01][0].score.startswith("100")  # the recommendation's figure, kept
    assert stops[p02].kind == "threshold" and stops[p02].reason.startswith("无人达到民主推荐规定得分")
    assert finalists(campaign)[p02] == []
