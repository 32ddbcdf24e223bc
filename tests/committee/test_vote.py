"""The committee vote through the actions: the issue's nine-member cases in both modes, the quorum refused at
the opening and void at the close, secret ballots cast once, entered votes refused when wrong."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.campaigns.world import one_event
from tests.committee.world import CommitteeWorld, nothing_changes
from xuanren.campaigns.errors import CampaignError
from xuanren.committee import actions
from xuanren.committee.models import CommitteeVote, Item, Meeting, Member
from xuanren.record.models import Event


def one_candidate_meeting(cw: CommitteeWorld, present: int, mode: str = "secret") -> Meeting:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=present, mode=mode, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    return m


def enter(cw: CommitteeWorld, m: Meeting, choices: list[str]) -> None:
    item = cw.items(m)[0]
    actions.votes_enter(actor=cw.organiser, meeting=m, votes=[
        {"member": f"委员{n}", "item": item.pk, "choice": c} for n, c in enumerate(choices, start=1)])


# --- the cases: 9 members ----------------------------------------------------------------

@pytest.mark.parametrize("mode", ["secret", "entered"])
def test_six_present_five_agree_passes(cw: CommitteeWorld, mode: str) -> None:
    m = one_candidate_meeting(cw, 6, mode)
    choices = ["agree"] * 5 + ["disagree"]
    if mode == "secret":
        cw.votes(m, choices)
    else:
        enter(cw, m, choices)
    with one_event("committee.meeting.close"):
        cw.close(m)
    item = cw.items(m)[0]
    assert item.outcome == Item.Outcome.PASSED and (item.agree, item.disagree, item.defer) == (5, 1, 0)
    assert [line["zh"] for line in item.explanation] == ["应到9人，实到6人，同意5人 > 4.5，通过",
                                                         "人员1：同意5人，不同意1人，缓议0人"]
    m.refresh_from_db()
    assert m.status == Meeting.Status.CLOSED and m.result["valid"] is True
    assert m.result["quorum"]["zh"] == "应到9人，实到6人，不少于三分之二，可以表决"
    assert m.result["items"][0]["outcome"] == "passed"


@pytest.mark.parametrize("mode", ["secret", "entered"])
def test_four_agree_does_not_pass_whoever_is_present(cw: CommitteeWorld, mode: str) -> None:
    m = one_candidate_meeting(cw, 7, mode)
    choices = ["agree"] * 4 + ["disagree"] * 2 + ["defer"]
    if mode == "secret":
        cw.votes(m, choices)
    else:
        enter(cw, m, choices)
    cw.close(m)
    item = cw.items(m)[0]
    assert item.outcome == Item.Outcome.FAILED
    assert item.explanation[0]["zh"] == "应到9人，实到7人，同意4人 ≤ 4.5，不通过"


def test_five_present_cannot_open_and_nothing_changes(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=5, proposals=(p,))
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        actions.meeting_open(actor=cw.organiser, meeting=m)
    assert str(refused.value) == "应到9人，实到5人，不足三分之二，不能表决"
    assert Meeting.objects.get(pk=m.pk).status == Meeting.Status.DRAFT


def test_members_leaving_below_quorum_void_the_vote(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 6)
    cw.votes(m, ["agree"] * 5)
    sixth = Member.objects.get(meeting=m, name="委员6")
    actions.meeting_attendance(actor=cw.organiser, meeting=m, attendance={sixth.pk: {"present": False,
                                                                                      "reason": "中途离席"}})
    cw.close(m)
    item = cw.items(m)[0]
    assert item.outcome == Item.Outcome.VOID
    assert item.explanation[0]["zh"] == "应到9人，实到5人，不足三分之二，表决无效"
    assert Meeting.objects.get(pk=m.pk).result["valid"] is False


def test_a_member_who_voted_cannot_be_marked_absent(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 6)
    cw.vote(m, 1, "agree")
    first = Member.objects.get(meeting=m, name="委员1")
    with nothing_changes(), pytest.raises(CampaignError, match="委员1已表决，不能登记为缺席"):
        actions.meeting_attendance(actor=cw.organiser, meeting=m, attendance={first.pk: {"present": False,
                                                                                          "reason": "离席"}})


def test_an_absent_member_needs_a_reason(cw: CommitteeWorld) -> None:
    m = cw.meeting(present=9)
    first = Member.objects.get(meeting=m, name="委员1")
    with nothing_changes(), pytest.raises(CampaignError, match="委员1缺席，须写明原因"):
        actions.meeting_attendance(actor=cw.organiser, meeting=m, attendance={first.pk: False})


# --- secret ballots ------------------------------------------------------------------------------

def test_a_secret_vote_is_stored_without_its_member_and_without_an_event(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 6)
    last = Event.objects.latest("seq").seq
    assert cw.vote(m, 1, "disagree") == 1
    assert not Event.objects.filter(seq__gt=last).exists()
    vote = CommitteeVote.objects.get(item__meeting=m)
    assert vote.member_id is None and vote.choice == "disagree"
    assert Member.objects.get(meeting=m, name="委员1").voted


def test_a_member_votes_once(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 6)
    cw.vote(m, 1, "agree")
    with nothing_changes(), pytest.raises(CampaignError, match="您已表决，每名成员在本次会议只能表决一次"):
        cw.vote(m, 1, "disagree")


def test_an_absent_member_or_a_stranger_cannot_vote(cw: CommitteeWorld, personas: dict[str, Any]) -> None:
    m = one_candidate_meeting(cw, 6)
    with nothing_changes(), pytest.raises(CampaignError, match="您未登记为到会成员"):
        cw.vote(m, 9, "agree")
    with nothing_changes(), pytest.raises(PermissionDenied):
        actions.ballot_cast(actor=personas["committee"], meeting=m, choices={cw.items(m)[0].pk: "agree"})
    with nothing_changes(), pytest.raises(PermissionDenied):
        actions.ballot_cast(actor=personas["organiser"], meeting=m, choices={cw.items(m)[0].pk: "agree"})


def test_every_item_needs_a_choice_and_only_items_of_the_meeting(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1, 2)
    m = cw.meeting(present=6, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    first, second = cw.items(m)
    member = cw.members[0]
    with nothing_changes(), pytest.raises(CampaignError, match="请对人员2表明意见"):
        actions.ballot_cast(actor=member, meeting=m, choices={first.pk: "agree"})
    with nothing_changes(), pytest.raises(CampaignError, match="无法识别"):
        actions.ballot_cast(actor=member, meeting=m, choices={first.pk: "agree", second.pk: "yes"})
    with nothing_changes(), pytest.raises(CampaignError, match="本次会议没有的事项"):
        actions.ballot_cast(actor=member, meeting=m, choices={first.pk: "agree", second.pk: "agree", 999999: "agree"})


def test_no_vote_before_the_opening_or_after_the_close(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=6, proposals=(p,))
    with nothing_changes(), pytest.raises(CampaignError, match="尚未开始表决"):
        cw.vote(m, 1, "agree")
    actions.meeting_open(actor=cw.organiser, meeting=m)
    cw.votes(m, ["agree"] * 6)
    cw.close(m)
    with nothing_changes(), pytest.raises(CampaignError, match="表决已结束"):
        cw.vote(m, 1, "agree")


def test_closing_with_members_who_have_not_voted_needs_confirmation(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 7)
    cw.votes(m, ["agree"] * 5)
    with nothing_changes(), pytest.raises(CampaignError, match="尚有2名到会成员未表决：委员6、委员7"):
        cw.close(m)
    cw.close(m, allow_missing=True)
    item = cw.items(m)[0]
    assert item.outcome == Item.Outcome.PASSED
    assert item.explanation[1]["zh"] == "人员1：同意5人，不同意0人，缓议0人，未表态2人"
    close = Event.objects.get(action="committee.meeting.close")
    assert close.details["not_voted"] == ["委员6", "委员7"]


def test_the_close_rewrites_secret_votes_in_random_key_order(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1, 2)
    m = cw.meeting(present=9, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    for n in range(1, 10):
        cw.vote(m, n, "agree" if n % 2 else "defer", "disagree" if n % 3 else "agree")
    before = sorted(CommitteeVote.objects.filter(item__meeting=m).values_list("id", "item_id", "choice"))
    cw.close(m)
    after = list(CommitteeVote.objects.filter(item__meeting=m).values_list("id", "item_id", "choice"))
    assert sorted(after) == before
    from django.db import connection

    position = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM committee_committeevote ORDER BY {position}")
        stored = [str(r[0]) for r in cursor.fetchall()]
    if connection.vendor == "sqlite":
        assert stored == sorted(stored)


# --- entered votes -------------------------------------------------------------------------------

def test_entered_votes_refuse_strangers_absentees_and_second_votes(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 7, "entered")
    item = cw.items(m)[0]
    other = cw.meeting("院党组2026年第13次会议", present=9, mode="entered")
    outsider = Member.objects.get(meeting=other, name="委员1")
    cases = [
        ({"member": "张三", "item": item.pk, "choice": "agree"}, "“张三”不是会议“院党组2026年第12次会议”的委员会成员"),
        ({"member": outsider, "item": item.pk, "choice": "agree"}, "不是会议“院党组2026年第12次会议”的委员会成员"),
        ({"member": "委员8", "item": item.pk, "choice": "agree"}, "委员8未到会（出差），不能录入其表决意见"),
        ({"member": "委员1", "item": item.pk, "choice": "弃权"}, "表决意见“弃权”无法识别"),
    ]
    for row, message in cases:
        with nothing_changes(), pytest.raises(CampaignError) as refused:
            actions.votes_enter(actor=cw.organiser, meeting=m, votes=[row])
        assert message in str(refused.value)
    with one_event("committee.votes.enter"):
        actions.votes_enter(actor=cw.organiser, meeting=m, votes=[{"member": "委员1", "item": item.pk,
                                                                 "choice": "同意"}])
    with nothing_changes(), pytest.raises(CampaignError, match="委员1对人员1的表决意见已录入，不能重复录入"):
        actions.votes_enter(actor=cw.organiser, meeting=m, votes=[{"member": "委员1", "item": item.pk,
                                                                 "choice": "disagree"}])
    # All or nothing: a good row beside a bad one is not written either.
    with nothing_changes(), pytest.raises(CampaignError):
        actions.votes_enter(actor=cw.organiser, meeting=m, votes=[
            {"member": "委员2", "item": item.pk, "choice": "agree"},
            {"member": "委员2", "item": item.pk, "choice": "agree"}])
    vote = CommitteeVote.objects.get(item=item)
    assert vote.member.name == "委员1" and vote.choice == "agree"


def test_members_cannot_vote_themselves_in_an_entered_meeting(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 7, "entered")
    with nothing_changes(), pytest.raises(CampaignError, match="采用录入表决结果方式"):
        cw.vote(m, 1, "agree")


def test_votes_are_not_entered_in_a_secret_meeting(cw: CommitteeWorld) -> None:
    m = one_candidate_meeting(cw, 7)
    with nothing_changes(), pytest.raises(CampaignError, match="无记名表决"):
        enter(cw, m, ["agree"])


# --- opening ----------------------------------------------------------------------------------------

def test_a_secret_meeting_needs_a_user_for_every_member_present(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = actions.meeting_create(actor=cw.organiser, stage=cw.stage, name="会议", held_on="2026-12-08",
                               members=[{"name": "委员1", "user": cw.members[0]}, {"name": "列席人员甲"}])
    cw.attend(m, 2)
    actions.proposal_submit(actor=cw.organiser, proposal=p, meeting=m)
    with nothing_changes(), pytest.raises(CampaignError, match="列席人员甲未关联用户账号"):
        actions.meeting_open(actor=cw.organiser, meeting=m)


def test_a_meeting_without_items_cannot_open(cw: CommitteeWorld) -> None:
    m = cw.meeting(present=9)
    with nothing_changes(), pytest.raises(CampaignError, match="没有表决事项"):
        actions.meeting_open(actor=cw.organiser, meeting=m)


def test_members_must_hold_the_committee_role(cw: CommitteeWorld, personas: dict[str, Any]) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="没有党组/常委会成员角色"):
        actions.meeting_create(actor=cw.organiser, stage=cw.stage, name="会议", held_on="2026-12-08",
                               members=[{"name": "某人", "user": personas["judge"]}])
    with nothing_changes(), pytest.raises(CampaignError, match="成员委员1重复列出"):
        actions.meeting_create(actor=cw.organiser, stage=cw.stage, name="会议", held_on="2026-12-08",
                               members=["委员1", "委员1"])
