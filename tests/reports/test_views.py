"""The closing report's page (per role, the dashboard's link, the report date, the charts as accessible inline
SVG), its exports (the PDF's text and the workbook's sheets, values and native charts), the JSON API and the
command line."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from tests.campaigns.world import build_world
from tests.reports.world import TODAY, ReportWorld, build_report_world
from xuanren.cli.main import main
from xuanren.reports.charts import charts_of, svg
from xuanren.reports.figures import closing_figures

ALLOWED = {"organiser", "supervisor"}
REFUSED = {"reviewer", "judge", "voter", "committee", "applicant", "outsider"}
DATE = "?date=2026-12-20"


@pytest.fixture
def rw(personas: dict[str, Any]) -> ReportWorld:
    return build_report_world(personas)


def page_url(rw: ReportWorld) -> str:
    return reverse("reports:view", kwargs={"pk": rw.campaign.pk})


def flat(text: str) -> str:
    return "".join(text.split())


# --- the page -------------------------------------------------------------------------------------

def test_the_page_per_role(rw: ReportWorld, as_role: Any) -> None:
    url = page_url(rw) + DATE
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for role in REFUSED:
        assert as_role(role).get(url).status_code == 403, role
    for role in ALLOWED:
        r = as_role(role).get(url)
        assert r.status_code == 200, role
        html = r.content.decode()
        assert "2026年机关中层干部竞争上岗工作总结" in html
        assert 'id="report-summary"' in html and "平均年龄由原来的50.2岁下降为48.7岁" in html
        assert reverse("reports:export", kwargs={"pk": rw.campaign.pk, "fmt": "pdf"}) + DATE in html
        for heading in ("一、基本情况", "二、职位、报名与资格审查", "三、民主推荐与民主测评", "四、任用与空缺",
                        "五、干部队伍结构变化", "六、计算口径"):
            assert heading in html


def test_the_page_shows_every_figure_in_tables(rw: ReportWorld, as_role: Any) -> None:
    html = as_role("supervisor").get(page_url(rw) + DATE).content.decode()
    f = closing_figures(rw.campaign, TODAY)
    table = html[html.index('id="table-figures"'):]
    for fig in f.figures:
        assert f"<th scope=\"row\" class=\"fw-normal\">{fig.label}</th><td class=\"num\">{fig.display}</td>" in table
    holders = html[html.index('id="table-holders"'):]
    assert '<th scope="row" class="fw-normal">平均年龄（岁）</th><td class="num">50.2</td><td class="num">48.7</td>' \
        in holders
    assert "拟任人选未获讨论决定通过" in html and "由一级科员晋升为乡科级副职" not in html  # the why is in the JSON


def test_the_charts_are_inline_accessible_svg(rw: ReportWorld, as_role: Any) -> None:
    html = as_role("organiser").get(page_url(rw) + DATE).content.decode()
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 3
    for key, chart in zip(("outcomes", "age", "education"), svgs, strict=True):
        assert f'aria-labelledby="report-{key}-title report-{key}-desc"' in chart and 'role="img"' in chart
        assert f'<title id="report-{key}-title">' in chart and f'<desc id="report-{key}-desc">' in chart
    assert "调整前后平均年龄。调整前：平均年龄50.2岁；调整后：平均年龄48.7岁。" in svgs[1]
    assert "乡科级正职：已任用1名，空缺1名，未完成0名" in svgs[0]
    # No script and no external address anywhere on the page (the SVG namespace is a name, not a fetch).
    assert "<script src=\"/static/" in html and "<script>" not in html
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * 3


def test_svg_escapes_text(rw: ReportWorld) -> None:
    from dataclasses import replace

    chart = replace(charts_of(closing_figures(rw.campaign, TODAY))[0], title="<script>x</script>&")
    out = svg(chart)
    assert "<script>" not in out and "&lt;script&gt;x&lt;/script&gt;&amp;" in out


def test_the_report_date(rw: ReportWorld, as_role: Any) -> None:
    client = as_role("organiser")
    later = client.get(page_url(rw) + "?date=2027-12-20").content.decode()
    assert "平均年龄由原来的51.2岁下降为49.7岁" in later and "2027年12月20日" in later
    bad = client.get(page_url(rw) + "?date=20261220x").content.decode()
    assert 'id="date-problem"' in bad and "报告日期“20261220x”无法识别" in bad


def test_the_dashboard_links_the_report_for_those_who_may_read_it(personas: dict[str, Any], as_role: Any) -> None:
    campaign = build_world(personas).campaign
    url = reverse("campaigns:detail", kwargs={"pk": campaign.pk})
    link = f'href="{reverse("reports:view", kwargs={"pk": campaign.pk})}" id="closing-report-link"'
    for role in ALLOWED:
        assert link in as_role(role).get(url).content.decode(), role
    reviewer = as_role("reviewer").get(url)
    assert reviewer.status_code == 200 and "closing-report-link" not in reviewer.content.decode()


def test_a_campaign_with_nothing_done_renders_and_exports(personas: dict[str, Any], as_role: Any) -> None:
    w = build_world(personas)
    client = as_role("organiser")
    html = client.get(reverse("reports:view", kwargs={"pk": w.campaign.pk})).content.decode()
    assert "尚无人报名" in html and "本批次没有投票场次" in html and "尚无任用" in html and "没有在职干部" in html
    for fmt in ("pdf", "xlsx"):
        r = client.get(reverse("reports:export", kwargs={"pk": w.campaign.pk, "fmt": fmt}))
        assert r.status_code == 200 and len(r.content) > 1000


# --- exports --------------------------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace removed. Read with poppler's pdftotext, as the announcement's test does:
    pypdf reads fpdf2's embedded two-byte encoding as one-byte codes and garbles the Chinese."""
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return flat(text.decode())


