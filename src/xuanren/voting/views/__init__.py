"""The organiser's voting pages under /voting/ (one module per part):

- :mod:`.sessions`: a stage's sessions, creating one, a session's page (voter groups, ballot forms,
  turnout, the result after the close), opening, closing, and sealing the stage;
- :mod:`.codes`: issuing codes as a PDF of slips (anonymous, or a named roll with each person's name),
  voiding a lost batch;
- :mod:`.screen`: the projector page (大屏) and its live fragment.

Each view parses the request, checks the capability (``voting.view`` to read, ``voting.manage`` to change,
``stages.seal`` to seal), calls one action and renders or redirects; a refusal is shown in the action's
words and nothing has changed. Plain codes exist only inside the request that issues them: the PDF is
made from them and returned as the download, and neither is stored.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from xuanren.campaigns.models import Stage, StageKind
from xuanren.voting.models import Session

#: The kinds of stage that are voted on in sessions.
VOTING_STAGES = (StageKind.RECOMMENDATION, StageKind.EVALUATION)


def get_session(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("campaign", "stage"), pk=pk)


def get_stage(campaign_pk: int, stage_pk: int) -> Stage:
    stage = get_object_or_404(Stage.objects.select_related("campaign"), pk=stage_pk, campaign_id=campaign_pk)
    if stage.kind not in VOTING_STAGES:
        raise Http404("not a voting stage")
    return stage


def session_url(session: Session | int) -> str:
    return reverse("voting:session", args=[session.pk if isinstance(session, Session) else session])


def vote_url(request: HttpRequest) -> str:
    """The absolute address of the voter's page, printed on the slips and shown on the projector."""
    return request.build_absolute_uri("/vote/")


def pdf_download(data: bytes, name: str, fallback: str) -> HttpResponse:
    """``data`` as a PDF download named ``name`` (UTF-8) / ``fallback`` (ASCII); never cached by anyone."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    response["Cache-Control"] = "no-store, private"
    return response
