"""The committee stage: what blocks sealing (naming the post, meeting or candidate), re-votes of deferred or
void candidates (复议, recorded), competitive votes where more pass than the slots, what is published, and
the finalists the notice stage gets (and the reason a post is left without)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.campaigns.world import one_event
from tests.committee.world import CommitteeWorld, build_committee_world, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.finalists import finalists_and_stops
from xuanren.campaigns.models import Publication
from xuanren.committee import actions
from xuanren.committee import selectors as sel
from xuanren.committee.handlers import committee_finalists
from xuanren.committee.models import Item, Meeting
from xuanren.record.models import Event


def voted(cw: CommitteeWorld, meeting: Meeting, per_member: list[tuple[str, ...]], present: int = 9) -> Meeting:
    """Open ``meeting``, each member 1… votes their tuple (one choice per item), close."""
    actions.meeting_open(actor=cw.organiser, meeting=meeting)
    for n, choices in enumerate(per_member, start=1):
        cw.vote(meeting, n, *choices)
    return cw.close(meeting, allow_missing=len(per_member) < present)


def seal(cw: CommitteeWorld) -> Publication:
    return campaign_actions.stage_seal(actor=cw.organiser, stage=cw.stage)


def test_sealing_is_refused_naming_what_is_outstanding(cw: CommitteeWorld) -> None:
    assert sel.stage_blockers(cw.stage) == [
        "职位P01（办公室副主任）尚未提出拟任人选方案（如决定不提出人选，请提出后撤回并写明理由）",
        "职位P02（政策法规科副科长）尚未提出拟任人选方案（如决定不提出人选，请提出后撤回并写明理由）"]
    p1 = cw.propose("P01", 1)
    p2 = cw.propose("P02", 4)
    m = cw.meeting(present=7, proposals=(p2,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    assert sel.stage_blockers(cw.stage) == [
        "会议“院党组2026年第12次会议”正在表决，须先结束表决",
        "职位P01（办公室副主任）的拟任人选方案尚在酝酿，未提交会议（请提交会议或撤回）",
        "职位P02（政策法规科副科长）的人选人员4已提交会议“院党组2026年第12次会议”，尚未表决"]
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        seal(cw)
    assert "会议“院党组2026年第12次会议”正在表决" in str(refused.value)
    # Undecided posts are not stopped: they say what they wait for.
    assert [(o.summary(), o.stop) for o in sel.post_outcomes(cw.stage)] == [("尚未决定", None), ("待表决", None)]
    assert p1.pk


def test_a_deferred_candidate_blocks_until_re_voted_and_the_re_vote_is_recorded(cw: CommitteeWorld) -> None:
    p1 = cw.propose("P01", 1)
    p2 = cw.propose("P02", 4)
    first = cw.meeting(proposals=(p1, p2))
    # 人员1: 3 agree, 4 defer, 2 disagree → deferred; 人员4: 9 agree → passed.
    voted(cw, first, [("agree", "agree")] * 3 + [("defer", "agree")] * 4 + [("disagree", "agree")] * 2)
    deferred, passed = cw.items(first)
    assert deferred.outcome == Item.Outcome.DEFERRED and passed.outcome == Item.Outcome.PASSED
    assert deferred.explanation[0]["zh"] == "应到9人，实到9人，同意3人 ≤ 4.5，缓议4人 > 不同意2人，缓议"
    assert sel.stage_blockers(cw.stage) == ["职位P01（办公室副主任）的人选人员1缓议，尚待复议（或撤回方案）"]
    second = cw.meeting("院党组2026年第13次会议")
    with one_event("committee.item.revote"):
        again = actions.item_revote(actor=cw.organiser, meeting=second, item=deferred)
    assert again.revote_of_id == deferred.pk and again.proposal_id == p1.pk
    assert sel.proposal_reasons(sel.items_of(second)) == {again.pk: "人员1政治素质好，实绩突出"}  # shown on the ballot
    event = Event.objects.get(action="committee.item.revote")
    assert event.details["earlier_outcome"] == "deferred" and event.details["candidate"] == "人员1"
    assert sel.stage_blockers(cw.stage) == [
        "职位P01（办公室副主任）的人选人员1已提交会议“院党组2026年第13次会议”，尚未表决"]
    voted(cw, second, [("agree",)] * 6 + [("disagree",)] * 3)
    assert cw.items(second)[0].outcome == Item.Outcome.PASSED
    assert sel.stage_blockers(cw.stage) == []
    publication = seal(cw)
    found, stops = committee_finalists(cw.stage)
    assert [(f.application, f.rank, f.score) for f in found] == [(cw.app(1).pk, 1, "同意6票"), (cw.app(4).pk, 1,
                                                                                                 "同意9票")]
    assert found[0].note == "应到9人，实到9人，同意6人 > 4.5，通过" and stops == []
    post = publication.content["posts"][0]
    assert post["chosen"] == ["人员1"]
    assert [v["outcome"] for v in post["candidates"][0]["votes"]] == ["deferred", "passed"]
    assert post["candidates"][0]["votes"][1]["revote"] is True


def test_re_vote_refusals(cw: CommitteeWorld) -> None:
    p1 = cw.propose("P01", 1)
    p2 = cw.propose("P02", 4)
    first = cw.meeting(proposals=(p1, p2))
    voted(cw, first, [("defer", "disagree")] * 9)
    deferred, failed = cw.items(first)
    second = cw.meeting("第二次会议")
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        actions.item_revote(actor=cw.organiser, meeting=second, item=failed)
    assert "只有缓议、表决无效或同票争职数的人选可以复议" in str(refused.value)
    actions.item_revote(actor=cw.organiser, meeting=second, item=deferred)
    third = cw.meeting("第三次会议")
    with nothing_changes(), pytest.raises(CampaignError, match="已安排或进行过更晚的表决"):
        actions.item_revote(actor=cw.organiser, meeting=third, item=deferred)
    removable = cw.items(second)[0]
    with one_event("committee.item.remove"):
        actions.item_remove(actor=cw.organiser, item=removable)
    fresh = cw.propose("P02", 5, submit_to=third)
    with nothing_changes(), pytest.raises(CampaignError, match="是拟任人选方案提交的事项，请撤回该方案"):
        actions.item_remove(actor=cw.organiser, item=Item.objects.get(proposal=fresh))


def test_a_void_vote_is_voted_again(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    first = cw.meeting(present=6, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=first)
    member6 = first.members.get(name="委员6")
    actions.meeting_attendance(actor=cw.organiser, meeting=first,
                               attendance={member6.pk: {"present": False, "reason": "中途离席"}})
    cw.votes(first, ["agree"] * 5)
    cw.close(first)
    void = cw.items(first)[0]
    assert void.outcome == Item.Outcome.VOID
    blocker = "职位P01（办公室副主任）的人选人员1表决无效（会议未达法定人数），须重新表决（或撤回方案）"
    assert blocker in sel.stage_blockers(cw.stage)
    second = cw.meeting("第二次会议", present=8)
    actions.item_revote(actor=cw.organiser, meeting=second, item=void)
    voted(cw, second, [("agree",)] * 5 + [("disagree",)] * 3, present=8)
    assert cw.items(second)[0].explanation[0]["zh"] == "应到9人，实到8人，同意5人 > 4.5，通过"


def test_competitive_the_most_agreements_take_the_slot(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1, 2, 3)
    cw.propose("P02", 4)  # left in draft: P02 is not the subject here
    m = cw.meeting(proposals=(p,))
    # 人员1 7 agree, 人员2 6 agree, 人员3 3 agree: two pass, one slot.
    rows = [("agree", "agree", "agree")] * 3 + [("agree", "agree", "disagree")] * 3 + [("agree", "disagree",
                                                                                        "disagree")]
    rows += [("disagree", "disagree", "disagree")] * 2
    voted(cw, m, rows)
    outcome = next(o for o in sel.post_outcomes(cw.stage) if o.post.code == "P01")
    assert [c.name for c in outcome.chosen] == ["人员1"] and outcome.blockers == []
    assert outcome.selection is not None
    assert [str(line) for line in outcome.selection.explain()] == [
        "通过2人，多于职数1个，按同意票数排序：人员1（7票）、人员2（6票）",
        "确定人员1为拟任人选；人员2同意票数较少，不作为拟任人选"]
    assert outcome.summary() == "拟任人选：人员1（同意7票）"


def test_competitive_a_tie_across_the_slot_is_re_voted(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1, 2)
    p2 = cw.propose("P02", 4)
    m = cw.meeting(proposals=(p, p2))
    voted(cw, m, [("agree", "agree", "agree")] * 6 + [("disagree", "disagree", "agree")] * 3)
    first, second, _ = cw.items(m)
    assert (first.agree, second.agree) == (6, 6)
    tie = "职位P01（办公室副主任）通过人数多于职数，人员1、人员2同意票数相同（6票），须复议"
    assert sel.stage_blockers(cw.stage) == [tie]
    with pytest.raises(CampaignError, match="须复议"):
        seal(cw)
    again = cw.meeting("第二次会议")
    actions.item_revote(actor=cw.organiser, meeting=again, item=first)
    actions.item_revote(actor=cw.organiser, meeting=again, item=second)
    voted(cw, again, [("agree", "agree")] * 5 + [("agree", "disagree")] * 2 + [("disagree", "disagree")] * 2)
    outcome = next(o for o in sel.post_outcomes(cw.stage) if o.post.code == "P01")
    assert [c.name for c in outcome.chosen] == ["人员1"] and [c.agree for c in outcome.candidates] == [7, 5]
    assert sel.stage_blockers(cw.stage) == []


def test_a_passed_candidate_not_tied_is_not_re_voted(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(proposals=(p,))
    voted(cw, m, [("agree",)] * 9)
    again = cw.meeting("第二次会议")
    with nothing_changes(), pytest.raises(CampaignError, match="人员1（职位P01）已表决通过，无需复议"):
        actions.item_revote(actor=cw.organiser, meeting=again, item=cw.items(m)[0])


def test_posts_left_without_a_candidate_say_why(personas: dict[str, Any]) -> None:
    cw = build_committee_world(personas, unsuitable=("人员4", "人员5", "人员6"))
    p = cw.propose("P01", 1)
    m = cw.meeting(proposals=(p,))
    voted(cw, m, [("agree",)] * 4 + [("disagree",)] * 5)
    assert sel.stage_blockers(cw.stage) == []  # P02 never reached the committee: nothing to do for it
    publication = seal(cw)
    found, stops = finalists_and_stops(cw.campaign)
    assert found == {cw.post("P01").pk: [], cw.post("P02").pk: []}
    assert stops[cw.post("P01").pk].kind == "committee"
    assert stops[cw.post("P01").pk].reason == "拟任人选未获通过（人员1：应到9人，实到9人，同意4人 ≤ 4.5，不通过）"
    assert stops[cw.post("P02").pk].reason.startswith("考察不合格")  # the inspection's reason, carried forward
    assert publication.content["posts"][0]["stop"] == stops[cw.post("P01").pk].reason


def test_a_withdrawn_proposal_leaves_the_post_with_its_reason(cw: CommitteeWorld) -> None:
    p1 = cw.propose("P01", 1)
    actions.proposal_withdraw(actor=cw.organiser, proposal=p1, reason="该职位暂缓选任")
    p2 = cw.propose("P02", 4)
    m = cw.meeting(proposals=(p2,))
    voted(cw, m, [("agree",)] * 9)
    seal(cw)
    found, stops = finalists_and_stops(cw.campaign)
    assert [f.application for f in found[cw.post("P02").pk]] == [cw.app(4).pk]
    assert stops[cw.post("P01").pk].reason == "拟任人选方案已撤回（该职位暂缓选任）"
    assert stops[cw.post("P01").pk].kind == "committee"


def test_the_published_results_name_the_meetings_and_explain(cw: CommitteeWorld) -> None:
    p1 = cw.propose("P01", 1)
    p2 = cw.propose("P02", 4)
    m = cw.meeting(present=7, proposals=(p1, p2))
    voted(cw, m, [("agree", "agree")] * 5 + [("agree", "disagree")] * 2, present=7)
    content = seal(cw).content
    assert content["kind"] == "committee" and content["totals"] == {"posts": 2, "decided": 2, "meetings": 1}
    meeting = content["meetings"][0]
    assert meeting["quorum"] == "应到9人，实到7人，不少于三分之二，可以表决"
    assert meeting["items"][1]["explanation"][0] == "应到9人，实到7人，同意5人 > 4.5，通过"
    assert content["rule"].startswith("到会人数须达到应到人数的三分之二以上")
    text = repr(content)
    assert "委员1" not in text  # no member is named beside anything in the published results


def test_a_public_committee_stage_shows_its_results_on_the_public_page(cw: CommitteeWorld) -> None:
    from django.test import Client

    cw.stage.public = True
    cw.stage.save(update_fields=["public"])
    p1 = cw.propose("P01", 1)
    p2 = cw.propose("P02", 4)
    m = cw.meeting(present=7, proposals=(p1, p2))
    voted(cw, m, [("agree", "agree")] * 5 + [("agree", "disagree")] * 2, present=7)
    seal(cw)
    page = Client().get(f"/public/{cw.campaign.pk}/results/committee/").content.decode()
    assert "党组（党委）讨论决定结果" in page and "拟任人选：人员4（同意5票）" in page
    assert "应到9人，实到7人，同意7人 &gt; 4.5，通过" in page and "委员1" not in page
