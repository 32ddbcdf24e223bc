"""Laws of the working-day calendar, searched by hypothesis over the shipped data and made-up calendars."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from xuanren.rules.calendar import SHIPPED_CALENDAR, WorkCalendar, notice_period

ONE_DAY = timedelta(days=1)
# late enough in 2026 that 20 working days still end in 2026
starts = st.dates(date(2025, 1, 1), date(2026, 11, 15))
counts = st.integers(1, 20)


@st.composite
def made_up_calendars(draw: st.DrawFn) -> WorkCalendar:
    days = [date(2030, 1, 1) + timedelta(days=i) for i in range(365 * 2)]
    off = draw(st.sets(st.sampled_from(days), max_size=80))
    worked = draw(st.sets(st.sampled_from([d for d in days if d.weekday() >= 5 and d not in off]), max_size=20))
    return WorkCalendar(frozenset(off), frozenset(worked), years=frozenset({2030, 2031, 2032}))


calendars = st.one_of(st.just(SHIPPED_CALENDAR), made_up_calendars())


def start_in(cal: WorkCalendar) -> st.SearchStrategy[date]:
    return starts if cal is SHIPPED_CALENDAR else st.dates(date(2030, 1, 1), date(2031, 11, 30))


@given(calendars, st.data(), counts, st.booleans())
def test_a_notice_period_ends_on_a_working_day_and_counts_exactly_n_of_them(cal: WorkCalendar, data: st.DataObject,
                                                                            n: int, start_counts: bool) -> None:
    start = data.draw(start_in(cal))
    period = cal.notice_period(start, n, start_counts=start_counts)
    assert cal.is_working_day(period.end)
    assert len(period.days) == n and period.days[-1] == period.end
    assert all(cal.is_working_day(d) for d in period.days)
    assert list(period.days) == sorted(set(period.days))
    # every day from the start to the end is either counted or skipped, once
    span = [start + ONE_DAY * i for i in range((period.end - start).days + 1)]
    assert sorted([*period.days, *(s.day for s in period.skipped)]) == span
    assert len(cal.working_days_in(start, period.end, start_counts=start_counts)) == n


@given(calendars, st.data(), counts)
def test_the_end_is_never_earlier_than_the_start_plus_n_calendar_days(cal: WorkCalendar, data: st.DataObject,
                                                                      n: int) -> None:
    start = data.draw(start_in(cal))
    # the default: the day of publication does not count, so n working days end n calendar days later at least
    assert cal.notice_period(start, n).end >= start + ONE_DAY * n
    assert cal.add_working_days(start, n) >= start + ONE_DAY * n
    assert cal.notice_period(start, n).end == cal.add_working_days(start, n)
    # counting the day of publication: the period spans at least n calendar days, start and end included
    assert (cal.notice_period(start, n, start_counts=True).end - start).days + 1 >= n


@given(st.data(), counts)
def test_a_five_day_notice_ends_at_least_five_calendar_days_after_its_start(data: st.DataObject, n: int) -> None:
    """The issue's property, on the shipped State Council data, for the legal minimum and longer notices."""
    start = data.draw(starts)
    assert (notice_period(start).end - start).days >= 5
    assert (notice_period(start, max(n, 5)).end - start).days >= max(n, 5)


@st.composite
def calendar_and_extra_day_off(draw: st.DrawFn) -> tuple[WorkCalendar, date]:
    cal = draw(made_up_calendars())
    day = draw(st.dates(date(2030, 1, 1), date(2031, 12, 31)).filter(lambda d: d not in cal.workdays))
    return cal, day


@given(calendar_and_extra_day_off(), st.data(), counts, st.booleans())
def test_adding_a_holiday_never_makes_the_end_earlier(made: tuple[WorkCalendar, date], data: st.DataObject, n: int,
                                                     start_counts: bool) -> None:
    cal, day = made
    more = WorkCalendar(cal.holidays | {day}, cal.workdays, years=cal.years)
    start = data.draw(st.dates(date(2030, 1, 1), date(2031, 11, 30)))
    before = cal.notice_period(start, n, start_counts=start_counts).end
    after = more.notice_period(start, n, start_counts=start_counts).end
    assert after >= before
    # and a period the holiday does not touch is unchanged
    if not start <= day <= before:
        assert after == before


@given(made_up_calendars(), st.data(), counts)
def test_adding_a_make_up_working_day_never_makes_the_end_later(cal: WorkCalendar, data: st.DataObject,
                                                                n: int) -> None:
    weekend = data.draw(st.dates(date(2030, 1, 1), date(2031, 12, 31))
                        .filter(lambda d: d.weekday() >= 5 and d not in cal.holidays))
    more = WorkCalendar(cal.holidays, cal.workdays | {weekend}, years=cal.years)
    start = data.draw(st.dates(date(2030, 1, 1), date(2031, 11, 30)))
    assert more.notice_period(start, n).end <= cal.notice_period(start, n).end


@given(calendars, st.data(), counts)
def test_add_working_days_is_monotone_and_lands_on_a_working_day(cal: WorkCalendar, data: st.DataObject,
                                                                n: int) -> None:
    start = data.draw(start_in(cal))
    later = start + ONE_DAY * data.draw(st.integers(0, 10))
    result = cal.add_working_days(start, n)
    assert cal.is_working_day(result) and result > start
    assert cal.add_working_days(start, n + 1) > result
    assert cal.add_working_days(later, n) >= result


@given(calendars, st.data(), counts, st.booleans())
def test_validate_notice_accepts_the_computed_period_and_refuses_one_day_less(cal: WorkCalendar,
                                                                             data: st.DataObject, n: int,
                                                                             start_counts: bool) -> None:
    start = data.draw(start_in(cal))
    end = cal.notice_period(start, n, start_counts=start_counts).end
    assert cal.validate_notice(start, end, n, start_counts=start_counts) == []
    assert cal.validate_notice(start, end + ONE_DAY * data.draw(st.integers(0, 5)), n,
                               start_counts=start_counts) == []
    if end - ONE_DAY >= start:
        problems = cal.validate_notice(start, end - ONE_DAY, n, start_counts=start_counts)
        assert problems[0].code == "calendar.notice.too_short"
        assert problems[0].params["earliest_en"] == end.isoformat()
        assert problems[0].params["counted"] == n - 1
