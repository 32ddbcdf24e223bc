"""The actions of the appointments area, each one transaction ending with its record event.

- :func:`template_save` — the organiser's template of the appointment notice or the probation decision
  (an unknown placeholder is refused, naming it);
- :func:`settings_set` — the appointment stage's defaults: term (2 years), probation (12 months), how long
  a pool entry stays usable (12 months);
- :func:`appoint` — appoint a candidate who went through (the campaign's finalists after the notice), with
  the document number and date, effective date, term and probation; the people register changes in the
  same transaction and what the person held before is kept;
- :func:`vacancy_declare` / :func:`vacancy_cancel` — leave a post's remaining slots vacant (with the reason)
  before the stage is sealed, or take that back;
- :func:`probation_review` — the end-of-probation assessment: confirmed, extended (at most
  :data:`~xuanren.appointments.selectors.MAX_EXTENSION_MONTHS` past the original end) or revoked (the person
  returns to what they held before, and the post is vacant again);
- :func:`pool_withdraw` / :func:`pool_appoint` — take an entry out of the reserve pool, or appoint a pool
  member to a vacancy (the original results cited);
- :func:`vacancy_reopen` — put a vacant post into a later campaign that is still a draft.

Every refusal raises :class:`~xuanren.campaigns.errors.CampaignError` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from xuanren.appointments import selectors
from xuanren.appointments.documents import (
    APPOINTMENT,
    FIELDS,
    PROBATION,
    OfficialDocument,
    build,
    check_template,
    period_end,
    zh_date,
    zh_months,
    zh_years,
)
from xuanren.appointments.models import Appointment, DocumentTemplate, PoolEntry, ProbationReview, Vacancy
from xuanren.campaigns.actions._common import lock_campaign, now_or, require, require_draft
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.finalists import Finalist, finalists
from xuanren.campaigns.models import Application, Campaign, Post, Stage, StageKind
from xuanren.people.models import LEVEL_CHOICES, RANK_CHOICES, Person, Unit
from xuanren.record.actions import record_event
from xuanren.rules.eligibility import LEVEL_CODES, RANK_CODES

MANAGE, POOL_MANAGE = "appointments.manage", "pool.manage"


# --------------------------------------------------------------------------------------------- helpers

def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _state(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        v = getattr(obj, f.attname)
        if isinstance(v, dt.datetime | dt.date):
            v = v.isoformat()
        out[f.attname] = v
    return out


def _text(value: Any, what: str, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise refuse("appointments.required", "须填写{what}", "{what} is required", what=what)
    return text


def _date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise refuse("appointments.date", "{what}应为日期（如2027-01-05），实为“{value}”",
                     "{what} must be a date (2027-01-05), not '{value}'", what=what, value=str(value or "")) from None


def _int(value: Any, key: str, default: int) -> int:
    if value is None or value == "":
        return default
    low, high = selectors.SETTINGS_BOUNDS[key]
    label = selectors.SETTINGS_LABELS[key]
    try:
        number = int(str(value).strip())
    except ValueError:
        raise refuse("appointments.integer", "{label}应为整数，实为“{value}”", "{label} must be a whole number, "
                     "not '{value}'", label=label, value=str(value)) from None
    if not low <= number <= high:
        raise refuse("appointments.range", "{label}应在{low}至{high}之间，实为{value}", "{label} must be between "
                     "{low} and {high}, not {value}", label=label, low=low, high=high, value=number)
    return number


_LEVEL_NAMES: dict[str, str] = {code: str(name) for code, name in LEVEL_CHOICES + RANK_CHOICES}


def _level_name(code: str) -> str:
    return _LEVEL_NAMES.get(code, code)


def register_state(person: Person) -> dict[str, Any]:
    """What the register says the person holds (kept in :attr:`Appointment.previous`)."""
    return {"unit": person.unit_id, "unit_name": person.unit.path() if person.unit_id else "",
            "post_title": person.post_title, "post_level": person.post_level,
            "post_level_since": person.post_level_since.isoformat() if person.post_level_since else None,
            "rank": person.rank, "rank_since": person.rank_since.isoformat() if person.rank_since else None}


def previous_post(previous: dict[str, Any]) -> str:
    """"办公室科员（三级主任科员）" from :attr:`Appointment.previous`."""
    unit = str(previous.get("unit_name") or "").split(" / ")[-1]
    title = str(previous.get("post_title") or "")
    level = previous.get("post_level") or previous.get("rank") or ""
    head = title if title.startswith(unit) else f"{unit}{title}"
    return f"{head}（{_level_name(level)}）" if level else head


def _take_post(person: Person, post: Post, effective: dt.date) -> None:
    """The register after the appointment: post title, department, and level (or rank) with its date —
    the date changes only when the level does (a move at the same level keeps 任现职务层次时间)."""
    if post.level in LEVEL_CODES:
        if person.post_level != post.level:
            person.post_level, person.post_level_since = post.level, effective
    elif post.level in RANK_CODES and person.rank != post.level:
        person.rank, person.rank_since = post.level, effective
    person.post_title = post.title
    person.unit = post.department
    person.save()


def _restore(person: Person, previous: dict[str, Any]) -> None:
    def day(v: Any) -> dt.date | None:
        return dt.date.fromisoformat(v) if v else None

    person.unit = Unit.objects.get(pk=previous["unit"])
    person.post_title = previous.get("post_title") or ""
    person.post_level = previous.get("post_level") or ""
    person.post_level_since = day(previous.get("post_level_since"))
    person.rank = previous.get("rank") or ""
    person.rank_since = day(previous.get("rank_since"))
    person.save()


def _issuer(template: selectors.Template, campaign: Campaign) -> str:
    return template.issuer.strip() or campaign.unit.name


def _appointment_values(*, person: Person, post: Post, issuer: str, number: str, document_date: dt.date,
                        effective: dt.date, term_years: int, probation_months: int, previous: dict[str, Any],
                        basis: str) -> dict[str, str]:
    probation_end = period_end(effective, probation_months) if probation_months else None
    clause = (f"，试用期{zh_months(probation_months)}（自{zh_date(effective)}至{zh_date(probation_end)}）"
              if probation_end else "")
    return {
        "name": person.name, "gender": person.get_gender_display(), "post": post.title,
        "department": post.department.name, "unit": post.campaign.unit.name, "level": _level_name(post.level),
        "effective": zh_date(effective), "document_number": number, "document_date": zh_date(document_date),
        "issuer": issuer, "campaign": post.campaign.name, "previous_post": previous_post(previous),
        "term_years": str(term_years), "term": zh_years(term_years),
        "term_end": zh_date(period_end(effective, term_years * 12)),
        "probation": zh_months(probation_months) if probation_months else "",
        "probation_end": zh_date(probation_end), "probation_clause": clause, "basis": basis,
    }


def _document(kind: str, values: dict[str, str], issuer: str, date: dt.date) -> OfficialDocument:
    template = selectors.template_for(kind)
    return build(title=template.title, body=template.body, issuer=issuer, values=values, date=date)


def _campaign_basis(campaign: Campaign) -> str:
    steps: dict[str, str] = {"inspection": "组织考察", "committee": "集体讨论决定", "notice": "任前公示"}
    done = [steps[str(s.kind)] for s in Stage.objects.filter(campaign=campaign, kind__in=list(steps)).order_by("order")]
    words = "、".join(done[:-1]) + f"和{done[-1]}" if len(done) > 1 else "".join(done)
    tail = f"，经{words}" if done else ""
    return f"根据{campaign.name}结果{tail}，"


def _appointment_stage(stage: Stage) -> Stage:
    current = Stage.objects.select_related("campaign").get(pk=stage.pk)
    if current.kind != StageKind.APPOINTMENT:
        raise refuse("appointments.not_appointment_stage", "“{label}”不是任职环节", "'{kind}' is not the "
                     "appointment stage", label=current.get_kind_display(), kind=current.kind)
    if current.status != Stage.Status.OPEN:
        state = "尚未开始" if current.status == Stage.Status.PENDING else "已封存"
        raise refuse("appointments.stage_not_open", "任职环节{state}，不能办理任职", "the appointment stage is "
                     "{status}: no appointment can be made", state=state, status=current.status)
    return current


def _finalist(campaign: Campaign, app: Application) -> Finalist | None:
    return next((f for f in finalists(campaign).get(app.post_id, []) if f.application == app.pk), None)


# --------------------------------------------------------------------------------------------- templates

def template_save(*, actor: Any, kind: str, title: str, body: str, issuer: str = "",
                  now: dt.datetime | None = None) -> DocumentTemplate:
    """Save the template of ``kind`` ("appointment" or "probation"). Refused: an unknown kind, an empty
    title or body, an unknown placeholder (named) or unbalanced braces. Recorded as
    ``appointments.template.save``."""
    require(actor, MANAGE)
    now = now_or(now)
    if kind not in FIELDS:
        raise refuse("appointments.template.kind", "没有“{kind}”类公文模板", "no template of kind '{kind}'", kind=kind)
    title, body, issuer = (title or "").strip(), (body or "").strip(), (issuer or "").strip()
    check_template(kind, title, body)
    with transaction.atomic():
        template = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
        before = _state(template) if template else None
        if template is None:
            template = DocumentTemplate(kind=kind)
        template.title, template.body, template.issuer = title, body, issuer
        template.updated_by, template.updated = _user(actor), now
        template.save()
        record_event(actor=actor, action="appointments.template.save", obj=template, before=before,
                     after=_state(template), details={"kind": kind, "title": title})
    return template


# --------------------------------------------------------------------------------------------- the stage

def settings_set(*, actor: Any, stage: Stage, term_years: Any = None, probation_months: Any = None,
                 pool_months: Any = None, now: dt.datetime | None = None) -> Stage:
    """The appointment stage's defaults, until it is sealed. Recorded as ``appointments.settings``."""
    require(actor, MANAGE)
    now_or(now)
    current = selectors.stage_settings(stage)
    values = {"term_years": _int(term_years, "term_years", current["term_years"]),
              "probation_months": _int(probation_months, "probation_months", current["probation_months"]),
              "pool_months": _int(pool_months, "pool_months", current["pool_months"])}
    with transaction.atomic():
        lock_campaign(stage.campaign)
        locked = Stage.objects.select_for_update().get(pk=stage.pk)
        if locked.kind != StageKind.APPOINTMENT:
            raise refuse("appointments.not_appointment_stage", "“{label}”不是任职环节", "'{kind}' is not the "
                         "appointment stage", label=locked.get_kind_display(), kind=locked.kind)
        if locked.status == Stage.Status.SEALED:
            raise refuse("appointments.stage_sealed", "任职环节已封存，不能再修改设置", "the appointment stage is "
                         "sealed: its settings cannot change")
        before = dict(locked.settings or {})
        locked.settings = {**before, **values}
        locked.save(update_fields=["settings"])
        record_event(actor=actor, action="appointments.settings", obj=locked, before=before, after=locked.settings,
                     details={"campaign": locked.campaign_id, **values})
    return locked


