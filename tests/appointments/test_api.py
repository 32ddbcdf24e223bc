"""The appointments API: the same actions as the pages, refusals as 400 with the reason and nothing changed."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from tests.appointments.world import RECEIPT, TABLES, AppointmentWorld, build_appointment_world
from tests.campaigns.world import nothing_changes
from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
from xuanren.campaigns.models import Campaign, Post
from xuanren.people.models import Appraisal, Person

API = "/api/appointments"


@pytest.fixture
def aw(personas: dict[str, Any], monkeypatch: Any) -> AppointmentWorld:
    return build_appointment_world(personas, monkeypatch)


def post(client: Any, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def test_overview(aw: AppointmentWorld, as_role: Any) -> None:
    data = as_role("supervisor").get(f"{API}/campaigns/{aw.campaign.pk}/overview").json()
    assert data["stage_status"] == "open" and data["settings"] == {"term_years": 2, "probation_months": 12,
                                                                   "pool_months": 12}
    posts = {p["code"]: p for p in data["posts"]}
    assert [(c["name"], c["state"]) for c in posts["P01"]["candidates"]] == [("人员1", "waiting"), ("人员2", "waiting")]
    assert posts["P02"]["candidates"][0]["state"] == "objection"
    assert posts["P02"]["candidates"][0]["receipts"] == [RECEIPT]
    assert len(data["blockers"]) == 2


def test_appoint_and_its_refusal(aw: AppointmentWorld, as_role: Any) -> None:
    client = as_role("organiser")
    body = {"application_id": aw.apps["人员4"].pk, "document_number": "测组干〔2027〕1号",
            "document_date": "2027-01-05", "effective": "2027-01-05"}
    with nothing_changes(TABLES):
        refused = post(client, f"{API}/campaigns/{aw.campaign.pk}/appoint", body)
    assert refused.status_code == 400
    assert refused.json()["code"] == "campaigns.appointments.objection_open"
    assert RECEIPT in refused.json()["detail"] and RECEIPT in refused.json()["detail_en"]
    done = post(client, f"{API}/campaigns/{aw.campaign.pk}/appoint",
                {**body, "application_id": aw.apps["人员1"].pk, "probation_months": 6})
    assert done.status_code == 201, done.content
    out = done.json()
    assert (out["person"], out["post_code"], out["probation_end"], out["status"]) == ("人员1", "P01", "2027-07-04",
                                                                                        "probation")
    assert out["previous"]["post_title"] == "科员" and "试用期六个月" in out["text"]
    assert [a["id"] for a in client.get(f"{API}?campaign_id={aw.campaign.pk}").json()] == [out["id"]]
    document = client.get(f"{API}/{out['id']}/document?format=docx")
    assert document.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(document.content)).paragraphs]
    assert "关于人员1同志任职的通知" in paragraphs
    assert client.get(f"{API}/{out['id']}/document?format=pdf").content.startswith(b"%PDF")
    unknown = post(client, f"{API}/campaigns/{aw.campaign.pk}/appoint", {**body, "application_id": 999999})
    assert unknown.status_code == 400 and unknown.json()["code"] == "campaigns.appointments.api.unknown_application"


def test_settings_vacancy_and_review(aw: AppointmentWorld, as_role: Any) -> None:
    client = as_role("organiser")
    assert client.put(f"{API}/campaigns/{aw.campaign.pk}/settings", {"term_years": 11},
                      content_type="application/json").json()["code"] == "campaigns.appointments.range"
    assert client.put(f"{API}/campaigns/{aw.campaign.pk}/settings", {"pool_months": 24},
                      content_type="application/json").json() == {"term_years": 2, "probation_months": 12,
                                                                  "pool_months": 24}
    made = post(client, f"{API}/campaigns/{aw.campaign.pk}/vacancies",
                {"post_id": aw.post("P02").pk, "reason": "other", "detail": "本人放弃"})
    assert made.status_code == 201 and made.json()[0]["reason_label"] == "其他"
    assert client.delete(f"{API}/vacancies/{made.json()[0]['id']}").status_code == 204
    assert not Vacancy.objects.exists()
    a = aw.appoint("人员1")
    bad = post(client, f"{API}/{a.pk}/review", {"outcome": "extended", "reason": "x", "decided_on": "2027-12-30",
                                                "extended_until": "2030-01-01"})
    assert bad.status_code == 400 and "2028年7月4日" in bad.json()["detail"]
    done = post(client, f"{API}/{a.pk}/review", {"outcome": "revoked", "reason": "不胜任", "decided_on": "2027-12-30"})
    assert done.status_code == 201 and done.json()["outcome"] == "revoked"
    assert Person.objects.get(pk=a.person_id).post_title == "科员"
    assert client.get(f"{API}/vacancies").json()[0]["reason"] == "probation"
    assert client.get(f"{API}/reviews/{done.json()['id']}/document").status_code == 200


def test_templates(aw: AppointmentWorld, as_role: Any) -> None:
    client = as_role("organiser")
    kinds = {t["kind"]: t for t in client.get(f"{API}/templates").json()}
    assert set(kinds) == {"appointment", "probation"} and "probation_clause" in kinds["appointment"]["placeholders"]
    bad = client.put(f"{API}/templates/appointment", {"title": "{nme}", "body": "正文"},
                     content_type="application/json")
    assert bad.status_code == 400 and "{nme}" in bad.json()["detail"]
    ok = client.put(f"{API}/templates/probation", {"title": "{name}考核决定", "body": "{decision}"},
                    content_type="application/json")
    assert ok.status_code == 200 and ok.json()["saved"] is True


def test_pool_through_the_api(aw: AppointmentWorld, as_role: Any) -> None:
    aw.seal()
    for person in Person.objects.all():
        Appraisal.objects.get_or_create(person=person, year=2026, defaults={"result": "competent"})
    client = as_role("organiser")
    pool = client.get(f"{API}/pool").json()
    assert sorted(e["person"] for e in pool) == ["人员2", "人员6"] and not pool[0]["expired"]
    vacancy = client.get(f"{API}/vacancies").json()[0]
    ranked = client.get(f"{API}/vacancies/{vacancy['id']}/candidates").json()
    assert [c["rank"] for c in ranked] == [1, 2] and all(c["qualified"] for c in ranked)
    withdrawn = PoolEntry.objects.get(person__name="人员2")
    assert post(client, f"{API}/pool/{withdrawn.pk}/withdraw", {"reason": "调离"}).json()["status"] == "withdrawn"
    today = timezone.localdate().isoformat()
    body = {"entry_id": withdrawn.pk, "document_number": "测组干〔2027〕9号", "document_date": today,
            "effective": today}
    with nothing_changes(TABLES):
        refused = post(client, f"{API}/vacancies/{vacancy['id']}/appoint", body)
    assert refused.json()["code"] == "campaigns.appointments.pool.withdrawn"
    entry = PoolEntry.objects.get(person__name="人员6")
    done = post(client, f"{API}/vacancies/{vacancy['id']}/appoint", {**body, "entry_id": entry.pk})
    assert done.status_code == 201 and done.json()["basis"]["kind"] == "pool"
    assert Appointment.objects.get(pk=done.json()["id"]).pool_entry == entry
    assert client.get(f"{API}/vacancies?state=filled").json()[0]["filled_by_id"] == done.json()["id"]


def test_reopen_through_the_api(aw: AppointmentWorld, as_role: Any) -> None:
    aw.seal()
    client = as_role("organiser")
    vacancy = Vacancy.objects.get()
    refused = post(client, f"{API}/vacancies/{vacancy.pk}/reopen", {"campaign_id": aw.campaign.pk})
    assert refused.status_code == 400 and refused.json()["code"] == "campaigns.not_draft"
    target = Campaign.objects.create(name="下一批次", unit=aw.campaign.unit)
    done = post(client, f"{API}/vacancies/{vacancy.pk}/reopen", {"campaign_id": target.pk})
    assert done.status_code == 201 and done.json()["code"] == "P02"
    assert Post.objects.get(pk=done.json()["id"]).campaign == target
