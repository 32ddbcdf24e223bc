"""The working-day calendar the organiser keeps: a year typed in or uploaded (.xlsx, CSV), checked row by row and
stored all or nothing, overriding the shipped data; the one calendar every period is counted on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.campaigns.world import one_event
from tests.notices.world import NoticeWorld, nothing_changes
from tests.people.rosters import to_xlsx
from xuanren.campaigns.errors import CampaignError
from xuanren.notices import actions
from xuanren.notices.calendar import current_calendar, parse_file, parse_holidays, parse_text, year_text
from xuanren.notices.models import CalendarYear
from xuanren.people.actions import ImportRejected
from xuanren.rules.calendar import SHIPPED_YEARS
from xuanren.rules.errors import RuleError

Y2027 = """节日,放假开始,放假结束,调休上班日
元旦,2027-01-01,2027-01-03,
春节,2月6日,2月14日,2027-02-20、2027-02-21
国庆节,2027年10月1日,2027年10月7日,9月26日 10月9日
"""


def problems(exc: ImportRejected) -> list[str]:
    return [str(p) for p in exc.problems]


def test_a_year_is_read_from_the_text_form() -> None:
    data = parse_text(2027, Y2027, source="国办发明电〔2026〕X号")
    assert [h.name for h in data.holidays] == ["元旦", "春节", "国庆节"]
    assert data.holidays[1].workdays == (dt.date(2027, 2, 20), dt.date(2027, 2, 21))
    assert data.holidays[2].workdays == (dt.date(2027, 9, 26), dt.date(2027, 10, 9))
    # without the header, with commas between the make-up days, tab separated as pasted from Excel
    same = parse_text(2027, "元旦,2027-01-01,2027-01-03\n春节,2027-02-06,2027-02-14,2027-02-20,2027-02-21\n"
                            "国庆节,2027-10-01,2027-10-07,2027-09-26,2027-10-09")
    assert same.holidays == data.holidays
    tabbed = parse_text(2027, Y2027.replace(",", "\t"))
    assert tabbed.holidays == data.holidays
    # what the form shows again reads back the same
    assert parse_text(2027, year_text(data)).holidays == data.holidays


def test_every_wrong_row_is_reported_with_its_reason() -> None:
    text = """节日,放假开始,放假结束,调休上班日
