"""Applications and nominations (报名: 自荐, 群众推荐, 组织推荐) and their withdrawal.

An applicant applies for themselves (``actor`` is the user linked to the person); an organiser holding
``applications.enter`` enters applications and nominations for anyone. A nomination keeps its nominator
(首提责任制, seed 003). Deadlines are instants compared as such, and shown in the campaign's time zone.
Each function is one transaction ending with its record event; refusals raise
:class:`~xuanren.campaigns.errors.CampaignError` and write nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from xuanren.accounts.access import has
from xuanren.campaigns.actions._common import (
    application_state,
    deadline_of,
    en_instant,
    lock_campaign,
    now_or,
    require_announced,
    require_applications_open_to_change,
    zh_instant,
)
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Application, Campaign, Post, Review
from xuanren.people.models import Person
from xuanren.record.actions import record_event
from xuanren.rules import idnumber
from xuanren.rules.errors import InvalidIdNumber

Source = Application.Source


def resolve_person(id_number: str) -> Person:
    """The person of the register with this resident ID number; :class:`CampaignError` if invalid or absent."""
    text = (id_number or "").strip().upper()
    try:
        text = idnumber.validate(text)
    except InvalidIdNumber as exc:
        raise refuse("person.invalid_id", "身份证号{id}无效：{reason}", "invalid ID number {id}: {reason_en}",
                     id=idnumber.mask(text) if len(text) == 18 else text, reason=exc.message.text(),
                     reason_en=exc.message.text("en")) from None
    person = Person.objects.filter(id_number=text).first()
    if person is None:
        raise refuse("person.not_in_register", "干部名册中没有身份证号为{id}的人员，请先导入或登记",
                     "no one with the ID number {id} is in the people register", id=idnumber.mask(text))
    return person


def _may_act_for(actor: Any, person: Person, capability_for_others: str = "applications.enter") -> bool:
    """Whether ``actor`` acts for someone else (``True``) or for themselves (``False``); refuses otherwise."""
    if actor is None or has(actor, capability_for_others):
        return True
    if getattr(actor, "is_authenticated", False) and person.user_id == actor.pk and has(actor, "applications.apply"):
        return False
    raise PermissionDenied("applications.apply")


def _check_open(campaign: Campaign, post: Post, now: dt.datetime, what_zh: str = "报名",
                what_en: str = "applications") -> None:
    if campaign.apply_from is not None and now < campaign.apply_from:
        raise refuse("applications.not_yet", "{what}自{start}开始，尚未开始", "{what_en} open on {start_en}",
                     what=what_zh, what_en=what_en, start=zh_instant(campaign, campaign.apply_from),
                     start_en=en_instant(campaign, campaign.apply_from))
    deadline = deadline_of(post, campaign)
    if deadline is not None and now > deadline:
        raise refuse("applications.closed", "{what}已于{deadline}截止", "{what_en} closed on {deadline_en}",
                     what=what_zh, what_en=what_en, deadline=zh_instant(campaign, deadline),
                     deadline_en=en_instant(campaign, deadline))


def _check_post(post: Post) -> None:
    if post.status == Post.Status.CANCELLED:
        raise refuse("post.cancelled", "职位{code}（{title}）已取消，不能报名", "post {code} was cancelled",
                     code=post.code, title=post.title)
    if post.status == Post.Status.MERGED:
        into = post.merged_into
        raise refuse("post.merged", "职位{code}（{title}）已并入职位{into}，请报名该职位",
                     "post {code} was merged into post {into}", code=post.code, title=post.title,
                     into=into.code if into else "")


def application_submit(*, actor: Any, campaign: Campaign, post: Post, person: Person, source: str = Source.SELF,
                       nominator: Person | None = None, nominator_note: str = "", preference: int | None = None,
                       now: dt.datetime | None = None) -> Application:
    """Apply, or nominate ``person``, for ``post``; returns the application.

    ``source``: ``self`` (自荐), ``mass`` (群众推荐) or ``organisation`` (组织推荐); a nomination needs a
    ``nominator`` (a person of the register) or a ``nominator_note`` (e.g. "局党组"). ``preference`` (1…N)
    ranks the person's posts. Refused: a campaign not running; before ``apply_from`` or after the
    deadline (the post's extended one, else the campaign's); a cancelled or merged post; a second
    application to the same post; more than ``posts_per_applicant`` posts; a preference out of range or
    already given to another post; an applicant applying for someone else or nominating
    (``PermissionDenied``); the eligibility stage sealed. An application withdrawn earlier is made active
    again (same row). Recorded as ``applications.submit``.
    """
    now = now_or(now)
    for_others = _may_act_for(actor, person)
    if source not in Source.values:
        raise refuse("applications.source", "未知的报名方式“{source}”", "unknown source '{source}'", source=source)
    if source != Source.SELF and not for_others:
        raise PermissionDenied("applications.enter")
    nominator_note = (nominator_note or "").strip()
    if source == Source.SELF and (nominator is not None or nominator_note):
        raise refuse("applications.self_nominator", "个人自荐不填推荐人", "a self-application has no nominator")
    if source != Source.SELF and nominator is None and not nominator_note:
        raise refuse("applications.nominator_required", "{source}须写明推荐人（首提责任制）",
                     "a nomination must name its nominator", source=Source(source).label)
    if nominator is not None and nominator.pk == person.pk:
        raise refuse("applications.nominator_self", "推荐人不能是被推荐人本人", "one cannot nominate oneself")
    if post.campaign_id != campaign.pk:
        raise refuse("applications.other_campaign", "职位{code}不属于本批次", "post {code} is not in this campaign",
                     code=post.code)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        # One person's applications are decided one at a time (the limit and preferences hold under races).
        Person.objects.select_for_update().filter(pk=person.pk).first()
        require_announced(locked)
        require_applications_open_to_change(locked)
        post = Post.objects.select_related("merged_into").get(pk=post.pk)
        _check_post(post)
        _check_open(locked, post, now)
        mine = list(Application.objects.filter(campaign=locked, person=person).select_related("post"))
        existing = next((a for a in mine if a.post_id == post.pk), None)
        if existing is not None and existing.status == Application.Status.SUBMITTED:
            raise refuse("applications.twice", "{name}已报名职位{code}（{title}），不能重复报名",
                         "{name} has already applied for post {code}", name=person.name, code=post.code,
                         title=post.title)
        others = [a for a in mine if a.status == Application.Status.SUBMITTED and a.post_id != post.pk]
        limit = locked.posts_per_applicant
        if len(others) >= limit:
            raise refuse("applications.limit", "每人最多报名{limit}个职位，{name}已报名：{posts}",
                         "at most {limit} post(s) per person; {name} has applied for {posts}", limit=limit,
                         name=person.name, posts="、".join(f"{a.post.code}（{a.post.title}）" for a in others))
        if preference is not None:
            if isinstance(preference, bool) or not isinstance(preference, int) or not 1 <= preference <= limit:
                raise refuse("applications.preference_range", "志愿顺序应为1至{limit}", "the preference must be "
                             "from 1 to {limit}", limit=limit)
            clash = next((a for a in others if a.preference == preference), None)
            if clash is not None:
                raise refuse("applications.preference_taken", "第{n}志愿已填报职位{code}（{title}）",
                             "preference {n} is already post {code}", n=preference, code=clash.post.code,
                             title=clash.post.title)
        before = application_state(existing) if existing is not None else None
        app = existing or Application(campaign=locked, post=post, person=person)
        app.source, app.nominator, app.nominator_note = source, nominator, nominator_note
        app.preference, app.status = preference, Application.Status.SUBMITTED
        app.submitted_at, app.withdrawn_at = now, None
        app.save()
        if existing is not None:
            # The earlier review judged the earlier application; the next review run judges this one.
            Review.objects.filter(application=app).delete()
        record_event(actor=actor, action="applications.submit", obj=app, before=before,
                     after=application_state(app),
                     details={"campaign": locked.pk, "post": post.code, "source": source,
                              "nominator": nominator.pk if nominator else None, "nominator_note": nominator_note,
                              "preference": preference, "again": existing is not None})
    return app


def application_withdraw(*, actor: Any, application: Application, reason: str = "",
                         now: dt.datetime | None = None) -> Application:
    """Withdraw an active application, by the applicant or an organiser, until ``withdraw_until`` (or the
    post's deadline for applications when none is set) and while the eligibility stage is not sealed.
    Recorded as ``applications.withdraw`` with the reason, if any."""
    now = now_or(now)
    _may_act_for(actor, application.person)
    with transaction.atomic():
        campaign = lock_campaign(application.campaign)
        app = Application.objects.select_related("post", "person").get(pk=application.pk)
        require_announced(campaign)
        require_applications_open_to_change(campaign)
        if app.status != Application.Status.SUBMITTED:
            raise refuse("applications.not_active", "该报名已撤回", "the application was already withdrawn")
        until = campaign.withdraw_until or deadline_of(app.post, campaign)
        if until is not None and now > until:
            raise refuse("applications.withdraw_closed", "撤回报名已于{deadline}截止", "withdrawals closed on "
                         "{deadline_en}", deadline=zh_instant(campaign, until), deadline_en=en_instant(campaign, until))
        before = application_state(app)
        app.status, app.withdrawn_at = Application.Status.WITHDRAWN, now
        app.save(update_fields=["status", "withdrawn_at"])
        record_event(actor=actor, action="applications.withdraw", obj=app, before=before,
                     after=application_state(app), details={"campaign": campaign.pk, "post": app.post.code,
                                                            "reason": (reason or "").strip()})
    return app
