"""The interview stage: sealing waits for every candidate, the published results, corrections after sealing,
the score the composite reads, and the dashboard's link."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from tests.campaigns.world import AFTER
from tests.conftest import make_user
from tests.scoring.panel_world import PanelWorld, build_panel_world, last_event, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Publication
from xuanren.campaigns.stage_pages import links_for
from xuanren.scoring.actions import panels, sheets
from xuanren.scoring.handlers.interview import interview_blockers, interview_results, interview_scores
from xuanren.scoring.models import Appearance, Sheet
from xuanren.scoring.sources import scores_of


@pytest.fixture
def pw(personas: dict[str, Any]) -> PanelWorld:
    return build_panel_world(personas)


def run_panel(pw: PanelWorld, code: str, totals: dict[str, list[tuple[Any, ...]]], *, absent: tuple[str, ...] = (),
              name: str = "", **kw: Any) -> list[Appearance]:
    """A panel for ``code`` heard through: the absent marked, the others scored (name → each judge's points)."""
    panel = pw.panel_for(code, name=name or f"{code}评委组", **kw)
    for who in absent:
        panels.appearance_absent(actor=pw.organiser, appearance=pw.appearance(who, code))
    order = pw.drawn(panel)
    for a in order:
        panels.appearance_start(actor=pw.organiser, appearance=a)
        pw.score(a, totals[a.application.person.name])
        panels.appearance_close(actor=pw.organiser, appearance=a)
    return order


P01 = {"人员1": [(18, 26, 17, 25), (17, 25, 16, 27), (19, 27, 18, 26)],  # 86, 85, 90 → 87
       "人员2": [(15, 20, 15, 20), (16, 21, 15, 20), (15, 20, 15, 21)],  # 70, 72, 71 → 71
       "人员3": [(20, 30, 20, 30), (19, 28, 19, 28), (18, 27, 18, 27)]}  # 100, 94, 90 → 284/3
P02 = {"人员1": [(10, 10, 10, 10)] * 3, "人员3": [(20, 20, 20, 20)] * 3}


@pytest.mark.django_db
def test_blockers_name_candidates_not_closed_and_posts_without_a_panel(pw: PanelWorld) -> None:
    # A speech heard but not scored (no weight, no panel: the seed 000 template) waits for nothing.
    assert interview_blockers(pw.stage, AFTER) == []
    pw.stage.weight = Decimal(40)
    pw.stage.save()
    assert interview_blockers(pw.stage, AFTER) == ["职位P01尚有3名人选未安排评委组", "职位P02尚有3名人选未安排评委组"]
    pw.stage.weight = None
    pw.stage.save()
    panel = pw.panel_for("P01")
    first = pw.started(panel)[0]
    blockers = interview_blockers(pw.stage, AFTER)
    assert blockers[0].startswith("尚有3名人选未结束评分（也未登记缺席）：")
    assert f"{first.application.person.name}（P01，第一评委组，评分中）" in blockers[0]
    assert blockers[1:] == ["职位P02尚有3名人选未安排评委组"]
    with nothing_changes(), pytest.raises(CampaignError, match="环节还不能封存：尚有3名人选未结束评分"):
        campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)


@pytest.mark.django_db
def test_sealed_results_per_post_in_order_with_panel_scores(pw: PanelWorld) -> None:
    order = run_panel(pw, "P01", P01)
    run_panel(pw, "P02", P02, absent=("人员2",))
    assert interview_blockers(pw.stage, AFTER) == []
    publication = campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)
    content = publication.content
    assert content["rubric"][0] == {"name": "政治素质", "max_points": "20"} and content["max"] == "100"
    posts = {p["code"]: p for p in content["posts"]}
    p01 = posts["P01"]
    assert p01["panel"] == "P01评委组" and p01["judges"] == ["评委1", "评委2", "评委3"]
    assert [c["name"] for c in p01["people"]] == [a.application.person.name for a in order]
    assert [c["order"] for c in p01["people"]] == [1, 2, 3]
    by_name = {c["name"]: c for c in p01["people"]}
    assert (by_name["人员1"]["display"], by_name["人员1"]["score"]) == ("87.00", "87")
    assert (by_name["人员2"]["display"], by_name["人员2"]["score"]) == ("71.00", "71")
    assert (by_name["人员3"]["display"], by_name["人员3"]["score"]) == ("94.67", "284/3")
    assert by_name["人员1"]["judges"] == [
        {"judge": "评委1", "total": "86", "recused": False, "dropped": ""},
        {"judge": "评委2", "total": "85", "recused": False, "dropped": ""},
        {"judge": "评委3", "total": "90", "recused": False, "dropped": ""}]
    assert by_name["人员1"]["explanation"][-1]["zh"].endswith("= 87.00分")
    p02 = {c["name"]: c for c in posts["P02"]["people"]}
    assert (p02["人员2"]["absent"], p02["人员2"]["display"], p02["人员2"]["judges"]) == (True, "缺席", [])
    # Judges are named by seat only: nothing in what is published names them.
    text = json.dumps(content, ensure_ascii=False)
    assert "评委甲" not in text and "judge2" not in text


