"""Ranking per post and the shortlist (确定考察对象): the top ``ratio`` per slot, ties at the cut included.

Within a post, candidates are ranked by their exact composite score, highest first; candidates with the
same composite are then compared on the tie-break components in order (e.g. the higher recommendation
score first, then the higher interview score), each on its score scaled to 100; candidates still equal on
all of these share a rank (competition ranking: 1, 2, 2, 4) and are *tied* (并列), which is recorded.

The shortlist takes the candidates who can be shortlisted (no :attr:`~.composite.Composite.failures`:
present in every weighted stage, at or above every minimum score) in rank order, the first
``ratio × slots`` (1:3 差额 by default), plus everyone tied with the last one taken. Candidates who cannot
be shortlisted are ranked too, and their reason is shown, but they never take a place.

Comparisons never use binary floats. For speed, every exact score of a ranking is scaled by a common
denominator into an integer (the scores of a campaign are decimals with two places, or thirds and
sevenths of them after a panel's mean, so the common denominator stays small); sorting tuples of integers
is what makes ranking 100,000 candidates take a fraction of a second (bench/composite.py).

>>> from xuanren.rules.scoring.composite import CandidateScores, Component, composites
>>> components = [Component("exam", "笔试", Fraction(40), min_score=Fraction(60)), Component("interview", "面试",
...               Fraction(60))]
>>> scores = {"a": (90, 80), "b": (70, 90), "c": (75, 80), "d": (55, 95), "e": (80, 85)}
>>> cs = composites([CandidateScores(k, "p1", {"exam": Fraction(x), "interview": Fraction(y)})
...                  for k, (x, y) in scores.items()], components)
>>> ranking = rank_post("p1", 1, cs, ShortlistRule(ratio=3))
>>> for s in ranking.standings:
...     print(s.rank, s.composite.candidate, display(s.composite.value, 2), s.shortlisted, s.reason)
1 a 84.00 True 第1名，在职数1×3=3名之内
2 e 83.00 True 第2名，在职数1×3=3名之内
3 b 82.00 True 第3名，在职数1×3=3名之内
4 d 79.00 False 第4名，不能确定为考察对象：笔试成绩55分，低于最低分数线60分
5 c 78.00 False 第5名（可确定为考察对象的人选中第4位），超出职数1×3=3名
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from math import lcm
from typing import Any

from xuanren.rules.messages import Message
from xuanren.rules.scoring.common import collector_paused, display, error, message
from xuanren.rules.scoring.composite import Composite, Part

__all__ = ["PostRanking", "ShortlistRule", "Standing", "display", "rank_all", "rank_post"]

MAX_SCALE = 10**40

Key = tuple[Any, ...]


@dataclass(frozen=True)
class ShortlistRule:
    """How a post's shortlist is drawn: ``ratio`` candidates per slot (3, i.e. 1:3), the components compared
    in order when composites are equal (``tie_breaks``, by kind), and the decimals shown (rounding is for
    display only)."""

    ratio: int = 3
    tie_breaks: tuple[str, ...] = ()
    decimals: int = 2

    def __post_init__(self) -> None:
        if isinstance(self.ratio, bool) or not isinstance(self.ratio, int) or self.ratio < 1:
            raise error("shortlist.ratio", "每个职位确定考察对象的比例应为不小于1的整数，实为{value!r}",
                        "the shortlist ratio must be an integer of at least 1, not {value!r}", value=self.ratio)
        if isinstance(self.decimals, bool) or not isinstance(self.decimals, int) or not 0 <= self.decimals <= 4:
            raise error("shortlist.decimals", "成绩显示的小数位数应为0至4，实为{value!r}",
                        "the decimals shown must be 0 to 4, not {value!r}", value=self.decimals)
        if not isinstance(self.tie_breaks, tuple) or not all(isinstance(k, str) and k for k in self.tie_breaks):
            raise error("shortlist.tie_breaks", "同分时比较的成绩项目应为项目代码列表", "the tie-breaks must be a list "
                        "of component kinds")
        if len(set(self.tie_breaks)) != len(self.tie_breaks):
            raise error("shortlist.tie_breaks_duplicate", "同分时比较的成绩项目有重复", "a tie-break is given twice")

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ShortlistRule:
        """The rule from the shortlist stage's settings: ``{"ratio": 3, "tie_breaks": [...], "decimals": 2}``,
        each optional; unknown keys are refused, so a misspelt setting is not silently ignored."""
        if not isinstance(d, Mapping):
            raise error("shortlist.json", "确定考察对象的规则应为JSON对象", "the shortlist rule must be a JSON object")
        unknown = sorted(set(d) - {"ratio", "tie_breaks", "decimals"})
        if unknown:
            raise error("shortlist.json_unknown", "确定考察对象的规则中有未知的设置项：{keys}",
                        "unknown setting(s) in the shortlist rule: {keys}", keys="、".join(map(str, unknown)))
        tie_breaks = d.get("tie_breaks") or ()
        if isinstance(tie_breaks, str) or not isinstance(tie_breaks, list | tuple):
            raise error("shortlist.tie_breaks", "同分时比较的成绩项目应为项目代码列表", "the tie-breaks must be a list "
                        "of component kinds")
        return cls(ratio=d.get("ratio", 3), tie_breaks=tuple(tie_breaks), decimals=d.get("decimals", 2))

    def as_json(self) -> dict[str, Any]:
        return {"ratio": self.ratio, "tie_breaks": list(self.tie_breaks), "decimals": self.decimals}

    def explain(self, labels: Mapping[str, str] | None = None) -> Message:
        labels = labels or {}
        if self.tie_breaks:
            order = "、".join(labels.get(k, k) + ("成绩" if not labels.get(k, k).endswith("成绩") else "")
                             for k in self.tie_breaks)
            ties = f"综合成绩相同的，依次比较{order}，较高者在前；仍相同的为并列"
            ties_en = "equal composites are compared on " + ", then ".join(self.tie_breaks) + "; still equal: tied"
        else:
            ties, ties_en = "综合成绩相同的为并列", "equal composites are tied"
        return message("shortlist.rule", "按综合成绩从高到低排名（按精确值比较），{ties}；"
                       "按每个职位1:{ratio}的比例确定考察对象，末位并列的一并确定；缺考或低于最低分数线的不能确定为考察对象",
                       "ranked by the exact composite, highest first; {ties_en}; {ratio} per slot are shortlisted, "
                       "everyone tied with the last one too; a candidate absent from a weighted stage or below a "
                       "minimum score cannot be shortlisted", ties=ties, ties_en=ties_en, ratio=self.ratio)


@dataclass(frozen=True, slots=True)
class Standing:
    """A candidate's place in their post: competition rank, shortlisted or not, tied or not, and why."""

    composite: Composite
    rank: int
    shortlisted: bool
    tied: bool
    reason: Message

    @property
    def candidate(self) -> str:
        return self.composite.candidate


