"""The organiser's side of panel scoring: rubric, panels and judges, the draw by lot, start, close, absent."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from tests.campaigns.world import AFTER
from tests.conftest import make_user
from tests.scoring.panel_world import PanelWorld, build_panel_world, last_event, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.scoring.actions import panels, sheets
from xuanren.scoring.models import Appearance, Criterion, Panel, PanelJudge


@pytest.fixture
def pw(personas: dict[str, Any]) -> PanelWorld:
    return build_panel_world(personas)


# --- rubric ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_rubric_is_kept_in_order_and_recorded(pw: PanelWorld) -> None:
    assert [(c.name, c.max_points, c.order) for c in pw.criteria] == [
        ("政治素质", Decimal(20), 1), ("工作思路", Decimal(30), 2), ("表达能力", Decimal(20), 3),
        ("岗位认识", Decimal(30), 4)]
    event = last_event()
    assert event.action == "scoring.rubric.set" and event.details["max"] == "100"
    made = panels.rubric_set(actor=pw.organiser, stage=pw.stage, criteria=[
        {"name": "综合素质", "max_points": "60.5", "description": "见评分细则"}, ("表达能力", 39.5)])
    assert [(c.name, c.max_points) for c in made] == [("综合素质", Decimal("60.5")), ("表达能力", Decimal("39.5"))]
    assert Criterion.objects.filter(stage=pw.stage).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("criteria", "message"), [
    ([], "至少要有一项评分要素"),
    ([("政治素质", 0)], "分值应大于0"),
    ([("政治素质", -5)], "分值应大于0"),
    ([("政治素质", "二十")], "不是数字"),
    ([("政治素质", "20.125")], "最多两位小数"),
    ([("", 20)], "第1项评分要素没有名称"),
    ([("政治素质", 20), ("政治素质", 30)], "评分要素“政治素质”重复"),
    ([("政治素质", None)], "没有分值"),
])
def test_bad_rubric_is_refused_and_nothing_changes(pw: PanelWorld, criteria: list[Any], message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        panels.rubric_set(actor=pw.organiser, stage=pw.stage, criteria=criteria)


@pytest.mark.django_db
def test_rubric_is_fixed_once_a_sheet_exists(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    first = pw.started(panel)[0]
    panels.rubric_set(actor=pw.organiser, stage=pw.stage, criteria=[("综合", 100)])  # before any sheet: allowed
    pw.criteria = list(Criterion.objects.filter(stage=pw.stage))
    sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(80))
    with nothing_changes(), pytest.raises(CampaignError, match="已有评委提交评分表，评分标准不能再修改"):
        panels.rubric_set(actor=pw.organiser, stage=pw.stage, criteria=[("综合", 90)])


@pytest.mark.django_db
def test_rubric_only_for_the_interview_stage_and_only_by_the_organiser(pw: PanelWorld) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="不是竞聘演讲/面试环节"):
        panels.rubric_set(actor=pw.organiser, stage=pw.world.stage("recommendation"), criteria=[("综合", 100)])
    with nothing_changes(), pytest.raises(PermissionDenied):
        panels.rubric_set(actor=pw.judges[0], stage=pw.stage, criteria=[("综合", 100)])
    with nothing_changes(), pytest.raises(PermissionDenied):
        panels.panel_create(actor=pw.world.reviewer, stage=pw.stage, name="X", posts=[pw.world.posts["P01"]])


# --- panels ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_panel_makes_an_appearance_for_every_candidate_of_its_posts(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01", judges=[(pw.judges[1], ""), pw.judges[0], {"user": pw.judges[2].pk}])
    event = last_event()
    assert event.action == "scoring.panel.create"
    assert event.details["posts"] == ["P01"] and event.details["candidates"] == 3
    assert [j["user"] for j in event.details["judges"]] == ["judge2", "judge", "judge3"]
    assert panel.rule == {"method": "trimmed", "drop": 1, "min_judges": 5}
    seats = list(PanelJudge.objects.filter(panel=panel).order_by("order"))
    assert [(s.user.username, s.order) for s in seats] == [("judge2", 1), ("judge", 2), ("judge3", 3)]
    heard = Appearance.objects.filter(panel=panel)
    assert sorted(a.application.person.name for a in heard) == ["人员1", "人员2", "人员3"]
    assert {a.application.post.code for a in heard} == {"P01"}
    assert all(a.order is None and a.status == "waiting" for a in heard)


@pytest.mark.django_db
def test_a_post_belongs_to_one_panel_and_judges_hold_the_role(pw: PanelWorld) -> None:
    pw.panel_for("P01")
    with nothing_changes(), pytest.raises(CampaignError, match="职位P01已由评委组“第一评委组”负责"):
        pw.panel_for("P01", "P02", name="第二评委组")
    with nothing_changes(), pytest.raises(CampaignError, match="已有名为“第一评委组”的评委组"):
        pw.panel_for("P02")
    with nothing_changes(), pytest.raises(CampaignError, match="用户“reviewer”没有评委角色"):
        pw.panel_for("P02", name="第二评委组", judges=[pw.world.reviewer])
    with nothing_changes(), pytest.raises(CampaignError, match="评委“评委甲1”重复"):
        pw.panel_for("P02", name="第二评委组", judges=[pw.judges[0], pw.judges[0]])
    with nothing_changes(), pytest.raises(CampaignError, match="职位P03（办公室科长）已取消"):
        pw.panel_for("P03", name="第二评委组")
    with nothing_changes(), pytest.raises(CampaignError, match="本批次没有编号为999999的职位"):
        panels.panel_create(actor=pw.organiser, stage=pw.stage, name="第二评委组", posts=[999999])
    with nothing_changes(), pytest.raises(CampaignError, match="请填写评委组名称"):
        pw.panel_for("P02", name="  ")


@pytest.mark.django_db
def test_a_bad_rule_is_refused_with_the_rules_reason(pw: PanelWorld) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="计分规则：各评委类别权重之和应为100，实为90"):
        pw.panel_for("P02", rule={"method": "groups", "groups": [{"code": "leaders", "weight": 40},
                                                                 {"code": "experts", "weight": 50}]})
    with nothing_changes(), pytest.raises(CampaignError, match="计分规则：未知的评委计分方法“median”"):
        pw.panel_for("P02", rule={"method": "median"})
    groups = {"method": "groups", "drop": 0, "groups": [{"code": "leaders", "weight": 40},
                                                        {"code": "experts", "weight": 60}]}
    with nothing_changes(), pytest.raises(CampaignError, match="评委“评委甲3”的类别“—”不在计分规则的评委类别"):
        pw.panel_for("P02", rule=groups, judges=[(pw.judges[0], "leaders"), (pw.judges[1], "experts"),
                                                 pw.judges[2]])
    panel = pw.panel_for("P02", rule=groups, judges=[(pw.judges[0], "leaders"), (pw.judges[1], "experts"),
                                                     (pw.judges[2], "experts")])
    assert panel.rule["method"] == "groups"
    assert [j.group for j in panel.judges.order_by("order")] == ["leaders", "experts", "experts"]


@pytest.mark.django_db
def test_panel_changes_until_a_candidate_starts(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    four = make_user("judge4", "judge")
    panels.panel_update(actor=pw.organiser, panel=panel, judges=[*pw.judges, four], rule={"method": "mean"},
                        posts=[pw.world.posts["P01"], pw.world.posts["P02"]], place="第三会议室")
    panel.refresh_from_db()
    assert panel.judges.count() == 4 and panel.rule["method"] == "mean" and panel.place == "第三会议室"
    assert Appearance.objects.filter(panel=panel).count() == 6
    event = last_event()
    assert event.action == "scoring.panel.update" and len(event.details["added"]) == 3
    assert {"judges", "posts", "rule", "place"} <= set(event.details["changed"])
    # Taking a post away removes its candidates again (nothing happened to them).
    panels.panel_update(actor=pw.organiser, panel=panel, posts=[pw.world.posts["P01"]])
    assert Appearance.objects.filter(panel=panel).count() == 3
    pw.started(panel)
    with nothing_changes(), pytest.raises(CampaignError, match="已开始评分，其职位、评委和计分规则不能再改变"):
        panels.panel_update(actor=pw.organiser, panel=panel, judges=pw.judges)
    with nothing_changes(), pytest.raises(CampaignError, match="已开始评分"):
        panels.panel_update(actor=pw.organiser, panel=panel, rule={"method": "trimmed"})
    with nothing_changes(), pytest.raises(CampaignError, match="已开始评分"):
        panels.panel_delete(actor=pw.organiser, panel=panel)
    panels.panel_update(actor=pw.organiser, panel=panel, place="礼堂")  # the place may still change
    assert Panel.objects.get(pk=panel.pk).place == "礼堂"


@pytest.mark.django_db
def test_panel_delete_before_anything_happened(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    panels.panel_delete(actor=pw.organiser, panel=panel)
    assert not Panel.objects.exists() and not Appearance.objects.exists()
    assert last_event().action == "scoring.panel.delete"
    pw.panel_for("P01", name="重建的评委组")  # the post is free again
    assert Appearance.objects.count() == 3


# --- the draw -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_draw_by_lot_is_recorded_with_the_full_order(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    order = panels.appearance_draw(actor=pw.organiser, panel=panel, rng=random.Random(1))
    expected = sorted(Appearance.objects.filter(panel=panel), key=lambda a: a.application_id)
    random.Random(1).shuffle(expected)
    assert [a.pk for a in order] == [a.pk for a in expected]
    assert [a.order for a in Appearance.objects.filter(panel=panel).order_by("order")] == [1, 2, 3]
    event = last_event()
    assert event.action == "scoring.panel.draw" and event.details["redraw"] is False
    assert [(r["order"], r["name"]) for r in event.details["order"]] == [
        (n, a.application.person.name) for n, a in enumerate(expected, start=1)]
    panels.appearance_draw(actor=pw.organiser, panel=panel, rng=random.Random(2))
    assert last_event().details["redraw"] is True
    panels.appearance_start(actor=pw.organiser, appearance=Appearance.objects.get(panel=panel, order=1))
    with nothing_changes(), pytest.raises(CampaignError, match="已开始评分，出场顺序不能再抽签"):
        panels.appearance_draw(actor=pw.organiser, panel=panel, rng=random.Random(3))


@pytest.mark.django_db
def test_draw_uses_the_system_random_unless_given_one(pw: PanelWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    used = []

    class Spy(random.Random):
        def shuffle(self, x: Any) -> None:  # type: ignore[override]
            used.append(len(x))
            x.reverse()

    monkeypatch.setattr("xuanren.scoring.actions.panels.secrets.SystemRandom", Spy)
    panel = pw.panel_for("P01")
    order = panels.appearance_draw(actor=pw.organiser, panel=panel)
    assert used == [3]
    assert [a.application_id for a in order] == sorted((a.application_id for a in order), reverse=True)


@pytest.mark.django_db
def test_absent_candidates_do_not_draw(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    absent = pw.appearance("人员2")
    panels.appearance_absent(actor=pw.organiser, appearance=absent)
    order = pw.drawn(panel)
    assert len(order) == 2 and absent.pk not in {a.pk for a in order}
    assert last_event().details["absent"] == ["人员2"]
    back = panels.appearance_absent(actor=pw.organiser, appearance=absent, absent=False)
    assert (back.absent, back.status, back.order) == (False, "waiting", 3)


@pytest.mark.django_db
def test_nothing_to_draw(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    with mock.patch("xuanren.scoring.actions.panels.candidates", return_value=[]):
        panels.panel_update(actor=pw.organiser, panel=panel, place="礼堂")  # no candidates left: all removed
        assert not Appearance.objects.exists()
        with nothing_changes(), pytest.raises(CampaignError, match="没有需评分的人选，无法抽签"):
            panels.appearance_draw(actor=pw.organiser, panel=panel)


# --- start, close, absent --------------------------------------------------------------------------

@pytest.mark.django_db
def test_start_needs_the_draw_and_runs_once(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    first = pw.appearance("人员1")
    with nothing_changes(), pytest.raises(CampaignError, match="尚未抽签确定出场顺序，请先抽签"):
        panels.appearance_start(actor=pw.organiser, appearance=first)
    pw.drawn(panel)
    started = panels.appearance_start(actor=pw.organiser, appearance=first)
    assert started.status == "scoring" and last_event().action == "scoring.appearance.start"
    with nothing_changes(), pytest.raises(CampaignError, match="人员1（职位P01）评分中，不能再次开始"):
        panels.appearance_start(actor=pw.organiser, appearance=first)


@pytest.mark.django_db
def test_start_needs_judges_and_the_stage_open(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01", judges=[])
    pw.drawn(panel)
    first = pw.appearance("人员1")
    with nothing_changes(), pytest.raises(CampaignError, match="评委组“第一评委组”还没有评委"):
        panels.appearance_start(actor=pw.organiser, appearance=first)
    panels.panel_update(actor=pw.organiser, panel=panel, judges=pw.judges)
    pw.stage.status = "pending"
    pw.stage.save()
    with nothing_changes(), pytest.raises(CampaignError, match="环节尚未开始，不能开始评分"):
        panels.appearance_start(actor=pw.organiser, appearance=first)


@pytest.mark.django_db
def test_close_names_the_missing_judges_then_records_the_score(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01")
    first = pw.started(panel)[0]
    sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(18, 26, 17, 25))  # 86
    missing = "尚有评委未提交评分：评委2（评委甲2）、评委3（评委甲3）"
    with nothing_changes(), pytest.raises(CampaignError, match=missing):
        panels.appearance_close(actor=pw.organiser, appearance=first)
    sheets.sheet_submit(actor=pw.judges[1], appearance=first, points=pw.points(17, 25, 16, 27))  # 85
    sheets.sheet_recuse(actor=pw.judges[2], appearance=first, reason="系其近亲属")
    closed = panels.appearance_close(actor=pw.organiser, appearance=first, now=AFTER)
    assert (closed.status, closed.closed_at, closed.closed_by) == ("closed", AFTER, pw.organiser)
    event = last_event()
    assert event.action == "scoring.appearance.close"
    assert (event.details["score"], event.details["display"]) == ("171/2", "85.50")
    zh = [line["zh"] for line in event.details["explanation"]]
    assert "评委1：86分" in zh and "评委2：85分" in zh and not any("评委3" in z for z in zh)
    with nothing_changes(), pytest.raises(CampaignError, match="已结束评分，不能结束评分"):
        panels.appearance_close(actor=pw.organiser, appearance=first)


@pytest.mark.django_db
def test_close_refused_when_every_judge_recused(pw: PanelWorld) -> None:
    first = pw.started(pw.panel_for("P01"))[0]
    for judge in pw.judges:
        sheets.sheet_recuse(actor=judge, appearance=first, reason="回避")
    with nothing_changes(), pytest.raises(CampaignError, match="没有评委有效评分（全部回避）"):
        panels.appearance_close(actor=pw.organiser, appearance=first)


@pytest.mark.django_db
def test_close_refused_before_the_start(pw: PanelWorld) -> None:
    pw.drawn(pw.panel_for("P01"))
    with nothing_changes(), pytest.raises(CampaignError, match="待评分，不能结束评分"):
        panels.appearance_close(actor=pw.organiser, appearance=pw.appearance("人员1"))


@pytest.mark.django_db
def test_absent_only_before_any_sheet(pw: PanelWorld) -> None:
    order = pw.started(pw.panel_for("P01"))
    first, second = order[0], order[1]
    sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(18, 26, 17, 25))
    with nothing_changes(), pytest.raises(CampaignError, match="已有评委评分，不能登记为缺席"):
        panels.appearance_absent(actor=pw.organiser, appearance=first)
    marked = panels.appearance_absent(actor=pw.organiser, appearance=second)
    assert (marked.absent, marked.status, marked.order) == (True, "closed", None)
    assert last_event().details["absent"] is True
    with nothing_changes(), pytest.raises(CampaignError, match="已登记为缺席"):
        panels.appearance_absent(actor=pw.organiser, appearance=second)
    with nothing_changes(), pytest.raises(CampaignError, match="已登记为缺席，不能开始评分"):
        panels.appearance_start(actor=pw.organiser, appearance=second)
    with nothing_changes(), pytest.raises(CampaignError, match="未登记缺席"):
        panels.appearance_absent(actor=pw.organiser, appearance=order[2], absent=False)


@pytest.mark.django_db
def test_nothing_changes_once_the_stage_is_sealed(pw: PanelWorld) -> None:
    panel = pw.panel_for("P01", "P02")
    order = pw.started(panel)
    for a in order:
        if a.status == "waiting":
            panels.appearance_absent(actor=pw.organiser, appearance=a)
    pw.score(order[0], [(18, 26, 17, 25)] * 3)
    panels.appearance_close(actor=pw.organiser, appearance=order[0])
    campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage, now=AFTER)
    with nothing_changes(), pytest.raises(CampaignError, match="已封存"):
        panels.rubric_set(actor=pw.organiser, stage=pw.stage, criteria=[("综合", 100)])
    with nothing_changes(), pytest.raises(CampaignError, match="已封存"):
        panels.panel_update(actor=pw.organiser, panel=panel, place="礼堂")
    with nothing_changes(), pytest.raises(CampaignError, match="已封存"):
        panels.appearance_absent(actor=pw.organiser, appearance=order[1], absent=False)
