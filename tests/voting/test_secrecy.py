"""Secret ballot: nothing stored or logged links a code, a person or a request to a ballot.

- the Ballot model has no field that could: no time, no sequential id, no link to a code, person or user;
- nothing in the whole database holds a plain code after casting, and the record gets no event per ballot;
- no log record of a cast (at DEBUG, with SQL logging on) holds the code or the voter's address;
- the voters' requests have their address blanked before any middleware, view or server log sees it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client, RequestFactory

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.record.models import Event
from xuanren.voting import actions
from xuanren.voting import codes as C
from xuanren.voting.models import Ballot, VoterCode
from xuanren.voting.privacy import VoterLogFilter, VoterPrivacyMiddleware

ADDRESS = "203.0.113.77"


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


# --- the models -----------------------------------------------------------------------------------

def test_a_ballot_has_no_field_linking_it_to_a_voter_or_a_time() -> None:
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert set(fields) == {"id", "session", "group", "marks", "receipt", "submission"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    assert fields["id"].default is uuid.uuid4  # random, not sequential
    for f in fields.values():
        assert not isinstance(f, models.DateField | models.TimeField | models.DurationField | models.AutoField), f
    related = {f.name: f.related_model._meta.label for f in fields.values() if f.is_relation}
    assert related == {"session": "voting.Session", "group": "voting.VoterGroup"}
    assert "-" not in Ballot._meta.ordering[0] and Ballot._meta.ordering == ["session_id", "receipt"]


def test_no_model_points_at_a_ballot_and_a_code_knows_only_that_it_was_used() -> None:
    pointing = [f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in m._meta.get_fields()
                if f.is_relation and f.concrete and f.related_model is Ballot]
    assert pointing == []
    code_fields = {f.name for f in VoterCode._meta.get_fields()}
    assert code_fields == {"id", "session", "group", "digest", "person", "used", "batch", "void"}
    assert not any(isinstance(f, models.DateField | models.TimeField) for f in VoterCode._meta.get_fields()
                   if f.concrete)


# --- what is stored -------------------------------------------------------------------------------

def _everything() -> str:
    """Every row of every table, as text."""
    return "\n".join(repr(list(m.objects.values())) for m in apps.get_models())


def test_after_casting_no_plain_code_is_stored_and_no_event_is_recorded(vw: VotingWorld) -> None:
    _, codes = ready_session(vw)
    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    cast = []
    for i, code in enumerate(codes["others"]):
        cast.append((code, actions.ballot_cast(code=code, marks={}, submission=f"secret-token-{i:08d}").receipt))
    assert not Event.objects.filter(seq__gt=last).exists()
    stored = _everything()
    events = repr(list(Event.objects.values()))
    for code, receipt in cast:
        assert code not in stored and C.display(code) not in stored
        assert receipt not in events
    assert "secret-token" not in stored
    assert all(uuid.UUID(str(pk)).version == 4 for pk in Ballot.objects.values_list("id", flat=True))


# --- what is logged -------------------------------------------------------------------------------

def test_no_log_record_of_a_cast_holds_the_code_or_the_address(vw: VotingWorld, caplog: pytest.LogCaptureFixture,
                                                              settings: Any) -> None:
    session, codes = ready_session(vw)
    form = session.forms.get()
    post = form.content["posts"][0]
    code = codes["others"][0]
    settings.DEBUG = True  # SQL is logged at DEBUG: the code must not be in it either
    client = Client(REMOTE_ADDR=ADDRESS)
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="django.db.backends"):
        r = client.post("/vote/", {"step": "open", "code": C.display(code)})
        token = r.content.decode().split('name="submission" value="')[1].split('"')[0]
        answer = {f"m-{form.pk}-{post['post']}": [str(post["candidates"][0]["application"])]}
        client.post("/vote/", {"step": "review", "code": code, "submission": token, **answer})
        client.post("/vote/", {"step": "confirm", "code": code, "submission": token, **answer})
        client.post("/vote/", {"step": "open", "code": "ABCDE-FGHJK"})  # a refusal logs nothing either
        actions.ballot_cast(code=codes["others"][1], marks={}, submission="another-token-0000")
    assert Ballot.objects.count() == 2
    assert any(r.name.startswith("django.db.backends") for r in caplog.records)  # SQL was logged...
    text = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    for secret in (code, C.display(code), codes["others"][1], token, ADDRESS):
        assert secret not in text  # ...but never a code, a token or the address


def test_the_log_filter_keeps_sql_and_requests_of_voters_from_the_handlers(vw: VotingWorld, settings: Any) -> None:
    _, codes = ready_session(vw)
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    handler = Keep(level=logging.DEBUG)
    handler.addFilter(VoterLogFilter())
    root, sql_logger = logging.getLogger(), logging.getLogger("django.db.backends")
    old, old_sql = root.level, sql_logger.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    sql_logger.setLevel(logging.DEBUG)
    settings.DEBUG = True
    try:
        Client().post("/vote/", {"step": "confirm", "code": codes["others"][0], "submission": "t" * 20})
        Client().post("/vote/", {"step": "open", "code": "ABCDE-FGHJK"})
        Client().get("/vote/nowhere/")  # a 404 under /vote/ is logged, without its request
        Client().get("/public/")  # outside /vote/: SQL is logged as usual
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
        sql_logger.setLevel(old_sql)
    assert Ballot.objects.count() == 1
    assert any("Not Found: /vote/nowhere/" in r.getMessage() for r in seen)
    assert all(getattr(r, "request", None) is None for r in seen if "/vote/" in r.getMessage())
    sql = [r.getMessage() for r in seen if r.name == "django.db.backends"]
    assert sql and not any("voting_ballot" in s or "voting_votercode" in s for s in sql)


# --- the request ----------------------------------------------------------------------------------

def test_the_voters_address_is_blanked_before_anything_sees_it(settings: Any) -> None:
    seen: dict[str, Any] = {}

    def view(request: Any) -> Any:
        seen["meta"] = dict(request.META)
        seen["client"] = getattr(request, "voting_client", None)
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = VoterPrivacyMiddleware(view)
    request = RequestFactory().post("/vote/", {"code": "x"}, REMOTE_ADDR=ADDRESS,
                                    HTTP_X_FORWARDED_FOR=f"10.0.0.1, {ADDRESS}", HTTP_X_REAL_IP=ADDRESS)
    middleware(request)
    assert seen["meta"]["REMOTE_ADDR"] == ""
    assert ADDRESS not in repr(seen["meta"]) and ADDRESS not in seen["client"]
    # The WSGI environ the server writes its access log from is the same dict: blanked too.
    assert request.environ is request.META and request.environ["REMOTE_ADDR"] == ""
    assert seen["client"] == C.client_key(ADDRESS)
    # Behind a proxy, the address it adds last is the client.
    settings.VOTING_CLIENT_HEADER = "HTTP_X_FORWARDED_FOR"
    middleware(RequestFactory().post("/vote/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ADDRESS}"))
    assert seen["client"] == C.client_key(ADDRESS)
    # Other pages keep their address.
    middleware(RequestFactory().get("/public/", REMOTE_ADDR=ADDRESS))
    assert seen["meta"]["REMOTE_ADDR"] == ADDRESS and seen["client"] is None


def test_the_middleware_comes_first(settings: Any) -> None:
    assert settings.MIDDLEWARE[0] == "xuanren.voting.privacy.VoterPrivacyMiddleware"
    assert "voter_privacy" in settings.LOGGING["handlers"]["console"]["filters"]
