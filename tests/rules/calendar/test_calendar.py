"""The working-day calendar: the shipped State Council data, the notice period's named examples, refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xuanren.rules.calendar import (
    SHIPPED_CALENDAR,
    SHIPPED_YEARS,
    Holiday,
    Skipped,
    WorkCalendar,
    YearData,
    add_working_days,
    is_working_day,
    notice_period,
    validate_notice,
)
from xuanren.rules.errors import RuleError

CAL = SHIPPED_CALENDAR


def working_days_of(year: int, cal: WorkCalendar = CAL) -> int:
    day, n = date(year, 1, 1), 0
    while day.year == year:
        n += cal.is_working_day(day)
        day += timedelta(days=1)
    return n


# --- the shipped data ---------------------------------------------------------------------------------------------

def test_2026_follows_the_state_council_notice() -> None:
    off = {date(2026, 1, 1), date(2026, 1, 2), date(2026, 2, 16), date(2026, 2, 23), date(2026, 4, 6),
           date(2026, 5, 4), date(2026, 5, 5), date(2026, 6, 19), date(2026, 9, 25), date(2026, 10, 1),
           date(2026, 10, 7)}
    worked = {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
              date(2026, 10, 10)}
    assert not any(CAL.is_working_day(d) for d in off)
    assert all(CAL.is_working_day(d) for d in worked)
    assert {d for d in CAL.workdays if d.year == 2026} == worked
    assert len([d for d in CAL.holidays if d.year == 2026]) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert working_days_of(2026) == 248  # 261 weekdays − 19 weekdays off + 6 make-up working days
    assert "content_7047090" in SHIPPED_YEARS[2026].source


def test_2025_follows_the_state_council_notice() -> None:
    assert not CAL.is_working_day(date(2025, 10, 8))
    assert CAL.is_working_day(date(2025, 10, 11)) and CAL.is_working_day(date(2025, 1, 26))
    assert working_days_of(2025) == 248  # 261 − 18 + 5
    assert CAL.day_off_reason(date(2025, 10, 8)) == ("国庆节、中秋节", "National Day and Mid-Autumn Festival")


def test_ordinary_weekdays_work_and_weekends_rest() -> None:
    assert is_working_day(date(2026, 3, 4))
    assert CAL.day_off_reason(date(2026, 3, 7)) == ("周六", "Saturday")
    assert CAL.day_off_reason(date(2026, 3, 4)) is None


def test_a_year_without_data_is_refused_not_guessed() -> None:
    with pytest.raises(RuleError) as refused:
        is_working_day(date(2027, 3, 1))
    assert str(refused.value) == "2027年的节假日安排尚未录入，请先录入"
    assert refused.value.message.code == "calendar.year_unknown"
    assert refused.value.message.text("en") == ("the holiday arrangements for 2027 have not been entered yet; "
                                                "enter them first")
    with pytest.raises(RuleError, match="2027年的节假日安排尚未录入"):
        notice_period(date(2026, 12, 28))  # runs into 2027
    with pytest.raises(RuleError, match="2024年"):
        is_working_day(date(2024, 12, 31))


def test_an_organiser_adds_a_year_and_corrects_one() -> None:
    y2027 = YearData(2027, (Holiday("元旦", date(2027, 1, 1), date(2027, 1, 1)),), "录入")
    corrected = YearData(2026, tuple(h for h in SHIPPED_YEARS[2026].holidays if h.name != "中秋节"), "更正")
    cal = WorkCalendar.from_data({**SHIPPED_YEARS, 2027: y2027, 2026: corrected})
    assert notice_period(date(2026, 12, 28), calendar=cal).end == date(2027, 1, 5)
    assert cal.is_working_day(date(2026, 9, 25))
    assert not CAL.is_working_day(date(2026, 9, 25))  # the shipped calendar is untouched
    assert cal.sources[2027] == "录入"


# --- named examples of the notice period ---------------------------------------------------------------------------
# The day of publication does not count (民法典 第二百零一条): that is the default, start_counts=False.

def test_a_notice_starting_just_before_the_national_day_holiday() -> None:
    period = notice_period(date(2026, 9, 30))  # Wednesday, the last working day before the holiday
    assert period.start_counts is False
    assert period.end == date(2026, 10, 13)
    assert period.days == (date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12),
                           date(2026, 10, 13))
    assert period.skipped[0] == Skipped(date(2026, 9, 30), "起始日不计入", "first day not counted")
    assert period.skipped[1] == Skipped(date(2026, 10, 1), "国庆节", "National Day")
    assert [s.day for s in period.skipped] == [date(2026, 9, 30), *(date(2026, 10, d) for d in (1, 2, 3, 4, 5, 6, 7,
                                                                                              11))]
    assert period.makeup_days == (date(2026, 10, 10),)
    assert [str(m) for m in period.explain()] == [
        "公示期自2026年9月30日至2026年10月13日，共5个工作日（起始日不计入，自次日起算）",
        "不计入：9月30日（起始日不计入）、10月1日至10月7日（国庆节）、10月11日（周日）",
        "计入调休上班日：10月10日（周六，国庆节调休）"]
    assert period.explain()[1].text("en") == ("not counted: 2026-09-30 (first day not counted), 2026-10-01 to "
                                              "2026-10-07 (National Day), 2026-10-11 (Sunday)")
    # a day earlier: the 30th counts, and the period still crosses the whole holiday
    assert notice_period(date(2026, 9, 29)).end == date(2026, 10, 12)
    # counting the day of publication (the local habit, an option): one day less
    counted = notice_period(date(2026, 9, 30), start_counts=True)
    assert counted.end == date(2026, 10, 12)
    assert str(counted.explain()[0]) == "公示期自2026年9月30日至2026年10月12日，共5个工作日（起始日为工作日的计入）"


def test_a_notice_spanning_a_make_up_working_saturday() -> None:
    period = notice_period(date(2026, 5, 7))  # Thursday; Saturday 9 May is worked for Labour Day
    assert period.end == date(2026, 5, 13)
    assert period.days == (date(2026, 5, 8), date(2026, 5, 9), date(2026, 5, 11), date(2026, 5, 12),
                           date(2026, 5, 13))
    assert period.skipped == (Skipped(date(2026, 5, 7), "起始日不计入", "first day not counted"),
                              Skipped(date(2026, 5, 10), "周日", "Sunday"))
    assert str(period.explain()[2]) == "计入调休上班日：5月9日（周六，劳动节调休）"
    assert period.explain()[2].text("en") == "make-up working days counted: 2026-05-09 (Saturday, for Labour Day)"
    # without the make-up Saturday the same notice would run a day longer
    assert notice_period(date(2025, 5, 8)).end == date(2025, 5, 15)


def test_a_notice_over_new_year_uses_both_years_and_the_make_up_sunday() -> None:
    period = notice_period(date(2025, 12, 31))
    assert period.end == date(2026, 1, 8)
    assert date(2026, 1, 4) in period.days
    assert str(period.explain()[1]) == "不计入：12月31日（起始日不计入）、2026年1月1日至2026年1月3日（元旦）"


def test_a_notice_over_the_spring_festival() -> None:
    period = notice_period(date(2026, 2, 11))
    assert period.end == date(2026, 2, 25)
    assert period.makeup_days == (date(2026, 2, 14),)


def test_a_notice_published_on_a_working_monday_runs_to_the_next_monday() -> None:
    later = notice_period(date(2026, 3, 2))
    assert later.end == date(2026, 3, 9)
    assert later.skipped[0] == Skipped(date(2026, 3, 2), "起始日不计入", "first day not counted")
    assert "起始日不计入，自次日起算" in str(later.explain()[0])
    # counting the day of publication: Monday to Friday
    assert notice_period(date(2026, 3, 2), start_counts=True).end == date(2026, 3, 6)


def test_a_notice_published_on_a_saturday_counts_from_monday() -> None:
    period = notice_period(date(2026, 3, 7))
    assert period.end == date(2026, 3, 13)
    assert str(period.explain()[1]) == "不计入：3月7日（起始日不计入）、3月8日（周日）"
    counted = notice_period(date(2026, 3, 7), start_counts=True)
    assert counted.end == date(2026, 3, 13)
    assert str(counted.explain()[1]) == "不计入：3月7日至3月8日（周末）"


def test_a_notice_of_seven_working_days() -> None:
    assert notice_period(date(2026, 3, 2), 7).end == date(2026, 3, 11)
    assert notice_period(date(2026, 3, 2), 7, start_counts=True).end == date(2026, 3, 10)


# --- validate_notice -------------------------------------------------------------------------------------------------

def test_a_notice_ending_on_a_holiday_counted_wrongly_is_refused() -> None:
    # five calendar days from 28 September, the last two in the National Day holiday
    problems = validate_notice(date(2026, 9, 28), date(2026, 10, 2))
    assert [p.code for p in problems] == ["calendar.notice.too_short", "calendar.notice.ends_on_day_off"]
    assert [str(p) for p in problems] == [
        "公示期2026年9月28日至2026年10月2日仅有2个工作日，少于5个工作日，最早应至2026年10月10日截止",
        "截止日2026年10月2日为国庆节假期，不是工作日"]
    assert problems[0].params["earliest"] == "2026年10月10日"  # the make-up working Saturday
    assert problems[1].text("en") == "the last day, 2026-10-02, is not a working day (National Day)"
    # counting the day of publication, it is still too short
    assert "仅有3个工作日" in str(validate_notice(date(2026, 9, 28), date(2026, 10, 2), start_counts=True)[0])


def test_a_notice_over_mid_autumn_counted_in_calendar_days_is_refused() -> None:
    problems = validate_notice(date(2026, 9, 24), date(2026, 9, 28))
    assert [p.code for p in problems] == ["calendar.notice.too_short"]
    assert "仅有1个工作日" in str(problems[0])


def test_five_working_days_counting_the_day_of_publication_are_four_by_default() -> None:
    problems = validate_notice(date(2026, 3, 2), date(2026, 3, 6))
    assert "仅有4个工作日" in str(problems[0])
    assert "最早应至2026年3月9日截止" in str(problems[0])
    assert validate_notice(date(2026, 3, 2), date(2026, 3, 6), start_counts=True) == []


def test_a_long_enough_notice_may_end_on_a_weekend() -> None:
    assert validate_notice(date(2026, 3, 2), date(2026, 3, 9)) == []
    assert validate_notice(date(2026, 3, 6), date(2026, 3, 15)) == []


def test_the_least_number_of_working_days_and_the_convention_are_arguments() -> None:
    assert validate_notice(date(2026, 3, 2), date(2026, 3, 10), 7) != []
    assert validate_notice(date(2026, 3, 2), date(2026, 3, 11), 7) == []
    assert validate_notice(date(2026, 3, 2), date(2026, 3, 10), 7, start_counts=True) == []


def test_a_notice_ending_before_it_starts_is_refused() -> None:
    problems = validate_notice(date(2026, 3, 6), date(2026, 3, 2))
    assert [str(p) for p in problems] == ["公示截止日2026年3月2日早于起始日2026年3月6日"]


def test_a_notice_running_into_a_year_without_data_is_refused() -> None:
    with pytest.raises(RuleError, match="2027年的节假日安排尚未录入，请先录入"):
        validate_notice(date(2026, 12, 28), date(2027, 1, 6))


# --- add_working_days -----------------------------------------------------------------------------------------------

def test_add_working_days_does_not_count_the_start() -> None:
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


@pytest.mark.parametrize("n", [0, -1, True])
def test_add_working_days_refuses_a_count_below_one(n: int) -> None:
    with pytest.raises(RuleError, match="正整数"):
        add_working_days(date(2026, 3, 6), n)


# --- the data is checked as it is built ----------------------------------------------------------------------------

def test_a_make_up_working_day_on_a_weekday_is_refused() -> None:
    with pytest.raises(RuleError, match="国庆节的调休上班日2026年10月8日是周四，不是周末"):
        Holiday("国庆节", date(2026, 10, 1), date(2026, 10, 7), (date(2026, 10, 8),))
    with pytest.raises(RuleError, match="不是周末"):
        WorkCalendar(frozenset(), frozenset({date(2026, 10, 8)}))


def test_holiday_data_that_contradicts_itself_is_refused() -> None:
    with pytest.raises(RuleError, match="早于开始日"):
        Holiday("春节", date(2026, 2, 23), date(2026, 2, 15))
    with pytest.raises(RuleError, match="在放假期间之内"):
        Holiday("春节", date(2026, 2, 15), date(2026, 2, 23), (date(2026, 2, 21),))
    with pytest.raises(RuleError, match="同时列在春节和元宵中"):
        YearData(2026, (Holiday("春节", date(2026, 2, 15), date(2026, 2, 23)),
                        Holiday("元宵", date(2026, 2, 23), date(2026, 2, 23))))
    with pytest.raises(RuleError, match="不在2026年内"):
        YearData(2026, (Holiday("元旦", date(2025, 12, 31), date(2026, 1, 1)),))
    with pytest.raises(RuleError, match="既是放假日又是调休上班日"):
        WorkCalendar(frozenset({date(2026, 10, 10)}), frozenset({date(2026, 10, 10)}))
    with pytest.raises(RuleError, match="2027年的位置上录入的是2026年的安排"):
        WorkCalendar.from_data({2027: SHIPPED_YEARS[2026]})
    with pytest.raises(RuleError, match="没有任何年份"):
        WorkCalendar(frozenset(), frozenset())


def test_a_make_up_working_day_may_fall_in_the_december_before() -> None:
    # as 30 and 31 December 2006 did for New Year's Day 2007
    y2007 = YearData(2007, (Holiday("元旦", date(2007, 1, 1), date(2007, 1, 3),
                                    (date(2006, 12, 30), date(2006, 12, 31))),))
    cal = WorkCalendar.from_data({2006: YearData(2006, ()), 2007: y2007})
    assert cal.is_working_day(date(2006, 12, 30))
    assert cal.add_working_days(date(2006, 12, 29), 2) == date(2006, 12, 31)
