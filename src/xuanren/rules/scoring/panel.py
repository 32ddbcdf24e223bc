"""Panel scoring (评委评分): a judge's sheet against the rubric, and the panel score of the judges' totals.

Each judge scores a candidate on the rubric's criteria (:class:`Criterion`, e.g. 政治素质 20 points);
:func:`sheet_total` checks the sheet (every criterion scored, none above its maximum or negative, numbers
exact) and adds it up. The panel score of a candidate is then made from the judges' totals by the
panel's :class:`PanelRule`:

- ``trimmed`` (the default, common practice in competitive selection): with at least ``min_judges``
  judges (5), drop the ``drop`` highest and ``drop`` lowest totals (1 each) and take the mean of the
  rest; with fewer judges, the plain mean;
- ``mean``: the plain mean of every judge's total;
- ``groups``: the judges sit in weighted groups (e.g. 领导评委 40%, 专家评委 60%); each group's score is
  its trimmed mean as above, and the panel score is Σ weight × group score / 100. A group in which nobody
  scored the candidate has its weight shared by the other groups in proportion to their weights, and the
  explanation says so.

Which of several judges with the same total is dropped is decided by the judge's id, so the result is
the same whatever order the sheets arrive in; it never changes the score, since tied totals are equal.

>>> scores = [JudgeScore("评委1", Fraction(90)), JudgeScore("评委2", Fraction(85)), JudgeScore("评委3", Fraction(88)),
...           JudgeScore("评委4", Fraction(70)), JudgeScore("评委5", Fraction(95))]
>>> result = panel_score(scores)
>>> result.score, display(result.score, 2)
(Fraction(263, 3), '87.67')
>>> for line in result.explain():
...     print(line)
评分规则：5名及以上评委评分时，去掉一个最高分和一个最低分，取其余评委评分的平均分（不足5名时取全部评委评分的平均分）
评委1：90分
评委2：85分
评委3：88分
评委4：70分（最低分，去掉）
评委5：95分（最高分，去掉）
评委5名，去掉最高分95、最低分70，其余3名评委平均分：(90 + 85 + 88) ÷ 3 = 87.67分
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from xuanren.rules.messages import Message
from xuanren.rules.scoring.common import (
    count_zh,
    display,
    error,
    exact_input,
    json_number,
    message,
    percent_weight,
)
from xuanren.rules.tally.explain import number, number_beside

METHODS = ("trimmed", "mean", "groups")
METHOD_NAMES = {"trimmed": "去掉最高分和最低分后取平均", "mean": "取平均分", "groups": "按评委类别加权"}
GROUP_NAMES = {"leaders": "领导评委", "experts": "专家评委", "staff": "群众代表", "others": "其他评委"}
FULL_WEIGHT = Fraction(100)


def group_name(code: str) -> str:
    """The Chinese name of a judges' group code (``leaders`` → 领导评委); unknown codes are shown as given."""
    return GROUP_NAMES.get(code, code)



