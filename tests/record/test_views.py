"""The record's pages: who may see them, the list and its filters, one event, and the exports."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.record.conftest import append, edit_actor
from xuanren.record.exporting import read_jsonl
from xuanren.record.models import Event
from xuanren.rules import chain

SHANGHAI = ZoneInfo("Asia/Shanghai")
ALLOWED = ["organiser", "supervisor"]
REFUSED = ["reviewer", "judge", "voter", "committee", "applicant", "outsider"]


def urls(seq: int) -> list[str]:
    return [reverse("record:list"), reverse("record:detail", args=[seq]), reverse("record:verify"),
            reverse("record:export") + "?format=xlsx", reverse("record:export") + "?format=jsonl"]


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return str(response.content.decode())


# -- who may see ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ALLOWED)
def test_organiser_and_supervisor_may_view_verify_and_export(role: str, events: list[Event], as_role: Any) -> None:
    client = as_role(role)
    for url in urls(events[0].seq):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused_every_record_page(role: str, events: list[Event], as_role: Any) -> None:
    client = as_role(role)
    for url in urls(events[0].seq):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_log_in(events: list[Event]) -> None:
    for url in urls(events[0].seq):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_the_record_pages_change_nothing_and_accept_no_post(events: list[Event], as_role: Any) -> None:
    client = as_role("supervisor")
    before = Event.objects.count()
    for url in urls(events[0].seq):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
        assert client.post(url).status_code == 405, url
    assert Event.objects.count() == before


# -- the list ------------------------------------------------------------------------------------

def test_list_shows_newest_first_with_chinese_times_and_action_labels(personas: dict[str, Any],
                                                                       as_role: Any) -> None:
    at = dt.datetime(2024, 3, 1, 23, 30, 5, tzinfo=SHANGHAI)
    with mock.patch("django.utils.timezone.now", return_value=at):
        append(1, action="users.set_roles")
    append(1, action="campaign.unlabelled_code")
    html = body(as_role("supervisor").get(reverse("record:list")))
    assert html.index("campaign.unlabelled_code") < html.index("调整角色")
    assert "2024年3月1日 23:30:05" in html
    assert "新建用户" in html  # the personas were made through users.create


def test_list_filters_by_actor_action_object_and_text(personas: dict[str, Any], as_role: Any) -> None:
    append(2, actor="organiser", action="people.import")
    append(3, actor="supervisor", action="test.other")
    client = as_role("supervisor")

    def seqs(**params: str) -> set[int]:
        page = client.get(reverse("record:list"), params).context["page"]
        return {e.seq for e in page}

    assert seqs(actor="organiser") == set(Event.objects.filter(actor="organiser").values_list("seq", flat=True))
    assert seqs(action="people.") == set(Event.objects.filter(action="people.import").values_list("seq", flat=True))
    assert seqs(action="users.") == set(Event.objects.filter(action="users.create").values_list("seq", flat=True))
    assert len(seqs(object_type="test.thing")) == 5
    assert len(seqs(object_type="test.thing", object_id="1")) == 2
    assert len(seqs(text="第2件")) == 1
    assert seqs(actor="nobody") == set()


def test_date_range_is_in_shanghai_time_and_includes_both_days(personas: dict[str, Any], as_role: Any) -> None:
    # 00:30 on 2 March in Shanghai is 16:30 on 1 March in UTC: the Shanghai date decides.
    times = [dt.datetime(2024, 3, 1, 0, 10, tzinfo=SHANGHAI), dt.datetime(2024, 3, 1, 23, 30, tzinfo=SHANGHAI),
             dt.datetime(2024, 3, 2, 0, 30, tzinfo=SHANGHAI)]
    made = []
    for at in times:
        with mock.patch("django.utils.timezone.now", return_value=at):
            made += append(1, action="test.dated")
    client = as_role("supervisor")

    def seqs(**params: str) -> list[int]:
        return sorted(e.seq for e in client.get(reverse("record:list"), {"action": "test.", **params}).context["page"])

    assert seqs(date_from="2024-03-01", date_to="2024-03-01") == [made[0].seq, made[1].seq]
    assert seqs(date_from="2024-03-02") == [made[2].seq]
    assert seqs(date_to="2024-02-29") == []


def test_a_reversed_date_range_is_explained(events: list[Event], as_role: Any) -> None:
    html = body(as_role("supervisor").get(reverse("record:list"), {"date_from": "2024-03-02", "date_to": "2024-03-01"}))
    assert "起始日期晚于截止日期" in html


def test_list_is_paginated_and_page_links_keep_the_filter(personas: dict[str, Any], as_role: Any) -> None:
    append(120)
    response = as_role("supervisor").get(reverse("record:list"), {"action": "test.", "page": "2"})
    page = response.context["page"]
    assert page.paginator.count == 120 and len(page.object_list) == 50
    assert page.object_list[0].seq == Event.objects.filter(action="test.step").order_by("-seq")[50].seq
    html = body(response)
    assert "?action=test.&amp;page=3" in html and "?action=test.&amp;page=1" in html
    assert "format=xlsx" in html and "page=2&amp;format" not in html


# -- one event -----------------------------------------------------------------------------------

def test_event_page_shows_every_field_digests_hashes_and_details(events: list[Event], as_role: Any) -> None:
    e = events[3]
    html = body(as_role("supervisor").get(reverse("record:detail", args=[e.seq])))
    for value in (e.actor, e.action, e.object_type, e.object_repr, e.after_digest, e.prev_hash, e.hash):
        assert value in html
    assert "&quot;i&quot;: 3" in html  # the details, pretty-printed
    assert "与内容相符" in html
    assert reverse("record:detail", args=[e.seq - 1]) in html and reverse("record:detail", args=[e.seq + 1]) in html


def test_event_page_marks_an_event_whose_content_no_longer_fits_its_hash(events: list[Event], as_role: Any) -> None:
    edit_actor(events[3].seq)
    html = body(as_role("supervisor").get(reverse("record:detail", args=[events[3].seq])))
    assert 'id="record-hash-mismatch"' in html


def test_an_unknown_event_number_is_not_found(events: list[Event], as_role: Any) -> None:
    assert as_role("supervisor").get(reverse("record:detail", args=[99999])).status_code == 404


# -- exports -------------------------------------------------------------------------------------

def test_xlsx_export_has_the_filtered_events_and_a_chinese_file_name(events: list[Event], as_role: Any) -> None:
    response = as_role("supervisor").get(reverse("record:export"), {"format": "xlsx", "object_type": "test.thing"})
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"record_")
    assert "filename*=UTF-8''%E5%85%A8%E7%A8%8B%E8%AE%B0%E5%AE%9E_" in disposition  # 全程记实_
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb["记实事件"].iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "时间", "操作人", "操作")
    assert [r[0] for r in rows[1:]] == [e.seq for e in events]  # chain order
    assert rows[1][12] == events[0].hash
    summary = dict(wb["说明"].iter_rows(values_only=True, max_col=2))
    assert summary["导出人"] == "supervisor" and "object_type=test.thing" in summary["筛选条件"]


def test_xlsx_export_writes_formula_like_text_as_text(personas: dict[str, Any], as_role: Any) -> None:
    from django.db import transaction

    from xuanren.record.actions import record_event

    with transaction.atomic():
        record_event(actor=None, action="test.formula", object_repr='=HYPERLINK("http://example.invalid","x")')
    response = as_role("supervisor").get(reverse("record:export"), {"format": "xlsx", "action": "test.formula"})
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["记实事件"]
    cell = ws.cell(row=2, column=8)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_complete_jsonl_export_verifies_offline(events: list[Event], as_role: Any) -> None:
    response = as_role("organiser").get(reverse("record:export"), {"format": "jsonl"})
    assert response["Content-Type"].startswith("application/jsonl")
    assert "filename*=UTF-8''%E5%85%A8%E7%A8%8B%E8%AE%B0%E5%AE%9E_" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).splitlines()
    assert len(lines) == Event.objects.count()
    assert json.loads(lines[-1])["hash"] == events[-1].hash
    assert lines[0] == chain.canonical(json.loads(lines[0]))  # each line is itself canonical
    report = chain.verify(read_jsonl(lines), None, chain.Expected(events[-1].hash, events[-1].seq))
    assert report.ok and report.checked == events[-1].seq


def test_filtered_jsonl_export_holds_only_the_matching_events(events: list[Event], as_role: Any) -> None:
    response = as_role("organiser").get(reverse("record:export"), {"format": "jsonl", "object_type": "test.thing",
                                                                      "object_id": "3"})
    lines = b"".join(response.streaming_content).splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [events[3].seq]


def test_an_unknown_export_format_is_not_found(events: list[Event], as_role: Any) -> None:
    assert as_role("organiser").get(reverse("record:export"), {"format": "csv"}).status_code == 404


def test_action_codes_without_a_label_are_shown_as_they_are() -> None:
    from xuanren.record.labels import action_label, areas_of

    assert action_label("users.token_create") == "签发接口令牌"
    assert action_label("campaign.seal") == "campaign.seal"
    assert areas_of(["users.create", "campaign.seal", "users.set_roles"]) == [("campaign.", "campaign"),
                                                                               ("users.", "用户与角色")]


def test_list_offers_one_filter_per_area_of_the_process(events: list[Event], as_role: Any) -> None:
    html = body(as_role("supervisor").get(reverse("record:list"), {"actor": "system"}))
    assert "?actor=system&amp;action=users." in html and "用户与角色" in html
