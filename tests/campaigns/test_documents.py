"""The announcement: its words for every kind of condition, and its PDF and .docx renderings."""

from __future__ import annotations

import datetime as dt
import doctest
import io
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from xuanren.campaigns.documents import announcement as announcement_module
from xuanren.campaigns.documents.announcement import (
    Announcement,
    Paragraph,
    Table,
    build_announcement,
    condition_phrases,
    read_conditions,
)
from xuanren.campaigns.models import Campaign, Post, Stage, StageKind
from xuanren.people.models import Unit

TZ = ZoneInfo("Asia/Shanghai")
TITLE = "市法院关于2026年机关中层干部竞争上岗的公告"

FULL_CONDITIONS: dict[str, Any] = {
    "qualifying_levels": ["provincial_chief", "provincial_deputy", "bureau_chief", "bureau_deputy",
                          "division_chief", "division_deputy"],
    "qualifying_ranks": ["inspector_1", "inspector_2", "researcher_1", "researcher_2", "researcher_3",
                         "researcher_4"],
    "min_years": 2, "max_age": 45, "min_education": "bachelor", "full_time_required": True,
    "appraisal_years": 3, "party_member_required": True, "no_discipline_in_force": True,
}


def make_campaign(*, status: str = Campaign.Status.ANNOUNCED, name: str = "2026年机关中层干部竞争上岗",
                  unit_name: str = "市法院") -> Campaign:
    """A campaign with two posts and four stages, built through the ORM (the actions are another module)."""
    unit = Unit.objects.create(name=unit_name)
    office = Unit.objects.create(name="办公室", kind=Unit.Kind.DEPARTMENT, parent=unit)
    court = Unit.objects.create(name="刑事审判第一庭", kind=Unit.Kind.DEPARTMENT, parent=unit)
    campaign = Campaign.objects.create(
        name=name, unit=unit, status=status, reference_date=dt.date(2026, 12, 1),
        apply_from=dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ), apply_until=dt.datetime(2026, 12, 1, 17, 0, tzinfo=TZ),
        published_at=dt.datetime(2026, 11, 19, 10, 0, tzinfo=TZ) if status != Campaign.Status.DRAFT else None,
        posts_per_applicant=2)
    Post.objects.create(campaign=campaign, code="A01", department=office, title="办公室主任", level="division_chief",
                        slots=1, conditions=FULL_CONDITIONS, order=1)
    Post.objects.create(campaign=campaign, code="A02", department=court, title="刑事审判第一庭副庭长",
                        level="division_deputy", slots=2, order=2,
                        conditions={**FULL_CONDITIONS, "qualifying_levels": ["section_chief"],
                                    "qualifying_ranks": [], "min_years": 3, "free_text": ["具有法律职业资格"]})
    for order, (kind, weight, start, end) in enumerate([
        (StageKind.ELIGIBILITY, None, dt.date(2026, 12, 2), dt.date(2026, 12, 4)),
        (StageKind.INTERVIEW, Decimal("40.00"), dt.date(2026, 12, 8), dt.date(2026, 12, 8)),
        (StageKind.RECOMMENDATION, Decimal("60.00"), dt.date(2026, 12, 9), None),
        (StageKind.COMMITTEE, None, None, None),
    ], 1):
        Stage.objects.create(campaign=campaign, kind=kind, order=order, weight=weight, planned_start=start,
                             planned_end=end)
    return campaign


@pytest.fixture
def campaign(db: Any) -> Campaign:
    return make_campaign()


@pytest.fixture
def doc(campaign: Campaign) -> Announcement:
    return build_announcement(campaign)


# ---------------------------------------------------------------------------------------- words of conditions

def _phrases(data: dict[str, Any], reference: dt.date | None = dt.date(2026, 12, 1)) -> list[str]:
    return condition_phrases(read_conditions(data), reference=reference)


def test_level_or_rank_and_years_read_as_one_phrase() -> None:
    assert _phrases({k: FULL_CONDITIONS[k] for k in ("qualifying_levels", "qualifying_ranks", "min_years")}) == [
        "现任县处级副职或四级调研员及以上职级满2年"]


@pytest.mark.parametrize(("data", "words"), [
    ({"qualifying_levels": ["provincial_chief", "provincial_deputy", "bureau_chief", "bureau_deputy",
                            "division_chief"]}, "现任县处级正职及以上职务"),
    ({"qualifying_ranks": ["inspector_1", "inspector_2", "researcher_1"]}, "现任一级调研员及以上职级"),
    ({"qualifying_levels": ["section_chief"], "min_years": 3}, "现任乡科级正职职务满3年"),
    ({"qualifying_ranks": ["principal_1", "principal_2"]}, "现任一级主任科员、二级主任科员职级"),
])
def test_levels_and_ranks_in_words(data: dict[str, Any], words: str) -> None:
    assert _phrases(data) == [words]