def _judge_order(score: JudgeScore) -> tuple[tuple[int, int | str], ...]:
    """Judges in natural order of their ids: 评委2 before 评委10 (digit runs compare as numbers)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", score.judge) if part)

@dataclass(frozen=True)
class JudgeScore:
    """One judge's total for one candidate; ``group`` is the judge's group under the ``groups`` method."""

    judge: str
    total: Fraction
    group: str = ""


@dataclass(frozen=True)
class PanelRule:
    """How the judges' totals become the panel score (see the module's docstring).

    ``groups`` are ``(code, weight)`` pairs, weights out of 100, used by the ``groups`` method only.
    A rule that cannot be applied raises :class:`~xuanren.rules.errors.RuleError` when it is made.
    """

    method: str = "trimmed"
    drop: int = 1
    min_judges: int = 5
    groups: tuple[tuple[str, Fraction], ...] = ()

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise error("panel.method", "未知的评委计分方法“{method}”（可选：trimmed 去掉最高最低分、mean 平均分、"
                        "groups 按评委类别加权）", "unknown panel method '{method}' (trimmed, mean or groups)",
                        method=self.method)
        for name, value in (("drop", self.drop), ("min_judges", self.min_judges)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise error("panel.integer", "评委计分规则的{name}应为整数，实为{value!r}",
                            "the panel rule's {name} must be an integer, not {value!r}", name=name, value=value)
        if self.drop < 0:
            raise error("panel.drop", "去掉的最高分、最低分个数不能为负数（{drop}）",
                        "the number of highest and lowest totals dropped cannot be negative ({drop})", drop=self.drop)
        if self.min_judges < 2 * self.drop + 1:
            raise error("panel.min_judges", "去掉{drop}个最高分和{drop}个最低分，至少需要{need}名评委，"
                        "规则中为{min_judges}名", "dropping {drop} highest and {drop} lowest needs at least {need} "
                        "judges, the rule says {min_judges}", drop=self.drop, need=2 * self.drop + 1,
                        min_judges=self.min_judges)
        if self.method != "groups":
            if self.groups:
                raise error("panel.groups_unused", "只有按评委类别加权（groups）时才设置评委类别及权重",
                            "judges' groups and weights are set only with the groups method")
            return
        if not self.groups:
            raise error("panel.groups_none", "按评委类别加权时须设置评委类别及权重",
                        "the groups method needs the judges' groups and their weights")
        codes = [code for code, _ in self.groups]
        for code in codes:
            if not isinstance(code, str) or not code:
                raise error("panel.group_code", "评委类别代码不能为空", "a judges' group code cannot be empty")
            if codes.count(code) > 1:
                raise error("panel.group_duplicate", "评委类别“{group}”重复", "the judges' group '{group}' is given "
                            "twice", group=group_name(code))
        for code, weight in self.groups:
            if not isinstance(weight, Fraction | int) or isinstance(weight, bool):
                raise error("panel.group_weight_type", "评委类别“{group}”的权重须为精确数，实为{value!r}",
                            "the weight of '{group}' must be exact, not {value!r}", group=group_name(code),
                            value=weight)
            if weight < 0:
                raise error("panel.group_weight_negative", "评委类别“{group}”的权重不能为负数（{weight}）",
                            "the weight of '{group}' cannot be negative ({weight})", group=group_name(code),
                            weight=number(weight, 6))
        total = sum((w for _, w in self.groups), Fraction(0))
        if total != FULL_WEIGHT:
            raise error("panel.group_weights", "各评委类别权重之和应为100，实为{total}",
                        "the judges' group weights must sum to 100, not {total}", total=number(total, 6))

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> PanelRule:
        """The rule from a panel's JSON settings: ``{"method", "drop", "min_judges", "groups"}``, each optional.

        ``groups`` is a list of ``{"code": "leaders", "weight": 40}`` (or ``["leaders", 40]``); weights are
        integers or decimal strings. Unknown keys are refused, so a misspelt setting is not silently ignored.
        """
        if not isinstance(d, Mapping):
            raise error("panel.json", "评委计分规则应为JSON对象", "the panel rule must be a JSON object")
        unknown = sorted(set(d) - {"method", "drop", "min_judges", "groups"})
        if unknown:
            raise error("panel.json_unknown", "评委计分规则中有未知的设置项：{keys}",
                        "unknown setting(s) in the panel rule: {keys}", keys="、".join(map(str, unknown)))
        groups: list[tuple[str, Fraction]] = []
        raw_groups = d.get("groups") or []
        if not isinstance(raw_groups, list | tuple):
            raise error("panel.json_groups", "评委类别应为列表", "the judges' groups must be a list")
        for g in raw_groups:
            if isinstance(g, Mapping) and set(g) <= {"code", "weight", "name"} and "code" in g and "weight" in g:
                code, weight = g["code"], g["weight"]
            elif isinstance(g, list | tuple) and len(g) == 2:
                code, weight = g
            else:
                raise error("panel.json_group", "评委类别的格式应为{{\"code\": 代码, \"weight\": 权重}}，实为{value!r}",
                            "a judges' group must be {{\"code\": ..., \"weight\": ...}}, not {value!r}", value=g)
            groups.append((str(code), exact_input(weight, f"评委类别“{group_name(str(code))}”的权重")))
        return cls(method=d.get("method", "trimmed"), drop=d.get("drop", 1), min_judges=d.get("min_judges", 5),
                   groups=tuple(groups))

    def as_json(self) -> dict[str, Any]:
        """The rule as JSON settings; :meth:`from_json` of it gives the same rule."""
        out: dict[str, Any] = {"method": self.method, "drop": self.drop, "min_judges": self.min_judges}
        if self.groups:
            out["groups"] = [{"code": c, "weight": json_number(Fraction(w))} for c, w in self.groups]
        return out

    def trims(self, n: int) -> int:
        """How many of the highest (and of the lowest) of ``n`` totals are dropped."""
        if self.method == "mean" or n < self.min_judges:
            return 0
        return self.drop

    def explain(self) -> Message:
        """The rule in one sentence, e.g. "5名及以上评委评分时，去掉一个最高分和一个最低分，取其余评委评分的平均分"."""
        if self.method == "mean" or self.drop == 0:
            trim_zh, trim_en = "取全部评委评分的平均分", "the mean of every judge's total"
        else:
            k = count_zh(self.drop)
            trim_zh = (f"{self.min_judges}名及以上评委评分时，去掉{k}个最高分和{k}个最低分，取其余评委评分的平均分"
                       f"（不足{self.min_judges}名时取全部评委评分的平均分）")
            trim_en = (f"with {self.min_judges} or more judges, drop the {self.drop} highest and {self.drop} lowest "
                       f"totals and take the mean of the rest (below {self.min_judges}, the plain mean)")
        if self.method != "groups":
            return message("panel.rule", "评分规则：{rule}", "Rule: {rule_en}", rule=trim_zh, rule_en=trim_en)
        weights = "、".join(f"{group_name(c)}{percent_weight(Fraction(w))}" for c, w in self.groups)
        weights_en = ", ".join(f"{c} {percent_weight(Fraction(w))}" for c, w in self.groups)
        return message("panel.rule_groups", "评分规则：按评委类别加权（{weights}）；各类别内{rule}；"
                       "未评分的类别，其权重由其他类别按权重比例分享",
                       "Rule: judges' groups weighted ({weights_en}); within each group, {rule_en}; the weight of a "
                       "group that gave no score is shared by the others in proportion to their weights",
                       weights=weights, weights_en=weights_en, rule=trim_zh, rule_en=trim_en)


@dataclass(frozen=True)
class GroupScore:
    """One judges' group's part of a ``groups`` panel score: its trimmed mean and the weight in force."""

    code: str
    weight: Fraction
    effective: Fraction
    score: Fraction | None
    counted: tuple[JudgeScore, ...]
    lowest: tuple[JudgeScore, ...]
    highest: tuple[JudgeScore, ...]

    @property
    def points(self) -> Fraction:
        return self.effective * (self.score or 0) / FULL_WEIGHT


@dataclass(frozen=True)
class PanelScore:
    """A candidate's panel score: ``None`` when no judge scored, with the totals counted and dropped.

    ``counted`` and ``dropped`` are sorted by judge id; ``lowest`` and ``highest`` say which of the dropped
    were the lowest and which the highest; ``groups`` are the groups' parts under the ``groups`` method.
    """

    score: Fraction | None
    counted: tuple[JudgeScore, ...]
    dropped: tuple[JudgeScore, ...]
    rule: PanelRule
    lowest: tuple[JudgeScore, ...] = ()
    highest: tuple[JudgeScore, ...] = ()
    groups: tuple[GroupScore, ...] = ()
    notes: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def judges(self) -> tuple[JudgeScore, ...]:
        """Every judge's total, sorted by judge id."""
        return tuple(sorted((*self.counted, *self.dropped), key=_judge_order))

    def explain(self, decimals: int = 2) -> list[Message]:
        """Each judge's total, which were dropped (highest, lowest), the mean and the rule."""
        lines = [self.rule.explain()]
        if self.score is None:
            lines.append(message("panel.none", "没有评委评分，无面试成绩", "no judge scored: no panel score"))
            return lines
        if self.rule.method != "groups":
            lines += _judge_lines(self.judges, self.lowest, self.highest)
            lines.append(_mean_line(self.counted, self.lowest, self.highest, self.score, decimals, ""))
            return lines
        for g in self.groups:
            name = group_name(g.code)
            members = tuple(sorted((*g.counted, *g.lowest, *g.highest), key=_judge_order))
            lines += _judge_lines(members, g.lowest, g.highest, name)
            if g.score is None:
                lines.append(message("panel.group_none", "{group}：无人评分", "{group}: nobody scored", group=name))
            else:
                lines.append(_mean_line(g.counted, g.lowest, g.highest, g.score, decimals, name))
        lines += self.notes
        used = [g for g in self.groups if g.score is not None]
        terms = " + ".join(f"{number(g.score or 0, decimals)}×{percent_weight(g.effective)}" for g in used)
        lines.append(message("panel.groups_sum", "面试成绩 = {terms} = {score}分", "panel score = {terms} = {score}",
                             terms=terms, score=display(self.score, decimals)))
        return lines


