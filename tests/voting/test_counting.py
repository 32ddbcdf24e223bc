"""count_session: the seed 000 edges, overvotes, blanks, write-ins, evaluation flags, elements, rules read
from JSON, errors, and the combined count of several sessions. No database: plain data in and out."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xuanren.voting.counting import (
    CountError,
    count_only,
    count_session,
    count_sessions,
    describe_ballot,
    parse_rules,
)

SEED_000 = {"thresholds": [[1, 60], [2, 50], [3, 40]], "rate_base": "returned"}
GROUPS = (("leaders", "院领导", 30), ("middle_managers", "中层干部", 30), ("others", "其他人员", 40))


def turnout(returned: dict[str, int], entitled: dict[str, int] | None = None) -> list[dict[str, Any]]:
    entitled = entitled or returned
    return [{"code": c, "name": n, "weight": w, "entitled": entitled[c], "issued": entitled[c],
             "returned": returned[c]} for c, n, w in GROUPS]


def post(pk: int, code: str, candidates: list[tuple[int, str]], slots: int = 1, **kw: Any) -> dict[str, Any]:
    return {"post": pk, "code": code, "title": f"{code}职位", "slots": slots, "max_marks": kw.pop("max_marks", slots),
            "candidates": [{"application": a, "name": n} for a, n in candidates], **kw}


def rec_form(*posts: dict[str, Any], fid: int = 1) -> dict[str, Any]:
    return {"id": fid, "kind": "recommendation", "title": "民主推荐票", "content": {"posts": list(posts)}}


def ballot(answers: dict[int, list[int]], fid: int = 1, write_ins: dict[int, list[str]] | None = None
           ) -> dict[str, Any]:
    return {str(fid): {str(p): {"marks": marks, **({"write_ins": write_ins[p]} if write_ins and p in write_ins
                                                    else {})} for p, marks in answers.items()}}


def ballots_for(post_pk: int, rates: dict[str, tuple[int, int]], chosen: list[int]) -> list[tuple[str, Any]]:
    """``rates``: group → (marked, returned); the marked ballots mark ``chosen``, the rest are blank."""
    out = []
    for group, (marked, returned) in rates.items():
        out += [(group, ballot({post_pk: chosen}))] * marked
        out += [(group, ballot({post_pk: []}))] * (returned - marked)
    return out


def candidate(result: dict[str, Any], name: str, part: int = 0) -> dict[str, Any]:
    for p in result["forms"][part]["posts"]:
        for c in p["candidates"]:
            if c["name"] == name:
                return c
    raise AssertionError(name)


# --- seed 000 at the edges -----------------------------------------------------------------------

def test_one_candidate_at_exactly_60_meets_and_just_below_does_not() -> None:
    form = rec_form(post(11, "A01", [(101, "甲")]))
    rates = {"leaders": (6, 10), "middle_managers": (12, 20), "others": (30, 50)}
    result = count_session(SEED_000, [form], turnout({"leaders": 10, "middle_managers": 20, "others": 50}),
                           ballots_for(11, rates, [101]))
    a = candidate(result, "甲")
    assert a["score"] == {"exact": "60", "display": "60"} and a["meets"] is True
    p = result["forms"][0]["posts"][0]
    assert p["threshold"]["exact"] == "60" and p["outcome"] == "filled" and p["qualified"] == ["甲"]
    assert [g["rate"] for g in a["groups"]] == [{"exact": "3/5", "display": "60%"}] * 3
    # One mark fewer among the others: 59.2 — not met, the post is vacant, and the result says so.
    rates["others"] = (29, 50)
    result = count_session(SEED_000, [form], turnout({"leaders": 10, "middle_managers": 20, "others": 50}),
                           ballots_for(11, rates, [101]))
    a = candidate(result, "甲")
    assert a["score"]["exact"] == "296/5" and a["meets"] is False
    assert result["forms"][0]["posts"][0]["outcome"] == "vacant"
    assert result["forms"][0]["vacant_posts"] == [{"post": 11, "code": "A01", "title": "A01职位"}]
    assert "未达到" in a["explanation"][0]["zh"] and "不得低于60分" in a["explanation"][0]["zh"]


def test_a_score_just_short_of_the_threshold_is_not_shown_as_the_threshold() -> None:
    # 2 of 3 leaders, 2 of 3 middle managers, 3 of 5 others: 20 + 20 + 24 = 64 ≥ 60; now 59.99…: shown so.
    form = rec_form(post(11, "A01", [(101, "甲")]))
    rates = {"leaders": (599, 1000), "middle_managers": (600, 1000), "others": (600, 1000)}
    result = count_session(SEED_000, [form], turnout({"leaders": 1000, "middle_managers": 1000, "others": 1000}),
                           ballots_for(11, rates, [101]))
    a = candidate(result, "甲")
    assert a["meets"] is False and Fraction(a["score"]["exact"]) == Fraction(5997, 100)
    assert a["score"]["display"] == "59.97"


@pytest.mark.parametrize(("n", "threshold"), [(2, 50), (3, 40), (4, 40)])
def test_two_and_three_candidates_at_their_thresholds(n: int, threshold: int) -> None:
    cands = [(100 + i, f"候选{i}") for i in range(n)]
    form = rec_form(post(11, "A01", cands))
    # Candidate 0 gets exactly the threshold in every group; candidate 1 one mark short among the others.
    size = 100
    ballots: list[tuple[str, Any]] = []
    for group, _name, _w in GROUPS:
        for i in range(size):
            chosen = []
            if i < threshold:
                chosen = [100]
            elif i < 2 * threshold - (1 if group == "others" else 0):
                chosen = [101]
            ballots.append((group, ballot({11: chosen})))
    result = count_session(SEED_000, [form], turnout({c: size for c, _n, _w in GROUPS}), ballots)
    p = result["forms"][0]["posts"][0]
    assert p["threshold"]["exact"] == str(threshold) and p["candidates_count"] == n
    first, second = candidate(result, "候选0"), candidate(result, "候选1")
    assert first["score"]["exact"] == str(threshold) and first["meets"] and first["rank"] == 1
    assert Fraction(second["score"]["exact"]) == threshold - Fraction(40, 100) and not second["meets"]
    assert p["qualified"] == ["候选0"] and p["outcome"] == "filled"


def test_several_posts_and_vacancies_by_kind() -> None:
    form = rec_form(post(11, "A01", [(101, "甲")], kind="正职"), post(12, "A02", [(102, "乙"), (103, "丙")],
                                                                         kind="副职"))
    ballots = [("others", ballot({11: [101], 12: [102]}))] * 3 + [("others", ballot({11: [], 12: [103]}))] * 2
    result = count_session(SEED_000, [form], turnout({"leaders": 0, "middle_managers": 0, "others": 5},
                                                     {"leaders": 0, "middle_managers": 0, "others": 5}), ballots)
    part = result["forms"][0]
    # 甲 3/5 = 60% over the whole weight (the empty groups' 60 shared): 60, met; 乙 60 ≥ 50, 丙 40 < 50.
    assert candidate(result, "甲")["score"]["exact"] == "60"
    assert [c["name"] for c in part["posts"][1]["candidates"]] == ["乙", "丙"]
    assert part["vacant_posts"] == [] and part["vacancies_by_kind"] == {}
    assert any("院领导、中层干部组未收回选票" in n["zh"] for n in part["weighting"]["notes"])
    assert [g["effective"]["exact"] for g in part["weighting"]["groups"]] == ["0", "0", "100"]


# --- ballots: overvotes, blanks, write-ins ---------------------------------------------------------

def test_an_overvoted_post_leaves_the_other_posts_of_the_ballot_counted() -> None:
    form = rec_form(post(11, "A01", [(101, "甲"), (102, "乙")]), post(12, "A02", [(103, "丙")]))
    ballots = [("others", ballot({11: [101, 102], 12: [103]})), ("others", ballot({11: [101], 12: [103]}))]
    result = count_session(SEED_000, [form], turnout({"leaders": 0, "middle_managers": 0, "others": 2}), ballots)
    a01, a02 = result["forms"][0]["posts"]
    others = next(b for b in a01["ballots"] if b["group"] == "others")
    assert (others["valid"], others["overvoted"]) == (1, 1)
    assert candidate(result, "甲")["marks"] == 1 and candidate(result, "乙")["marks"] == 0
    assert candidate(result, "丙")["marks"] == 2 and candidate(result, "丙")["score"]["exact"] == "100"
    assert next(b for b in a02["ballots"] if b["group"] == "others")["overvoted"] == 0


def test_blank_ballots_are_valid_and_write_ins_never_count_for_a_candidate() -> None:
    form = rec_form(post(11, "A01", [(101, "张三")], write_ins=1))
    ballots = [("others", ballot({11: []}, write_ins={11: ["张三"]})), ("others", {}),
               ("others", ballot({11: [101]}))]
    result = count_session(SEED_000, [form], turnout({"leaders": 0, "middle_managers": 0, "others": 3}), ballots)
    p = result["forms"][0]["posts"][0]
    assert candidate(result, "张三")["marks"] == 1
    assert p["write_ins"] == [{"name": "张三", "marks": 1, "by_group": {"others": 1}}]
    others = next(b for b in p["ballots"] if b["group"] == "others")
    assert (others["valid"], others["blank"]) == (3, 1)


def test_a_write_in_beyond_the_marks_allowed_makes_that_post_invalid() -> None:
    form = rec_form(post(11, "A01", [(101, "甲")], write_ins=1))
    ballots = [("others", ballot({11: [101]}, write_ins={11: ["乙"]}))]
    result = count_session(SEED_000, [form], turnout({"leaders": 0, "middle_managers": 0, "others": 1}), ballots)
    p = result["forms"][0]["posts"][0]
    assert p["write_ins"] == [] and candidate(result, "甲")["marks"] == 0
    assert next(b for b in p["ballots"] if b["group"] == "others")["overvoted"] == 1


# --- properties ------------------------------------------------------------------------------------

FORM = rec_form(post(11, "A01", [(101, "甲"), (102, "乙"), (103, "丙")], slots=2),
                post(12, "A02", [(104, "丁")], write_ins=1))
ANSWERS = [[], [101], [102], [103], [101, 102], [101, 103], [101, 102, 103]]


@st.composite
def meetings(draw: Any) -> list[tuple[str, Any]]:
    n = draw(st.integers(min_value=1, max_value=40))
    out = []
    for _ in range(n):
        group = draw(st.sampled_from([c for c, _n, _w in GROUPS]))
        marks = draw(st.sampled_from(ANSWERS))
        other = draw(st.sampled_from([[], [104]]))
        written = draw(st.sampled_from([None, ["某甲"], ["某乙"]]))
        out.append((group, ballot({11: marks, 12: other}, write_ins={12: written} if written else None)))
    return out


def _count(ballots: list[tuple[str, Any]]) -> dict[str, Any]:
    returned = {c: sum(1 for g, _ in ballots if g == c) for c, _n, _w in GROUPS}
    return count_session(SEED_000, [FORM], turnout(returned, {c: 40 for c, _n, _w in GROUPS}), ballots)


@settings(max_examples=60, deadline=None)
@given(meetings(), st.randoms(use_true_random=False))
def test_permuting_the_ballots_changes_nothing(ballots: list[tuple[str, Any]], rnd: random.Random) -> None:
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert json.dumps(_count(shuffled), sort_keys=True) == json.dumps(_count(ballots), sort_keys=True)


@settings(max_examples=60, deadline=None)
@given(meetings(), st.integers(min_value=0, max_value=39))
def test_overvoting_one_post_of_a_ballot_leaves_its_other_post_unchanged(ballots: list[tuple[str, Any]],
                                                                        which: int) -> None:
    which %= len(ballots)
    group, marks = ballots[which]
    changed = list(ballots)
    changed[which] = (group, {"1": {**marks["1"], "11": {"marks": [101, 102, 103]}}})
    before, after = _count(ballots)["forms"][0]["posts"][1], _count(changed)["forms"][0]["posts"][1]
    assert before == after


@settings(max_examples=40, deadline=None)
@given(meetings())
def test_scores_lie_between_0_and_100_and_the_result_is_json(ballots: list[tuple[str, Any]]) -> None:
    result = _count(ballots)
    assert json.loads(json.dumps(result)) == result
    for p in result["forms"][0]["posts"]:
        for c in p["candidates"]:
            assert 0 <= Fraction(c["score"]["exact"]) <= 100
            assert c["meets"] == (Fraction(c["score"]["exact"]) >= Fraction(p["threshold"]["exact"]))


# --- meeting validity --------------------------------------------------------------------------------

def test_a_meeting_below_two_thirds_or_with_more_returned_than_issued_is_invalid() -> None:
    form = rec_form(post(11, "A01", [(101, "甲")]))
    rows = turnout({"leaders": 1, "middle_managers": 1, "others": 1}, {"leaders": 2, "middle_managers": 2,
                                                                      "others": 1})
    ballots = [(c, ballot({11: [101]})) for c, _n, _w in GROUPS]
    result = count_session(SEED_000, [form], rows, ballots)
    assert result["valid"] is False and result["meeting"]["valid"] is False
    assert "低于三分之二" in result["meeting"]["reasons"][0]["zh"]
    assert result["forms"][0]["posts"][0]["outcome"] == "void"
    rows = turnout({"leaders": 2, "middle_managers": 2, "others": 2})
    rows[2]["issued"] = 1
    rows[2]["entitled"] = 2
    result = count_session(SEED_000, [form], rows, [(c, ballot({11: [101]})) for c, _n, _w in GROUPS] * 2)
    assert [r["zh"] for r in result["meeting"]["reasons"]] == ["其他人员组收回选票2张，多于发出的1张"]


def test_exactly_two_thirds_is_enough() -> None:
    form = rec_form(post(11, "A01", [(101, "甲")]))
    rows = turnout({"leaders": 2, "middle_managers": 2, "others": 2}, {"leaders": 3, "middle_managers": 3,
                                                                      "others": 3})
    result = count_session(SEED_000, [form], rows, [(c, {}) for c, _n, _w in GROUPS] * 2)
    assert result["meeting"]["valid"] is True and result["meeting"]["min_attendance"]["exact"] == "2/3"


# --- evaluation and elements -----------------------------------------------------------------------

def evaluation_form(unknown: bool = True) -> dict[str, Any]:
    return {"id": 2, "kind": "evaluation", "title": "民主测评票", "content": {
        "grades": ["excellent", "competent", "basically_competent", "incompetent"], "unknown": unknown,
        "subjects": [{"person": 7, "name": "某同志", "post": "科长"}, {"person": 8, "name": "另一同志"}]}}


ONE_GROUP = [{"code": "all", "name": "全体", "weight": 100, "entitled": 20, "issued": 20, "returned": 20}]


@pytest.mark.parametrize(("grades", "excellent", "admonition", "adjustment"), [
    (["excellent"] * 10 + ["competent"] * 5 + ["basically_competent"] + ["incompetent"] * 4, True, False, False),
    (["excellent"] * 10 + ["competent"] * 4 + ["basically_competent"] * 1 + ["incompetent"] * 5, False, True, False),
    (["excellent"] * 4 + ["competent"] * 5 + ["incompetent"] * 11, False, True, True),
    (["competent"] * 10 + ["incompetent"] * 10, False, True, False),
])
def test_evaluation_rates_and_the_seed_003_flags_at_their_edges(grades: list[str], excellent: bool,
                                                                admonition: bool, adjustment: bool) -> None:
    ballots = [("all", {"2": {"7": g, "8": "excellent"}}) for g in grades]
    result = count_session({}, [evaluation_form()], ONE_GROUP, ballots)
    person = result["forms"][0]["persons"][0]
    assert (person["may_be_excellent"], person["admonition"], person["adjustment"]) == (excellent, admonition,
                                                                                         adjustment)
    assert person["post"] == "科长" and person["person"] == 7
    assert [g["name"] for g in person["grades"]] == ["优秀", "称职", "基本称职", "不称职", "不了解"]
    assert sum(g["marks"] for g in person["grades"]) == 20
    other = result["forms"][0]["persons"][1]
    assert other["satisfaction"] == {"exact": "1", "display": "100%"}


def test_evaluation_limits_come_from_the_rules() -> None:
    ballots = [("all", {"2": {"7": g}}) for g in ["excellent"] * 14 + ["incompetent"] * 6]
    strict = count_session({"excellent_min_satisfaction": "80%", "admonition_above": "0.25"}, [evaluation_form()],
                           ONE_GROUP, ballots)["forms"][0]["persons"][0]
    assert strict["may_be_excellent"] is False and strict["admonition"] is True
    nested = count_session({"evaluation": {"excellent_min_satisfaction": "70%"}}, [evaluation_form()],
                           ONE_GROUP, ballots)["forms"][0]["persons"][0]
    assert nested["may_be_excellent"] is True and nested["admonition"] is True


def test_elements_are_ranked_per_element_and_combined() -> None:
    form = {"id": 3, "kind": "elements", "title": "要素推荐票", "content": {
        "elements": ["业务能力最强", "最适合提拔使用"], "marks_per_element": 1,
        "candidates": [{"application": 21, "name": "甲"}, {"application": 22, "name": "乙"}]}}
    rows = [{"code": "all", "name": "全体", "weight": 100, "entitled": 4, "issued": 4, "returned": 4}]
    ballots = [("all", {"3": {"0": [21], "1": [22]}})] * 3 + [("all", {"3": {"0": [22, 21], "1": [22]}})]
    result = count_session({}, [form], rows, ballots)
    part = result["forms"][0]
    assert [(s["name"], s["score"]["exact"], s["rank"], s["application"]) for s in part["ranking"]] == [
        ("乙", "50", 1, 22), ("甲", "75/2", 2, 21)]
    assert part["elements"][0]["overvoted"] == 1 and part["elements"][1]["overvoted"] == 0


# --- rules and errors ------------------------------------------------------------------------------

def test_rules_read_fractions_percentages_decimals_and_floats() -> None:
    rules = parse_rules({"thresholds": {"1": "60", "2": 50.5, "3": 40}, "min_attendance": "0.5",
                         "excellent_min_satisfaction": "80%", "rate_base": "entitled", "empty_group": "zero"})
    assert rules.thresholds.steps == ((1, Fraction(60)), (2, Fraction(101, 2)), (3, Fraction(40)))
    assert rules.meeting.min_attendance == Fraction(1, 2) and rules.excellent_min_satisfaction == Fraction(4, 5)
    assert rules.rate_base.value == "entitled" and rules.empty_group.value == "zero"


@pytest.mark.parametrize(("rules", "text"), [
    ({"rate_base": "present"}, "得票率基数“present”不是可选值"),
    ({"thresholds": [[2, 50]]}, "得票门槛表应从1名候选人起"),
    ({"min_attendance": "two thirds"}, "最低到会比例“two thirds”不是数"),
    ({"admonition_above": "120%"}, "诫勉谈话的不满意率应在0与1之间"),
])
def test_rules_that_cannot_be_read_are_refused_in_chinese(rules: dict[str, Any], text: str) -> None:
    with pytest.raises(CountError) as e:
        parse_rules(rules)
    assert text in str(e.value)


def test_inputs_that_cannot_be_counted_raise_count_error() -> None:
    form = rec_form(post(11, "A01", [(101, "甲")]))
    rows = turnout({"leaders": 0, "middle_managers": 0, "others": 1})
    with pytest.raises(CountError, match="没有候选项“999”"):
        count_session({}, [form], rows, [("others", ballot({11: [999]}))])
    with pytest.raises(CountError, match="计票0张，与收回1张"):
        count_session({}, [form], rows, [])
    with pytest.raises(CountError, match="不在本场次"):
        count_session({}, [form], rows, [("nobody", {})])
    with pytest.raises(CountError, match="票面“9”"):
        count_session({}, [form], rows, [("others", {"9": {}})])
    bad = [dict(r) for r in rows]
    bad[0]["weight"] = 40
    with pytest.raises(CountError, match="各组权重之和应为100"):
        count_session({}, [form], bad, [("others", {})])


# --- several sessions ------------------------------------------------------------------------------

def test_two_rooms_voting_on_the_same_posts_count_as_one_meeting() -> None:
    form = rec_form(post(11, "A01", [(101, "甲"), (102, "乙")]))
    room1 = [("others", ballot({11: [101]}))] * 3 + [("leaders", ballot({11: [102]}))] * 2
    room2 = [("others", ballot({11: [102]}))] * 2 + [("middle_managers", ballot({11: [101]}))] * 4
    t1 = turnout({"leaders": 2, "middle_managers": 0, "others": 3})
    t2 = turnout({"leaders": 0, "middle_managers": 4, "others": 2})
    combined = count_sessions([count_only(SEED_000, [form], t1, room1), count_only(SEED_000, [form], t2, room2)])
    together = count_session(SEED_000, [form], turnout({"leaders": 2, "middle_managers": 4, "others": 5}),
                             room1 + room2)
    assert combined["forms"][0]["posts"] == together["forms"][0]["posts"]
    assert combined["turnout"] == together["turnout"] and combined["forms"][0]["sessions"] == [0, 1]


def test_a_post_voted_in_one_session_only_is_not_diluted_by_another() -> None:
    a = rec_form(post(11, "A01", [(101, "甲")]), fid=1)
    b = rec_form(post(12, "A02", [(102, "乙")]), fid=2)
    s1 = count_only(SEED_000, [a], turnout({"leaders": 0, "middle_managers": 0, "others": 2}),
                    [("others", ballot({11: [101]}))] * 2)
    s2 = count_only(SEED_000, [b], turnout({"leaders": 0, "middle_managers": 0, "others": 3}),
                    [("others", ballot({12: [102]}, fid=2))] * 3)
    combined = count_sessions([s1, s2])
    assert [(p["kind"], p["sessions"]) for p in combined["forms"]] == [("recommendation", [0]),
                                                                       ("recommendation", [1])]
    assert candidate(combined, "甲", 0)["score"]["exact"] == "100"
    assert candidate(combined, "乙", 1)["score"]["exact"] == "100"


def test_sessions_with_different_weights_or_candidates_cannot_be_combined() -> None:
    form = rec_form(post(11, "A01", [(101, "甲")]))
    other = rec_form(post(11, "A01", [(101, "甲"), (102, "乙")]))
    rows = turnout({"leaders": 0, "middle_managers": 0, "others": 1})
    s1 = count_only(SEED_000, [form], rows, [("others", {})])
    with pytest.raises(CountError, match="候选人或推荐人数不一致"):
        count_sessions([s1, count_only(SEED_000, [other], rows, [("others", {})])])
    shifted = [dict(r) for r in rows]
    shifted[0]["weight"], shifted[1]["weight"] = 20, 40
    with pytest.raises(CountError, match="投票人类别或权重不一致"):
        count_sessions([s1, count_only(SEED_000, [form], shifted, [("others", {})])])


def test_a_ballot_described_in_words() -> None:
    forms = [rec_form(post(11, "A01", [(101, "甲"), (102, "乙")], write_ins=1)), evaluation_form()]
    marks = {"1": {"11": {"marks": [102], "write_ins": ["丁"]}}, "2": {"7": "basically_competent"}}
    described = describe_ballot(forms, marks)
    assert described[0]["lines"] == [{"label": "A01 A01职位", "value": "乙；另推：丁"}]
    assert described[1]["lines"] == [{"label": "某同志", "value": "基本称职"},
                                     {"label": "另一同志", "value": "（未评）"}]
