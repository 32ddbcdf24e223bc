"""Eligibility review: every condition kind at its edges, bad input refused, and the laws of a verdict."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from xuanren.rules import eligibility as el
from xuanren.rules import ranks
from xuanren.rules.eligibility import Candidate, Conditions, Kind, Verdict
from xuanren.rules.errors import RuleError

ON = dt.date(2026, 11, 23)
DAY = dt.timedelta(days=1)


def person(**overrides: Any) -> Candidate:
    """A candidate who meets the conditions of :func:`post` on :data:`ON`."""
    fields: dict[str, Any] = {
        "birth_date": dt.date(1985, 6, 1),
        "education": "bachelor",
        "full_time": True,
        "political_status": "party_member",
        "post_level": "section_chief",
        "post_level_since": dt.date(2020, 1, 1),
        "appraisals": dict.fromkeys(range(2015, 2028), "competent") | {2024: "excellent"},
    }
    return Candidate(**{**fields, **overrides})


def post(**overrides: Any) -> Conditions:
    fields: dict[str, Any] = {
        "qualifying_levels": el.levels_at_or_above("section_chief"),
        "qualifying_ranks": el.ranks_at_or_above("principal_2"),
        "min_years": 3,
        "max_age": 45,
        "min_education": "bachelor",
        "appraisal_years": 3,
        "no_discipline_in_force": True,
        "party_member_required": True,
    }
    return Conditions(**{**fields, **overrides})


def texts(verdict: Verdict, *, failures: bool = True, language: str = "zh-hans") -> list[str]:
    return [f.message.text(language) for f in (verdict.failures if failures else verdict.passes)]


def only(verdict: Verdict) -> str:
    """The one failure's Chinese text."""
    assert len(verdict.failures) == 1, texts(verdict)
    return verdict.failures[0].message.text()


# --- the vocabulary is the people app's -----------------------------------------------------------------


def test_codes_and_their_order_are_those_of_the_people_models() -> None:
    from django.utils import translation

    from xuanren.people import models

    assert tuple(models.EDUCATION_ORDER) == el.EDUCATION_ORDER
    assert tuple(models.PoliticalStatus.values) == el.POLITICAL_STATUSES
    assert tuple(models.AppraisalResult.values) == el.APPRAISAL_RESULTS
    assert tuple(code for code, _ in models.LEVEL_CHOICES) == el.LEVEL_CODES
    assert tuple(code for code, _ in models.RANK_CHOICES) == el.RANK_CODES
    with translation.override("zh-hans"):
        assert {e.value: str(e.label) for e in models.Education} == el.codes.EDUCATION_ZH
        assert {s.value: str(s.label) for s in models.PoliticalStatus} == el.codes.POLITICAL_ZH
        assert {r.value: str(r.label) for r in models.AppraisalResult} == el.codes.APPRAISAL_ZH


def test_codes_match_the_rank_ladder() -> None:
    assert tuple(lv.code for lv in ranks.LEVELS) == el.LEVEL_CODES
    assert tuple(r.code for r in ranks.RANKS) == el.RANK_CODES
    assert el.ranks_at_or_above("inspector_1") == frozenset({"inspector_1"})
    assert len(el.ranks_at_or_above("clerk_2")) == 12


def test_appraisal_grades_are_ordered_best_first() -> None:
    assert el.APPRAISAL_ORDER == ("excellent", "competent", "basic", "incompetent")


# --- years at the level or rank ----------------------------------------------------------------------------


def test_a_part_year_does_not_count() -> None:
    conditions = post(min_years=2)
    one_day_short = el.check(person(post_level_since=dt.date(2023, 12, 1)), conditions, on=dt.date(2025, 11, 30))
    assert only(one_day_short) == "任现职务层次（乡科级正职）1年，要求满2年"
    assert one_day_short.failures[0].message.params["years"] == 1
    anniversary = el.check(person(post_level_since=dt.date(2023, 12, 1)), conditions, on=dt.date(2025, 12, 1))
    assert anniversary.eligible
    assert "任现职务层次（乡科级正职）2年，要求满2年" in texts(anniversary, failures=False)


def test_years_in_a_rank_read_as_the_issue_says() -> None:
    candidate = person(post_level=None, post_level_since=None, rank="principal_2", rank_since=dt.date(2024, 5, 1))
    verdict = el.check(candidate, post(), on=ON)
    assert only(verdict) == "任现职级（二级主任科员）2年，要求满3年"
    assert verdict.failures[0].message.text("en") == (
        "2 full year(s) in the current rank (Second-class principal staff member), 3 required")
    assert verdict.failures[0].message.code == "eligibility.years_at_level.too_few"


