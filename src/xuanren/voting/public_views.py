"""Published ballots and the receipt check (公开选票与回执核对): public pages, no log-in.

Once a session is closed its anonymised ballots are published — each with its receipt code, its voter
group and what it marked, in receipt order — as a page and as the export file
(:func:`xuanren.voting.ballotfile.session_export`, ``xuanren tally --verify`` recomputes its result).
A voter who kept their receipt types it on the receipt page and sees their ballot as it was counted.
Before the close nothing of any ballot is shown ("结果公布后可核对"). A trial session's ballots are shown
marked as a trial (模拟测试，不计入结果).

These pages read; they log nothing about who asks for what, and a ballot carries nothing that leads
back to a voter (see :mod:`xuanren.voting.models`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from xuanren.campaigns.public_views import public_page
from xuanren.voting.ballotfile import export_json, forms_of, session_export
from xuanren.voting.codes import normalise_receipt
from xuanren.voting.counting import describe_ballot
from xuanren.voting.models import Ballot, Session

PER_PAGE = 100


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("campaign", "stage"), pk=pk)


def _published(session: Session) -> bool:
    return session.status == Session.Status.CLOSED and session.result is not None


@public_page
def session_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's ballots with their receipts, 100 a page (only once it is closed)."""
    session = _session(pk)
    context: dict[str, Any] = {"session": session, "campaign": session.campaign, "published": _published(session)}
    if context["published"]:
        forms = forms_of(session)
        names = dict(session.groups.values_list("code", "name"))
        qs = Ballot.objects.filter(session=session).order_by("receipt").values_list("receipt", "group__code", "marks")
        page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
        context.update(page=page, result=session.result, ballots=[
            {"receipt": receipt, "group": names.get(group, group), "forms": describe_ballot(forms, marks)}
            for receipt, group, marks in page.object_list])
    return render(request, "voting/public/ballots.html", context)


@public_page
def session_ballots_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The export (a) of a closed session: rules, forms, turnout, every ballot, the result, the digests."""
    session = _session(pk)
    if not _published(session):
        raise Http404("结果公布后可核对")
    response = HttpResponse(export_json(session_export(session)), content_type="application/json; charset=utf-8")
    name = f"ballots-{session.pk}.json"
    response["Content-Disposition"] = f"inline; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return response


@public_page
def receipt_check(request: HttpRequest) -> HttpResponse:
    """A voter types their receipt code and sees their ballot as counted (after the close only)."""
    typed = (request.GET.get("receipt") or "").strip()[:64]
    context: dict[str, Any] = {"typed": typed, "state": "ask"}
    if typed:
        receipt = normalise_receipt(typed)
        row = (Ballot.objects.filter(receipt=receipt).select_related("session", "session__campaign", "group").first()
               if receipt else None)
        if receipt is None:
            context["state"] = "malformed"
        elif row is None:
            context["state"] = "unknown"
        elif not _published(row.session):
            context.update(state="not_yet", session=row.session)
        else:
            context.update(state="found", session=row.session, receipt=row.receipt, group=row.group.name,
                           forms=describe_ballot(forms_of(row.session), row.marks))
    return render(request, "voting/public/receipt.html", context)
