"""Panel scoring in the browser: three judges score two candidates on phone-sized pages, one corrects a
score, the organiser follows the progress grid (it refreshes itself), closes each candidate, and the
interview's results table shows the panel scores (three judges: the plain mean). No judge's page ever
showed another judge's numbers.

Each judge's points end in their own decimals (judge 1 in .25, judge 2 in .5, judge 3 in .75), so a number
of one judge on another judge's page would be seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.shots import shooter
from tests.browser.test_campaign import login
from tests.scoring.panel_world import PanelWorld, build_panel_world
from xuanren.record.models import Event
from xuanren.scoring.models import Appearance, Sheet

PHONE = {"width": 390, "height": 844}

# candidate (by order of appearance) → judge → points per criterion (政治素质, 工作思路, 表达能力, 岗位认识)
POINTS = {
    1: [("18.25", "26", "17", "25"), ("17.5", "25", "16", "27"), ("19.75", "27", "18", "26")],  # 86.25 85.5 90.75
    2: [("15.25", "20", "15", "20"), ("16.5", "21", "15", "20"), ("15.75", "20", "15", "21")],  # 70.25 72.5 71.75
}
TOTALS = {1: ("86.25", "85.5", "90.75"), 2: ("70.25", "72.5", "71.75")}
CORRECTED = ("19.25", "26", "17", "25")  # judge 1 corrects candidate 1's first criterion: 87.25
# (87.25 + 85.5 + 90.75) / 3 = 87.83…; (70.25 + 72.5 + 71.75) / 3 = 71.5
PANEL_SCORES = {1: "87.83", 2: "71.50"}


shot = shooter("judging-")


@pytest.fixture
def contexts(chromium: Any) -> Iterator[list[Any]]:
    made: list[Any] = []
    yield made
    for context in made:
        context.close()


def open_page(chromium: Any, contexts: list[Any], base: str, username: str, *, phone: bool) -> Any:
    if phone:
        context = chromium.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True,
                                       device_scale_factor=2)
    else:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, base, username)
    return page


def numbers(html: str) -> set[str]:
    """Every number with decimals on a page (CSRF tokens aside)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return set(re.findall(r"(?<![\w.-])\d+\.\d+(?![\w.])", html))


