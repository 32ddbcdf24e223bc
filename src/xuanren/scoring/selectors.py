"""Reads of scoring (selectors read, actions write): the exam's table and its published results, the
shortlist's preview and standings, a campaign's results tables, and a candidate's own published results.

Nothing here writes. The composite and ranking themselves are computed in :mod:`xuanren.scoring.standings`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from xuanren.campaigns.models import Application, Campaign, Post, Publication, Stage, StageKind
from xuanren.campaigns.selectors import candidates
from xuanren.scoring.actions._common import ScoreSettings, plain, score_settings
from xuanren.scoring.models import ExamScore, Standing
from xuanren.scoring.standings import Computation, compute, ties

# --- the written exam ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExamLine:
    """A candidate of the exam and what is entered for them (``entry`` is ``None`` before anything is)."""

    application: Application
    entry: ExamScore | None
    below_line: bool

    @property
    def score_text(self) -> str:
        if self.entry is None:
            return ""
        return "缺考" if self.entry.absent else plain(self.entry.score)


@dataclass(frozen=True)
class ExamTable:
    stage: Stage
    settings: ScoreSettings
    lines: list[ExamLine]

    @property
    def missing(self) -> int:
        return sum(1 for line in self.lines if line.entry is None)

    @property
    def absent(self) -> int:
        return sum(1 for line in self.lines if line.entry is not None and line.entry.absent)

    def by_post(self) -> list[tuple[Post, list[ExamLine]]]:
        groups: dict[int, tuple[Post, list[ExamLine]]] = {}
        for line in self.lines:
            groups.setdefault(line.application.post_id, (line.application.post, []))[1].append(line)
        return list(groups.values())


def exam_table(stage: Stage) -> ExamTable:
    """Every candidate of the exam, by post, with their score, 缺考 or nothing yet, and the pass line."""
    rules = score_settings(stage)
    entries = {e.application_id: e for e in ExamScore.objects.filter(stage=stage).select_related("entered_by")}
    lines = []
    for a in candidates(stage.campaign):
        e = entries.get(a.pk)
        below = (e is not None and not e.absent and e.score is not None and rules.min_score is not None
                 and Fraction(e.score) < rules.min_score)
        lines.append(ExamLine(a, e, below))
    return ExamTable(stage, rules, lines)


def exam_line_json(line: ExamLine) -> dict[str, Any]:
    """A line for the API: application, name, post, exam number, exact score (a decimal string) or absent."""
    e = line.entry
    a = line.application
    return {"application_id": a.pk, "name": a.person.name, "post": a.post.code, "post_title": a.post.title,
            "exam_number": e.exam_number if e else "", "entered": e is not None,
            "score": plain(e.score) if e is not None and e.score is not None else None,
            "absent": bool(e and e.absent), "below_line": line.below_line}


def _score_key(line: ExamLine) -> tuple[int, Fraction, int]:
    e = line.entry
    if e is None or e.absent or e.score is None:
        return (1, Fraction(0), line.application.pk)
    return (0, -Fraction(e.score), line.application.pk)


def exam_results(stage: Stage) -> dict[str, Any]:
    """What the exam stage publishes: per post, each candidate's name, exam number, score or 缺考, and
    whether it is below the pass line, highest score first — never an ID number."""
    table = exam_table(stage)
    rules = table.settings
    posts = []
    for post, lines in table.by_post():
        people = []
        for line in sorted(lines, key=_score_key):
            people.append({"name": line.application.person.name,
                           "exam_number": line.entry.exam_number if line.entry else "",
                           "score": line.score_text, "below_line": line.below_line})
        posts.append({"code": post.code, "title": post.title, "slots": post.slots, "candidates": len(lines),
                      "people": people})
    note = f"满分{plain(rules.full_marks)}分"
    if rules.min_score is not None:
        note += f"，合格线{plain(rules.min_score)}分（低于合格线的不能确定为考察对象）"
    note += "；缺考不计成绩。"
    return {"kind": StageKind.EXAM.value, "title": "笔试成绩", "campaign": stage.campaign.name,
            "full_marks": plain(rules.full_marks),
            "min_score": plain(rules.min_score) if rules.min_score is not None else None,
            "notes": [note], "posts": posts,
            "totals": {"candidates": len(table.lines), "absent": table.absent}}


# --- the composite, ranking and shortlist ----------------------------------------------------------

@dataclass
class Results:
    """A campaign's results tables: the formula and rule, per post the rows, where they come from.

    ``source`` is "standings" (the shortlist stage is sealed: what it stored and published) or "live"
    (computed from the stages as they are: a preview). ``stale`` lists the candidates whose composite
    now differs from the sealed standings (an earlier stage was corrected; recompute the shortlist).
    """

    campaign: Campaign
    shortlist: Stage | None
    source: str
    header: dict[str, Any]
    posts: list[dict[str, Any]]
    problems: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"campaign_id": self.campaign.pk, "campaign": self.campaign.name, "source": self.source,
                "shortlist_stage": self.shortlist.status if self.shortlist else None, **self.header,
                "problems": self.problems, "stale": self.stale, "posts": self.posts}


def shortlist_preview(stage: Stage) -> Computation:
    """The ranking and shortlist as they would be sealed now, with what still stops the sealing."""
    return compute(stage.campaign)


HEADER_KEYS = ("formula", "formula_en", "rule", "rule_en", "ratio", "tie_breaks", "decimals", "components")


def published(stage: Stage) -> dict[str, Any]:
    """The latest version of what ``stage`` published (``{}`` before sealing)."""
    latest = Publication.objects.filter(stage=stage).order_by("-version").first()
    return latest.content if latest is not None and isinstance(latest.content, dict) else {}


def stored_posts(stage: Stage, content: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The sealed shortlist's standings, per post, in the shape :func:`compute` gives (quotas as published)."""
    content = published(stage) if content is None else content
    quotas = {p.get("code"): p.get("quota") for p in content.get("posts", []) if isinstance(p, dict)}
    standings = list(Standing.objects.filter(stage=stage).select_related("application__person", "application__post")
                     .order_by("application__post__order", "application__post_id", "rank", "id"))
    by_post: dict[int, list[Standing]] = defaultdict(list)
    for s in standings:
        by_post[s.application.post_id].append(s)
    out = []
    for post in Post.objects.filter(campaign_id=stage.campaign_id, status=Post.Status.OPEN).order_by("order", "id"):
        rows = [standing_row(s) for s in by_post.get(post.pk, [])]
        out.append({"post_id": post.pk, "code": post.code, "title": post.title, "slots": post.slots,
                    "quota": quotas.get(post.code), "shortlisted": sum(1 for r in rows if r["shortlisted"]),
                    "ties": ties(rows), "rows": rows})
    return out


