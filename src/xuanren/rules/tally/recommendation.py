"""Democratic recommendation (民主推荐): per post, weighted scores against the threshold; vacant posts.

The rules of seed 000 (a court's campaign): "民主推荐按百分制计算，院领导票占分值的30，中层领导干部票占分值
的30，其他人员票占分值40。并规定一个人竞聘一个职位，得票率不得低于60；二个人竞聘一个职位，得票率不得低于
50；三个人（含三人）以上竞聘一个职位，得票率不得低于40；对综合得分未达到40分、50分60分的人选，暂不予以任用。"

So a candidate's score is Σ weight × rate over the voter groups (:mod:`~xuanren.rules.tally.weights`),
compared *exactly* with the threshold for the number of candidates listed for the post
(:class:`Thresholds`): "不得低于60" means a score of exactly 60 meets it, 59.99 does not. Candidates who
meet it are *qualified*: the committee appoints among them, so the tally ranks them but chooses no one.
A post with fewer qualified candidates than slots keeps the rest vacant, and one with none is vacant
(seed 000 left one 正职 and four 副职 posts so). Written-in names are counted and listed apart, and never
count for a listed candidate, even one of the same name.

>>> from xuanren.rules.tally.ballots import Option, Turnout
>>> from xuanren.rules.tally.counting import count_ballots
>>> post = Post("p1", "立案庭庭长", (Option("a", "甲"),))
>>> sheet = recommendation_sheet([post])
>>> ballots = ([sheet.ballot("leaders", {"p1": ["a"]})] * 6 + [sheet.ballot("leaders", {})] * 4
...            + [sheet.ballot("middle_managers", {"p1": ["a"]})] * 12 + [sheet.ballot("middle_managers", {})] * 8
...            + [sheet.ballot("others", {"p1": ["a"]})] * 30 + [sheet.ballot("others", {})] * 20)
>>> turnout = [Turnout("leaders", 10, 10, 10), Turnout("middle_managers", 20, 20, 20), Turnout("others", 50, 50, 50)]
>>> result = tally_recommendation(RecommendationConfig(), [post], count_ballots(sheet, ballots), turnout)
>>> a = result.posts[0].candidates[0]
>>> a.score, a.threshold, a.meets
(Fraction(60, 1), Fraction(60, 1), True)
>>> for m in a.explain():
...     print(m)
甲：综合得分60分，1人竞聘本职位，不得低于60分，达到
院领导组：实到10张，得6票，得票率60%，权重30，计18分
中层干部组：实到20张，得12票，得票率60%，权重30，计18分
其他人员组：实到50张，得30票，得票率60%，权重40，计24分
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from xuanren.rules.messages import Message
from xuanren.rules.tally.ballots import Option, Question, Sheet, Turnout, VoterGroup
from xuanren.rules.tally.counting import GroupCount
from xuanren.rules.tally.explain import error, exact, message, number, number_beside
from xuanren.rules.tally.meeting import MeetingConfig, MeetingValidity
from xuanren.rules.tally.weights import (
    DEFAULT_GROUPS,
    FULL_MARKS,
    EmptyGroupRule,
    GroupFigure,
    RateBase,
    Session,
    Weighting,
    check_groups,
    figures,
    open_session,
    rank,
    score,
)


@dataclass(frozen=True)
class Thresholds:
    """The least score by the number of candidates for a post: ``steps`` are ``(from_candidates, score)``
    pairs, the first from 1, and the last applies to any larger number (default 1 → 60, 2 → 50, ≥ 3 → 40).

    >>> t = Thresholds()
    >>> [str(t.for_candidates(n)) for n in (1, 2, 3, 9)]
    ['60', '50', '40', '40']
    >>> print(t.explain())
    1人竞聘不得低于60分；2人竞聘不得低于50分；3人及以上竞聘不得低于40分
    """

    steps: tuple[tuple[int, Fraction], ...] = ((1, Fraction(60)), (2, Fraction(50)), (3, Fraction(40)))

    def __post_init__(self) -> None:
        steps = tuple((n, exact(s, "推荐得分门槛")) for n, s in self.steps)
        object.__setattr__(self, "steps", steps)
        if not steps or steps[0][0] != 1:
            raise error("thresholds.start", "得票门槛表应从1名候选人起",
                        "the threshold table must start at 1 candidate")
        counts = [n for n, _ in steps]
        if any(b <= a for a, b in pairwise(counts)):
            raise error("thresholds.order", "得票门槛表的候选人数应逐项增加", "the threshold table must list "
                        "increasing numbers of candidates")
        if any(not 0 <= s <= FULL_MARKS for _, s in steps):
            raise error("thresholds.range", "得票门槛应在0至100分之间", "thresholds must lie between 0 and 100")

    def for_candidates(self, n: int) -> Fraction:
        found = self.steps[0][1]
        for at_least, threshold in self.steps:
            if n >= at_least:
                found = threshold
        return found

    def explain(self) -> Message:
        parts_zh, parts_en = [], []
        for i, (n, s) in enumerate(self.steps):
            last = i == len(self.steps) - 1
            if last and n > 1:
                parts_zh.append(f"{n}人及以上竞聘不得低于{number(s)}分")
                parts_en.append(f"{n} or more candidates: at least {number(s)}")
            else:
                upto = self.steps[i + 1][0] - 1 if not last else n
                who = f"{n}人" if upto == n else f"{n}至{upto}人"
                parts_zh.append(f"{who}竞聘不得低于{number(s)}分")
                parts_en.append(f"{n if upto == n else f'{n}-{upto}'} candidate(s): at least {number(s)}")
        return message("thresholds", "{zh}", "{en}", zh="；".join(parts_zh), en="; ".join(parts_en))


@dataclass(frozen=True)
class Post:
    """A post on the recommendation ballot: its candidates, slots (职数), and the most marks a ballot may
    give it (default: the slots). ``kind`` groups posts in the summary (e.g. 正职, 副职)."""

    code: str
    name: str
    candidates: tuple[Option, ...]
    slots: int = 1
    max_marks: int | None = None
    write_ins: bool = True
    kind: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.slots, bool) or not isinstance(self.slots, int) or self.slots < 1:
            raise error("post.slots", "“{name}”的职数应为正整数，实为{value}",
                        "the slots of '{name}' must be a positive integer, not {value}", name=self.name,
                        value=self.slots)

    @property
    def marks_allowed(self) -> int:
        return self.slots if self.max_marks is None else self.max_marks

    def question(self) -> Question:
        return Question(self.code, self.name, self.candidates, self.marks_allowed, self.write_ins)


def recommendation_sheet(posts: Sequence[Post]) -> Sheet:
    """The ballot paper for these posts, in this order."""
    return Sheet(tuple(p.question() for p in posts))


@dataclass(frozen=True)
class RecommendationConfig:
    """A campaign's recommendation rules; every default is the one DESIGN.md §3 names."""

    groups: tuple[VoterGroup, ...] = DEFAULT_GROUPS
    thresholds: Thresholds = field(default_factory=Thresholds)
    rate_base: RateBase = RateBase.RETURNED
    empty_group: EmptyGroupRule = EmptyGroupRule.SHARE
    meeting: MeetingConfig = field(default_factory=MeetingConfig)

    def __post_init__(self) -> None:
        check_groups(self.groups)


