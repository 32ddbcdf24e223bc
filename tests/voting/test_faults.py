"""Faults of casting (issue 5, "Bad input, faults"): one code submitted 50 times at once, a double submit
from a slow phone, and the server killed with SIGKILL in the middle of a 1,000-voter load.

Each runs on the database the test run uses: SQLite by default, PostgreSQL under
``tools/with-postgres.sh python -m pytest tests/voting/test_faults.py`` (the HTTP tests then run their
gunicorn on a fresh database of that PostgreSQL server, and on a temporary SQLite instance as well).
Nothing here asserts a time: the kill is triggered by a count of receipts, not by a clock.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import secrets
import threading
import time
import urllib.parse
from typing import Any

import pytest
from bench._cast_harness import Refused, Voter, XuanrenAdapter
from django.db import connection

from tests.voting.world import build_voting_world, ready_session
from xuanren.campaigns.errors import CampaignError
from xuanren.voting.actions import Receipt, ballot_cast
from xuanren.voting.models import Ballot, BallotForm, VoterCode

USED = "此投票码已使用，每个投票码只能投票一次"


def full_marks(form: BallotForm) -> dict[str, Any]:
    """A ballot marking the first candidate of every post of ``form``."""
    return {str(form.pk): {str(p["post"]): {"marks": [p["candidates"][0]["application"]], "write_ins": []}
                           for p in form.content["posts"]}}


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_submissions_of_one_code_cast_exactly_one(personas: dict[str, Any]) -> None:
    """50 threads, each with its own connection and its own submission token, released at once by a
    barrier: one ballot, 49 refusals saying the code was used, the code used once."""
    vw = build_voting_world(personas)
    session, codes = ready_session(vw)
    code = codes["others"][0]
    marks = full_marks(BallotForm.objects.get(session=session))
    n = 50
    start = threading.Barrier(n)
    outcomes: list[Any] = [None] * n

    def cast(i: int) -> None:
        try:
            start.wait()
            outcomes[i] = ballot_cast(code=code, marks=marks, submission=f"{i:02d}{secrets.token_hex(16)}")
        except BaseException as exc:  # reported below, in the test's own thread
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    cast_ = [o for o in outcomes if isinstance(o, Receipt)]
    refused = [o for o in outcomes if isinstance(o, CampaignError)]
    assert len(cast_) == 1 and len(refused) == n - 1, (connection.vendor, [repr(o) for o in outcomes
                                                                          if not isinstance(o, Receipt)][:5])
    assert {(e.code, str(e)) for e in refused} == {("campaigns.voting.code_used", USED)}
    assert list(Ballot.objects.filter(session=session).values_list("receipt", flat=True)) == [cast_[0].receipt]
    assert VoterCode.objects.filter(session=session, used=True).count() == 1
    # The other codes are untouched.
    assert VoterCode.objects.filter(session=session, used=False).count() == sum(map(len, codes.values())) - 1


def _run(coroutine: Any) -> Any:
    """Run the HTTP client's coroutine in a thread of its own: the browser tests' Playwright keeps an event
    loop running in the main thread for the whole session, where ``asyncio.run`` refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_from_a_slow_phone_gets_the_same_receipt_and_casts_one_ballot(
        personas: dict[str, Any], live_server: Any) -> None:
    """Over HTTP: the first tap's request arrives whole but the phone loses the answer; once that ballot is
    committed the voter taps again on the same page (same code, token and answers), and again: each time
    the same receipt, and one ballot. Another page's token with the used code is refused."""
    vw = build_voting_world(personas)
    session, codes = ready_session(vw)
    port = urllib.parse.urlsplit(live_server.url).port
    adapter = XuanrenAdapter()
    voter = Voter(code=codes["others"][0], marks=full_marks(BallotForm.objects.get(session=session)))
    _run(adapter.open_ballot(port, voter))
    tap = adapter.cast_request(voter)

    _run(tap.send_and_hang_up(port))
    deadline = time.monotonic() + 60
    while not Ballot.objects.filter(session=session).exists():
        assert time.monotonic() < deadline, "the first submission was never committed"
        time.sleep(0.05)
    committed = Ballot.objects.get(session=session)

    second = _run(adapter.cast(port, voter))
    third = _run(adapter.cast(port, voter))
    assert second == third == committed.receipt
    assert Ballot.objects.filter(session=session).count() == 1
    assert VoterCode.objects.filter(session=session, used=True).count() == 1
    assert committed.marks == voter.marks

    forged = Voter(code=voter.code, marks=voter.marks, submission=secrets.token_urlsafe(24))
    with pytest.raises(Refused) as refused:
        _run(adapter.cast(port, forged))
    assert (refused.value.status, refused.value.message) == (400, USED)
    assert Ballot.objects.filter(session=session).count() == 1
