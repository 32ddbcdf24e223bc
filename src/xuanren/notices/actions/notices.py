"""The notice's life: the stage's settings, a draft generated from those who passed the committee, edited,
published, and ended once its period is over.

- :func:`notice_settings_set` — the least number of working days (never below 5), the default issuer and
  ways to reflect views, until the stage is sealed;
- :func:`notice_generate` — a draft from :func:`xuanren.campaigns.finalists.finalists` (after the committee:
  those whose item passed), with its period counted on the working-day calendar and the text in the
  customary style (:mod:`xuanren.notices.documents`);
- :func:`notice_update` / :func:`notice_delete` — while a draft;
- :func:`notice_publish` — fixes what is published about each person and opens the objections;
- :func:`notice_end` — after the period: each entry without an objection still open or verified is
  cleared (公示无异议或反映问题不属实); one with a verified objection stays stopped.

The period is checked with :func:`xuanren.rules.calendar.validate_notice` (the day of publication does not
count): shorter than the stage's minimum, or ending on a day off when counted wrongly, is refused with the
calendar's reasons. Every refusal is a :class:`~xuanren.campaigns.errors.CampaignError` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from xuanren.campaigns.actions._common import require_announced
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.finalists import finalists
from xuanren.campaigns.models import Application, Stage
from xuanren.notices.actions._common import (
    MAX_WORKING_DAYS,
    calendar_or_refuse,
    lock_campaign,
    locked_stage,
    notice_settings,
    now_or,
    require,
    require_notice_stage,
    require_open,
    rule_refusal,
    state,
    today,
    user_or_none,
)
from xuanren.notices.documents import TITLE, entry_details, notice_text
from xuanren.notices.models import Notice, NoticeEntry, Objection
from xuanren.record.actions import record_event
from xuanren.rules.calendar import NOTICE_WORKING_DAYS, WorkCalendar, zh_date
from xuanren.rules.errors import RuleError

TEXT_LIMITS = {"title": 200, "issuer": 100, "phone": 50, "address": 200, "mailbox": 100, "contact": 300}
LABELS = {"title": "标题", "issuer": "发布单位", "phone": "受理电话", "address": "通信地址", "mailbox": "电子邮箱",
          "contact": "其他受理方式", "text": "公示正文"}
MAX_TEXT = 20000
MAX_EXCEPTIONAL = 500


def notice_state(notice: Notice) -> dict[str, Any]:
    out = state(notice)
    out["entries"] = [{"application": e.application_id, "order": e.order, "details": e.details,
                       "exceptional": e.exceptional, "outcome": e.outcome}
                      for e in NoticeEntry.objects.filter(notice=notice).order_by("order", "id")]
    return out


def _text(field: str, value: Any) -> str:
    text = str(value or "").strip()
    limit = TEXT_LIMITS.get(field, MAX_TEXT)
    if len(text) > limit:
        raise refuse("notices.too_long", "{label}最多{limit}个字", "{field} has at most {limit} characters",
                     label=LABELS[field], field=field, limit=limit)
    return text


def _working_days(value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise refuse("notices.working_days", "公示工作日数应为整数", "the number of working days must be a "
                         "whole number") from None
    if value < minimum:
        raise refuse("notices.working_days_below_minimum",
                     "公示期不得少于{minimum}个工作日（本环节规定），填写的是{n}个",
                     "the notice period must have at least {minimum} working days (the stage's rule), not {n}",
                     minimum=minimum, n=value)
    if value > MAX_WORKING_DAYS:
        raise refuse("notices.working_days_too_many", "公示期最多{limit}个工作日", "a notice period has at most "
                     "{limit} working days", limit=MAX_WORKING_DAYS)
    return int(value)


def _date(value: Any, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise refuse("notices.bad_date", "{label}“{value}”不是有效日期（应写成 2026-12-07）",
                     "{label_en} '{value}' is not a date (write 2026-12-07)", label=label, label_en=label,
                     value=str(value)) from None


def period_of(cal: WorkCalendar, starts: dt.date, ends: dt.date | None, working_days: int,
              minimum: int) -> tuple[dt.date, int]:
    """``(ends, counted working days)``: ``ends`` as given (checked with the calendar) or the shortest period of
    ``working_days`` working days from ``starts``; refused with every reason the calendar gives."""
    try:
        if ends is None:
            ends = cal.notice_period(starts, working_days).end
            return ends, working_days
        problems = cal.validate_notice(starts, ends, minimum)
        if problems:
            raise refuse("notices.period", "{reasons}", "{reasons_en}",
                         reasons="；".join(str(p) for p in problems),
                         reasons_en="; ".join(p.text("en") for p in problems), problems=[p.code for p in problems])
        return ends, len(cal.working_days_in(starts, ends))
    except RuleError as exc:
        raise rule_refusal(exc) from None


def require_period_in_text(notice: Notice) -> None:
    """The text states the notice's period (its first and last day), so what is published cannot disagree."""
    wanted = [zh_date(notice.starts), zh_date(notice.ends)]
    if not all(w in notice.text for w in wanted):
        raise refuse("notices.text_period", "公示正文未写明公示期（应含“{start}”和“{end}”），请重新生成正文或修改正文",
                     "the text does not state the period (it should contain {start_en} and {end_en}): "
                     "generate it again or edit it", start=wanted[0], end=wanted[1],
                     start_en=notice.starts.isoformat(), end_en=notice.ends.isoformat())