class PostOutcome(StrEnum):
    FILLED = "filled"                # at least as many qualified as slots
    PARTLY_VACANT = "partly_vacant"  # some qualified, fewer than slots
    VACANT = "vacant"                # nobody qualified (or no candidate)
    VOID = "void"                    # the recommendation is invalid (meeting, empty-group rule)


@dataclass(frozen=True)
class CandidateResult:
    """A candidate's score (exact), the threshold for the post, whether it is met, and the rank (1 = best;
    equal scores share a rank)."""

    candidate: Option
    parts: tuple[GroupFigure, ...]
    score: Fraction
    threshold: Fraction
    candidates_for_post: int
    rank: int

    @property
    def meets(self) -> bool:
        return self.score >= self.threshold

    @property
    def marks(self) -> int:
        return sum(p.marks for p in self.parts)

    def explain(self) -> tuple[Message, ...]:
        verdict_zh, verdict_en = ("达到", "met") if self.meets else ("未达到", "not met")
        head = message("candidate", "{name}：综合得分{score}分，{n}人竞聘本职位，不得低于{threshold}分，{verdict}",
                       "{name}: weighted score {score}; {n} candidate(s) for the post, threshold {threshold}: "
                       "{verdict_en}", name=self.candidate.name, score=number_beside(self.score, self.threshold),
                       n=self.candidates_for_post, threshold=number(self.threshold), verdict=verdict_zh,
                       verdict_en=verdict_en)
        return (head, *(p.explain() for p in self.parts))