def test_a_29_february_appointment_has_its_anniversary_on_1_march_in_common_years() -> None:
    candidate = person(post_level_since=dt.date(2024, 2, 29))
    conditions = post(min_years=1)
    assert not el.check(candidate, conditions, on=dt.date(2025, 2, 28)).eligible
    assert el.check(candidate, conditions, on=dt.date(2025, 3, 1)).eligible
    assert not el.check(candidate, post(min_years=4), on=dt.date(2028, 2, 28)).eligible
    assert el.check(candidate, post(min_years=4), on=dt.date(2028, 2, 29)).eligible


def test_years_are_counted_at_the_qualifying_holding_held_longest() -> None:
    # 正科 since 2025 does not have 3 years, but the parallel rank held since 2021 does.
    candidate = person(post_level_since=dt.date(2025, 1, 1), rank="principal_2", rank_since=dt.date(2021, 1, 1))
    verdict = el.check(candidate, post(), on=ON)
    assert verdict.eligible
    assert "任现职级（二级主任科员）5年，要求满3年" in texts(verdict, failures=False)
    # A rank the post does not accept is not counted, however long it is held.
    unqualified_rank = replace(candidate, rank="clerk_1", rank_since=dt.date(2010, 1, 1))
    assert only(el.check(unqualified_rank, post(), on=ON)) == "任现职务层次（乡科级正职）1年，要求满3年"


def test_years_cannot_be_counted_without_the_date_of_appointment() -> None:
    verdict = el.check(person(post_level_since=None), post(), on=ON)
    assert verdict.failures[0].message.code == "eligibility.years_at_level.since_missing"
    assert only(verdict) == "未登记任现职务层次（乡科级正职）的时间，无法计算任职年限（要求满3年）"


# --- level or rank -----------------------------------------------------------------------------------------


def test_level_and_rank_are_parallel_routes_to_a_post() -> None:
    conditions = post(qualifying_levels=el.levels_at_or_above("division_deputy"),
                      qualifying_ranks=el.ranks_at_or_above("researcher_4"), min_years=None)
    by_rank = person(post_level=None, post_level_since=None, rank="researcher_4", rank_since=dt.date(2022, 1, 1))
    assert el.check(by_rank, conditions, on=ON).eligible
    by_level = person(post_level="division_deputy")
    assert el.check(by_level, conditions, on=ON).eligible
    verdict = el.check(person(rank="principal_1", rank_since=dt.date(2022, 1, 1)), conditions, on=ON)
    assert only(verdict) == "现任乡科级正职、一级主任科员，要求县处级副职及以上或四级调研员及以上"
    assert verdict.failures[0].kind is Kind.LEVEL_OR_RANK


def test_a_candidate_with_no_level_or_rank_fails_that_condition_only() -> None:
    verdict = el.check(person(post_level=None, post_level_since=None), post(), on=ON)
    assert [f.kind for f in verdict.failures] == [Kind.LEVEL_OR_RANK]
    assert "无职务层次或职级" in only(verdict)
    assert verdict.failures[0].message.text("en").startswith("holds no level or rank")


def test_a_set_of_named_levels_is_listed() -> None:
    conditions = post(qualifying_levels=frozenset({"division_deputy", "section_chief"}), qualifying_ranks=frozenset())
    verdict = el.check(person(post_level="section_deputy"), conditions, on=ON)
    assert verdict.failures[0].message.text() == "现任乡科级副职，要求县处级副职、乡科级正职"


# --- age -------------------------------------------------------------------------------------------------


def test_age_counts_up_on_the_birthday() -> None:
    candidate = person(birth_date=dt.date(1980, 11, 23))
    assert el.check(candidate, post(), on=dt.date(2026, 11, 22)).eligible
    verdict = el.check(candidate, post(), on=dt.date(2026, 11, 23))
    assert only(verdict) == "年龄46岁（按2026年11月23日计算），要求不超过45岁"
    assert verdict.failures[0].message.text("en") == "aged 46 on 23 November 2026; at most 45 required"


def test_minimum_age_is_reached_on_the_birthday() -> None:
    candidate = person(birth_date=dt.date(2001, 11, 23))
    verdict = el.check(candidate, post(min_age=25), on=dt.date(2026, 11, 22))
    assert only(verdict) == "年龄24岁（按2026年11月22日计算），要求年满25岁"
    assert verdict.failures[0].message.code == "eligibility.age.too_young"
    passed = el.check(candidate, post(min_age=25), on=dt.date(2026, 11, 23))
    assert "年龄25岁（按2026年11月23日计算），要求25至45岁" in texts(passed, failures=False)


