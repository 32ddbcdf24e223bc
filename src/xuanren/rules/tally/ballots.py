"""What a tally reads: voter groups and their turnout, the ballot sheet, ballots, and the compact box.

A :class:`Sheet` is the ballot paper: an ordered tuple of :class:`Question` — a post to recommend for,
a person to grade, an element to name the best for — each listing its :class:`Option` (candidates or
grades) and the most marks it allows. A :class:`Ballot` is one voter's paper: the voter group, and per
question the options marked and any names written in.

For counting, :func:`encode` packs ballots into one :class:`BallotBox` per voter group: per question
one small integer per ballot, the number of that ballot's :class:`Pattern` (the set of options marked,
and how many names were written in) in the question's pattern table. A box is immutable, its columns
are ``bytes``; counting it (:mod:`xuanren.rules.tally.counting`) reads each column once with
:class:`collections.Counter` and looks at each distinct pattern once, which is what makes a million
ballots a matter of a second. Ingestion may build boxes directly (:meth:`BallotBox.of`) as ballots
arrive, so that the encoding is paid once, ballot by ballot, and never again at counting time.

>>> sheet = Sheet((Question("p1", "办公室主任", (Option("a", "甲"), Option("b", "乙"), Option("c", "丙")),
...                         max_marks=1, write_ins=True),))
>>> (box,) = encode(sheet, [sheet.ballot("others", {"p1": ["a"]}), sheet.ballot("others", {"p1": ["b", "a"]}),
...                         sheet.ballot("others", {}), sheet.ballot("others", {"p1": ["a"]})])
>>> box.group, box.size, list(box.column(0))
('others', 4, [0, 1, 2, 0])
>>> box.patterns[0]
(Pattern(marks=(0,), write_ins=0), Pattern(marks=(0, 1), write_ins=0), Pattern(marks=(), write_ins=0))
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from xuanren.rules.tally.explain import error, exact

#: The column formats a box may use, by the number of patterns they can number.
FORMATS: tuple[tuple[str, int], ...] = (("B", 1 << 8), ("H", 1 << 16), ("I", 1 << 32))


@dataclass(frozen=True)
class VoterGroup:
    """A group of voters with its weight on the 100-point score (院领导 30, 中层干部 30, 其他人员 40).

    ``weight`` may be given as an int, Decimal, Fraction or decimal string; it is kept as a Fraction.
    """

    code: str
    name: str
    weight: Fraction
    en: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", exact(self.weight, f"“{self.name}”的权重"))
        if not self.code:
            raise error("group.code", "投票人分组缺少代码", "a voter group has no code")
        if self.weight < 0:
            raise error("group.weight_negative", "“{name}”组的权重{weight}为负数",
                        "the weight of group '{name}' is negative ({weight})", name=self.name, weight=str(self.weight))


@dataclass(frozen=True)
class Turnout:
    """A voter group's figures at one meeting: 应到 entitled, 发出 issued, 收回 returned.

    ``present`` (实到人数) is the attendance the 2/3 rule reads; when not recorded, the ballots returned
    stand for it. ``void`` counts returned ballots void as a whole (torn, unreadable, not the paper
    issued): they are returned, so they count in the 实到 base, but they are valid for no question and
    are not among the counted ballots. Negative figures raise :class:`~xuanren.rules.errors.RuleError`;
    figures that do not fit together (more returned than issued) are a *result*: the meeting is invalid
    (:mod:`xuanren.rules.tally.meeting`).
    """

    group: str
    entitled: int
    issued: int
    returned: int
    present: int | None = None
    void: int = 0

    def __post_init__(self) -> None:
        for label_zh, label_en, value in (("应到", "entitled", self.entitled), ("发出", "issued", self.issued),
                                          ("收回", "returned", self.returned), ("实到", "present", self.present),
                                          ("整张无效", "void", self.void)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise error("turnout.negative", "“{group}”组的{what}数{value}不是非负整数",
                            "the {what_en} figure of group '{group}' is not a non-negative integer: {value}",
                            group=self.group, what=label_zh, what_en=label_en, value=value)
        if self.void > self.returned:
            raise error("turnout.void", "“{group}”组整张无效票{void}张多于收回的{returned}张",
                        "group '{group}' has {void} void ballots but returned only {returned}",
                        group=self.group, void=self.void, returned=self.returned)

    @property
    def attendance(self) -> int:
        return self.returned if self.present is None else self.present

    @property
    def counted(self) -> int:
        """The ballots the count must hold for this group: returned, less those void as a whole."""
        return self.returned - self.void


@dataclass(frozen=True)
class Option:
    """A candidate (or a grade) a question offers."""

    code: str
    name: str


@dataclass(frozen=True)
class Question:
    """One question of the sheet: its options, and the most marks a valid answer may carry.

    Names written in (另推他人) take up marks like listed candidates when ``write_ins_take_marks``: a
    ballot marking 2 listed candidates and writing in 1 more for a 2-mark post is invalid for it.
    """

    code: str
    name: str
    options: tuple[Option, ...]
    max_marks: int = 1
    write_ins: bool = False
    write_ins_take_marks: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.max_marks, bool) or not isinstance(self.max_marks, int) or self.max_marks < 1:
            raise error("question.max_marks", "“{name}”最多可标记人数应为正整数，实为{value}",
                        "the most marks of '{name}' must be a positive integer, not {value}",
                        name=self.name, value=self.max_marks)
        codes = [o.code for o in self.options]
        if len(set(codes)) != len(codes):
            raise error("question.duplicate_option", "“{name}”的候选项代码重复", "'{name}' lists an option twice",
                        name=self.name)

    def marks_used(self, pattern: Pattern) -> int:
        return len(pattern.marks) + (pattern.write_ins if self.write_ins_take_marks else 0)

    def is_valid(self, pattern: Pattern) -> bool:
        """A ballot's answer counts unless it carries more marks than allowed (an overvote)."""
        return self.marks_used(pattern) <= self.max_marks

    @cached_property
    def option_index(self) -> Mapping[str, int]:
        return {o.code: i for i, o in enumerate(self.options)}


