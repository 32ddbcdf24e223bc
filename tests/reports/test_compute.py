"""The closing report's arithmetic: exact ages and averages, rounding half up for display only, the education
groups, and promotion versus lateral move across leadership levels and ranks."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuanren.reports import compute
from xuanren.reports.compute import Holder, display, move, percent


def test_rounding_is_half_up_and_only_for_display() -> None:
    assert round(40.25, 1) == 40.2  # what float rounding would show
    assert display(Fraction(161, 4)) == "40.3"
    assert display(Fraction(9, 4)) == "2.3"
    assert display(Fraction(146, 3)) == "48.7"
    assert display(Fraction(251, 5)) == "50.2"
    assert display(Fraction(-161, 4)) == "-40.3"
    assert display(Fraction(1, 20)) == "0.1"
    assert display(Fraction(1, 21)) == "0.0"
    assert display(7) == "7"
    assert display(Fraction(7)) == "7.0"
    assert display(None) == "—"
    assert display(Fraction(2, 3), 0) == "1"
    assert percent(Fraction(5, 6)) == "83.3%"
    assert percent(Fraction(1, 8)) == "12.5%"
    assert percent(Fraction(1, 1600)) == "0.1%"  # 0.0625% rounds up to 0.1
    assert percent(None) == "—"
    assert compute.exact(Fraction(146, 3)) == "146/3" and compute.exact(Fraction(6, 2)) == "3"
    assert compute.exact(None) is None


@given(st.fractions(min_value=-1000, max_value=1000), st.integers(min_value=0, max_value=3))
def test_display_is_the_nearest_and_halves_go_up(value: Fraction, places: int) -> None:
    shown = Fraction(display(value, places))
    step = Fraction(1, 10**places)
    assert abs(shown - value) <= step / 2
    if abs(shown - value) == step / 2:
        assert abs(shown) > abs(value)


def test_ages_are_completed_years_on_the_day() -> None:
    assert compute.age_on(dt.date(1975, 12, 31), dt.date(2026, 12, 20)) == 50
    assert compute.age_on(dt.date(1975, 12, 20), dt.date(2026, 12, 20)) == 51
    # Born on 29 February: a year older on 1 March of a common year, not on 28 February.
    assert compute.age_on(dt.date(1988, 2, 29), dt.date(2027, 2, 28)) == 38
    assert compute.age_on(dt.date(1988, 2, 29), dt.date(2027, 3, 1)) == 39


def test_average_age_is_exact() -> None:
    day = dt.date(2026, 12, 20)
    born = [dt.date(1980, 6, 1), dt.date(1975, 12, 31), dt.date(1970, 1, 15), dt.date(1985, 3, 10)]
    holders = [Holder(i, b, "bachelor", True, "section_deputy") for i, b in enumerate(born)]
    stats = compute.holder_stats(holders, day, ["section_deputy", "section_chief"])
    assert stats.ages == (46, 50, 56, 41)
    assert stats.average_age == Fraction(193, 4)  # 48.25 exactly
    assert display(stats.average_age) == "48.3"
    assert stats.by_level == (("section_deputy", 4, Fraction(193, 4)), ("section_chief", 0, None))
    assert compute.holder_stats([], day, []).average_age is None


@given(st.lists(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2000, 12, 31)), max_size=40))
def test_the_average_times_the_count_is_the_sum_of_ages(births: list[dt.date]) -> None:
    day = dt.date(2026, 12, 20)
    stats = compute.holder_stats([Holder(i, b, "master", False, "x") for i, b in enumerate(births)], day, [])
    assert stats.count == len(births)
    if births:
        assert stats.average_age is not None
        assert stats.average_age * len(births) == sum(compute.age_on(b, day) for b in births)
        assert min(stats.ages) <= stats.average_age <= max(stats.ages)


def test_education_groups_and_shares() -> None:
    day = dt.date(2026, 1, 1)
    rows = [("doctorate", True), ("master", False), ("bachelor", True), ("bachelor", False), ("college", True),
            ("secondary", True), ("high_school", True)]
    stats = compute.holder_stats([Holder(i, dt.date(1980, 1, 1), e, ft, "l") for i, (e, ft) in enumerate(rows)],
                                 day, [])
    assert [(k, n) for k, _, n in stats.education] == [("graduate", 2), ("bachelor", 2), ("college", 1),
                                                        ("secondary", 1), ("high_school", 1)]
    assert stats.bachelor_share == Fraction(4, 7) and stats.full_time_bachelor_share == Fraction(2, 7)
    other = compute.holder_stats([Holder(1, dt.date(1980, 1, 1), "unknown", True, "l")], day, [])
    pairs = compute.education_pairs(stats, other)
    assert pairs[0] == ("graduate", "研究生", 2, 0) and pairs[-1] == ("other", "其他/不详", 0, 1)


@pytest.mark.parametrize(("level", "rank", "new", "kind", "basis"), [
    # leadership level to a higher one, whatever the rank
    ("section_deputy", "principal_1", "section_chief", "promotion", "section_deputy"),
    ("section_chief", None, "division_deputy", "promotion", "section_chief"),
    # the same level elsewhere: an exchange (交流), not a promotion
    ("section_deputy", None, "section_deputy", "lateral", "section_deputy"),
    ("division_chief", None, "division_deputy", "lower", "division_chief"),
    # no leadership post before: the rank, by the level it corresponds to
    (None, "principal_3", "section_deputy", "to_leadership", "principal_3"),  # 三级主任科员 → 乡科级副职: 改任领导职务
    (None, "principal_4", "section_deputy", "to_leadership", "principal_4"),
    (None, "principal_2", "section_deputy", "lower", "principal_2"),  # 二级主任科员 ↔ 乡科级正职
    (None, "clerk_1", "section_deputy", "promotion", "clerk_1"),  # 一级科员 is below every level
    (None, "researcher_4", "division_chief", "promotion", "researcher_4"),
    # a rank post: ranks by the ladder, else the leadership level by tier
    ("section_deputy", "principal_4", "principal_3", "promotion", "principal_4"),
    (None, "principal_3", "principal_3", "lateral", "principal_3"),
    ("section_chief", None, "researcher_4", "promotion", "section_chief"),
    ("section_chief", None, "principal_1", "lateral", "section_chief"),
    # nothing known
    (None, None, "section_deputy", "unknown", None),
    ("", "", "section_chief", "unknown", None),
])
def test_promotion_or_lateral_move(level: str | None, rank: str | None, new: str, kind: str,
                                   basis: str | None) -> None:
    m = move(level, rank, new)
    assert (m.kind, m.basis) == (kind, basis)


def test_a_move_says_why() -> None:
    assert move("section_deputy", None, "section_chief").why == "由乡科级副职晋升为乡科级正职"
    assert move(None, "principal_3", "section_deputy").why == "由三级主任科员改任乡科级副职（职级改任领导职务）"
    assert move(None, None, "section_chief").why == "原职务层次和职级均不详"
    assert move(None, "clerk_1", "odd").kind == "unknown"
