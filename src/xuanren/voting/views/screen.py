"""The projector page (大屏): the session's name, turnout per group and in total, refreshed every two seconds.

While voting is open it shows only turnout (entitled, issued, returned) — never a partial result. After
the close it says "投票已结束", and once the stage is sealed (a trial session: at once, marked as such) it
shows the result summary. A QR code of the voting page (without any code) lets people open it on their
phones; the code itself is on each voter's slip.
"""

from __future__ import annotations

from typing import Any

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from xuanren.accounts.access import capability_required
from xuanren.campaigns.models import Stage
from xuanren.voting.models import Session
from xuanren.voting.views import get_session, vote_url
from xuanren.voting.views.sessions import turnout_summary

#: How often the projector page asks for fresh figures, in seconds.
REFRESH_SECONDS = 2


def result_shown(session: Session) -> bool:
    """The result is on the projector once it is public: the stage is sealed (a trial: once it is closed)."""
    if session.status != Session.Status.CLOSED or session.result is None:
        return False
    return session.trial or (session.stage is not None and session.stage.status == Stage.Status.SEALED)


def _context(request: HttpRequest, session: Session) -> dict[str, Any]:
    shown = result_shown(session)
    return {"session": session, "turnout": turnout_summary(session), "result": session.result if shown else None,
            "closed": session.status == Session.Status.CLOSED, "draft": session.status == Session.Status.DRAFT,
            "polling": not shown, "refresh": REFRESH_SECONDS}


@capability_required("voting.view")
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(pk)
    url = vote_url(request)
    qr = mark_safe(segno.make(url, error="m").svg_inline(scale=7, dark="#000", light="#fff"))
    return render(request, "voting/screen.html", _context(request, session) | {"vote_url": url, "qr": qr})


@capability_required("voting.view")
def screen_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the projector page that changes (htmx swaps it in every two seconds)."""
    response = render(request, "voting/_screen_live.html", _context(request, get_session(pk)))
    response["Cache-Control"] = "no-store"
    return response
