"""The decision areas in English (issue 6): with the language menu's cookie set to English, the organiser's
stage pages of the inspection, the committee, the notice and the appointment, the closing report, and the
public notice page (logged out) show the English catalogue's words, not the Chinese msgids.

Each page is built the way its area's own tests build it (their world modules). What a page shows from
data or from text the code writes in Chinese (names, the notice's text, the stage's blockers, the report's
body) stays Chinese, so the Chinese checked for absence here are msgids of the page's own labels only.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.appointments.world import build_appointment_world
from tests.committee.world import build_committee_world
from tests.inspection.world import build_inspection_world
from tests.notices.world import DURING, build_notice_world
from tests.reports.world import build_report_world


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page = response.content.decode()
    assert '<html lang="en"' in page
    return str(page)


def _shows(page: str, english: tuple[str, ...], chinese: tuple[str, ...]) -> None:
    for word in english:
        assert word in page, word
    for word in chinese:
        assert word not in page, word


def _notices_clock(moment: Any) -> Any:
    return mock.patch("xuanren.notices.clock.now", return_value=moment)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_inspection_stage_page_in_english(personas: dict[str, Any], as_role: Any) -> None:
    iw = build_inspection_world(personas)
    iw.conclude(1)
    client = _english(as_role("organiser"))
    page = _page(client, reverse("inspection:stage", kwargs={"pk": iw.campaign.pk, "stage_pk": iw.stage.pk}))
    _shows(page, ("Inspection dimensions and weights", "Unit and position", "Inspection team leader",
                  "Public advance notices", "Approved as proposed appointee", "No conclusion yet",
                  "Candidates under inspection: 6; advance notice published: 0; concluded: 1"),
           ("考察维度和权重", "单位及职务", "考察组组长", "公开的考察预告", "谈话人数", "尚无结论"))
    # The navigation's entries added for the decisions.
    _shows(page, ("Objections to notices", "Appointments and reserve pool", "Working-day calendar"),
           ("公示反映问题", "任职与后备干部", "工作日历"))


def test_the_committee_pages_in_english(personas: dict[str, Any], as_role: Any) -> None:
    cw = build_committee_world(personas)
    meeting = cw.meeting()
    cw.propose("P01", 1, 2, submit_to=meeting)
    client = _english(as_role("organiser"))
    page = _page(client, f"/committee/{cw.campaign.pk}/stage/{cw.stage.pk}/")
    _shows(page, ("Proposals and committee votes", "Proposals for each post", "Schedule a meeting",
                  "Members/present", "Competitive", "Awaiting vote", "Edit this stage’s voting rule",
                  "Deferred if defer votes outnumber disagree votes", "Members (as the Regulations require)"),
           ("各职位拟任人选方案", "安排会议", "应到/实到", "修改本环节的表决规则", "应到人数（条例规定）",
            "提名人数多于职数为差额酝酿"))
    page = _page(client, f"/committee/meetings/{meeting.pk}/")
    _shows(page, ("Register attendance", "Member list (9 members)", "Attendance", "Open voting", "Agenda item"),
           ("登记出席情况", "成员名单（应到9人）", "出席情况", "开始表决", "表决事项"))


def test_the_notice_stage_page_and_the_public_notice_in_english(personas: dict[str, Any], as_role: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    nw = build_notice_world(personas, monkeypatch)
    notice = nw.published()
    client = _english(as_role("organiser"))
    with _notices_clock(DURING):
        page = _page(client, f"/notices/{nw.campaign.pk}/stage/{nw.stage.pk}/")
    _shows(page, ("Pre-appointment public notice", "Notice rules", "Open objections",
                  "Notice period (working days, at least 5)", "5 working days"),
           ("公示规则", "未办结反映", "公示期（工作日，不少于5）", "个工作日）"))
    public = _english(Client())
    with _notices_clock(DURING):
        page = _page(public, f"/notices/public/{notice.pk}/")
    _shows(page, ("Raise an objection online", "Anonymous objection", "Named objection",
                  "Check progress with a receipt number", "Notice period: ", "proposed for 办公室副主任"),
           ("网上反映问题", "凭受理编号查询办理情况", "反映内容（必填）", "下载公示（PDF）", "公示期："))
    with _notices_clock(DURING):
        response = public.post("/notices/public/receipt/", {"receipt": "JB-2026-NOSUCH"})
    assert response.status_code == 404
    _shows(response.content.decode(), ("No objection has this receipt number",), ("未找到该受理编号",))


def test_the_working_day_calendar_in_english(personas: dict[str, Any], as_role: Any) -> None:
    page = _page(_english(as_role("organiser")), "/notices/calendar/2026/")
    _shows(page, ("<th>Mon</th>", "<th>Sun</th>", "Month 12", "Grey: weekend", "Make-up working day"),
           ("<th>一</th>", "12月</div>", "灰色：周末", "2026年</li>"))
    # Years are written without the English thousands separator, in text and in the form that posts them.
    assert 'name="year" value="2026"' in page and "2,026" not in page


def test_the_appointment_stage_page_in_english(personas: dict[str, Any], as_role: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    aw = build_appointment_world(personas, monkeypatch)
    client = _english(as_role("organiser"))
    page = _page(client, reverse("appointments:stage", kwargs={"pk": aw.campaign.pk, "stage_pk": aw.stage.pk}))
    _shows(page, ("Make an appointment", "Proposed appointee", "Score/notes", "Awaiting appointment",
                  "Objection still open", "Declare the remaining 1 slot vacant", "Reserve pool"),
           ("办理任职", "成绩/说明", "待任职", "反映问题尚未办结", "宣布剩余", "后备干部库"))


def test_the_closing_report_in_english(personas: dict[str, Any], as_role: Any) -> None:
    rw = build_report_world(personas)
    client = _english(as_role("organiser"))
    page = _page(client, reverse("reports:view", kwargs={"pk": rw.campaign.pk}))
    _shows(page, ("Closing report", "Report date", "Recalculate", "Export to PDF", "Export to Excel",
                  "Ages are counted in full years on the report date."),
           ("工作总结</", "重新计算", "导出 PDF", "导出 Excel", "年龄按报告日期计算周岁"))
    page = _page(client, reverse("reports:view", kwargs={"pk": rw.campaign.pk}) + "?date=tomorrow")
    assert "The report date “tomorrow” was not understood" in page
