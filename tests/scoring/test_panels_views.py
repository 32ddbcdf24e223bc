"""The organiser's pages of the interview stage: rubric, panels, draw, progress grid, start/close/absent."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns.world import sh
from tests.scoring.panel_world import PanelWorld, build_panel_world
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.models import Stage
from xuanren.record.models import Event
from xuanren.scoring.actions import panels, sheets
from xuanren.scoring.models import Appearance, Criterion, Panel


@pytest.fixture
def pw(personas: dict[str, Any]) -> PanelWorld:
    return build_panel_world(personas)


def stage_url(pw: PanelWorld) -> str:
    return reverse("scoring:panels", kwargs={"pk": pw.world.campaign.pk, "stage_pk": pw.stage.pk})


def text(response: Any) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_stage_page_for_the_organiser_and_read_only_for_reviewers(pw: PanelWorld, as_role: Any) -> None:
    Stage.objects.filter(pk=pw.stage.pk).update(weight=40)  # scored: every candidate needs a panel
    page = text(as_role("organiser").get(stage_url(pw)))
    assert 'id="rubric-form"' in page and 'id="panel-create-form"' in page
    assert 'value="政治素质"' in page and "满分100分" in page
    assert "评委甲2" in page  # judges to choose from
    assert "职位P01尚有3名人选未安排评委组" in page  # what sealing waits for
    read_only = text(as_role("reviewer").get(stage_url(pw)))
    assert 'id="rubric-form"' not in read_only and 'id="panel-create-form"' not in read_only
    assert "政治素质" in read_only and '<td class="num">20</td>' in read_only
    assert as_role("judge").get(stage_url(pw)).status_code == 403
    # Not an interview stage: not found.
    other = reverse("scoring:panels", kwargs={"pk": pw.world.campaign.pk,
                                              "stage_pk": pw.world.stage("recommendation").pk})
    assert as_role("organiser").get(other).status_code == 404


@pytest.mark.django_db
def test_rubric_saved_from_the_form(pw: PanelWorld, as_role: Any) -> None:
    client = as_role("organiser")
    url = reverse("scoring:rubric_set", kwargs={"pk": pw.world.campaign.pk, "stage_pk": pw.stage.pk})
    r = client.post(url, {"name_1": "综合素质", "max_1": "60", "description_1": "", "name_2": "表达能力",
                          "max_2": "40", "name_3": "", "max_3": ""}, follow=True)
    assert "评分标准已保存：共2项。" in text(r)
    assert [(c.name, int(c.max_points)) for c in Criterion.objects.filter(stage=pw.stage)] == [
        ("综合素质", 60), ("表达能力", 40)]
    r = client.post(url, {"name_1": "综合素质", "max_1": "0"}, follow=True)
    assert "评分要素“综合素质”的分值应大于0，实为0" in text(r)
    assert Criterion.objects.filter(stage=pw.stage).count() == 2


@pytest.mark.django_db
def test_panel_created_from_the_form(pw: PanelWorld, as_role: Any) -> None:
    client = as_role("organiser")
    url = reverse("scoring:panel_create", kwargs={"pk": pw.world.campaign.pk, "stage_pk": pw.stage.pk})
    j1, j2, j3 = pw.judges
    r = client.post(url, {
        "name": "第一评委组", "post": [pw.world.posts["P01"].pk, pw.world.posts["P02"].pk],
        "judge": [j1.pk, j2.pk, j3.pk], f"seat_{j3.pk}": "1", f"seat_{j1.pk}": "2", f"seat_{j2.pk}": "3",
        "method": "mean", "place": "三楼会议室", "sitting": "2026-12-10T09:00"}, follow=True)
    panel = Panel.objects.get()
    assert r.redirect_chain[-1][0] == reverse("scoring:panel", kwargs={"panel_pk": panel.pk})
    assert "评委组“第一评委组”已建立。" in text(r)
    assert [j.user for j in panel.judges.order_by("order")] == [j3, j1, j2]
    assert panel.rule["method"] == "mean" and panel.place == "三楼会议室"
    assert panel.sitting == sh(2026, 12, 10, 9, 0)  # in the campaign's time zone
    assert Appearance.objects.filter(panel=panel).count() == 6
    # A refusal comes back in the action's words, nothing made.
    r = client.post(url, {"name": "第二评委组", "post": [pw.world.posts["P01"].pk], "method": "trimmed",
                          "drop": "x"}, follow=True)
    assert "去掉最高分、最低分的个数应为整数，实为“x”" in text(r)
    r = client.post(url, {"name": "第二评委组", "post": [pw.world.posts["P01"].pk], "method": "groups",
                          "groups": "leaders:40，experts:50"}, follow=True)
    assert "计分规则：各评委类别权重之和应为100，实为90" in text(r)
    assert Panel.objects.count() == 1


@pytest.mark.django_db
def test_panel_update_and_delete_from_the_page(pw: PanelWorld, as_role: Any) -> None:
    panel = pw.panel_for("P01")
    client = as_role("organiser")
    page = text(client.get(reverse("scoring:panel", kwargs={"panel_pk": panel.pk})))
    assert 'id="panel-update-form"' in page and "抽签确定出场顺序" in page
    r = client.post(reverse("scoring:panel_update", kwargs={"panel_pk": panel.pk}), {
        "name": "改名的评委组", "post": [pw.world.posts["P01"].pk], "judge": [pw.judges[0].pk, pw.judges[1].pk],
        "method": "trimmed", "drop": "1", "min_judges": "5"}, follow=True)
    assert "评委组已保存。" in text(r)
    panel.refresh_from_db()
    assert panel.name == "改名的评委组" and panel.judges.count() == 2
    r = client.post(reverse("scoring:panel_delete", kwargs={"panel_pk": panel.pk}), follow=True)
    assert "评委组“改名的评委组”已删除。" in text(r) and not Panel.objects.exists()


@pytest.mark.django_db
def test_draw_start_progress_close_on_the_panel_page(pw: PanelWorld, as_role: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    panel = pw.panel_for("P01")
    client = as_role("organiser")
    panel_url = reverse("scoring:panel", kwargs={"panel_pk": panel.pk})
    monkeypatch.setattr("xuanren.scoring.actions.panels.secrets.SystemRandom", lambda: random.Random(5))
    r = client.post(reverse("scoring:panel_draw", kwargs={"panel_pk": panel.pk}), follow=True)
    order = list(Appearance.objects.filter(panel=panel).order_by("order"))
    names = "、".join(f"{a.order}. {a.application.person.name}" for a in order)
    assert f"已抽签确定出场顺序（已记入全程记实）：{names}" in text(r)
    first = order[0]
    r = client.post(reverse("scoring:appearance_start", kwargs={"appearance_pk": first.pk}),
                    {"next": panel_url}, follow=True)
    assert f"{first.application.person.name}：开始评分" in text(r)
    assert "重新抽签" not in text(r) and 'id="panel-update-form"' not in text(r)  # fixed once started
    sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points("19.25", 26, 17, 25))  # 87.25
    sheets.sheet_recuse(actor=pw.judges[1], appearance=first, reason="同一处室")
    grid = text(client.get(reverse("scoring:panel_progress", kwargs={"panel_pk": panel.pk})))
    row = grid[grid.index(f'id="appearance-{first.pk}"'):]
    row = row[:row.index("</tr>")]
    assert row.count("✓") == 1 and "回避" in row and row.count("cell-missing") == 1
    assert "87.25" not in grid and "19.25" not in grid  # no score before the candidate is closed
    r = client.post(reverse("scoring:appearance_close", kwargs={"appearance_pk": first.pk}),
                    {"next": panel_url}, follow=True)
    assert "尚有评委未提交评分：评委3（评委甲3）" in text(r)
    sheets.sheet_submit(actor=pw.judges[2], appearance=first, points=pw.points(18, 26, 17, 25))  # 86
    r = client.post(reverse("scoring:appearance_close", kwargs={"appearance_pk": first.pk}),
                    {"next": panel_url}, follow=True)
    assert f"{first.application.person.name}：评分已结束。" in text(r)
    grid = text(client.get(reverse("scoring:panel_progress", kwargs={"panel_pk": panel.pk})))
    assert "87.25" in grid and "86.00" in grid and "86.63" in grid  # the totals, then (87.25 + 86) / 2
    stage_page = text(client.get(stage_url(pw)))
    assert "86.63" in stage_page and "评委1" in stage_page


@pytest.mark.django_db
def test_absent_and_back_from_the_grid(pw: PanelWorld, as_role: Any) -> None:
    panel = pw.panel_for("P01")
    pw.drawn(panel)
    client = as_role("organiser")
    second = Appearance.objects.get(panel=panel, order=2)
    url = reverse("scoring:appearance_absent", kwargs={"appearance_pk": second.pk})
    r = client.post(url, follow=True)
    assert f"{second.application.person.name}：已登记缺席。" in text(r)
    assert Appearance.objects.get(pk=second.pk).absent
    r = client.post(url, {"absent": "0"}, follow=True)
    assert f"{second.application.person.name}：已撤销缺席登记。" in text(r)
    assert not Appearance.objects.get(pk=second.pk).absent


@pytest.mark.django_db
def test_progress_polls_only_while_the_stage_is_open(pw: PanelWorld, as_role: Any) -> None:
    panel = pw.panel_for("P01")
    url = reverse("scoring:panel", kwargs={"panel_pk": panel.pk})
    page = text(as_role("organiser").get(url))
    assert 'hx-trigger="every 3s"' in page and "htmx.min.js" in page
    Stage.objects.filter(pk=pw.stage.pk).update(status=Stage.Status.SEALED)
    assert 'hx-trigger="every 3s"' not in text(as_role("organiser").get(url))
    assert 'id="draw-form"' not in text(as_role("organiser").get(url))


@pytest.mark.django_db
def test_only_the_organiser_changes_anything(pw: PanelWorld, as_role: Any) -> None:
    panel = pw.panel_for("P01")
    before = Event.objects.count()
    for role in ("reviewer", "supervisor", "judge"):
        client = as_role(role)
        assert client.post(reverse("scoring:panel_draw", kwargs={"panel_pk": panel.pk})).status_code == 403
        assert client.post(reverse("scoring:panel_delete", kwargs={"panel_pk": panel.pk})).status_code == 403
    assert Event.objects.count() == before
    assert as_role("supervisor").get(reverse("scoring:panel", kwargs={"panel_pk": panel.pk})).status_code == 200


@pytest.mark.django_db
def test_sealed_results_on_the_stage_page(pw: PanelWorld, as_role: Any) -> None:
    panel = pw.panel_for("P01", "P02", rule={"method": "mean"})
    order = pw.drawn(panel)
    for a in order[1:]:
        panels.appearance_absent(actor=pw.organiser, appearance=a)
    panels.appearance_start(actor=pw.organiser, appearance=order[0])
    pw.score(order[0], [(18, 26, 17, 25), (17, 25, 16, 27), (19, 27, 18, 26)])
    panels.appearance_close(actor=pw.organiser, appearance=order[0])
    campaign_actions.stage_seal(actor=pw.organiser, stage=pw.stage)
    page = text(as_role("organiser").get(stage_url(pw)))
    assert 'id="sealed-note"' in page and "87.00" in page and 'id="panel-create-form"' not in page
    assert page.count("缺席") >= 5
