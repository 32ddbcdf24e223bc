"""What candidates and the public see: their own published score and standing, and the public results pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.scoring.exam_world import ExamWorld, build_exam_world
from tests.scoring.test_shortlist import EXAM, INTERVIEW
from xuanren.campaigns.models import Stage
from xuanren.scoring import actions


@pytest.fixture
def ew(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> ExamWorld:
    world = build_exam_world(personas, monkeypatch)
    actions.exam_settings_set(actor=world.organiser, stage=world.exam, full_marks=100, min_score=60)
    five = world.people[4]  # 人员5: P01 and P02, below the pass line in P01
    five.user = personas["applicant"]
    five.save()
    return world


def my_page(as_role: Any) -> str:
    """The applicant's page without its CSRF tokens (random text that may contain any digits, e.g. "66")."""
    page = as_role("applicant").get(reverse("my:home")).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_nothing_before_sealing_then_only_what_is_published(ew: ExamWorld, as_role: Any) -> None:
    ew.enter_all(EXAM)
    assert "own-scores" not in my_page(as_role)
    ew.seal("exam")
    page = my_page(as_role)
    assert page.count("own-exam") == 2 and "55" in page and "66" not in page and "低于合格线" in page
    assert "人员1" not in page and "own-standing" not in page
    ew.open("interview")
    ew.interview(INTERVIEW)
    ew.seal("interview")
    ew.open("shortlist")
    assert "own-standing" not in my_page(as_role)  # the live preview is not the candidate's to see
    ew.seal("shortlist")
    page = my_page(as_role)
    assert page.count("own-standing") == 2
    assert "并列第3名，不能确定为考察对象：笔试成绩55分，低于最低分数线60分" in page
    assert "第3名，在职数1×3=3名之内" in page  # P02: 62.00, third of three
    assert "计算过程" in page and "综合成绩 = 笔试成绩×40% + 面试成绩×60%" in page
    assert "人员2" not in page


def test_a_stage_that_is_not_public_stays_hidden(ew: ExamWorld, as_role: Any) -> None:
    Stage.objects.filter(pk=ew.exam.pk).update(public=False)
    ew.enter_all(EXAM)
    ew.seal("exam")
    assert "own-exam" not in my_page(as_role)


def test_public_pages_of_the_exam_and_the_shortlist(ew: ExamWorld) -> None:
    ew.enter(1, "P01", 90, number="A001")
    ew.to_shortlist(EXAM, INTERVIEW)
    ew.seal("shortlist")
    client = Client()
    exam = client.get(reverse("public:stage_results", kwargs={"pk": ew.campaign.pk, "kind": "exam"}))
    page = exam.content.decode()
    assert exam.status_code == 200 and "准考证号" in page and "A001" in page and "低于合格线" in page
    assert "满分100分，合格线60分" in page
    shortlist = client.get(reverse("public:stage_results", kwargs={"pk": ew.campaign.pk, "kind": "shortlist"}))
    page = shortlist.content.decode()
    assert shortlist.status_code == 200 and "综合成绩及考察对象名单" in page
    assert "综合成绩 = 笔试成绩×40% + 面试成绩×60%" in page and "84.60" in page and "并列3" in page
    for person in ew.people:
        assert person.id_number not in page