def test_a_29_february_birthday_falls_on_1_march_in_common_years() -> None:
    candidate = person(birth_date=dt.date(2000, 2, 29))
    conditions = post(min_age=25, max_age=None)
    assert only(el.check(candidate, conditions, on=dt.date(2025, 2, 28))).startswith("年龄24岁")
    assert el.check(candidate, conditions, on=dt.date(2025, 3, 1)).eligible
    assert el.check(candidate, post(min_age=28), on=dt.date(2028, 2, 29)).eligible
    older = person(birth_date=dt.date(1980, 2, 29))
    assert el.check(older, post(max_age=45), on=dt.date(2026, 2, 28)).eligible
    assert only(el.check(older, post(max_age=45), on=dt.date(2026, 3, 1))).startswith("年龄46岁")


# --- education ---------------------------------------------------------------------------------------------


def test_education_below_the_minimum_and_not_full_time() -> None:
    verdict = el.check(person(education="college", full_time=False), post(full_time_required=True), on=ON)
    assert only(verdict) == "学历为大学专科（在职），要求全日制大学本科及以上"
    assert verdict.failures[0].message.text("en") == (
        "education: college diploma (part-time); full-time bachelor's degree or higher required")


def test_full_time_is_required_only_when_the_post_says_so() -> None:
    part_time_master = person(education="master", full_time=False)
    assert el.check(part_time_master, post(), on=ON).eligible
    assert only(el.check(part_time_master, post(full_time_required=True), on=ON)) == (
        "学历为硕士研究生（在职），要求全日制大学本科及以上")
    assert el.check(person(education="bachelor", full_time=True), post(full_time_required=True), on=ON).eligible


def test_exactly_the_minimum_education_meets_it() -> None:
    verdict = el.check(person(education="bachelor"), post(), on=ON)
    assert "学历为大学本科（全日制），要求大学本科及以上" in texts(verdict, failures=False)
    assert only(el.check(person(education="college"), post(), on=ON)) == "学历为大学专科（全日制），要求大学本科及以上"


# --- annual appraisals -------------------------------------------------------------------------------------


def test_each_failing_appraisal_year_gives_its_own_reason() -> None:
    candidate = person(appraisals={2022: "incompetent", 2024: "basic", 2025: "ungraded"})
    verdict = el.check(candidate, post(), on=ON)
    assert texts(verdict) == [
        "2023年度无考核结果，要求称职及以上",
        "2024年度考核为基本称职，要求称职及以上",
        "2025年度考核不定等次，要求称职及以上",
    ]
    assert [f.message.code for f in verdict.failures] == [
        "eligibility.appraisals.missing", "eligibility.appraisals.below", "eligibility.appraisals.ungraded"]
    assert {f.kind for f in verdict.failures} == {Kind.APPRAISALS}


def test_appraisals_outside_the_window_are_not_read() -> None:
    candidate = person(appraisals={2020: "incompetent", 2023: "competent", 2024: "competent", 2025: "excellent",
                                   2026: "basic"})
    verdict = el.check(candidate, post(), on=ON)
    assert verdict.eligible
    assert "2023—2025年度考核均为称职及以上" in texts(verdict, failures=False)


def test_the_window_can_end_at_a_given_year() -> None:
    # Early in 2025 the 2024 appraisals are not done yet, so the post counts 2021-2023 instead of 2022-2024.
    candidate = person(appraisals={2021: "competent", 2022: "competent", 2023: "competent"})
    on = dt.date(2025, 1, 10)
    assert only(el.check(candidate, post(), on=on)) == "2024年度无考核结果，要求称职及以上"
    verdict = el.check(candidate, post(appraisal_last_year=2023), on=on)
    assert verdict.eligible
    assert "2021—2023年度考核均为称职及以上" in texts(verdict, failures=False)
    with pytest.raises(RuleError, match="晚于审查基准日"):
        el.check(candidate, post(appraisal_last_year=2026), on=on)


def test_a_minimum_of_excellent() -> None:
    verdict = el.check(person(appraisals={2025: "competent"}), post(appraisal_years=1, appraisal_min="excellent"),
                       on=ON)
    assert only(verdict) == "2025年度考核为称职，要求优秀"
    passed = el.check(person(appraisals={2025: "excellent"}), post(appraisal_years=1, appraisal_min="excellent"),
                      on=ON)
    assert "2025年度考核均为优秀" in texts(passed, failures=False)


def test_a_minimum_of_basic_accepts_basic() -> None:
    assert el.check(person(appraisals={2023: "basic", 2024: "basic", 2025: "basic"}), post(appraisal_min="basic"),
                    on=ON).eligible


# --- discipline --------------------------------------------------------------------------------------------


