"""The exam's pages per role: the organiser enters, imports and corrects; the reviewer and the supervisor read
only; a judge and an applicant see nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.scoring.exam_world import ExamWorld, build_exam_world, nothing_changes
from xuanren.scoring.models import ExamScore


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    return build_exam_world(personas, monkeypatch)


def url(ew: ExamWorld, name: str) -> str:
    return reverse(f"scoring:{name}", kwargs={"pk": ew.campaign.pk, "stage_pk": ew.exam.pk})


def test_organiser_sees_every_candidate_with_entry_forms(ew: ExamWorld, as_role: Any) -> None:
    ew.enter(3, "P01", absent=True)
    page = as_role("organiser").get(url(ew, "exam")).content.decode()
    assert page.count('class="d-flex flex-wrap gap-1 align-items-center enter-form"') == 8
    assert "人员6" in page and "缺考" in page and 'id="import-link"' in page
    assert "尚有7名考生未录入笔试成绩" in page


@pytest.mark.parametrize("role", ["supervisor", "reviewer"])
def test_readers_see_the_table_without_forms(ew: ExamWorld, as_role: Any, role: str) -> None:
    ew.enter(1, "P01", 77)
    response = as_role(role).get(url(ew, "exam"))
    page = response.content.decode()
    assert response.status_code == 200 and "77" in page and "人员1" in page
    assert "enter-form" not in page and 'id="import-link"' not in page and 'id="settings-form"' not in page


@pytest.mark.parametrize("role", ["judge", "applicant", "voter"])
def test_others_are_refused(ew: ExamWorld, as_role: Any, role: str) -> None:
    assert as_role(role).get(url(ew, "exam")).status_code == 403


def test_enter_through_the_page(ew: ExamWorld, as_role: Any) -> None:
    client = as_role("organiser")
    app = ew.app(2, "P01")
    response = client.post(url(ew, "exam_enter"), {"application": app.pk, "score": "81.5", "exam_number": "K02"})
    assert response.status_code == 302 and response["Location"].endswith(f"#candidate-{app.pk}")
    row = ExamScore.objects.get(application=app)
    assert (row.score, row.exam_number) == (Decimal("81.50"), "K02")
    client.post(url(ew, "exam_enter"), {"application": ew.app(3, "P01").pk, "absent": "1"})
    assert ExamScore.objects.get(application=ew.app(3, "P01")).absent


def test_a_bad_score_is_shown_and_nothing_changes(ew: ExamWorld, as_role: Any) -> None:
    client = as_role("organiser")
    with nothing_changes():
        response = client.post(url(ew, "exam_enter"), {"application": ew.app(2, "P01").pk, "score": "120"},
                               follow=True)
    assert "人员2：笔试得分120超过满分100" in response.content.decode()


def test_the_supervisor_cannot_post(ew: ExamWorld, as_role: Any) -> None:
    with nothing_changes():
        response = as_role("supervisor").post(url(ew, "exam_enter"), {"application": ew.app(2, "P01").pk,
                                                                      "score": "80"})
    assert response.status_code == 403


def test_settings_through_the_page(ew: ExamWorld, as_role: Any) -> None:
    as_role("organiser").post(url(ew, "exam_settings"), {"full_marks": "150", "min_score": "90"})
    assert ew.exam.settings["full_marks"] == "150"
    page = as_role("supervisor").get(url(ew, "exam")).content.decode()
    assert "满分150分，合格线90分" in page


def test_import_page_gbk_csv_and_the_report(ew: ExamWorld, as_role: Any) -> None:
    client = as_role("organiser")
    assert client.get(url(ew, "exam_import")).status_code == 200
    person = ew.people[5]
    good = f"身份证号,姓名,成绩\r\n{person.id_number},{person.name},88\r\n".encode("gbk")
    response = client.post(url(ew, "exam_import"), {"file": SimpleUploadedFile("成绩.csv", good)})
    assert response.status_code == 302
    assert ExamScore.objects.get(application=ew.app(6, "P02")).score == Decimal("88.00")
    bad = f"身份证号,姓名,成绩\r\n{person.id_number},张三,88\r\n".encode("gbk")
    with nothing_changes():
        page = client.post(url(ew, "exam_import"), {"file": SimpleUploadedFile("成绩.csv", bad)}).content.decode()
    assert 'id="import-report"' in page and "姓名与干部名册不符（名册中为“人员6”）" in page


def test_template_download_for_the_organiser_only(ew: ExamWorld, as_role: Any) -> None:
    response = as_role("organiser").get(url(ew, "exam_template"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert "attachment" in response["Content-Disposition"]
    assert as_role("supervisor").get(url(ew, "exam_template")).status_code == 403


def test_correction_after_sealing_through_the_page(ew: ExamWorld, as_role: Any) -> None:
    from tests.scoring.test_exam import ALL

    ew.enter_all(ALL)
    ew.seal("exam")
    client = as_role("organiser")
    page = client.get(url(ew, "exam")).content.decode()
    assert "correct-form" in page and "enter-form" not in page
    app = ew.app(2, "P01")
    with nothing_changes():
        client.post(url(ew, "exam_correct"), {"application": app.pk, "score": "75", "reason": ""})
    response = client.post(url(ew, "exam_correct"), {"application": app.pk, "score": "75", "reason": "复核"},
                           follow=True)
    assert "已更正人员2的成绩并重新发布（第2版）" in response.content.decode()
    assert ExamScore.objects.get(application=app).score == Decimal("75.00")


def test_the_dashboard_links_the_open_exam(ew: ExamWorld, as_role: Any) -> None:
    page = as_role("organiser").get(reverse("campaigns:detail", args=[ew.campaign.pk])).content.decode()
    assert url(ew, "exam") in page and "录入成绩" in page
