"""The record in the JSON API: events filtered and paginated, one event, verification; read-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.record.conftest import append
from xuanren.record.models import Event

ALLOWED = ["organiser", "supervisor"]
REFUSED = ["reviewer", "judge", "voter", "committee", "applicant", "outsider"]


def paths(seq: int) -> list[str]:
    return ["/api/record/events", f"/api/record/events/{seq}", "/api/record/verify"]


@pytest.mark.parametrize("role", ALLOWED)
def test_organiser_and_supervisor_may_read_the_record_api(role: str, events: list[Event], as_role: Any) -> None:
    for path in paths(events[0].seq):
        assert as_role(role).get(path).status_code == 200, path


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused_with_403(role: str, events: list[Event], as_role: Any) -> None:
    for path in paths(events[0].seq):
        response = as_role(role).get(path)
        assert response.status_code == 403, path
        assert response.json()["capability"].startswith("record.")


def test_anonymous_is_refused_with_401(events: list[Event]) -> None:
    for path in paths(events[0].seq):
        assert Client().get(path).status_code == 401, path


def test_events_are_newest_first_paginated_and_labelled(events: list[Event], as_role: Any) -> None:
    body = as_role("supervisor").get("/api/record/events", {"page_size": 4, "page": 2}).json()
    assert body["count"] == Event.objects.count()
    assert [e["seq"] for e in body["items"]] == [events[-5].seq, events[-6].seq, events[-7].seq, events[-8].seq]
    first = as_role("supervisor").get("/api/record/events", {"action": "users.create", "page_size": 1}).json()
    item = first["items"][0]
    assert item["action_label"] == "新建用户"
    assert item["at"].endswith("+08:00")
    assert set(item) >= {"before_digest", "after_digest", "details", "prev_hash", "hash", "object_repr"}


def test_events_filter_like_the_list_page(personas: dict[str, Any], as_role: Any) -> None:
    append(3, actor="organiser", action="people.import")
    append(2, action="test.other")
    client = as_role("organiser")

    def count(**params: str) -> int:
        return int(client.get("/api/record/events", params).json()["count"])

    assert count(actor="organiser", action="people.") == 3
    assert count(object_type="test.thing", object_id="0") == 2
    assert count(text="第1件") == 2
    assert count(date_from="2000-01-01", date_to="2000-01-02") == 0
    assert client.get("/api/record/events", {"date_from": "yesterday"}).status_code == 422


def test_one_event_by_number_and_404_for_none(events: list[Event], as_role: Any) -> None:
    body = as_role("supervisor").get(f"/api/record/events/{events[2].seq}").json()
    assert (body["seq"], body["hash"], body["prev_hash"]) == (events[2].seq, events[2].hash, events[2].prev_hash)
    assert body["details"] == {"i": 2}
    assert as_role("supervisor").get("/api/record/events/99999").status_code == 404


def test_verify_reports_an_intact_chain_with_its_head(events: list[Event], as_role: Any) -> None:
    body = as_role("supervisor").get("/api/record/verify").json()
    assert body == {**body, "ok": True, "checked": events[-1].seq, "head_seq": events[-1].seq,
                    "head_hash": events[-1].hash, "problem": None}
    assert body["checked_at"]


def test_the_record_api_accepts_no_writes(events: list[Event], as_role: Any) -> None:
    client = as_role("supervisor")
    for path in paths(events[0].seq):
        assert client.post(path).status_code == 405, path
