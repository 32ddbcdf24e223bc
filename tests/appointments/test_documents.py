"""Templates (editable, unknown placeholders refused by name) and the documents rendered as .docx and PDF."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from tests.appointments.world import AppointmentWorld, build_appointment_world
from tests.campaigns.world import nothing_changes, one_event
from xuanren.appointments import actions, documents, selectors
from xuanren.appointments.models import DocumentTemplate
from xuanren.campaigns.errors import CampaignError
from xuanren.record.models import Event


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2026, 12, 1), "二〇二六年十二月一日"), (dt.date(2027, 1, 5), "二〇二七年一月五日"),
    (dt.date(2030, 10, 20), "二〇三〇年十月二十日"), (dt.date(2028, 11, 31 - 1), "二〇二八年十一月三十日"),
    (dt.date(2029, 2, 11), "二〇二九年二月十一日"),
])
def test_dates_in_chinese_numerals(day: dt.date, text: str) -> None:
    assert documents.zh_numeral_date(day) == text


def test_periods() -> None:
    assert documents.period_end(dt.date(2027, 1, 5), 12) == dt.date(2028, 1, 4)
    assert documents.period_end(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 28)  # 29 Feb 2028 - 1 day
    assert documents.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert [documents.zh_months(n) for n in (12, 6, 18)] == ["一年", "六个月", "一年六个月"]
    assert documents.zh_years(2) == "两年"


def test_the_text_reads_back() -> None:
    doc = documents.OfficialDocument("中共测试局党组", "测组干〔2027〕1号", "关于某同志任职的通知", "各部门：",
                                     ("第一段。", "第二段。"), "二〇二七年一月五日")
    assert documents.from_text(doc.text()) == doc
    bare = documents.OfficialDocument("", "", "标题", "", ("正文。",), "二〇二七年一月五日")
    assert documents.from_text(bare.text()) == bare


@pytest.mark.django_db
def test_a_template_is_saved_and_an_unknown_placeholder_refused(personas: dict[str, Any]) -> None:
    organiser = personas["organiser"]
    with nothing_changes((DocumentTemplate, Event)), pytest.raises(CampaignError) as info:
        actions.template_save(actor=organiser, kind="appointment", title="关于{name}同志任职的通知",
                              body="{name}同志任{post}，{salary}。", issuer="")
    assert "未知的占位符{salary}" in str(info.value)
    for body in ("{name", "{name!r}", "{name:>10}"):
        with pytest.raises(CampaignError):
            actions.template_save(actor=organiser, kind="appointment", title="标题", body=body)
    with pytest.raises(CampaignError):
        actions.template_save(actor=organiser, kind="appointment", title=" ", body="正文")
    with one_event("appointments.template.save"):
        actions.template_save(actor=organiser, kind="appointment", title="{name}同志任职通知",
                              body="各单位：\n{name}同志任{post}{probation_clause}。\n特此通知。",
                              issuer="中共测试局委员会")
    assert selectors.template_for("appointment").issuer == "中共测试局委员会"
    assert selectors.template_for("probation").saved is None


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text.replace(" ", "").replace("\x00", "").replace("\n", "")


def test_documents_render_from_the_edited_template(personas: dict[str, Any], monkeypatch: Any) -> None:
    aw: AppointmentWorld = build_appointment_world(personas, monkeypatch)
    actions.template_save(actor=aw.organiser, kind="appointment", title="关于{name}同志任职的通知",
                          body="各单位：\n经研究，{name}同志任{post}{probation_clause}，任期{term}。\n特此通知。",
                          issuer="中共测试局委员会")
    a = aw.appoint("人员1")
    doc = documents.from_text(a.text)
    assert doc.issuer == "中共测试局委员会" and doc.addressee == "各单位："
    expected = ["中共测试局委员会", "测组干〔2027〕1号", "关于人员1同志任职的通知", "各单位：",
                "经研究，人员1同志任办公室副主任，试用期一年（自2027年1月5日至2028年1月4日），任期两年。", "特此通知。",
                "中共测试局委员会", "二〇二七年一月五日"]
    assert docx_text(documents.render_docx(doc)).split("\n") == expected
    text = pdf_text(documents.render_pdf(doc))
    for line in expected:
        assert line.replace(" ", "") in text, line


def test_the_probation_decision_renders(personas: dict[str, Any], monkeypatch: Any) -> None:
    aw = build_appointment_world(personas, monkeypatch)
    a = aw.appoint("人员1")
    r = actions.probation_review(actor=aw.organiser, appointment=a, outcome="confirmed", reason="考核合格",
                                 decided_on=dt.date(2028, 1, 4), document_number="测组干〔2028〕1号")
    doc = documents.from_text(r.text)
    assert doc.issuer == aw.campaign.unit.name  # no issuer in the default template: the campaign's unit
    text = pdf_text(documents.render_pdf(doc))
    assert "关于人员1同志试用期满考核情况的决定" in text and "二〇二八年一月四日" in text
    assert "试用期满考核合格，正式任职" in docx_text(documents.render_docx(doc))