def test_a_sanction_is_in_force_to_the_last_day_of_its_effect_period() -> None:
    candidate = person(disciplines=((dt.date(2025, 3, 2), dt.date(2027, 3, 1)),))
    verdict = el.check(candidate, post(), on=ON)
    assert only(verdict) == "处分影响期至2027年3月1日，尚未期满"
    assert verdict.failures[0].kind is Kind.DISCIPLINE
    assert not el.check(candidate, post(), on=dt.date(2027, 3, 1)).eligible
    assert el.check(candidate, post(), on=dt.date(2027, 3, 2)).eligible


def test_a_sanction_not_yet_given_or_long_over_does_not_count() -> None:
    candidate = person(disciplines=((dt.date(2018, 1, 1), dt.date(2019, 1, 1)), (ON + DAY, None)))
    verdict = el.check(candidate, post(), on=ON)
    assert verdict.eligible
    assert "截至2026年11月23日无处于影响期内的处分" in texts(verdict, failures=False)


def test_a_sanction_without_an_end_counts_as_in_force() -> None:
    candidate = person(disciplines=((dt.date(2024, 5, 1), None), (dt.date(2024, 5, 1), dt.date(2027, 1, 1))))
    verdict = el.check(candidate, post(), on=ON)
    assert texts(verdict) == ["处分影响期至2027年1月1日，尚未期满",
                              "2024年5月1日起的处分未载明影响期截止日期，视为尚在影响期内"]
    assert verdict.failures[1].message.code == "eligibility.discipline.no_end"


def test_discipline_is_not_read_unless_the_post_asks() -> None:
    candidate = person(disciplines=((dt.date(2025, 1, 1), None),))
    assert el.check(candidate, post(no_discipline_in_force=False), on=ON).eligible


# --- party membership --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "counts", "eligible"), [
    ("party_member", True, True),
    ("probationary", True, True),
    ("probationary", False, False),
    ("masses", True, False),
    ("democratic_party", True, False),
    ("league", False, False),
])
def test_party_membership(status: str, counts: bool, eligible: bool) -> None:
    verdict = el.check(person(political_status=status), post(probationary_counts=counts), on=ON)
    assert verdict.eligible is eligible
    if not eligible:
        assert verdict.failures[0].kind is Kind.PARTY


def test_party_reasons() -> None:
    assert only(el.check(person(political_status="masses"), post(), on=ON)) == (
        "政治面貌为群众，要求中共党员（含预备党员）")
    assert only(el.check(person(political_status="probationary"), post(probationary_counts=False), on=ON)) == (
        "政治面貌为中共预备党员，要求中共正式党员")


# --- free text, the whole verdict ---------------------------------------------------------------------------


def test_free_text_goes_to_the_reviewer_and_never_fails() -> None:
    conditions = post(free_text=("具有两年以上基层工作经历", "熟悉财务管理"))
    verdict = el.check(person(), conditions, on=ON)
    assert verdict.eligible
    assert [m.text() for m in verdict.for_reviewer] == ["具有两年以上基层工作经历（需审查人员判断）",
                                                         "熟悉财务管理（需审查人员判断）"]
    assert verdict.for_reviewer[0].text("en") == "具有两年以上基层工作经历 (for the reviewer to judge)"


def test_free_text_with_braces_is_shown_as_written() -> None:
    verdict = el.check(person(), post(free_text=("{name}",)), on=ON)
    assert verdict.for_reviewer[0].text() == "{name}（需审查人员判断）"


def test_every_condition_explains_itself_when_met() -> None:
    verdict = el.check(person(), post(min_age=25), on=ON)
    assert verdict.eligible and verdict.failures == ()
    assert [f.kind for f in verdict.passes] == list(Kind)
    for finding in verdict.passes:
        assert finding.passed
        for language in ("zh-hans", "en"):
            text = finding.message.text(language)
            assert text and not re.search(r"[{}]", text), text
        assert not re.search(r"[\u4e00-\u9fff]", finding.message.text("en")), finding.message.text("en")


def test_a_post_without_conditions_takes_anyone() -> None:
    verdict = el.check(person(post_level=None, post_level_since=None, appraisals={}), Conditions(), on=ON)
    assert verdict == Verdict(True, (), (), ())


def test_a_verdict_can_be_shown_as_data() -> None:
    data = el.check(person(birth_date=dt.date(1970, 1, 1)), post(), on=ON).failures[0].message.as_dict()
    assert data["code"] == "eligibility.age.too_old"
    assert data["params"]["age"] == 56 and data["params"]["on"] == "2026-11-23"


