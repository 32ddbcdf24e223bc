"""Issuing codes as printed slips, and voiding a lost batch.

The plain codes the issuing action returns are turned into the slips' PDF in the same request and sent as
the download; they are not kept anywhere (not in the session, a message, a cache or a log), so they cannot
be shown again — a lost batch is voided and a new one issued. The font is checked before anything is
issued; should the PDF still fail, the batch just issued is voided at once, so no code exists that was not
printed.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required
from xuanren.campaigns.documents.pdf import PdfFontMissing, font_paths
from xuanren.campaigns.errors import CampaignError
from xuanren.people.models import Person, Unit
from xuanren.voting import actions
from xuanren.voting.codes import digest
from xuanren.voting.models import Session, VoterCode, VoterGroup
from xuanren.voting.slips import Slip, render_slips
from xuanren.voting.views import get_session, pdf_download, session_url, vote_url

log = logging.getLogger(__name__)

#: The most codes one request prints (about 200 pages).
MAX_COUNT = 2000
#: The cookie that tells the page its download has come (its value: the form's random token).
DOWNLOAD_COOKIE = "voting_download"
DOWNLOAD_TOKEN = re.compile(r"[A-Za-z0-9]{4,60}")


def _group(session: Session, value: str) -> VoterGroup | None:
    return VoterGroup.objects.filter(session=session, pk=int(value)).first() if value.isdigit() else None


def _slips_pdf(request: HttpRequest, session: Session, group: VoterGroup, slips: list[Slip],
               codes: list[str], what: str) -> HttpResponse:
    """The PDF of ``slips`` as the download; if it cannot be made, the batch of ``codes`` is voided."""
    try:
        data = render_slips(session_name=session.name, slips=slips, vote_url=vote_url(request), trial=session.trial)
    except Exception:
        log.exception("voting slips PDF failed; voiding the batch just issued")
        batch = VoterCode.objects.filter(digest=digest(codes[0])).values_list("batch", flat=True).get()
        actions.codes_void(actor=request.user, session=session, batch=batch,
                           reason=_("生成投票码PDF失败，本批自动作废"))
        messages.error(request, _("生成PDF失败，刚生成的投票码已自动作废，请重试。"))
        return redirect(session_url(session))
    name = f"{session.name}-{group.name}-{what}（{len(slips)}张）.pdf"
    response = pdf_download(data, name, "voting-codes.pdf")
    # The page that asked stays as it was (a download is not a page); its script waits for this cookie,
    # then reloads to show the codes issued. A timer would cut a slow download short.
    token = request.POST.get("download_token", "")
    if DOWNLOAD_TOKEN.fullmatch(token):
        response.set_cookie(DOWNLOAD_COOKIE, token, max_age=120, samesite="Strict", secure=request.is_secure())
    return response


def _font_problem(request: HttpRequest, session: Session) -> HttpResponse | None:
    try:
        font_paths()
    except PdfFontMissing as exc:
        messages.error(request, str(exc))
        return redirect(session_url(session))
    return None


@require_POST
@capability_required("voting.manage")
def codes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """``count`` anonymous codes for a group, answered with the PDF of their slips."""
    session = get_session(pk)
    group = _group(session, request.POST.get("group", ""))
    count = request.POST.get("count", "").strip()
    if group is None:
        messages.error(request, _("请选择投票人类别。"))
        return redirect(session_url(session))
    if not count.isdigit() or not 1 <= int(count) <= MAX_COUNT:
        messages.error(request, _("投票码数量应为1至%(max)s之间的整数，而不是“%(value)s”。")
                       % {"max": MAX_COUNT, "value": count})
        return redirect(session_url(session))
    if (problem := _font_problem(request, session)) is not None:
        return problem
    try:
        codes = actions.codes_issue(actor=request.user, session=session, group=group, count=int(count))
    except CampaignError as exc:
        messages.error(request, str(exc))
        return redirect(session_url(session))
    return _slips_pdf(request, session, group, [Slip(code, group.name) for code in codes], codes, "投票码")


def _unit_ids(unit: Unit) -> list[int]:
    """The unit and every unit below it."""
    ids, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


@capability_required("voting.manage")
def roll(request: HttpRequest, pk: int) -> HttpResponse:
    """A named roll: choose people of a unit for a group; answered with the PDF of their personal slips."""
    session = get_session(pk)
    if request.method == "POST":
        return _roll_issue(request, session)
    units = list(Unit.objects.order_by("order", "id"))
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), None)
    on_roll = set(VoterCode.objects.filter(session=session, person__isnull=False).values_list("person_id", flat=True))
    people: list[dict[str, Any]] = []
    if unit is not None:
        people = [{"person": p, "on_roll": p.pk in on_roll} for p in
                  Person.objects.filter(unit_id__in=_unit_ids(unit)).select_related("unit").order_by("unit_id", "name")]
    return render(request, "voting/roll.html", {
        "session": session, "campaign": session.campaign, "units": units, "unit": unit, "people": people,
        "groups": list(session.groups.all()), "on_roll": len(on_roll),
    })


def _roll_issue(request: HttpRequest, session: Session) -> HttpResponse:
    back = reverse("voting:roll", args=[session.pk]) + (f"?unit={request.POST['unit']}"
                                                       if request.POST.get("unit", "").isdigit() else "")
    group = _group(session, request.POST.get("group", ""))
    ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
    if group is None:
        messages.error(request, _("请选择投票人类别。"))
        return redirect(back)
    persons = list(Person.objects.filter(pk__in=ids).order_by("name"))
    if not persons:
        messages.error(request, _("请至少选择一人。"))
        return redirect(back)
    if (problem := _font_problem(request, session)) is not None:
        return problem
    try:
        issued = actions.roll_issue(actor=request.user, session=session, group=group, persons=persons)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    slips = [Slip(code, group.name, person.name) for person, code in issued]
    return _slips_pdf(request, session, group, slips, [code for _person, code in issued], "个人投票码")


@require_POST
@capability_required("voting.manage")
def codes_void(request: HttpRequest, pk: int) -> HttpResponse:
    """Void the unused codes of a lost batch, with the reason."""
    session = get_session(pk)
    batch = request.POST.get("batch", "")
    if not batch.isdigit():
        messages.error(request, _("请选择要作废的批次。"))
        return redirect(session_url(session))
    try:
        voided = actions.codes_void(actor=request.user, session=session, batch=int(batch),
                                    reason=request.POST.get("reason", "").strip())
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("第%(batch)s批中未使用的%(count)s个投票码已作废。")
                         % {"batch": batch, "count": voided})
    return redirect(session_url(session))