@dataclass(frozen=True)
class BallotFigures:
    """One group's ballots for one post: returned, void as a whole, valid (blank among them), overvoted."""

    group: VoterGroup
    returned: int
    void: int
    valid: int
    blank: int
    overvoted: int
    marks_allowed: int

    def explain(self) -> Message:
        return message("ballots", "{group}组：收回{returned}张，有效{valid}张（其中空白{blank}张），"
                       "推荐超过{allowed}人无效{overvoted}张，整张无效{void}张",
                       "{group_en}: {returned} returned, {valid} valid ({blank} blank), {overvoted} invalid for "
                       "marking more than {allowed}, {void} void as a whole",
                       group=self.group.name, group_en=self.group.en or self.group.name, returned=self.returned,
                       valid=self.valid, blank=self.blank, allowed=self.marks_allowed, overvoted=self.overvoted,
                       void=self.void)


@dataclass(frozen=True)
class WriteInFigure:
    """A name written in (另推他人) for a post: marks by group code, and in all. Never a candidate's marks."""

    name: str
    by_group: tuple[tuple[str, int], ...]

    @property
    def marks(self) -> int:
        return sum(n for _, n in self.by_group)


@dataclass(frozen=True)
class PostResult:
    post: Post
    threshold: Fraction
    candidates: tuple[CandidateResult, ...]
    ballots: tuple[BallotFigures, ...]
    write_ins: tuple[WriteInFigure, ...]
    outcome: PostOutcome

    @property
    def ranking(self) -> tuple[CandidateResult, ...]:
        """The candidates best first (by exact score; equal scores in listed order)."""
        return tuple(sorted(self.candidates, key=lambda c: c.rank))

    @property
    def qualified(self) -> tuple[CandidateResult, ...]:
        """Candidates who meet the threshold, best first (none when the result is invalid)."""
        if self.outcome is PostOutcome.VOID:
            return ()
        return tuple(c for c in self.ranking if c.meets)

    @property
    def vacant_slots(self) -> int:
        if self.outcome is PostOutcome.VOID:
            return 0
        return max(0, self.post.slots - len(self.qualified))

    def explain(self) -> tuple[Message, ...]:
        p = self.post
        params = {"post": p.name, "slots": p.slots, "n": len(p.candidates), "threshold": number(self.threshold),
                  "qualified": len(self.qualified), "vacant": self.vacant_slots,
                  "names": "、".join(c.candidate.name for c in self.qualified)}
        if self.outcome is PostOutcome.VOID:
            head = message("post.void", "{post}：推荐结果无效，不据此确定人选",
                           "{post}: the recommendation is invalid and decides nothing", **params)
        elif not p.candidates:
            head = message("post.no_candidates", "{post}：职数{slots}，无候选人，空缺",
                           "{post}: {slots} slot(s), no candidate: vacant", **params)
        elif self.outcome is PostOutcome.VACANT:
            head = message("post.vacant", "{post}：职数{slots}，候选人{n}名，不得低于{threshold}分；无人达到，职位空缺",
                           "{post}: {slots} slot(s), {n} candidate(s), threshold {threshold}; nobody meets it: "
                           "the post is left vacant", **params)
        elif self.outcome is PostOutcome.PARTLY_VACANT:
            head = message("post.partly_vacant", "{post}：职数{slots}，候选人{n}名，不得低于{threshold}分；"
                           "达到{qualified}人（{names}），空缺{vacant}个",
                           "{post}: {slots} slot(s), {n} candidate(s), threshold {threshold}; {qualified} meet it "
                           "({names}), {vacant} slot(s) left vacant", **params)
        else:
            head = message("post.filled",
                           "{post}：职数{slots}，候选人{n}名，不得低于{threshold}分；达到{qualified}人（{names}）",
                           "{post}: {slots} slot(s), {n} candidate(s), threshold {threshold}; {qualified} meet it "
                           "({names})", **params)
        lines: list[Message] = [head, *(b.explain() for b in self.ballots)]
        for c in self.ranking:
            lines.extend(c.explain())
        for w in self.write_ins:
            lines.append(message("write_in", "另推他人：{name}，得{marks}票（单独统计，不计入任何候选人）",
                                 "written in: {name}, {marks} mark(s) (listed apart, never counted for a candidate)",
                                 name=w.name, marks=w.marks))
        return tuple(lines)


