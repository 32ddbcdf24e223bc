"""The composite score, ranking and shortlist of a campaign, computed from what its stages hold.

:func:`compute` gathers the formula (every scoring stage of the campaign with a weight, its full marks and
pass line), each candidate's score in each of those stages (:func:`xuanren.scoring.sources.scores_of`),
and the shortlist's rule (the shortlist stage's settings), hands them to the pure core
(:mod:`xuanren.rules.scoring`: :func:`composites`, :func:`rank_all`), and returns per post a table of JSON
rows — every component raw and scaled with how it was computed, the composite (exact and shown), the
rank, shortlisted or not and why. The same rows are what the shortlist stage stores
(:class:`~xuanren.scoring.models.Standing`) and publishes, what the results pages show, the API returns
and the exports write.

What stops the shortlist from being sealed is listed in :attr:`Computation.problems` (weights not summing
to 100, a weighted stage not sealed or with no score source, candidates without a score…); the ranking is
computed nonetheless whenever the formula can be applied, as a preview.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from xuanren.campaigns.actions.campaigns import weight_problems
from xuanren.campaigns.models import SCORING_STAGES, Application, Campaign, Post, Stage, StageKind
from xuanren.campaigns.selectors import candidates
from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.scoring import (
    CandidateScores,
    Component,
    Composite,
    Part,
    PostRanking,
    ShortlistRule,
    composites,
    display,
    formula,
    rank_all,
    validate_components,
)
from xuanren.scoring.actions._common import exact, plain, score_settings
from xuanren.scoring.sources import StageScore, has_score_source, scores_of

NAMES_LISTED = 10


def message_json(m: Message) -> dict[str, str]:
    """A rule's message as stored and sent: its code and both texts."""
    return {"code": m.code, "zh": m.text("zh-hans"), "en": m.text("en")}


@dataclass
class Weighted:
    """One stage in the composite: the stage, its component of the formula, and the scores it holds."""

    stage: Stage
    component: Component
    scores: dict[int, StageScore]


@dataclass
class Computation:
    """The campaign's composite and shortlist as they stand, and what stops them being final."""

    campaign: Campaign
    shortlist: Stage | None
    weighted: list[Weighted]
    rule: ShortlistRule
    problems: list[str] = field(default_factory=list)
    formula: Message | None = None
    posts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def components(self) -> list[Component]:
        return [w.component for w in self.weighted]

    def header(self) -> dict[str, Any]:
        """The formula, rule and components, as the results' JSON opens."""
        labels = {w.component.kind: w.component.label for w in self.weighted}
        return {
            "formula": self.formula.text("zh-hans") if self.formula else "",
            "formula_en": self.formula.text("en") if self.formula else "",
            "rule": self.rule.explain(labels).text("zh-hans"), "rule_en": self.rule.explain(labels).text("en"),
            "ratio": self.rule.ratio, "tie_breaks": list(self.rule.tie_breaks), "decimals": self.rule.decimals,
            "components": [{"kind": c.kind, "label": c.label, "weight": plain(c.weight),
                            "full_marks": plain(c.full_marks),
                            "min_score": plain(c.min_score) if c.min_score is not None else None}
                           for c in self.components],
        }


def shortlist_stage(campaign: Campaign) -> Stage | None:
    return Stage.objects.filter(campaign=campaign, kind=StageKind.SHORTLIST).first()


def _rule(stage: Stage | None, problems: list[str]) -> ShortlistRule:
    settings = dict(stage.settings or {}) if stage is not None and isinstance(stage.settings, dict) else {}
    try:
        return ShortlistRule.from_json({k: v for k, v in settings.items() if k in {"ratio", "tie_breaks", "decimals"}})
    except RuleError as exc:
        problems.append(f"确定考察对象的规则有误：{exc}")
        return ShortlistRule()


def _full_marks(stage: Stage, scores: dict[int, StageScore], problems: list[str]) -> Fraction:
    marks = {s.full_marks for s in scores.values()}
    if len(marks) > 1:
        listed = "、".join(plain(m) for m in sorted(marks))
        problems.append(f"“{stage.get_kind_display()}”环节的成绩满分不一致（{listed}）")
    return marks.pop() if len(marks) == 1 else score_settings(stage).full_marks


def _weighted(campaign: Campaign, apps: list[Application], problems: list[str]) -> list[Weighted]:
    stages = [s for s in Stage.objects.filter(campaign=campaign).order_by("order")
              if s.kind in SCORING_STAGES and s.weight is not None]
    if not stages:
        problems.append("本批次没有设定权重的计分环节，无法计算综合成绩（请在方案中为笔试、面试等环节设定权重）")
        return []
    weights = weight_problems(campaign)
    if weights:
        problems.append(weights)
    out = []
    for s in stages:
        label = str(s.get_kind_display())
        if not has_score_source(s.kind):
            problems.append(f"“{label}”环节的成绩尚无法读取（本系统还不能为该类环节计分），暂不能计算综合成绩")
            scores: dict[int, StageScore] = {}
        else:
            scores = scores_of(s)
            if s.status != Stage.Status.SEALED:
                problems.append(f"“{label}”环节尚未封存（{s.get_status_display()}），其成绩还可能变动")
            missing = [a for a in apps if a.pk not in scores]
            if missing:
                names = "、".join(f"{a.person.name}（{a.post.code}）" for a in missing[:NAMES_LISTED])
                more = f"等{len(missing)}人" if len(missing) > NAMES_LISTED else ""
                problems.append(f"“{label}”环节尚有{len(missing)}名人选没有成绩：{names}{more}")
        rules = score_settings(s)
        component = Component(s.kind, _short(label), Fraction(s.weight or 0), _full_marks(s, scores, problems),
                              rules.min_score)
        out.append(Weighted(s, component, scores))
    return out


