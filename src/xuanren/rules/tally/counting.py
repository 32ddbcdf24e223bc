"""Counting: boxes of ballots into exact counts per voter group and question.

A :class:`QuestionCount` says, for one group and one question, how many ballots were counted, how many
were valid for the question (blank ones included: a blank answer is valid and marks nobody), how many
were overvoted (invalid for this question only), the marks of each option, and the names written in
on valid answers. Counts of the same group add up (``+``), so ballots may be counted box by box or
session by session as they close, and the tally run on the sum.

>>> from xuanren.rules.tally.ballots import Option, Question, Sheet, encode
>>> sheet = Sheet((Question("p1", "办公室主任", (Option("a", "甲"), Option("b", "乙")), max_marks=1,
...                         write_ins=True),))
>>> ballots = [sheet.ballot("others", {"p1": ["a"]}), sheet.ballot("others", {"p1": ["a", "b"]}),
...            sheet.ballot("others", {}), sheet.ballot("others", {}, {"p1": ["丁"]})]
>>> counts = count_ballots(sheet, ballots)
>>> counts["others"].questions[0]
QuestionCount(ballots=4, valid=3, blank=1, overvoted=1, marks=(1, 0), write_ins=(('丁', 1),))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from xuanren.rules.tally.ballots import Ballot, BallotBox, Sheet, encode
from xuanren.rules.tally.explain import error


@dataclass(frozen=True)
class QuestionCount:
    """One group's count for one question; ``write_ins`` is ``(name, marks)`` sorted by name."""

    ballots: int
    valid: int
    blank: int
    overvoted: int
    marks: tuple[int, ...]
    write_ins: tuple[tuple[str, int], ...] = ()

    def __add__(self, other: QuestionCount) -> QuestionCount:
        if len(self.marks) != len(other.marks):
            raise error("count.shape", "两份计票的候选项数目不同，不能相加",
                        "counts of different questions cannot be added")
        names = Counter(dict(self.write_ins))
        names.update(dict(other.write_ins))
        return QuestionCount(self.ballots + other.ballots, self.valid + other.valid, self.blank + other.blank,
                             self.overvoted + other.overvoted,
                             tuple(a + b for a, b in zip(self.marks, other.marks, strict=True)),
                             tuple(sorted(names.items())))


@dataclass(frozen=True)
class GroupCount:
    """One voter group's count: ballots counted, and a :class:`QuestionCount` per question of the sheet."""

    group: str
    ballots: int
    questions: tuple[QuestionCount, ...]

    def __add__(self, other: GroupCount) -> GroupCount:
        if self.group != other.group or len(self.questions) != len(other.questions):
            raise error("count.mismatch", "“{a}”组与“{b}”组的计票不能相加",
                        "the counts of '{a}' and '{b}' cannot be added", a=self.group, b=other.group)
        return GroupCount(self.group, self.ballots + other.ballots,
                          tuple(a + b for a, b in zip(self.questions, other.questions, strict=True)))


def empty_count(sheet: Sheet, group: str) -> GroupCount:
    """The count of a group that cast no ballot."""
    return GroupCount(group, 0, tuple(QuestionCount(0, 0, 0, 0, (0,) * len(q.options)) for q in sheet.questions))


def count(sheet: Sheet, box: BallotBox) -> GroupCount:
    """Count one box against the sheet it was packed for.

    Each column is read once by :class:`~collections.Counter`; then each distinct pattern is judged once
    (valid, blank, or overvoted) and its count added to the options it marks. Names written in are
    counted from the box's sparse list, on valid answers only. Raises
    :class:`~xuanren.rules.errors.RuleError` when the box does not fit the sheet.
    """
    questions = sheet.questions
    if len(box.columns) != len(questions):
        raise error("count.sheet", "“{group}”组的票箱有{n}项，选票上有{m}项", "box '{group}' holds {n} questions, the "
                    "sheet has {m}", group=box.group, n=len(box.columns), m=len(questions))
    results: list[QuestionCount] = []
    valid_numbers: list[set[int]] = []
    for qi, question in enumerate(questions):
        patterns = box.patterns[qi]
        marks = [0] * len(question.options)
        valid = blank = overvoted = 0
        valid_here: set[int] = set()
        for number, n in Counter(box.column(qi)).items():
            if number >= len(patterns):
                raise error("count.pattern", "“{group}”组票箱中“{question}”一列有未定义的编码{number}",
                            "box '{group}' has an undefined code {number} for '{question}'",
                            group=box.group, question=question.name, number=number)
            pattern = patterns[number]
            if not question.is_valid(pattern):
                overvoted += n
                continue
            valid += n
            valid_here.add(number)
            if not pattern.marks and not pattern.write_ins:
                blank += n
            for option in pattern.marks:
                if option >= len(marks):
                    raise error("count.option", "“{group}”组票箱中“{question}”有未列出的候选项",
                                "box '{group}' marks an option '{question}' does not list",
                                group=box.group, question=question.name)
                marks[option] += n
        results.append(QuestionCount(box.size, valid, blank, overvoted, tuple(marks)))
        valid_numbers.append(valid_here)
    if box.write_ins:
        results = _add_write_ins(sheet, box, results, valid_numbers)
    return GroupCount(box.group, box.size, tuple(results))


def _add_write_ins(sheet: Sheet, box: BallotBox, results: list[QuestionCount],
                   valid_numbers: list[set[int]]) -> list[QuestionCount]:
    names: list[Counter[str]] = [Counter() for _ in results]
    for entry in box.write_ins:
        if not (0 <= entry.question < len(results) and 0 <= entry.ballot < box.size):
            raise error("count.write_in", "“{group}”组票箱的另推记录指向不存在的选票", "a written-in name in box "
                        "'{group}' points to no ballot", group=box.group)
        number = box.column(entry.question)[entry.ballot]
        if box.patterns[entry.question][number].write_ins != len(entry.names):
            raise error("count.write_in_number", "“{group}”组票箱中第{ballot}张选票的另推人数与编码不符",
                        "ballot {ballot} of box '{group}' has a different number of written-in names than its code",
                        group=box.group, ballot=entry.ballot + 1)
        if number in valid_numbers[entry.question]:
            names[entry.question].update(entry.names)
    return [QuestionCount(r.ballots, r.valid, r.blank, r.overvoted, r.marks, tuple(sorted(c.items())))
            if c else r for r, c in zip(results, names, strict=True)]


def count_boxes(sheet: Sheet, boxes: Iterable[BallotBox]) -> dict[str, GroupCount]:
    """Count every box and add up the counts of each group."""
    totals: dict[str, GroupCount] = {}
    for box in boxes:
        c = count(sheet, box)
        totals[box.group] = totals[box.group] + c if box.group in totals else c
    return totals


def count_ballots(sheet: Sheet, ballots: Iterable[Ballot]) -> dict[str, GroupCount]:
    """:func:`~xuanren.rules.tally.ballots.encode` then :func:`count_boxes`."""
    return count_boxes(sheet, encode(sheet, ballots))


def merge(*counts: Mapping[str, GroupCount]) -> dict[str, GroupCount]:
    """Add up counts made separately (per box, per session), group by group."""
    totals: dict[str, GroupCount] = {}
    for mapping in counts:
        for group, c in mapping.items():
            totals[group] = totals[group] + c if group in totals else c
    return totals