@dataclass(frozen=True)
class RecommendationResult:
    """The whole recommendation: valid or not (with reasons), the notes of rules applied, each post."""

    config: RecommendationConfig
    meeting: MeetingValidity
    weighting: Weighting
    posts: tuple[PostResult, ...]
    reasons: tuple[Message, ...]

    @property
    def valid(self) -> bool:
        return not self.reasons

    @property
    def vacant_posts(self) -> tuple[PostResult, ...]:
        return tuple(p for p in self.posts if p.outcome is PostOutcome.VACANT)

    def vacancies_by_kind(self) -> dict[str, int]:
        """Vacant posts counted by :attr:`Post.kind` (seed 000: 正职 1, 副职 4)."""
        return dict(Counter(p.post.kind for p in self.vacant_posts))

    def explain(self) -> tuple[Message, ...]:
        lines: list[Message] = [*self.meeting.explain(), *self.weighting.notes]
        if self.weighting.invalid is not None and self.meeting.valid:
            lines.append(message("result.invalid", "推荐结果无效", "the recommendation is invalid"))
        lines.append(message("rate_base", "得票率以{base}为基数计算；{thresholds}",
                             "rates are over the {base_en} base; {thresholds_en}",
                             base=_BASE_ZH[self.config.rate_base], base_en=self.config.rate_base.value,
                             thresholds=self.config.thresholds.explain().text(),
                             thresholds_en=self.config.thresholds.explain().text("en")))
        if self.valid:
            kinds = self.vacancies_by_kind()
            detail = "、".join(f"{k}{n}个" for k, n in kinds.items() if k)
            lines.append(message("summary", "共{n}个职位，空缺{vacant}个{detail}",
                                 "{n} post(s), {vacant} left vacant{detail_en}", n=len(self.posts),
                                 vacant=len(self.vacant_posts), detail=f"（{detail}）" if detail else "",
                                 detail_en=f" ({', '.join(f'{k}: {n}' for k, n in kinds.items() if k)})"
                                 if detail else ""))
        for p in self.posts:
            lines.extend(p.explain())
        return tuple(lines)


_BASE_ZH = {RateBase.RETURNED: "实到（收回）票数", RateBase.ENTITLED: "应到人数", RateBase.VALID: "该职位有效票数"}


def tally_recommendation(config: RecommendationConfig, posts: Sequence[Post], counts: Mapping[str, GroupCount],
                         turnout: Sequence[Turnout]) -> RecommendationResult:
    """Tally the counts of :func:`recommendation_sheet` ``(posts)`` ballots under ``config``.

    ``counts`` maps group codes to counts (a group that returned nothing may be left out); ``turnout``
    gives every group's 应到/发出/收回. Raises :class:`~xuanren.rules.errors.RuleError` for inputs that
    cannot be judged (see :func:`~xuanren.rules.tally.weights.open_session`); an invalid meeting or an
    empty group under :attr:`EmptyGroupRule.INVALID` give an invalid result instead.
    """
    sheet = recommendation_sheet(posts)
    session = open_session(config.groups, config.empty_group, config.meeting, sheet, counts, turnout)
    results = tuple(_post(config, session, qi, post) for qi, post in enumerate(posts))
    return RecommendationResult(config, session.meeting, session.weighting, results, session.reasons)


def _post(config: RecommendationConfig, session: Session, qi: int, post: Post) -> PostResult:
    groups = config.groups
    counts = {g.code: session.counts[g.code].questions[qi] for g in groups}
    valid = {code: c.valid for code, c in counts.items()}
    threshold = config.thresholds.for_candidates(len(post.candidates))
    parts = [figures(session.weighting, session.turnout, config.rate_base,
                     {code: c.marks[ci] for code, c in counts.items()}, valid)
             for ci in range(len(post.candidates))]
    scores = [score(p) for p in parts]
    ranks = rank(scores)
    candidates = tuple(CandidateResult(option, part, s, threshold, len(post.candidates), r)
                       for option, part, s, r in zip(post.candidates, parts, scores, ranks, strict=True))
    ballots = tuple(BallotFigures(g, session.turnout[g.code].returned, session.turnout[g.code].void,
                                  counts[g.code].valid, counts[g.code].blank, counts[g.code].overvoted,
                                  post.marks_allowed) for g in groups)
    written: dict[str, dict[str, int]] = {}
    for g in groups:
        for name, n in counts[g.code].write_ins:
            written.setdefault(name, {})[g.code] = n
    write_ins = tuple(sorted((WriteInFigure(name, tuple(by.items())) for name, by in written.items()),
                             key=lambda w: (-w.marks, w.name)))
    qualified = sum(1 for c in candidates if c.meets)
    if not session.valid:
        outcome = PostOutcome.VOID
    elif qualified == 0:
        outcome = PostOutcome.VACANT
    elif qualified < post.slots:
        outcome = PostOutcome.PARTLY_VACANT
    else:
        outcome = PostOutcome.FILLED
    return PostResult(post, threshold, candidates, ballots, write_ins, outcome)
