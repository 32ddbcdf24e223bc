"""Reads of the inspection area (selectors read, actions write): the stage's list, one inspection's page,
the evaluation result of a linked session, the public advance notices. Nothing here writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.finalists import finalists
from xuanren.campaigns.models import Application, Campaign, Stage, StageKind
from xuanren.inspection.actions._common import dimensions_of
from xuanren.inspection.actions.inspections import stored_scores
from xuanren.inspection.models import TALK_CATEGORIES, Inspection
from xuanren.inspection.quantify import Dimension, InspectionScore, inspection_score, weighted
from xuanren.rules.tally.explain import number


def stage_dimensions(stage: Stage) -> tuple[tuple[Dimension, ...], str]:
    """The stage's dimensions and, if its settings make no sense, why (then the defaults are shown)."""
    try:
        return dimensions_of(stage), ""
    except CampaignError as exc:
        from xuanren.inspection.quantify import read_dimensions

        return read_dimensions({}), str(exc)


@dataclass(frozen=True)
class Row:
    inspection: Inspection
    filled: int  # dimensions with findings written
    talks: int
    score: InspectionScore
    attachments: int


@dataclass(frozen=True)
class StageOverview:
    stage: Stage
    dimensions: tuple[Dimension, ...]
    settings_problem: str
    rows: list[Row]
    waiting: list[Application]  # finalists without an inspection yet
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def weighted(self) -> bool:
        return weighted(self.dimensions)

    @property
    def unconcluded(self) -> bool:
        """Some inspection has no conclusion yet (its team can still be set)."""
        return any(r.inspection.status != Inspection.Status.CONCLUDED for r in self.rows)

    def dimension_rows(self) -> list[tuple[str, str, str]]:
        """(key, label, weight as shown or "") of each dimension."""
        return [(d.key, d.label, number(d.weight) if d.weight is not None else "") for d in self.dimensions]

    def by_post(self) -> list[tuple[Any, list[Row]]]:
        out: list[tuple[Any, list[Row]]] = []
        for row in self.rows:
            post = row.inspection.application.post
            if not out or out[-1][0].pk != post.pk:
                out.append((post, []))
            out[-1][1].append(row)
        return out


def inspection_by_id(pk: int) -> Inspection:
    """One inspection with what its pages show (404 if there is none)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Inspection.objects.select_related(
        "stage", "stage__campaign", "application", "application__person", "application__person__unit",
        "application__person__unit__parent", "application__post", "application__campaign",
        "application__campaign__unit", "evaluation_session"), pk=pk)


def by_post_and_rank(rows: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """Post by post, and within a post by the rank the earlier stage gave (``finalist["rank"]``; none last), then
    by application: the order the candidates came out of the scoring or the recommendation."""
    rank = Case(When(Q(finalist__rank=None) | Q(finalist__rank__isnull=True), then=Value(None)),  # JSON null, no key
                default=Cast(KT("finalist__rank"), IntegerField()), output_field=IntegerField())
    return rows.alias(earlier_rank=rank).order_by("application__post__order", "application__post_id",
                                                  F("earlier_rank").asc(nulls_last=True), "application_id")


def inspections_of(stage: Stage) -> QuerySet[Inspection]:
    return by_post_and_rank(Inspection.objects.filter(stage=stage)
                            .select_related("application", "application__person", "application__person__unit",
                                            "application__post", "stage"))


def _filled(inspection: Inspection, dims: tuple[Dimension, ...]) -> int:
    return sum(1 for d in dims if str(((inspection.findings or {}).get(d.key) or {}).get("text") or "").strip())


def stage_overview(stage: Stage) -> StageOverview:
    dims, problem = stage_dimensions(stage)
    from django.db.models import Count

    rows = []
    for i in inspections_of(stage).annotate(n_attachments=Count("attachments")):
        rows.append(Row(i, _filled(i, dims), sum(int(v) for v in (i.talks or {}).values()),
                        inspection_score(dims, stored_scores(i)), i.n_attachments))
    waiting: list[Application] = []
    if stage.status == Stage.Status.OPEN:
        have = {r.inspection.application_id for r in rows}
        ids = [f.application for fs in finalists(stage.campaign).values() for f in fs if f.application not in have]
        waiting = list(Application.objects.filter(pk__in=ids).select_related("person", "post")
                       .order_by("post__order", "post_id", "id"))
    counts = {"total": len(rows),
              "announced": sum(1 for r in rows if r.inspection.notice_published_at is not None),
              "concluded": sum(1 for r in rows if r.inspection.status == Inspection.Status.CONCLUDED),
              "suitable": sum(1 for r in rows if r.inspection.conclusion == Inspection.Conclusion.SUITABLE),
              "unsuitable": sum(1 for r in rows if r.inspection.conclusion == Inspection.Conclusion.UNSUITABLE)}
    return StageOverview(stage, dims, problem, rows, waiting, counts)


# --- one inspection ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    dimension: Dimension
    text: str
    score: str

    @property
    def weight(self) -> str:
        return number(self.dimension.weight) if self.dimension.weight is not None else ""


@dataclass(frozen=True)
class Detail:
    inspection: Inspection
    dimensions: tuple[Dimension, ...]
    settings_problem: str
    findings: list[Finding]
    score: InspectionScore
    talks: list[tuple[str, str, int]]  # key, label, count
    talks_total: int
    sessions: list[Any]  # evaluation sessions that may be linked
    evaluation: dict[str, Any] | None
    attachments: list[Any]
    missing: list[str]  # what the conclusion still needs

    @property
    def weighted(self) -> bool:
        return weighted(self.dimensions)


def evaluation_sessions(inspection: Inspection) -> list[Any]:
    """The campaign's voting sessions (not trials) whose evaluation ballot grades the inspected person."""
    from xuanren.voting.models import BallotForm, Session

    person = str(inspection.application.person_id)
    ids = set()
    for session_id, content in BallotForm.objects.filter(
            session__campaign_id=inspection.stage.campaign_id, session__trial=False,
            kind=BallotForm.Kind.EVALUATION).values_list("session_id", "content"):
        for subject in (content or {}).get("subjects") or []:
            if isinstance(subject, Mapping) and str(subject.get("person")) == person:
                ids.add(session_id)
    return list(Session.objects.filter(pk__in=ids).select_related("stage").order_by("id"))


