"""The applicant's own pages under /my/ (我的报名): open campaigns, applying, withdrawing, own results.

A page shows only the logged-in user's own person (``Person.user``); a user without one is told so
(:data:`NO_PERSON`). Views parse, check access, call one action and render; what several pages and the
JSON API read about the applicant (open campaigns, the posts with their conditions in words and an
advisory pre-check of eligibility, own applications grouped by campaign) is gathered by the helpers at
the top, which write nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns import actions, selectors
from xuanren.campaigns.actions._common import deadline_of, local_date
from xuanren.campaigns.conditions import candidate_from_person, conditions_from_json, with_history
from xuanren.campaigns.documents.announcement import condition_phrases, read_conditions, reference_date
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Campaign, Post, Publication, Stage, StageKind
from xuanren.people.models import Person
from xuanren.rules.eligibility import compile as compile_conditions
from xuanren.rules.errors import RuleError

NO_PERSON = "您的账号尚未关联干部名册中的人员，请联系组织人事部门"
NO_PERSON_EN = "Your account is not linked to a person of the cadre register; please ask the personnel department"
ADVISORY = "仅供参考，以资格审查结论为准"


# --- what the applicant's pages and the API read ---------------------------------------------------

def linked_person(user: Any) -> Person | None:
    """The person of the register linked to ``user``, or ``None``."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=user.pk).first()


def _language() -> str:
    return translation.get_language() or "zh-hans"


@dataclass(frozen=True)
class Precheck:
    """An advisory check of one person against one post's conditions (never stored, never decisive)."""

    eligible: bool
    failures: list[str]
    passes: list[str]
    for_reviewer: list[str]
    on: dt.date
    note: str = ADVISORY


def precheck(person: Person, post: Post, campaign: Campaign, now: dt.datetime, *, language: str = "zh-hans"
             ) -> Precheck:
    """``person`` against ``post``'s conditions on the campaign's reference date (or today in its time zone),
    as :mod:`xuanren.rules.eligibility` judges them; unreadable register data is a failure saying so."""
    on = reference_date(campaign) or local_date(campaign, now)
    try:
        verdict = compile_conditions(conditions_from_json(post.conditions), on=on).check(candidate_from_person(person))
    except (RuleError, CampaignError) as exc:
        return Precheck(False, [exc.message.text(language)], [], [], on)
    return Precheck(verdict.eligible, [f.message.text(language) for f in verdict.failures],
                    [f.message.text(language) for f in verdict.passes],
                    [m.text(language) for m in verdict.for_reviewer], on)


def eligibility_sealed(campaign: Campaign) -> bool:
    return any(s.kind == StageKind.ELIGIBILITY and s.status == Stage.Status.SEALED for s in campaign.stages.all())


def post_open(post: Post, campaign: Campaign, now: dt.datetime) -> bool:
    """Whether ``post`` takes applications at ``now`` (the action decides; this only chooses what to show)."""
    if post.status != Post.Status.OPEN or campaign.status != Campaign.Status.ANNOUNCED:
        return False
    if campaign.apply_from is not None and now < campaign.apply_from:
        return False
    deadline = deadline_of(post, campaign)
    return deadline is None or now <= deadline


def open_campaigns(now: dt.datetime) -> list[Campaign]:
    """Announced campaigns with at least one post taking applications at ``now``; posts and stages prefetched."""
    qs = (Campaign.objects.filter(status=Campaign.Status.ANNOUNCED).select_related("unit")
          .prefetch_related("stages", "posts__department").order_by("-published_at", "-id"))
    return [c for c in qs if not eligibility_sealed(c) and any(post_open(p, c, now) for p in c.posts.all())]


@dataclass(frozen=True)
class PostChoice:
    post: Post
    deadline: dt.datetime | None
    open: bool
    words: list[str]
    precheck: Precheck | None
    mine: Application | None


