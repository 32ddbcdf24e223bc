"""Reading the appointments area: the appointment stage's overview (per post: its candidates, who was
appointed, what was left vacant, what stops the sealing), probations ending soon, the reserve pool and
its ranking for a vacancy, the vacancies.

Who may be appointed is :func:`xuanren.campaigns.finalists.finalists` (after the notice stage, the
candidates whose notice was not stopped); the notice's rows are read here as well, so a candidate with an
objection still open, or whose notice was stopped, is shown (and refused) as such whatever the stage
that decided last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from xuanren.appointments.documents import APPOINTMENT, DEFAULTS, PROBATION, add_months, period_end, zh_date
from xuanren.appointments.models import Appointment, DocumentTemplate, PoolEntry, Vacancy
from xuanren.campaigns.finalists import Finalist, Stop, finalists_and_stops
from xuanren.campaigns.models import Application, Campaign, Post, Stage
from xuanren.notices.models import NoticeEntry, Objection

# Stage settings of the appointment stage and their defaults.
SETTINGS_DEFAULTS: dict[str, int] = {"term_years": 2, "probation_months": 12, "pool_months": 12}
# Bounds of each setting (inclusive).
SETTINGS_BOUNDS: dict[str, tuple[int, int]] = {"term_years": (1, 10), "probation_months": (0, 24),
                                               "pool_months": (1, 60)}
SETTINGS_LABELS: dict[str, str] = {"term_years": "任期（年）", "probation_months": "试用期（月）",
                                   "pool_months": "后备干部有效期（月）"}
REMINDER_DAYS = 30  # probations ending within this many days are listed on the home page
MAX_EXTENSION_MONTHS = 6  # an extended probation ends at most this long after its original end


def today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def stage_settings(stage: Stage | None) -> dict[str, int]:
    """The appointment stage's settings, defaults filled in (a value that is not a whole number is ignored)."""
    out = dict(SETTINGS_DEFAULTS)
    raw = stage.settings if stage is not None and isinstance(stage.settings, dict) else {}
    for key in out:
        value = raw.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            out[key] = value
    return out


def appointment_stage(campaign: Campaign) -> Stage | None:
    return Stage.objects.filter(campaign=campaign, kind="appointment").first()


# --------------------------------------------------------------------------------------------- templates

@dataclass(frozen=True)
class Template:
    kind: str
    label: str
    title: str
    body: str
    issuer: str
    saved: DocumentTemplate | None


def template_for(kind: str) -> Template:
    """The organiser's template of ``kind``, or the default."""
    saved = DocumentTemplate.objects.filter(kind=kind).first()
    label = str(DocumentTemplate.Kind(kind).label)
    if saved is not None:
        return Template(kind, label, saved.title, saved.body, saved.issuer, saved)
    title, body, issuer = DEFAULTS[kind]
    return Template(kind, label, title, body, issuer, None)


def templates() -> list[Template]:
    return [template_for(k) for k in (APPOINTMENT, PROBATION)]


# --------------------------------------------------------------------------------------------- the notice

def open_objections(application: Application | int) -> list[Objection]:
    """Objections about ``application``'s notice entry not yet concluded."""
    pk = application if isinstance(application, int) else application.pk
    return list(Objection.objects.filter(entry__application_id=pk).exclude(status=Objection.Status.CONCLUDED)
                .order_by("lodged_at", "id"))


def stopped_entry(application: Application | int) -> NoticeEntry | None:
    pk = application if isinstance(application, int) else application.pk
    return NoticeEntry.objects.filter(application_id=pk, outcome=NoticeEntry.Outcome.STOPPED).first()


# --------------------------------------------------------------------------------------------- slots

def campaign_appointments(post: Post) -> QuerySet[Appointment]:
    """The appointments the campaign made to ``post`` (not those from the pool to a later vacancy)."""
    return Appointment.objects.filter(post=post, application__isnull=False)


def declared_vacancies(post: Post) -> QuerySet[Vacancy]:
    """The vacancies of ``post`` left by its own campaign (not one left by a failed probation)."""
    return Vacancy.objects.filter(post=post).exclude(reason=Vacancy.Reason.PROBATION)


def used_slots(post: Post) -> int:
    return campaign_appointments(post).count() + declared_vacancies(post).count()


# --------------------------------------------------------------------------------------------- overview

@dataclass
class CandidateRow:
    finalist: Finalist
    application: Application
    appointment: Appointment | None = None
    elsewhere: Appointment | None = None  # appointed to another post of the campaign
    objections: list[Objection] = field(default_factory=list)
    stopped: bool = False

    @property
    def available(self) -> bool:
        """May be appointed now (subject to the post's slots)."""
        return self.appointment is None and self.elsewhere is None and not self.objections and not self.stopped


