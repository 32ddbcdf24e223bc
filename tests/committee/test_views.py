"""The committee pages by role: the organiser carries a post from a proposal to a closed meeting through the
forms; the supervisor reads everything and changes nothing; a member votes on their phone page once and sees
only that they voted; refusals are shown in Chinese and change nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.committee.world import CommitteeWorld, nothing_changes
from xuanren.committee import actions
from xuanren.committee.models import CommitteeVote, Item, Meeting, Member, Proposal


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return response.content.decode()


def stage_url(cw: CommitteeWorld) -> str:
    return f"/committee/{cw.campaign.pk}/stage/{cw.stage.pk}/"


def test_the_organiser_proposes_arranges_opens_and_closes_through_the_pages(cw: CommitteeWorld) -> None:
    org = client_for(cw.organiser)
    page = text(org.get(stage_url(cw)))
    assert "拟任人选方案与票决" in page and "人员1" in page and "尚未提出拟任人选方案" in page
    r = org.post(f"{stage_url(cw)}proposals/new/", {
        "post": cw.post("P01").pk, "candidate": [cw.app(1).pk, cw.app(2).pk],
        f"reason_{cw.app(1).pk}": "政治素质好", f"reason_{cw.app(2).pk}": "实绩突出", "note": "差额酝酿"})
    p = Proposal.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/committee/proposals/{p.pk}/" and p.competitive
    members = {f"member_name_{n}": f"委员{n}" for n in range(1, 10)}
    members |= {f"member_user_{n}": str(cw.members[n - 1].pk) for n in range(1, 10)}
    r = org.post(f"{stage_url(cw)}meetings/new/", {"name": "院党组第12次会议", "held_on": "2026-12-08",
                                                    "place": "第一会议室", "mode": "secret", **members})
    m = Meeting.objects.get()
    assert r["Location"] == f"/committee/meetings/{m.pk}/" and m.members.count() == 9
    r = org.post(f"/committee/proposals/{p.pk}/submit/", {"meeting": m.pk})
    assert Item.objects.filter(meeting=m).count() == 2
    attendance = {f"present_{x.pk}": "1" for x in Member.objects.filter(meeting=m)[:7]}
    attendance |= {f"reason_{x.pk}": "出差" for x in Member.objects.filter(meeting=m)[7:]}
    org.post(f"/committee/meetings/{m.pk}/attendance/", attendance)
    assert Member.objects.filter(meeting=m, present=True).count() == 7
    org.post(f"/committee/meetings/{m.pk}/open/")
    m.refresh_from_db()
    assert m.status == Meeting.Status.OPEN
    page = text(org.get(f"/committee/meetings/{m.pk}/progress/"))
    assert "已表决 0 / 7 人" in page
    assert 'id="close-missing" hx-swap-oob="true"' in page and "委员7尚未表决，按未表态计" in page
    assert 'hx-include="#close-missing"' in text(org.get(f"/committee/meetings/{m.pk}/"))
    for n in range(1, 7):
        cw.vote(m, n, "agree", "agree" if n <= 4 else "disagree")
    progress = f"/committee/meetings/{m.pk}/progress/"
    ticked = text(org.get(progress, {"allow_missing": "1", "missing_key": "委员7"}))
    assert "（委员7尚未表决" in ticked and 'id="allow-missing" checked' in ticked  # the tick survives the refresh
    stale = text(org.get(progress, {"allow_missing": "1", "missing_key": "委员6、委员7"}))
    assert 'id="allow-missing">' in stale  # other names missing now: confirm again
    cw.vote(m, 7, "agree", "disagree")
    page = text(org.get(f"/committee/meetings/{m.pk}/progress/"))
    assert "已表决 7 / 7 人" in page and "同意" not in page  # who voted, never what
    assert 'id="close-missing" hx-swap-oob="true"' in page and "尚未表决" not in page  # nobody left to confirm
    r = org.post(f"/committee/meetings/{m.pk}/close/")
    page = text(org.get(f"/committee/meetings/{m.pk}/"))
    assert "应到9人，实到7人，同意7人 &gt; 4.5，通过" in page and "应到9人，实到7人，不少于三分之二，可以表决" in page
    page = text(org.get(stage_url(cw)))
    assert "拟任人选：人员1（同意7票）" in page


def test_a_refusal_is_shown_and_changes_nothing(cw: CommitteeWorld) -> None:
    org = client_for(cw.organiser)
    p = cw.propose("P01", 1)
    m = cw.meeting(present=5, proposals=(p,))
    with nothing_changes():
        r = org.post(f"/committee/meetings/{m.pk}/open/", follow=True)
    assert "应到9人，实到5人，不足三分之二，不能表决" in text(r)
    with nothing_changes():
        r = org.post(f"{stage_url(cw)}proposals/new/", {"post": cw.post("P02").pk, "candidate": [cw.app(4).pk]},
                     follow=True)
    assert "请填写人员4（职位P02）的推荐理由" in text(r)


def test_entering_votes_through_the_grid(cw: CommitteeWorld) -> None:
    org = client_for(cw.organiser)
    p = cw.propose("P01", 1)
    m = cw.meeting(present=6, mode="entered", proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    item = cw.items(m)[0]
    page = text(org.get(f"/committee/meetings/{m.pk}/"))
    assert "录入表决意见" in page
    members = list(Member.objects.filter(meeting=m, present=True))
    org.post(f"/committee/meetings/{m.pk}/enter/", {f"vote_{x.pk}_{item.pk}": "agree" for x in members[:5]})
    assert CommitteeVote.objects.filter(item=item).count() == 5
    r = org.post(f"/committee/meetings/{m.pk}/close/", follow=True)
    assert "尚有1名到会成员未表决：委员6" in text(r)
    org.post(f"/committee/meetings/{m.pk}/close/", {"allow_missing": "1"})
    assert cw.items(m)[0].outcome == Item.Outcome.PASSED


def test_the_supervisor_reads_but_changes_nothing(cw: CommitteeWorld, personas: dict[str, Any]) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(proposals=(p,))
    sup = client_for(personas["supervisor"])
    for url in (stage_url(cw), f"/committee/proposals/{p.pk}/", f"/committee/meetings/{m.pk}/"):
        r = sup.get(url)
        assert r.status_code == 200 and 'action="/committee/' not in text(r), url
    with nothing_changes():
        assert sup.post(f"/committee/meetings/{m.pk}/open/").status_code == 403
        assert sup.post(f"/committee/proposals/{p.pk}/withdraw/", {"reason": "x"}).status_code == 403


def test_a_member_votes_on_their_phone_page_once(cw: CommitteeWorld) -> None:
    p = cw.propose("P01", 1, 2)
    m = cw.meeting(present=7, proposals=(p,))
    phone = client_for(cw.members[0])
    page = text(phone.get("/committee/my/"))
    assert "院党组2026年第12次会议" in page
    assert "会议尚未开始表决" in text(phone.get(f"/committee/my/{m.pk}/"))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    first, second = cw.items(m)
    page = text(phone.get(f"/committee/my/{m.pk}/"))
    assert f'name="item_{first.pk}"' in page and "提交表决票" in page
    person = first.application.person  # what the member decides: who the candidate is now, and why proposed
    card = page.split(f'id="item-{first.pk}"', 1)[1].split("</fieldset>", 1)[0]
    assert f"现任{person.unit.name}{person.post_title}" in card and "推荐理由：人员1政治素质好，实绩突出" in card
    with nothing_changes():
        r = phone.post(f"/committee/my/{m.pk}/cast/", {f"item_{first.pk}": "agree"})
    assert r.status_code == 200 and "请对人员2表明意见" in text(r)
    r = phone.post(f"/committee/my/{m.pk}/cast/", {f"item_{first.pk}": "agree", f"item_{second.pk}": "defer"},
                   follow=True)
    assert "您已完成表决" in text(r) and "提交表决票" not in text(r)
    with nothing_changes():
        r = phone.post(f"/committee/my/{m.pk}/cast/", {f"item_{first.pk}": "agree", f"item_{second.pk}": "agree"})
    assert "您已表决，每名成员在本次会议只能表决一次" in text(r)


def test_a_member_sees_only_meetings_they_sit_on(cw: CommitteeWorld, personas: dict[str, Any]) -> None:
    p = cw.propose("P01", 1)
    m = cw.meeting(present=7, proposals=(p,))
    actions.meeting_open(actor=cw.organiser, meeting=m)
    stranger = client_for(personas["committee"])  # a committee member, not of this meeting
    assert "院党组2026年第12次会议" not in text(stranger.get("/committee/my/"))
    assert stranger.get(f"/committee/my/{m.pk}/").status_code == 403
    with nothing_changes():
        r = stranger.post(f"/committee/my/{m.pk}/cast/", {f"item_{cw.items(m)[0].pk}": "agree"})
    assert r.status_code == 403
    assert client_for(cw.organiser).get(f"/committee/my/{m.pk}/").status_code == 403


def test_the_dashboard_links_the_stage_page_and_the_menu_the_members_page(cw: CommitteeWorld) -> None:
    page = text(client_for(cw.organiser).get(f"/campaigns/{cw.campaign.pk}/"))
    assert stage_url(cw) in page
    assert 'href="/committee/my/"' in text(client_for(cw.members[0]).get("/"))