# --- bad input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("conditions", "code", "zh"), [
    (Conditions(min_age=50, max_age=45), "eligibility.conditions.age_range", "最低年龄50岁高于最高年龄45岁"),
    (Conditions(qualifying_levels=frozenset({"section_chief"}), min_years=-1), "eligibility.conditions.min_years",
     "任职年限要求"),
    (Conditions(min_years=2), "eligibility.conditions.years_without_level", "未指定职务层次或职级"),
    (Conditions(appraisal_years=11), "eligibility.conditions.appraisal_years", "0至10"),
    (Conditions(appraisal_years=-1), "eligibility.conditions.appraisal_years", "0至10"),
    (Conditions(appraisal_years=3, appraisal_min="ungraded"), "eligibility.conditions.appraisal_min", "不是考核等次"),
    (Conditions(max_age=0), "eligibility.conditions.max_age", "最高年龄"),
    (Conditions(min_age=-3), "eligibility.conditions.min_age", "最低年龄"),
    (Conditions(max_age=120), "eligibility.conditions.max_age", "最高年龄"),
    (Conditions(full_time_required=True), "eligibility.conditions.full_time", "未指定最低学历"),
    (Conditions(min_education="phd"), "eligibility.conditions.education", "phd"),
    (Conditions(qualifying_levels=frozenset({"正处"})), "eligibility.conditions.level", "正处"),
    (Conditions(qualifying_ranks=frozenset({"researcher_9"})), "eligibility.conditions.rank", "researcher_9"),
    (Conditions(free_text=("  ",)), "eligibility.conditions.free_text", "不能为空"),
])
def test_contradictory_or_malformed_conditions_are_refused(conditions: Conditions, code: str, zh: str) -> None:
    with pytest.raises(RuleError) as exc:
        el.validate_conditions(conditions)
    assert exc.value.message.code == code
    assert zh in exc.value.message.text()
    assert exc.value.message.text("en") != exc.value.message.text()
    with pytest.raises(RuleError):  # judging refuses them too
        el.check(person(), conditions, on=ON)
    with pytest.raises(RuleError):
        el.compile(conditions, on=ON)


@pytest.mark.parametrize("slots", [0, -1, True, 1.5, "2", None])
def test_a_post_needs_at_least_one_slot(slots: Any) -> None:
    with pytest.raises(RuleError) as exc:
        el.validate_slots(slots)
    assert exc.value.message.code == "eligibility.slots"
    assert "职数应为正整数" in str(exc.value)


def test_one_slot_or_more_is_fine() -> None:
    el.validate_slots(1)
    el.validate_slots(40)


@pytest.mark.parametrize(("fields", "code"), [
    ({"education": "phd"}, "eligibility.candidate.education"),
    ({"political_status": "member"}, "eligibility.candidate.political_status"),
    ({"post_level": "正处"}, "eligibility.candidate.level"),
    ({"rank": "clerk_3"}, "eligibility.candidate.rank"),
    ({"post_level": None}, "eligibility.candidate.level_since"),
    ({"rank_since": dt.date(2020, 1, 1)}, "eligibility.candidate.rank_since"),
    ({"appraisals": {2024: "good"}}, "eligibility.candidate.appraisal"),
    ({"disciplines": ((dt.date(2024, 1, 2), dt.date(2024, 1, 1)),)}, "eligibility.candidate.discipline"),
])
def test_a_candidate_with_unknown_codes_is_refused(fields: dict[str, Any], code: str) -> None:
    with pytest.raises(RuleError) as exc:
        person(**fields)
    assert exc.value.message.code == code


def test_a_candidate_born_after_the_reference_date_is_refused() -> None:
    with pytest.raises(RuleError, match="出生日期晚于审查基准日"):
        el.check(person(birth_date=ON + DAY), post(), on=ON)
    with pytest.raises(RuleError):
        el.compile(post(), on=ON).eligible(person(birth_date=ON + DAY))


# --- batch and compiled forms ----------------------------------------------------------------------------------


def test_check_many_gives_the_one_by_one_verdicts_in_order() -> None:
    posts = [post(), post(max_age=35, free_text=("x",)), Conditions(party_member_required=True)]
    people = [person(), person(birth_date=dt.date(1995, 1, 1)), person(political_status="masses"),
              person(education="college", disciplines=((dt.date(2026, 1, 1), None),))]
    pairs = [(c, p) for c in people for p in posts]
    assert el.check_many(pairs, on=ON) == [el.check(c, p, on=ON) for c, p in pairs]
    review = el.compile(posts[0], on=ON)
    assert [review.eligible(c) for c in people] == [review.check(c).eligible for c in people] == [
        True, True, False, False]


# --- property tests ----------------------------------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(0, 60))
def test_full_years_reach_n_exactly_from_the_cut_off_date(start: dt.date, on: dt.date, n: int) -> None:
    assert (el.full_years(start, on) >= n) == (start <= el.years_back(on, n))
    # A full year is never more than the calendar difference, and one year later always adds exactly one.
    if start <= on:
        assert el.full_years(start, on) <= on.year - start.year
    later = el.years_back(on, -1)
    assert el.full_years(start, later) in {el.full_years(start, on) + 1, el.full_years(start, on)}