@dataclass(frozen=True)
class PostRanking:
    """A post's standings in rank order (ties by candidate id), its slots and quota (ratio × slots)."""

    post: str
    slots: int
    quota: int
    standings: tuple[Standing, ...]
    rule: ShortlistRule = ShortlistRule()

    @property
    def shortlist(self) -> tuple[str, ...]:
        """The candidates shortlisted, in rank order."""
        return tuple(s.composite.candidate for s in self.standings if s.shortlisted)

    def standing(self, candidate: str) -> Standing | None:
        for s in self.standings:
            if s.composite.candidate == candidate:
                return s
        return None

    def explain(self) -> list[Message]:
        """The rule, then per standing its rank, composite and reason."""
        labels = {p.kind: p.label for s in self.standings[:1] for p in s.composite.parts}
        lines = [self.rule.explain(labels),
                 message("shortlist.quota", "职数{slots}名，按1:{ratio}确定考察对象{quota}名，实际确定{taken}名",
                         "{slots} slot(s), {quota} to shortlist at 1:{ratio}; {taken} shortlisted",
                         slots=self.slots, ratio=self.rule.ratio, quota=self.quota, taken=len(self.shortlist))]
        for s in self.standings:
            verdict, verdict_en = ("确定为考察对象", "shortlisted") if s.shortlisted else ("未确定为考察对象",
                                                                                   "not shortlisted")
            lines.append(message("shortlist.standing", "{candidate}（{verdict}）：综合成绩{value}分，{reason}",
                                 "{candidate} ({verdict_en}): composite {value}, {reason_en}",
                                 candidate=s.composite.candidate,
                                 value=display(s.composite.value, self.rule.decimals), verdict=verdict,
                                 verdict_en=verdict_en, reason=s.reason.text("zh-hans"),
                                 reason_en=s.reason.text("en")))
        return lines


