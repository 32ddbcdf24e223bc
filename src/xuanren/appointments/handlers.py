"""The appointment stage's handler (任职) and its page on the campaign dashboard.

- sealing is refused while a post has slots left and candidates who are neither appointed nor declared
  vacant (:func:`xuanren.appointments.selectors.blockers`, which names them);
- at sealing — :func:`appointment_results` is called once, inside the sealing transaction, with the stage
  already marked sealed — the campaign's outcome is written (:func:`close_campaign`):

  * a :class:`~xuanren.appointments.models.Vacancy` for every slot still unfilled, with the reason the
    campaign's finalists give for the post (:func:`~xuanren.campaigns.finalists.finalists_and_stops`: a
    stop's ``kind`` is a vacancy reason);
  * a :class:`~xuanren.appointments.models.PoolEntry` for every candidate who passed the thresholds but
    was not appointed (:func:`pool_base`), with their scores, entered on the sealing day and usable for
    the stage's ``pool_months`` (default 12);

  and what is published says, per post, who was appointed or that it is vacant and why. Sealing the
  appointment stage (the last) closes the campaign.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuanren.appointments import selectors
from xuanren.appointments.documents import period_end, zh_date, zh_months
from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.finalists import Finalist
from xuanren.campaigns.models import Application, Campaign, Post, Stage, StageKind
from xuanren.campaigns.stage_pages import register_stage_page
from xuanren.record.actions import record_event

# The stages whose finalists "passed the thresholds" (一考多用): the latest sealed of them gives the pool.
POOL_SOURCE_KINDS = (StageKind.RECOMMENDATION, StageKind.SHORTLIST)
SCORE_LABELS: dict[str, str] = {"shortlist": "综合成绩", "recommendation": "民主推荐得分"}


def appointment_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    return selectors.blockers(stage.campaign)


def _outcome_note(a: Appointment) -> str:
    note = f"自{zh_date(a.effective)}起任职，任期至{zh_date(a.term_end)}"
    return note + (f"，试用期{zh_months(a.probation_months)}" if a.probation_months else "")


def _vacancy_reason(row: selectors.PostRow) -> tuple[str, str]:
    """(reason, detail) for the unfilled slots of a post at sealing."""
    if row.stop is not None:
        kind = row.stop.kind if row.stop.kind in Vacancy.Reason.values else Vacancy.Reason.OTHER
        return kind, row.stop.reason
    given = len(row.appointments)
    return Vacancy.Reason.TOO_FEW, f"人选不足：职数{row.post.slots}个，任职{given}人"


def appointment_content(stage: Stage) -> dict[str, Any]:
    """What is published: per post, who was appointed (and from when) or that it is vacant, and why."""
    rows = selectors.overview(stage.campaign)
    posts = []
    filled = vacant = 0
    for row in rows:
        people = [{"name": a.person.name, "gender": a.person.get_gender_display(), "result": f"任{row.post.title}",
                   "note": _outcome_note(a)} for a in row.appointments]
        filled += len(people)
        notes = []
        groups: dict[tuple[str, str], int] = {}
        for v in row.vacancies:
            groups[(str(v.get_reason_display()), v.detail)] = groups.get((str(v.get_reason_display()), v.detail), 0) + 1
        for (label, detail), count in groups.items():
            vacant += count
            notes.append(f"空缺{count}个职数：{label}（{detail}）" if detail else f"空缺{count}个职数：{label}")
        if not row.vacancies and row.remaining:
            reason, detail = _vacancy_reason(row)
            vacant += row.remaining
            notes.append(f"空缺{row.remaining}个职数：{Vacancy.Reason(reason).label}（{detail}）")
        posts.append({"code": row.post.code, "title": row.post.title, "department": row.post.department.name,
                      "slots": row.post.slots, "people": people, "note": "；".join(notes)})
    return {"kind": StageKind.APPOINTMENT.value, "title": "任职结果", "campaign": stage.campaign.name,
            "posts": posts, "totals": {"任职人数": filled, "空缺职数": vacant}}


def appointment_results(stage: Stage) -> dict[str, Any]:
    """At sealing: write the vacancies and the pool (once), then return what is published."""
    if stage.status == Stage.Status.SEALED:
        close_campaign(stage)
    return appointment_content(stage)


# --------------------------------------------------------------------------------------------- at sealing

def pool_base(campaign: Campaign) -> tuple[Stage | None, list[Finalist]]:
    """Who passed the thresholds: the finalists of the latest sealed recommendation or shortlist stage
    (the 考察对象, or those who met the recommendation's threshold); with neither, every qualified
    candidate (资格审查合格) of an open post."""
    from xuanren.campaigns import finalists as registry
    from xuanren.campaigns.selectors import candidates

    stage = registry.deciding_stage(campaign, kinds=POOL_SOURCE_KINDS)
    if stage is None:
        open_posts = set(Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).values_list("pk", flat=True))
        return None, [Finalist(a.pk, a.post_id, note="资格审查合格") for a in candidates(campaign)
                      if a.post_id in open_posts]
    found, _stops = registry.finalists_of(stage)
    return stage, found


def _excluded(campaign: Campaign, applications: list[int]) -> dict[int, str]:
    """Applications that do not enter the pool, and why: found unsuitable at inspection, stopped at the
    notice, withdrawn."""
    from xuanren.inspection.models import Inspection
    from xuanren.notices.models import NoticeEntry

    out: dict[int, str] = {}
    for pk in Inspection.objects.filter(application_id__in=applications,
                                        conclusion=Inspection.Conclusion.UNSUITABLE).values_list("application_id",
                                                                                               flat=True):
        out[pk] = "考察不宜作为拟任人选"
    for pk in NoticeEntry.objects.filter(application_id__in=applications,
                                         outcome=NoticeEntry.Outcome.STOPPED).values_list("application_id", flat=True):
        out[pk] = "任前公示反映问题属实"
    for pk in Application.objects.filter(pk__in=applications).exclude(
            status=Application.Status.SUBMITTED).values_list("pk", flat=True):
        out[pk] = "已撤回报名"
    return out


def _scores(base_stage: Stage | None, finalist: Finalist, standings: dict[int, Any]) -> dict[str, Any]:
    standing = standings.get(finalist.application)
    if standing is not None:
        return {"label": "综合成绩", "value": standing.composite, "display": standing.display, "rank": standing.rank,
                "stage": StageKind.SHORTLIST.value, "note": standing.reason}
    if base_stage is None:
        return {"note": finalist.note}
    value = ""
    try:
        value = str(Fraction(finalist.score.split()[-1])) if finalist.score else ""
    except (ValueError, ZeroDivisionError):
        value = ""
    return {"label": SCORE_LABELS.get(base_stage.kind, "成绩"), "value": value, "display": finalist.score,
            "rank": finalist.rank, "stage": base_stage.kind, "note": finalist.note}


def close_campaign(stage: Stage) -> tuple[list[Vacancy], list[PoolEntry]]:
    """Write the vacancies of the unfilled slots and the pool entries, once (a second call adds nothing).
    Recorded as ``appointments.close`` (before the sealing's own event, in the same transaction)."""
    from xuanren.scoring.models import Standing

    campaign = stage.campaign
    sealed = (stage.sealed_at or dt.datetime.now(dt.UTC)).astimezone(_zone(campaign)).date()
    settings = selectors.stage_settings(stage)
    made: list[Vacancy] = []
    for row in selectors.overview(campaign):
        if row.remaining:
            reason, detail = _vacancy_reason(row)
            made += [Vacancy.objects.create(post=row.post, reason=reason, detail=detail, created=stage.sealed_at
                                            or dt.datetime.now(dt.UTC)) for _ in range(row.remaining)]
    base_stage, base = pool_base(campaign)
    appointed = set(Appointment.objects.filter(post__campaign=campaign, application__isnull=False)
                    .values_list("person_id", flat=True))
    excluded = _excluded(campaign, [f.application for f in base])
    existing = set(PoolEntry.objects.filter(application_id__in=[f.application for f in base])
                   .values_list("application_id", flat=True))
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[f.application for f in base])
            .select_related("post", "person")}
    standings = {s.application_id: s for s in Standing.objects.filter(
        stage__campaign=campaign, stage__kind=StageKind.SHORTLIST, stage__status=Stage.Status.SEALED)}
    pooled: list[PoolEntry] = []
    for f in base:
        app = apps.get(f.application)
        if app is None or app.person_id in appointed or app.pk in excluded or app.pk in existing:
            continue
        pooled.append(PoolEntry.objects.create(
            person=app.person, application=app, campaign=campaign, level=app.post.level,
            scores=_scores(base_stage, f, standings), entered_on=sealed,
            expires_on=period_end(sealed, settings["pool_months"]),
            note=f"竞聘{app.post.code} {app.post.title}，未任职"))
        existing.add(app.pk)
    record_event(actor="system", action="appointments.close", obj=stage,
                 details={"campaign": campaign.pk, "at": "stages.seal",
                          "vacancies": [{"post": v.post.code, "reason": v.reason, "detail": v.detail} for v in made],
                          "pool": [{"person": e.person.name, "post": e.application.post.code,
                                    "expires_on": e.expires_on.isoformat()} for e in pooled],
                          "excluded": {str(k): v for k, v in excluded.items()}})
    return made, pooled


def _zone(campaign: Campaign) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(campaign.time_zone)


register_stage_handler(StageKind.APPOINTMENT, StageHandler(results=appointment_results,
                                                           blockers=appointment_blockers))
register_stage_page(StageKind.APPOINTMENT, _("任职"), "appointments:stage", "appointments.view")
