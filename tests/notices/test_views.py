"""The organiser's pages per role: the notice stage, a notice (edit, publish, end, downloads), the objections
queue and one objection (the supervisor sees everything, anonymous objections' text and attachments included,
and changes nothing), attachments served only to those who may view objections."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from tests.notices.world import AFTER_END, DURING, PDF, PUBLISH, NoticeWorld, nothing_changes, pdf
from xuanren.campaigns.stage_pages import links_for
from xuanren.notices.models import Notice, NoticeEntry, Objection

READERS = ("organiser", "supervisor")
OTHERS = ("reviewer", "judge", "voter", "committee", "applicant", "outsider")


def at(moment: Any) -> Any:
    return mock.patch("xuanren.notices.clock.now", return_value=moment)


def stage_url(nw: NoticeWorld) -> str:
    return f"/notices/{nw.campaign.pk}/stage/{nw.stage.pk}/"


def test_the_dashboard_links_the_notice_stage(nw: NoticeWorld) -> None:
    links = links_for(nw.organiser, nw.stage)
    assert [str(link["label"]) for link in links] == ["任前公示"]
    assert links[0]["url"] == stage_url(nw)
    assert links_for(nw.users("reviewer"), nw.stage) == []


def test_the_stage_page_per_role(nw: NoticeWorld, as_role: Any) -> None:
    with at(PUBLISH):
        page = as_role("organiser").get(stage_url(nw)).content.decode()
    assert "生成公示草稿" in page and "人员1（P01 办公室副主任）" in page
    assert "公示期自2026年12月7日至2026年12月14日，共5个工作日（起始日不计入，自次日起算）" in page
    assert "尚未发布任前公示" in page
    with at(PUBLISH):
        page = as_role("supervisor").get(stage_url(nw)).content.decode()
    assert "生成公示草稿" not in page and 'id="settings-form"' not in page
    for role in OTHERS:
        assert as_role(role).get(stage_url(nw)).status_code == 403


def test_generate_edit_publish_and_end_through_the_pages(nw: NoticeWorld, as_role: Any) -> None:
    client = as_role("organiser")
    with at(PUBLISH):
        r = client.post(f"{stage_url(nw)}generate/", {"starts": "2026-12-07", "working_days": "5"})
    notice = Notice.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/notices/notice/{notice.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert "人员1，男，1985年3月生" in page and "发布公示" in page and 'id="edit-form"' in page
    one = notice.entries.get(application__person__name="人员1")
    with at(PUBLISH):
        client.post(f"/notices/notice/{notice.pk}/edit/", {
            "title": "任前公示", "issuer": "中共测试局党组", "starts": "2026-12-07", "ends": "", "working_days": "6",
            "phone": "010-1", "address": "", "mailbox": "", "contact": "", f"exceptional-{one.pk}": "破格提拔",
            "text": "", "regenerate": "1"})
    notice.refresh_from_db()
    assert notice.ends.isoformat() == "2026-12-15" and "经中共测试局党组研究" in notice.text
    assert "（破格提拔。）" in notice.text
    # a refused edit says why and changes nothing
    with at(PUBLISH), nothing_changes():
        r = client.post(f"/notices/notice/{notice.pk}/edit/", {"issuer": "中共测试局党组", "starts": "2026-12-07",
                                                               "ends": "2026-12-10", "text": notice.text})
    assert "仅有3个工作日" in client.get(r["Location"]).content.decode()
    with at(PUBLISH):
        client.post(f"/notices/notice/{notice.pk}/publish/")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    with at(DURING):
        r = client.post(f"/notices/notice/{notice.pk}/end/")
    assert "尚未期满" in client.get(r["Location"]).content.decode()
    with at(AFTER_END + dt.timedelta(days=1)):  # the period was lengthened to 15 December
        client.post(f"/notices/notice/{notice.pk}/end/")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ENDED
    assert set(notice.entries.values_list("outcome", flat=True)) == {NoticeEntry.Outcome.CLEARED}
    page = client.get(f"/notices/notice/{notice.pk}/").content.decode()
    assert "公示期满" in page and "公示无异议或反映问题不属实" in page and 'id="end-form"' not in page
    from xuanren.campaigns import actions as campaign_actions

    campaign_actions.stage_seal(actor=nw.organiser, stage=nw.stage, now=AFTER_END + dt.timedelta(days=1))
    page = client.get(stage_url(nw)).content.decode()
    assert "已封存" in page and 'id="settings-form"' not in page and "生成公示草稿" not in page


def test_the_settings_form_refuses_fewer_than_five_days(nw: NoticeWorld, as_role: Any) -> None:
    client = as_role("organiser")
    with nothing_changes():
        r = client.post(f"{stage_url(nw)}settings/", {"working_days": "3"})
    assert "公示期不得少于5个工作日" in client.get(r["Location"]).content.decode()
    client.post(f"{stage_url(nw)}settings/", {"working_days": "6", "issuer": "中共测试局党组"})
    nw.stage.refresh_from_db()
    assert nw.stage.settings["working_days"] == 6


def test_a_supervisor_reads_a_notice_and_downloads_it_but_changes_nothing(nw: NoticeWorld, as_role: Any) -> None:
    notice = nw.generate()
    client = as_role("supervisor")
    page = client.get(f"/notices/notice/{notice.pk}/").content.decode()
    assert "人员1" in page and 'id="edit-form"' not in page and 'id="publish-form"' not in page
    assert client.get(f"/notices/notice/{notice.pk}/notice.docx").content.startswith(b"PK")
    with nothing_changes():
        assert client.post(f"/notices/notice/{notice.pk}/publish/").status_code == 403
        assert client.post(f"/notices/notice/{notice.pk}/delete/").status_code == 403
    for role in OTHERS:
        assert as_role(role).get(f"/notices/notice/{notice.pk}/").status_code == 403


def test_the_supervisor_sees_every_objection_with_its_text_and_attachments(nw: NoticeWorld, as_role: Any) -> None:
    notice = nw.published()
    anonymous = nw.lodge(notice, text="匿名反映的内容", files=[pdf("证据.pdf")])
    named = nw.lodge(notice, text="实名反映的内容", anonymous=False, name="王五", contact="13800000000")
    queue = as_role("supervisor").get("/notices/objections/").content.decode()
    assert anonymous.receipt in queue and named.receipt in queue
    page = as_role("supervisor").get(f"/notices/objections/{anonymous.pk}/").content.decode()
    assert "匿名反映的内容" in page and "证据.pdf" in page and 'id="assign-form"' not in page
    assert "王五，13800000000" in as_role("supervisor").get(f"/notices/objections/{named.pk}/").content.decode()
    attachment = anonymous.attachments.get()
    for role in READERS:
        r = as_role(role).get(f"/notices/attachments/{attachment.pk}/")
        assert r.status_code == 200 and r.content == PDF and r["Content-Type"] == "application/pdf"
        assert r["X-Content-Type-Options"] == "nosniff"
    for role in OTHERS:
        assert as_role(role).get(f"/notices/attachments/{attachment.pk}/").status_code == 403
        assert as_role(role).get("/notices/objections/").status_code == 403
    assert Client().get(f"/notices/attachments/{attachment.pk}/").status_code == 302
    with nothing_changes():
        r = as_role("supervisor").post(f"/notices/objections/{anonymous.pk}/assign/",
                                       {"assignee": str(nw.organiser.pk)})
    assert r.status_code == 403


def test_handling_through_the_pages_to_a_verified_finding(nw: NoticeWorld, as_role: Any) -> None:
    notice = nw.published()
    o = nw.lodge(notice, entry=nw.entry(notice, "人员4").pk)
    client = as_role("organiser")
    base = f"/notices/objections/{o.pk}/"
    page = client.get(base).content.decode()
    assert 'id="assign-form"' in page and "organiser" in page
    with at(DURING):
        client.post(f"{base}assign/", {"assignee": str(nw.organiser.pk)})
        client.post(f"{base}investigate/", {"notes": "谈话核实"})
        r = client.post(f"{base}conclude/", {"finding": "verified", "reply": "经核实属实，终止任用。"})
    o.refresh_from_db()
    assert o.status == Objection.Status.CONCLUDED and o.finding == Objection.Finding.VERIFIED
    assert nw.entry(notice, "人员4").outcome == NoticeEntry.Outcome.STOPPED
    page = client.get(r["Location"]).content.decode()
    assert "反映问题属实" in page and 'id="conclude-form"' not in page
    history = page.split('id="history"', 1)[1].split("</ul>", 1)[0]
    assert "网上反映问题" in history and "交办反映问题" in history and "记录调查核实" in history
    assert "办结反映问题 · 反映问题属实" in history and "objections." not in history and "verified" not in history


def test_a_refused_handling_step_says_why(nw: NoticeWorld, as_role: Any) -> None:
    notice = nw.published()
    o = nw.lodge(notice)
    client = as_role("organiser")
    with nothing_changes():
        r = client.post(f"/notices/objections/{o.pk}/investigate/", {"notes": "x"})
    assert "请先交办承办人" in client.get(r["Location"]).content.decode()
    with nothing_changes():
        r = client.post(f"/notices/objections/{o.pk}/assign/", {"assignee": str(nw.users("supervisor").pk)})
    assert "承办人须为有权办理反映问题的在岗用户" in client.get(r["Location"]).content.decode()


def test_an_organiser_registers_a_phone_call_through_the_page(nw: NoticeWorld, as_role: Any) -> None:
    notice = nw.published()
    client = as_role("organiser")
    url = f"/notices/notice/{notice.pk}/register/"
    with at(DURING):
        assert 'id="register-form"' in client.get(url).content.decode()
        r = client.post(url, {"channel": "phone", "received": "2026-12-09", "anonymous": "1", "text": "电话反映……",
                              "entry": str(nw.entry(notice, "人员1").pk)})
    o = Objection.objects.get()
    assert r.status_code == 302 and o.channel == Objection.Channel.PHONE and o.registered_by == nw.organiser
    with at(DURING), nothing_changes():
        r = client.post(url, {"channel": "phone", "received": "2026-12-09", "text": "", "anonymous": "1"})
    assert r.status_code == 400 and "请填写反映内容" in r.content.decode()
    assert as_role("supervisor").get(url).status_code == 403


@pytest.mark.parametrize("suffix", ["notice.pdf", "notice.docx"])
def test_downloads_of_a_draft_are_for_readers_only(nw: NoticeWorld, as_role: Any, suffix: str) -> None:
    notice = nw.generate()
    assert as_role("organiser").get(f"/notices/notice/{notice.pk}/{suffix}").status_code == 200
    assert Client().get(f"/notices/public/{notice.pk}/{suffix}").status_code == 404
    assert as_role("reviewer").get(f"/notices/notice/{notice.pk}/{suffix}").status_code == 403