def standing_row(s: Standing) -> dict[str, Any]:
    stored = s.components if isinstance(s.components, dict) else {}
    return {"application": s.application_id, "name": s.application.person.name, "post": s.application.post.code,
            "parts": stored.get("parts", []), "composite": s.display, "composite_exact": s.composite,
            "rank": s.rank, "tied": bool(stored.get("tied")), "shortlisted": s.shortlisted, "reason": s.reason,
            "reason_en": stored.get("reason_en", ""), "failures": stored.get("failures", []),
            "explanation": s.explanation if isinstance(s.explanation, list) else []}


def campaign_results(campaign: Campaign) -> Results:
    """The results tables of ``campaign``: the sealed standings when the shortlist stage is sealed, else the
    live computation (with what stops it being final)."""
    comp = compute(campaign)
    stage = comp.shortlist
    if stage is not None and stage.status == Stage.Status.SEALED and Standing.objects.filter(stage=stage).exists():
        content = published(stage)
        header = {k: content[k] for k in HEADER_KEYS if k in content}
        posts = stored_posts(stage, content)
        live = {r["application"]: r["composite_exact"] for p in comp.posts for r in p["rows"]}
        stale = [f"{r['name']}（{r['post']}）" for p in posts for r in p["rows"]
                 if r["application"] in live and live[r["application"]] != r["composite_exact"]]
        return Results(campaign, stage, "standings", header or comp.header(), posts, [], stale)
    return Results(campaign, stage, "live", comp.header(), comp.posts, comp.problems)


# --- a candidate's own results ---------------------------------------------------------------------

@dataclass(frozen=True)
class OwnResult:
    """What a candidate may see of their own results: only from stages sealed with public results."""

    exam: dict[str, Any] | None
    standing: dict[str, Any] | None
    formula: str


def own_results(applications: list[Application]) -> dict[int, OwnResult]:
    """Application pk → the candidate's own exam score and standing, each only once its stage is sealed and
    public (what the public results show, with the candidate's own explanation added)."""
    campaign_ids = {a.campaign_id for a in applications}
    stages = {(s.campaign_id, s.kind): s for s in Stage.objects.filter(
        campaign_id__in=campaign_ids, kind__in=[StageKind.EXAM, StageKind.SHORTLIST], status=Stage.Status.SEALED,
        public=True)}
    exams = {e.application_id: e for e in ExamScore.objects.filter(
        application__in=applications, stage__in=[s for (c, k), s in stages.items() if k == StageKind.EXAM])}
    standings = {s.application_id: s for s in Standing.objects.filter(
        application__in=applications, stage__in=[s for (c, k), s in stages.items() if k == StageKind.SHORTLIST])
        .select_related("application__person", "application__post")}
    out = {}
    for a in applications:
        exam_stage = stages.get((a.campaign_id, StageKind.EXAM))
        e = exams.get(a.pk)
        exam = None
        if exam_stage is not None and e is not None:
            rules = score_settings(exam_stage)
            exam = {"score": "缺考" if e.absent else plain(e.score), "full_marks": plain(rules.full_marks),
                    "exam_number": e.exam_number,
                    "below_line": bool(not e.absent and e.score is not None and rules.min_score is not None
                                       and Fraction(e.score) < rules.min_score)}
        s = standings.get(a.pk)
        row = standing_row(s) if s is not None else None
        shortlist = stages.get((a.campaign_id, StageKind.SHORTLIST))
        if exam is not None or row is not None:
            formula = str(published(shortlist).get("formula", "")) if shortlist is not None and row else ""
            out[a.pk] = OwnResult(exam, row, formula)
    return out