def campaign_posts(campaign: Campaign, person: Person | None, now: dt.datetime, *, language: str | None = None
                   ) -> list[PostChoice]:
    """The campaign's open posts, each with its deadline, conditions in the announcement's words, the
    advisory pre-check for ``person`` and ``person``'s active application to it (if any)."""
    language = language or _language()
    posts = [p for p in campaign.posts.all() if p.status == Post.Status.OPEN]
    on = reference_date(campaign)
    mine: dict[int, Application] = {}
    if person is not None:
        person = with_history(Person.objects.filter(pk=person.pk)).get()
        mine = {a.post_id: a for a in Application.objects.filter(campaign=campaign, person=person,
                                                                 status=Application.Status.SUBMITTED)}
    return [PostChoice(post=p, deadline=deadline_of(p, campaign), open=post_open(p, campaign, now),
                       words=condition_phrases(read_conditions(p.conditions), reference=on),
                       precheck=precheck(person, p, campaign, now, language=language) if person else None,
                       mine=mine.get(p.pk))
            for p in sorted(posts, key=lambda p: (p.order, p.pk))]


def withdraw_until(application: Application) -> dt.datetime | None:
    campaign = application.campaign
    return campaign.withdraw_until or deadline_of(application.post, campaign)


def can_withdraw(application: Application, now: dt.datetime, *, sealed: bool) -> bool:
    """Whether the applicant may still withdraw (the action decides; this only chooses what to show)."""
    until = withdraw_until(application)
    return (application.status == Application.Status.SUBMITTED
            and application.campaign.status == Campaign.Status.ANNOUNCED and not sealed
            and (until is None or now <= until))


@dataclass
class OwnRow:
    own: selectors.OwnApplication
    can_withdraw: bool
    withdraw_until: dt.datetime | None
    # The candidate's own published exam score and standing (xuanren.scoring.selectors.OwnResult), if any.
    scores: Any = None

    @property
    def application(self) -> Application:
        return self.own.application


@dataclass
class OwnCampaign:
    campaign: Campaign
    rows: list[OwnRow] = field(default_factory=list)
    published: list[Publication] = field(default_factory=list)


def own_campaigns(user: Any, now: dt.datetime) -> list[OwnCampaign]:
    """The user's applications (:func:`selectors.applications_of_user`) grouped by campaign, newest first,
    each with whether it can still be withdrawn and its own published exam score and standing, and the
    campaign's published (public, sealed) results."""
    own = selectors.applications_of_user(user)
    sealed = set(Stage.objects.filter(campaign_id__in={o.application.campaign_id for o in own},
                                      kind=StageKind.ELIGIBILITY, status=Stage.Status.SEALED)
                 .values_list("campaign_id", flat=True))
    from xuanren.scoring.selectors import own_results

    scores = own_results([o.application for o in own])
    out: dict[int, OwnCampaign] = {}
    for o in own:
        a = o.application
        group = out.get(a.campaign_id)
        if group is None:
            group = out[a.campaign_id] = OwnCampaign(campaign=a.campaign, published=o.published)
        group.rows.append(OwnRow(o, can_withdraw(a, now, sealed=a.campaign_id in sealed), withdraw_until(a),
                                 scores.get(a.pk)))
    return list(out.values())


def own_application(user: Any, pk: int) -> Application:
    """The user's own application ``pk``; 404 for anyone else's (whatever their capabilities)."""
    person = linked_person(user)
    if person is None:
        raise Http404("no linked person")
    return get_object_or_404(Application.objects.select_related("campaign", "post", "person"), pk=pk, person=person)


def apply_choices(data: Any, choices: list[PostChoice]) -> list[tuple[Post, int | None]]:
    """The posts chosen on the apply form (``post_<pk>``: ``""`` none, ``0`` no order, ``n`` n-th preference),
    ordered by preference."""
    chosen: list[tuple[Post, int | None]] = []
    for c in choices:
        # A post already applied for, or closed, is still passed on: the action says why it refuses.
        value = str(data.get(f"post_{c.post.pk}", "")).strip()
        if not value.isdigit():
            continue
        n = int(value)
        chosen.append((c.post, n or None))
    return sorted(chosen, key=lambda pc: (pc[1] is None, pc[1] or 0, pc[0].order))