def _judge_lines(judges: Sequence[JudgeScore], lowest: Sequence[JudgeScore], highest: Sequence[JudgeScore],
                 group: str = "") -> list[Message]:
    low = {s.judge for s in lowest}
    high = {s.judge for s in highest}
    prefix = f"{group}·" if group else ""
    lines = []
    for s in judges:
        if s.judge in high:
            lines.append(message("panel.judge_high", "{prefix}{judge}：{total}分（最高分，去掉）",
                                 "{prefix}{judge}: {total} (highest, dropped)", prefix=prefix, judge=s.judge,
                                 total=number(s.total, 6)))
        elif s.judge in low:
            lines.append(message("panel.judge_low", "{prefix}{judge}：{total}分（最低分，去掉）",
                                 "{prefix}{judge}: {total} (lowest, dropped)", prefix=prefix, judge=s.judge,
                                 total=number(s.total, 6)))
        else:
            lines.append(message("panel.judge", "{prefix}{judge}：{total}分", "{prefix}{judge}: {total}",
                                 prefix=prefix, judge=s.judge, total=number(s.total, 6)))
    return lines


def _mean_line(counted: Sequence[JudgeScore], lowest: Sequence[JudgeScore], highest: Sequence[JudgeScore],
               score: Fraction, decimals: int, group: str) -> Message:
    n = len(counted) + len(lowest) + len(highest)
    terms = " + ".join(number(s.total, 6) for s in counted)
    who = f"{group}" if group else "评委"
    params = {"who": who, "n": n, "k": len(counted), "terms": terms, "score": display(score, decimals),
              "high": "、".join(number(s.total, 6) for s in highest),
              "low": "、".join(number(s.total, 6) for s in lowest)}
    if lowest or highest:
        return message("panel.trimmed_mean", "{who}{n}名，去掉最高分{high}、最低分{low}，其余{k}名评委平均分："
                       "({terms}) ÷ {k} = {score}分", "{n} judges; highest {high} and lowest {low} dropped; mean of "
                       "the other {k}: ({terms}) / {k} = {score}", **params)
    return message("panel.mean", "{who}{n}名，平均分：({terms}) ÷ {n} = {score}分",
                   "{n} judges; mean: ({terms}) / {n} = {score}", **params)