@pytest.mark.parametrize(("data", "words"), [
    ({"max_age": 45}, "年龄不超过45周岁（按2026年12月1日计算）"),
    ({"min_age": 30}, "年满30周岁（按2026年12月1日计算）"),
    ({"min_age": 30, "max_age": 40}, "年龄在30周岁至40周岁之间（按2026年12月1日计算）"),
    ({"min_education": "bachelor", "full_time_required": True}, "全日制大学本科及以上学历"),
    ({"min_education": "master"}, "硕士研究生及以上学历"),
    ({"min_education": "doctorate"}, "博士研究生学历"),
    ({"appraisal_years": 3}, "近3年年度考核均为称职及以上等次"),
    ({"appraisal_years": 1}, "上一年度考核为称职及以上等次"),
    ({"appraisal_years": 2, "appraisal_min": "excellent"}, "近2年年度考核均为优秀等次"),
    ({"appraisal_years": 3, "appraisal_last_year": 2025}, "2023—2025年度考核均为称职及以上等次"),
    ({"party_member_required": True}, "中共党员（含预备党员）"),
    ({"party_member_required": True, "probationary_counts": False}, "中共正式党员"),
    ({"no_discipline_in_force": True}, "未受处分或处分影响期已满"),
    ({"free_text": ["具有法律职业资格。"]}, "具有法律职业资格"),
])
def test_each_condition_kind_in_words(data: dict[str, Any], words: str) -> None:
    assert _phrases(data) == [words]


def test_age_without_a_reference_day_says_no_day() -> None:
    assert _phrases({"max_age": 45}, reference=None) == ["年龄不超过45周岁"]


def test_unknown_keys_and_codes_are_left_out_not_fatal() -> None:
    assert _phrases({"qualifying_ranks": ["no_such_rank"], "colour": "red", "max_age": "old"}) == []
    assert _phrases(None) == []  # type: ignore[arg-type]


def test_condition_phrases_doctest() -> None:
    result = doctest.testmod(announcement_module)
    assert result.failed == 0


# ------------------------------------------------------------------------------------------------ the document

def test_title_issuer_and_date(doc: Announcement) -> None:
    assert doc.title == TITLE
    assert doc.issuer == "市法院"
    assert doc.date == "2026年11月19日"
    assert [s.heading for s in doc.sections] == [
        "一、选拔职位", "二、报名条件", "三、报名方式与时间", "四、选拔程序与时间安排", "五、纪律与监督"]


@pytest.mark.parametrize(("name", "title"), [
    ("市法院2026年机关中层干部竞争上岗", TITLE),
    ("关于开展2026年机关中层干部竞争上岗工作", "市法院关于开展2026年机关中层干部竞争上岗工作的公告"),
    ("2026年机关中层干部竞争上岗公告", "2026年机关中层干部竞争上岗公告"),
])
def test_title_from_unit_and_name(campaign: Campaign, name: str, title: str) -> None:
    campaign.name = name
    assert build_announcement(campaign).title == title


def test_posts_table(doc: Announcement) -> None:
    table = doc.sections[0].blocks[0]
    assert isinstance(table, Table)
    assert table.header == ("职位代码", "部门", "职位名称", "职务层次", "职数")
    assert table.rows == (("A01", "办公室", "办公室主任", "县处级正职", "1"),
                          ("A02", "刑事审判第一庭", "刑事审判第一庭副庭长", "县处级副职", "2"))
    assert "以上共2个职位，职数3名。" in doc.text()


def test_conditions_common_to_all_posts_are_general(doc: Announcement) -> None:
    texts = [b.text for b in doc.sections[1].blocks if isinstance(b, Paragraph)]
    general = "\n".join(texts[: texts.index("（二）职位资格条件")])
    for words in ("年龄不超过45周岁（按2026年12月1日计算）", "全日制大学本科及以上学历",
                  "近3年年度考核均为称职及以上等次", "中共党员（含预备党员）", "未受处分或处分影响期已满"):
        assert words in general
    assert "A01 办公室主任：现任县处级副职或四级调研员及以上职级满2年。" in texts
    assert "A02 刑事审判第一庭副庭长：现任乡科级正职职务满3年；具有法律职业资格。" in texts


def test_application_window_in_the_campaign_time_zone(campaign: Campaign) -> None:
    campaign.time_zone = "Asia/Urumqi"  # UTC+6: two hours behind Beijing
    text = build_announcement(campaign).text()
    assert "报名时间：2026年11月20日07:00至2026年12月1日15:00。" in text
    text = build_announcement(Campaign.objects.get(pk=campaign.pk)).text()
    assert "报名时间：2026年11月20日09:00至2026年12月1日17:00。" in text
    assert "每人最多报名2个职位" in text
    assert "个人自荐、群众推荐、组织推荐" in text
    assert "首提责任制" in text