def _require_draft(notice: Notice, what: str, what_en: str) -> None:
    if notice.status != Notice.Status.DRAFT:
        raise refuse("notices.not_draft", "公示“{title}”{status}，不能再{what}", "the notice '{title}' is {status_en}: "
                     "it can no longer be {what_en}", title=notice.title, status=notice.get_status_display(),
                     status_en=notice.status, what=what, what_en=what_en)


def _locked_notice(notice: Notice) -> Notice:
    return (Notice.objects.select_for_update(of=("self",))
            .select_related("campaign", "campaign__unit", "stage").get(pk=notice.pk))


def _entries(notice: Notice) -> list[NoticeEntry]:
    return list(NoticeEntry.objects.filter(notice=notice).select_related(
        "application__person__unit", "application__post__department").order_by("order", "id"))


def regenerate_text(notice: Notice, entries: Iterable[NoticeEntry]) -> str:
    return notice_text(issuer=notice.issuer, people=[(e.details, e.exceptional) for e in entries],
                       starts=notice.starts, ends=notice.ends, working_days=notice.working_days, phone=notice.phone,
                       address=notice.address, mailbox=notice.mailbox, contact=notice.contact)


# --- settings --------------------------------------------------------------------------------------

def notice_settings_set(*, actor: Any, stage: Stage, working_days: Any = NOTICE_WORKING_DAYS, issuer: Any = "",
                        phone: Any = "", address: Any = "", mailbox: Any = "", contact: Any = "",
                        now: dt.datetime | None = None) -> Stage:
    """The stage's rules until it is sealed: ``working_days`` (at least 5, the 条例's minimum; at most 30), and the
    issuer and ways of reflecting views a new notice starts from. Recorded as ``notices.settings``."""
    require(actor, "notices.manage")
    now_or(now)
    days = _working_days(working_days, NOTICE_WORKING_DAYS)
    values = {k: _text(k, v) for k, v in (("issuer", issuer), ("phone", phone), ("address", address),
                                          ("mailbox", mailbox), ("contact", contact))}
    with transaction.atomic():
        lock_campaign(stage.campaign)
        current = locked_stage(stage)
        require_notice_stage(current)
        if current.status == Stage.Status.SEALED:
            raise refuse("notices.stage_sealed", "任前公示环节已封存，规则不能再修改",
                         "the notice stage is sealed: its rules can no longer change")
        before = state(current)
        settings = dict(current.settings or {})
        settings.update({"working_days": days, **values})
        current.settings = settings
        current.save(update_fields=["settings"])
        record_event(actor=actor, action="notices.settings", obj=current, before=before, after=state(current),
                     details={"campaign": current.campaign_id, **notice_settings(current).as_dict()})
    return current


# --- a draft ---------------------------------------------------------------------------------------

def _to_notify(stage: Stage) -> list[Application]:
    """Those who passed the committee (the campaign's finalists now), less anyone already on a notice of this
    stage, by post and order."""
    already = set(NoticeEntry.objects.filter(notice__stage=stage).values_list("application_id", flat=True))
    ordered: list[int] = []
    for rows in finalists(stage.campaign).values():
        ordered += [f.application for f in rows if f.application not in already and f.application not in ordered]
    apps = {a.pk: a for a in Application.objects.filter(pk__in=ordered, status=Application.Status.SUBMITTED)
            .select_related("person__unit", "post__department")}
    return [apps[pk] for pk in ordered if pk in apps]


