"""Keeping voters' addresses and codes out of every log.

:class:`VoterPrivacyMiddleware` (first in ``MIDDLEWARE``) handles every request under ``/vote/``
before anything else sees it: it keeps a keyed digest of the client's address on the request (for
the guessing throttle only: ``request.voting_client``), then blanks ``REMOTE_ADDR`` and removes the
forwarding headers from the WSGI environ. Django's ``request.META`` *is* the environ the server
logs from, so gunicorn's access-log ``%(h)s`` shows ``-`` for these requests too (docs/voting.md
says which gunicorn settings to use). The code itself never appears in a URL: the printed QR code
carries it in the fragment (``/vote/#CODE``), which browsers never send, and the page posts it in the
body.

:class:`VoterLogFilter` (on the log handlers, see ``LOGGING``) is the second line: while a voter's
request is being handled it drops SQL debug records (their parameters hold the ballot's marks) and
takes the request object off every record, so no handler (an error e-mail, say) can print the POST
body, which holds the code and the marks.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from xuanren.voting.codes import client_key

#: The voter pages' path prefix (voter_urls is mounted there).
VOTER_PREFIX = "/vote/"
#: Headers that can carry a client address (as WSGI environ keys); removed on voter requests.
ADDRESS_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "HTTP_CLIENT_IP",
                   "HTTP_TRUE_CLIENT_IP", "HTTP_CF_CONNECTING_IP", "HTTP_X_CLUSTER_CLIENT_IP")

_in_voter_request: contextvars.ContextVar[bool] = contextvars.ContextVar("in_voter_request", default=False)


def is_voter_path(path: str) -> bool:
    return path == VOTER_PREFIX.rstrip("/") or path.startswith(VOTER_PREFIX)


def client_of(meta: dict[str, str]) -> str:
    """A keyed digest of the client's address: ``REMOTE_ADDR``, or behind a reverse proxy the address the
    proxy adds last to the header named by ``settings.VOTING_CLIENT_HEADER`` (e.g.
    ``"HTTP_X_FORWARDED_FOR"``, ``"HTTP_X_REAL_IP"``)."""
    address = meta.get("REMOTE_ADDR", "") or ""
    header = getattr(settings, "VOTING_CLIENT_HEADER", "")
    if header and meta.get(header):
        address = meta[header].split(",")[-1].strip() or address
    return client_key(address)


def blank(meta: dict[str, str]) -> None:
    meta["REMOTE_ADDR"] = ""
    for header in ADDRESS_HEADERS:
        meta.pop(header, None)


@contextlib.contextmanager
def secret_ballot() -> Iterator[None]:
    """While this runs, log records are treated as during a voter's request: SQL debug records are
    dropped and the request is taken off the others (:class:`VoterLogFilter`). For casting a secret
    ballot outside /vote/, e.g. a committee member's vote on their own device."""
    token = _in_voter_request.set(True)
    try:
        yield
    finally:
        _in_voter_request.reset(token)


class VoterPrivacyMiddleware:
    """For ``/vote/`` requests: digest the address for the throttle, then blank it everywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_voter_path(request.path_info):
            return self.get_response(request)
        request.voting_client = client_of(request.META)  # type: ignore[attr-defined]
        blank(request.META)
        token = _in_voter_request.set(True)
        try:
            response = self.get_response(request)
        finally:
            _in_voter_request.reset(token)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response


class VoterLogFilter(logging.Filter):
    """While a voter's request runs: drop SQL debug records, and strip the request from the others."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path_info", "") if request is not None else ""
        if not (_in_voter_request.get() or (isinstance(path, str) and is_voter_path(path))):
            return True
        if record.name.startswith("django.db.backends"):
            return False
        if request is not None:
            record.request = None
        return True
