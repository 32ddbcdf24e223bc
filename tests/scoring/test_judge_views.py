"""The judge's phone pages: their panels and candidates, the sheet, correcting, recusing — and never another
judge's numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tests.scoring.panel_world import PanelWorld, build_panel_world
from xuanren.scoring.actions import panels, sheets
from xuanren.scoring.models import Appearance, Sheet


@pytest.fixture
def pw(personas: dict[str, Any]) -> PanelWorld:
    return build_panel_world(personas)


@pytest.fixture
def first(pw: PanelWorld) -> Appearance:
    return pw.started(pw.panel_for("P01"))[0]


def client_of(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return response.content.decode()


def form(pw: PanelWorld, *values: Any) -> dict[str, Any]:
    return {f"points_{c.pk}": v for c, v in zip(pw.criteria, values, strict=True)}


def score_url(a: Appearance, name: str = "score") -> str:
    return reverse(f"judge:{name}", kwargs={"appearance_pk": a.pk})


@pytest.mark.django_db
def test_home_lists_the_judges_panels_in_order(pw: PanelWorld, first: Appearance) -> None:
    page = text(client_of(pw.judges[1]).get(reverse("judge:home")))
    assert "第一评委组" in page and "您是评委2" in page
    order = list(Appearance.objects.filter(panel=first.panel).order_by("order"))
    positions = [page.index(f'id="candidate-{a.pk}"') for a in order]
    assert positions == sorted(positions)
    assert 'data-status="scoring"' in page and "未评分" in page
    assert 'hx-trigger="every 5s"' in page
    assert "我的评分" in page and ">评分</a>" in page  # the navigation entry
    stranger = make_user("judge9", "judge")
    assert "您目前没有参加任何评委组。" in text(client_of(stranger).get(reverse("judge:home")))


@pytest.mark.django_db
def test_a_judge_of_another_panel_is_refused_the_page(pw: PanelWorld, first: Appearance) -> None:
    stranger = make_user("judge9", "judge")
    c = client_of(stranger)
    assert c.get(score_url(first)).status_code == 403
    assert c.post(score_url(first, "submit"), form(pw, 18, 26, 17, 25)).status_code == 403
    assert not Sheet.objects.exists()


@pytest.mark.django_db
def test_sheet_page_has_the_rubric_with_large_decimal_inputs(pw: PanelWorld, first: Appearance) -> None:
    page = text(client_of(pw.judges[0]).get(score_url(first)))
    assert page.count('inputmode="decimal"') == 4 and page.count("form-control-lg") == 4
    assert 'data-max="20"' in page and 'data-max="30"' in page and "满分20" in page
    assert 'id="live-total"' in page and "/ 100" in page and 'id="submit-sheet"' in page


@pytest.mark.django_db
def test_submit_then_own_sheet_then_second_submit_refused(pw: PanelWorld, first: Appearance) -> None:
    c = client_of(pw.judges[0])
    r = c.post(score_url(first, "submit"), form(pw, "18.5", 26, 17, "25.25"), follow=True)
    assert f"已提交：{first.application.person.name}，合计86.75分。" in text(r)
    page = text(r)
    assert 'id="own-sheet"' in page and 'id="own-total">86.75<' in page and 'id="show-correct"' in page
    r = c.post(score_url(first, "submit"), form(pw, 19, 26, 17, 25), follow=True)
    assert "您已提交对该人选的评分，如需修改请使用修改" in text(r)
    assert Sheet.objects.get().total == Decimal("86.75")


@pytest.mark.django_db
def test_bad_points_keep_what_was_typed_and_save_nothing(pw: PanelWorld, first: Appearance) -> None:
    r = client_of(pw.judges[0]).post(score_url(first, "submit"), form(pw, 21, "26", "", 25))
    page = text(r)
    assert r.status_code == 200 and "“政治素质”得分21超过该项满分20" in page
    assert 'value="21"' in page and 'value="26"' in page
    assert not Sheet.objects.exists()


@pytest.mark.django_db
def test_correct_until_closed(pw: PanelWorld, first: Appearance) -> None:
    c = client_of(pw.judges[0])
    c.post(score_url(first, "submit"), form(pw, 18, 26, 17, 25))
    r = c.post(score_url(first, "correct"), form(pw, 18, 28, 17, 25), follow=True)
    assert f"已修改：{first.application.person.name}，合计88分（第1次修改）。" in text(r)
    assert "已修改1次" in text(r) and 'id="own-total">88<' in text(r)
    for judge in pw.judges[1:]:
        sheets.sheet_submit(actor=judge, appearance=first, points=pw.points(15, 20, 15, 20))
    panels.appearance_close(actor=pw.organiser, appearance=first)
    r = c.post(score_url(first, "correct"), form(pw, 18, 29, 17, 25), follow=True)
    assert "的评分已结束，评分表不能再提交或修改" in text(r)
    page = text(c.get(score_url(first)))
    assert 'id="closed-note"' in page and 'id="sheet-form"' not in page and 'id="recuse-form"' not in page
    assert Sheet.objects.get(judge__user=pw.judges[0]).total == Decimal(88)


@pytest.mark.django_db
def test_recuse_with_a_reason(pw: PanelWorld, first: Appearance) -> None:
    c = client_of(pw.judges[1])
    r = c.post(score_url(first, "recuse"), {"reason": ""}, follow=True)
    assert "回避须写明理由" in text(r)
    r = c.post(score_url(first, "recuse"), {"reason": "系该人选的配偶"}, follow=True)
    assert "已申请回避" in text(r) and "系该人选的配偶" in text(r)
    assert Sheet.objects.get(judge__user=pw.judges[1]).recused


@pytest.mark.django_db
def test_waiting_candidate_page_refreshes_itself(pw: PanelWorld, first: Appearance) -> None:
    waiting = Appearance.objects.get(panel=first.panel, order=2)
    page = text(client_of(pw.judges[0]).get(score_url(waiting)))
    assert 'http-equiv="refresh"' in page and 'id="waiting"' in page and 'id="sheet-form"' not in page
    assert 'id="recuse-form"' in page  # a conflict known in advance may be declared before the start


@pytest.mark.django_db
def test_a_judge_never_sees_another_judges_numbers(pw: PanelWorld, first: Appearance) -> None:
    sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=pw.points("19.25", "27.75", "17.5", "23.5"))
    theirs = ("19.25", "27.75", "17.5", "23.5", "88")  # judge 1's points and total
    other = client_of(pw.judges[1])

    def shown() -> set[str]:
        """Every number on the judge's pages (tokens and ids aside)."""
        pages = text(other.get(reverse("judge:home"))) + text(other.get(score_url(first)))
        pages = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", pages)
        return set(re.findall(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w.])", pages))

    assert not set(theirs) & shown()
    other.post(score_url(first, "submit"), form(pw, 16, 22, 15, 21))  # 74
    assert not set(theirs) & shown()
    sheets.sheet_submit(actor=pw.judges[2], appearance=first, points=pw.points(15, 20, 15, 20))
    panels.appearance_close(actor=pw.organiser, appearance=first)
    after = shown()
    assert not set(theirs) & after and "74" in after
    assert "78.67" not in after  # nor the panel score: that is published with the stage's results