def appoint(*, actor: Any, stage: Stage, application: Application, document_number: str, document_date: Any,
            effective: Any, term_years: Any = None, probation_months: Any = None,
            now: dt.datetime | None = None) -> Appointment:
    """Appoint ``application``'s candidate to its post (the appointment stage open).

    Refused: an objection about the candidate not concluded (its receipt number named), a candidate whose
    notice was stopped, one not among the post's finalists, one already appointed to another post of the
    campaign, a post whose slots are all taken (appointed or declared vacant), a missing document number.
    ``term_years`` and ``probation_months`` (0: no probation) default to the stage's settings. The
    register takes the post, department and level in the same transaction; what the person held before
    is kept. Recorded as ``appointments.appoint``.
    """
    require(actor, MANAGE)
    now = now_or(now)
    number = _text(document_number, "任职文件文号")
    doc_date = _date(document_date, "发文日期")
    start = _date(effective, "任职时间")
    with transaction.atomic():
        campaign = lock_campaign(stage.campaign)
        current = _appointment_stage(stage)
        settings = selectors.stage_settings(current)
        term = _int(term_years, "term_years", settings["term_years"])
        months = _int(probation_months, "probation_months", settings["probation_months"])
        app = Application.objects.select_related("person", "post", "post__department", "post__campaign__unit").filter(
            pk=application.pk, campaign=campaign).first()
        if app is None:
            raise refuse("appointments.unknown_application", "该报名不属于本批次", "the application is not of this "
                         "campaign")
        name, post = app.person.name, app.post
        objections = selectors.open_objections(app)
        if objections:
            raise refuse("appointments.objection_open", "{name}的任前公示有反映问题尚未办结（受理编号{receipt}），"
                         "办结前不能任职", "an objection about {name} is still open (receipt {receipt})",
                         name=name, receipt="、".join(o.receipt for o in objections))
        if selectors.stopped_entry(app) is not None:
            raise refuse("appointments.notice_stopped", "{name}任前公示反映问题属实，已终止任用，不能任职",
                         "the notice of {name} was stopped (objection verified)", name=name)
        finalist = _finalist(campaign, app)
        if finalist is None:
            raise refuse("appointments.not_finalist", "{name}不是职位{code}（{title}）的拟任人选，不能任职",
                         "{name} is not a candidate who went through for post {code}", name=name, code=post.code,
                         title=post.title)
        other = Appointment.objects.filter(post__campaign=campaign, person=app.person,
                                           application__isnull=False).select_related("post").first()
        if other is not None:
            raise refuse("appointments.already_appointed", "{name}已任职位{code}（{title}），不能再任本批次其他职位",
                         "{name} was already appointed to post {code}", name=name, code=other.post.code,
                         title=other.post.title)
        if selectors.used_slots(post) >= post.slots:
            held = [a.person.name for a in selectors.campaign_appointments(post).select_related("person")]
            vacant = selectors.declared_vacancies(post).count()
            what = "、".join(filter(None, [f"已任命{'、'.join(held)}" if held else "",
                                          f"{vacant}个宣布空缺" if vacant else ""]))
            raise refuse("appointments.post_full", "职位{code}（{title}）职数{slots}个，{what}，不能再任命{name}",
                         "post {code} has {slots} slot(s), all taken", code=post.code, title=post.title,
                         slots=post.slots, what=what, name=name)
        person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=app.person_id)
        previous = register_state(person)
        template = selectors.template_for(APPOINTMENT)
        issuer = _issuer(template, campaign)
        values = _appointment_values(person=person, post=post, issuer=issuer, number=number, document_date=doc_date,
                                     effective=start, term_years=term, probation_months=months, previous=previous,
                                     basis=_campaign_basis(campaign))
        appointment = Appointment(
            person=person, post=post, application=app, document_number=number, document_date=doc_date,
            effective=start, term_years=term, term_end=period_end(start, term * 12), probation_months=months,
            probation_end=period_end(start, months) if months else None,
            status=Appointment.Status.PROBATION if months else Appointment.Status.APPOINTED, previous=previous,
            basis={"kind": "campaign", "campaign": campaign.pk, "campaign_name": campaign.name, "post": post.code,
                   "rank": finalist.rank, "score": finalist.score, "note": finalist.note},
            text=_document(APPOINTMENT, values, issuer, doc_date).text(), created_by=_user(actor), created=now)
        appointment.save()
        before = person.state()
        _take_post(person, post, start)
        record_event(actor=actor, action="appointments.appoint", obj=appointment, before=before,
                     after={"appointment": _state(appointment), "person": person.state()},
                     details={"campaign": campaign.pk, "post": post.code, "application": app.pk, "person": name,
                              "document_number": number, "effective": start.isoformat(), "term_years": term,
                              "probation_months": months})
    return appointment


