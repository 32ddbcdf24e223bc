"""Steps 1–3 of a campaign in the browser: the organiser creates a campaign from the seed 000 template and
adds two posts, an applicant applies, the reviewer reviews, the stage is sealed and the public list appears.

The server's clock is moved forward (the live server runs in this process) instead of waiting for the
deadline: applications close, then the review is run and the stage sealed, as on the real days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.browser.shots import shooter
from tests.campaigns.world import make_person
from tests.conftest import PASSWORD
from xuanren.campaigns.models import Application, Campaign, Publication, Review, Stage
from xuanren.people.models import Unit
from xuanren.record.models import Event

SH = ZoneInfo("Asia/Shanghai")
# Set to a folder to keep a screenshot of each page the test passes through.


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.timedelta], None]:
    """``clock(timedelta)`` moves the server's ``timezone.now()`` forward by that much."""
    from django.utils import timezone

    real = timezone.now
    offset = [dt.timedelta(0)]
    monkeypatch.setattr("django.utils.timezone.now", lambda: real() + offset[0])

    def advance(by: dt.timedelta) -> None:
        offset[0] += by

    return advance


@pytest.fixture
def browse(chromium: Any, live_server: Any) -> Iterator[Callable[[str], Any]]:
    """``browse(role)`` → a page of a new browser logged in as that persona."""
    contexts = []

    def open_as(role: str) -> Any:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, live_server.url, role)
        return page

    yield open_as
    for context in contexts:
        context.close()