@st.composite
def conditions_on(draw: st.DrawFn) -> tuple[Conditions, dt.date]:
    on = draw(DATES)
    levels = draw(st.frozensets(st.sampled_from(el.LEVEL_CODES)))
    rank_set = draw(st.frozensets(st.sampled_from(el.RANK_CODES)))
    min_years = draw(st.none() | st.integers(1, 8)) if levels or rank_set else None
    min_age = draw(st.none() | st.integers(18, 50))
    max_age = draw(st.none() | st.integers(min_age or 18, 65))
    min_education = draw(st.none() | st.sampled_from(el.EDUCATION_ORDER))
    appraisal_years = draw(st.integers(0, 5))
    last = draw(st.none() | st.integers(on.year - 3, on.year)) if appraisal_years else None
    conditions = Conditions(
        qualifying_levels=levels, qualifying_ranks=rank_set, min_years=min_years, min_age=min_age,
        max_age=max_age, min_education=min_education,
        full_time_required=min_education is not None and draw(st.booleans()),
        appraisal_years=appraisal_years, appraisal_min=draw(st.sampled_from(el.APPRAISAL_ORDER)),
        appraisal_last_year=last, no_discipline_in_force=draw(st.booleans()),
        party_member_required=draw(st.booleans()), probationary_counts=draw(st.booleans()),
        free_text=tuple(draw(st.lists(st.text(min_size=1).filter(str.strip), max_size=2))),
    )
    return conditions, on


def _window(c: Conditions, on: dt.date) -> range:
    last = on.year - 1 if c.appraisal_last_year is None else c.appraisal_last_year
    return range(last - c.appraisal_years + 1, last + 1)


def _ok_results(c: Conditions) -> tuple[str, ...]:
    return el.APPRAISAL_ORDER[: el.APPRAISAL_ORDER.index(c.appraisal_min) + 1]


def _party_ok(c: Conditions) -> tuple[str, ...]:
    return ("party_member", "probationary") if c.probationary_counts else ("party_member",)


