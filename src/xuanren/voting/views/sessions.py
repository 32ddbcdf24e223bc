"""A stage's voting sessions, and one session's page: voter groups, ballot forms, codes, turnout, result.

While the session is a draft its page edits the ballot forms (per post of a recommendation ballot the
most marks and the write-in lines; whether an evaluation offers 不了解; an elements ballot's elements and
marks per element), adds a form (an elements ballot, or the stage's default ballot again) and removes one;
the candidates always come from the eligibility review and are not edited here. A draft can be deleted.

Opening, closing (counts the ballots: the result is shown from then on, never before) and sealing the
stage (publishes the counted result through the campaign's stage machine) are buttons of the session
page; each is a POST to one action.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage
from xuanren.voting import actions
from xuanren.voting.actions.sessions import (
    DEFAULT_ELEMENT_NAMES,
    MAX_WRITE_INS,
    default_evaluation,
    default_recommendation,
)
from xuanren.voting.models import BallotForm, Session, VoterCode
from xuanren.voting.views import get_session, get_stage, session_url, vote_url

_GROUP_FIELD = re.compile(r"^group-(\d+)-code$")
GROUP_FIELDS = ("code", "name", "weight", "entitled")
#: Empty rows under the voter groups, to add a group.
BLANK_GROUP_ROWS = 2
GRADE_LABELS = {"excellent": _lazy("优秀"), "competent": _lazy("称职"), "basically_competent": _lazy("基本称职"),
                "incompetent": _lazy("不称职"), "unknown": _lazy("不了解")}


def stage_sessions_url(stage: Stage) -> str:
    return reverse("voting:stage_sessions", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


def turnout_summary(session: Session) -> dict[str, Any]:
    """The session's turnout per group and in total, with the share of those entitled who have voted."""
    groups = actions.turnout(session)
    entitled = sum(g.entitled for g in groups)
    issued = sum(g.issued for g in groups)
    returned = sum(g.returned for g in groups)
    return {
        "groups": [{"group": g, "percent": _percent(g.returned, g.entitled)} for g in groups],
        "entitled": entitled, "issued": issued, "returned": returned, "percent": _percent(returned, entitled),
    }


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else min(100.0, 100.0 * part / whole)


