"""Proposals (拟任人选方案) through the actions: finalists only, a reason each, competitive when more than the
slots, changed only while a draft, submitted to a meeting being prepared, withdrawn with a reason; every
refusal changes nothing."""

from __future__ import annotations

import pytest

from tests.campaigns.world import one_event
from tests.committee.world import CommitteeWorld, build_committee_world, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.finalists import finalists
from xuanren.campaigns.models import Application
from xuanren.committee import actions
from xuanren.committee import selectors as sel
from xuanren.committee.models import Item, Meeting, Proposal
from xuanren.record.models import Event


def test_finalists_before_the_committee_are_those_the_inspection_found_suitable(cw: CommitteeWorld) -> None:
    before, stops = sel.finalists_before(cw.stage)
    assert before == finalists(cw.campaign)  # while the committee stage is open, the registry says the same
    assert [f.application for f in before[cw.post("P01").pk]] == [cw.app(n).pk for n in (1, 2, 3)]
    assert stops == {}


def test_a_proposal_with_reasons_is_recorded(cw: CommitteeWorld) -> None:
    with one_event("committee.proposal.create"):
        p = cw.propose("P01", 2)
    assert p.status == Proposal.Status.DRAFT and not p.competitive
    assert [(c.application_id, c.reason) for c in p.candidates.all()] == [(cw.app(2).pk, "人员2政治素质好，实绩突出")]
    event = Event.objects.get(action="committee.proposal.create")
    assert event.details["candidates"] == [{"name": "人员2", "reason": "人员2政治素质好，实绩突出"}]


def test_more_candidates_than_slots_is_competitive(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1, 3)
    assert p.competitive
    assert [c.application.person.name for c in p.candidates.order_by("order")] == ["人员1", "人员3"]


def test_someone_not_a_finalist_of_the_post_is_refused(cw: CommitteeWorld) -> None:
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        cw.propose("P01", 4)
    assert str(refused.value) == "人员4（职位P02）不是职位P01进入讨论决定环节的人选，不能提名"


def test_someone_found_unsuitable_at_the_inspection_is_not_a_finalist(personas: dict) -> None:
    from tests.committee.world import build_committee_world

    cw = build_committee_world(personas, unsuitable=("人员2",))
    with nothing_changes(), pytest.raises(CampaignError, match="人员2（职位P01）不是职位P01进入讨论决定环节的人选"):
        cw.propose("P01", 2)


@pytest.mark.parametrize(("rows", "message"), [
    ([], "拟任人选方案至少要有一名人选"),
    ([{"application": "x", "reason": "好"}], "拟任人选“x”无法识别"),
    ([{"application": "APP1", "reason": "  "}], "请填写人员1（职位P01）的推荐理由"),
    ([{"application": "APP1", "reason": "好"}] * 2, "人员1（职位P01）在方案中重复列出"),
    ([{"application": 987654, "reason": "好"}], "本批次没有编号为987654的报名"),
])
def test_bad_candidates_are_refused(cw: CommitteeWorld, rows: list, message: str) -> None:
    rows = [{**r, "application": cw.app(1).pk if r["application"] == "APP1" else r["application"]} for r in rows]
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        actions.proposal_create(actor=cw.organiser, stage=cw.stage, post=cw.post("P01"), candidates=rows)
    assert str(refused.value) == message


def test_one_proposal_in_progress_per_post(cw: CommitteeWorld) -> None:
    cw.propose("P01", 1)
    with nothing_changes(), pytest.raises(CampaignError, match="职位P01已有拟任人选方案正在酝酿或待表决"):
        cw.propose("P01", 2)
    cw.propose("P02", 4)  # another post is free


