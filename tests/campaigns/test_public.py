"""Public pages: open to anyone for announced campaigns, 404 otherwise, and never an identity number."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.campaigns.test_documents import make_campaign
from xuanren.campaigns.models import Campaign, Publication, Stage, StageKind
from xuanren.campaigns.public_views import publication_view

TZ = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"

# The shape the eligibility stage publishes (campaigns.selectors.eligibility_results), with an identity
# number slipped in where it must never show.
ELIGIBILITY = {
    "kind": "eligibility", "title": "资格审查合格人员名单", "campaign": "2026年机关中层干部竞争上岗",
    "posts": [
        {"code": "A01", "title": "办公室主任", "department": "办公室", "level": "县处级正职", "slots": 1,
         "status": "open", "status_label": "正常", "merged_into": None, "applications": 3, "qualified": 2,
         "people": [
             {"name": "报名人甲", "gender": "男", "birth": "1980.01", "education": "大学本科", "full_time": True,
              "current_post": "市法院 办公室 副主任", "id_number": ID_NUMBER, "person_id": 17},
             {"name": "报名人乙", "gender": "女", "birth": "1983.06", "education": "硕士研究生", "full_time": False,
              "current_post": f"备注 {ID_NUMBER}"},
         ]},
        {"code": "A02", "title": "刑事审判第一庭副庭长", "department": "刑事审判第一庭", "level": "县处级副职",
         "slots": 2, "status": "cancelled", "status_label": "已取消", "merged_into": None, "applications": 0,
         "qualified": 0, "people": []},
    ],
    "totals": {"applications": 3, "qualified": 2},
}


@pytest.fixture
def campaign(db: Any) -> Campaign:
    return make_campaign()


def _seal(campaign: Campaign, content: Any, *, kind: str = StageKind.ELIGIBILITY, public: bool = True) -> Stage:
    stage = campaign.stages.get(kind=kind)
    stage.status, stage.public = Stage.Status.SEALED, public
    stage.sealed_at = dt.datetime(2026, 12, 5, 9, 0, tzinfo=TZ)
    stage.save()
    Publication.objects.create(stage=stage, version=1, content=content, published_at=stage.sealed_at,
                               published_by="organiser")
    return stage


def _all_pages(campaign: Campaign) -> list[str]:
    return [reverse("public:campaigns"), reverse("public:announcement", args=[campaign.pk]),
            reverse("public:stage_results", args=[campaign.pk, "eligibility"])]


def test_list_shows_announced_and_closed_campaigns_only(db: Any) -> None:
    announced = make_campaign(name="2026年机关中层干部竞争上岗", unit_name="市法院")
    closed = make_campaign(name="2025年机关中层干部竞争上岗", unit_name="县法院", status=Campaign.Status.CLOSED)
    draft = make_campaign(name="2027年草稿批次", unit_name="区法院", status=Campaign.Status.DRAFT)
    page = Client().get(reverse("public:campaigns"))
    assert page.status_code == 200
    html = page.content.decode()
    assert announced.name in html and closed.name in html and draft.name not in html
    assert "2026年11月19日" in html


def test_announcement_page_is_the_document_with_downloads(campaign: Campaign) -> None:
    page = Client().get(reverse("public:announcement", args=[campaign.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "市法院关于2026年机关中层干部竞争上岗的公告" in html
    assert "刑事审判第一庭副庭长" in html
    assert "现任县处级副职或四级调研员及以上职级满2年" in html
    assert "2026年12月1日17:00" in html
    assert reverse("public:announcement_pdf", args=[campaign.pk]) in html
    assert reverse("public:announcement_docx", args=[campaign.pk]) in html


@pytest.mark.parametrize("status", [Campaign.Status.DRAFT, Campaign.Status.CANCELLED])
def test_unannounced_campaign_is_not_found(db: Any, status: str) -> None:
    campaign = make_campaign(status=status)
    _seal(campaign, ELIGIBILITY)
    for name in ("public:announcement", "public:announcement_pdf", "public:announcement_docx"):
        assert Client().get(reverse(name, args=[campaign.pk])).status_code == 404
    assert Client().get(reverse("public:stage_results", args=[campaign.pk, "eligibility"])).status_code == 404


def test_downloads(campaign: Campaign) -> None:
    from docx import Document

    pdf = Client().get(reverse("public:announcement_pdf", args=[campaign.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "filename*=UTF-8''" in pdf["Content-Disposition"]
    docx = Client().get(reverse("public:announcement_docx", args=[campaign.pk]))
    assert docx.status_code == 200
    assert Document(io.BytesIO(docx.content)).tables[0].rows[1].cells[2].text == "办公室主任"


def test_pdf_without_its_font_is_a_clear_503(campaign: Campaign, settings: Any) -> None:
    settings.XUANREN_PDF_FONT = "/nonexistent/font.ttc"
    page = Client().get(reverse("public:announcement_pdf", args=[campaign.pk]))
    assert page.status_code == 503
    assert "中文字体" in page.content.decode()
    assert "/nonexistent" not in page.content.decode()


def test_eligibility_results_per_post_without_identity_numbers(campaign: Campaign) -> None:
    _seal(campaign, ELIGIBILITY)
    announcement = Client().get(reverse("public:announcement", args=[campaign.pk])).content.decode()
    url = reverse("public:stage_results", args=[campaign.pk, "eligibility"])
    assert url in announcement
    page = Client().get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "资格审查合格人员名单" in html
    assert "A01 办公室主任" in html and "报名人甲" in html and "报名人乙" in html
    assert "1980.01" in html and "市法院 办公室 副主任" in html
    assert "已取消" in html
    assert "第1版" in html and "更正记录" not in html
    for page_url in _all_pages(campaign):
        body = Client().get(page_url).content.decode()
        assert ID_NUMBER not in body and "110105" not in body, page_url


def test_a_correction_shows_the_latest_version_and_every_reason(campaign: Campaign) -> None:
    stage = _seal(campaign, ELIGIBILITY)
    corrected = {**ELIGIBILITY, "posts": [{**ELIGIBILITY["posts"][0], "people": [{"name": "报名人丙"}]}]}
    Publication.objects.create(stage=stage, version=2, content=corrected, reason="复核后更正第一项审查结论",
                               published_at=dt.datetime(2026, 12, 6, 9, 0, tzinfo=TZ), published_by="organiser")
    Publication.objects.create(stage=stage, version=3, content=corrected, reason="补正职位信息",
                               published_at=dt.datetime(2026, 12, 7, 9, 0, tzinfo=TZ), published_by="organiser")
    html = Client().get(reverse("public:stage_results", args=[campaign.pk, "eligibility"])).content.decode()
    assert "第3版" in html and "报名人丙" in html and "报名人甲" not in html
    assert "复核后更正第一项审查结论" in html and "补正职位信息" in html
    assert "2026年12月6日" in html


@pytest.mark.parametrize(("public", "sealed"), [(False, True), (True, False)])
def test_stage_not_public_or_not_sealed_is_not_found(campaign: Campaign, public: bool, sealed: bool) -> None:
    stage = _seal(campaign, ELIGIBILITY, public=public)
    if not sealed:
        Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    assert Client().get(reverse("public:stage_results", args=[campaign.pk, "eligibility"])).status_code == 404


def test_every_role_sees_the_same_public_pages(campaign: Campaign, as_role: Any) -> None:
    _seal(campaign, ELIGIBILITY)
    for role in ("organiser", "voter", "applicant", "outsider"):
        for url in _all_pages(campaign):
            assert as_role(role).get(url).status_code == 200, (role, url)


# ------------------------------------------------------------------------------- reading publications defensively

@pytest.mark.parametrize("content", [None, "", 3, [], {}, [1, "x"], {"posts": "nope"}, {"posts": [None, 1]}])
def test_odd_content_never_breaks_the_page(content: Any) -> None:
    view = publication_view(content)
    assert set(view) == {"title", "parts", "totals", "notes"}


def test_plain_stage_results_list_the_posts() -> None:
    view = publication_view({"kind": "exam", "title": "笔试", "posts": [{"code": "A01", "title": "办公室主任",
                                                                          "slots": 1}]})
    assert view["parts"][0]["heading"] == "A01 办公室主任"
    assert ("职数", "1") in view["parts"][0]["facts"]


def test_hidden_keys_and_identity_numbers_inside_text() -> None:
    view = publication_view([{"code": "A01", "people": [
        {"name": "报名人甲", "id_number": ID_NUMBER, "phone": "13800000000", "birth_date": "1980-01-02",
         "note": f"证件 {ID_NUMBER.lower()}"}]}])
    table = view["parts"][0]["tables"][0]
    assert table["columns"] == ["姓名", "备注"]
    assert table["rows"] == [["报名人甲", "证件 ***"]]
