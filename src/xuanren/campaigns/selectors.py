"""Reads of campaigns (selectors read, actions write): dashboards, an applicant's view, public results.

Nothing here writes. Each function takes what it needs as keywords or one object and runs a bounded
number of queries, whatever the number of posts or applications.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from xuanren.campaigns.models import Application, Campaign, Post, Publication, Review, Stage, StageKind
from xuanren.people.models import Person

ACTIVE = Application.Status.SUBMITTED


# --- counts per post -------------------------------------------------------------------------------

def post_qualified_counts(campaign: Campaign) -> dict[int, int]:
    """Post pk → active applications the reviewer found eligible (every post of the campaign, 0 included)."""
    counts = Counter(Review.objects.filter(
        application__campaign=campaign, application__status=ACTIVE, decision=Review.Decision.ELIGIBLE,
    ).values_list("application__post_id", flat=True))
    return {pk: counts.get(pk, 0) for pk in Post.objects.filter(campaign=campaign).values_list("pk", flat=True)}


def posts_below_minimum(campaign: Campaign) -> list[Post]:
    """Open posts with fewer qualified applicants than the campaign's ``min_qualified``: each needs a
    decision (cancel, extend, merge) before the eligibility stage can be sealed."""
    counts = post_qualified_counts(campaign)
    return [p for p in Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).order_by("order", "id")
            if counts.get(p.pk, 0) < campaign.min_qualified]


# --- the organiser's dashboard ---------------------------------------------------------------------

@dataclass(frozen=True)
class PostRow:
    post: Post
    deadline: dt.datetime | None
    applications: int
    reviewed: int
    pending: int
    not_run: int
    qualified: int
    below_minimum: bool
    extended: bool


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    versions: int


@dataclass(frozen=True)
class Dashboard:
    campaign: Campaign
    stages: list[StageRow]
    posts: list[PostRow]
    current: Stage | None = None
    totals: dict[str, int] = field(default_factory=dict)


def campaign_dashboard(campaign: Campaign) -> Dashboard:
    """Where each post and stage of ``campaign`` stands: applications, reviewed, qualified, below minimum;
    each stage's status and its number of published versions. ``current`` is the open stage, else the
    first not yet sealed."""
    posts = list(Post.objects.filter(campaign=campaign).select_related("department").order_by("order", "id"))
    apps = Counter[int]()
    decided = Counter[int]()
    pending = Counter[int]()
    qualified = Counter[int]()
    for post_id, decision in Application.objects.filter(campaign=campaign, status=ACTIVE).values_list(
            "post_id", "review__decision"):
        apps[post_id] += 1
        if decision is None:
            continue
        if decision == Review.Decision.PENDING:
            pending[post_id] += 1
        else:
            decided[post_id] += 1
            if decision == Review.Decision.ELIGIBLE:
                qualified[post_id] += 1
    rows = [PostRow(post=p, deadline=p.apply_until or campaign.apply_until, applications=apps[p.pk],
                    reviewed=decided[p.pk], pending=pending[p.pk],
                    not_run=apps[p.pk] - decided[p.pk] - pending[p.pk], qualified=qualified[p.pk],
                    below_minimum=p.status == Post.Status.OPEN and qualified[p.pk] < campaign.min_qualified,
                    extended=p.apply_until is not None) for p in posts]
    versions = Counter(Publication.objects.filter(stage__campaign=campaign).values_list("stage_id", flat=True))
    stages = list(Stage.objects.filter(campaign=campaign).order_by("order"))
    current = next((s for s in stages if s.status == Stage.Status.OPEN), None) or next(
        (s for s in stages if s.status == Stage.Status.PENDING), None)
    totals = {"posts": sum(1 for p in posts if p.status == Post.Status.OPEN), "applications": sum(apps.values()),
              "applicants": Application.objects.filter(campaign=campaign, status=ACTIVE)
              .values("person_id").distinct().count(),
              "qualified": sum(qualified.values()), "pending": sum(pending.values()),
              "below_minimum": sum(1 for r in rows if r.below_minimum)}
    return Dashboard(campaign=campaign, stages=[StageRow(s, versions[s.pk]) for s in stages], posts=rows,
                     current=current, totals=totals)


def campaign_list(*, status: str | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("unit")
    return qs.filter(status=status) if status else qs


def applications_of_post(post: Post) -> QuerySet[Application]:
    """The post's applications (active first), with person and review, for the reviewer's list."""
    return (Application.objects.filter(post=post).select_related("person", "person__unit", "review", "nominator")
            .order_by("-status", "id"))


def candidates(campaign: Campaign, post: Post | None = None) -> QuerySet[Application]:
    """Who takes part in the stages after eligibility: active applications to open posts, found eligible.

    Ordered by post then application, with person and post loaded. Scoring and voting use this one
    definition, so a correction of eligibility reaches every later stage that reads it afresh.
    """
    qs = Application.objects.filter(campaign=campaign, status=ACTIVE, post__status=Post.Status.OPEN,
                                    review__decision=Review.Decision.ELIGIBLE)
    if post is not None:
        qs = qs.filter(post=post)
    return qs.select_related("person", "person__unit", "post").order_by("post__order", "post_id", "id")


# --- an applicant's own view -----------------------------------------------------------------------

@dataclass(frozen=True)
class OwnApplication:
    application: Application
    review: Review | None
    # Shown to the applicant only once the eligibility stage is sealed, or when a reviewer decided.
    findings: list[dict[str, Any]]
    published: list[Publication]


def applications_of_person(person: Person) -> list[OwnApplication]:
    """The person's applications in every campaign, with the review's result and reasons, and the
    latest version of each published (public, sealed) stage result of those campaigns."""
    apps = list(Application.objects.filter(person=person).select_related("campaign", "post", "review")
                .order_by("-campaign__created", "preference", "id"))
    latest = latest_publications(campaigns=[a.campaign_id for a in apps])
    out = []
    for a in apps:
        review = getattr(a, "review", None) if _has_review(a) else None
        findings = review.findings if review is not None and review.decision != Review.Decision.PENDING else []
        out.append(OwnApplication(application=a, review=review, findings=findings, published=latest[a.campaign_id]))
    return out


def _has_review(app: Application) -> bool:
    try:
        app.review  # noqa: B018
    except Review.DoesNotExist:
        return False
    return True


def applications_of_user(user: Any) -> list[OwnApplication]:
    """:func:`applications_of_person` for the person linked to ``user``; empty when none is."""
    pk = getattr(user, "pk", None)
    person = Person.objects.filter(user_id=pk).first() if pk is not None else None
    return applications_of_person(person) if person is not None else []


# --- public ---------------------------------------------------------------------------------------

def public_campaigns() -> QuerySet[Campaign]:
    """Announced and closed campaigns, newest announcement first."""
    return (Campaign.objects.filter(status__in=[Campaign.Status.ANNOUNCED, Campaign.Status.CLOSED])
            .select_related("unit").order_by("-published_at", "-id"))


def latest_publications(*, campaigns: list[int], public_only: bool = True) -> dict[int, list[Publication]]:
    """Campaign pk → the latest version of each sealed stage's publication, in stage order."""
    qs = Publication.objects.filter(stage__campaign_id__in=campaigns).select_related("stage")
    if public_only:
        qs = qs.filter(stage__public=True)
    best: dict[int, Publication] = {}
    for p in qs.order_by("stage_id", "version"):
        best[p.stage_id] = p
    out: dict[int, list[Publication]] = defaultdict(list)
    for p in sorted(best.values(), key=lambda p: (p.stage.campaign_id, p.stage.order)):
        out[p.stage.campaign_id].append(p)
    return out