def vacancy_declare(*, actor: Any, stage: Stage, post: Post, reason: str, detail: str,
                    now: dt.datetime | None = None) -> list[Vacancy]:
    """Leave the remaining slots of ``post`` vacant (the appointment stage open), with the reason (a
    :class:`Vacancy.Reason` other than probation) and a written explanation, e.g. the candidate declined.
    Refused when no slot remains. Recorded as ``appointments.vacancy.declare``."""
    require(actor, MANAGE)
    now = now_or(now)
    choices = {c for c in Vacancy.Reason.values if c != Vacancy.Reason.PROBATION}
    if reason not in choices:
        raise refuse("appointments.vacancy.reason", "空缺原因“{reason}”无效", "unknown vacancy reason '{reason}'",
                     reason=reason)
    detail = _text(detail, "空缺的具体说明")
    with transaction.atomic():
        campaign = lock_campaign(stage.campaign)
        _appointment_stage(stage)
        locked = Post.objects.filter(pk=post.pk, campaign=campaign, status=Post.Status.OPEN).first()
        if locked is None:
            raise refuse("appointments.unknown_post", "该职位不是本批次竞聘中的职位", "the post is not an open post of "
                         "this campaign")
        remaining = locked.slots - selectors.used_slots(locked)
        if remaining <= 0:
            raise refuse("appointments.vacancy.none_left", "职位{code}（{title}）的职数已全部任职或已宣布空缺",
                         "every slot of post {code} is filled or already vacant", code=locked.code,
                         title=locked.title)
        made = [Vacancy.objects.create(post=locked, reason=reason, detail=detail, created=now)
                for _ in range(remaining)]
        record_event(actor=actor, action="appointments.vacancy.declare", obj=locked,
                     after=[_state(v) for v in made],
                     details={"campaign": campaign.pk, "post": locked.code, "slots": remaining, "reason": reason,
                              "detail": detail})
    return made