@dataclass(frozen=True)
class Sheet:
    """The ballot paper: its questions, in the order every ballot lists its answers."""

    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        codes = [q.code for q in self.questions]
        if len(set(codes)) != len(codes):
            raise error("sheet.duplicate_question", "选票上的职位（项目）代码重复", "the sheet lists a question twice")

    @cached_property
    def question_index(self) -> Mapping[str, int]:
        return {q.code: i for i, q in enumerate(self.questions)}

    def ballot(self, group: str, marks: Mapping[str, Sequence[str]],
               write_ins: Mapping[str, Sequence[str]] | None = None) -> Ballot:
        """A :class:`Ballot` from answers by question code; questions not named are left blank."""
        for code in (*marks, *(write_ins or {})):
            if code not in self.question_index:
                raise error("ballot.unknown_question", "选票上没有“{code}”", "the sheet has no question '{code}'",
                            code=code)
        answers = tuple(tuple(marks.get(q.code, ())) for q in self.questions)
        names = tuple(tuple((write_ins or {}).get(q.code, ())) for q in self.questions) if write_ins else ()
        return Ballot(group, answers, names)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's paper: the group, per question (in sheet order) the option codes marked, and the
    names written in (``()`` for none on the whole ballot, else one tuple per question)."""

    group: str
    marks: tuple[tuple[str, ...], ...]
    write_ins: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Pattern:
    """What one ballot says on one question: the option indexes marked (ascending), and the number of
    names written in."""

    marks: tuple[int, ...]
    write_ins: int = 0


@dataclass(frozen=True, slots=True)
class WriteIn:
    """The names written in on ballot number ``ballot`` (0-based, in its box) for question ``question``."""

    ballot: int
    question: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class BallotBox:
    """The ballots of one voter group, packed for counting (see the module docstring).

    ``columns[q]`` holds ``size`` pattern numbers in ``formats[q]`` (``"B"``, ``"H"`` or ``"I"``, native
    byte order); ``patterns[q][n]`` is pattern number ``n`` of question ``q``. Only the shape is checked
    here; pattern numbers and option indexes are checked when the box is counted.
    """

    group: str
    size: int
    columns: tuple[bytes, ...]
    formats: tuple[str, ...]
    patterns: tuple[tuple[Pattern, ...], ...]
    write_ins: tuple[WriteIn, ...] = ()

    def __post_init__(self) -> None:
        if not (len(self.columns) == len(self.formats) == len(self.patterns)):
            raise error("box.shape", "“{group}”组的票箱各列数目不一致", "the columns of box '{group}' do not agree",
                        group=self.group)
        for column, fmt in zip(self.columns, self.formats, strict=True):
            if fmt not in dict(FORMATS) or len(column) != self.size * array(fmt).itemsize:
                raise error("box.column", "“{group}”组的票箱有一列长度不是{size}张", "a column of box '{group}' does "
                            "not hold {size} ballots", group=self.group, size=self.size)

    @classmethod
    def of(cls, group: str, codes: Sequence[Sequence[int]], patterns: Sequence[Sequence[Pattern]],
           write_ins: Iterable[WriteIn] = ()) -> BallotBox:
        """A box from pattern numbers per question (any integer sequences, e.g. ``array('I')``)."""
        columns, formats = [], []
        for column, table in zip(codes, patterns, strict=True):
            fmt = next(f for f, limit in FORMATS if len(table) <= limit)
            columns.append(array(fmt, column).tobytes())
            formats.append(fmt)
        size = len(codes[0]) if codes else 0
        return cls(group, size, tuple(columns), tuple(formats), tuple(tuple(t) for t in patterns), tuple(write_ins))

    def column(self, question: int) -> Sequence[int]:
        """The pattern numbers of ``question``, one per ballot, without copying."""
        column = self.columns[question]
        fmt = self.formats[question]
        if fmt == "B":
            return column
        return memoryview(column).cast("H" if fmt == "H" else "I")


@dataclass
class _Packer:
    """Encodes the ballots of one group; see :func:`encode`."""

    group: str
    sheet: Sheet
    size: int = 0
    codes: list[array[int]] = field(default_factory=list)
    tables: list[dict[Pattern, int]] = field(default_factory=list)
    seen: list[dict[tuple[tuple[str, ...], int], int]] = field(default_factory=list)
    write_ins: list[WriteIn] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.sheet.questions)
        self.codes = [array("I") for _ in range(n)]
        self.tables = [{} for _ in range(n)]
        self.seen = [{} for _ in range(n)]

    def add(self, ballot: Ballot) -> None:
        questions = self.sheet.questions
        if len(ballot.marks) != len(questions) or (ballot.write_ins and len(ballot.write_ins) != len(questions)):
            raise error("ballot.shape", "一张选票的答项数与选票上的{n}项不符",
                        "a ballot does not answer the {n} questions of the sheet", n=len(questions))
        for qi, question in enumerate(questions):
            chosen = ballot.marks[qi]
            names = ballot.write_ins[qi] if ballot.write_ins else ()
            key = (chosen, len(names))
            number = self.seen[qi].get(key)
            if number is None:
                number = self._number(question, qi, chosen, len(names))
                self.seen[qi][key] = number
            self.codes[qi].append(number)
            if names:
                self.write_ins.append(WriteIn(self.size, qi, _clean_names(question, names)))
        self.size += 1

    def _number(self, question: Question, qi: int, chosen: tuple[str, ...], written: int) -> int:
        index = question.option_index
        marks = []
        for code in chosen:
            if code not in index:
                raise error("ballot.unknown_option", "“{question}”没有候选项“{code}”",
                            "'{question}' has no option '{code}'", question=question.name, code=code)
            marks.append(index[code])
        if len(set(marks)) != len(marks):
            raise error("ballot.duplicate_mark", "一张选票在“{question}”中把同一人标记了两次",
                        "a ballot marks the same option twice for '{question}'", question=question.name)
        pattern = Pattern(tuple(sorted(marks)), written)
        table = self.tables[qi]
        return table.setdefault(pattern, len(table))

    def box(self) -> BallotBox:
        patterns = [tuple(table) for table in self.tables]  # dicts keep insertion order = numbering
        return BallotBox.of(self.group, self.codes, patterns, self.write_ins)


def _clean_names(question: Question, names: Sequence[str]) -> tuple[str, ...]:
    if not question.write_ins:
        raise error("ballot.write_ins_refused", "“{question}”不接受另推他人", "'{question}' takes no written-in names",
                    question=question.name)
    cleaned = tuple(" ".join(n.split()) for n in names)
    if any(not n for n in cleaned):
        raise error("ballot.write_in_empty", "“{question}”有一个空的另推人选", "an empty written-in name for "
                    "'{question}'", question=question.name)
    if len(set(cleaned)) != len(cleaned):
        raise error("ballot.write_in_twice", "一张选票在“{question}”中把同一人写了两次",
                    "a ballot writes the same name twice for '{question}'", question=question.name)
    return cleaned


def encode(sheet: Sheet, ballots: Iterable[Ballot]) -> tuple[BallotBox, ...]:
    """Pack ballots into one box per voter group, in order of the groups' first ballots.

    Raises :class:`~xuanren.rules.errors.RuleError` for a ballot that does not fit the sheet: the wrong
    number of answers, an option the question does not list, the same option marked twice, a name
    written in twice or where the question takes none. (More marks than allowed is *not* an error:
    the ballot is invalid for that question when counted.)
    """
    packers: dict[str, _Packer] = {}
    for ballot in ballots:
        packer = packers.get(ballot.group)
        if packer is None:
            packer = packers[ballot.group] = _Packer(ballot.group, sheet)
        packer.add(ballot)
    return tuple(p.box() for p in packers.values())
