from __future__ import annotations

from xuanren.rules.tally import Post, QuestionCount, count_ballots, merge, recommendation_sheet
from xuanren.rules.tally.counting import GroupCount

from .scenario import candidates

POSTS = [Post("p1", "办公室主任", candidates("A", "B", "C")),
         Post("p2", "研究室副主任", candidates("D", "E", "F"), slots=2)]
SHEET = recommendation_sheet(POSTS)


def test_overvoted_ballot_is_invalid_for_that_post_only() -> None:
    ballot = SHEET.ballot("others", {"p1": ["a", "b"], "p2": ["a", "c"]})
    (p1, p2) = count_ballots(SHEET, [ballot])["others"].questions
    assert (p1.valid, p1.overvoted, p1.marks) == (0, 1, (0, 0, 0))
    assert (p2.valid, p2.overvoted, p2.marks) == (1, 0, (1, 0, 1))


def test_blank_ballot_is_valid_and_recommends_nobody() -> None:
    (p1, p2) = count_ballots(SHEET, [SHEET.ballot("others", {})])["others"].questions
    assert p1 == QuestionCount(1, 1, 1, 0, (0, 0, 0))
    assert p2 == QuestionCount(1, 1, 1, 0, (0, 0, 0))


def test_marking_fewer_than_allowed_is_valid() -> None:
    (_, p2) = count_ballots(SHEET, [SHEET.ballot("others", {"p2": ["b"]})])["others"].questions
    assert (p2.valid, p2.blank, p2.marks) == (1, 0, (0, 1, 0))


def test_write_ins_are_counted_apart_and_never_for_a_listed_candidate() -> None:
    ballots = [SHEET.ballot("others", {}, {"p1": ["候选人A"]}),   # the same name as candidate a, written in
               SHEET.ballot("others", {}, {"p1": ["某甲"]}),
               SHEET.ballot("others", {"p1": ["b"]}, {"p1": ["某甲"]})]  # 2 marks for a 1-slot post: invalid
    (p1, _) = count_ballots(SHEET, ballots)["others"].questions
    assert p1.marks == (0, 0, 0)
    assert p1.write_ins == (("候选人A", 1), ("某甲", 1))
    assert (p1.valid, p1.blank, p1.overvoted) == (2, 0, 1)


def test_a_write_in_alone_is_a_valid_answer_that_is_not_blank() -> None:
    (p1, _) = count_ballots(SHEET, [SHEET.ballot("others", {}, {"p1": ["某乙"]})])["others"].questions
    assert (p1.valid, p1.blank) == (1, 0)


def test_write_ins_may_be_configured_not_to_take_marks() -> None:
    from dataclasses import replace

    from xuanren.rules.tally import Sheet
    sheet = Sheet((replace(POSTS[0].question(), write_ins_take_marks=False),))
    (p1,) = count_ballots(sheet, [sheet.ballot("others", {"p1": ["b"]}, {"p1": ["某甲"]})])["others"].questions
    assert (p1.valid, p1.marks, p1.write_ins) == (1, (0, 1, 0), (("某甲", 1),))


def test_counts_made_session_by_session_add_up_to_the_whole() -> None:
    first = [SHEET.ballot("others", {"p1": ["a"]}, {"p2": ["某甲"]}), SHEET.ballot("leaders", {"p2": ["a", "b"]})]
    second = [SHEET.ballot("others", {"p1": ["a", "c"]}, {"p2": ["某甲"]}), SHEET.ballot("others", {})]
    whole = count_ballots(SHEET, first + second)
    assert merge(count_ballots(SHEET, first), count_ballots(SHEET, second)) == whole
    assert whole["others"].ballots == 3
    assert whole["others"].questions[1].write_ins == (("某甲", 2),)


def test_group_counts_of_different_groups_do_not_add() -> None:
    import pytest

    from xuanren.rules.errors import RuleError
    a = GroupCount("others", 0, ())
    with pytest.raises(RuleError):
        a + GroupCount("leaders", 0, ())