def stage_publications(stage: Stage) -> QuerySet[Publication]:
    """Every version of what ``stage`` published, the first (at sealing) first."""
    return Publication.objects.filter(stage=stage).order_by("version")


# --- what the eligibility stage publishes ----------------------------------------------------------

def _birth(person: Person) -> str:
    return f"{person.birth_date.year}.{person.birth_date.month:02d}"


def _current_post(person: Person) -> str:
    return " ".join(x for x in (person.unit.path() if person.unit_id else "", person.post_title) if x)


def eligibility_results(campaign: Campaign) -> dict[str, Any]:
    """The qualified applicants per post, as published when the eligibility stage is sealed.

    Per post: code, title, department, level, slots, status, number of active applications and of those
    qualified, and each qualified applicant's name, gender, birth year and month, education and current
    post — never an ID number. Cancelled and merged posts are listed with their status and no one.
    """
    posts = list(Post.objects.filter(campaign=campaign).select_related("department", "merged_into")
                 .order_by("order", "id"))
    apps = list(Application.objects.filter(campaign=campaign, status=ACTIVE)
                .select_related("person", "person__unit", "person__unit__parent", "review").order_by("post_id", "id"))
    by_post: dict[int, list[Application]] = defaultdict(list)
    for a in apps:
        by_post[a.post_id].append(a)
    out_posts = []
    for p in posts:
        mine = by_post.get(p.pk, []) if p.status == Post.Status.OPEN else []
        qualified = [a for a in mine if _has_review(a) and a.review.decision == Review.Decision.ELIGIBLE]
        out_posts.append({
            "code": p.code, "title": p.title, "department": p.department.name, "level": p.get_level_display(),
            "slots": p.slots, "status": p.status, "status_label": str(p.get_status_display()),
            "merged_into": p.merged_into.code if p.merged_into else None,
            "applications": len(mine), "qualified": len(qualified),
            "people": [{"name": a.person.name, "gender": str(a.person.get_gender_display()),
                        "birth": _birth(a.person), "education": str(a.person.get_education_display()),
                        "full_time": a.person.full_time, "current_post": _current_post(a.person)}
                       for a in qualified],
        })
    return {"kind": StageKind.ELIGIBILITY.value, "title": "资格审查合格人员名单", "campaign": campaign.name,
            "posts": out_posts, "totals": {"applications": sum(p["applications"] for p in out_posts),
                                           "qualified": sum(p["qualified"] for p in out_posts)}}