def test_the_pdf(rw: ReportWorld, as_role: Any) -> None:
    url = reverse("reports:export", kwargs={"pk": rw.campaign.pk, "fmt": "pdf"}) + DATE
    for role in REFUSED:
        assert as_role(role).get(url).status_code == 403
    r = as_role("supervisor").get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "report-" in r["Content-Disposition"] and "filename*=UTF-8''" in r["Content-Disposition"]
    text = pdf_text(r.content)
    assert "2026年机关中层干部竞争上岗工作总结" in text and "二〇二六年十二月二十日" in text
    assert flat(closing_figures(rw.campaign, TODAY).summary) in text
    for expected in ("拿出职位4个", "资格审查合格9人次", "平均年龄（岁）50.248.7", "大学本科以上学历占比80.0%83.3%",
                     "人员9男41大学本科办公室主任乡科级正职", "P02政策法规科副科长1010空缺拟任人选未获讨论决定通过",
                     "调整后平均年龄48.7岁146/3", "各层次职数任用情况", "调整前后学历结构"):
        assert expected in text, expected
    assert as_role("organiser").get(url.replace("export.pdf", "export.doc")).status_code == 404


def test_the_workbook(rw: ReportWorld, as_role: Any) -> None:
    from python_calamine import CalamineWorkbook

    url = reverse("reports:export", kwargs={"pk": rw.campaign.pk, "fmt": "xlsx"}) + DATE
    r = as_role("organiser").get(url)
    assert r.status_code == 200 and r["Content-Disposition"].startswith('attachment; filename="report-')
    book = CalamineWorkbook.from_filelike(io.BytesIO(r.content))
    assert book.sheet_names == ["基本情况", "职位与报名", "投票", "任用与空缺", "队伍结构", "计算口径"]

    def rows(sheet: str) -> list[list[Any]]:
        return book.get_sheet_by_name(sheet).to_python()

    def row(sheet: str, label: str, nth: int = 0) -> list[Any]:
        return [r for r in rows(sheet) if r and r[0] == label][nth]

    assert row("基本情况", "拿出职位")[:3] == ["拿出职位", 4, "个"]
    holders = row("队伍结构", "平均年龄（岁）")
    assert holders[0] == "平均年龄（岁）" and holders[1] == pytest.approx(50.2)
    assert holders[2] == pytest.approx(float(Fraction(146, 3)))  # the number; the cell's format shows 48.7
    assert row("队伍结构", "大学本科以上学历占比")[1:3] == [pytest.approx(0.8), pytest.approx(5 / 6)]
    assert row("计算口径", "调整后平均年龄")[3] == "146/3"
    assert row("任用与空缺", "P04")[:8] == ["P04", "办公室主任", 2, 1, 1, 0, "部分空缺",
                                            "人员9；无人达到规定得票率或分数线"]
    assert row("任用与空缺", "乡科级正职")[:4] == ["乡科级正职", 1, 1, 0]  # the chart's data: filled, vacant, pending
    assert row("任用与空缺", "乡科级正职", 1)[:6] == ["乡科级正职", 1, 1, 1, 1, 0]
    # Each chart's data, and a native Excel chart of it: stacked columns for the outcomes, columns for the rest.
    assert row("队伍结构", "调整前")[:2] == ["调整前", pytest.approx(50.2)]
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"]
        outcomes = z.read(charts[0]).decode()
        assert "<c:barChart>" in outcomes and '<c:grouping val="stacked"/>' in outcomes
        assert "'任用与空缺'!$A$" in outcomes and "各层次职数任用情况" in outcomes