def vacancy_cancel(*, actor: Any, vacancy: Vacancy, now: dt.datetime | None = None) -> None:
    """Take back a vacancy declared by mistake, while its campaign's appointment stage is open (every
    vacancy of the post so declared). Recorded as ``appointments.vacancy.cancel``."""
    require(actor, MANAGE)
    now_or(now)
    with transaction.atomic():
        campaign = lock_campaign(vacancy.post.campaign)
        current = Vacancy.objects.select_related("post").filter(pk=vacancy.pk).first()
        if current is None:
            raise refuse("appointments.vacancy.gone", "该空缺记录已不存在", "the vacancy no longer exists")
        stage = selectors.appointment_stage(campaign)
        if (current.reason == Vacancy.Reason.PROBATION or stage is None or stage.status != Stage.Status.OPEN
                or current.filled_by_id or current.reopened_in_id):
            raise refuse("appointments.vacancy.fixed", "只有任职环节进行中宣布的空缺才能撤销",
                         "only a vacancy declared while the appointment stage is open can be taken back")
        rows = list(Vacancy.objects.filter(post=current.post, filled_by__isnull=True, reopened_in__isnull=True)
                    .exclude(reason=Vacancy.Reason.PROBATION))
        before = [_state(v) for v in rows]
        Vacancy.objects.filter(pk__in=[v.pk for v in rows]).delete()
        record_event(actor=actor, action="appointments.vacancy.cancel", obj=current.post, before=before,
                     details={"campaign": campaign.pk, "post": current.post.code, "slots": len(rows)})


