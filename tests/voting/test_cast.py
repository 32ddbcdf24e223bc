"""Casting: the code check, the ballot check (marks beyond max_marks, posts and candidates not on the
ballot, write-ins), blank ballots, trial sessions, closed sessions, double submits, guessing throttled,
and 50 simultaneous submissions of one code."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.campaigns.errors import CampaignError
from xuanren.voting import actions
from xuanren.voting import codes as C
from xuanren.voting.models import Ballot, BallotForm, Session, VoterCode


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


def _form(session: Session) -> BallotForm:
    return session.forms.get()


def _post(form: BallotForm, code: str) -> dict[str, Any]:
    return next(p for p in form.content["posts"] if p["code"] == code)


TOKEN = "t0ken-0123456789abcdef"


def refused(code: str, **kw: Any) -> str:
    with pytest.raises(CampaignError) as e:
        actions.ballot_cast(code=code, **kw)
    return e.value.code.removeprefix("campaigns.voting.")


# --- lookup ---------------------------------------------------------------------------------------

def test_a_code_opens_its_session_group_and_forms(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    ticket = actions.code_lookup(codes["middle_managers"][1])
    assert ticket.session == session and ticket.group.code == "middle_managers" and not ticket.trial
    assert [f.title for f in ticket.forms] == ["民主推荐票"]
    typed = C.display(codes["others"][0]).lower().replace("0", "o").replace("-", " ")
    assert actions.code_lookup(typed).group.code == "others"


def test_lookup_refusals(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    _draft, draft_codes = ready_session(vw, open_it=False, name="第二场")
    for code, why in (("ABCDE", "code_malformed"), ("ABCDE-FGHJK", "code_unknown"),
                      (draft_codes["others"][0], "not_open")):
        with pytest.raises(CampaignError) as e:
            actions.code_lookup(code)
        assert e.value.code == f"campaigns.voting.{why}"
    actions.ballot_cast(code=codes["others"][0], marks={}, submission=TOKEN)
    with pytest.raises(CampaignError) as e:
        actions.code_lookup(codes["others"][0])
    assert e.value.code == "campaigns.voting.code_used" and "只能投票一次" in str(e.value)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CLOSED)
    with pytest.raises(CampaignError) as e:
        actions.code_lookup(codes["others"][1])
    assert e.value.code == "campaigns.voting.closed" and str(e.value) == "本场投票已结束"


# --- casting --------------------------------------------------------------------------------------

def test_a_ballot_is_cast_once_with_a_receipt(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    form = _form(session)
    p01, p02 = _post(form, "P01"), _post(form, "P02")
    a = p01["candidates"][1]["application"]
    receipt = actions.ballot_cast(code=codes["others"][0], submission=TOKEN,
                                  marks={str(form.pk): {str(p01["post"]): {"marks": [a]}, str(p02["post"]): []}})
    assert C.normalise_receipt(receipt.receipt) == receipt.receipt
    assert receipt.session == session and receipt.trial is False
    ballot = Ballot.objects.get()
    assert ballot.receipt == receipt.receipt and ballot.group.code == "others"
    # Blank answers are left out; what is kept is what was marked.
    assert ballot.marks == {str(form.pk): {str(p01["post"]): {"marks": [a], "write_ins": []}}}
    assert ballot.submission == C.submission_digest(TOKEN) and TOKEN not in ballot.submission
    assert VoterCode.objects.filter(used=True).count() == 1
    assert refused(codes["others"][0], marks={}, submission="another-token-000000") == "code_used"
    assert Ballot.objects.count() == 1


def test_a_blank_ballot_is_valid(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    form = _form(session)
    actions.ballot_cast(code=codes["leaders"][0], marks={}, submission=TOKEN)
    actions.ballot_cast(code=codes["leaders"][1], marks={str(form.pk): {}}, submission=TOKEN + "2")
    actions.ballot_cast(code=codes["leaders"][2], submission=TOKEN + "3",
                        marks={str(form.pk): {str(p["post"]): {"marks": [], "write_ins": ["", " "]}
                                              for p in form.content["posts"]}})
    assert [b.marks for b in Ballot.objects.all()] == [{}, {}, {}]


def test_the_same_submission_again_returns_the_same_receipt_and_casts_nothing(vw: VotingWorld) -> None:
    _session, codes = ready_session(vw)
    code = codes["others"][0]
    first = actions.ballot_cast(code=code, marks={}, submission=TOKEN)
    again = actions.ballot_cast(code=C.display(code), marks={}, submission=TOKEN)
    assert again.receipt == first.receipt
    assert Ballot.objects.count() == 1
    # The token of one code's ballot does not cast or reveal anything for another code.
    assert refused(codes["others"][1], marks={}, submission=TOKEN) == "submission"
    assert Ballot.objects.count() == 1 and VoterCode.objects.filter(used=True).count() == 1


@pytest.mark.parametrize("submission", ["", "short", "x" * 201])
def test_a_missing_submission_token_is_refused(vw: VotingWorld, submission: str) -> None:
    _, codes = ready_session(vw)
    assert refused(codes["others"][0], marks={}, submission=submission) == "submission"
    assert not Ballot.objects.exists() and not VoterCode.objects.filter(used=True).exists()


def test_a_trial_session_ballot_is_flagged_trial(vw: VotingWorld) -> None:
    _session, codes = ready_session(vw, trial=True)
    ticket = actions.code_lookup(codes["others"][0])
    assert ticket.trial
    receipt = actions.ballot_cast(code=codes["others"][0], marks={}, submission=TOKEN)
    assert receipt.trial is True and receipt.session.trial


def test_a_closed_session_takes_no_ballot(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CLOSED)
    assert refused(codes["others"][0], marks={}, submission=TOKEN) == "closed"
    assert not Ballot.objects.exists() and not VoterCode.objects.filter(used=True).exists()


def test_a_ballot_that_does_not_fit_is_refused_whole(vw: VotingWorld) -> None:
    session, codes = ready_session(vw)
    form = _form(session)
    p01, p02 = _post(form, "P01"), _post(form, "P02")
    a1, a2 = (c["application"] for c in p01["candidates"][:2])
    b1 = p02["candidates"][0]["application"]
    f, k1, k2 = str(form.pk), str(p01["post"]), str(p02["post"])
    p03 = str(vw.world.posts["P03"].pk)
    cases = {
        "too_many_marks": {f: {k1: [a1, a2]}},
        "unknown_post": {f: {p03: [a1]}},
        "unknown_candidate": {f: {k1: [b1]}},  # a candidate of P02 marked under P01
        "duplicate": {f: {k1: [a1, a1]}},
        "no_write_ins": {f: {k1: {"marks": [], "write_ins": ["张三"]}}},
        "unknown_form": {"999999": {}},
        "malformed_ballot": [1, 2],
        "malformed_form": {f: ["x"]},
        "malformed": {f: {k1: {"marks": [a1], "extra": 1}}},
    }
    code = codes["others"][0]
    for why, marks in cases.items():
        assert refused(code, marks=marks, submission=TOKEN) == f"ballot.{why}", why
    with pytest.raises(CampaignError) as e:
        actions.ballot_cast(code=code, marks=cases["too_many_marks"], submission=TOKEN)
    assert str(e.value) == "职位P01（办公室副主任）最多推荐1人，本票标记了2人"
    assert not Ballot.objects.exists() and not VoterCode.objects.filter(used=True).exists()
    # The code still works for a ballot that fits.
    actions.ballot_cast(code=code, marks={f: {k1: [a1], k2: [str(b1)]}}, submission=TOKEN)
    assert Ballot.objects.get().marks == {f: {k1: {"marks": [a1], "write_ins": []},
                                              k2: {"marks": [b1], "write_ins": []}}}


def test_write_ins_only_where_offered_and_they_take_marks(vw: VotingWorld) -> None:
    session, codes = ready_session(vw, open_it=False)
    p01 = vw.world.posts["P01"]
    form = _form(session)
    actions.form_set(actor=vw.organiser, session=session, form=form, kind="recommendation", title="推荐票",
                     content={"posts": [{"post": p01.pk, "max_marks": 2, "write_ins": 1}]})
    actions.session_open(actor=vw.organiser, session=session)
    form.refresh_from_db()
    f, k = str(form.pk), str(p01.pk)
    a1, a2 = (c["application"] for c in form.content["posts"][0]["candidates"][:2])
    code = codes["others"][0]
    assert refused(code, marks={f: {k: {"marks": [], "write_ins": ["甲", "乙"]}}},
                   submission=TOKEN) == "ballot.write_ins"
    assert refused(code, marks={f: {k: {"marks": [a1, a2], "write_ins": ["甲"]}}},
                   submission=TOKEN) == "ballot.too_many_marks"
    actions.ballot_cast(code=code, marks={f: {k: {"marks": [a1], "write_ins": ["  王  五 "]}}}, submission=TOKEN)
    assert Ballot.objects.get().marks == {f: {k: {"marks": [a1], "write_ins": ["王 五"]}}}


def test_evaluation_and_elements_ballots(vw: VotingWorld) -> None:
    session, codes = ready_session(vw, stage=vw.evaluation, open_it=False)
    elements = actions.form_set(actor=vw.organiser, session=session, kind="elements", title="要素", content={})
    actions.session_open(actor=vw.organiser, session=session)
    evaluation = session.forms.get(kind="evaluation")
    s1, s2, s3 = (str(s["person"]) for s in evaluation.content["subjects"])
    c1, c2 = (c["application"] for c in elements.content["candidates"][:2])
    e, v = str(elements.pk), str(evaluation.pk)
    code = codes["all"][0]
    assert refused(code, marks={v: {s1: "good"}}, submission=TOKEN) == "ballot.unknown_grade"
    assert refused(code, marks={v: {"999999": "excellent"}}, submission=TOKEN) == "ballot.unknown_person"
    assert refused(code, marks={e: {"6": [c1]}}, submission=TOKEN) == "ballot.unknown_element"
    assert refused(code, marks={e: {"0": [c1, c2]}}, submission=TOKEN) == "ballot.too_many_marks"
    assert refused(code, marks={e: {"0": [10 ** 9]}}, submission=TOKEN) == "ballot.unknown_candidate"
    actions.ballot_cast(code=code, submission=TOKEN,
                        marks={v: {s1: "excellent", s2: "unknown", s3: ""}, e: {"0": [c1], "5": str(c2), "2": []}})
    assert Ballot.objects.get().marks == {v: {s1: "excellent", s2: "unknown"}, e: {"0": [c1], "5": [c2]}}


# --- guessing -------------------------------------------------------------------------------------

def test_guessing_is_throttled_per_client(vw: VotingWorld, settings: Any) -> None:
    settings.VOTING_FAILURE_LIMIT = 10
    _, codes = ready_session(vw)
    guesser, voter = "203.0.113.9", "198.51.100.4"
    for i in range(10):
        with pytest.raises(CampaignError) as e:
            actions.code_lookup(f"ABCDE-{i:05d}", client=guesser)
        assert e.value.code == "campaigns.voting.code_unknown"
    with pytest.raises(CampaignError) as e:
        actions.code_lookup(codes["others"][0], client=guesser)  # even a real code, now
    assert e.value.code == "campaigns.voting.too_many_tries" and str(e.value) == "尝试次数过多，请稍后再试"
    assert refused(codes["others"][0], marks={}, submission=TOKEN, client=guesser) == "too_many_tries"
    # Another client is not affected; used codes do not count as guesses.
    actions.ballot_cast(code=codes["others"][0], marks={}, submission=TOKEN, client=voter)
    for _ in range(12):
        assert refused(codes["others"][0], marks={}, submission=TOKEN + "x", client=voter) == "code_used"
    assert actions.code_lookup(codes["others"][1], client=voter).group.code == "others"
    # The address is kept only as a keyed digest.
    from xuanren.accounts.models import LoginFailure

    keys = list(LoginFailure.objects.values_list("username", flat=True))
    assert len(keys) == 1 and guesser not in keys[0] and keys[0].startswith("vote:")


def test_the_throttle_window_passes(vw: VotingWorld, settings: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from xuanren.voting import throttle

    settings.VOTING_FAILURE_LIMIT = 2
    now = timezone.now()
    throttle.note_failure("c", now=now)
    throttle.note_failure("c", now=now)
    assert throttle.is_locked("c", now=now + dt.timedelta(seconds=599))
    assert not throttle.is_locked("c", now=now + dt.timedelta(seconds=601))
    throttle.note_failure("c", now=now + dt.timedelta(seconds=601))
    assert not throttle.is_locked("c", now=now + dt.timedelta(seconds=602))


# --- concurrency ----------------------------------------------------------------------------------

def _race(n: int, fn: Any) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_submissions_of_one_code_cast_one_ballot(personas: dict[str, Any]) -> None:
    vw = build_voting_world(personas)
    _, codes = ready_session(vw)
    code = codes["others"][0]
    assert connection.vendor in ("sqlite", "postgresql")
    results = _race(50, lambda i: actions.ballot_cast(code=code, marks={}, submission=f"phone-{i:016d}"))
    receipts = [r for r in results if isinstance(r, actions.Receipt)]
    refusals = [r for r in results if isinstance(r, CampaignError)]
    assert len(receipts) == 1, [r for r in results if not isinstance(r, actions.Receipt | CampaignError)]
    assert len(refusals) == 49 and {r.code for r in refusals} == {"campaigns.voting.code_used"}
    assert Ballot.objects.count() == 1 and Ballot.objects.get().receipt == receipts[0].receipt


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_repeats_of_one_submission_share_one_receipt(personas: dict[str, Any]) -> None:
    vw = build_voting_world(personas)
    _, codes = ready_session(vw)
    code = codes["others"][0]
    results = _race(50, lambda i: actions.ballot_cast(code=code, marks={}, submission=TOKEN))
    assert all(isinstance(r, actions.Receipt) for r in results), results
    assert len({r.receipt for r in results}) == 1
    assert Ballot.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_cast_racing_the_close_is_either_counted_or_refused(personas: dict[str, Any]) -> None:
    """A close holding the session's row (as ``session_close`` does) makes a cast wait; once the close has
    committed, the cast finds the session closed — never a ballot inserted into a session already counted."""
    import time

    from django.db import transaction

    vw = build_voting_world(personas)
    session, codes = ready_session(vw)
    locked, done = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def close() -> None:
        try:
            with transaction.atomic():
                Session.objects.select_for_update().get(pk=session.pk)
                locked.set()
                time.sleep(1.0)
                Session.objects.filter(pk=session.pk).update(status=Session.Status.CLOSED)
        finally:
            done.set()
            connections.close_all()

    def cast() -> None:
        outcome["waited"] = locked.wait(60)  # a loaded machine may take seconds to get the close going
        try:
            outcome["result"] = actions.ballot_cast(code=codes["others"][0], marks={}, submission=TOKEN)
        except CampaignError as exc:
            outcome["result"] = exc
        finally:
            outcome["after_close"] = done.is_set()
            connections.close_all()

    threads = [threading.Thread(target=close), threading.Thread(target=cast)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome["waited"] and outcome["after_close"]  # the cast waited for the close
    assert isinstance(outcome["result"], CampaignError) and outcome["result"].code == "campaigns.voting.closed"
    assert not Ballot.objects.exists() and not VoterCode.objects.filter(used=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_broken_between_requests_costs_the_voter_nothing(personas: dict[str, Any]) -> None:
    """The code lookup is the request's health check (``cast._first_read``): when the kept connection broke
    between two requests (the database restarted), the lookup runs again on a new connection."""
    vw = build_voting_world(personas)
    _session, codes = ready_session(vw)
    assert actions.code_lookup(codes["others"][0]).group.code == "others"
    connection.close_if_unusable_or_obsolete()  # what Django does when the next request starts
    if connection.vendor == "postgresql":
        import psycopg

        before = connection.connection.info.backend_pid
        params = connection.get_connection_params()
        with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [before])
        ticket = actions.code_lookup(codes["others"][1])
        assert ticket.group.code == "others"
        assert connection.connection.info.backend_pid != before
        assert connection.health_check_done
    else:
        # A SQLite connection is a file handle: nothing breaks between requests, and Django's check is
        # no query there.
        assert connection.is_usable()
        assert actions.code_lookup(codes["others"][1]).group.code == "others"