@dataclass
class PostRow:
    post: Post
    candidates: list[CandidateRow]
    appointments: list[Appointment]
    vacancies: list[Vacancy]
    stop: Stop | None

    @property
    def remaining(self) -> int:
        return max(0, self.post.slots - len(self.appointments) - len(self.vacancies))

    @property
    def waiting(self) -> list[CandidateRow]:
        """Candidates neither appointed nor out of the running, while slots remain."""
        if not self.remaining:
            return []
        return [c for c in self.candidates if c.appointment is None and c.elsewhere is None and not c.stopped]


def overview(campaign: Campaign) -> list[PostRow]:
    """Per open post of ``campaign``: its candidates (with their state), appointments, vacancies and stop."""
    found, stops = finalists_and_stops(campaign)
    posts = {p.pk: p for p in Post.objects.filter(pk__in=list(found)).select_related("department")}
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[f.application for rows in found.values()
                                                                 for f in rows]).select_related("person", "post")}
    appointments = list(Appointment.objects.filter(post__campaign=campaign, application__isnull=False)
                        .select_related("person", "post"))
    by_person = {a.person_id: a for a in appointments}
    by_app = {a.application_id: a for a in appointments}
    objections: dict[int, list[Objection]] = {}
    for o in Objection.objects.filter(entry__application_id__in=list(apps)).exclude(
            status=Objection.Status.CONCLUDED).select_related("entry"):
        if o.entry is not None:
            objections.setdefault(o.entry.application_id, []).append(o)
    stopped = set(NoticeEntry.objects.filter(application_id__in=list(apps), outcome=NoticeEntry.Outcome.STOPPED)
                  .values_list("application_id", flat=True))
    vacancies: dict[int, list[Vacancy]] = {}
    for v in Vacancy.objects.filter(post__campaign=campaign).exclude(reason=Vacancy.Reason.PROBATION).order_by("id"):
        vacancies.setdefault(v.post_id, []).append(v)
    rows: list[PostRow] = []
    for pk, finals in found.items():
        candidates: list[CandidateRow] = []
        for f in finals:
            app = apps[f.application]
            own = by_app.get(app.pk)
            other = by_person.get(app.person_id)
            candidates.append(CandidateRow(
                finalist=f, application=app, appointment=own,
                elsewhere=other if other is not None and other.application_id != app.pk else None,
                objections=objections.get(app.pk, []), stopped=app.pk in stopped))
        rows.append(PostRow(post=posts[pk], candidates=candidates,
                            appointments=[a for a in appointments if a.post_id == pk],
                            vacancies=vacancies.get(pk, []), stop=stops.get(pk)))
    return rows


def blockers(campaign: Campaign) -> list[str]:
    """What stops the appointment stage from being sealed: a post with slots left and candidates who are
    neither appointed nor declared vacant (named)."""
    out: list[str] = []
    for row in overview(campaign):
        waiting = row.waiting
        if waiting:
            names = "、".join(c.application.person.name for c in waiting)
            out.append(f"职位{row.post.code}（{row.post.title}）尚有{row.remaining}个职数未任职，"
                       f"人选{names}既未任职，也未宣布空缺")
    return out


# --------------------------------------------------------------------------------------------- probation

def probation_due(on: dt.date, days: int = REMINDER_DAYS) -> list[Appointment]:
    """Appointments in probation (or extended) whose probation ends within ``days`` of ``on`` — or has
    ended without a review (overdue ones first, then by end date)."""
    return list(Appointment.objects.filter(
        status__in=[Appointment.Status.PROBATION, Appointment.Status.EXTENDED],
        probation_end__isnull=False, probation_end__lte=on + dt.timedelta(days=days))
        .select_related("person", "post", "post__department", "post__campaign").order_by("probation_end", "id"))


def in_probation() -> list[Appointment]:
    return list(Appointment.objects.filter(status__in=[Appointment.Status.PROBATION, Appointment.Status.EXTENDED])
                .select_related("person", "post", "post__department").order_by("probation_end", "id"))


def original_probation_end(appointment: Appointment) -> dt.date | None:
    if not appointment.probation_months:
        return None
    return period_end(appointment.effective, appointment.probation_months)


def latest_extension(appointment: Appointment) -> dt.date | None:
    """The latest date an extended probation may end (:data:`MAX_EXTENSION_MONTHS` after the original end)."""
    end = original_probation_end(appointment)
    return add_months(end, MAX_EXTENSION_MONTHS) if end else None


