"""The published ballots (page and JSON) and the receipt check: nothing before the close, everything
after it, for anyone without logging in; a trial's ballots are marked as a trial."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.voting import actions
from xuanren.voting.ballotfile import session_export, verify_export
from xuanren.voting.models import Session
from xuanren.voting.public_views import PER_PAGE


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


_n = iter(range(10**6))


def cast_all(session: Session, codes: dict[str, list[str]], *, write_in: bool = False) -> list[str]:
    """Every code votes for P01's first candidate (and nobody on P02); returns the receipts."""
    form = session.forms.get()
    p01 = next(p for p in form.content["posts"] if p["code"] == "P01")
    receipts = []
    for plain in codes.values():
        for code in plain:
            marks = {str(form.pk): {str(p01["post"]): {"marks": [p01["candidates"][0]["application"]]}}}
            receipts.append(actions.ballot_cast(code=code, marks=marks,
                                                submission=f"submission-token-{next(_n):010d}").receipt)
    return receipts


def test_nothing_is_shown_before_the_close(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    receipts = cast_all(session, codes)
    client = Client()
    page = client.get(reverse("vote:ballots", kwargs={"pk": session.pk}))
    assert page.status_code == 200 and 'id="not-yet"' in page.content.decode()
    assert not any(r in page.content.decode() for r in receipts)
    assert client.get(reverse("vote:ballots_json", kwargs={"pk": session.pk})).status_code == 404
    check = client.get(reverse("vote:receipt"), {"receipt": receipts[0]})
    assert check.status_code == 200 and "结果公布后可核对" in check.content.decode()
    assert 'id="ballot"' not in check.content.decode()


def test_after_the_close_every_ballot_is_published_with_its_receipt(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    receipts = cast_all(session, codes)
    actions.session_close(actor=vw.organiser, session=session)
    client = Client()
    page = client.get(reverse("vote:ballots", kwargs={"pk": session.pk}))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="ballots"' in html and 'id="result"' in html
    positions = [html.index(r) for r in sorted(receipts)]
    assert positions == sorted(positions)  # listed in receipt order
    name = vw.world.people[0].name
    assert html.count(f"P01 办公室副主任：{name}") == len(receipts)
    data = client.get(reverse("vote:ballots_json", kwargs={"pk": session.pk}))
    assert data.status_code == 200 and data["Content-Type"].startswith("application/json")
    export = json.loads(data.content)
    assert export == session_export(session)
    assert sorted(b["receipt"] for b in export["ballots"]) == sorted(receipts)
    assert verify_export(data.content).ok


def test_the_ballots_page_is_paged(vw: VotingWorld) -> None:
    session, codes = ready_session(vw, codes=PER_PAGE // 3 + 1)
    receipts = cast_all(session, codes)
    actions.session_close(actor=vw.organiser, session=session)
    first = Client().get(reverse("vote:ballots", kwargs={"pk": session.pk})).content.decode()
    second = Client().get(reverse("vote:ballots", kwargs={"pk": session.pk}), {"page": 2}).content.decode()
    ordered = sorted(receipts)
    assert ordered[PER_PAGE - 1] in first and ordered[PER_PAGE] not in first and ordered[PER_PAGE] in second


def test_a_voter_checks_their_ballot_by_receipt(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    receipts = cast_all(session, codes)
    actions.session_close(actor=vw.organiser, session=session)
    client = Client()
    typed = receipts[0].lower().replace("-", " ")
    page = client.get(reverse("vote:receipt"), {"receipt": typed}).content.decode()
    assert 'id="counted"' in page and receipts[0] in page and vw.world.people[0].name in page
    assert "（未推荐）" in page  # P02 left blank
    assert 'id="unknown"' in client.get(reverse("vote:receipt"), {"receipt": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert 'id="malformed"' in client.get(reverse("vote:receipt"), {"receipt": "12"}).content.decode()
    assert 'id="ballot"' not in client.get(reverse("vote:receipt")).content.decode()


def test_a_trial_sessions_ballots_are_shown_as_a_trial(vw: VotingWorld) -> None:
    session, codes = ready_session(vw, trial=True)
    receipts = cast_all(session, codes)
    actions.session_close(actor=vw.organiser, session=session)
    client = Client()
    page = client.get(reverse("vote:ballots", kwargs={"pk": session.pk})).content.decode()
    assert 'id="trial"' in page and "不计入任何结果" in page
    check = client.get(reverse("vote:receipt"), {"receipt": receipts[0]}).content.decode()
    assert 'id="trial"' in check and 'id="counted"' not in check
    assert json.loads(client.get(reverse("vote:ballots_json", kwargs={"pk": session.pk})).content)["session"][
        "trial"] is True


def test_an_unknown_session_is_not_found(vw: VotingWorld) -> None:
    assert Client().get(reverse("vote:ballots", kwargs={"pk": 999999})).status_code == 404
    assert Client().get(reverse("vote:ballots_json", kwargs={"pk": 999999})).status_code == 404
