"""The recommendation and evaluation stages: what blocks sealing, the combined count of their closed
sessions that sealing publishes (trials never count), the public results page, and the score sources
the shortlist reads."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.voting.world import VotingWorld, build_voting_world
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Publication
from xuanren.scoring.sources import scores_of
from xuanren.voting import actions
from xuanren.voting.handlers import blockers, stage_count
from xuanren.voting.models import Session, VoterGroup

NOW = None


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


_n = iter(range(10**6))


def make_session(vw: VotingWorld, entitled: dict[str, int], *, stage: Any = None, trial: bool = False,
                 name: str = "第一场") -> tuple[Session, dict[str, list[str]]]:
    session = actions.session_create(actor=vw.organiser, stage=stage or vw.recommendation, name=name, trial=trial)
    groups = [{"code": g.code, "name": g.name, "weight": g.weight, "entitled": entitled[g.code]}
              for g in VoterGroup.objects.filter(session=session)]
    actions.groups_set(actor=vw.organiser, session=session, groups=groups)
    codes = {g.code: actions.codes_issue(actor=vw.organiser, session=session, group=g, count=entitled[g.code])
             for g in VoterGroup.objects.filter(session=session)}
    actions.session_open(actor=vw.organiser, session=session)
    session.refresh_from_db()
    return session, codes


def vote(session: Session, code: str, choose: dict[str, int]) -> None:
    """A recommendation ballot marking, per post code, the candidate at that index."""
    form = session.forms.get()
    marks = {str(p["post"]): {"marks": [p["candidates"][choose[p["code"]]]["application"]]}
             for p in form.content["posts"] if p["code"] in choose}
    actions.ballot_cast(code=code, marks={str(form.pk): marks}, submission=f"submission-token-{next(_n):010d}")


def grade(session: Session, code: str, grades: dict[int, str]) -> None:
    form = session.forms.get()
    actions.ballot_cast(code=code, marks={str(form.pk): {str(k): v for k, v in grades.items()}},
                        submission=f"submission-token-{next(_n):010d}")


def close(vw: VotingWorld, session: Session) -> Session:
    return actions.session_close(actor=vw.organiser, session=session)


ROOM = {"leaders": 2, "middle_managers": 2, "others": 4}


def two_rooms(vw: VotingWorld) -> tuple[Session, Session]:
    """Two sessions voting on the same posts. Room 1: everyone marks P01's first and P02's second candidate;
    room 2: P01's second and P02's second."""
    first, codes = make_session(vw, ROOM, name="第一会场")
    for plain in codes.values():
        for code in plain:
            vote(first, code, {"P01": 0, "P02": 1})
    second, codes = make_session(vw, ROOM, name="第二会场")
    for plain in codes.values():
        for code in plain:
            vote(second, code, {"P01": 1, "P02": 1})
    return close(vw, first), close(vw, second)


def test_what_blocks_sealing(vw: VotingWorld) -> None:
    stage = vw.recommendation
    assert blockers(stage, NOW) == ["本环节没有已结束的正式投票场次（模拟测试不计入结果）"]
    with pytest.raises(CampaignError) as e:
        campaign_actions.stage_seal(actor=vw.organiser, stage=stage)
    assert "没有已结束的正式投票场次" in str(e.value)
    trial, codes = make_session(vw, ROOM, trial=True, name="模拟")
    vote(trial, codes["others"][0], {"P01": 0})
    assert "模拟测试场次“模拟”仍在投票，须先结束" in blockers(stage, NOW)
    close(vw, trial)
    assert blockers(stage, NOW) == ["本环节没有已结束的正式投票场次（模拟测试不计入结果）"]
    session, codes = make_session(vw, ROOM)
    assert "投票场次“第一场”仍在投票，须先结束" in blockers(stage, NOW)
    for plain in codes.values():
        for code in plain:
            vote(session, code, {"P01": 0})
    close(vw, session)
    spare = actions.session_create(actor=vw.organiser, stage=stage, name="备用场次")
    assert blockers(stage, NOW) == ["投票场次“备用场次”尚未投票（准备中）：须先投票并结束，或在该场次的页面上将其删除"]
    actions.session_delete(actor=vw.organiser, session=spare)  # what the message says can be done
    assert blockers(stage, NOW) == []
    actions.session_create(actor=vw.organiser, stage=stage, name="备用场次")
    actions.session_create(actor=vw.organiser, stage=stage, name="模拟二", trial=True)
    assert len(blockers(stage, NOW)) == 1  # a trial still being prepared blocks nothing


def test_sealing_publishes_the_combined_count_of_the_closed_sessions(vw: VotingWorld) -> None:
    two_rooms(vw)
    trial, codes = make_session(vw, ROOM, trial=True, name="模拟")
    for code in codes["others"]:
        vote(trial, code, {"P01": 2})
    close(vw, trial)
    assert blockers(vw.recommendation, NOW) == []
    publication = campaign_actions.stage_seal(actor=vw.organiser, stage=vw.recommendation)
    content = publication.content
    assert content["kind"] == "recommendation" and content["title"] == "民主推荐"
    assert [(s["name"], s["ballots"]) for s in content["sessions"]] == [("第一会场", 8), ("第二会场", 8)]
    part = content["forms"][0]
    assert part["sessions"] == [0, 1] and content["turnout"][2]["returned"] == 8
    p01 = next(p for p in part["posts"] if p["code"] == "P01")
    # Half the voters of every group marked each of P01's first two candidates: 50 each; the third 0.
    assert [(c["score"]["exact"], c["meets"]) for c in p01["candidates"]] == [("50", True), ("50", True),
                                                                             ("0", False)]
    p02 = next(p for p in part["posts"] if p["code"] == "P02")
    assert p02["candidates"][0]["score"]["exact"] == "100"
    assert content["forms"] == stage_count(vw.recommendation)["forms"]
    assert Publication.objects.get(stage=vw.recommendation).version == 1


def test_the_public_results_page_shows_the_posts_and_links_the_ballots(vw: VotingWorld) -> None:
    first, second = two_rooms(vw)
    campaign_actions.stage_seal(actor=vw.organiser, stage=vw.recommendation)
    url = reverse("public:stage_results", kwargs={"pk": vw.campaign.pk, "kind": "recommendation"})
    page = Client().get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="post-P01"' in html and 'id="post-P02"' in html and "会议有效" in html
    assert reverse("vote:ballots", kwargs={"pk": first.pk}) in html
    assert reverse("vote:ballots_json", kwargs={"pk": second.pk}) in html
    assert "综合得分" in html and "计算说明" in html


def test_the_recommendation_score_source_gives_the_weighted_scores(vw: VotingWorld) -> None:
    two_rooms(vw)
    before = scores_of(vw.recommendation)  # counted as it stands, before the seal
    campaign_actions.stage_seal(actor=vw.organiser, stage=vw.recommendation)
    scores = scores_of(vw.recommendation)
    assert scores == before
    p01 = list(vw.world.posts["P01"].applications.order_by("id"))
    got = [scores[a.pk].score for a in p01]
    assert got == [Fraction(50), Fraction(50), Fraction(0)]
    s = scores[p01[0].pk]
    assert s.full_marks == 100 and s.application_id == p01[0].pk
    assert any("综合得分50分" in m.text() for m in s.explanation)
    assert any("院领导组" in m.text() for m in s.explanation)


def test_an_invalid_meeting_gives_no_score(vw: VotingWorld) -> None:
    session, codes = make_session(vw, {"leaders": 3, "middle_managers": 3, "others": 3})
    vote(session, codes["others"][0], {"P01": 0})
    close(vw, session)
    scores = scores_of(vw.recommendation)
    assert scores and all(s.score is None for s in scores.values())
    assert any("低于三分之二" in m.text() for m in next(iter(scores.values())).explanation)


def test_the_evaluation_stage_publishes_rates_and_flags_and_scores_satisfaction(vw: VotingWorld) -> None:
    session, codes = make_session(vw, {"all": 10}, stage=vw.evaluation)
    persons = [s["person"] for s in session.forms.get().content["subjects"]]
    first, second = persons[0], persons[1]
    grades = ["excellent"] * 5 + ["competent"] * 2 + ["basically_competent"] + ["incompetent"] * 2
    for code, g in zip(codes["all"], grades, strict=True):
        grade(session, code, {first: g, second: "incompetent" if g == "excellent" else "competent"})
    close(vw, session)
    publication = campaign_actions.stage_seal(actor=vw.organiser, stage=vw.evaluation)
    people = {p["person"]: p for p in publication.content["forms"][0]["persons"]}
    assert people[first]["satisfaction"] == {"exact": "7/10", "display": "70%"}
    assert people[first]["may_be_excellent"] is False and people[first]["admonition"] is False
    assert people[second]["dissatisfaction"]["exact"] == "1/2"
    assert people[second]["admonition"] is True and people[second]["adjustment"] is False
    scores = scores_of(vw.evaluation)
    apps = vw.campaign.applications.filter(person_id=first)
    assert apps.count() == 2  # applied for P01 and P02: one evaluation, both applications scored
    assert {scores[a.pk].score for a in apps} == {Fraction(70)}
    page = Client().get(reverse("public:stage_results", kwargs={"pk": vw.campaign.pk, "kind": "evaluation"}))
    assert page.status_code == 200 and 'id="evaluation"' in page.content.decode()
    assert "应进行诫勉谈话" in page.content.decode()