def evaluation_result(session: Any, person_id: int) -> dict[str, Any] | None:
    """What a closed session's result says of one person: validity, the grades with their rates, the
    satisfaction and the seed 003 flags, and the explanation. ``None`` while the session is not closed."""
    if session is None or session.status != "closed" or not isinstance(session.result, Mapping):
        return None
    result = session.result
    out: dict[str, Any] = {"valid": bool(result.get("valid")), "person": None,
                           "meeting": [m.get("zh", "") for m in ((result.get("meeting") or {}).get("explanation")
                                                                  or []) if isinstance(m, Mapping)],
                           "reasons": []}
    for part in result.get("forms") or []:
        if not isinstance(part, Mapping) or part.get("kind") != "evaluation":
            continue
        for p in part.get("persons") or []:
            if isinstance(p, Mapping) and str(p.get("person")) == str(person_id):
                out["reasons"] = [r.get("zh", "") for r in part.get("reasons") or [] if isinstance(r, Mapping)]
                out["person"] = {
                    "assessed": bool(p.get("assessed")), "base": p.get("base"), "valid": p.get("valid"),
                    "grades": [{"name": g.get("name", ""), "marks": g.get("marks"),
                                "rate": (g.get("rate") or {}).get("display", "")}
                               for g in p.get("grades") or [] if isinstance(g, Mapping)],
                    "satisfaction": (p.get("satisfaction") or {}).get("display", ""),
                    "dissatisfaction": (p.get("dissatisfaction") or {}).get("display", ""),
                    "may_be_excellent": p.get("may_be_excellent"), "admonition": p.get("admonition"),
                    "adjustment": p.get("adjustment"),
                    "explanation": [m.get("zh", "") for m in p.get("explanation") or [] if isinstance(m, Mapping)]}
                return out
    return out


def inspection_detail(inspection: Inspection) -> Detail:
    dims, problem = stage_dimensions(inspection.stage)
    found = inspection.findings or {}
    findings = [Finding(d, str((found.get(d.key) or {}).get("text") or ""), str((found.get(d.key) or {}).get("score")
                                                                              or "")) for d in dims]
    score = inspection_score(dims, stored_scores(inspection))
    talks = [(k, str(label), int((inspection.talks or {}).get(k, 0))) for k, label in TALK_CATEGORIES]
    session = inspection.evaluation_session
    missing: list[str] = []
    if not inspection.team_leader:
        missing.append("确定考察组")
    empty = [f.dimension.label for f in findings if not f.text.strip()]
    if empty:
        missing.append("填写以下维度的考察情况：" + "、".join(empty))
    if score.quantified and score.missing:
        missing.append("为以下维度评分：" + "、".join(score.missing))
    return Detail(inspection=inspection, dimensions=dims, settings_problem=problem, findings=findings, score=score,
                  talks=talks, talks_total=sum(c for _, _, c in talks), sessions=evaluation_sessions(inspection),
                  evaluation=evaluation_result(session, inspection.application.person_id),
                  attachments=list(inspection.attachments.select_related("uploaded_by")), missing=missing)


# --- the public notices -----------------------------------------------------------------------------

def published_notices(campaign: Campaign) -> list[Inspection]:
    """The advance notices of the campaign published so far, by post and the earlier stage's rank."""
    return list(by_post_and_rank(Inspection.objects.filter(stage__campaign=campaign, stage__kind=StageKind.INSPECTION,
                                                           notice_published_at__isnull=False)
                                 .select_related("application__person", "application__post")))