# --------------------------------------------------------------------------------------------- probation

def probation_review(*, actor: Any, appointment: Appointment, outcome: str, reason: str, decided_on: Any,
                     document_number: str = "", extended_until: Any = None,
                     now: dt.datetime | None = None) -> ProbationReview:
    """The end-of-probation assessment of an appointment in probation (or extended).

    ``confirmed``: the appointment becomes final. ``extended``: the probation ends on ``extended_until``,
    later than now and at most six months after the original end. ``revoked``: the person returns to the
    post, level and department they held before (refused when the register no longer shows the
    appointment's post — it changed since), and the post is left vacant (reason: probation). The decision
    is rendered from the probation template. Recorded as ``appointments.probation.review``.
    """
    require(actor, MANAGE)
    now = now_or(now)
    if outcome not in ProbationReview.Outcome.values:
        raise refuse("appointments.probation.outcome", "考核结论“{outcome}”无效（应为合格、延长或不合格）",
                     "unknown outcome '{outcome}'", outcome=outcome)
    reason = _text(reason, "考核意见")
    decided = _date(decided_on, "决定日期")
    number = _text(document_number, "文号", required=False)
    with transaction.atomic():
        current = Appointment.objects.select_for_update(of=("self",)).select_related(
            "person", "post", "post__department", "post__campaign__unit").filter(pk=appointment.pk).first()
        if current is None:
            raise refuse("appointments.gone", "该任职记录不存在", "the appointment does not exist")
        name = current.person.name
        if current.status not in (Appointment.Status.PROBATION, Appointment.Status.EXTENDED):
            raise refuse("appointments.probation.not_in_probation", "{name}任{title}不在试用期（{status}），无需考核",
                         "{name} is not in probation", name=name, title=current.post.title,
                         status=current.get_status_display())
        if decided < current.effective:
            raise refuse("appointments.probation.before_start", "决定日期{day}早于任职时间{start}",
                         "the decision date is before the appointment took effect", day=zh_date(decided),
                         start=zh_date(current.effective))
        until: dt.date | None = None
        if outcome == ProbationReview.Outcome.EXTENDED:
            if extended_until in (None, ""):
                raise refuse("appointments.probation.until_required", "延长试用期须填写延长至的日期",
                             "an extension needs the date it runs to")
            until = _date(extended_until, "延长至")
            latest = selectors.latest_extension(current)
            if current.probation_end and until <= current.probation_end:
                raise refuse("appointments.probation.until_early", "延长后的试用期满日期应晚于现在的{end}",
                             "the extended probation must end after {end}", end=zh_date(current.probation_end))
            if latest and until > latest:
                raise refuse("appointments.probation.until_late", "试用期最多延长{months}个月，即至{latest}",
                             "the probation can be extended by at most {months} months, to {latest}",
                             months=selectors.MAX_EXTENSION_MONTHS, latest=zh_date(latest))
        person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=current.person_id)
        before = {"appointment": _state(current), "person": person.state()}
        vacancy: Vacancy | None = None
        if outcome == ProbationReview.Outcome.REVOKED:
            if person.unit_id != current.post.department_id or person.post_title != current.post.title:
                raise refuse("appointments.probation.register_changed",
                             "干部名册中{name}的现任职务已不是{title}（现为{now_post}），不能自动恢复原职务，请先核对名册",
                             "the register no longer shows {name} in this post", name=name,
                             title=current.post.title, now_post=f"{person.unit.name}{person.post_title}")
            if not Unit.objects.filter(pk=(current.previous or {}).get("unit") or 0).exists():
                raise refuse("appointments.probation.no_previous", "没有{name}任职前的职务记录，不能自动恢复原职务",
                             "what {name} held before is not on record", name=name)
            _restore(person, current.previous)
            current.status = Appointment.Status.REVOKED
            vacancy = Vacancy.objects.create(post=current.post, reason=Vacancy.Reason.PROBATION, created=now,
                                             detail=f"{name}试用期满考核不合格，免去试任职务（{reason}）")
        elif outcome == ProbationReview.Outcome.EXTENDED:
            current.status, current.probation_end = Appointment.Status.EXTENDED, until
        else:
            current.status = Appointment.Status.APPOINTED
        current.save()
        decision = {
            ProbationReview.Outcome.CONFIRMED: "试用期满考核合格，正式任职，任职时间从试用之日起计算。",
            ProbationReview.Outcome.EXTENDED: f"决定延长试用期至{zh_date(until)}。",
            ProbationReview.Outcome.REVOKED: "试用期满考核不合格，免去其试任职务，按试任前职务层次安排工作"
                                             f"（原任{previous_post(current.previous)}）。",
        }[ProbationReview.Outcome(outcome)]
        template = selectors.template_for(PROBATION)
        issuer = _issuer(template, current.post.campaign)
        months = current.probation_months
        values = {
            "name": name, "gender": person.get_gender_display(), "post": current.post.title,
            "department": current.post.department.name, "unit": current.post.campaign.unit.name,
            "level": _level_name(current.post.level), "effective": zh_date(current.effective),
            "document_number": number, "document_date": zh_date(decided), "issuer": issuer,
            "campaign": current.post.campaign.name, "previous_post": previous_post(current.previous),
            "probation": zh_months(months), "probation_end": zh_date(selectors.original_probation_end(current)),
            "outcome": str(ProbationReview.Outcome(outcome).label), "decision": decision, "reason": reason,
            "extended_until": zh_date(until),
        }
        review = ProbationReview.objects.create(
            appointment=current, outcome=outcome, extended_until=until, reason=reason, decided_on=decided,
            decided_by=_user(actor), document_number=number,
            text=_document(PROBATION, values, issuer, decided).text())
        record_event(actor=actor, action="appointments.probation.review", obj=current, before=before,
                     after={"appointment": _state(current), "person": person.state(), "review": _state(review)},
                     details={"outcome": outcome, "person": name, "post": current.post.code,
                              "extended_until": until.isoformat() if until else None,
                              "vacancy": vacancy.pk if vacancy else None, "reason": reason})
    return review


