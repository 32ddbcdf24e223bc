"""The public notice pages, without logging in: the list, a notice with its text and period, the objection form
(anonymous, named, attachments, too big, wrong type, throttled, after the end, CSRF), the receipt shown once,
and the receipt lookup (status, and the reply once concluded — nothing else)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.notices.world import AFTER_END, DURING, PDF, PNG, NoticeWorld, nothing_changes
from xuanren.notices.models import Notice, Objection

URL_NOTICE = "/notices/public/{pk}/"


def at(moment: dt.datetime) -> Any:
    """The clock of the request (the public pages take the real time)."""
    return mock.patch("xuanren.notices.clock.now", return_value=moment)


def form(entry: Any = "other", **kw: Any) -> dict[str, Any]:
    data = {"entry": str(entry), "identity": "anonymous", "name": "", "contact": "", "text": "反映问题：某某事"}
    data.update(kw)
    return data


def csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get("/notices/public/")
    return client, client.cookies["csrftoken"].value


def test_published_notices_are_listed_and_drafts_are_not(nw: NoticeWorld) -> None:
    draft = nw.generate()
    assert Client().get(URL_NOTICE.format(pk=draft.pk)).status_code == 404
    r = Client().get("/notices/public/")
    assert r.status_code == 200 and "目前没有公示" in r.content.decode()
    from xuanren.notices import actions

    notice = actions.notice_publish(actor=nw.organiser, notice=draft, now=draft.created)
    page = Client().get("/notices/public/").content.decode()
    assert nw.campaign.name in page and f"/notices/public/{notice.pk}/" in page
    with at(DURING):
        r = Client().get(URL_NOTICE.format(pk=notice.pk))
    body = r.content.decode()
    assert r.status_code == 200
    assert "公示期：2026年12月7日至2026年12月14日（发布当日不计入，共5个工作日）" in body
    assert "人员1，男，1985年3月生，大学本科学历，中共党员，现任办公室科员，拟任办公室副主任。" in body
    assert "二〇二六年十二月七日" in body and 'id="objection-form"' in body
    for suffix, magic in (("notice.pdf", b"%PDF"), ("notice.docx", b"PK")):
        download = Client().get(f"/notices/public/{notice.pk}/{suffix}")
        assert download.status_code == 200 and download.content.startswith(magic)


def test_an_anonymous_objection_through_the_page_gives_a_receipt_shown_once(nw: NoticeWorld) -> None:
    notice = nw.published()
    client, token = csrf_client()
    entry = nw.entry(notice, "人员1")
    with at(DURING):
        r = client.post(URL_NOTICE.format(pk=notice.pk), form(entry.pk, csrfmiddlewaretoken=token))
    assert r.status_code == 302 and r["Location"] == f"/notices/public/{notice.pk}/lodged/"
    o = Objection.objects.get()
    assert o.entry == entry and o.anonymous and o.text == "反映问题：某某事"
    page = client.get(r["Location"]).content.decode()
    assert o.receipt in page
    assert o.receipt not in client.get(r["Location"]).content.decode()  # once


def test_without_the_csrf_token_nothing_is_lodged(nw: NoticeWorld) -> None:
    notice = nw.published()
    client, _ = csrf_client()
    with at(DURING), nothing_changes():
        r = client.post(URL_NOTICE.format(pk=notice.pk), form())
    assert r.status_code == 403


def test_a_named_objection_with_an_attachment(nw: NoticeWorld) -> None:
    notice = nw.published()
    files = [SimpleUploadedFile("证据.pdf", PDF, "application/pdf"), SimpleUploadedFile("图.png", PNG, "image/png")]
    with at(DURING):
        r = Client().post(URL_NOTICE.format(pk=notice.pk), form(identity="named", name="王五",
                                                                contact="13800000000", files=files))
    assert r.status_code == 302
    o = Objection.objects.get()
    assert (o.anonymous, o.name, o.contact) == (False, "王五", "13800000000")
    assert [a.title for a in o.attachments.order_by("id")] == ["证据.pdf", "图.png"]


def test_an_anonymous_objection_keeps_no_name_or_contact_even_if_sent(nw: NoticeWorld) -> None:
    notice = nw.published()
    with at(DURING):
        page = Client().get(URL_NOTICE.format(pk=notice.pk)).content.decode()
        r = Client().post(URL_NOTICE.format(pk=notice.pk), form(name="王五", contact="13800000000"))
    assert 'class="col-sm-6 named-only" id="name-field"' in page and "box.hidden = anonymous.checked" in page
    assert r.status_code == 302
    o = Objection.objects.get()
    assert (o.anonymous, o.name, o.contact) == (True, "", "")


def test_a_refused_objection_keeps_what_was_typed(nw: NoticeWorld) -> None:
    notice = nw.published()
    with at(DURING), nothing_changes():
        r = Client().post(URL_NOTICE.format(pk=notice.pk), form(identity="named", name="王五",
                                                                text="很长的反映内容，不要丢"))
    body = r.content.decode()
    assert r.status_code == 400
    assert "请填写联系方式（实名反映须填写）" in body and "很长的反映内容，不要丢" in body and 'value="王五"' in body


def test_an_attachment_too_big_or_of_the_wrong_type_is_refused(nw: NoticeWorld, settings: Any) -> None:
    notice = nw.published()
    settings.NOTICES_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), "application/pdf")
    with at(DURING), nothing_changes():
        r = Client().post(URL_NOTICE.format(pk=notice.pk), form(files=[big]))
    assert r.status_code == 400 and "超过1 MB的上限" in r.content.decode()
    exe = SimpleUploadedFile("说明.pdf", b"MZ\x90\x00", "application/pdf")
    with at(DURING), nothing_changes():
        r = Client().post(URL_NOTICE.format(pk=notice.pk), form(files=[exe]))
    assert r.status_code == 400 and "类型不被接受" in r.content.decode()


def test_one_client_is_rate_limited(nw: NoticeWorld, settings: Any) -> None:
    settings.NOTICES_OBJECTION_LIMIT = 2
    notice = nw.published()
    with at(DURING):
        for _ in range(2):
            assert Client(REMOTE_ADDR="203.0.113.9").post(URL_NOTICE.format(pk=notice.pk), form()).status_code == 302
        with nothing_changes():
            r = Client(REMOTE_ADDR="203.0.113.9").post(URL_NOTICE.format(pk=notice.pk), form())
        assert r.status_code == 400 and "提交过于频繁，请稍后再试" in r.content.decode()
        assert Client(REMOTE_ADDR="203.0.113.10").post(URL_NOTICE.format(pk=notice.pk), form()).status_code == 302
    from xuanren.accounts.models import LoginFailure

    assert not any("203.0.113" in u for u in LoginFailure.objects.values_list("username", flat=True))


def test_after_the_end_the_form_is_gone_and_a_post_is_refused(nw: NoticeWorld) -> None:
    notice = nw.published()
    with at(AFTER_END):
        page = Client().get(URL_NOTICE.format(pk=notice.pk)).content.decode()
        assert "公示期已于2026年12月14日截止，不再受理反映" in page and 'id="objection-form"' not in page
        with nothing_changes():
            r = Client().post(URL_NOTICE.format(pk=notice.pk), form())
    assert r.status_code == 400 and "不再受理反映" in r.content.decode()
    nw.end(notice)
    with at(AFTER_END):
        page = Client().get(URL_NOTICE.format(pk=notice.pk)).content.decode()
    assert "公示已于2026年12月14日期满结束，不再受理反映" in page


def test_the_receipt_shows_the_status_then_the_reply_and_nothing_else(nw: NoticeWorld) -> None:
    notice = nw.published()
    mine = nw.lodge(notice, text="我的反映：秘密内容甲", anonymous=False, name="王五", contact="13800000000")
    nw.lodge(notice, text="别人的反映：秘密内容乙")
    client = Client()
    r = client.post("/notices/public/receipt/", {"receipt": mine.receipt.lower().replace("-", " - ")})
    body = r.content.decode()
    assert r.status_code == 200 and "已受理" in body and mine.receipt in body
    assert "秘密内容" not in body and "王五" not in body and "13800000000" not in body
    nw.handle(mine, Objection.Finding.NOT_VERIFIED)
    body = client.post("/notices/public/receipt/", {"receipt": mine.receipt}).content.decode()
    assert "已办结" in body and "经调查核实，现答复如下……" in body
    assert "秘密内容" not in body and "已找本人谈话" not in body  # not the text, not the investigation


def test_unknown_receipts_are_counted_and_then_refused(nw: NoticeWorld, settings: Any) -> None:
    settings.NOTICES_RECEIPT_FAILURE_LIMIT = 3
    notice = nw.published()
    real = nw.lodge(notice)
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(3):
        r = client.post("/notices/public/receipt/", {"receipt": f"JB-2026-AAAAA{n + 2}"})
        assert r.status_code == 404 and "未找到该受理编号" in r.content.decode()
    r = client.post("/notices/public/receipt/", {"receipt": real.receipt})
    assert r.status_code == 429 and "查询次数过多" in r.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.8").post("/notices/public/receipt/",
                                                   {"receipt": real.receipt}).status_code == 200


def test_the_lodged_page_without_a_receipt_says_so(nw: NoticeWorld) -> None:
    notice = nw.published()
    r = Client().get(f"/notices/public/{notice.pk}/lodged/")
    assert r.status_code == 200 and "没有新提交的反映" in r.content.decode()


def test_a_notice_of_a_campaign_not_public_is_not_shown(nw: NoticeWorld) -> None:
    notice = nw.published()
    from xuanren.campaigns.models import Campaign

    Campaign.objects.filter(pk=nw.campaign.pk).update(status=Campaign.Status.CANCELLED)
    assert Client().get(URL_NOTICE.format(pk=notice.pk)).status_code == 404
    assert Notice.objects.filter(pk=notice.pk).exists()


@pytest.mark.parametrize("path", ["/notices/public/", "/notices/public/receipt/"])
def test_public_pages_have_no_external_urls(nw: NoticeWorld, path: str) -> None:
    body = Client().get(path).content.decode()
    assert not re.search(r"(src|href)=\"https?://", body)


def test_the_campaigns_public_announcement_links_its_published_notices(nw: NoticeWorld) -> None:
    announcement = f"/public/{nw.campaign.pk}/"
    draft = nw.generate()
    assert "public-notices" not in Client().get(announcement).content.decode()
    Notice.objects.filter(pk=draft.pk).delete()
    notice = nw.published()
    page = Client().get(announcement).content.decode()
    assert 'id="public-notices"' in page and f'href="/notices/public/{notice.pk}/"' in page and notice.title in page