def apply_all(*, actor: Any, campaign: Campaign, person: Person, chosen: list[tuple[Post, int | None]],
              now: dt.datetime) -> list[Application]:
    """Submit every chosen post, all or nothing: the first refusal undoes the others (one outer transaction)."""
    with transaction.atomic():
        return [actions.application_submit(actor=actor, campaign=campaign, post=post, person=person,
                                           preference=preference, now=now) for post, preference in chosen]


# --- pages -----------------------------------------------------------------------------------------

def _message(exc: CampaignError) -> str:
    return exc.message.text(_language())


@capability_required("self.view")
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    person = linked_person(request.user)
    may_apply = has(request.user, "applications.apply")
    return render(request, "campaigns/my/home.html", {
        "person": person, "no_person": NO_PERSON, "may_apply": may_apply,
        "open": open_campaigns(now) if person is not None and may_apply else [],
        "groups": own_campaigns(request.user, now) if person is not None else [],
    })


@capability_required("applications.apply")
def apply(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Without ``pk``: the campaigns open to applications. With it: the form for that campaign."""
    now = timezone.now()
    person = linked_person(request.user)
    if pk is None:
        return render(request, "campaigns/my/choose.html", {
            "person": person, "no_person": NO_PERSON, "open": open_campaigns(now) if person else []})
    campaign = get_object_or_404(Campaign.objects.select_related("unit").prefetch_related("stages",
                                 "posts__department"), pk=pk, status__in=[Campaign.Status.ANNOUNCED,
                                                                          Campaign.Status.CLOSED])
    choices = campaign_posts(campaign, person, now)
    error = ""
    if request.method == "POST" and person is not None:
        chosen = apply_choices(request.POST, choices)
        if not chosen:
            error = "请至少选择一个职位"
        else:
            try:
                made = apply_all(actor=request.user, campaign=campaign, person=person, chosen=chosen, now=now)
            except CampaignError as exc:
                error = _message(exc)
            else:
                posts = "、".join(f"{a.post.code}（{a.post.title}）"
                                 + (f"第{a.preference}志愿" if a.preference else "") for a in made)
                messages.success(request, f"已报名：{posts}")
                return redirect("my:home")
    active = sum(1 for c in choices if c.mine is not None)
    return render(request, "campaigns/my/apply.html", {
        "campaign": campaign, "person": person, "no_person": NO_PERSON, "choices": choices, "error": error,
        "sealed": eligibility_sealed(campaign), "active": active,
        "remaining": max(0, campaign.posts_per_applicant - active),
        "preferences": list(range(1, campaign.posts_per_applicant + 1)), "advisory": ADVISORY,
        "any_open": any(c.open for c in choices)
    }, status=400 if error else 200)


@capability_required("applications.apply")
def withdraw(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Without ``pk``: the own applications that can still be withdrawn. With it: confirm, then withdraw."""
    now = timezone.now()
    if pk is None:
        person = linked_person(request.user)
        rows = [r for g in own_campaigns(request.user, now) for r in g.rows if r.can_withdraw] if person else []
        return render(request, "campaigns/my/withdraw_choose.html", {
            "person": person, "no_person": NO_PERSON, "rows": rows})
    application = own_application(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            actions.application_withdraw(actor=request.user, application=application,
                                         reason=request.POST.get("reason", ""), now=now)
        except CampaignError as exc:
            error = _message(exc)
        else:
            messages.success(request, f"已撤回职位{application.post.code}（{application.post.title}）的报名")
            return redirect("my:home")
    return render(request, "campaigns/my/withdraw.html", {
        "application": application, "campaign": application.campaign, "until": withdraw_until(application),
        "error": error,
    }, status=400 if error else 200)