@pytest.mark.django_db(transaction=True)
def test_three_judges_score_on_their_phones_and_the_results_show_the_means(
        live_server: Any, chromium: Any, contexts: list[Any], personas: dict[str, Any]) -> None:
    base = live_server.url
    pw: PanelWorld = build_panel_world(personas)
    panel = pw.panel_for("P01")
    criteria = pw.criteria
    seen: dict[int, list[str]] = {0: [], 1: [], 2: []}

    def keep(n: int, page: Any) -> None:
        seen[n].append(page.content())

    # The organiser opens the interview stage from the dashboard, then the panel, and draws the order.
    org = open_page(chromium, contexts, base, "organiser", phone=False)
    org.goto(f"{base}/campaigns/{pw.world.campaign.pk}/")
    with org.expect_navigation():
        org.get_by_role("link", name="评委与评分").click()
    expect(org.locator("#rubric input[name=name_1]")).to_have_value("政治素质")
    with org.expect_navigation():
        org.locator("#panel-table").get_by_role("link", name="第一评委组").click()
    with org.expect_navigation():
        org.click("#draw-form button")
    assert "已抽签确定出场顺序" in org.locator("main").inner_text()
    order = list(Appearance.objects.filter(panel=panel).order_by("order"))
    assert [a.order for a in order] == [1, 2, 3]
    shot(org, "1-drawn")

    # The judges log in on their phones; the first candidate has not started yet.
    phones = [open_page(chromium, contexts, base, j.username, phone=True) for j in pw.judges]
    for n, phone in enumerate(phones):
        phone.goto(f"{base}/judge/")
        assert phone.viewport_size == PHONE
        expect(phone.locator(f"#candidate-{order[0].pk}")).to_have_attribute("data-status", "waiting")
        keep(n, phone)

    def score(n: int, candidate: int) -> None:
        phone = phones[n]
        a = order[candidate - 1]
        phone.goto(f"{base}/judge/")
        expect(phone.locator(f"#candidate-{a.pk}")).to_have_attribute("data-status", "scoring")
        with phone.expect_navigation():
            phone.click(f"#candidate-{a.pk}")
        keep(n, phone)
        for c, value in zip(criteria, POINTS[candidate][n], strict=True):
            phone.fill(f"#points_{c.pk}", value)
        expect(phone.locator("#live-total")).to_have_text(TOTALS[candidate][n])
        if n == 0 and candidate == 1:
            shot(phone, "2-phone-sheet")
        with phone.expect_navigation():
            phone.click("#submit-sheet")
        expect(phone.locator("#own-total")).to_have_text(TOTALS[candidate][n])
        keep(n, phone)

    def start(candidate: int) -> None:
        a = order[candidate - 1]
        with org.expect_navigation():
            org.click(f"#appearance-{a.pk} .start-button")
        assert org.locator(f"#appearance-{a.pk}").get_attribute("data-status") == "scoring"

    def close(candidate: int) -> None:
        a = order[candidate - 1]
        # The grid refreshes itself: three ticks appear without reloading the page.
        expect(org.locator(f"#appearance-{a.pk} .cell-submitted")).to_have_count(3)
        assert "✓" in org.locator(f"#appearance-{a.pk}").inner_text()
        for total in TOTALS[candidate]:  # no judge's total on the grid before closing
            assert total not in org.locator("#progress-grid").inner_text()
        with org.expect_navigation():
            org.click(f"#appearance-{a.pk} .close-button")
        assert "评分已结束" in org.locator("main").inner_text()

    start(1)
    for n in range(3):
        score(n, 1)
    # Judge 1 corrects their first criterion before the candidate is closed.
    with phones[0].expect_navigation():
        phones[0].reload()
    phones[0].click("#show-correct")
    phones[0].fill(f"#points_{criteria[0].pk}", CORRECTED[0])
    expect(phones[0].locator("#live-total")).to_have_text("87.25")
    with phones[0].expect_navigation():
        phones[0].click("#submit-sheet")
    expect(phones[0].locator("#own-total")).to_have_text("87.25")
    assert "已修改1次" in phones[0].locator("#own-sheet").inner_text()
    keep(0, phones[0])
    shot(org, "3-progress")
    close(1)
    assert org.locator(f"#appearance-{order[0].pk} .panel-score").inner_text().startswith(PANEL_SCORES[1])

    start(2)
    for n in (2, 0, 1):
        score(n, 2)
    close(2)
    # The third candidate does not come: marked absent.
    with org.expect_navigation():
        org.locator(f"#appearance-{order[2].pk}").get_by_role("button", name="缺席").click()
    shot(org, "4-closed")

    # A judge can no longer change a closed candidate's sheet.
    phones[1].goto(f"{base}/judge/appearances/{order[0].pk}/")
    assert phones[1].locator("#closed-note").is_visible() and phones[1].locator("#sheet-form").count() == 0
    keep(1, phones[1])

    # The interview's results table: the panel scores, each judge's total by seat.
    with org.expect_navigation():
        org.get_by_role("link", name="评委与评分").click()
    table = org.locator("#results-P01 table")
    rows = {r.locator(".name").inner_text(): r for r in table.locator("tbody tr").all()}
    first, second, third = (a.application.person.name for a in order)
    assert rows[first].locator(".panel-score").inner_text() == PANEL_SCORES[1]
    assert rows[second].locator(".panel-score").inner_text() == PANEL_SCORES[2]
    assert rows[third].locator(".panel-score").inner_text() == "缺席"
    assert rows[first].locator(".judge-total").all_inner_texts() == ["87.25", "85.5", "90.75"]
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()][2:5] == ["评委1", "评委2", "评委3"]
    shot(org, "5-results")

    # Nothing of another judge's sheet, nor a panel score, was ever on a judge's page.
    own = {0: {"18.25", "86.25", "19.25", "87.25", "15.25", "70.25"}, 1: {"17.5", "85.5", "16.5", "72.5"},
           2: {"19.75", "90.75", "15.75", "71.75"}}
    for n in range(3):
        shown = set().union(*(numbers(html) for html in seen[n]))
        others = set().union(*(own[m] for m in own if m != n))
        assert not shown & others, f"judge {n + 1} saw {shown & others}"
        assert not shown & set(PANEL_SCORES.values())
        assert own[n] & shown  # (their own numbers were there: the check can fail)

    assert Sheet.objects.filter(appearance__panel=panel, revision=1).count() == 1
    assert Event.objects.filter(action="scoring.appearance.close").count() == 2