@capability_required("voting.view")
def stage_sessions(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    sessions = list(Session.objects.filter(stage=stage).select_related("campaign", "stage").order_by("id"))
    return render(request, "voting/stage_sessions.html", {
        "campaign": stage.campaign, "stage": stage,
        "rows": [{"session": s, "turnout": turnout_summary(s)} for s in sessions],
        "modes": Session.Mode.choices, "can_manage": has(request.user, "voting.manage"),
    })


@require_POST
@capability_required("voting.manage")
def session_create(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    try:
        session = actions.session_create(
            actor=request.user, stage=stage, name=request.POST.get("name", "").strip(),
            place=request.POST.get("place", "").strip(), trial=request.POST.get("trial") == "on",
            mode=request.POST.get("mode", Session.Mode.SLIPS))
    except CampaignError as exc:
        messages.error(request, str(exc))
        return redirect(stage_sessions_url(stage))
    messages.success(request, _("已新建投票场次“%(name)s”。下一步：核对投票人类别和应到人数，生成投票码。")
                     % {"name": session.name})
    return redirect(session_url(session))


def _batches(session: Session) -> list[dict[str, Any]]:
    """Each batch of codes: its groups, how many codes, how many used, how many void (never which code)."""
    rows = (VoterCode.objects.filter(session=session).values("batch", "group__name")
            .annotate(count=Count("id"), used=Count("id", filter=Q(used=True)), void=Count("id", filter=Q(void=True)))
            .order_by("batch", "group__order", "group__id"))
    batches: dict[int, dict[str, Any]] = {}
    for r in rows:
        b = batches.setdefault(r["batch"], {"batch": r["batch"], "groups": [], "count": 0, "used": 0, "void": 0})
        b["groups"].append(r["group__name"])
        for key in ("count", "used", "void"):
            b[key] += r[key]
    for b in batches.values():
        b["voidable"] = b["count"] - b["used"] - b["void"]
    return list(batches.values())


def form_preview(form: BallotForm) -> dict[str, Any]:
    """What the preview of a ballot form shows: its kind, title and content, grades with their labels
    (and, for its editor, whether 不了解 is offered and the elements one per line)."""
    content = form.content or {}
    grades = [{"code": g, "label": GRADE_LABELS.get(g, g)} for g in content.get("grades", [])]
    if content.get("unknown"):
        grades.append({"code": "unknown", "label": GRADE_LABELS["unknown"]})
    return {"form": form, "kind": form.kind, "title": form.title, "posts": content.get("posts", []),
            "subjects": content.get("subjects", []), "grades": grades, "elements": content.get("elements", []),
            "candidates": content.get("candidates", []), "marks_per_element": content.get("marks_per_element", 1),
            "unknown": bool(content.get("unknown")), "elements_text": "\n".join(content.get("elements", []))}


def _addable_kinds(session: Session, forms: list[BallotForm]) -> list[tuple[str, str]]:
    """The forms that may be added to a draft: an elements ballot always; the stage's own ballot
    (recommendation or evaluation) when the session has none of that kind."""
    kinds = [(BallotForm.Kind.ELEMENTS.value, str(BallotForm.Kind.ELEMENTS.label))]
    stage = session.stage
    if stage is not None and stage.kind in (BallotForm.Kind.RECOMMENDATION, BallotForm.Kind.EVALUATION):
        own = BallotForm.Kind(stage.kind)
        if not any(f.kind == own for f in forms):
            kinds.insert(0, (own.value, str(own.label)))
    return kinds


def can_seal(user: Any, session: Session) -> bool:
    """The stage may be sealed from this session's page: it is closed and counted, not a trial, the stage
    is open, and no other session of the stage is still open."""
    stage = session.stage
    return (session.status == Session.Status.CLOSED and not session.trial and stage is not None
            and stage.status == Stage.Status.OPEN and has(user, "stages.seal")
            and not Session.objects.filter(stage=stage, status=Session.Status.OPEN).exclude(pk=session.pk).exists())


@capability_required("voting.view")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(pk)
    draft = session.status == Session.Status.DRAFT
    closed = session.status == Session.Status.CLOSED
    roll = session.mode == Session.Mode.ROLL
    turnout = turnout_summary(session)
    groups = list(session.groups.all())
    by_code = {row["group"].code: row["group"] for row in turnout["groups"]}
    group_rows = [{"code": g.code, "name": g.name, "weight": g.weight, "entitled": g.entitled,
                   "turnout": by_code.get(g.code)} for g in groups]
    group_rows += [{"code": "", "name": "", "weight": "", "entitled": "", "turnout": None}] * BLANK_GROUP_ROWS
    forms = list(session.forms.all())
    return render(request, "voting/session.html", {
        "session": session, "campaign": session.campaign, "stage": session.stage,
        "draft": draft, "open": session.status == Session.Status.OPEN, "closed": closed,
        "roll": roll, "turnout": turnout, "groups": groups, "group_rows": group_rows,
        "weight_total": sum((g.weight for g in groups), Decimal(0)),
        "forms": [form_preview(f) for f in forms], "batches": _batches(session),
        "addable": _addable_kinds(session, forms) if draft else [], "write_in_choices": range(MAX_WRITE_INS + 1),
        "default_elements": "\n".join(DEFAULT_ELEMENT_NAMES),
        "roll_status": actions.roll_status(session) if roll else [],
        "result": session.result if closed else None,
        "can_manage": has(request.user, "voting.manage"), "can_seal": can_seal(request.user, session),
        "vote_url": vote_url(request),
    })


def _groups_from_post(post: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """The voter groups typed into the table (blank rows left out) and the problems, each naming its row."""
    groups: list[dict[str, Any]] = []
    problems: list[str] = []
    indices = sorted(int(m.group(1)) for key in post if (m := _GROUP_FIELD.match(key)))
    for row, i in enumerate(indices, start=1):
        values = {f: post.get(f"group-{i}-{f}", "").strip() for f in GROUP_FIELDS}
        if not any(values.values()):
            continue
        try:
            weight = Decimal(values["weight"])
        except InvalidOperation:
            problems.append(_("第%(row)s行：权重“%(value)s”不是数字") % {"row": row, "value": values["weight"]})
            continue
        if not values["entitled"].isdigit():
            problems.append(_("第%(row)s行：应到人数“%(value)s”应为非负整数")
                            % {"row": row, "value": values["entitled"]})
            continue
        groups.append({"code": values["code"], "name": values["name"], "weight": weight,
                       "entitled": int(values["entitled"])})
    return groups, problems


@require_POST
@capability_required("voting.manage")
def groups_save(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(pk)
    groups, problems = _groups_from_post(request.POST)
    if problems:
        messages.error(request, _("投票人类别未保存：%(problems)s") % {"problems": "；".join(problems)})
        return redirect(session_url(session))
    try:
        actions.groups_set(actor=request.user, session=session, groups=groups)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("投票人类别已保存。"))
    return redirect(session_url(session))


@require_POST
@capability_required("voting.manage")
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(pk)
    try:
        actions.session_open(actor=request.user, session=session)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("投票已开始。投票人扫码或输入投票码即可投票。"))
    return redirect(session_url(session))


@require_POST
@capability_required("voting.manage")
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    from xuanren.voting.actions.close import session_close as close

    session = get_session(pk)
    try:
        close(actor=request.user, session=session)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("投票已结束，计票完成。"))
    return redirect(session_url(session))


@require_POST
@capability_required("stages.seal")
def stage_seal(request: HttpRequest, pk: int) -> HttpResponse:
    """Seal the session's stage and publish its result (the campaign's stage machine)."""
    session = get_session(pk)
    if session.stage is None or not can_seal(request.user, session):
        messages.error(request, _("只有已结束的正式投票场次，且本环节没有其他正在投票的场次时，才能封存并公布。"))
        return redirect(session_url(session))
    try:
        publication = campaign_actions.stage_seal(actor=request.user, stage=session.stage)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("“%(stage)s”环节已封存，结果已公布（第%(version)s版）。") % {
            "stage": session.stage.get_kind_display(), "version": publication.version})
    return redirect(session_url(session))