# --- API ------------------------------------------------------------------------------------------

def test_the_api(rw: ReportWorld, as_role: Any) -> None:
    url = f"/api/reports/{rw.campaign.pk}"
    for role in REFUSED:
        assert as_role(role).get(url).status_code == 403
    assert Client().get(url).status_code == 401
    data = as_role("supervisor").get(url + DATE).json()
    figures = {f["key"]: f for f in data["figures"]}
    assert figures["holders.after.age"] == {
        "key": "holders.after.age", "label": "调整后平均年龄", "exact": "146/3", "display": "48.7", "unit": "岁",
        "explanation": figures["holders.after.age"]["explanation"]}
    assert figures["candidates.per_slot"]["exact"] == "9/4" and figures["candidates.per_slot"]["display"] == "2.3"
    assert figures["holders.after.bachelor"]["display"] == "83.3%" and figures["voting.attendance"]["exact"] is None
    assert data["date"] == "2026-12-20" and data["finished"] is True
    assert data["summary"] == closing_figures(rw.campaign, TODAY).summary
    assert [a["why"] for a in data["appointments"]] == ["由一级科员晋升为乡科级副职", "由乡科级副职晋升为乡科级正职"]
    assert data["holders"]["after"]["average_age"] == {"exact": "146/3", "display": "48.7"}
    assert [p["outcome"] for p in data["posts"]] == ["filled", "vacant", "cancelled", "partly"]
    bad = as_role("organiser").get(url + "?date=tomorrow")
    assert bad.status_code == 400 and bad.json()["code"] == "campaigns.reports.date"
    assert as_role("organiser").get("/api/reports/999999").status_code == 404


def test_the_api_exports(rw: ReportWorld, as_role: Any) -> None:
    url = f"/api/reports/{rw.campaign.pk}/export"
    assert as_role("reviewer").get(url).status_code == 403
    pdf = as_role("organiser").get(url + DATE)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = as_role("supervisor").get(url + DATE + "&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert as_role("organiser").get(url + "?format=doc").status_code == 422
    assert as_role("organiser").get(url + "?date=x").json()["code"] == "campaigns.reports.date"


# --- the command line -----------------------------------------------------------------------------

def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_the_command_line(rw: ReportWorld, tmp_path: Path) -> None:
    pk = str(rw.campaign.pk)
    pdf = tmp_path / "总结.pdf"
    result = run("report", pk, str(pdf), "--date", "2026-12-20", "--as", "supervisor")
    assert result.exit_code == 0, result.output
    assert "已结束，报告日期2026年12月20日" in result.output and "平均年龄由原来的50.2岁下降为48.7岁" in result.output
    assert "平均年龄（岁）50.248.7" in pdf_text(pdf.read_bytes())
    xlsx = tmp_path / "总结.xlsx"
    assert run("report", pk, str(xlsx), "--date", "2026-12-20").exit_code == 0
    assert xlsx.read_bytes().startswith(b"PK")
    for args, why in (((pk, str(tmp_path / "x.docx")), "文件须以 .pdf 或 .xlsx 结尾"),
                      (("999999", str(tmp_path / "x.pdf")), "没有编号为999999的竞聘批次"),
                      ((pk, str(tmp_path / "x.pdf"), "--as", "reviewer"), "没有此权限"),
                      ((pk, str(tmp_path / "x.pdf"), "--date", "2026-13-01"), "报告日期“2026-13-01”无法识别")):
        result = run("report", *args)
        assert result.exit_code == 1 and why in result.output, result.output
    assert not (tmp_path / "x.pdf").exists()