def notice_generate(*, actor: Any, stage: Stage, starts: Any = None, working_days: Any = None,
                    now: dt.datetime | None = None) -> Notice:
    """A draft notice of everyone who passed the committee and is on no notice of this stage yet.

    ``starts`` (the day of publication; default today in the campaign's time zone) and ``working_days``
    (default and least: the stage's setting) give the period; the text is generated. Refused while another
    draft of the stage exists, when nobody is left to notify, or when the calendar cannot count the period
    (e.g. "2027年的节假日安排尚未录入，请先录入"). Recorded as ``notices.generate``.
    """
    require(actor, "notices.manage")
    now = now_or(now)
    with transaction.atomic():
        campaign = lock_campaign(stage.campaign)
        require_announced(campaign)
        current = locked_stage(stage)
        require_open(current, what="生成公示", what_en="generate a notice")
        draft = Notice.objects.filter(stage=current, status=Notice.Status.DRAFT).first()
        if draft is not None:
            raise refuse("notices.draft_exists", "已有公示草稿“{title}”，请修改、发布或删除该草稿后再生成",
                         "there is already a draft notice '{title}': edit, publish or delete it first",
                         title=draft.title)
        people = _to_notify(current)
        if not people:
            raise refuse("notices.nobody", "没有需要公示的人选（党组（党委）讨论决定通过、尚未公示的人选为0人）",
                         "nobody to put on a notice (no one who passed the committee is left)")
        rules = notice_settings(current)
        days = _working_days(rules.working_days if working_days in (None, "") else working_days, rules.working_days)
        first = today(campaign, now) if starts in (None, "") else _date(starts, "公示起始日")
        ends, counted = period_of(calendar_or_refuse(), first, None, days, rules.working_days)
        notice = Notice(campaign=campaign, stage=current, title=TITLE, text="",
                        issuer=rules.issuer or campaign.unit.name, phone=rules.phone, address=rules.address,
                        mailbox=rules.mailbox, contact=rules.contact,
                        starts=first, ends=ends, working_days=counted, created=now, created_by=user_or_none(actor))
        notice.save()
        entries = [NoticeEntry(notice=notice, application=a, order=i, details=entry_details(a, campaign))
                   for i, a in enumerate(people, start=1)]
        NoticeEntry.objects.bulk_create(entries)
        notice.text = regenerate_text(notice, entries)
        notice.save(update_fields=["text"])
        record_event(actor=actor, action="notices.generate", obj=notice, after=notice_state(notice),
                     details={"campaign": campaign.pk, "stage": current.pk, "starts": first.isoformat(),
                              "ends": ends.isoformat(), "working_days": counted,
                              "applications": [a.pk for a in people]})
    return notice