@require_POST
@capability_required("voting.manage")
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft session (its groups, forms and codes); back to the stage's sessions."""
    session = get_session(pk)
    name, stage = session.name, session.stage
    try:
        actions.session_delete(actor=request.user, session=session, reason=request.POST.get("reason", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
        return redirect(session_url(session))
    messages.success(request, _("投票场次“%(name)s”已删除。") % {"name": name})
    if stage is None:
        return redirect(reverse("campaigns:detail", args=[session.campaign_id]))
    return redirect(stage_sessions_url(stage))


# --- ballot forms ---------------------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    """The non-blank lines of a text area, each stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def form_content(form: BallotForm, post: Any) -> dict[str, Any]:
    """A form's new content from its editor. Only what the editor offers changes; numbers are passed on as
    typed, for the action to check and name the post or field. Candidates are left out, so the action
    takes them from the eligibility review as it stands."""
    content = form.content or {}
    if form.kind == BallotForm.Kind.RECOMMENDATION:
        return {"posts": [{"post": p["post"], "max_marks": post.get(f"max-{p['post']}", "").strip(),
                           "write_ins": post.get(f"writeins-{p['post']}", "").strip()}
                          for p in content.get("posts", [])]}
    if form.kind == BallotForm.Kind.EVALUATION:
        return {"grades": content.get("grades", []), "unknown": post.get("unknown") == "on",
                "subjects": [{"person": s["person"], "post": s.get("post", "")} for s in content.get("subjects", [])]}
    return {"elements": _lines(post.get("elements", "")),
            "marks_per_element": post.get("marks_per_element", "").strip()}


@require_POST
@capability_required("voting.manage")
def form_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one ballot form's editor (the form named by ``form``); refused as a whole, in words."""
    session = get_session(pk)
    form = _form_of(session, request.POST.get("form"))
    if form is None:
        messages.error(request, _("该票面不属于本投票场次，或已被删除。"))
        return redirect(session_url(session))
    title = request.POST.get("title", "").strip()
    try:
        saved = actions.form_set(actor=request.user, session=session, form=form, kind=form.kind, title=title,
                                 content=form_content(form, request.POST))
    except CampaignError as exc:
        messages.error(request, _("票面“%(title)s”未保存：%(reason)s") % {"title": form.title, "reason": exc})
    else:
        messages.success(request, _("票面“%(title)s”已保存。") % {"title": saved.title})
    return redirect(session_url(session))


@require_POST
@capability_required("voting.manage")
def form_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a ballot form: an elements ballot with its elements and marks per element, or the stage's
    default recommendation or evaluation ballot (every candidate of the eligibility review)."""
    session = get_session(pk)
    kind = request.POST.get("kind", "")
    title = request.POST.get("title", "").strip()
    content: dict[str, Any] | None
    if kind == BallotForm.Kind.ELEMENTS:
        content = {"elements": _lines(request.POST.get("elements", "")),
                   "marks_per_element": request.POST.get("marks_per_element", "").strip()}
    elif kind == BallotForm.Kind.RECOMMENDATION and session.stage is not None:
        content = default_recommendation(session.stage)
    elif kind == BallotForm.Kind.EVALUATION and session.stage is not None:
        content = default_evaluation(session.stage)
    else:
        messages.error(request, _("不能添加这种票面。"))
        return redirect(session_url(session))
    if content is None:
        messages.error(request, _("票面未添加：本竞聘批次还没有资格审查合格的人选。"))
        return redirect(session_url(session))
    try:
        form = actions.form_set(actor=request.user, session=session, kind=kind, title=title, content=content)
    except CampaignError as exc:
        messages.error(request, _("票面未添加：%(reason)s") % {"reason": exc})
    else:
        messages.success(request, _("已添加票面“%(title)s”。") % {"title": form.title})
    return redirect(session_url(session))


@require_POST
@capability_required("voting.manage")
def form_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a ballot form from a draft."""
    session = get_session(pk)
    form = _form_of(session, request.POST.get("form"))
    if form is None:
        messages.error(request, _("该票面不属于本投票场次，或已被删除。"))
        return redirect(session_url(session))
    try:
        actions.form_delete(actor=request.user, session=session, form=form)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("票面“%(title)s”已删除。") % {"title": form.title})
    return redirect(session_url(session))


def _form_of(session: Session, value: str | None) -> BallotForm | None:
    """The session's ballot form whose pk was posted, or None."""
    if not value or not value.isdigit():
        return None
    return BallotForm.objects.filter(session=session, pk=int(value)).first()