def test_a_draft_changes_and_a_submitted_one_does_not(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    with one_event("committee.proposal.update"):
        p = actions.proposal_update(actor=cw.organiser, proposal=p, note="经党组书记提议",
                                    candidates=[{"application": cw.app(3).pk, "reason": "实绩突出"},
                                                {"application": cw.app(1).pk, "reason": "群众公认"}])
    assert p.competitive and p.note == "经党组书记提议"
    assert [c.application.person.name for c in p.candidates.order_by("order")] == ["人员3", "人员1"]
    m = cw.meeting()
    with one_event("committee.proposal.submit"):
        actions.proposal_submit(actor=cw.organiser, proposal=p, meeting=m)
    assert [i.application.person.name for i in cw.items(m)] == ["人员3", "人员1"]
    assert all(i.proposal_id == p.pk for i in cw.items(m))
    with nothing_changes(), pytest.raises(CampaignError, match="已提交会议，不能再修改"):
        actions.proposal_update(actor=cw.organiser, proposal=p, note="改")


def test_only_a_meeting_being_prepared_takes_a_proposal(cw: CommitteeWorld) -> None:
    first = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(first,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    p = cw.propose("P02", 4)
    with nothing_changes(), pytest.raises(CampaignError, match="表决中，不能再增加表决事项"):
        actions.proposal_submit(actor=cw.organiser, proposal=p, meeting=m)


def test_a_candidate_already_voted_on_is_not_proposed_again(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    cw.votes(m, ["disagree"] * 7)
    cw.close(m)
    assert cw.items(m)[0].outcome == Item.Outcome.FAILED
    refusal = "人员1（职位P01）已经会议“院党组2026年第12次会议”表决（不通过），不能再次提名"
    with nothing_changes(), pytest.raises(CampaignError, match=refusal):
        cw.propose("P01", 1)
    cw.propose("P01", 2)  # the next finalist may be proposed


def test_a_deferred_candidate_is_re_voted_not_proposed_again(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    cw.votes(m, ["agree"] * 3 + ["defer"] * 4)
    cw.close(m)
    with nothing_changes(), pytest.raises(CampaignError, match="请在会议中复议，不必重新提名"):
        cw.propose("P01", 1)


def test_a_filled_post_takes_no_new_proposal(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    cw.votes(m, ["agree"] * 7)
    cw.close(m)
    with nothing_changes(), pytest.raises(CampaignError, match="职位P01的职数已由通过的人选（人员1）占满"):
        cw.propose("P01", 2)


def test_withdrawing_needs_a_reason_and_removes_items_of_meetings_being_prepared(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1, 2)
    m = cw.meeting(proposals=(p,))
    with nothing_changes(), pytest.raises(CampaignError, match="撤回拟任人选方案须写明理由"):
        actions.proposal_withdraw(actor=cw.organiser, proposal=p, reason=" ")
    with one_event("committee.proposal.withdraw"):
        p = actions.proposal_withdraw(actor=cw.organiser, proposal=p, reason="人员1提出不再参加")
    assert p.status == Proposal.Status.WITHDRAWN and p.withdraw_reason == "人员1提出不再参加"
    assert not Item.objects.filter(meeting=m).exists()
    cw.propose("P01", 2)  # a new proposal for the post


def test_a_proposal_is_not_withdrawn_while_voted_on_or_once_passed(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    with nothing_changes(), pytest.raises(CampaignError, match="正在对人员1（职位P01）表决，不能撤回方案"):
        actions.proposal_withdraw(actor=cw.organiser, proposal=p, reason="改变主意")
    cw.votes(m, ["agree"] * 7)
    cw.close(m)
    refusal = "人员1（职位P01）已经会议“院党组2026年第12次会议”表决通过，方案不能撤回"
    with nothing_changes(), pytest.raises(CampaignError, match=refusal):
        actions.proposal_withdraw(actor=cw.organiser, proposal=p, reason="改变主意")


def test_nothing_is_proposed_before_the_stage_opens_or_after_it_is_sealed(personas: dict) -> None:
    from tests.campaigns.decision_world import build_decision_world
    from tests.committee.world import CommitteeWorld, conclude_inspections

    dw = build_decision_world(personas)
    conclude_inspections(dw)
    cw = CommitteeWorld(dw=dw, stage=dw.stage("committee"))
    with nothing_changes(), pytest.raises(CampaignError, match="环节尚未开始，不能提出拟任人选方案"):
        cw.propose("P01", 1)
    from tests.campaigns.decision_world import advance

    cw.stage = advance(dw, "committee")
    for code, n in (("P01", 1), ("P02", 4)):
        p = cw.propose(code, n)
        actions.proposal_withdraw(actor=cw.organiser, proposal=p, reason="暂不提出人选")
    campaign_actions.stage_seal(actor=cw.organiser, stage=cw.stage)
    cw.stage.refresh_from_db()
    with nothing_changes(), pytest.raises(CampaignError, match="环节已封存，不能再提出拟任人选方案"):
        cw.propose("P01", 2)
    assert not Meeting.objects.exists()


# --- one person, one post ---------------------------------------------------------------------------

@pytest.fixture
def cw2(personas: dict) -> CommitteeWorld:
    """The committee world with 人员1 a finalist of both posts (P01 first, P02 second choice)."""
    return build_committee_world(personas, both_posts=(1,))


def _held(code: str, state: str) -> str:
    return f"人员1（职位P02）已是职位{code}（办公室副主任）的人选（{state}），一人只能拟任一个职位"


def test_someone_in_the_running_for_one_post_is_not_proposed_for_another(cw2: CommitteeWorld) -> None:
    reached = [f.application for f in sel.finalists_before(cw2.stage)[0][cw2.post("P02").pk]]
    assert set(Application.objects.filter(pk__in=reached).values_list("person__name", flat=True)) == {
        "人员1", "人员4", "人员5", "人员6"}
    p = cw2.propose("P01", 1)
    with nothing_changes(), pytest.raises(CampaignError, match=_held("P01", "列入酝酿中的拟任人选方案")):
        cw2.propose("P02", 1)
    m = cw2.meeting(present=7, proposals=(p,))
    with nothing_changes(), pytest.raises(CampaignError,
                                          match=_held("P01", "已提交会议“院党组2026年第12次会议”，尚待表决")):
        cw2.propose("P02", 4, 1)
    actions.meeting_open(actor=cw2.organiser, meeting=m)
    cw2.votes(m, ["agree"] * 7)
    cw2.close(m)
    with nothing_changes(), pytest.raises(CampaignError, match=_held("P01", "已表决通过")):
        cw2.propose("P02", 1)
    assert cw2.propose("P02", 4).candidates.get().application.person.name == "人员4"


def test_someone_deferred_for_one_post_is_held_for_the_re_vote(cw2: CommitteeWorld) -> None:
    m = cw2.meeting(present=7, proposals=(cw2.propose("P01", 1),))
    actions.meeting_open(actor=cw2.organiser, meeting=m)
    cw2.votes(m, ["agree"] * 3 + ["defer"] * 4)
    cw2.close(m)
    with nothing_changes(), pytest.raises(CampaignError, match=_held("P01", "缓议，尚待复议")):
        cw2.propose("P02", 1)


def test_someone_who_did_not_pass_for_one_post_may_be_proposed_for_another(cw2: CommitteeWorld) -> None:
    m = cw2.meeting(present=7, proposals=(cw2.propose("P01", 1),))
    actions.meeting_open(actor=cw2.organiser, meeting=m)
    cw2.votes(m, ["disagree"] * 7)
    cw2.close(m)
    q = cw2.propose("P02", 1)
    assert q.candidates.get().application.post.code == "P02"
    # and a withdrawn proposal frees them too
    other = cw2.propose("P01", 2)
    actions.proposal_withdraw(actor=cw2.organiser, proposal=other, reason="另行酝酿")
    assert cw2.propose("P01", 3).candidates.get().application.person.name == "人员3"