def _short(label: str) -> str:
    """The label in the formula: 竞聘演讲/面试 → 面试; others as they are."""
    return label.split("/")[-1]


def compute(campaign: Campaign) -> Computation:
    """The campaign's composites and rankings as its stages hold them now (reads only)."""
    problems: list[str] = []
    stage = shortlist_stage(campaign)
    apps = list(candidates(campaign))
    weighted = _weighted(campaign, apps, problems)
    rule = _rule(stage, problems)
    comp = Computation(campaign=campaign, shortlist=stage, weighted=weighted, rule=rule, problems=problems)
    if not weighted:
        return comp
    try:
        validate_components(comp.components)
    except RuleError as exc:
        if weight_problems(campaign) is None:
            problems.append(str(exc))
        return comp
    comp.formula = formula(comp.components)
    kinds = {c.kind for c in comp.components}
    unknown = [k for k in rule.tie_breaks if k not in kinds]
    if unknown:
        problems.append(f"同分比较的项目“{'、'.join(unknown)}”不是计入综合成绩的环节")
        rule = comp.rule = ShortlistRule(rule.ratio, tuple(k for k in rule.tie_breaks if k in kinds), rule.decimals)
    scored = [CandidateScores(str(a.pk), str(a.post_id), {w.component.kind: _raw(w, a.pk) for w in weighted})
              for a in apps]
    posts = list(Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).order_by("order", "id"))
    try:
        results = composites(scored, comp.components)
        rankings = rank_all({str(p.pk): p.slots for p in posts}, results, rule)
    except RuleError as exc:
        problems.append(str(exc))
        return comp
    by_app = {a.pk: a for a in apps}
    comp.posts = [_post_table(p, rankings[str(p.pk)], by_app, comp) for p in posts]
    return comp


def _raw(w: Weighted, application_id: int) -> Fraction | None:
    s = w.scores.get(application_id)
    return s.score if s is not None else None


# --- rows ------------------------------------------------------------------------------------------

def _part_json(part: Part, score: StageScore | None, decimals: int) -> dict[str, Any]:
    lines = [message_json(m) for m in (score.explanation if score is not None else ())]
    lines.append(message_json(part.explain(decimals)))
    return {
        "kind": part.kind, "label": part.label, "weight": plain(part.weight), "full_marks": plain(part.full_marks),
        "raw": plain(part.raw) if part.raw is not None and _terminates(part.raw) else (
            display(part.raw, decimals) if part.raw is not None else None),
        "raw_exact": exact(part.raw), "scaled": display(part.scaled, decimals) if part.scaled is not None else None,
        "scaled_exact": exact(part.scaled), "contribution": display(part.contribution, decimals),
        "contribution_exact": exact(part.contribution),
        "absent": score is not None and score.absent, "missing": score is None,
        "explanation": lines,
    }


def _terminates(value: Fraction) -> bool:
    return "/" not in plain(value)


def row_json(application: Application, c: Composite, standing: Any, scores: dict[str, StageScore | None],
             decimals: int) -> dict[str, Any]:
    """One candidate's row: components, composite, rank, shortlisted and why, with the explanations."""
    reason = standing.reason
    return {
        "application": application.pk, "name": application.person.name, "post": application.post.code,
        "parts": [_part_json(p, scores.get(p.kind), decimals) for p in c.parts],
        "composite": display(c.value, decimals), "composite_exact": exact(c.value),
        "rank": standing.rank, "tied": standing.tied, "shortlisted": standing.shortlisted,
        "reason": reason.text("zh-hans"), "reason_en": reason.text("en"),
        "failures": [message_json(m) for m in c.failures],
        "explanation": [message_json(m) for m in c.explain(decimals)],
    }


def _post_table(post: Post, ranking: PostRanking, apps: dict[int, Application], comp: Computation
                ) -> dict[str, Any]:
    decimals = comp.rule.decimals
    rows = []
    for s in ranking.standings:
        app = apps[int(s.composite.candidate)]
        scores = {w.component.kind: w.scores.get(app.pk) for w in comp.weighted}
        rows.append(row_json(app, s.composite, s, scores, decimals))
    return {"post_id": post.pk, "code": post.code, "title": post.title, "slots": post.slots, "quota": ranking.quota,
            "shortlisted": sum(1 for r in rows if r["shortlisted"]), "ties": ties(rows), "rows": rows}


def ties(rows: list[dict[str, Any]]) -> list[str]:
    """"并列第2名：张三、李四" for each rank shared by several candidates."""
    by_rank: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        if r["tied"]:
            by_rank[r["rank"]].append(r["name"])
    return [f"并列第{rank}名：{'、'.join(names)}" for rank, names in sorted(by_rank.items())]
