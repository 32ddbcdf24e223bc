"""A judge's sheet: handed in once, checked against the rubric, corrected until closed, recusal; the record
never shows a judge's points."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.conftest import make_user
from tests.scoring.panel_world import PanelWorld, build_panel_world, last_event, nothing_changes
from xuanren.campaigns.errors import CampaignError
from xuanren.record.models import Event
from xuanren.scoring.actions import panels, sheets
from xuanren.scoring.models import Appearance, Sheet


@pytest.fixture
def pw(personas: dict[str, Any]) -> PanelWorld:
    return build_panel_world(personas)


@pytest.fixture
def first(pw: PanelWorld) -> Appearance:
    """P01's panel drawn, the first candidate in order started."""
    return pw.started(pw.panel_for("P01"))[0]


@pytest.mark.django_db
def test_submit_stores_the_points_and_their_total(pw: PanelWorld, first: Appearance) -> None:
    sheet = sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points("18.5", 26, "17", "25.25"))
    assert sheet.total == Decimal("86.75") and sheet.revision == 0 and not sheet.recused
    assert sheet.points == dict(zip([str(c.pk) for c in pw.criteria], ["18.5", "26", "17", "25.25"], strict=True))
    event = last_event()
    assert event.action == "scoring.sheet.submit"
    assert event.details["judge"] == "评委1" and event.details["candidate"] == first.application.person.name
    # The record shows who handed in a sheet for whom, never the points.
    shown = json.dumps(event.details, ensure_ascii=False) + event.object_repr
    assert "86.75" not in shown and "18.5" not in shown and "25.25" not in shown


@pytest.mark.django_db
def test_a_second_submit_is_refused(pw: PanelWorld, first: Appearance) -> None:
    sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(18, 26, 17, 25))
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(19, 26, 17, 25))
    assert str(refused.value) == "您已提交对该人选的评分，如需修改请使用修改"
    assert refused.value.code == "campaigns.scoring.sheet.twice"


@pytest.mark.django_db
@pytest.mark.parametrize(("values", "message"), [
    ((21, 26, 17, 25), "“政治素质”得分21超过该项满分20"),
    ((18, -1, 17, 25), "“工作思路”得分-1不能为负数"),
    ((18, 26, None, 25), "“表达能力”未评分"),
    ((18, 26, "", 25), "“表达能力”未评分"),
    ((18, 26, 17, "二十"), "“岗位认识”得分“二十”不是数字"),
    ((18, 26, 17, "25.125"), "“岗位认识”得分“25.125”最多保留两位小数"),
])
def test_points_are_checked_against_the_rubric(pw: PanelWorld, first: Appearance, values: tuple[Any, ...],
                                                message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(*values))


@pytest.mark.django_db
def test_a_criterion_not_in_the_rubric_is_refused(pw: PanelWorld, first: Appearance) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="评分表中有评分标准之外的项目：999"):
        sheets.sheet_submit(actor=pw.judges[0], appearance=first, points={**pw.points(18, 26, 17, 25), "999": 5})


@pytest.mark.django_db
def test_only_judges_of_the_panel_score(pw: PanelWorld, first: Appearance) -> None:
    stranger = make_user("judge9", "judge")
    refusal = r"您不是评委组“第一评委组”的评委，不能为人员\d（职位P01）评分"
    with nothing_changes(), pytest.raises(CampaignError, match=refusal):
        sheets.sheet_submit(actor=stranger, appearance=first, points=pw.points(18, 26, 17, 25))
    with nothing_changes(), pytest.raises(PermissionDenied):
        sheets.sheet_submit(actor=pw.organiser, appearance=first, points=pw.points(18, 26, 17, 25))
    # A judge of another post's panel cannot score P01's candidates either.
    pw.panel_for("P02", name="第二评委组", judges=[stranger])
    with nothing_changes(), pytest.raises(CampaignError, match="您不是评委组“第一评委组”的评委"):
        sheets.sheet_submit(actor=stranger, appearance=first, points=pw.points(18, 26, 17, 25))


@pytest.mark.django_db
def test_only_while_the_candidate_is_being_scored(pw: PanelWorld, first: Appearance) -> None:
    waiting = Appearance.objects.get(panel=first.panel, order=2)
    with nothing_changes(), pytest.raises(CampaignError, match="尚未开始评分，请等待主持人开始"):
        sheets.sheet_submit(actor=pw.judges[0], appearance=waiting, points=pw.points(18, 26, 17, 25))
    pw.score(first, [(18, 26, 17, 25)] * 3)
    panels.appearance_close(actor=pw.organiser, appearance=first)
    sheet = Sheet.objects.get(appearance=first, judge__user=pw.judges[0])
    with nothing_changes(), pytest.raises(CampaignError, match="的评分已结束，评分表不能再提交或修改"):
        sheets.sheet_correct(actor=pw.judges[0], sheet=sheet, points=pw.points(19, 26, 17, 25))
    with nothing_changes(), pytest.raises(CampaignError, match="的评分已结束"):
        sheets.sheet_recuse(actor=pw.judges[1], appearance=first, reason="迟到的回避")


