"""A democratic recommendation in the browser: the organiser creates and opens a voting session, prints the
slips (the codes are read back from the PDF download), a voter votes on a phone-sized page from the slip's
QR link, the projector shows the turnout rise without a reload, the organiser closes and seals, and the
weighted result appears on the projector and on the public results page.

The campaign up to the recommendation stage is set up through the actions (eligibility done and sealed);
two more ballots are cast through the casting action so that the meeting is valid (two thirds present)
and the weights show: the phone voter is a 院领导 (30), the others a 中层干部 (30) and one of 其他人员 (40).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.shots import shooter
from tests.browser.test_campaign import login
from tests.campaigns.world import AFTER, build_world
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.models import Publication, Stage
from xuanren.campaigns.presets import SEED_000_RECOMMENDATION, StageSpec
from xuanren.voting import actions
from xuanren.voting.models import Ballot, Session

CODE = re.compile(r"\b([0-9A-Z]{5}-[0-9A-Z]{5})\b")
PHONE = {"width": 390, "height": 844}


shot = shooter("voting-")


def _campaign_at_recommendation(personas: dict[str, Any]) -> Any:
    """The campaign world with stages eligibility → recommendation → committee; eligibility reviewed and
    sealed, the recommendation open. P01 and P02 each have three qualified candidates."""
    world = build_world(personas)
    campaign_actions.campaign_set_stages(actor=world.organiser, campaign=world.campaign, stages=[
        StageSpec("eligibility"), StageSpec("recommendation", settings=SEED_000_RECOMMENDATION),
        StageSpec("committee", public=False)])
    world.full_eligibility()
    campaign_actions.stage_seal(actor=world.organiser, stage=world.stage("eligibility"), now=AFTER)
    campaign_actions.stage_open(actor=world.organiser, stage=world.stage("recommendation"), now=AFTER)
    return world


def _download_codes(page: Any, tmp_path: Path, group: str, count: int) -> list[str]:
    page.select_option("#codes-group", label=group)
    page.fill("#codes-count", str(count))
    page.evaluate("window.__beforeDownload = true")
    with page.expect_download(timeout=60_000) as download:
        page.click("#codes-form button[type=submit]")
    # The page reloads itself once the download has come, to show the codes issued.
    page.wait_for_function("window.__beforeDownload === undefined", timeout=10_000)
    page.wait_for_selector("#codes-form")
    path = tmp_path / f"{group}.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert group in text and "每码限投一次" in text
    return CODE.findall(text)


@pytest.mark.django_db(transaction=True)
def test_a_recommendation_from_slips_to_the_published_result(
        live_server: Any, personas: dict[str, Any], contexts: Callable[..., Any], tmp_path: Path) -> None:
    base = live_server.url
    world = _campaign_at_recommendation(personas)
    stage = world.stage("recommendation")

    # The organiser finds the stage's sessions from the campaign dashboard and creates one.
    organiser = contexts(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    organiser.on("dialog", lambda dialog: dialog.accept())
    login(organiser, base, "organiser")
    organiser.goto(f"{base}/campaigns/{world.campaign.pk}/")
    with organiser.expect_navigation():
        organiser.locator("#stage-recommendation a", has_text="投票场次").click()
    organiser.fill("#id_name", "中层干部民主推荐大会")
    organiser.fill("#id_place", "三楼大会议室")
    with organiser.expect_navigation():
        organiser.click("#session-form button[type=submit]")
    session = Session.objects.get(name="中层干部民主推荐大会")
    assert "已新建投票场次" in organiser.locator("main").inner_text()

    # Everyone entitled: one in each group (so two ballots of three make the meeting valid).
    for i in range(3):
        organiser.fill(f"input[name=group-{i}-entitled]", "1")
    with organiser.expect_navigation():
        organiser.click("#groups-form button[type=submit]")
    assert "投票人类别已保存。" in organiser.locator("main").inner_text()
    preview = organiser.locator(".ballot-preview").first.inner_text()
    form = session.forms.get()
    p01, p02 = form.content["posts"]
    assert all(c["name"] in preview for c in p01["candidates"])

    # One slip per group, printed from the PDF each download answers with.
    codes = {group: _download_codes(organiser, tmp_path, group, 1) for group in ("院领导", "中层干部", "其他人员")}
    assert all(len(c) == 1 for c in codes.values())
    assert organiser.locator("#total-issued").inner_text() == "3"
    shot(organiser, "1-session-draft")
    with organiser.expect_navigation():
        organiser.click("#open-button")
    assert "投票已开始" in organiser.locator("main").inner_text()

    # The projector, in its own browser, before anyone votes.
    screen = contexts(viewport={"width": 1600, "height": 900})
    login(screen, base, "organiser")
    screen.goto(f"{base}/voting/sessions/{session.pk}/screen/")
    assert screen.locator("#total-returned").inner_text() == "0"
    assert screen.locator("#screen-notice").inner_text() == "正在投票"
    assert screen.locator(".screen-qr svg").count() == 1
    screen.evaluate("window.__notReloaded = true")
    shot(screen, "2-projector-open")

    # A voter scans the 院领导 slip on a phone: the link carries the code in the fragment.
    phone = contexts(viewport=PHONE, is_mobile=True, has_touch=True)
    code = codes["院领导"][0]
    with phone.expect_navigation():
        phone.goto(f"{base}/vote/#{code.replace('-', '')}")
    phone.wait_for_selector("#ballot-form")
    assert code.replace("-", "") not in phone.url  # the code is gone from the address bar
    first, second = (phone.locator(f"input[name=m-{form.pk}-{p01['post']}][value='{c['application']}']")
                     for c in p01["candidates"][:2])
    first.check()
    # P01 has one slot: once one is marked, the others cannot be.
    assert second.is_disabled()
    assert phone.locator(".vote-full").first.is_visible()
    phone.locator(f"input[name=m-{form.pk}-{p02['post']}][value='{p02['candidates'][1]['application']}']").check()
    shot(phone, "3-phone-ballot")
    with phone.expect_navigation():
        phone.click("#ballot-form button[type=submit]")
    review = phone.locator("main").inner_text()
    assert "请核对" in review and p01["candidates"][0]["name"] in review
    with phone.expect_navigation():
        phone.click("#confirm-form button[type=submit]")
    receipt = phone.locator("#receipt").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt)
    shot(phone, "4-phone-receipt")

    # The projector counts it by itself.
    screen.wait_for_function("document.getElementById('total-returned').textContent.trim() === '1'",
                             timeout=10_000)
    assert screen.evaluate("window.__notReloaded === true")
    assert screen.locator("#screen-group-leaders .returned").inner_text() == "1"
    assert "计票结果" not in screen.locator("main").inner_text()

    # Two more voters (through the casting action), so that the meeting is valid.
    def cast(group: str, p01_choice: int, p02_choice: int, n: int) -> None:
        marks = {str(form.pk): {str(p01["post"]): {"marks": [p01["candidates"][p01_choice]["application"]]},
                                str(p02["post"]): {"marks": [p02["candidates"][p02_choice]["application"]]}}}
        actions.ballot_cast(code=codes[group][0], marks=marks, submission=f"browser-test-submission-{n:04d}")

    cast("中层干部", 0, 1, 1)
    cast("其他人员", 1, 2, 2)
    screen.wait_for_function("document.getElementById('total-returned').textContent.trim() === '3'",
                             timeout=10_000)
    assert Ballot.objects.filter(session=session).count() == 3

    # The organiser closes the session (a confirm dialog) and sees the count.
    organiser.reload()
    with organiser.expect_navigation():
        organiser.click("#close-button")
    assert "投票已结束，计票完成。" in organiser.locator("main").inner_text()
    result = organiser.locator("#result").inner_text()
    assert "会议有效" in result
    # P01: 人选1 marked by 院领导 (30) and 中层干部 (30) → 60; 人选2 by 其他人员 (40) → 40.
    row = organiser.locator("#result-post-P01 tbody tr").first.inner_text()
    assert p01["candidates"][0]["name"] in row and re.search(r"\b60(\.00)?\b", row) and "✓" in row
    screen.wait_for_function("document.getElementById('screen-notice').textContent.trim() === '投票已结束'",
                             timeout=10_000)
    assert "计票结果" not in screen.locator("main").inner_text()  # not until it is sealed
    shot(organiser, "5-session-closed")

    # 封存并公布: the stage is sealed and its result published.
    with organiser.expect_navigation():
        organiser.click("#seal-button")
    assert "环节已封存，结果已公布（第1版）" in organiser.locator("main").inner_text()
    assert Stage.objects.get(pk=stage.pk).status == Stage.Status.SEALED
    assert Publication.objects.filter(stage=stage, version=1).exists()

    # The projector now shows the result summary, by itself.
    screen.wait_for_selector("#result-post-P01", timeout=10_000)
    projected = screen.locator("#result-post-P01").inner_text()
    assert p01["candidates"][0]["name"] in projected and re.search(r"\b60(\.00)?\b", projected)
    shot(screen, "6-projector-result")

    # And the public results page, with no log-in.
    visitor = contexts(viewport={"width": 1280, "height": 900})
    visitor.goto(f"{base}/public/{world.campaign.pk}/results/recommendation/")
    public = visitor.locator("main").inner_text()
    assert p01["candidates"][0]["name"] in public and re.search(r"\b60(\.00)?\b", public)
    shot(visitor, "7-public-result")
