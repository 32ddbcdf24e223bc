"""Voting codes: their entropy and format, normalisation of what voters type, the keyed digests kept in
their place; issuing slips in batches and named rolls, voiding a lost batch."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.campaigns.errors import CampaignError
from xuanren.record.models import Event
from xuanren.voting import actions
from xuanren.voting import codes as C
from xuanren.voting.models import Session, VoterCode, VoterGroup

# --- format ---------------------------------------------------------------------------------------

def test_codes_carry_fifty_bits_from_the_crockford_alphabet() -> None:
    assert len(C.ALPHABET) == 32 and len(set(C.ALPHABET)) == 32
    assert not set("ILOU") & set(C.ALPHABET)
    assert C.BITS == C.LENGTH * math.log2(len(C.ALPHABET)) == 50 >= 40
    sample = [C.generate() for _ in range(2000)]
    assert all(len(c) == 10 and set(c) <= set(C.ALPHABET) for c in sample)
    assert len(set(sample)) == len(sample)
    # Every character is used, in every position (a generator stuck on a few would fail).
    for i in range(C.LENGTH):
        assert len({c[i] for c in sample}) == 32


@pytest.mark.parametrize(("typed", "canonical"), [
    ("ABCDE-FGHJK", "ABCDEFGHJK"),
    ("abcde fghjk", "ABCDEFGHJK"),
    ("  abcdefghjk\n", "ABCDEFGHJK"),
    ("oOiIl-LlIiO", "0011111110"),
    ("ABCDE－FGHJK", "ABCDEFGHJK"),  # a full-width hyphen from a Chinese keyboard
    ("ABCDE\u3000FGHJK", "ABCDEFGHJK"),  # an ideographic space
])
def test_typed_codes_are_normalised(typed: str, canonical: str) -> None:
    assert C.normalise(typed) == canonical


@pytest.mark.parametrize("typed", ["", "ABCDE-FGHJ", "ABCDE-FGHJKM", "ABCDE-FGHJU", "ABCDE-FGH!K", "投票码ABCDEFG"])
def test_what_cannot_be_a_code_is_none(typed: str) -> None:
    assert C.normalise(typed) is None


def test_display_and_receipts() -> None:
    assert C.display("ABCDEFGHJK") == "ABCDE-FGHJK"
    r = C.new_receipt()
    assert len(r) == 14 and r[4] == r[9] == "-"
    assert C.normalise_receipt(r.lower().replace("-", " ")) == r
    assert C.normalise_receipt("ABCD-EFGH") is None


def test_digests_are_keyed_with_the_secret_key(settings: Any) -> None:
    code = "ABCDEFGHJK"
    first = C.digest(code)
    assert len(first) == 64 and code not in first
    assert first != C.keyed("submission", code)  # one key per purpose
    settings.SECRET_KEY = "another secret key for this test only, long enough"
    assert C.digest(code) != first


# --- issuing --------------------------------------------------------------------------------------

@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


def _draft(vw: VotingWorld, **kw: Any) -> Session:
    return actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="第一场", **kw)


def test_issued_codes_are_returned_once_and_stored_as_digests_only(vw: VotingWorld) -> None:
    session = _draft(vw)
    group = session.groups.get(code="others")
    plain = actions.codes_issue(actor=vw.organiser, session=session, group=group, count=25)
    assert len(plain) == len(set(plain)) == 25
    rows = list(VoterCode.objects.filter(session=session))
    assert sorted(r.digest for r in rows) == sorted(C.digest(c) for c in plain)
    stored = repr(list(VoterCode.objects.values())) + repr(list(Event.objects.values()))
    assert not any(c in stored or C.display(c) in stored for c in plain)
    group.refresh_from_db()
    assert group.issued == 25
    assert {r.batch for r in rows} == {1}
    event = Event.objects.filter(action="voting.codes_issue").get()
    assert event.details == {"group": "others", "count": 25, "batch": 1}
    # The next call is the next batch, unless one is named.
    actions.codes_issue(actor=vw.organiser, session=session, group=group, count=2)
    actions.codes_issue(actor=vw.organiser, session=session, group=group, count=1, batch=1)
    assert sorted(VoterCode.objects.filter(session=session).values_list("batch", flat=True))[-3:] == [1, 2, 2]
    group.refresh_from_db()
    assert group.issued == 28


@pytest.mark.parametrize("count", [0, -1, 5001, "3", True])
def test_a_bad_count_is_refused(vw: VotingWorld, count: Any) -> None:
    session = _draft(vw)
    with pytest.raises(CampaignError) as e:
        actions.codes_issue(actor=vw.organiser, session=session, group=session.groups.first(), count=count)
    assert e.value.code == "campaigns.voting.codes.count"
    assert not VoterCode.objects.exists()


def test_codes_need_the_capability_a_group_of_the_session_and_an_unclosed_session(vw: VotingWorld,
                                                                                   personas: dict[str, Any]) -> None:
    session = _draft(vw)
    other = _draft(vw)
    with pytest.raises(PermissionDenied):
        actions.codes_issue(actor=personas["supervisor"], session=session, group=session.groups.first(), count=1)
    with pytest.raises(CampaignError) as e:
        actions.codes_issue(actor=vw.organiser, session=session, group=other.groups.first(), count=1)
    assert e.value.code == "campaigns.voting.codes.group"
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CLOSED)
    with pytest.raises(CampaignError) as e:
        actions.codes_issue(actor=vw.organiser, session=session, group=session.groups.first(), count=1)
    assert e.value.code == "campaigns.voting.closed"
    assert not VoterCode.objects.exists()


def test_a_named_roll_gives_one_code_per_person(vw: VotingWorld) -> None:
    session = _draft(vw, mode="roll")
    group = session.groups.get(code="others")
    people = vw.world.people
    with pytest.raises(CampaignError) as e:
        actions.codes_issue(actor=vw.organiser, session=session, group=group, count=3)
    assert e.value.code == "campaigns.voting.codes.roll_mode"
    pairs = actions.roll_issue(actor=vw.organiser, session=session, group=group, persons=people[:4])
    assert [p for p, _ in pairs] == people[:4]
    assert all(C.normalise(c) == c for _, c in pairs)
    assert {r.person_id for r in VoterCode.objects.filter(session=session)} == {p.pk for p in people[:4]}
    group.refresh_from_db()
    assert group.issued == 4
    with pytest.raises(CampaignError) as e:
        actions.roll_issue(actor=vw.organiser, session=session, group=group, persons=[people[3], people[4]])
    assert e.value.code == "campaigns.voting.roll.has_code" and "人员4" in str(e.value)
    with pytest.raises(CampaignError) as e:
        actions.roll_issue(actor=vw.organiser, session=session, group=group, persons=[people[5], people[5]])
    assert e.value.code == "campaigns.voting.roll.duplicate"
    assert VoterCode.objects.filter(session=session).count() == 4
    slips = _draft(vw)
    with pytest.raises(CampaignError) as e:
        actions.roll_issue(actor=vw.organiser, session=slips, group=slips.groups.first(), persons=people[:1])
    assert e.value.code == "campaigns.voting.roll.slips_mode"


def test_voiding_a_lost_batch_voids_its_unused_codes_only(vw: VotingWorld) -> None:
    session, plain = ready_session(vw, codes=3)
    others = session.groups.get(code="others")
    lost = actions.codes_issue(actor=vw.organiser, session=session, group=others, count=4, batch=7)
    leaders = session.groups.get(code="leaders")
    actions.codes_issue(actor=vw.organiser, session=session, group=leaders, count=2, batch=7)
    receipt = actions.ballot_cast(code=lost[0], marks={}, submission="s" * 32)
    assert receipt.receipt
    with pytest.raises(CampaignError) as e:
        actions.codes_void(actor=vw.organiser, session=session, batch=7, reason="  ")
    assert e.value.code == "campaigns.voting.void.reason"
    n = actions.codes_void(actor=vw.organiser, session=session, batch=7, reason="第7批投票码遗失")
    assert n == 5
    others.refresh_from_db()
    leaders.refresh_from_db()
    assert (others.issued, leaders.issued) == (3 + 4 - 3, 3)
    assert VoterCode.objects.filter(batch=7, void=True).count() == 5
    assert VoterCode.objects.filter(batch=7, used=True, void=False).count() == 1
    event = Event.objects.filter(action="voting.codes_void").get()
    assert event.details == {"batch": 7, "voided": 5, "groups": {"leaders": 2, "others": 3},
                             "reason": "第7批投票码遗失"}
    with pytest.raises(CampaignError) as e:
        actions.code_lookup(lost[1])
    assert e.value.code == "campaigns.voting.code_void"
    with pytest.raises(CampaignError) as e:
        actions.codes_void(actor=vw.organiser, session=session, batch=7, reason="again")
    assert e.value.code == "campaigns.voting.void.nothing"
    # Other batches were not touched.
    assert actions.code_lookup(plain["others"][0]).group == others


def test_issued_matches_the_codes_not_void(vw: VotingWorld) -> None:
    session, _ = ready_session(vw, codes=3)
    actions.codes_issue(actor=vw.organiser, session=session, group=session.groups.get(code="others"), count=2)
    actions.codes_void(actor=vw.organiser, session=session, batch=2, reason="lost")  # middle managers' batch
    counts = actions.sessions.issued_counts(session)
    issued = {g.code: g.issued for g in VoterGroup.objects.filter(session=session)}
    assert issued == {"leaders": 3, "middle_managers": 0, "others": 5}
    assert issued == {g.code: counts[g.pk] for g in VoterGroup.objects.filter(session=session)}
