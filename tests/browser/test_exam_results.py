"""The written exam and the results in the browser: the organiser enters a score, imports the rest, seals the
exam; after the interview the results page shows a tab per post, the formula, and how a composite was
computed; the shortlist is sealed and the public page shows it.

The interview's scores come from the stand-in source of ``tests/scoring/exam_world.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.shots import shooter
from tests.browser.test_campaign import login
from tests.scoring.exam_world import ExamWorld, build_exam_world
from tests.scoring.test_shortlist import EXAM, INTERVIEW
from xuanren.scoring.models import ExamScore, Standing


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    return build_exam_world(personas, monkeypatch)


@pytest.fixture
def browse(chromium: Any, live_server: Any) -> Iterator[Callable[[str], Any]]:
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


shot = shooter("")


@pytest.mark.django_db(transaction=True)
def test_exam_to_results_in_the_browser(ew: ExamWorld, browse: Callable[[str], Any], live_server: Any,
                                        tmp_path: Path) -> None:
    page = browse("organiser")
    page.goto(f"{live_server.url}/campaigns/{ew.campaign.pk}/")
    page.click("text=录入成绩")
    page.fill("#min_score", "60")
    page.click("#settings-form button[type=submit]")
    assert "满分和合格线已保存" in page.inner_text("main")
    first = ew.app(1, "P01")
    row = page.locator(f"#candidate-{first.pk}")
    row.locator("input[name=exam_number]").fill("A001")
    row.locator("input[name=score]").fill("90")
    row.locator("button[type=submit]").click()
    assert "已录入：人员1 90" in page.inner_text("main")
    shot(page, "exam-entry")
    rest = {k: v for k, v in EXAM.items() if k != (1, "P01")}
    lines = ["身份证号,姓名,职位代码,成绩"] + [
        f"{ew.people[n - 1].id_number},人员{n},{code},{score}" for (n, code), score in rest.items()]
    upload = tmp_path / "成绩.csv"
    upload.write_bytes("\n".join(lines).encode("gbk"))
    page.click("#import-link")
    page.set_input_files("input[type=file]", str(upload))
    page.click("#import-form button[type=submit]")
    assert "共 7 条成绩" in page.inner_text("main")
    assert ExamScore.objects.count() == 8
    ew.seal("exam")
    ew.open("interview")
    ew.interview(INTERVIEW)
    ew.seal("interview")
    ew.open("shortlist")
    page.goto(f"{live_server.url}/scoring/{ew.campaign.pk}/results/")
    assert "综合成绩 = 笔试成绩×40% + 面试成绩×60%" in page.inner_text("#formula")
    two = page.locator(f"#row-{ew.app(2, 'P01').pk}")
    two.locator("td.composite summary").click()
    assert "面试：87.666667分，×60% = 52.6分" in two.locator("td.composite details").inner_text()
    shot(page, "results-p01")
    page.click("text=P02 法规科副科长")
    assert page.locator("#results-P02").is_visible()
    assert not page.locator("#results-P01").is_visible()
    shot(page, "results-p02")
    page.goto(f"{live_server.url}/campaigns/{ew.campaign.pk}/")
    page.click("text=综合成绩与排名")
    page.once("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/campaigns/{ew.campaign.pk}/")
    page.locator("#stage-shortlist form[action$='/seal/'] button").click()
    assert "结果已发布" in page.inner_text("main")
    assert Standing.objects.filter(shortlisted=True).count() == 6
    public = browse("applicant")
    public.goto(f"{live_server.url}/public/{ew.campaign.pk}/results/shortlist/")
    assert "84.60" in public.inner_text("main")
    shot(public, "public-shortlist")