def login(page: Any, base: str, role: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", role)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


shot = shooter("")


def local(instant: dt.datetime) -> str:
    return instant.astimezone(SH).strftime("%Y-%m-%dT%H:%M")


def add_post(page: Any, *, department: str, code: str, title: str, level: str, again: bool) -> None:
    page.select_option("#id_department", label=department)
    page.fill("#id_code", code)
    page.fill("#id_title", title)
    page.select_option("#id_level", level)
    page.fill("#id_slots", "1")
    page.fill("#id_max_age", "45")
    page.select_option("#id_min_education", "bachelor")
    page.check("#id_no_discipline_in_force")
    page.fill("#id_free_text", "熟悉办文办会工作")
    with page.expect_navigation():
        page.click("button[name=again]" if again else "#post-form button[type=submit]:not([name])")


@pytest.mark.django_db(transaction=True)
def test_organiser_runs_steps_one_to_three_and_the_public_list_appears(
        live_server: Any, page: Any, personas: dict[str, Any], browse: Callable[[str], Any],
        clock: Callable[[dt.timedelta], None]) -> None:
    base = live_server.url
    unit = Unit.objects.create(name="测试局")
    office = Unit.objects.create(name="办公室", kind="department", parent=unit)
    Unit.objects.create(name="政策法规科", kind="department", parent=unit)
    applicant = make_person(office, 1, user=personas["applicant"])
    page.on("dialog", lambda dialog: dialog.accept())

    # Step 1 — the organiser plans the campaign from the seed 000 template, adds two posts, announces it.
    login(page, base, "organiser")
    with page.expect_navigation():
        page.locator("nav").get_by_text("竞聘批次").click()
    with page.expect_navigation():
        page.click("#new-campaign")
    assert "法院中层职位交流竞聘（七步）" in page.locator("#template-descriptions").inner_text()
    now = dt.datetime.now(dt.UTC)
    page.fill("#id_name", "机关中层干部竞争上岗")
    page.select_option("#id_unit", label="测试局")
    page.select_option("#id_template", "court_2010")
    page.fill("#id_apply_from", local(now - dt.timedelta(days=1)))
    page.fill("#id_apply_until", local(now + dt.timedelta(days=1)))
    page.fill("#id_min_qualified", "1")
    shot(page, "1-campaign-form")
    with page.expect_navigation():
        page.click("#campaign-form button[type=submit]")
    campaign = Campaign.objects.get(name="机关中层干部竞争上岗")
    assert [s.kind for s in campaign.stages.order_by("order")] == [
        "eligibility", "interview", "recommendation", "committee", "notice", "appointment"]

    with page.expect_navigation():
        page.click("#add-post")
    add_post(page, department="办公室", code="P01", title="办公室副主任", level="section_deputy", again=True)
    add_post(page, department="政策法规科", code="P02", title="政策法规科副科长", level="section_deputy", again=False)
    assert campaign.posts.count() == 2
    with page.expect_navigation():
        page.click("#publish-form button")
    assert page.locator("#campaign-status").inner_text() == "已发布公告"
    with page.expect_navigation():
        page.locator("#stage-eligibility button", has_text="开始").click()
    assert Stage.objects.get(campaign=campaign, kind="eligibility").status == Stage.Status.OPEN
    shot(page, "2-dashboard-announced")

    # Step 2 — the applicant applies for P01 on their own page.
    mine = browse("applicant")
    mine.goto(f"{base}/my/{campaign.pk}/apply/")
    p01 = campaign.posts.get(code="P01")
    mine.select_option(f"select[name=post_{p01.pk}]", "1")
    with mine.expect_navigation():
        mine.click("#apply-form button[type=submit]")
    assert Application.objects.get(person=applicant).post == p01

    # Applications close.
    clock(dt.timedelta(days=2))

    # Step 3 — the reviewer runs the review and confirms the applicant on the post's page.
    reviewer = browse("reviewer")
    reviewer.goto(f"{base}/campaigns/{campaign.pk}/")
    with reviewer.expect_navigation():
        reviewer.click("#review-run")
    assert "完成自动审查：1份报名" in reviewer.locator("main").inner_text()
    with reviewer.expect_navigation():
        reviewer.locator("#post-P01").get_by_text("审查").click()
    row = reviewer.locator("#review-table tbody tr").first
    assert applicant.name in row.inner_text()
    assert "✓" in row.inner_text()
    assert "熟悉办文办会工作" in row.inner_text()
    shot(reviewer, "3-review")
    with reviewer.expect_navigation():
        row.get_by_role("button", name="确认合格").click()
    assert "资格审查合格" in reviewer.locator("#review-table").inner_text()
    assert Review.objects.get(application__person=applicant).decision == Review.Decision.ELIGIBLE

    # The organiser cancels P02 (no one applied), with the reason, and seals the stage.
    page.reload()
    sealing = page.locator("#stage-eligibility button", has_text="封存")
    with page.expect_navigation():
        sealing.click()
    assert "还不能封存" in page.locator("main").inner_text()  # P02 is below the minimum
    p02 = campaign.posts.get(code="P02")
    decide = page.locator(f"#decide-{p02.pk}")
    decide.locator("form", has_text="取消职位").locator("textarea").fill("无人报名")
    with page.expect_navigation():
        decide.get_by_role("button", name="取消职位").click()
    with page.expect_navigation():
        page.locator("#stage-eligibility button", has_text="封存").click()
    assert "环节已封存，结果已发布（第1版）" in page.locator("main").inner_text()
    shot(page, "4-dashboard-sealed")
    assert Publication.objects.filter(stage__campaign=campaign, version=1).exists()
    assert Event.objects.filter(action="posts.cancel", details__reason="无人报名").exists()

    # The public list of qualified applicants, with no log-in.
    anonymous = page.context.browser.new_context(locale="zh-CN")
    try:
        visitor = anonymous.new_page()
        visitor.goto(f"{base}/public/")
        with visitor.expect_navigation():
            visitor.get_by_text("机关中层干部竞争上岗").first.click()
        with visitor.expect_navigation():
            visitor.locator("main a", has_text="资格审查").first.click()
        body = visitor.locator("main").inner_text()
        shot(visitor, "5-public-list")
        assert applicant.name in body
        assert applicant.id_number not in body
    finally:
        anonymous.close()
