"""The appointments pages, per role: the organiser acts through them, the supervisor reads the same pages
without a form, a refusal is shown in Chinese and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.appointments.world import RECEIPT, TABLES, AppointmentWorld, build_appointment_world
from tests.campaigns.world import nothing_changes
from xuanren.appointments import documents
from xuanren.appointments.models import Appointment, DocumentTemplate, PoolEntry, ProbationReview, Vacancy
from xuanren.campaigns.models import Campaign, Post
from xuanren.people.models import Appraisal, Person


@pytest.fixture
def aw(personas: dict[str, Any], monkeypatch: Any) -> AppointmentWorld:
    return build_appointment_world(personas, monkeypatch)


def stage_url(aw: AppointmentWorld, tail: str = "") -> str:
    return f"/appointments/{aw.campaign.pk}/stage/{aw.stage.pk}/{tail}"


def text(response: Any) -> str:
    return response.content.decode()


def test_the_stage_page_for_the_organiser_and_the_supervisor(aw: AppointmentWorld, as_role: Any) -> None:
    page = as_role("organiser").get(stage_url(aw))
    body = text(page)
    assert page.status_code == 200
    assert "人员1" in body and "人员2" in body and RECEIPT in body and "反映问题尚未办结" in body
    assert "既未任职，也未宣布空缺" in body and 'id="settings-form"' in body and "办理任职" in body
    body = text(as_role("supervisor").get(stage_url(aw)))
    assert "人员1" in body and RECEIPT in body
    assert 'id="settings-form"' not in body and stage_url(aw, "appoint/") not in body
    assert stage_url(aw, "vacant/") not in body
    assert as_role("reviewer").get(stage_url(aw)).status_code == 403


def test_the_dashboard_links_the_stage(aw: AppointmentWorld, as_role: Any) -> None:
    body = text(as_role("organiser").get(f"/campaigns/{aw.campaign.pk}/"))
    assert stage_url(aw) in body


def test_appoint_through_the_form(aw: AppointmentWorld, as_role: Any) -> None:
    client: Client = as_role("organiser")
    form = client.get(stage_url(aw, "appoint/") + f"?application={aw.apps['人员1'].pk}")
    assert form.status_code == 200 and "人员1 — P01 办公室副主任" in text(form) and "人员4" not in text(form)
    data = {"application": aw.apps["人员1"].pk, "document_number": "测组干〔2027〕1号", "document_date": "2027-01-05",
            "effective": "2027-01-05", "term_years": "2", "probation_months": "12"}
    done = client.post(stage_url(aw, "appoint/"), data)
    a = Appointment.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/appointments/a/{a.pk}/"
    detail = text(client.get(done["Location"]))
    assert "关于人员1同志任职的通知" in detail and "二〇二七年一月五日" in detail and "试用期满考核" in detail
    with nothing_changes(TABLES):
        again = client.post(stage_url(aw, "appoint/"), {**data, "application": aw.apps["人员4"].pk})
    assert again.status_code == 200 and f"受理编号{RECEIPT}" in text(again)


def test_documents_download(aw: AppointmentWorld, as_role: Any) -> None:
    a = aw.appoint("人员1")
    client = as_role("supervisor")
    docx = client.get(f"/appointments/a/{a.pk}/document.docx")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in docx["Content-Disposition"]
    pdf = client.get(f"/appointments/a/{a.pk}/document.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/appointments/a/{a.pk}/document.txt").status_code == 404


def test_review_through_the_form_and_the_reminder(aw: AppointmentWorld, as_role: Any) -> None:
    today = timezone.localdate()
    start = documents.add_months(today, -12) + dt.timedelta(days=10)  # probation ends in 9 days
    a = aw.appoint("人员1", effective=start, document_date=start)
    home = text(as_role("organiser").get("/"))
    assert 'id="probation-reminder"' in home and f"/appointments/a/{a.pk}/" in home
    assert f"/appointments/a/{a.pk}/" in text(as_role("supervisor").get("/"))
    assert 'id="probation-reminder"' not in text(as_role("reviewer").get("/"))
    assert "人员1" in text(as_role("supervisor").get("/appointments/probation/"))
    client = as_role("organiser")
    with nothing_changes(TABLES):
        refused = client.post(f"/appointments/a/{a.pk}/review/", {"outcome": "extended", "reason": "需进一步考察",
                                                                  "decided_on": today.isoformat()})
    assert "延长试用期须填写延长至的日期" in text(refused)
    done = client.post(f"/appointments/a/{a.pk}/review/", {"outcome": "confirmed", "reason": "考核合格",
                                                           "decided_on": today.isoformat(), "document_number": "X号"})
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.status == Appointment.Status.APPOINTED
    review = ProbationReview.objects.get()
    assert client.get(f"/appointments/reviews/{review.pk}/document.docx").status_code == 200
    assert 'id="probation-reminder"' in text(client.get("/")) and f"/appointments/a/{a.pk}/" not in text(
        client.get("/"))


def test_declare_vacant_and_take_it_back(aw: AppointmentWorld, as_role: Any) -> None:
    client = as_role("organiser")
    post = aw.post("P02")
    client.post(stage_url(aw, "vacant/"), {"post": post.pk, "reason": "other", "detail": "拟任人选本人放弃任职"})
    vacancy = Vacancy.objects.get()
    assert "拟任人选本人放弃任职" in text(client.get(stage_url(aw)))
    with nothing_changes(TABLES):
        client.post(stage_url(aw, "vacant/"), {"post": post.pk, "reason": "other", "detail": ""})
    client.post(f"/appointments/vacancies/{vacancy.pk}/cancel/")
    assert not Vacancy.objects.exists()


def test_templates_edit_and_refusal(aw: AppointmentWorld, as_role: Any) -> None:
    client = as_role("organiser")
    assert "{probation_clause}" in text(client.get("/appointments/templates/appointment/"))
    with nothing_changes((DocumentTemplate,)):
        page = client.post("/appointments/templates/appointment/", {"title": "{name}任职", "body": "{salary}",
                                                                    "issuer": ""})
    assert "未知的占位符{salary}" in text(page)
    client.post("/appointments/templates/appointment/", {
        "title": "{name}同志任职通知", "body": "各部门：\n{name}任{post}。", "issuer": "中共测试局委员会"})
    body = text(as_role("supervisor").get("/appointments/templates/"))
    assert "中共测试局委员会" in body and "/appointments/templates/appointment/" not in body
    assert client.get("/appointments/templates/nothing/").status_code == 404


def sealed(aw: AppointmentWorld) -> Vacancy:
    aw.seal()
    for person in Person.objects.all():
        Appraisal.objects.get_or_create(person=person, year=2026, defaults={"result": "competent"})
    return Vacancy.objects.get()


def test_pool_and_vacancy_pages(aw: AppointmentWorld, as_role: Any) -> None:
    vacancy = sealed(aw)
    body = text(as_role("supervisor").get("/appointments/pool/"))
    assert "人员2" in body and "人员6" in body and "/withdraw/" not in body
    assert "/withdraw/" in text(as_role("organiser").get("/appointments/pool/"))
    page = text(as_role("supervisor").get(f"/appointments/vacancies/{vacancy.pk}/"))
    assert "公示反映问题属实" in page and "可任用" in page and 'id="pool-appoint"' not in page
    assert "P02 政策法规科副科长" in text(as_role("supervisor").get("/appointments/vacancies/"))
    client = as_role("organiser")
    assert 'id="pool-appoint"' in text(client.get(f"/appointments/vacancies/{vacancy.pk}/"))
    entry = PoolEntry.objects.get(person__name="人员6")
    today = timezone.localdate().isoformat()
    done = client.post(f"/appointments/vacancies/{vacancy.pk}/appoint/", {
        "entry": entry.pk, "document_number": "测组干〔2027〕9号", "document_date": today, "effective": today,
        "term_years": "2", "probation_months": "12"})
    a = Appointment.objects.get(pool_entry=entry)
    assert done["Location"] == f"/appointments/a/{a.pk}/"
    assert "从后备干部中任用" in text(client.get(done["Location"]))
    assert "已从后备干部中任用人员6" in text(client.get("/appointments/vacancies/?state=filled"))


def test_pool_withdraw_and_reopen(aw: AppointmentWorld, as_role: Any) -> None:
    vacancy = sealed(aw)
    client = as_role("organiser")
    entry = PoolEntry.objects.get(person__name="人员2")
    with nothing_changes((PoolEntry,)):
        client.post(f"/appointments/pool/{entry.pk}/withdraw/", {"reason": ""})
    client.post(f"/appointments/pool/{entry.pk}/withdraw/", {"reason": "本人调离"})
    entry.refresh_from_db()
    assert entry.status == PoolEntry.Status.WITHDRAWN
    assert "人员2" not in text(client.get("/appointments/pool/"))
    assert "本人调离" in text(client.get("/appointments/pool/?show=all"))
    assert "没有草稿状态的竞聘批次" in text(client.get(f"/appointments/vacancies/{vacancy.pk}/"))
    target = Campaign.objects.create(name="2027年竞争上岗", unit=aw.campaign.unit)
    done = client.post(f"/appointments/vacancies/{vacancy.pk}/reopen/", {"campaign": target.pk})
    assert done["Location"] == f"/campaigns/{target.pk}/"
    assert Post.objects.get(campaign=target).code == "P02"
    assert "已列入“2027年竞争上岗”重新竞聘" in text(client.get("/appointments/vacancies/?state=reopened"))