元旦,2027-01-01,2027-01-03,2027-01-04
春节,2027-02-14,2027-02-06,
,2027-04-05,2027-04-05,
劳动节,2026-05-01,2027-05-05,
端午节,2027-06-09,2027-06-11,2027-06-10
中秋节,2027-09-15,2027-09-17,九月
国庆节,2027-10-01,2027-10-07,2027-09-26
重阳,2027-10-07,2027-10-07,
"""
    with pytest.raises(ImportRejected) as rejected:
        parse_text(2027, text)
    assert problems(rejected.value) == [
        "第2行 “调休上班日”列：调休上班日2027年1月4日是周一，不是周末（值：2027-01-04）",
        "第3行 “放假结束”列：放假结束日2027年2月6日早于开始日2027年2月14日（值：2027-02-06）",
        "第4行 “节日”列：节日名称为空",
        "第5行 “放假开始”列：2026年5月1日不在2027年内（值：2026-05-01）",
        "第6行 “调休上班日”列：调休上班日2027年6月10日是周四，不是周末（值：2027-06-10）",
        "第7行 “调休上班日”列：无法识别的日期“九月”，请写成 2027-10-01 或 10月1日（值：九月）",
        "第9行 “放假开始”列：2027年10月7日已在第8行（国庆节）中列出，同一天不能既放假又上班或列出两次"
        "（值：2027-10-07）",
    ]


def test_a_make_up_day_inside_the_holiday_or_listed_as_a_day_off_elsewhere_is_refused() -> None:
    with pytest.raises(ImportRejected) as rejected:
        parse_text(2027, "春节,2027-02-06,2027-02-14,2027-02-13\n元旦,2027-01-01,2027-01-03,\n"
                         "清明节,2027-04-03,2027-04-05,\n调休,2027-04-10,2027-04-10,2027-04-03")
    assert problems(rejected.value) == [
        "第1行 “调休上班日”列：调休上班日2027年2月13日在放假期间之内，同一天不能既放假又上班（值：2027-02-13）",
        "第4行 “调休上班日”列：2027年4月3日已在第3行（清明节）中列出，同一天不能既放假又上班或列出两次"
        "（值：2027-04-03）"]


def test_an_empty_table_or_a_missing_column_is_refused() -> None:
    with pytest.raises(ImportRejected, match="发现 1 个问题") as rejected:
        parse_text(2027, "")
    assert problems(rejected.value) == ["未录入2027年的任何节假日"]
    with pytest.raises(ImportRejected) as rejected:
        parse_text(2027, "节日,放假开始\n元旦,2027-01-01")
    assert problems(rejected.value) == ["第1行 “放假结束”列：缺少必填列“放假结束”"]


def test_a_year_is_read_from_an_xlsx_or_csv_file() -> None:
    rows = [["节日名称", "开始日期", "结束日期", "调休上班日"],
            ["元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 3), None],
            ["春节", "2027-02-06", "2027-02-14", "2027-02-20、2027-02-21"]]
    data = parse_file(2027, to_xlsx({"节假日": rows}), "2027.xlsx")
    assert [(h.name, h.first, h.last) for h in data.holidays] == [
        ("元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 3)), ("春节", dt.date(2027, 2, 6), dt.date(2027, 2, 14))]
    csv = "节日,放假开始,放假结束,调休上班日\r\n元旦,2027-01-01,2027-01-03,\r\n".encode("gb18030")
    assert parse_file(2027, csv, "2027.csv").holidays[0].name == "元旦"
    with pytest.raises(ImportRejected) as rejected:
        parse_file(2027, b"%PDF-1.4", "2027.pdf")
    assert "PDF" in problems(rejected.value)[0]


def test_the_api_form_is_read_the_same_way() -> None:
    data = parse_holidays(2027, [{"name": "元旦", "first": "2027-01-01", "last": "2027-01-03", "workdays": []},
                                 {"name": "春节", "first": "2027-02-06", "last": "2027-02-14",
                                  "workdays": ["2027-02-20"]}])
    assert data.holidays[1].workdays == (dt.date(2027, 2, 20),)


# --- storing -----------------------------------------------------------------------------------------

def test_an_entered_year_counts_and_a_correction_overrides_the_shipped_data(nw: NoticeWorld) -> None:
    with pytest.raises(RuleError, match="2027年的节假日安排尚未录入"):
        current_calendar().is_working_day(dt.date(2027, 1, 1))
    with one_event("notices.calendar.save"):
        row = actions.calendar_year_save(actor=nw.organiser, data=parse_text(2027, Y2027, source="通知"))
    assert row.year == 2027 and row.source == "通知" and row.updated_by == nw.organiser
    assert row.holidays[0] == {"name": "元旦", "days": ["2027-01-01", "2027-01-02", "2027-01-03"], "workdays": []}
    assert "2027-02-20" in row.workdays
    cal = current_calendar()
    assert not cal.is_working_day(dt.date(2027, 1, 1)) and cal.is_working_day(dt.date(2027, 2, 20))
    assert cal.names[dt.date(2027, 2, 20)] == "春节"
    # a correction of 2026 (Mid-Autumn Festival moved, say) replaces the shipped data of that year
    corrected = year_text(SHIPPED_YEARS[2026]).replace("中秋节,2026-09-25,2026-09-27", "中秋节,2026-09-26,2026-09-28")
    actions.calendar_year_save(actor=nw.organiser, data=parse_text(2026, corrected, source="更正"))
    cal = current_calendar()
    assert not cal.is_working_day(dt.date(2026, 9, 28)) and cal.is_working_day(dt.date(2026, 9, 25))
    assert cal.sources[2026] == "更正"
    with one_event("notices.calendar.delete"):
        actions.calendar_year_delete(actor=nw.organiser, year=2026)
    assert current_calendar().is_working_day(dt.date(2026, 9, 28))  # shipped again
    assert CalendarYear.objects.get().year == 2027


def test_only_the_organiser_changes_the_calendar(nw: NoticeWorld) -> None:
    for role in ("supervisor", "reviewer"):
        with nothing_changes(), pytest.raises(PermissionDenied):
            actions.calendar_year_save(actor=nw.users(role), data=parse_text(2027, Y2027))
    with nothing_changes(), pytest.raises(CampaignError, match="2030年没有录入的工作日历"):
        actions.calendar_year_delete(actor=nw.organiser, year=2030)


def test_a_change_that_would_shorten_a_published_notice_is_refused(nw: NoticeWorld) -> None:
    nw.published()  # 7 to 14 December 2026
    text = year_text(SHIPPED_YEARS[2026]) + "\n特别假日,2026-12-10,2026-12-11,"
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        actions.calendar_year_save(actor=nw.organiser, data=parse_text(2026, text))
    assert str(refused.value).startswith("已发布的公示“任前公示”（2026年12月7日至2026年12月14日）"
                                         "按修改后的日历将不符合要求：公示期2026年12月7日至2026年12月14日仅有3个工作日")
    # a change elsewhere in the year is fine
    text = year_text(SHIPPED_YEARS[2026]).replace("2026-09-27", "2026-09-28")
    actions.calendar_year_save(actor=nw.organiser, data=parse_text(2026, text))


def test_a_stored_year_broken_by_hand_is_reported_not_guessed(nw: NoticeWorld) -> None:
    CalendarYear.objects.create(year=2027, holidays=[{"name": "元旦", "days": ["2027-13-01"]}], workdays=[],
                                updated=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with pytest.raises(RuleError, match="2027年的工作日历数据有误"):
        current_calendar()
    with nothing_changes(), pytest.raises(CampaignError, match="2027年的工作日历数据有误"):
        nw.generate()


# --- the pages ---------------------------------------------------------------------------------------

def test_the_calendar_pages_per_role(nw: NoticeWorld, as_role: Any) -> None:
    page = as_role("organiser").get("/notices/calendar/").content.decode()
    assert "2025年" in page and "2026年" in page and 'id="calendar-form"' in page
    year = as_role("supervisor").get("/notices/calendar/2026/").content.decode()
    assert "国庆节" in year and "2026-09-20、2026-10-10" in year and 'id="year-form"' not in year
    for role in ("reviewer", "judge", "applicant"):
        assert as_role(role).get("/notices/calendar/").status_code == 403
    assert as_role("organiser").get("/notices/calendar/2031/").status_code == 404


def test_a_year_entered_through_the_page_and_a_rejected_one(nw: NoticeWorld, as_role: Any) -> None:
    client = as_role("organiser")
    r = client.post("/notices/calendar/save/", {"year": "2027", "source": "通知", "text": Y2027})
    assert r.status_code == 302 and r["Location"] == "/notices/calendar/2027/"
    assert "春节" in client.get(r["Location"]).content.decode()
    with nothing_changes():
        r = client.post("/notices/calendar/save/", {"year": "2028", "text": "元旦,2028-01-01,2028-01-03,2028-01-04"})
    body = r.content.decode()
    assert r.status_code == 400 and "未导入任何数据" in body and "2028年1月4日是周二，不是周末" in body
    assert "元旦,2028-01-01,2028-01-03,2028-01-04" in body  # what was typed is kept
    upload = SimpleUploadedFile("2028.csv", "元旦,2028-01-01,2028-01-03\n".encode())
    r = client.post("/notices/calendar/save/", {"year": "2028", "file": upload})
    assert r.status_code == 302 and CalendarYear.objects.filter(year=2028).exists()
    r = client.post("/notices/calendar/2028/delete/")
    assert r.status_code == 302 and not CalendarYear.objects.filter(year=2028).exists()
    with nothing_changes():
        assert as_role("supervisor").post("/notices/calendar/save/", {"year": "2029", "text": Y2027}).status_code == 403


def test_a_change_that_would_alter_a_published_notices_working_days_is_refused(nw: NoticeWorld) -> None:
    nw.published()  # 7 to 14 December 2026, 5 working days
    text = year_text(SHIPPED_YEARS[2026]) + "\n特别调休,2026-11-30,2026-11-30,2026-12-12"
    with nothing_changes(), pytest.raises(CampaignError, match="公示所写的5个工作日将变为6个"):
        actions.calendar_year_save(actor=nw.organiser, data=parse_text(2026, text))