# --------------------------------------------------------------------------------------------- the pool

def score_value(entry: PoolEntry) -> Fraction | None:
    """The entry's score as an exact number (for ranking), or None."""
    raw = (entry.scores or {}).get("value")
    if raw in (None, ""):
        return None
    try:
        return Fraction(str(raw))
    except (ValueError, ZeroDivisionError):
        return None


def score_text(scores: dict[str, Any]) -> str:
    """"综合成绩86.42分，名列第2" from an entry's scores."""
    parts = []
    if scores.get("display"):
        parts.append(f"{scores.get('label') or '成绩'}{scores['display']}分")
    if scores.get("rank"):
        parts.append(f"名列第{scores['rank']}")
    return "，".join(parts)


def pool_entries(on: dt.date, *, include_inactive: bool = False) -> list[PoolEntry]:
    qs = PoolEntry.objects.select_related("person", "person__unit", "campaign", "application__post")
    if not include_inactive:
        qs = qs.filter(status=PoolEntry.Status.ACTIVE)
    return list(qs.order_by("-entered_on", "id"))


def is_expired(entry: PoolEntry, on: dt.date) -> bool:
    return on > entry.expires_on


@dataclass
class PoolCandidate:
    entry: PoolEntry
    same_level: bool
    reasons: list[str]  # why the entry cannot be used (empty: qualified)

    @property
    def qualified(self) -> bool:
        return not self.reasons


def pool_candidates(vacancy: Vacancy, on: dt.date) -> list[PoolCandidate]:
    """Every pool entry for ``vacancy``: the qualified ones first — those who stood for the post's level
    before the others, then by score (highest first) — then those who cannot be used, each with why
    (expired, withdrawn or appointed, the post's conditions not met on ``on``)."""
    from xuanren.campaigns.conditions import candidate_from_person, conditions_from_json, with_history
    from xuanren.people.models import Person
    from xuanren.rules.eligibility import compile
    from xuanren.rules.errors import RuleError

    post = vacancy.post
    try:
        rules = compile(conditions_from_json(post.conditions), on=on)
    except RuleError:
        rules = None
    entries = pool_entries(on, include_inactive=True)
    people = {p.pk: p for p in with_history(Person.objects.filter(pk__in={e.person_id for e in entries}))}
    out: list[PoolCandidate] = []
    for e in entries:
        reasons: list[str] = []
        if e.status != PoolEntry.Status.ACTIVE:
            reasons.append(f"{e.get_status_display()}")
        elif is_expired(e, on):
            reasons.append(f"已超过有效期（至{zh_date(e.expires_on)}）")
        if rules is not None and not reasons:
            try:
                verdict = rules.check(candidate_from_person(people[e.person_id]))
                reasons += [f.message.text("zh-hans") for f in verdict.failures]
            except RuleError as exc:
                reasons.append("干部名册中的数据无法审查：" + exc.message.text("zh-hans"))
        out.append(PoolCandidate(e, e.level == post.level, reasons))

    def key(c: PoolCandidate) -> tuple[Any, ...]:
        value = score_value(c.entry)
        return (not c.qualified, not c.same_level, value is None, -(value or 0), c.entry.scores.get("rank") or 999,
                c.entry.pk)

    return sorted(out, key=key)


# --------------------------------------------------------------------------------------------- vacancies

def open_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(filled_by__isnull=True, reopened_in__isnull=True)


def vacancies(*, state: str = "") -> list[Vacancy]:
    """All vacancies (``state``: "open", "filled", "reopened" to narrow)."""
    qs = Vacancy.objects.select_related("post", "post__department", "post__campaign", "reopened_in",
                                        "filled_by", "filled_by__person")
    if state == "open":
        qs = qs.filter(filled_by__isnull=True, reopened_in__isnull=True)
    elif state == "filled":
        qs = qs.filter(filled_by__isnull=False)
    elif state == "reopened":
        qs = qs.filter(reopened_in__isnull=False)
    return list(qs.order_by("-created", "id"))


def vacancy_state(v: Vacancy) -> str:
    if v.filled_by_id:
        return "filled"
    if v.reopened_in_id:
        return "reopened"
    return "open"


def draft_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=Campaign.Status.DRAFT).order_by("-created", "id")


def appointments(*, campaign: Campaign | None = None) -> list[Appointment]:
    qs = Appointment.objects.select_related("person", "post", "post__department", "post__campaign")
    if campaign is not None:
        qs = qs.filter(Q(post__campaign=campaign))
    return list(qs.order_by("-effective", "id"))