def _trim(scores: Sequence[JudgeScore], rule: PanelRule
          ) -> tuple[Fraction | None, tuple[JudgeScore, ...], tuple[JudgeScore, ...], tuple[JudgeScore, ...]]:
    """``(mean, counted, lowest, highest)`` of ``scores`` under ``rule``'s dropping; ties go by judge id."""
    if not scores:
        return None, (), (), ()
    ordered = sorted(scores, key=lambda s: (s.total, _judge_order(s)))
    k = rule.trims(len(ordered))
    lowest, highest = tuple(ordered[:k]), tuple(ordered[len(ordered) - k:] if k else ())
    kept = ordered[k:len(ordered) - k]
    mean = sum((s.total for s in kept), Fraction(0)) / len(kept)
    return mean, tuple(sorted(kept, key=_judge_order)), lowest, highest


def panel_score(scores: Sequence[JudgeScore], rule: PanelRule = PanelRule()) -> PanelScore:
    """The panel score of one candidate from the judges' totals, under ``rule``.

    Raises :class:`~xuanren.rules.errors.RuleError` for a judge scoring twice, a negative or inexact
    total, or, under the ``groups`` method, a judge without a group or in a group the rule does not weight.
    """
    seen: set[str] = set()
    checked = []
    for s in scores:
        if s.judge in seen:
            raise error("panel.judge_twice", "评委“{judge}”对同一人选评分两次", "judge '{judge}' scored the same "
                        "candidate twice", judge=s.judge)
        seen.add(s.judge)
        total = exact_input(s.total, f"评委“{s.judge}”的评分")
        if total < 0:
            raise error("panel.negative", "评委“{judge}”的评分{total}不能为负数", "judge '{judge}' gave a negative "
                        "total {total}", judge=s.judge, total=number(total, 6))
        checked.append(s if total is s.total else JudgeScore(s.judge, total, s.group))
    if rule.method != "groups":
        mean, counted, lowest, highest = _trim(checked, rule)
        return PanelScore(mean, counted, _by_judge(lowest + highest), rule, lowest, highest)
    weights = dict(rule.groups)
    members: dict[str, list[JudgeScore]] = {code: [] for code in weights}
    for s in checked:
        if not s.group:
            raise error("panel.no_group", "评委“{judge}”未分评委类别，按评委类别加权时每名评委须属于一个类别",
                        "judge '{judge}' has no group; with the groups method every judge is in one", judge=s.judge)
        if s.group not in weights:
            raise error("panel.unknown_group", "评委“{judge}”的类别“{group}”不在计分规则中",
                        "judge '{judge}' is in the group '{group}', which the rule does not weight",
                        judge=s.judge, group=group_name(s.group))
        members[s.group].append(s)
    trimmed = {code: _trim(members[code], rule) for code in weights}
    scored = [code for code in weights if trimmed[code][0] is not None]
    if not scored:
        return PanelScore(None, (), (), rule)
    shared = sum((weights[c] for c in scored), Fraction(0))
    notes: list[Message] = []
    empty = [c for c in weights if trimmed[c][0] is None and weights[c]]
    if shared == 0:
        return PanelScore(None, (), (), rule, notes=(message(
            "panel.groups_no_weight", "有权重的评委类别均未评分，无面试成绩",
            "no group with a weight scored: no panel score"),))
    effective = {c: (weights[c] * FULL_WEIGHT / shared if c in scored else Fraction(0)) for c in weights}
    if empty:
        shares = "，".join(f"{group_name(c)}{percent_weight(weights[c])}→{percent_weight(effective[c])}"
                          for c in scored)
        notes.append(message("panel.group_shared", "{groups}无人评分：其权重{lost}由其他类别按权重比例分享（{shares}）",
                             "{groups}: nobody scored; its weight {lost} is shared by the other groups in proportion "
                             "to their weights ({shares})", groups="、".join(group_name(c) for c in empty),
                             lost=percent_weight(sum((weights[c] for c in empty), Fraction(0))), shares=shares))
    parts = tuple(GroupScore(c, weights[c], effective[c], trimmed[c][0], trimmed[c][1], trimmed[c][2],
                             trimmed[c][3]) for c in weights)
    score = sum((g.points for g in parts), Fraction(0))
    counted = _by_judge(tuple(s for g in parts for s in g.counted))
    lowest = _by_judge(tuple(s for g in parts for s in g.lowest))
    highest = _by_judge(tuple(s for g in parts for s in g.highest))
    return PanelScore(score, counted, _by_judge(lowest + highest), rule, lowest, highest, parts, tuple(notes))


