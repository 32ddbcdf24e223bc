from __future__ import annotations

from itertools import combinations

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.tally import (
    Ballot,
    BallotBox,
    Option,
    Pattern,
    Post,
    Question,
    Sheet,
    Turnout,
    VoterGroup,
    WriteIn,
    count,
    encode,
    recommendation_sheet,
)
from xuanren.rules.tally.counting import count_ballots

from .scenario import candidates

SHEET = recommendation_sheet([Post("p1", "办公室主任", candidates("A", "B", "C")),
                              Post("p2", "研究室副主任", candidates("D", "E"), slots=2, write_ins=False)])


def test_encoding_numbers_each_distinct_answer_once_whatever_the_order_of_marks() -> None:
    ballots = [SHEET.ballot("others", {"p2": ["a", "b"]}), SHEET.ballot("others", {"p2": ["b", "a"]}),
               SHEET.ballot("others", {"p2": ["a"]})]
    (box,) = encode(SHEET, ballots)
    assert list(box.column(1)) == [0, 0, 1]
    assert box.patterns[1] == (Pattern((0, 1)), Pattern((0,)))


def test_boxes_are_one_per_group_in_order_of_first_ballot() -> None:
    boxes = encode(SHEET, [SHEET.ballot("others", {}), SHEET.ballot("leaders", {}), SHEET.ballot("others", {})])
    assert [(b.group, b.size) for b in boxes] == [("others", 2), ("leaders", 1)]


def test_a_question_with_many_distinct_answers_uses_wider_codes() -> None:
    cands = tuple(Option(f"c{i}", f"候选{i}") for i in range(10))
    sheet = Sheet((Question("p", "职位", cands, max_marks=10),))
    answers = [list(c) for r in range(11) for c in combinations([o.code for o in cands], r)]
    (box,) = encode(sheet, [sheet.ballot("others", {"p": a}) for a in answers])
    assert box.formats == ("H",)
    assert len(box.patterns[0]) == 1024
    c = count(sheet, box).questions[0]
    assert c.valid == 1024 and c.blank == 1 and c.marks == (512,) * 10


@pytest.mark.parametrize(("ballot", "words"), [
    (Ballot("others", (("z",), ())), "没有候选项"),
    (Ballot("others", (("a", "a"), ())), "标记了两次"),
    (Ballot("others", ((),)), "答项数"),
    (Ballot("others", ((), ()), (("甲",), ("乙",))), "不接受另推"),
    (Ballot("others", ((), ()), ((" ",), ())), "空的另推"),
    (Ballot("others", ((), ()), (("某 人", "某  人"), ())), "写了两次"),
])
def test_a_ballot_that_does_not_fit_its_sheet_is_an_error(ballot: Ballot, words: str) -> None:
    with pytest.raises(RuleError, match=words):
        encode(SHEET, [ballot])


def test_answers_for_a_question_not_on_the_sheet_are_an_error() -> None:
    with pytest.raises(RuleError, match="选票上没有"):
        SHEET.ballot("others", {"p9": ["a"]})


def test_box_shape_is_checked() -> None:
    with pytest.raises(RuleError):
        BallotBox("others", 3, (b"\x00\x00",), ("B",), ((Pattern(()),),))
    with pytest.raises(RuleError):
        BallotBox("others", 1, (b"\x00",), ("B", "B"), ((Pattern(()),),))


def test_a_box_with_an_undefined_code_is_refused_when_counted() -> None:
    box = BallotBox("others", 2, (b"\x00\x05", b"\x00\x00"), ("B", "B"), ((Pattern(()),), (Pattern(()),)))
    with pytest.raises(RuleError, match="未定义的编码"):
        count(SHEET, box)


def test_a_box_marking_an_option_the_sheet_lacks_is_refused() -> None:
    box = BallotBox.of("others", [[0], [0]], [[Pattern((7,))], [Pattern(())]])
    with pytest.raises(RuleError, match="未列出"):
        count(SHEET, box)


def test_write_in_entries_must_agree_with_their_codes() -> None:
    box = BallotBox.of("others", [[0], [0]], [[Pattern((), 1)], [Pattern(())]],
                       [WriteIn(0, 0, ("甲", "乙"))])
    with pytest.raises(RuleError, match="另推人数"):
        count(SHEET, box)
    stray = BallotBox.of("others", [[0], [0]], [[Pattern(())], [Pattern(())]], [WriteIn(5, 0, ("甲",))])
    with pytest.raises(RuleError, match="不存在的选票"):
        count(SHEET, stray)


def test_a_box_built_from_codes_counts_like_an_encoded_one() -> None:
    ballots = [SHEET.ballot("others", {"p1": ["a"], "p2": ["a", "b"]}), SHEET.ballot("others", {"p1": ["b"]})]
    (encoded,) = encode(SHEET, ballots)
    built = BallotBox.of("others", [list(encoded.column(0)), list(encoded.column(1))], encoded.patterns)
    assert count(SHEET, built) == count(SHEET, encoded) == count_ballots(SHEET, ballots)["others"]


@pytest.mark.parametrize("bad", [{"entitled": -1}, {"issued": -3}, {"returned": -1}, {"present": -1},
                                 {"entitled": 1.5}])
def test_negative_or_fractional_counts_are_errors(bad: dict[str, object]) -> None:
    figures: dict[str, object] = {"entitled": 10, "issued": 10, "returned": 10, **bad}
    with pytest.raises(RuleError, match="不是非负整数"):
        Turnout("others", **figures)  # type: ignore[arg-type]


def test_more_void_ballots_than_returned_is_an_error() -> None:
    with pytest.raises(RuleError, match="整张无效"):
        Turnout("others", 10, 10, 3, void=4)


def test_group_weight_may_not_be_negative_or_a_float() -> None:
    with pytest.raises(RuleError, match="负数"):
        VoterGroup("x", "某组", -1)  # type: ignore[arg-type]
    with pytest.raises(RuleError, match="浮点数"):
        VoterGroup("x", "某组", 30.0)  # type: ignore[arg-type]


def test_question_needs_room_for_a_mark_and_distinct_options() -> None:
    with pytest.raises(RuleError, match="正整数"):
        Question("q", "职位", candidates("A"), max_marks=0)
    with pytest.raises(RuleError, match="重复"):
        Question("q", "职位", (Option("a", "甲"), Option("a", "乙")))
    with pytest.raises(RuleError, match="重复"):
        Sheet((Question("q", "职位", ()), Question("q", "职位", ())))