# --------------------------------------------------------------------------------------------- the pool

def pool_withdraw(*, actor: Any, entry: PoolEntry, reason: str, now: dt.datetime | None = None) -> PoolEntry:
    """Take an active entry out of the pool with a written reason. Recorded as ``appointments.pool.withdraw``."""
    require(actor, POOL_MANAGE)
    now = now_or(now)
    reason = _text(reason, "移出原因")
    with transaction.atomic():
        current = PoolEntry.objects.select_for_update(of=("self",)).select_related("person").get(pk=entry.pk)
        if current.status != PoolEntry.Status.ACTIVE:
            raise refuse("appointments.pool.not_active", "{name}的后备干部记录状态为“{status}”，不能移出",
                         "the pool entry of {name} is not active", name=current.person.name,
                         status=current.get_status_display())
        before = _state(current)
        current.status = PoolEntry.Status.WITHDRAWN
        current.withdrawn_on, current.withdrawn_reason = timezone.localdate(now), reason
        current.save()
        record_event(actor=actor, action="appointments.pool.withdraw", obj=current, before=before,
                     after=_state(current), details={"person": current.person.name, "reason": reason})
    return current


def pool_appoint(*, actor: Any, vacancy: Vacancy, entry: PoolEntry, document_number: str, document_date: Any,
                 effective: Any, term_years: Any = None, probation_months: Any = None,
                 now: dt.datetime | None = None) -> Appointment:
    """Appoint a pool member to a vacancy (一考多用). The document and the record cite the results the
    entry holds (campaign, post stood for, score and rank).

    Refused: the vacancy filled or re-opened; the entry withdrawn or already used; the entry past its
    expiry on the day of use (or on the document's date); the person not meeting the post's conditions on
    that day (each reason named). Recorded as ``appointments.pool.appoint``.
    """
    require(actor, POOL_MANAGE)
    now = now_or(now)
    number = _text(document_number, "任职文件文号")
    doc_date = _date(document_date, "发文日期")
    start = _date(effective, "任职时间")
    used_on = timezone.localdate(now)
    with transaction.atomic():
        current = Vacancy.objects.select_for_update(of=("self",)).select_related(
            "post", "post__department", "post__campaign__unit").filter(pk=vacancy.pk).first()
        if current is None or current.filled_by_id or current.reopened_in_id:
            raise refuse("appointments.vacancy.not_open", "该空缺职位已任用或已重新竞聘，不能再从后备干部中任用",
                         "the vacancy is no longer open")
        pooled = (PoolEntry.objects.select_for_update(of=("self",))
                  .select_related("person", "campaign", "application__post").get(pk=entry.pk))
        name = pooled.person.name
        if pooled.status == PoolEntry.Status.WITHDRAWN:
            raise refuse("appointments.pool.withdrawn", "该后备人选已移出后备干部库（{reason}）",
                         "the pool entry was withdrawn ({reason})", reason=pooled.withdrawn_reason or "无说明")
        if pooled.status != PoolEntry.Status.ACTIVE:
            raise refuse("appointments.pool.used", "该后备人选已从后备干部库任用", "the pool entry was already used")
        if max(used_on, doc_date) > pooled.expires_on:
            raise refuse("appointments.pool.expired", "该后备人选已超过有效期（至{until}）",
                         "the pool entry expired on {until}", until=zh_date(pooled.expires_on))
        ranked = {c.entry.pk: c for c in selectors.pool_candidates(current, used_on)}
        problems = ranked[pooled.pk].reasons if pooled.pk in ranked else []
        if problems:
            raise refuse("appointments.pool.not_qualified", "{name}不符合职位{code}（{title}）的资格条件：{reasons}",
                         "{name} does not meet the conditions of post {code}: {reasons}", name=name,
                         code=current.post.code, title=current.post.title, reasons="；".join(problems))
        term = _int(term_years, "term_years", selectors.SETTINGS_DEFAULTS["term_years"])
        months = _int(probation_months, "probation_months", selectors.SETTINGS_DEFAULTS["probation_months"])
        post = current.post
        person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=pooled.person_id)
        previous = register_state(person)
        stood = pooled.application.post
        cited = selectors.score_text(pooled.scores)
        basis_text = (f"根据{pooled.campaign.name}结果（{name}同志竞聘{stood.title}{'，' + cited if cited else ''}，"
                      f"于{zh_date(pooled.entered_on)}列入后备干部人选，有效期至{zh_date(pooled.expires_on)}），")
        template = selectors.template_for(APPOINTMENT)
        issuer = _issuer(template, post.campaign)
        values = _appointment_values(person=person, post=post, issuer=issuer, number=number, document_date=doc_date,
                                     effective=start, term_years=term, probation_months=months, previous=previous,
                                     basis=basis_text)
        appointment = Appointment(
            person=person, post=post, pool_entry=pooled, document_number=number, document_date=doc_date,
            effective=start, term_years=term, term_end=period_end(start, term * 12), probation_months=months,
            probation_end=period_end(start, months) if months else None,
            status=Appointment.Status.PROBATION if months else Appointment.Status.APPOINTED, previous=previous,
            basis={"kind": "pool", "pool_entry": pooled.pk, "campaign": pooled.campaign_id,
                   "campaign_name": pooled.campaign.name, "post": f"{stood.code} {stood.title}",
                   "scores": pooled.scores, "entered_on": pooled.entered_on.isoformat(),
                   "expires_on": pooled.expires_on.isoformat(), "vacancy": current.pk},
            text=_document(APPOINTMENT, values, issuer, doc_date).text(), created_by=_user(actor), created=now)
        appointment.save()
        before = {"person": person.state(), "entry": _state(pooled), "vacancy": _state(current)}
        _take_post(person, post, start)
        pooled.status = PoolEntry.Status.APPOINTED
        pooled.save(update_fields=["status"])
        current.filled_by = appointment
        current.save(update_fields=["filled_by"])
        record_event(actor=actor, action="appointments.pool.appoint", obj=appointment, before=before,
                     after={"appointment": _state(appointment), "person": person.state(), "entry": _state(pooled),
                            "vacancy": _state(current)},
                     details={"person": name, "post": f"{post.campaign.name} {post.code}", "vacancy": current.pk,
                              "pool_entry": pooled.pk, "cited": {"campaign": pooled.campaign.name,
                                                                  "post": f"{stood.code} {stood.title}",
                                                                  "scores": pooled.scores},
                              "document_number": number, "effective": start.isoformat()})
    return appointment