@pytest.mark.django_db
def test_a_sheet_after_close_is_refused(pw: PanelWorld, first: Appearance) -> None:
    for judge in pw.judges[:2]:
        sheets.sheet_submit(actor=judge, appearance=first, points=pw.points(18, 26, 17, 25))
    sheets.sheet_recuse(actor=pw.judges[2], appearance=first, reason="同一处室")
    panels.appearance_close(actor=pw.organiser, appearance=first)
    with nothing_changes(), pytest.raises(CampaignError, match="的评分已结束，评分表不能再提交或修改"):
        sheets.sheet_submit(actor=pw.judges[2], appearance=first, points=pw.points(18, 26, 17, 25))


@pytest.mark.django_db
def test_correct_own_sheet_until_closed(pw: PanelWorld, first: Appearance) -> None:
    sheet = sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(18, 26, 17, 25))
    submitted = last_event()
    fixed = sheets.sheet_correct(actor=pw.judges[0], sheet=sheet, points=pw.points(18, 28, 17, 25))
    assert (fixed.total, fixed.revision) == (Decimal(88), 1)
    event = last_event()
    assert event.action == "scoring.sheet.correct" and event.details["revision"] == 1
    assert event.before_digest == submitted.after_digest and event.after_digest != event.before_digest
    assert "88" not in json.dumps(event.details)
    with nothing_changes(), pytest.raises(CampaignError, match="评分与已提交的相同，无需修改"):
        sheets.sheet_correct(actor=pw.judges[0], sheet=fixed, points=pw.points(18, 28, 17, 25))
    with nothing_changes(), pytest.raises(CampaignError, match="只能修改本人的评分表"):
        sheets.sheet_correct(actor=pw.judges[1], sheet=fixed, points=pw.points(10, 28, 17, 25))
    with nothing_changes(), pytest.raises(CampaignError, match="“政治素质”得分25超过该项满分20"):
        sheets.sheet_correct(actor=pw.judges[0], sheet=fixed, points=pw.points(25, 28, 17, 25))


@pytest.mark.django_db
def test_recusal_needs_a_reason_and_is_recorded(pw: PanelWorld, first: Appearance) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="回避须写明理由"):
        sheets.sheet_recuse(actor=pw.judges[0], appearance=first, reason="  ")
    sheet = sheets.sheet_recuse(actor=pw.judges[0], appearance=first, reason="系该人选的直接上级")
    assert (sheet.recused, sheet.total, sheet.recusal_reason) == (True, None, "系该人选的直接上级")
    event = last_event()
    assert event.action == "scoring.sheet.recuse" and event.details["reason"] == "系该人选的直接上级"
    with nothing_changes(), pytest.raises(CampaignError, match=r"您已申请回避对人员\d（职位P01）的评分"):
        sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(18, 26, 17, 25))
    with nothing_changes(), pytest.raises(CampaignError, match="您已申请回避"):
        sheets.sheet_recuse(actor=pw.judges[0], appearance=first, reason="再次")


@pytest.mark.django_db
def test_recusal_before_the_start_and_after_a_sheet(pw: PanelWorld, first: Appearance) -> None:
    waiting = Appearance.objects.get(panel=first.panel, order=2)
    early = sheets.sheet_recuse(actor=pw.judges[1], appearance=waiting, reason="近亲属")
    assert early.recused and early.revision == 0
    sheet = sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(18, 26, 17, 25))
    withdrawn = sheets.sheet_recuse(actor=pw.judges[0], appearance=first, reason="发现系同学关系")
    assert withdrawn.pk == sheet.pk and withdrawn.recused and withdrawn.points == {} and withdrawn.revision == 1
    # A recusal made by mistake is corrected back into a sheet of points.
    again = sheets.sheet_correct(actor=pw.judges[0], sheet=withdrawn, points=pw.points(18, 26, 17, 25))
    assert (again.recused, again.total, again.recusal_reason, again.revision) == (False, Decimal(86), "", 2)


@pytest.mark.django_db
def test_sealed_stage_takes_no_sheet(pw: PanelWorld, first: Appearance) -> None:
    pw.stage.status = "sealed"
    pw.stage.save()
    with nothing_changes(), pytest.raises(CampaignError, match="环节已封存，评分表不能再提交或修改"):
        sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points(18, 26, 17, 25))


KEYS = {"campaign", "stage", "panel", "appearance", "application", "pk", "id", "object_id", "person", "user"}


def _without_keys(value: Any) -> Any:
    """``value`` without the primary keys it names: on PostgreSQL sequences run on across tests, so a key
    may be 85 or 90 by chance, which says nothing about a judge's total."""
    if isinstance(value, dict):
        return {k: _without_keys(v) for k, v in value.items() if k not in KEYS}
    if isinstance(value, list):
        return [_without_keys(v) for v in value]
    return value


@pytest.mark.django_db
def test_judges_totals_appear_in_the_record_only_when_closed(pw: PanelWorld, first: Appearance) -> None:
    pw.score(first, [(18, 26, 17, 25), (17, 25, 16, 27), (19, 27, 18, 26)])  # 86, 85, 90
    before_close = json.dumps([_without_keys(e.details) for e in Event.objects.filter(action__startswith="scoring.")],
                              ensure_ascii=False)
    assert "85" not in before_close and "86" not in before_close and "90" not in before_close
    panels.appearance_close(actor=pw.organiser, appearance=first)
    event = last_event()
    assert (event.details["score"], event.details["display"]) == ("87", "87.00")
    zh = [line["zh"] for line in event.details["explanation"]]
    assert zh[1:4] == ["评委1：86分", "评委2：85分", "评委3：90分"]
    assert not any("评委甲" in z or "judge" in z for z in zh)