@pytest.mark.django_db
def test_trimmed_mean_with_five_judges_marks_the_dropped(personas: dict[str, Any]) -> None:
    pw = build_panel_world(personas, judges=5)
    panel = pw.panel_for("P01")
    first = pw.started(panel)[0]
    pw.score(first, [(18, 26, 17, 25), (17, 25, 16, 27), (19, 27, 18, 26), (14, 20, 16, 20), (20, 28, 19, 28)])
    panels.appearance_close(actor=pw.organiser, appearance=first)
    person = next(c for c in interview_results(pw.stage)["posts"][0]["people"] if c["order"] == 1)
    assert [(j["total"], j["dropped"]) for j in person["judges"]] == [
        ("86", ""), ("85", ""), ("90", ""), ("70", "low"), ("95", "high")]
    assert person["display"] == "87.00" and person["score"] == "87"


@pytest.mark.django_db
def test_weighted_groups_of_judges(pw: PanelWorld) -> None:
    rule = {"method": "groups", "drop": 0, "groups": [{"code": "leaders", "weight": 40},
                                                      {"code": "experts", "weight": 60}]}
    judges = [(pw.judges[0], "leaders"), (pw.judges[1], "experts"), (pw.judges[2], "experts")]
    panel = pw.panel_for("P01", judges=judges, rule=rule)
    first = pw.started(panel)[0]
    pw.score(first, [(20, 30, 20, 30), (15, 20, 15, 20), (16, 22, 16, 22)])  # leaders 100; experts 70, 76 → 73
    panels.appearance_close(actor=pw.organiser, appearance=first)
    score = scores_of(pw.stage)[first.application_id]
    assert score.score == Fraction(100) * Fraction(40, 100) + Fraction(73) * Fraction(60, 100)  # 83.8


@pytest.mark.django_db
def test_score_source_out_of_the_rubric_maximum_or_scaled(pw: PanelWorld) -> None:
    order = run_panel(pw, "P01", {**P01, "人员2": []}, absent=("人员2",))
    scores = interview_scores(pw.stage)
    ids = {a.application.person.name: a.application_id for a in order}
    absent = pw.appearance("人员2").application_id
    assert scores[ids["人员3"]].score == Fraction(284, 3) and scores[ids["人员3"]].full_marks == 100
    assert scores[absent].absent and scores[absent].score is None
    assert scores[ids["人员1"]].explanation[0].zh.startswith("评分规则：")
    pw.stage.settings = {"full_marks": 10}
    pw.stage.save()
    scaled = interview_scores(pw.stage)[ids["人员1"]]
    assert (scaled.score, scaled.full_marks) == (Fraction(87, 10), 10)
    assert scaled.explanation[-1].text() == "评分标准满分100分，折算为10分制：87.00 × 10 ÷ 100 = 8.70"