def _scale(denominators: set[int]) -> int | None:
    """The common denominator of exact values with these denominators, by which they become integers in the same
    order; ``None`` when it would be unreasonably large (the Fractions are then compared as they are)."""
    scale = lcm(*denominators) if denominators else 1
    return scale if scale <= MAX_SCALE else None


def _tie_parts(composites: Sequence[Composite], tie_breaks: tuple[str, ...]) -> list[tuple[int, str]]:
    """``(index, kind)`` of each tie-break among a composite's parts (the same for every composite of a formula);
    a tie-break that is not a component is refused."""
    if not composites:
        return []
    kinds = [p.kind for p in composites[0].parts]
    for k in tie_breaks:
        if k not in kinds:
            raise error("shortlist.tie_break_unknown", "同分时比较的项目“{kind}”不在综合成绩之中",
                        "the tie-break '{kind}' is not a component of the composite", kind=k)
    return [(kinds.index(k), k) for k in tie_breaks]


def _tie_part(c: Composite, index: int, kind: str) -> Part:
    """The part of ``c`` for the tie-break ``kind``, expected at ``index``."""
    parts = c.parts
    if index < len(parts) and parts[index].kind == kind:
        return parts[index]
    found = c.part(kind)
    if found is None:
        raise error("shortlist.tie_break_missing", "人选{candidate}的综合成绩中没有同分时比较的项目“{kind}”",
                    "the composite of candidate {candidate} has no '{kind}' to break a tie", candidate=c.candidate,
                    kind=kind)
    return found


def _tie_scores(composites: Sequence[Composite], index: int, kind: str) -> list[Fraction | None]:
    """Each composite's scaled score for the tie-break ``kind`` (expected at ``index`` among the parts)."""
    return [(parts[index].scaled if len(parts := c.parts) > index and parts[index].kind == kind
             else _tie_part(c, index, kind).scaled) for c in composites]


def _scales(composites: Sequence[Composite], ties: Sequence[tuple[int, str]]) -> list[int | None]:
    scales = [_scale({c.value.denominator for c in composites})]
    for i, kind in ties:
        scales.append(_scale({s.denominator for s in _tie_scores(composites, i, kind) if s is not None}))
    return scales