def notice_update(*, actor: Any, notice: Notice, title: Any = None, text: Any = None, issuer: Any = None,
                  phone: Any = None, address: Any = None, mailbox: Any = None, contact: Any = None,
                  starts: Any = None, ends: Any = None, working_days: Any = None,
                  exceptional: Mapping[int, Any] | None = None, remove: Iterable[int] = (),
                  regenerate: bool = False, now: dt.datetime | None = None) -> Notice:
    """Change a draft: any of its fields (``None``: unchanged), each entry's exceptional circumstances
    (``exceptional``: {entry pk: text}), entries to ``remove``; ``regenerate`` writes the text again from
    them (else ``text`` as given, or the text as it was). The period is given by ``starts`` and ``ends``, or
    ``starts`` and ``working_days`` (``ends`` computed); it is checked on the calendar, and the text must
    state it. Recorded as ``notices.update``."""
    require(actor, "notices.manage")
    now_or(now)
    with transaction.atomic():
        lock_campaign(notice.campaign)
        current = _locked_notice(notice)
        _require_draft(current, "修改", "edited")
        require_open(current.stage, what="修改公示", what_en="edit a notice")
        before = notice_state(current)
        for field, value in (("title", title), ("issuer", issuer), ("phone", phone), ("address", address),
                             ("mailbox", mailbox), ("contact", contact)):
            if value is not None:
                setattr(current, field, _text(field, value))
        if not current.title:
            current.title = TITLE
        if not current.issuer:
            raise refuse("notices.issuer_required", "请填写发布单位", "the issuer is required")
        minimum = notice_settings(current.stage).working_days
        if starts not in (None, "") or ends not in (None, "") or working_days not in (None, ""):
            first = current.starts if starts in (None, "") else _date(starts, "公示起始日")
            last = None if ends in (None, "") else _date(ends, "公示截止日")
            asked = working_days not in (None, "")
            days = _working_days(working_days if asked else minimum, minimum)
            # an end given with a number of days asked for is checked against that number
            current.ends, current.working_days = period_of(calendar_or_refuse(), first, last, days,
                                                           days if asked else minimum)
            current.starts = first
        entries = _entries(current)
        gone = {int(pk) for pk in remove}
        unknown = gone - {e.pk for e in entries}
        if unknown:
            raise refuse("notices.unknown_entry", "公示中没有编号为{pk}的人选", "the notice has no entry {pk}",
                         pk=min(unknown))
        if gone and gone >= {e.pk for e in entries}:
            raise refuse("notices.no_entries_left", "公示至少要有一名人选；如不再公示，请删除草稿",
                         "a notice has at least one person: delete the draft instead")
        for entry in entries:
            if entry.pk in gone:
                continue
            if exceptional and entry.pk in exceptional:
                words = str(exceptional[entry.pk] or "").strip()
                if len(words) > MAX_EXCEPTIONAL:
                    raise refuse("notices.exceptional_too_long", "{name}的特殊情况说明最多{limit}个字",
                                 "the note on {name} has at most {limit} characters",
                                 name=entry.details.get("name", ""), limit=MAX_EXCEPTIONAL)
                entry.exceptional = words
                entry.save(update_fields=["exceptional"])
        if gone:
            NoticeEntry.objects.filter(pk__in=gone).delete()
        kept = [e for e in entries if e.pk not in gone]
        if regenerate:
            current.text = regenerate_text(current, kept)
        elif text is not None:
            current.text = _text("text", text)
        if not current.text:
            raise refuse("notices.text_required", "公示正文不能为空", "the text of the notice is required")
        require_period_in_text(current)
        current.save()
        record_event(actor=actor, action="notices.update", obj=current, before=before, after=notice_state(current),
                     details={"campaign": current.campaign_id, "starts": current.starts.isoformat(),
                              "ends": current.ends.isoformat(), "working_days": current.working_days,
                              "removed": sorted(gone), "regenerated": bool(regenerate)})
    return current


def notice_delete(*, actor: Any, notice: Notice, now: dt.datetime | None = None) -> None:
    """Delete a draft (its entries with it). Recorded as ``notices.delete``."""
    require(actor, "notices.manage")
    now_or(now)
    with transaction.atomic():
        lock_campaign(notice.campaign)
        current = _locked_notice(notice)
        _require_draft(current, "删除", "deleted")
        before = notice_state(current)
        pk, campaign_id, title = current.pk, current.campaign_id, current.title
        current.delete()
        record_event(actor=actor, action="notices.delete", object_type="notices.notice", object_id=str(pk),
                     object_repr=title, before=before, details={"campaign": campaign_id})


# --- publishing and ending -------------------------------------------------------------------------

