"""Objections: lodged by the public (anonymous, named, with attachments, rate-limited, only within the period),
registered by an organiser, handled to a finding — verified stops the appointment, not verified lets it proceed —
every step recorded, nothing of the sender or the words in the record, every refusal changing nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.campaigns.world import one_event
from tests.notices.world import AFTER_END, DURING, PNG, PUBLISH, NoticeWorld, nothing_changes, pdf
from xuanren.campaigns.errors import CampaignError
from xuanren.notices import actions
from xuanren.notices.actions import Upload
from xuanren.notices.actions.objections import normalise_receipt, sniff_type
from xuanren.notices.models import NoticeEntry, Objection, ObjectionAttachment
from xuanren.record.models import Event

RECEIPT = re.compile(r"^JB-2026-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$")


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_an_anonymous_objection_gets_a_random_receipt(nw: NoticeWorld) -> None:
    notice = nw.published()
    with one_event("objections.lodge"):
        o = nw.lodge(notice, entry=nw.entry(notice, "人员1").pk, client="c1", anonymous=True, name="不该留下",
                     contact="13800000000")
    assert RECEIPT.match(o.receipt)
    assert o.anonymous and o.name == "" and o.contact == ""  # anonymous: nothing of the sender is kept
    assert o.status == Objection.Status.RECEIVED and o.channel == Objection.Channel.WEB
    assert o.entry is not None and o.entry.details["name"] == "人员1"
    others = {nw.lodge(notice, text=f"第{i}件").receipt for i in range(4)}
    assert len(others | {o.receipt}) == 5  # random, not a sequence
    event = Event.objects.get(action="objections.lodge", object_id=str(o.pk))
    assert event.actor == "public"
    assert event.details["receipt"] == o.receipt and event.details["anonymous"] is True


def test_a_named_objection_needs_name_and_contact_which_stay_out_of_the_record(nw: NoticeWorld) -> None:
    notice = nw.published()
    with nothing_changes(), pytest.raises(CampaignError, match="请填写联系方式"):
        nw.lodge(notice, anonymous=False, name="王五", contact="")
    with nothing_changes(), pytest.raises(CampaignError, match="请填写反映人姓名"):
        nw.lodge(notice, anonymous=False, name=" ", contact="13800000000")
    o = nw.lodge(notice, text="反映人员4的问题：某年某月……", anonymous=False, name="王五", contact="13800000000",
                 entry=nw.entry(notice, "人员4").pk)
    assert (o.name, o.contact) == ("王五", "13800000000")
    dump = str(list(Event.objects.values("details", "object_repr")))
    assert "王五" not in dump and "13800000000" not in dump and "某年某月" not in dump


@pytest.mark.parametrize("text", ["", "   "])
def test_an_objection_without_words_is_refused(nw: NoticeWorld, text: str) -> None:
    notice = nw.published()
    with nothing_changes(), pytest.raises(CampaignError, match="请填写反映内容"):
        nw.lodge(notice, text=text)


def test_an_objection_about_someone_not_on_the_notice_is_refused(nw: NoticeWorld) -> None:
    notice = nw.published()
    other = NoticeEntry.objects.exclude(notice=notice).first()
    assert other is None
    with nothing_changes(), pytest.raises(CampaignError, match="反映对象不在本公示的人选中"):
        nw.lodge(notice, entry=99999)


def test_attachments_are_stored_with_their_digest(nw: NoticeWorld, settings: Any) -> None:
    notice = nw.published()
    o = nw.lodge(notice, files=[pdf("证据.pdf"), Upload("照片.PNG", PNG), Upload("说明.docx", docx_bytes())])
    rows = list(o.attachments.order_by("id"))
    assert [r.title for r in rows] == ["证据.pdf", "照片.PNG", "说明.docx"]
    assert rows[0].content_type == "application/pdf" and rows[0].size == len(pdf().data)
    import hashlib

    assert rows[0].sha256 == hashlib.sha256(pdf().data).hexdigest()
    stored = Path(settings.MEDIA_ROOT) / rows[0].file.name
    assert stored.read_bytes() == pdf().data
    assert "证据" not in rows[0].file.name  # stored under a random name, not the sender's


def test_an_attachment_too_big_is_refused_and_nothing_is_stored(nw: NoticeWorld, settings: Any) -> None:
    notice = nw.published()
    settings.NOTICES_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with nothing_changes(), pytest.raises(CampaignError, match=r"附件“大\.pdf”大小1\.2 MB，超过1 MB的上限"):
        nw.lodge(notice, files=[pdf(), pdf("大.pdf", PDF_BIG)])
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


PDF_BIG = b"%PDF-1.4\n" + b"0" * (1200 * 1024)


@pytest.mark.parametrize(("name", "data"), [
    ("病毒.exe", b"MZ\x90\x00"),
    ("伪装.pdf", b"MZ\x90\x00 not a pdf"),  # the name says PDF, the content does not
    ("图片.pdf", PNG),  # a PNG named .pdf
    ("压缩包.docx", b"PK\x03\x04 broken"),
    ("空.pdf", b""),
])
def test_an_attachment_of_a_type_not_accepted_is_refused(nw: NoticeWorld, settings: Any, name: str,
                                                         data: bytes) -> None:
    notice = nw.published()
    with nothing_changes(), pytest.raises(CampaignError, match=r"类型不被接受|空文件"):
        nw.lodge(notice, files=[pdf(), Upload(name, data)])
    assert not Path(settings.MEDIA_ROOT).exists() or not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_at_most_five_attachments(nw: NoticeWorld) -> None:
    notice = nw.published()
    with nothing_changes(), pytest.raises(CampaignError, match="附件最多5个"):
        nw.lodge(notice, files=[pdf(f"{i}.pdf") for i in range(6)])


def test_sniffing_tells_the_accepted_types_apart() -> None:
    assert sniff_type(PDF_BIG) == "pdf" and sniff_type(PNG) == "png" and sniff_type(b"\xff\xd8\xff\xe0") == "jpg"
    assert sniff_type(docx_bytes()) == "docx" and sniff_type(b"GIF89a") is None


def test_objections_from_one_client_are_rate_limited(nw: NoticeWorld, settings: Any) -> None:
    settings.NOTICES_OBJECTION_LIMIT = 3
    notice = nw.published()
    for i in range(3):
        nw.lodge(notice, text=f"第{i}件", client="same")
    with nothing_changes(), pytest.raises(CampaignError, match="提交过于频繁，请稍后再试"):
        nw.lodge(notice, client="same")
    nw.lodge(notice, client="another")  # another client is not held back
    nw.lodge(notice, client="same", now=DURING + dt.timedelta(hours=2))  # nor the same one after the window


def test_objections_only_while_the_notice_is_published_and_within_its_period(nw: NoticeWorld) -> None:
    draft = nw.generate()
    with nothing_changes(), pytest.raises(CampaignError, match="公示尚未发布"):
        nw.lodge(draft, now=PUBLISH)
    notice = actions.notice_publish(actor=nw.organiser, notice=draft, now=PUBLISH)
    nw.lodge(notice, now=PUBLISH)  # the day of publication: taken
    nw.lodge(notice, now=dt.datetime(2026, 12, 14, 15, 59, tzinfo=dt.UTC))  # 23:59 on the last day, Beijing time
    with nothing_changes(), pytest.raises(CampaignError, match="公示期已于2026年12月14日截止，不再受理反映"):
        nw.lodge(notice, now=dt.datetime(2026, 12, 14, 16, 0, tzinfo=dt.UTC))
    notice = nw.end(notice)
    with nothing_changes(), pytest.raises(CampaignError, match="公示已于2026年12月14日期满结束"):
        nw.lodge(notice, now=AFTER_END)


def test_an_objection_before_the_first_day_is_refused(nw: NoticeWorld) -> None:
    notice = nw.generate(starts="2026-12-09")
    notice = actions.notice_publish(actor=nw.organiser, notice=notice, now=PUBLISH)
    with nothing_changes(), pytest.raises(CampaignError, match="公示期自2026年12月9日开始"):
        nw.lodge(notice, now=PUBLISH)


def test_receipts_typed_loosely_are_read() -> None:
    assert normalise_receipt(" jb-2026-7q3k9m ") == "JB-2026-7Q3K9M"
    assert normalise_receipt("JB20267Q3K9M") == "JB-2026-7Q3K9M"
    assert normalise_receipt("JB—2026—7Q3K9M") == "JB-2026-7Q3K9M"


# --- registering one received otherwise ------------------------------------------------------------

def test_an_organiser_registers_a_letter(nw: NoticeWorld) -> None:
    notice = nw.published()
    with one_event("objections.register"):
        o = actions.objection_register(actor=nw.organiser, notice=notice, channel="letter", text="来信反映……",
                                       anonymous=False, name="赵六", contact="某市某路", received=dt.date(2026, 12, 8),
                                       entry=nw.entry(notice, "人员4").pk, now=DURING)
    assert o.channel == Objection.Channel.LETTER and o.registered_by == nw.organiser
    assert o.lodged_at.date() == dt.date(2026, 12, 8)
    with nothing_changes(), pytest.raises(CampaignError, match="请选择反映方式"):
        actions.objection_register(actor=nw.organiser, notice=notice, channel="web", text="x", now=DURING)
    with nothing_changes(), pytest.raises(CampaignError, match="晚于今天"):
        actions.objection_register(actor=nw.organiser, notice=notice, channel="phone", text="x",
                                   received=dt.date(2026, 12, 10), now=DURING)
    with nothing_changes(), pytest.raises(CampaignError, match="尚未开始受理"):
        actions.objection_register(actor=nw.organiser, notice=notice, channel="phone", text="x",
                                   received=dt.date(2026, 12, 6), now=DURING)
    with nothing_changes(), pytest.raises(PermissionDenied):
        actions.objection_register(actor=nw.users("supervisor"), notice=notice, channel="phone", text="x",
                                   now=DURING)


# --- handling --------------------------------------------------------------------------------------

def test_a_verified_objection_stops_the_appointment_of_that_person(nw: NoticeWorld) -> None:
    notice = nw.published()
    one = nw.entry(notice, "人员1")
    o = nw.lodge(notice, entry=one.pk)
    with one_event("objections.assign"):
        o = actions.objection_assign(actor=nw.organiser, objection=o, assignee=nw.organiser, now=DURING)
    assert o.status == Objection.Status.ASSIGNED and o.assignee == nw.organiser
    with one_event("objections.investigate"):
        o = actions.objection_investigate(actor=nw.organiser, objection=o, notes="找本人谈话", now=DURING)
    o = actions.objection_investigate(actor=nw.organiser, objection=o, notes="调阅档案，情况属实", now=DURING)
    assert o.status == Objection.Status.INVESTIGATING
    lines = o.investigation.splitlines()
    assert len(lines) == 2 and lines[0].startswith("【2026年12月9日10:00 organiser】找本人谈话")
    with one_event("objections.conclude"):
        o = actions.objection_conclude(actor=nw.organiser, objection=o, finding="verified",
                                       reply="经核实，反映问题属实，终止任用程序。", now=DURING)
    assert o.status == Objection.Status.CONCLUDED and o.finding == Objection.Finding.VERIFIED
    one.refresh_from_db()
    assert one.outcome == NoticeEntry.Outcome.STOPPED
    notice = nw.end(notice)
    one.refresh_from_db()
    assert one.outcome == NoticeEntry.Outcome.STOPPED  # ending does not clear a stopped entry
    assert nw.entry(notice, "人员4").outcome == NoticeEntry.Outcome.CLEARED
    steps = list(Event.objects.filter(object_type="notices.objection", object_id=str(o.pk))
                 .values_list("action", flat=True))
    assert steps == ["objections.lodge", "objections.assign", "objections.investigate", "objections.investigate",
                     "objections.conclude"]
    with nothing_changes(), pytest.raises(CampaignError, match="已办结，不能再改动"):
        actions.objection_investigate(actor=nw.organiser, objection=o, notes="补充", now=AFTER_END)


def test_an_objection_not_verified_lets_the_appointment_proceed(nw: NoticeWorld) -> None:
    notice = nw.published()
    one = nw.entry(notice, "人员1")
    o = nw.handle(nw.lodge(notice, entry=one.pk), Objection.Finding.NOT_VERIFIED)
    assert o.finding == Objection.Finding.NOT_VERIFIED
    one.refresh_from_db()
    assert one.outcome == NoticeEntry.Outcome.PENDING  # the notice is still running
    nw.end(notice)
    one.refresh_from_db()
    assert one.outcome == NoticeEntry.Outcome.CLEARED


def test_an_objection_about_others_may_be_put_on_a_person_when_concluded(nw: NoticeWorld) -> None:
    notice = nw.published()
    o = nw.lodge(notice, entry=None)
    actions.objection_assign(actor=nw.organiser, objection=o, assignee=nw.organiser, now=DURING)
    actions.objection_investigate(actor=nw.organiser, objection=o, notes="核查后确认反映的是人员4", now=DURING)
    o = actions.objection_conclude(actor=nw.organiser, objection=o, finding="verified", reply="属实",
                                   entry=nw.entry(notice, "人员4").pk, now=DURING)
    assert nw.entry(notice, "人员4").outcome == NoticeEntry.Outcome.STOPPED


def test_handling_steps_in_the_wrong_order_are_refused(nw: NoticeWorld) -> None:
    notice = nw.published()
    o = nw.lodge(notice)
    with nothing_changes(), pytest.raises(CampaignError, match="请先交办承办人"):
        actions.objection_investigate(actor=nw.organiser, objection=o, notes="x", now=DURING)
    actions.objection_assign(actor=nw.organiser, objection=o, assignee=nw.organiser, now=DURING)
    with nothing_changes(), pytest.raises(CampaignError, match="请先记录调查核实情况"):
        actions.objection_conclude(actor=nw.organiser, objection=o, finding="verified", reply="x", now=DURING)
    actions.objection_investigate(actor=nw.organiser, objection=o, notes="谈话", now=DURING)
    with nothing_changes(), pytest.raises(CampaignError, match="请选择核实结论"):
        actions.objection_conclude(actor=nw.organiser, objection=o, finding="maybe", reply="x", now=DURING)
    with nothing_changes(), pytest.raises(CampaignError, match="请填写答复意见"):
        actions.objection_conclude(actor=nw.organiser, objection=o, finding="verified", reply="", now=DURING)


def test_only_an_organiser_may_be_assigned_and_handle(nw: NoticeWorld) -> None:
    notice = nw.published()
    o = nw.lodge(notice)
    with nothing_changes(), pytest.raises(CampaignError, match="承办人须为有权办理反映问题的在岗用户"):
        actions.objection_assign(actor=nw.organiser, objection=o, assignee=nw.users("supervisor"), now=DURING)
    for role in ("supervisor", "reviewer"):
        with nothing_changes(), pytest.raises(PermissionDenied):
            actions.objection_assign(actor=nw.users(role), objection=o, assignee=nw.organiser, now=DURING)
    organiser2 = _second_organiser()
    o = actions.objection_assign(actor=nw.organiser, objection=o, assignee=organiser2, now=DURING)
    assert o.assignee == organiser2
    assert Event.objects.filter(action="objections.assign").last().details["assignee"] == "organiser2"  # type: ignore[union-attr]


def _second_organiser() -> Any:
    from tests.conftest import make_user

    return make_user("organiser2", "organiser")


def test_attachments_rows_belong_to_their_objection(nw: NoticeWorld) -> None:
    notice = nw.published()
    nw.lodge(notice, files=[pdf()])
    assert ObjectionAttachment.objects.count() == 1