# --------------------------------------------------------------------------------------------- vacancies

def vacancy_reopen(*, actor: Any, vacancy: Vacancy, campaign: Campaign, now: dt.datetime | None = None) -> Post:
    """Put the vacant post into ``campaign`` (a later campaign, still a draft): a post there copying the
    code, title, department, level, conditions and duties, with as many slots as the post has open
    vacancies (all of them marked re-opened). Refused when the campaign is not a draft or already has a
    post with that code, or the vacancy is no longer open. Recorded as ``appointments.vacancy.reopen``."""
    require(actor, MANAGE)
    require(actor, "campaigns.change")
    now_or(now)
    with transaction.atomic():
        target = lock_campaign(campaign)
        require_draft(target)
        current = Vacancy.objects.select_for_update(of=("self",)).select_related("post", "post__campaign").filter(
            pk=vacancy.pk).first()
        if current is None or current.filled_by_id or current.reopened_in_id:
            raise refuse("appointments.vacancy.not_open", "该空缺职位已任用或已重新竞聘，不能再重新竞聘",
                         "the vacancy is no longer open")
        old = current.post
        if old.campaign_id == target.pk:
            raise refuse("appointments.vacancy.same_campaign", "不能在职位原来的竞聘批次中重新竞聘",
                         "a vacancy is re-opened in a later campaign, not its own")
        if Post.objects.filter(campaign=target, code=old.code).exists():
            raise refuse("appointments.vacancy.code_taken", "竞聘批次“{name}”已有职位代码{code}",
                         "the campaign '{name}' already has a post {code}", name=target.name, code=old.code)
        rows = list(Vacancy.objects.select_for_update().filter(post=old, filled_by__isnull=True,
                                                               reopened_in__isnull=True).order_by("id"))
        order = (Post.objects.filter(campaign=target).aggregate(m=Max("order"))["m"] or 0) + 1
        post = Post.objects.create(campaign=target, code=old.code, department=old.department, title=old.title,
                                   level=old.level, slots=len(rows), conditions=old.conditions, duties=old.duties,
                                   order=order)
        Vacancy.objects.filter(pk__in=[v.pk for v in rows]).update(reopened_in=target)
        record_event(actor=actor, action="appointments.vacancy.reopen", obj=post, after=_state(post),
                     details={"from_campaign": old.campaign_id, "from_post": old.code, "campaign": target.pk,
                              "vacancies": [v.pk for v in rows], "reasons": [v.reason for v in rows]})
    return post