def test_stages_in_order_with_dates_and_weights(doc: Announcement) -> None:
    texts = [b.text for b in doc.sections[3].blocks if isinstance(b, Paragraph)]
    headings = [t for t in texts if t.startswith("（")]
    assert headings == ["（一）资格审查（2026年12月2日至12月4日）", "（二）竞聘演讲/面试（2026年12月8日）",
                        "（三）民主推荐（2026年12月9日起）", "（四）党组（党委）讨论决定（具体时间另行通知）"]
    assert any("成绩占综合成绩的40%" in t for t in texts)
    assert "综合成绩＝竞聘演讲/面试成绩×40%＋民主推荐成绩×60%。" in texts
    assert any("合格人数少于2人的职位" in t for t in texts)


def test_discipline_section_names_supervision_and_objections(doc: Announcement) -> None:
    text = "".join(b.text for b in doc.sections[4].blocks if isinstance(b, Paragraph))
    assert "纪检监察" in text and "全程记实" in text and "异议" in text


def test_cancelled_post_is_left_out_of_the_table_and_said(campaign: Campaign) -> None:
    Post.objects.filter(code="A02").update(status=Post.Status.CANCELLED)
    doc = build_announcement(campaign)
    table = doc.sections[0].blocks[0]
    assert isinstance(table, Table) and [r[0] for r in table.rows] == ["A01"]
    assert "职位A02（刑事审判第一庭副庭长）已取消。" in doc.text()


def test_words_stay_chinese_under_english(campaign: Campaign) -> None:
    from django.utils import translation

    with translation.override("en"):
        doc = build_announcement(campaign)
    assert "县处级正职" in doc.text() and "资格审查" in doc.text()


def test_draft_date_is_the_preview_day(db: Any) -> None:
    draft = make_campaign(status=Campaign.Status.DRAFT, unit_name="县局")
    assert build_announcement(draft).date == ""
    assert build_announcement(draft, on=dt.date(2026, 11, 1)).date == "2026年11月1日"


# ----------------------------------------------------------------------------------------------------- the PDF

# pdftoppm and pdffonts come from Debian's poppler-utils, which tools/ensure-system-deps.sh installs for
# `make test`; without them these tests fail rather than skip.


@pytest.fixture
def pdf_file(doc: Announcement, tmp_path: Path) -> Path:
    from xuanren.campaigns.documents.pdf import render_pdf

    path = tmp_path / "announcement.pdf"
    path.write_bytes(render_pdf(doc))
    return path


def test_pdf_embeds_the_chinese_font(pdf_file: Path) -> None:
    from pypdf import PdfReader

    data = pdf_file.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                    embedded.append(str(descriptor["/FontName"]))
    assert embedded, "no embedded font file"
    assert all("CJK" in name for name in embedded), embedded


def test_pdf_text_is_real_chinese_glyphs(pdf_file: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(pdf_file), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    assert TITLE in flat
    assert "刑事审判第一庭副庭长" in flat
    assert "—1—" in flat  # the page number of GB/T 9704


def test_pdf_first_page_is_not_blank(pdf_file: Path, tmp_path: Path) -> None:
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf_file), str(tmp_path / "page")],
                   check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = image.size
    title_band = image.crop((0, int(height * 0.10), width, int(height * 0.22)))
    dark = sum(title_band.histogram()[:100])
    assert dark > 200


def test_missing_font_says_which_package(settings: Any, doc: Announcement) -> None:
    from xuanren.campaigns.documents.pdf import PdfFontMissing, render_pdf

    settings.XUANREN_PDF_FONT = "/nonexistent/font.ttc"
    with pytest.raises(PdfFontMissing, match="fonts-noto-cjk"):
        render_pdf(doc)


# ---------------------------------------------------------------------------------------------------- the docx

def test_docx_has_the_posts_table_and_east_asian_fonts(doc: Announcement) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    from xuanren.campaigns.documents.docx import render_docx

    document = Document(io.BytesIO(render_docx(doc)))
    assert document.paragraphs[0].text == TITLE
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [["职位代码", "部门", "职位名称", "职务层次", "职数"],
                    ["A01", "办公室", "办公室主任", "县处级正职", "1"],
                    ["A02", "刑事审判第一庭", "刑事审判第一庭副庭长", "县处级副职", "2"]]
    title_fonts = document.paragraphs[0].runs[0]._element.rPr.rFonts
    assert title_fonts.get(qn("w:eastAsia")) == "宋体"
    body = next(p for p in document.paragraphs if p.text.startswith("根据工作需要"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"
    texts = [p.text for p in document.paragraphs]
    assert "五、纪律与监督" in texts
    assert texts[-2:] == ["市法院", "2026年11月19日"]