def _rank(post: str, slots: int, composites: Sequence[Composite], rule: ShortlistRule,
          ties: Sequence[tuple[int, str]], scales: Sequence[int | None], texts: dict[int, tuple[str, str]]
          ) -> PostRanking:
    if isinstance(slots, bool) or not isinstance(slots, int) or slots < 1:
        raise error("shortlist.slots", "职位{post}的职数应为正整数，实为{value!r}",
                    "the slots of post {post} must be a positive integer, not {value!r}", post=post, value=slots)
    quota = rule.ratio * slots
    scale = scales[0]
    # Sort keys, column by column: the negated composite, then the negated tie-break scores (absent: 1, below
    # every score), all integers over a common denominator when there is a reasonable one; then the candidate id.
    columns: list[list[Any]] = [[-(v.numerator * (scale // v.denominator)) for v in (c.value for c in composites)]
                                if scale else [-c.value for c in composites]]
    for (i, kind), tie_scale in zip(ties, scales[1:], strict=True):
        scores = _tie_scores(composites, i, kind)
        columns.append([1 if t is None else -(t.numerator * (tie_scale // t.denominator)) for t in scores]
                       if tie_scale else [1 if t is None else -t for t in scores])
    order = sorted(zip(zip(*columns, strict=True), (c.candidate for c in composites), range(len(composites)),
                       strict=True))
    keyed: list[tuple[Key, str, Composite]] = [(key, cand, composites[j]) for key, cand, j in order]
    n = len(keyed)
    for a, b in pairwise(keyed):
        if a[1] == b[1]:
            raise error("shortlist.twice", "人选{candidate}在职位{post}的排名中出现两次",
                        "candidate {candidate} is twice in the ranking of post {post}", candidate=a[1], post=post)
    keys = [k for k, _, _ in keyed]
    ranks = [1] * n
    tied = [False] * n
    for i in range(1, n):
        if keys[i] == keys[i - 1]:
            ranks[i] = ranks[i - 1]
            tied[i] = tied[i - 1] = True
        else:
            ranks[i] = i + 1
    # The shortlist: the first `quota` who can be shortlisted, and everyone tied with the last one taken.
    chosen = [False] * n
    within = [False] * n
    taken = 0
    last: Key | None = None
    for i, (cut_key, _, c) in enumerate(keyed):
        if c.failures:
            continue
        if taken < quota:
            chosen[i] = within[i] = True
            taken += 1
            last = cut_key
        elif cut_key == last:
            chosen[i] = True
            taken += 1
    labels = {p.kind: p.label for p in keyed[0][2].parts} if keyed else {}
    standings = []
    eligible = position = 0  # position: the rank among those who can be shortlisted
    for i, (key, _, c) in enumerate(keyed):
        if not i or keys[i - 1] != key:
            position = eligible + 1
        if not c.failures:
            eligible += 1
        reason = _reason(c, ranks[i], tied[i], chosen[i], within[i], position, slots, rule.ratio, quota, texts)
        if (i and keys[i - 1][0] == key[0]) or (i + 1 < n and keys[i + 1][0] == key[0]):
            note = _tie_note(keys, i, ranks, rule.tie_breaks, labels)
            if note is not None:
                reason = Message(reason.code, reason.zh + "；" + note.zh, reason.en + "; " + note.en,
                                 {**reason.params, **note.params})
        standings.append(Standing(c, ranks[i], chosen[i], tied[i], reason))
    return PostRanking(post, slots, quota, tuple(standings), rule)


_PLACE = {(False, False): ("第{rank}名", "#{rank}"), (True, False): ("并列第{rank}名", "tied #{rank}"),
          (False, True): ("第{rank}名（可确定为考察对象的人选中第{position}位）",
                          "#{rank} ({position} among those who can be shortlisted)"),
          (True, True): ("并列第{rank}名（可确定为考察对象的人选中第{position}位）",
                         "tied #{rank} ({position} among those who can be shortlisted)")}
_VERDICT = {
    "failed": ("，不能确定为考察对象：{failures}", ", cannot be shortlisted: {failures_en}"),
    "within": ("，在职数{slots}×{ratio}={quota}名之内", ", within {slots} × {ratio} = {quota}"),
    "tied_at_cut": ("，与职数{slots}×{ratio}={quota}名中的末位并列，一并确定为考察对象",
                    ", tied with the last of {slots} × {ratio} = {quota}, shortlisted as well"),
    "beyond": ("，超出职数{slots}×{ratio}={quota}名", ", beyond {slots} × {ratio} = {quota}"),
}
_TEMPLATES = {(verdict, *place): (p_zh + v_zh, p_en + v_en)
              for verdict, (v_zh, v_en) in _VERDICT.items() for place, (p_zh, p_en) in _PLACE.items()}


def _reason(c: Composite, rank: int, tied: bool, chosen: bool, within: bool, position: int, slots: int, ratio: int,
            quota: int, texts: dict[int, tuple[str, str]]) -> Message:
    """Why a candidate is or is not shortlisted: the rank, then within the quota, tied at the cut, beyond it,
    or the failures (absent, below a minimum score); ``texts`` caches the failures' rendered texts."""
    params: dict[str, Any] = {"rank": rank, "slots": slots, "ratio": ratio, "quota": quota, "position": position}
    if c.failures:
        verdict = "failed"
        zh, en = [], []
        for m in c.failures:
            text = texts.get(id(m))
            if text is None:
                text = texts[id(m)] = (m.text("zh-hans"), m.text("en"))
            zh.append(text[0])
            en.append(text[1])
        params["failures"] = "；".join(zh)
        params["failures_en"] = "; ".join(en)
    else:
        verdict = "within" if within else "tied_at_cut" if chosen else "beyond"
    zh_t, en_t = _TEMPLATES[verdict, tied, rank != position and not c.failures]
    return Message(f"scoring.shortlist.{verdict}", zh_t, en_t, params)


def _tie_note(keys: Sequence[Key], i: int, ranks: Sequence[int], tie_breaks: tuple[str, ...],
              labels: Mapping[str, str]) -> Message | None:
    """When the composite equals a neighbour's but a tie-break set them apart, which one did."""
    key = keys[i]
    for j, above in ((i - 1, True), (i + 1, False)):
        if not 0 <= j < len(keys):
            continue
        other = keys[j]
        if other[0] != key[0] or other == key:
            continue
        k = next(t for t in range(1, len(key)) if key[t] != other[t])
        kind = tie_breaks[k - 1]
        label = labels.get(kind, kind).removesuffix("成绩")
        if above:
            return message("shortlist.tie_break_below", "综合成绩与第{other}名相同，{label}成绩较低，排在其后",
                           "same composite as #{other}; lower {kind} score, ranked after", other=ranks[j],
                           label=label, kind=kind)
        return message("shortlist.tie_break_above", "综合成绩与第{other}名相同，{label}成绩较高，排在其前",
                       "same composite as #{other}; higher {kind} score, ranked before", other=ranks[j],
                       label=label, kind=kind)
    return None


def rank_post(post: str, slots: int, composites: Sequence[Composite], rule: ShortlistRule) -> PostRanking:
    """Rank one post's candidates and draw its shortlist (see the module's docstring).

    Raises :class:`~xuanren.rules.errors.RuleError` for slots that are not a positive integer, a composite
    of another post, a candidate twice, or a tie-break that is not a component.
    """
    for c in composites:
        if c.post != post:
            raise error("shortlist.other_post", "人选{candidate}属于职位{other}，不能参加职位{post}的排名",
                        "candidate {candidate} is for post {other}, not {post}", candidate=c.candidate,
                        other=c.post, post=post)
    ties = _tie_parts(composites, rule.tie_breaks)
    return _rank(post, slots, composites, rule, ties, _scales(composites, ties), {})


def rank_all(slots: Mapping[str, int], composites: Iterable[Composite], rule: ShortlistRule) -> dict[str, PostRanking]:
    """:func:`rank_post` for every post of ``slots`` in one pass: the composites grouped by post once, and the
    exact scores scaled to integers by one common denominator for the whole campaign.

    A post with no candidate gets an empty ranking; a composite for a post not in ``slots`` is refused.
    """
    by_post: dict[str, list[Composite]] = {post: [] for post in slots}
    everyone: list[Composite] = []
    for c in composites:
        group = by_post.get(c.post)
        if group is None:
            raise error("shortlist.unknown_post", "人选{candidate}所报职位{post}不在职位表中",
                        "candidate {candidate} is for post {post}, which has no slots", candidate=c.candidate,
                        post=c.post)
        group.append(c)
        everyone.append(c)
    ties = _tie_parts(everyone, rule.tie_breaks)
    scales = _scales(everyone, ties)
    texts: dict[int, tuple[str, str]] = {}
    with collector_paused():
        return {post: _rank(post, slots[post], group, rule, ties, scales, texts) for post, group in by_post.items()}
