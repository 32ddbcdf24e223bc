"""The shortlist and results pages per role, and the exports to Excel and PDF."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from tests.scoring.exam_world import ExamWorld, build_exam_world, nothing_changes
from tests.scoring.test_shortlist import EXAM, INTERVIEW
from xuanren.scoring import actions
from xuanren.scoring.models import Standing


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    world = build_exam_world(personas, monkeypatch)
    actions.exam_settings_set(actor=world.organiser, stage=world.exam, full_marks=100, min_score=60)
    world.to_shortlist(EXAM, INTERVIEW)
    return world


def shortlist_url(ew: ExamWorld, name: str = "shortlist") -> str:
    return reverse(f"scoring:{name}", kwargs={"pk": ew.campaign.pk, "stage_pk": ew.stage("shortlist").pk})


def results_url(ew: ExamWorld) -> str:
    return reverse("scoring:results", kwargs={"pk": ew.campaign.pk})


def export_url(ew: ExamWorld, fmt: str) -> str:
    return reverse("scoring:results_export", kwargs={"pk": ew.campaign.pk, "fmt": fmt})


def test_shortlist_page_for_the_organiser(ew: ExamWorld, as_role: Any) -> None:
    page = as_role("organiser").get(shortlist_url(ew)).content.decode()
    assert 'id="settings-form"' in page and "预览：尚未封存" in page
    assert "综合成绩 = 笔试成绩×40% + 面试成绩×60%" in page
    assert page.count("计算过程") >= 8 * 3  # two components and the composite, for each of 8 rows
    assert "笔试成绩55分，低于最低分数线60分" in page and "并列" in page


@pytest.mark.parametrize("role", ["supervisor", "reviewer"])
def test_readers_see_the_results_without_forms(ew: ExamWorld, as_role: Any, role: str) -> None:
    client = as_role(role)
    for address in (shortlist_url(ew), results_url(ew)):
        response = client.get(address)
        page = response.content.decode()
        assert response.status_code == 200 and "84.60" in page
        assert 'id="settings-form"' not in page and 'id="recompute"' not in page


@pytest.mark.parametrize("role", ["judge", "applicant", "voter"])
def test_others_are_refused(ew: ExamWorld, as_role: Any, role: str) -> None:
    client = as_role(role)
    assert client.get(shortlist_url(ew)).status_code == 403
    assert client.get(results_url(ew)).status_code == 403
    assert client.get(export_url(ew, "xlsx")).status_code == 403


def test_results_page_a_tab_per_post_with_the_judges_lines(ew: ExamWorld, as_role: Any) -> None:
    page = as_role("organiser").get(results_url(ew)).content.decode()
    assert page.count('role="tab"') == 2 and "P01 办公室副主任" in page and "P02 法规科副科长" in page
    assert "面试得分263/3" in page  # the interview's own explanation (judges' scores, in the real source)
    assert 'id="export-xlsx"' in page and 'id="export-pdf"' in page
    assert 'id="export-xlsx"' not in as_role("reviewer").get(results_url(ew)).content.decode()


def test_settings_and_recompute_through_the_pages(ew: ExamWorld, as_role: Any) -> None:
    client = as_role("organiser")
    client.post(shortlist_url(ew, "shortlist_settings"), {"ratio": "1", "decimals": "1", "tie_breaks": ["interview"]})
    assert ew.stage("shortlist").settings["tie_breaks"] == ["interview"]
    with nothing_changes():
        assert as_role("supervisor").post(shortlist_url(ew, "shortlist_settings"), {"ratio": "2"}).status_code == 403
    ew.seal("shortlist")
    actions.exam_score_correct(actor=ew.organiser, stage=ew.exam, application=ew.app(5, "P01"), score=65,
                               reason="复核")
    page = client.get(results_url(ew)).content.decode()
    assert 'id="stale"' in page and "人员5（P01）" in page
    with nothing_changes():
        client.post(shortlist_url(ew, "shortlist_recompute"), {"reason": ""})
    response = client.post(shortlist_url(ew, "shortlist_recompute"), {"reason": "笔试更正"}, follow=True)
    assert "已重新计算综合成绩并重新发布（第2版）" in response.content.decode()
    assert Standing.objects.get(application=ew.app(5, "P01")).display == "83.0"


@pytest.mark.parametrize("role", ["organiser", "supervisor"])
def test_excel_export_a_sheet_per_post_and_the_rules(ew: ExamWorld, as_role: Any, role: str) -> None:
    response = as_role(role).get(export_url(ew, "xlsx"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["P01 办公室副主任", "P02 法规科副科长", "计算规则"]
    rows = [[c.value for c in r] for r in book["P01 办公室副主任"].iter_rows(min_row=4)]
    assert rows[0][:2] == ["名次", "姓名"] and "笔试成绩" in rows[0] and "综合成绩（精确值）" in rows[0]
    assert rows[1][:2] == ["1", "人员2"] and "423/5" in rows[1] and rows[1][-2] == "是"
    rules = [[c.value for c in r] for r in book["计算规则"].iter_rows()]
    assert any("综合成绩 = 笔试成绩×40% + 面试成绩×60%" in (r[1] or "") for r in rules)


def test_pdf_export_a4_landscape_with_every_post(ew: ExamWorld, as_role: Any) -> None:
    ew.seal("shortlist")
    response = as_role("organiser").get(export_url(ew, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    words = text.decode()
    assert "综合成绩及考察对象名单" in words and "P02 法规科副科长" in words and "84.60" in words
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "841.89 x 595.28" in info or "842 x 595" in info  # A4 landscape, in points


def test_unknown_export_format_is_404(ew: ExamWorld, as_role: Any) -> None:
    assert as_role("organiser").get(export_url(ew, "docx")).status_code == 404