@pytest.mark.django_db
def test_correction_after_sealing_fixes_a_sheet_and_republishes(pw: PanelWorld) -> None:
    run_panel(pw, "P01", P01)
    run_panel(pw, "P02", P02, absent=("人员2",))
    campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)
    first = pw.appearance("人员1")
    sheet = Sheet.objects.get(appearance=first, judge__user=pw.judges[2])
    publication = campaign_actions.stage_correct(
        actor=pw.organiser, stage=pw.stage, reason="评委3第二项得分誊写错误（27应为21）",
        changes={"sheet": sheet.pk, "points": pw.points(19, 21, 18, 26)}, now=AFTER)
    assert publication.version == 2
    person = next(c for c in publication.content["posts"][0]["people"] if c["name"] == "人员1")
    assert person["display"] == "85.00" and person["judges"][2]["total"] == "84"
    sheet.refresh_from_db()
    assert sheet.revision == 1
    event = last_event()
    assert event.action == "stages.correct"
    assert event.details["changes"] == [{"sheet": sheet.pk, "application": first.application_id,
                                         "candidate": "人员1", "judge": "评委3", "total_before": "90",
                                         "total_after": "84"}]
    assert Publication.objects.get(stage=pw.stage, version=1).content["posts"][0] != publication.content["posts"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message"), [
    ([], "更正内容为空"),
    ({"sheet": 999999, "points": {}}, "本环节没有编号为999999的评分表"),
    ({"points": {}}, "更正的格式应为"),
])
def test_bad_corrections_are_refused(pw: PanelWorld, changes: Any, message: str) -> None:
    run_panel(pw, "P01", P01)
    run_panel(pw, "P02", P02, absent=("人员2",))
    campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        campaign_actions.stage_correct(actor=pw.organiser, stage=pw.stage, reason="更正", changes=changes)


@pytest.mark.django_db
def test_correction_refuses_over_max_and_unchanged(pw: PanelWorld) -> None:
    run_panel(pw, "P01", P01)
    run_panel(pw, "P02", P02, absent=("人员2",))
    campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)
    sheet = Sheet.objects.filter(appearance=pw.appearance("人员1")).order_by("judge__order").first()
    assert sheet is not None
    with nothing_changes(), pytest.raises(CampaignError, match="“工作思路”得分31超过该项满分30"):
        campaign_actions.stage_correct(actor=pw.organiser, stage=pw.stage, reason="更正",
                                       changes={"sheet": sheet.pk, "points": pw.points(18, 31, 17, 25)})
    with nothing_changes(), pytest.raises(CampaignError, match="的得分与更正内容相同"):
        campaign_actions.stage_correct(actor=pw.organiser, stage=pw.stage, reason="更正",
                                       changes={"sheet": sheet.pk, "points": pw.points(18, 26, 17, 25)})


@pytest.mark.django_db
def test_recused_sheet_cannot_be_corrected_into_points(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01", "P02")
    order = pw.drawn(panel)
    for a in order[1:]:
        panels.appearance_absent(actor=pw.organiser, appearance=a)
    panels.appearance_start(actor=pw.organiser, appearance=order[0])
    pw.score(order[0], [(18, 26, 17, 25), (17, 25, 16, 27)])
    recusal = sheets.sheet_recuse(actor=pw.judges[2], appearance=order[0], reason="同事")
    panels.appearance_close(actor=pw.organiser, appearance=order[0])
    campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)
    person = interview_results(pw.stage)["posts"][0]["people"][0]
    assert person["judges"][2] == {"judge": "评委3", "total": None, "recused": True, "dropped": ""}
    assert person["display"] == "85.50"
    with nothing_changes(), pytest.raises(CampaignError, match="是回避记录，不能更正为评分"):
        campaign_actions.stage_correct(actor=pw.organiser, stage=pw.stage, reason="更正",
                                       changes=[{"sheet": recusal.pk, "points": pw.points(18, 26, 17, 25)}])


@pytest.mark.django_db
def test_the_dashboard_links_the_interview_stage_to_the_panels_page(pw: PanelWorld) -> None:
    links = links_for(pw.organiser, pw.stage)
    assert [str(link["label"]) for link in links] == ["评委与评分"]
    assert links[0]["url"] == f"/scoring/{pw.world.campaign.pk}/interview/{pw.stage.pk}/"
    assert links_for(make_user("nobody"), pw.stage) == []


@pytest.mark.django_db
def test_public_page_shows_the_published_interview_results(pw: PanelWorld, client: Any) -> None:
    run_panel(pw, "P01", P01)
    run_panel(pw, "P02", P02, absent=("人员2",))
    campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)
    page = client.get(f"/public/{pw.world.campaign.pk}/results/interview/").content.decode()
    assert "评分标准：政治素质20分、工作思路30分、表达能力20分、岗位认识30分（满分100分）" in page
    assert "94.67" in page and "87.00" in page and "缺席" in page and "评委3" in page
    assert "评委甲" not in page and "judge2" not in page