def _by_judge(scores: tuple[JudgeScore, ...]) -> tuple[JudgeScore, ...]:
    return tuple(sorted(scores, key=_judge_order))


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric (评分要素): ``key`` as on the sheet, the name shown, and its maximum points."""

    key: str
    name: str
    max_points: Fraction


def rubric_max(criteria: Sequence[Criterion]) -> Fraction:
    """The most points a sheet can give: the sum of the criteria's maxima."""
    return sum((Fraction(c.max_points) for c in criteria), Fraction(0))


def check_rubric(criteria: Sequence[Criterion]) -> None:
    """Raise :class:`~xuanren.rules.errors.RuleError` unless the criteria have distinct keys and positive maxima."""
    keys = set()
    for c in criteria:
        if c.key in keys:
            raise error("rubric.duplicate", "评分要素“{name}”重复", "the criterion '{name}' is listed twice",
                        name=c.name)
        keys.add(c.key)
        m = exact_input(c.max_points, f"评分要素“{c.name}”的分值")
        if m <= 0:
            raise error("rubric.max", "评分要素“{name}”的分值应大于0，实为{max}",
                        "the criterion '{name}' must be worth more than 0, not {max}", name=c.name, max=number(m, 6))


def sheet_total(criteria: Sequence[Criterion], points: Mapping[str, object]) -> Fraction:
    """A judge's sheet checked against the rubric and added up.

    Every criterion must be scored, with an exact number (int, Fraction, Decimal or a decimal string:
    floats are refused) from 0 to its maximum; a key that is not a criterion is refused.

    >>> rubric = [Criterion("politics", "政治素质", Fraction(20)), Criterion("speech", "表达能力", Fraction(10))]
    >>> sheet_total(rubric, {"politics": "18.5", "speech": 9})
    Fraction(55, 2)
    >>> sheet_total(rubric, {"politics": 18, "speech": 12})
    Traceback (most recent call last):
    ...
    xuanren.rules.errors.RuleError: “表达能力”得分12超过该项满分10
    """
    check_rubric(criteria)
    known = {c.key for c in criteria}
    unknown = [k for k in points if k not in known]
    if unknown:
        raise error("sheet.unknown", "评分表中有评分标准之外的项目：{keys}", "the sheet scores item(s) not in the "
                    "rubric: {keys}", keys="、".join(map(str, unknown)))
    total = Fraction(0)
    for c in criteria:
        if c.key not in points or points[c.key] is None or points[c.key] == "":
            raise error("sheet.missing", "“{name}”未评分", "'{name}' is not scored", name=c.name)
        total += check_score(points[c.key], Fraction(c.max_points), f"“{c.name}”", of="该项满分")
    return total


def check_score(value: object, full_marks: Fraction, what: str, *, of: str = "满分") -> Fraction:
    """``value`` as an exact score for ``what``, from 0 to ``full_marks``; else a RuleError saying why.

    >>> check_score("88.5", Fraction(100), "笔试")
    Fraction(177, 2)
    >>> check_score(-1, Fraction(100), "笔试")
    Traceback (most recent call last):
    ...
    xuanren.rules.errors.RuleError: 笔试得分-1不能为负数
    >>> check_score(0.5, Fraction(100), "笔试")
    Traceback (most recent call last):
    ...
    xuanren.rules.errors.RuleError: 笔试得分须为整数、分数或十进制数，不接受浮点数0.5
    """
    score = exact_input(value, f"{what}得分")
    if score < 0:
        raise error("score.negative", "{what}得分{score}不能为负数", "{what}: a score of {score} cannot be negative",
                    what=what, score=number(score, 6))
    if score > full_marks:
        raise error("score.over_max", "{what}得分{score}超过{of}{max}", "{what}: a score of {score} is above the "
                    "maximum {max}", what=what, score=number_beside(score, full_marks, 6), of=of,
                    max=number(full_marks, 6))
    return score
