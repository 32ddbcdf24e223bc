"""The committee area's part of tests/test_access_matrix.py (see tests/scoring/access.py for the contract): its
API operations with their capabilities and a valid call of each, the URL arguments of its pages, and the
object rule of the member's ballot page.

One campaign is made on first use, straight in the database (the actions are tested elsewhere): eligibility
sealed, the committee stage open, a post per operation (each with one qualified candidate, so every
candidate is a finalist), and the proposals and meetings the operations act on — each used by one allowed
role only (the organiser, or the ``committee`` persona who sits on the secret meeting).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
from xuanren.committee.models import Item, Meeting, Member, Proposal, ProposalCandidate
from xuanren.people.models import Person, Unit
from xuanren.rules import idnumber

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 12, 8)
PREFIX = "/api/committee"

API: dict[tuple[str, str], str | None] = {
    ("get", "/api/committee/{campaign_id}/stage"): "committee.view",
    ("get", "/api/committee/proposals/{proposal_id}"): "committee.view",
    ("get", "/api/committee/meetings/{meeting_id}"): "committee.view",
    ("put", "/api/committee/{campaign_id}/rule"): "committee.manage",
    ("post", "/api/committee/{campaign_id}/proposals"): "committee.manage",
    ("patch", "/api/committee/proposals/{proposal_id}"): "committee.manage",
    ("post", "/api/committee/proposals/{proposal_id}/submit"): "committee.manage",
    ("post", "/api/committee/proposals/{proposal_id}/withdraw"): "committee.manage",
    ("post", "/api/committee/{campaign_id}/meetings"): "committee.manage",
    ("patch", "/api/committee/meetings/{meeting_id}"): "committee.manage",
    ("delete", "/api/committee/meetings/{meeting_id}"): "committee.manage",
    ("put", "/api/committee/meetings/{meeting_id}/members"): "committee.manage",
    ("put", "/api/committee/meetings/{meeting_id}/attendance"): "committee.manage",
    ("post", "/api/committee/meetings/{meeting_id}/items"): "committee.manage",
    ("delete", "/api/committee/items/{item_id}"): "committee.manage",
    ("post", "/api/committee/meetings/{meeting_id}/open"): "committee.manage",
    ("post", "/api/committee/meetings/{meeting_id}/votes"): "committee.manage",
    ("post", "/api/committee/meetings/{meeting_id}/close"): "committee.manage",
    ("get", "/api/committee/my/meetings"): "committee.vote",
    ("get", "/api/committee/my/meetings/{meeting_id}"): "committee.vote",
    ("post", "/api/committee/my/meetings/{meeting_id}/ballot"): "committee.vote",
}

# The ballot page of a meeting the user does not sit on is refused by the object rule; the persona sits on it.
OBJECT_CAPABILITY: dict[str, str] = {"committee:ballot": "committee.vote", "committee:ballot_cast": "committee.vote"}

POSTS = ("N1", "U1", "S1", "W1", "D1", "R1", "O1", "E1", "K1", "X1", "V1")


def _id(serial: int) -> str:
    first17 = f"110105{dt.date(1983, 4, 5):%Y%m%d}{serial:03d}"
    return first17 + idnumber.check_character(first17)


def _members(meeting: Meeting, n: int, *, present: int, user: Any = None) -> list[Member]:
    return [Member.objects.create(meeting=meeting, name=f"委员{k}", order=k, present=k <= present,
                                  absence_reason="" if k <= present else "出差", user=user if k == 1 else None)
            for k in range(1, n + 1)]


def committee_world(world: dict[str, Any]) -> dict[str, Any]:
    if "committee" in world:
        return world["committee"]
    unit = world["campaign"].unit
    department = Unit.objects.get(name="测试部门")
    persona = get_user_model().objects.get(username="committee")
    c = Campaign.objects.create(name="讨论决定批次", unit=unit, status=Campaign.Status.ANNOUNCED, published_at=NOW)
    Stage.objects.create(campaign=c, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED, sealed_at=NOW)
    stage = Stage.objects.create(campaign=c, kind=StageKind.COMMITTEE, order=2, status=Stage.Status.OPEN,
                                 opened_at=NOW)
    apps: dict[str, Application] = {}
    for n, code in enumerate(POSTS, start=1):
        post = Post.objects.create(campaign=c, code=code, department=department, title=f"职位{code}",
                                   level="section_deputy", slots=1, order=n)
        person = Person.objects.create(name=f"拟任人选{n}", gender="M", birth_date=dt.date(1983, 4, 5),
                                       id_number=_id(400 + n), education="bachelor", political_status="party_member",
                                       unit=unit)
        apps[code] = Application.objects.create(campaign=c, post=post, person=person, submitted_at=NOW)
        Review.objects.create(application=apps[code], auto_eligible=True, checked_on=NOW.date(), decision="eligible")

    def proposal(code: str, status: str = Proposal.Status.DRAFT) -> Proposal:
        p = Proposal.objects.create(stage=stage, post=apps[code].post, status=status, created=NOW)
        ProposalCandidate.objects.create(proposal=p, application=apps[code], order=1, reason="政治素质好，实绩突出")
        return p

    def meeting(name: str, status: str = Meeting.Status.DRAFT, mode: str = Meeting.Mode.ENTERED) -> Meeting:
        return Meeting.objects.create(campaign=c, stage=stage, name=name, held_on=DAY, mode=mode, status=status,
                                      rule={}, created=NOW, opened_at=NOW if status != Meeting.Status.DRAFT else None,
                                      closed_at=NOW if status == Meeting.Status.CLOSED else None)

    def item(m: Meeting, code: str, p: Proposal, **kw: Any) -> Item:
        return Item.objects.create(meeting=m, application=apps[code], proposal=p, order=1, **kw)

    # A closed meeting in which D1 and R1 were deferred (for a re-vote, and a re-vote to remove).
    closed = meeting("已结束的会议", Meeting.Status.CLOSED)
    _members(closed, 3, present=3)
    deferred = item(closed, "D1", proposal("D1", Proposal.Status.SUBMITTED), outcome=Item.Outcome.DEFERRED,
                    agree=1, disagree=0, defer=2)
    earlier_r1 = item(closed, "R1", proposal("R1", Proposal.Status.SUBMITTED), outcome=Item.Outcome.DEFERRED,
                      agree=1, disagree=0, defer=2)
    revotes = meeting("复议会议")
    _members(revotes, 3, present=3)
    to_remove = Item.objects.create(meeting=revotes, application=apps["R1"], proposal=earlier_r1.proposal,
                                    revote_of=earlier_r1, order=1)
    # A meeting ready to open, one taking entered votes, one to close, and the persona's secret meeting.
    to_open = meeting("待开始的会议")
    _members(to_open, 3, present=3)
    item(to_open, "O1", proposal("O1", Proposal.Status.SUBMITTED))
    entering = meeting("录入中的会议", Meeting.Status.OPEN)
    entering_members = _members(entering, 3, present=3)
    entering_item = item(entering, "E1", proposal("E1", Proposal.Status.SUBMITTED))
    to_close = meeting("待结束的会议", Meeting.Status.OPEN)
    _members(to_close, 3, present=3)
    item(to_close, "K1", proposal("K1", Proposal.Status.SUBMITTED))
    secret = meeting("无记名表决会议", Meeting.Status.OPEN, Meeting.Mode.SECRET)
    _members(secret, 3, present=3, user=persona)
    secret_item = item(secret, "X1", proposal("X1", Proposal.Status.SUBMITTED))
    made = {
        "campaign": c, "stage": stage, "apps": apps, "persona": persona,
        "to_update": proposal("U1"), "to_submit": proposal("S1"), "to_withdraw": proposal("W1"),
        "view_proposal": deferred.proposal, "target": meeting("待提交的会议"), "edit": meeting("待修改的会议"),
        "delete": meeting("待删除的会议"), "revotes": revotes, "deferred": deferred, "to_remove": to_remove,
        "to_open": to_open, "entering": entering, "entering_member": entering_members[0],
        "entering_item": entering_item, "to_close": to_close, "secret": secret, "secret_item": secret_item,
        "closed": closed,
    }
    _members(made["edit"], 3, present=0)
    world["committee"] = made
    return made


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    w = committee_world(world)
    c = w["campaign"]
    edit: Meeting = w["edit"]
    # operation → (proposal, meeting, item, JSON body)
    table: dict[tuple[str, str], tuple[Any, Any, Any, Any]] = {
        ("put", "/api/committee/{campaign_id}/rule"): (None, None, None, {"quorum": "2/3", "pass_share": "1/2"}),
        ("post", "/api/committee/{campaign_id}/proposals"): (None, None, None, {
            "post_id": w["apps"]["N1"].post_id,
            "candidates": [{"application_id": w["apps"]["N1"].pk, "reason": "工作实绩突出"}]}),
        ("patch", "/api/committee/proposals/{proposal_id}"): (w["to_update"], None, None, {"note": "经酝酿提出"}),
        ("post", "/api/committee/proposals/{proposal_id}/submit"): (w["to_submit"], None, None,
                                                                     {"meeting_id": w["target"].pk}),
        ("post", "/api/committee/proposals/{proposal_id}/withdraw"): (w["to_withdraw"], None, None,
                                                                       {"reason": "本人提出不再参加"}),
        ("post", "/api/committee/{campaign_id}/meetings"): (None, None, None, {
            "name": f"新会议-{role}", "held_on": "2026-12-09", "mode": "secret",
            "members": [{"name": "委员甲", "user_id": w["persona"].pk}]}),
        ("patch", "/api/committee/meetings/{meeting_id}"): (None, edit, None, {"place": "第二会议室"}),
        ("delete", "/api/committee/meetings/{meeting_id}"): (None, w["delete"], None, None),
        ("put", "/api/committee/meetings/{meeting_id}/members"): (None, edit, None, {
            "members": [{"name": "委员甲", "role": "书记"}, {"name": "委员乙"}]}),
        ("put", "/api/committee/meetings/{meeting_id}/attendance"): (None, edit, None, {
            "attendance": [{"member_id": x.pk, "present": True} for x in Member.objects.filter(meeting=edit)]}),
        ("post", "/api/committee/meetings/{meeting_id}/items"): (None, w["revotes"], None,
                                                                 {"item_id": w["deferred"].pk}),
        ("delete", "/api/committee/items/{item_id}"): (None, None, w["to_remove"], None),
        ("post", "/api/committee/meetings/{meeting_id}/open"): (None, w["to_open"], None, None),
        ("post", "/api/committee/meetings/{meeting_id}/votes"): (None, w["entering"], None, {
            "votes": [{"member_id": w["entering_member"].pk, "item_id": w["entering_item"].pk, "choice": "agree"}]}),
        ("post", "/api/committee/meetings/{meeting_id}/close"): (None, w["to_close"], None, {"allow_missing": True}),
        ("post", "/api/committee/my/meetings/{meeting_id}/ballot"): (None, w["secret"], None, {
            "choices": {str(w["secret_item"].pk): "agree"}}),
    }
    proposal, meeting, item, body = table.get((method, path), (w["view_proposal"], w["secret"], None, None))
    url = path.format(campaign_id=c.pk, proposal_id=(proposal or w["view_proposal"]).pk,
                      meeting_id=(meeting or w["secret"]).pk, item_id=(item or w["to_remove"]).pk)
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


PAGES = {"committee:stage", "committee:settings", "committee:proposal_create", "committee:meeting_create",
         "committee:proposal", "committee:proposal_update", "committee:proposal_submit", "committee:proposal_withdraw",
         "committee:meeting", "committee:meeting_progress", "committee:meeting_update", "committee:meeting_delete",
         "committee:meeting_members", "committee:meeting_attendance", "committee:item_revote",
         "committee:item_remove", "committee:meeting_open", "committee:meeting_enter", "committee:meeting_close",
         "committee:my", "committee:ballot", "committee:ballot_cast"}


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if name not in PAGES:
        return None
    w = committee_world(world)
    if name in {"committee:stage", "committee:settings", "committee:proposal_create", "committee:meeting_create"}:
        return {"pk": w["campaign"].pk, "stage_pk": w["stage"].pk}
    if name.startswith("committee:proposal"):
        return {"proposal_pk": w["view_proposal"].pk}
    if name == "committee:item_remove":
        return {"item_pk": w["to_remove"].pk}
    if name == "committee:my":
        return {}
    if name.startswith("committee:ballot"):
        return {"meeting_pk": w["secret"].pk}
    return {"meeting_pk": w["closed"].pk if name == "committee:meeting" else w["entering"].pk}