def notice_publish(*, actor: Any, notice: Notice, now: dt.datetime | None = None) -> Notice:
    """Publish a draft: it appears on the public page (with the objection form, within its period), and what
    it says about each person is fixed from the register as it is now. Refused when the first day is past,
    when the period (checked again: the calendar may have changed) or the text is wrong, or a person's
    application was withdrawn. Recorded as ``notices.publish``."""
    require(actor, "notices.manage")
    now = now_or(now)
    with transaction.atomic():
        campaign = lock_campaign(notice.campaign)
        require_announced(campaign)
        current = _locked_notice(notice)
        _require_draft(current, "发布", "published")
        require_open(current.stage, what="发布公示", what_en="publish a notice")
        day = today(campaign, now)
        if current.starts < day:
            raise refuse("notices.starts_past", "公示起始日{starts}已过（今天是{today}），请修改公示期后再发布",
                         "the notice's first day {starts_en} is past (today is {today_en}): change the period first",
                         starts=zh_date(current.starts), today=zh_date(day), starts_en=current.starts.isoformat(),
                         today_en=day.isoformat())
        minimum = notice_settings(current.stage).working_days
        _, counted = period_of(calendar_or_refuse(), current.starts, current.ends, minimum, minimum)
        if counted != current.working_days:
            raise refuse("notices.working_days_changed",
                         "按现行工作日历，公示期{start}至{end}共{counted}个工作日，与草稿所写的{n}个不符"
                         "（工作日历已更正），请重新生成正文后再发布",
                         "on the calendar as it is now, the period {start_en} to {end_en} has {counted} working days, "
                         "not the {n} the draft states (the calendar was corrected): generate the text again",
                         start=zh_date(current.starts), end=zh_date(current.ends), counted=counted,
                         n=current.working_days, start_en=current.starts.isoformat(), end_en=current.ends.isoformat())
        require_period_in_text(current)
        entries = _entries(current)
        if not entries:
            raise refuse("notices.no_entries", "公示没有人选", "the notice has nobody on it")
        withdrawn = [e for e in entries if e.application.status != Application.Status.SUBMITTED]
        if withdrawn:
            raise refuse("notices.withdrawn", "{names}的报名已撤回，请从公示中移除后再发布",
                         "the application of {names} was withdrawn: remove them first",
                         names="、".join(e.application.person.name for e in withdrawn))
        before = notice_state(current)
        for entry in entries:
            entry.details = entry_details(entry.application, campaign)
            entry.save(update_fields=["details"])
        current.status, current.published_at = Notice.Status.PUBLISHED, now
        current.save(update_fields=["status", "published_at"])
        record_event(actor=actor, action="notices.publish", obj=current, before=before, after=notice_state(current),
                     details={"campaign": campaign.pk, "starts": current.starts.isoformat(),
                              "ends": current.ends.isoformat(), "working_days": current.working_days,
                              "entries": [e.application_id for e in entries]})
    return current


def open_objections(notice: Notice) -> list[Objection]:
    return list(Objection.objects.filter(notice=notice).exclude(status=Objection.Status.CONCLUDED)
                .order_by("lodged_at", "id"))


def notice_end(*, actor: Any, notice: Notice, now: dt.datetime | None = None) -> Notice:
    """End a published notice once its period is over (the day after its last day, in the campaign's time
    zone). Each entry still pending becomes cleared, unless an objection to it is still open (it stays
    pending until that objection is concluded); entries stopped by a verified objection stay stopped.
    Recorded as ``notices.end``."""
    require(actor, "notices.manage")
    now = now_or(now)
    with transaction.atomic():
        campaign = lock_campaign(notice.campaign)
        current = _locked_notice(notice)
        if current.status != Notice.Status.PUBLISHED:
            raise refuse("notices.not_published", "公示“{title}”{status}，不能结束", "the notice '{title}' is "
                         "{status_en}: it cannot be ended", title=current.title, status=current.get_status_display(),
                         status_en=current.status)
        day = today(campaign, now)
        if day <= current.ends:
            raise refuse("notices.period_running", "公示期至{ends}，尚未期满，不能结束公示",
                         "the notice period runs until {ends_en}: it cannot end yet", ends=zh_date(current.ends),
                         ends_en=current.ends.isoformat())
        before = notice_state(current)
        pending_on = {o.entry_id for o in open_objections(current) if o.entry_id is not None}
        outcomes: dict[int, str] = {}
        for entry in _entries(current):
            if entry.outcome == NoticeEntry.Outcome.PENDING and entry.pk not in pending_on:
                entry.outcome = NoticeEntry.Outcome.CLEARED
                entry.save(update_fields=["outcome"])
            outcomes[entry.application_id] = entry.outcome
        current.status, current.ended_at = Notice.Status.ENDED, now
        current.save(update_fields=["status", "ended_at"])
        record_event(actor=actor, action="notices.end", obj=current, before=before, after=notice_state(current),
                     details={"campaign": campaign.pk, "outcomes": outcomes,
                              "open_objections": [o.receipt for o in open_objections(current)]})
    return current


__all__ = ["CampaignError", "notice_delete", "notice_end", "notice_generate", "notice_publish", "notice_settings_set",
           "notice_update", "open_objections", "period_of", "require_period_in_text"]
