"""The proposal (拟任人选方案): per post, the organiser proposes one or more of the candidates who reached
the committee, each with the reasons, and puts it to a meeting.

- :func:`proposal_create` — while the committee stage is open, for an open post that has finalists
  (:func:`xuanren.committee.selectors.finalists_before`): one or more of them, each with a reason (required).
  More candidates than slots is a competitive deliberation (差额酝酿, ``competitive``). Refused: someone who
  is not a finalist of that post, a candidate already put to the committee for it (a deferred one is
  re-voted, 复议, not proposed again), a second proposal for the post while one is in progress (being
  drafted or waiting for its vote), a post whose slots are already filled by passed candidates, and someone
  who applied for several posts and is still in the running for another (one person takes one post).
- :func:`proposal_update` — the candidates, their reasons and order, the note, while it is a draft.
- :func:`proposal_submit` — to a meeting still being prepared: each candidate becomes an item (议题).
- :func:`proposal_withdraw` — with a reason: a draft, or a submitted one none of whose candidates passed
  and none is being voted on; its items in meetings still being prepared are removed. The post is then left
  without a candidate (the stop says why) unless a new proposal is made.

Every function is one transaction that locks the campaign's row and ends with its record event; a refusal
raises :class:`~xuanren.campaigns.errors.CampaignError` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from xuanren.campaigns.models import Application, Post, Stage
from xuanren.committee import selectors as sel
from xuanren.committee.actions._common import (
    MANAGE,
    committee_refuse,
    locked_meeting,
    now_or,
    proposal_state,
    require,
    running_stage,
    who,
)
from xuanren.committee.models import Item, Meeting, Proposal, ProposalCandidate
from xuanren.record.actions import record_event

MAX_REASON = 2000


def _rows(candidates: Iterable[Any]) -> list[tuple[int, str]]:
    """``[(application pk, reason)]`` from dicts ``{"application": app or pk, "reason"}`` or pairs."""
    rows: list[tuple[int, str]] = []
    for c in candidates:
        if isinstance(c, Mapping):
            app, reason = c.get("application"), c.get("reason", "")
        else:
            parts = list(c)
            app, reason = parts[0], parts[1] if len(parts) > 1 else ""
        pk = app.pk if isinstance(app, Application) else app
        if isinstance(pk, bool) or not (isinstance(pk, int) or (isinstance(pk, str) and pk.strip().isdigit())):
            raise committee_refuse("proposal.bad_candidate", "拟任人选“{value}”无法识别", "the candidate '{value}' is "
                                   "not an application", value=app)
        rows.append((int(pk), str(reason or "").strip()))
    if not rows:
        raise committee_refuse("proposal.empty", "拟任人选方案至少要有一名人选",
                               "a proposal needs at least one candidate")
    return rows


def _check_candidates(stage: Stage, post: Post, rows: list[tuple[int, str]],
                      proposal: Proposal | None) -> list[tuple[Application, str]]:
    """The rows as applications, each a finalist of ``post`` not yet put to the committee, with a reason."""
    finalists = {f.application for f in sel.finalists_before(stage)[0].get(post.pk, [])}
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[pk for pk, _ in rows]).select_related("person",
                                                                                                      "post")}
    seen: set[int] = set()
    out: list[tuple[Application, str]] = []
    earlier = (Item.objects.filter(meeting__stage=stage, application_id__in=list(apps))
               .exclude(proposal__status=Proposal.Status.WITHDRAWN).select_related("meeting"))
    if proposal is not None:
        earlier = earlier.exclude(proposal=proposal)
    put: dict[int, Item] = {}
    for item in earlier.order_by("meeting__held_on", "meeting_id", "id"):
        put[item.application_id] = item
    for pk, reason in rows:
        app = apps.get(pk)
        if app is None or app.campaign_id != stage.campaign_id:
            raise committee_refuse("proposal.unknown_application", "本批次没有编号为{pk}的报名",
                                   "the campaign has no application {pk}", pk=pk)
        if app.post_id != post.pk or pk not in finalists:
            raise committee_refuse("proposal.not_finalist", "{who}不是职位{code}进入讨论决定环节的人选，不能提名",
                                   "{who} is not a finalist of post {code} and cannot be proposed", who=who(app),
                                   code=post.code)
        if pk in seen:
            raise committee_refuse("proposal.twice", "{who}在方案中重复列出", "{who} is listed twice", who=who(app))
        seen.add(pk)
        before = put.get(pk)
        if before is not None:
            item = before
            if item.outcome in sel.RE_VOTABLE:
                raise committee_refuse("proposal.revote",
                                       "{who}已经会议“{meeting}”{outcome}，请在会议中复议，不必重新提名",
                                       "{who} was {outcome_en} at '{meeting}': put them to a re-vote instead",
                                       who=who(app), meeting=item.meeting.name, outcome=item.get_outcome_display(),
                                       outcome_en=item.outcome)
            if item.outcome:
                raise committee_refuse("proposal.already_voted",
                                       "{who}已经会议“{meeting}”表决（{outcome}），不能再次提名",
                                       "{who} was voted on at '{meeting}' ({outcome_en})", who=who(app),
                                       meeting=item.meeting.name, outcome=item.get_outcome_display(),
                                       outcome_en=item.outcome)
            raise committee_refuse("proposal.pending", "{who}已提交会议“{meeting}”，尚待表决",
                                   "{who} is already before "
                                   "the meeting '{meeting}'", who=who(app), meeting=item.meeting.name)
        if not reason:
            raise committee_refuse("proposal.reason_required", "请填写{who}的推荐理由",
                                   "the reason for proposing {who} "
                                   "is required", who=who(app))
        if len(reason) > MAX_REASON:
            raise committee_refuse("proposal.reason_long", "{who}的推荐理由过长（最多{most}字）",
                                   "the reason for {who} is too long (at most {most} characters)", who=who(app),
                                   most=MAX_REASON)
        out.append((app, reason))
    _check_one_post_each(stage, post, [app for app, _ in out])
    return out


def _check_one_post_each(stage: Stage, post: Post, apps: list[Application]) -> None:
    """One person takes one post. Refused: someone (who may have applied for several posts) still in the
    running for another post of the stage — in a draft proposal for it, before a meeting, deferred or void
    and not yet re-voted, or passed and holding one of its slots. Someone who did not pass there, or passed
    without a slot (more passed than slots), or whose proposal was withdrawn, may be proposed here."""
    people = {a.person_id: a for a in apps}
    if not people:
        return
    holding: dict[int, tuple[Post, str, str]] = {}
    drafts = (ProposalCandidate.objects.filter(proposal__stage=stage, proposal__status=Proposal.Status.DRAFT,
                                               application__person_id__in=list(people))
              .exclude(proposal__post=post).select_related("application", "proposal__post"))
    for d in drafts:
        holding[d.application.person_id] = (d.proposal.post, "列入酝酿中的拟任人选方案", "in a draft proposal")
    for o in sel.post_outcomes(stage):
        if o.post.pk == post.pk:
            continue
        slots = {c.application.pk for c in [*o.chosen, *o.tied]}
        for c in o.candidates:
            if c.withdrawn or c.application.person_id not in people:
                continue
            state: tuple[str, str]
            if c.pending is not None:
                state = (f"已提交会议“{c.pending.meeting.name}”，尚待表决", "before a meeting")
            elif c.application.pk in slots:
                state = ("已表决通过", "passed")
            elif c.outcome in sel.RE_VOTABLE:
                state = (f"{c.latest.get_outcome_display() if c.latest else ''}，尚待复议", "awaiting a re-vote")
            else:
                continue
            holding[c.application.person_id] = (o.post, *state)
    for person_id, app in people.items():
        if person_id in holding:
            other, text, text_en = holding[person_id]
            raise committee_refuse("proposal.other_post",
                                   "{who}已是职位{code}（{title}）的人选（{state}），一人只能拟任一个职位",
                                   "{who} is already a candidate for post {code} ({state_en}): one person takes "
                                   "one post", who=who(app), code=other.code, title=other.title, state=text,
                                   state_en=text_en)


def _in_progress(post: Post, stage: Stage, exclude: Proposal | None = None) -> Proposal | None:
    qs = Proposal.objects.filter(stage=stage, post=post).exclude(status=Proposal.Status.WITHDRAWN)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    for p in qs:
        if p.status == Proposal.Status.DRAFT or p.items.filter(meeting__status__in=sel.OPEN_MEETING).exists():
            return p
    return None


def _set_candidates(proposal: Proposal, rows: list[tuple[Application, str]]) -> None:
    ProposalCandidate.objects.filter(proposal=proposal).delete()
    ProposalCandidate.objects.bulk_create([ProposalCandidate(proposal=proposal, application=app, order=n, reason=reason)
                                           for n, (app, reason) in enumerate(rows, start=1)])


def _details(p: Proposal, **more: Any) -> dict[str, Any]:
    return {"campaign": p.stage.campaign_id, "stage": p.stage_id, "post": p.post.code, "proposal": p.pk,
            "competitive": p.competitive, **more}


def proposal_create(*, actor: Any, stage: Stage, post: Post | int, candidates: Iterable[Any], note: str = "",
                    now: dt.datetime | None = None) -> Proposal:
    """A draft proposal for ``post`` with ``candidates`` (``[{"application": pk, "reason": "…"}]``, in the
    order proposed). Recorded as ``committee.proposal.create``."""
    require(actor, MANAGE)
    now = now_or(now)
    rows = _rows(candidates)
    with transaction.atomic():
        current = running_stage(stage, "提出拟任人选方案", "proposals")
        post_pk = post.pk if isinstance(post, Post) else int(post)
        found = Post.objects.filter(pk=post_pk, campaign_id=current.campaign_id).first()
        if found is None or found.status != Post.Status.OPEN:
            raise committee_refuse("proposal.unknown_post", "本批次没有编号为{pk}的正常职位",
                                   "the campaign has no open "
                                   "post {pk}", pk=post_pk)
        busy = _in_progress(found, current)
        if busy is not None:
            raise committee_refuse("proposal.in_progress",
                                   "职位{code}已有拟任人选方案正在酝酿或待表决，请在该方案中修改",
                                   "post {code} already has a proposal being drafted or voted on", code=found.code)
        outcome = next(o for o in sel.post_outcomes(current) if o.post.pk == found.pk)
        if len(outcome.chosen) >= found.slots:
            raise committee_refuse("proposal.filled", "职位{code}的职数已由通过的人选（{names}）占满",
                                   "post {code} is filled by the candidates who passed ({names})", code=found.code,
                                   names="、".join(c.name for c in outcome.chosen))
        checked = _check_candidates(current, found, rows, None)
        proposal = Proposal.objects.create(stage=current, post=found, note=(note or "").strip(),
                                           competitive=len(checked) > found.slots, created=now,
                                           created_by=actor if getattr(actor, "is_authenticated", False) else None)
        _set_candidates(proposal, checked)
        after = proposal_state(proposal)
        record_event(actor=actor, action="committee.proposal.create", obj=proposal, before=None, after=after,
                     details=_details(proposal, candidates=[{"name": a.person.name, "reason": r} for a, r in checked],
                                      note=proposal.note))
    return proposal


def _locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related("stage", "post").get(pk=proposal.pk)


def proposal_update(*, actor: Any, proposal: Proposal, candidates: Iterable[Any] | None = None,
                    note: str | None = None, now: dt.datetime | None = None) -> Proposal:
    """Change a draft proposal's candidates (the whole list, as for :func:`proposal_create`) or note.
    Recorded as ``committee.proposal.update`` with the proposal before and after."""
    require(actor, MANAGE)
    now_or(now)
    rows = _rows(candidates) if candidates is not None else None
    with transaction.atomic():
        current = running_stage(proposal.stage, "修改拟任人选方案", "changes to proposals")
        p = _locked_proposal(proposal)
        if p.status != Proposal.Status.DRAFT:
            raise committee_refuse("proposal.not_draft", "职位{code}的拟任人选方案{status}，不能再修改",
                                   "the proposal for post {code} is {status_en}: it can no longer change",
                                   code=p.post.code, status=p.get_status_display(), status_en=p.status)
        before = proposal_state(p)
        if rows is not None:
            checked = _check_candidates(current, p.post, rows, p)
            _set_candidates(p, checked)
            p.competitive = len(checked) > p.post.slots
        if note is not None:
            p.note = note.strip()
        p.save()
        after = proposal_state(p)
        record_event(actor=actor, action="committee.proposal.update", obj=p, before=before, after=after,
                     details=_details(p, candidates=[{"name": c["name"], "reason": c["reason"]}
                                                     for c in after["candidates"]], note=p.note))
    return p


def proposal_submit(*, actor: Any, proposal: Proposal, meeting: Meeting, now: dt.datetime | None = None) -> Proposal:
    """Put a draft proposal to ``meeting`` (being prepared, of the same stage): each candidate becomes an
    item, after those already there. Recorded as ``committee.proposal.submit``."""
    require(actor, MANAGE)
    now = now_or(now)
    with transaction.atomic():
        current = running_stage(proposal.stage, "提交拟任人选方案", "submissions")
        p = _locked_proposal(proposal)
        m = locked_meeting(meeting)
        if p.status != Proposal.Status.DRAFT:
            raise committee_refuse("proposal.not_draft", "职位{code}的拟任人选方案{status}，不能再提交",
                                   "the proposal for post {code} is {status_en}", code=p.post.code,
                                   status=p.get_status_display(), status_en=p.status)
        if m.stage_id != current.pk:
            raise committee_refuse("proposal.other_stage", "会议“{meeting}”不属于本环节", "the meeting '{meeting}' "
                                   "belongs to another stage", meeting=m.name)
        if m.status != Meeting.Status.DRAFT:
            raise committee_refuse("proposal.meeting_started", "会议“{meeting}”{status}，不能再增加表决事项",
                                   "the meeting '{meeting}' is {status_en}: no more items", meeting=m.name,
                                   status=m.get_status_display(), status_en=m.status)
        cands = list(p.candidates.select_related("application__person", "application__post").order_by("order", "id"))
        # The finalists may have changed since the draft (a correction of an earlier stage): check again.
        _check_candidates(current, p.post, [(c.application_id, c.reason) for c in cands], p)
        before = {"proposal": proposal_state(p)}
        last = Item.objects.filter(meeting=m).aggregate(n=Max("order"))["n"] or 0
        Item.objects.bulk_create([Item(meeting=m, application=c.application, proposal=p, order=last + n)
                                  for n, c in enumerate(cands, start=1)])
        p.status, p.submitted_at = Proposal.Status.SUBMITTED, now
        p.save(update_fields=["status", "submitted_at"])
        record_event(actor=actor, action="committee.proposal.submit", obj=p, before=before,
                     after={"proposal": proposal_state(p)},
                     details=_details(p, meeting=m.name, meeting_id=m.pk,
                                      candidates=[c.application.person.name for c in cands]))
    return p


def proposal_withdraw(*, actor: Any, proposal: Proposal, reason: str, now: dt.datetime | None = None) -> Proposal:
    """Withdraw a proposal with a reason (撤回): a draft, or a submitted one of which no candidate passed and
    none is being voted on (its items in meetings still being prepared are removed; items already voted stay
    in those meetings' records but count for nothing). Recorded as ``committee.proposal.withdraw``."""
    require(actor, MANAGE)
    now = now_or(now)
    reason = (reason or "").strip()
    if not reason:
        raise committee_refuse("proposal.withdraw_reason", "撤回拟任人选方案须写明理由", "a withdrawal needs a reason")
    with transaction.atomic():
        running_stage(proposal.stage, "撤回拟任人选方案", "withdrawals")
        p = _locked_proposal(proposal)
        if p.status == Proposal.Status.WITHDRAWN:
            raise committee_refuse("proposal.withdrawn", "职位{code}的拟任人选方案已撤回",
                                   "the proposal for post {code} "
                                   "is already withdrawn", code=p.post.code)
        items = list(p.items.select_related("meeting", "application__person", "application__post"))
        voting = [i for i in items if i.meeting.status == Meeting.Status.OPEN]
        if voting:
            raise committee_refuse("proposal.voting", "会议“{meeting}”正在对{who}表决，不能撤回方案",
                                   "the meeting '{meeting}' is voting on {who}: the proposal cannot be withdrawn",
                                   meeting=voting[0].meeting.name, who=who(voting[0].application))
        passed = [i for i in items if i.outcome == Item.Outcome.PASSED]
        if passed:
            raise committee_refuse("proposal.passed", "{who}已经会议“{meeting}”表决通过，方案不能撤回",
                                   "{who} passed at '{meeting}': the proposal cannot be withdrawn",
                                   who=who(passed[0].application), meeting=passed[0].meeting.name)
        before = proposal_state(p)
        removed = [i for i in items if i.meeting.status == Meeting.Status.DRAFT]
        Item.objects.filter(pk__in=[i.pk for i in removed]).delete()
        p.status, p.withdrawn_at, p.withdraw_reason = Proposal.Status.WITHDRAWN, now, reason[:500]
        p.save(update_fields=["status", "withdrawn_at", "withdraw_reason"])
        record_event(actor=actor, action="committee.proposal.withdraw", obj=p, before=before, after=proposal_state(p),
                     details=_details(p, reason=p.withdraw_reason,
                                      removed=[{"meeting": i.meeting.name, "name": i.application.person.name}
                                               for i in removed]))
    return p


__all__ = ["proposal_create", "proposal_submit", "proposal_update", "proposal_withdraw"]
