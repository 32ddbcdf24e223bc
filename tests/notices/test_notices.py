"""A notice's life: the stage's settings, a draft generated from those who passed the committee, its period on
the working-day calendar, edits, publishing, ending — and every refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.campaigns.world import one_event
from tests.notices.world import AFTER_END, DURING, ENDS, LAST_DAY, PUBLISH, STARTS, NoticeWorld, nothing_changes
from xuanren.campaigns.errors import CampaignError
from xuanren.notices import actions
from xuanren.notices.actions._common import notice_settings
from xuanren.notices.documents import build_document
from xuanren.notices.models import Notice, NoticeEntry
from xuanren.people.models import Person
from xuanren.record.models import Event


def test_a_draft_lists_those_who_passed_the_committee_with_the_period_counted_on_the_calendar(nw: NoticeWorld) -> None:
    with one_event("notices.generate"):
        notice = nw.generate()
    assert notice.status == Notice.Status.DRAFT
    assert (notice.starts, notice.ends, notice.working_days) == (STARTS, ENDS, 5)
    entries = list(notice.entries.order_by("order"))
    assert [e.details["name"] for e in entries] == ["人员1", "人员4"]
    d = entries[0].details
    assert d["gender"] == "男" and d["birth"] == "1985年3月" and d["education"] == "大学本科"
    assert d["current_post"] == "办公室科员" and d["proposed_post"] == "办公室副主任"
    assert entries[1].details["proposed_post"] == "政策法规科副科长"
    assert "id_number" not in d and "birth_date" not in d
    text = notice.text
    assert text.startswith("根据《党政领导干部选拔任用工作条例》等有关规定，经测试局研究，拟任用以下同志")
    assert "人员1，男，1985年3月生，大学本科学历，中共党员，现任办公室科员，拟任办公室副主任。" in text
    assert "公示期自2026年12月7日起至2026年12月14日止（发布当日不计入，共5个工作日）。" in text
    assert notice.issuer == "测试局" and notice.title == "任前公示"


def test_the_stage_settings_give_the_least_working_days_issuer_and_contact(nw: NoticeWorld) -> None:
    with one_event("notices.settings"):
        actions.notice_settings_set(actor=nw.organiser, stage=nw.stage, working_days=7, issuer="中共测试局党组",
                                    phone="010-12345678", address="北京市某路1号", mailbox="jubao@example.cn")
    nw.stage.refresh_from_db()
    assert notice_settings(nw.stage).working_days == 7
    notice = nw.generate()
    assert notice.ends == dt.date(2026, 12, 16) and notice.working_days == 7
    assert notice.issuer == "中共测试局党组"
    assert "受理电话：010-12345678" in notice.text and "电子邮箱：jubao@example.cn" in notice.text
    assert "经中共测试局党组研究" in notice.text
    # a notice cannot have fewer than the stage's minimum
    with nothing_changes(), pytest.raises(CampaignError, match="不得少于7个工作日"):
        actions.notice_update(actor=nw.organiser, notice=notice, working_days=5)


@pytest.mark.parametrize("days", [4, 0, "三", 31])
def test_settings_below_five_working_days_or_unreadable_are_refused(nw: NoticeWorld, days: Any) -> None:
    with nothing_changes(), pytest.raises(CampaignError):
        actions.notice_settings_set(actor=nw.organiser, stage=nw.stage, working_days=days)


def test_a_notice_published_before_the_national_day_holiday_2026(nw: NoticeWorld) -> None:
    notice = nw.generate(starts="2026-09-30", now=dt.datetime(2026, 9, 30, 9, 0, tzinfo=dt.UTC))
    assert notice.ends == dt.date(2026, 10, 13)
    assert "公示期自2026年9月30日起至2026年10月13日止" in notice.text


def test_a_notice_running_into_a_year_without_data_is_refused_until_the_year_is_entered(nw: NoticeWorld) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="2027年的节假日安排尚未录入，请先录入"):
        nw.generate(starts="2026-12-28")
    from xuanren.notices.calendar import parse_text

    actions.calendar_year_save(actor=nw.organiser, data=parse_text(2027, "元旦,2027-01-01,2027-01-03"))
    notice = nw.generate(starts="2026-12-28")
    # 29, 30, 31 December; 1–3 January off; Monday 4 and Tuesday 5 January
    assert notice.ends == dt.date(2027, 1, 5)


def test_a_draft_needs_someone_who_passed_and_no_other_draft(nw: NoticeWorld) -> None:
    nw.generate()
    with nothing_changes(), pytest.raises(CampaignError, match="已有公示草稿"):
        nw.generate()


def test_nobody_to_notify_is_refused(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.notices.world import build_notice_world

    world = build_notice_world(personas, monkeypatch, passed=(-1, -1))
    with nothing_changes(), pytest.raises(CampaignError, match="没有需要公示的人选"):
        world.generate()


def test_a_notice_is_made_only_while_the_stage_is_open(personas: dict[str, Any],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.notices.world import build_notice_world

    world = build_notice_world(personas, monkeypatch)
    from xuanren.campaigns.models import Stage

    Stage.objects.filter(pk=world.stage.pk).update(status=Stage.Status.PENDING)
    world.stage.refresh_from_db()
    with nothing_changes(), pytest.raises(CampaignError, match="任前公示环节尚未开始"):
        world.generate()


# --- editing a draft -------------------------------------------------------------------------------

def test_a_period_shorter_than_five_working_days_is_refused_with_the_reason(nw: NoticeWorld) -> None:
    notice = nw.generate()
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        actions.notice_update(actor=nw.organiser, notice=notice, starts="2026-12-07", ends="2026-12-11")
    assert str(refused.value) == ("公示期2026年12月7日至2026年12月11日仅有4个工作日，少于5个工作日，"
                                  "最早应至2026年12月14日截止")
    assert refused.value.code == "campaigns.notices.period"
    assert refused.value.message.params["problems"] == ["calendar.notice.too_short"]


def test_a_period_ending_on_a_holiday_when_counted_in_calendar_days_is_refused(nw: NoticeWorld) -> None:
    notice = nw.generate(starts="2026-09-28", now=dt.datetime(2026, 9, 28, 1, 0, tzinfo=dt.UTC))
    with nothing_changes(), pytest.raises(CampaignError) as refused:
        actions.notice_update(actor=nw.organiser, notice=notice, starts="2026-09-28", ends="2026-10-02",
                              regenerate=True)
    assert "最早应至2026年10月10日截止" in str(refused.value)
    assert "截止日2026年10月2日为国庆节假期，不是工作日" in str(refused.value)


def test_a_longer_period_and_exceptional_circumstances_regenerate_the_text(nw: NoticeWorld) -> None:
    notice = nw.generate()
    first = nw.entry(notice, "人员1")
    with one_event("notices.update"):
        notice = actions.notice_update(actor=nw.organiser, notice=notice, ends="2026-12-18", regenerate=True,
                                       exceptional={first.pk: "破格提拔，理由：工作实绩特别突出"})
    assert notice.ends == dt.date(2026, 12, 18) and notice.working_days == 9
    assert "拟任办公室副主任。（破格提拔，理由：工作实绩特别突出。）" in notice.text
    assert "共9个工作日" in notice.text


def test_a_text_edited_by_hand_must_still_state_the_period(nw: NoticeWorld) -> None:
    notice = nw.generate()
    edited = notice.text.replace("经测试局研究", "经测试局党组会议研究")
    notice = actions.notice_update(actor=nw.organiser, notice=notice, text=edited)
    assert "党组会议研究" in notice.text
    with nothing_changes(), pytest.raises(CampaignError, match="正文未写明公示期"):
        actions.notice_update(actor=nw.organiser, notice=notice, text="拟任用以下同志。")
    # a new period without a new text is refused too: the text would say the old one
    with nothing_changes(), pytest.raises(CampaignError, match="应含“2026年12月7日”和“2026年12月18日”"):
        actions.notice_update(actor=nw.organiser, notice=notice, ends="2026-12-18")


def test_an_entry_can_be_removed_from_a_draft_but_not_the_last(nw: NoticeWorld) -> None:
    notice = nw.generate()
    four = nw.entry(notice, "人员4")
    notice = actions.notice_update(actor=nw.organiser, notice=notice, remove=[four.pk], regenerate=True)
    assert [e.details["name"] for e in notice.entries.all()] == ["人员1"]
    assert "人员4" not in notice.text
    only = nw.entry(notice, "人员1")
    with nothing_changes(), pytest.raises(CampaignError, match="至少要有一名人选"):
        actions.notice_update(actor=nw.organiser, notice=notice, remove=[only.pk])
    # the removed person can be put on a later notice of the stage
    actions.notice_delete(actor=nw.organiser, notice=notice)
    assert [e.details["name"] for e in nw.generate().entries.all()] == ["人员1", "人员4"]


def test_a_reviewer_cannot_change_a_notice(nw: NoticeWorld) -> None:
    from django.core.exceptions import PermissionDenied

    notice = nw.generate()
    for role in ("reviewer", "supervisor"):
        with nothing_changes(), pytest.raises(PermissionDenied):
            actions.notice_update(actor=nw.users(role), notice=notice, title="改")
        with nothing_changes(), pytest.raises(PermissionDenied):
            actions.notice_publish(actor=nw.users(role), notice=notice, now=PUBLISH)


# --- publishing and ending -------------------------------------------------------------------------

def test_publishing_fixes_what_is_said_about_each_person(nw: NoticeWorld) -> None:
    notice = nw.generate()
    person = Person.objects.get(name="人员1")
    person.post_title = "综合科科长"
    person.save()
    with one_event("notices.publish"):
        notice = actions.notice_publish(actor=nw.organiser, notice=notice, now=PUBLISH)
    assert notice.status == Notice.Status.PUBLISHED and notice.published_at == PUBLISH
    assert nw.entry(notice, "人员1").details["current_post"] == "办公室综合科科长"
    person.post_title = "后来的职务"
    person.save()
    assert nw.entry(notice, "人员1").details["current_post"] == "办公室综合科科长"
    with nothing_changes(), pytest.raises(CampaignError, match="不能再修改"):
        actions.notice_update(actor=nw.organiser, notice=notice, title="改")
    with nothing_changes(), pytest.raises(CampaignError, match="不能再发布"):
        actions.notice_publish(actor=nw.organiser, notice=notice, now=PUBLISH)
    with nothing_changes(), pytest.raises(CampaignError, match="不能再删除"):
        actions.notice_delete(actor=nw.organiser, notice=notice)


def test_a_notice_whose_first_day_is_past_is_not_published(nw: NoticeWorld) -> None:
    notice = nw.generate()
    with nothing_changes(), pytest.raises(CampaignError, match="公示起始日2026年12月7日已过（今天是2026年12月8日）"):
        actions.notice_publish(actor=nw.organiser, notice=notice, now=PUBLISH + dt.timedelta(days=1))


def test_the_period_is_checked_again_at_publishing(nw: NoticeWorld) -> None:
    """A correction of the calendar after the draft was made (a day off added) is caught before publishing."""
    from xuanren.notices.calendar import parse_text
    from xuanren.rules.calendar import SHIPPED_YEARS

    notice = nw.generate()
    from xuanren.notices.calendar import year_text

    text = year_text(SHIPPED_YEARS[2026]) + "\n特别假日,2026-12-10,2026-12-10,"
    actions.calendar_year_save(actor=nw.organiser, data=parse_text(2026, text, source="更正"))
    with nothing_changes(), pytest.raises(CampaignError, match="仅有4个工作日"):
        actions.notice_publish(actor=nw.organiser, notice=notice, now=PUBLISH)


def test_a_notice_ends_only_after_its_period(nw: NoticeWorld) -> None:
    notice = nw.published()
    with nothing_changes(), pytest.raises(CampaignError, match="公示期至2026年12月14日，尚未期满"):
        nw.end(notice, LAST_DAY)
    with one_event("notices.end"):
        notice = nw.end(notice)
    assert notice.status == Notice.Status.ENDED and notice.ended_at == AFTER_END
    assert set(notice.entries.values_list("outcome", flat=True)) == {NoticeEntry.Outcome.CLEARED}
    with nothing_changes(), pytest.raises(CampaignError, match="不能结束"):
        nw.end(notice)


def test_a_draft_cannot_be_ended(nw: NoticeWorld) -> None:
    notice = nw.generate()
    with nothing_changes(), pytest.raises(CampaignError, match="草稿，不能结束"):
        nw.end(notice)


def test_the_record_keeps_each_step(nw: NoticeWorld) -> None:
    notice = nw.published()
    nw.end(notice)
    actions_done = list(Event.objects.filter(object_type="notices.notice", object_id=str(notice.pk))
                        .values_list("action", flat=True))
    assert actions_done == ["notices.generate", "notices.publish", "notices.end"]


def test_the_document_has_the_title_sections_issuer_and_date_in_chinese_numerals(nw: NoticeWorld) -> None:
    notice = nw.generate()
    doc = build_document(notice)
    assert doc.title == "任前公示" and doc.issuer == "测试局" and doc.date == "二〇二六年十二月七日"
    assert [s.heading for s in doc.sections] == ["一、公示对象", "二、公示时间", "三、反映方式"]
    assert doc.lead[0].text.startswith("根据《党政领导干部选拔任用工作条例》")
    from xuanren.campaigns.documents.docx import render_docx
    from xuanren.campaigns.documents.pdf import render_pdf

    docx = render_docx(doc)
    assert docx.startswith(b"PK")
    import io

    import docx as python_docx

    words = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx)).paragraphs)
    assert "人员1，男，1985年3月生" in words and "二〇二六年十二月七日" in words
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF")


def test_objections_are_taken_during_the_period_and_end_keeps_open_ones_pending(nw: NoticeWorld) -> None:
    notice = nw.published()
    one = nw.entry(notice, "人员1")
    objection = nw.lodge(notice, entry=one.pk, now=DURING)
    notice = nw.end(notice)
    one.refresh_from_db()
    assert one.outcome == NoticeEntry.Outcome.PENDING  # the objection about them is still open
    assert nw.entry(notice, "人员4").outcome == NoticeEntry.Outcome.CLEARED
    from xuanren.notices.models import Objection

    nw.handle(objection, Objection.Finding.NOT_VERIFIED, now=AFTER_END)
    one.refresh_from_db()
    assert one.outcome == NoticeEntry.Outcome.CLEARED


def test_a_draft_whose_working_days_the_calendar_changed_is_not_published_as_it_stands(nw: NoticeWorld) -> None:
    """A make-up Saturday added inside the period after the draft was made: the text's count would be wrong."""
    from xuanren.notices.calendar import parse_text, year_text
    from xuanren.rules.calendar import SHIPPED_YEARS

    notice = actions.notice_update(actor=nw.organiser, notice=nw.generate(), ends="2026-12-15", regenerate=True)
    text = year_text(SHIPPED_YEARS[2026]) + "\n特别调休,2026-11-30,2026-11-30,2026-12-12"
    actions.calendar_year_save(actor=nw.organiser, data=parse_text(2026, text))
    with nothing_changes(), pytest.raises(CampaignError, match="共7个工作日，与草稿所写的6个不符"):
        actions.notice_publish(actor=nw.organiser, notice=notice, now=PUBLISH)
    notice = actions.notice_update(actor=nw.organiser, notice=notice, ends="2026-12-15", regenerate=True)
    assert "共7个工作日" in notice.text
    actions.notice_publish(actor=nw.organiser, notice=notice, now=PUBLISH)