def _date(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    return draw(st.dates(min_value=lo, max_value=hi))


@st.composite
def meeting(draw: st.DrawFn, c: Conditions, on: dt.date) -> Candidate:
    """A candidate who meets every condition of ``c`` on ``on``, with irrelevant data drawn freely."""
    earliest = el.years_back(on, 45)
    level: str | None = draw(st.none() | st.sampled_from(el.LEVEL_CODES))
    rank: str | None = draw(st.none() | st.sampled_from(el.RANK_CODES))
    level_since = _date(draw, earliest, on) if level and draw(st.booleans()) else None
    rank_since = _date(draw, earliest, on) if rank and draw(st.booleans()) else None
    if c.qualifying_levels or c.qualifying_ranks:
        enough = el.years_back(on, c.min_years or 0)
        by_level = bool(c.qualifying_levels) and (not c.qualifying_ranks or draw(st.booleans()))
        if by_level:
            level, level_since = draw(st.sampled_from(sorted(c.qualifying_levels))), _date(draw, earliest, enough)
        else:
            rank, rank_since = draw(st.sampled_from(sorted(c.qualifying_ranks))), _date(draw, earliest, enough)
    oldest = el.years_back(on, c.max_age + 1) + DAY if c.max_age is not None else el.years_back(on, 70)
    youngest = el.years_back(on, c.min_age) if c.min_age is not None else on
    education = draw(st.sampled_from(el.education_at_least(c.min_education or "high_school")))
    full_time = True if c.full_time_required else draw(st.booleans())
    window = _window(c, on) if c.appraisal_years else range(0)
    appraisals = {year: draw(st.sampled_from(el.APPRAISAL_RESULTS)) for year in draw(
        st.lists(st.integers(on.year - 12, on.year), max_size=6)) if year not in window}
    appraisals.update({year: draw(st.sampled_from(_ok_results(c))) for year in window})
    disciplines: list[tuple[dt.date, dt.date | None]] = []
    for _ in range(draw(st.integers(0, 3))):  # over before `on`, or not yet given
        if draw(st.booleans()):
            start = _date(draw, earliest, on - DAY)
            disciplines.append((start, _date(draw, start, on - DAY)))
        else:
            start = on + dt.timedelta(days=draw(st.integers(1, 400)))
            disciplines.append((start, draw(st.none() | st.just(start + dt.timedelta(400)))))
    status = draw(st.sampled_from(_party_ok(c) if c.party_member_required else el.POLITICAL_STATUSES))
    return Candidate(
        birth_date=_date(draw, oldest, youngest), education=education, full_time=full_time,
        political_status=status, post_level=level, post_level_since=level_since if level else None,
        rank=rank, rank_since=rank_since if rank else None, appraisals=appraisals, disciplines=tuple(disciplines))


def breakable(c: Conditions) -> list[Kind]:
    kinds = []
    if c.qualifying_levels or c.qualifying_ranks:
        kinds.append(Kind.LEVEL_OR_RANK)
    if c.min_years:
        kinds.append(Kind.YEARS_AT_LEVEL)
    if c.min_age is not None or c.max_age is not None:
        kinds.append(Kind.AGE)
    if c.min_education is not None and (c.min_education != el.EDUCATION_ORDER[-1] or c.full_time_required):
        kinds.append(Kind.EDUCATION)
    kinds += [kind for kind, on in ((Kind.APPRAISALS, c.appraisal_years), (Kind.DISCIPLINE, c.no_discipline_in_force),
                                    (Kind.PARTY, c.party_member_required)) if on]
    return kinds


Draw = Callable[[st.SearchStrategy[Any]], Any]


def break_one(draw: Draw, kind: Kind, who: Candidate, c: Conditions, on: dt.date) -> Candidate:
    """``who`` changed just enough to fail the condition ``kind`` (at its edge where there is one)."""
    if kind is Kind.LEVEL_OR_RANK:
        return replace(who, post_level=None, post_level_since=None, rank=None, rank_since=None)
    if kind is Kind.YEARS_AT_LEVEL:
        assert c.min_years
        after_cut = el.years_back(on, c.min_years) + dt.timedelta(days=draw(st.integers(1, 300)))
        short = draw(st.sampled_from([min(after_cut, on), None]))
        if c.qualifying_levels:
            return replace(who, post_level=min(c.qualifying_levels), post_level_since=short, rank=None,
                           rank_since=None)
        return replace(who, rank=min(c.qualifying_ranks), rank_since=short, post_level=None, post_level_since=None)
    if kind is Kind.AGE:
        if c.max_age is not None and (c.min_age is None or draw(st.booleans())):
            return replace(who, birth_date=el.years_back(on, c.max_age + 1) - dt.timedelta(draw(st.integers(0, 900))))
        assert c.min_age is not None
        return replace(who, birth_date=el.years_back(on, c.min_age) + DAY)
    if kind is Kind.EDUCATION:
        assert c.min_education is not None
        below = tuple(e for e in el.EDUCATION_ORDER if e not in el.education_at_least(c.min_education))
        if below and (not c.full_time_required or draw(st.booleans())):
            return replace(who, education=draw(st.sampled_from(below)))
        return replace(who, full_time=False)
    if kind is Kind.APPRAISALS:
        year = draw(st.sampled_from(_window(c, on)))
        bad = [r for r in el.APPRAISAL_RESULTS if r not in _ok_results(c)]
        appraisals = dict(who.appraisals)
        result = draw(st.sampled_from([*bad, None]))
        if result is None:
            appraisals.pop(year, None)  # the same year may be broken twice
        else:
            appraisals[year] = result
        return replace(who, appraisals=appraisals)
    if kind is Kind.DISCIPLINE:
        start = on - dt.timedelta(days=draw(st.integers(0, 900)))
        until = draw(st.none() | st.dates(min_value=on, max_value=on + dt.timedelta(900)))
        return replace(who, disciplines=(*who.disciplines, (start, until)))
    assert kind is Kind.PARTY
    return replace(who, political_status=draw(st.sampled_from(
        [s for s in el.POLITICAL_STATUSES if s not in _party_ok(c)])))


@settings(max_examples=300)
@given(conditions_on(), st.data())
def test_a_candidate_who_meets_every_condition_is_eligible(setup: tuple[Conditions, dt.date],
                                                            data: st.DataObject) -> None:
    conditions, on = setup
    who = data.draw(meeting(conditions, on))
    verdict = el.check(who, conditions, on=on)
    assert verdict.eligible, texts(verdict)
    assert verdict.failures == ()
    assert {f.kind for f in verdict.passes} == conditions.kinds()
    assert all(f.passed for f in verdict.passes)
    assert len(verdict.for_reviewer) == len(conditions.free_text)
    assert el.compile(conditions, on=on).eligible(who)


@settings(max_examples=500)
@given(conditions_on(), st.data())
def test_failing_any_one_condition_names_exactly_that_condition(setup: tuple[Conditions, dt.date],
                                                                 data: st.DataObject) -> None:
    conditions, on = setup
    kinds = breakable(conditions)
    if not kinds:
        return
    kind = data.draw(st.sampled_from(kinds))
    event(f"broken: {kind.value}")
    who = break_one(data.draw, kind, data.draw(meeting(conditions, on)), conditions, on)
    verdict = el.check(who, conditions, on=on)
    assert not verdict.eligible
    assert verdict.failed_kinds() == {kind}, texts(verdict)
    assert not any(f.passed for f in verdict.failures)
    assert kind not in {f.kind for f in verdict.passes}
    # Every other condition still explains why it was met (years are not counted without a qualifying post).
    expected_passes = conditions.kinds() - {kind}
    if kind is Kind.LEVEL_OR_RANK:
        expected_passes -= {Kind.YEARS_AT_LEVEL}
    assert {f.kind for f in verdict.passes} == expected_passes
    assert not el.compile(conditions, on=on).eligible(who)


@given(conditions_on(), st.data())
def test_the_order_of_appraisals_and_sanctions_changes_nothing(setup: tuple[Conditions, dt.date],
                                                               data: st.DataObject) -> None:
    conditions, on = setup
    who = data.draw(meeting(conditions, on))
    for kind in data.draw(st.lists(st.sampled_from(breakable(conditions)), max_size=3)) if breakable(
            conditions) else []:
        who = break_one(data.draw, kind, who, conditions, on)
    appraisals = data.draw(st.permutations(list(who.appraisals.items())))
    disciplines = data.draw(st.permutations(who.disciplines))
    shuffled = replace(who, appraisals=dict(appraisals), disciplines=tuple(disciplines))
    assert el.check(shuffled, conditions, on=on) == el.check(who, conditions, on=on)


@st.composite
def anyone(draw: st.DrawFn, on: dt.date) -> Candidate:
    level = draw(st.none() | st.sampled_from(el.LEVEL_CODES))
    rank = draw(st.none() | st.sampled_from(el.RANK_CODES))
    some_date = st.dates(min_value=el.years_back(on, 20), max_value=on + dt.timedelta(30))
    return Candidate(
        birth_date=draw(st.dates(min_value=el.years_back(on, 70), max_value=on)),
        education=draw(st.sampled_from(el.EDUCATION_ORDER)), full_time=draw(st.booleans()),
        political_status=draw(st.sampled_from(el.POLITICAL_STATUSES)),
        post_level=level, post_level_since=draw(st.none() | some_date) if level else None,
        rank=rank, rank_since=draw(st.none() | some_date) if rank else None,
        appraisals=draw(st.dictionaries(st.integers(on.year - 6, on.year), st.sampled_from(el.APPRAISAL_RESULTS))),
        disciplines=tuple((s, draw(st.none() | st.dates(min_value=s, max_value=s + dt.timedelta(1000))))
                          for s in draw(st.lists(some_date, max_size=2))),
    )


def oracle(who: Candidate, c: Conditions, on: dt.date) -> set[Kind]:
    """The conditions written out plainly, straight from the issue, to compare against."""
    failed: set[Kind] = set()
    held = [since for code, since, allowed in ((who.post_level, who.post_level_since, c.qualifying_levels),
                                                (who.rank, who.rank_since, c.qualifying_ranks)) if code in allowed]
    if (c.qualifying_levels or c.qualifying_ranks) and not held:
        failed.add(Kind.LEVEL_OR_RANK)
    if c.min_years and held and max((el.full_years(s, on) for s in held if s), default=-1) < c.min_years:
        failed.add(Kind.YEARS_AT_LEVEL)
    age = el.full_years(who.birth_date, on)
    if (c.min_age is not None and age < c.min_age) or (c.max_age is not None and age > c.max_age):
        failed.add(Kind.AGE)
    if c.min_education and (who.education not in el.education_at_least(c.min_education)
                            or (c.full_time_required and not who.full_time)):
        failed.add(Kind.EDUCATION)
    if any(who.appraisals.get(y) not in _ok_results(c) for y in (_window(c, on) if c.appraisal_years else ())):
        failed.add(Kind.APPRAISALS)
    if c.no_discipline_in_force and any(s <= on and (u is None or u >= on) for s, u in who.disciplines):
        failed.add(Kind.DISCIPLINE)
    if c.party_member_required and who.political_status not in _party_ok(c):
        failed.add(Kind.PARTY)
    return failed


@settings(max_examples=400)
@given(conditions_on(), st.data())
def test_any_candidate_fails_exactly_the_conditions_the_plain_reading_fails(setup: tuple[Conditions, dt.date],
                                                                             data: st.DataObject) -> None:
    conditions, on = setup
    who = data.draw(anyone(on))
    verdict = el.check(who, conditions, on=on)
    assert verdict.failed_kinds() == oracle(who, conditions, on)
    assert verdict.eligible == (not verdict.failures) == el.compile(conditions, on=on).eligible(who)
    assert verdict.failed_kinds() | {f.kind for f in verdict.passes} <= conditions.kinds()
    assert el.check_many([(who, conditions)], on=on) == [verdict]
