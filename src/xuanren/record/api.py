"""The record in the JSON API: events (filtered, paginated), one event, and verification. Read-only.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from xuanren.accounts.access import require
from xuanren.record import selectors
from xuanren.record.actions import record_verify
from xuanren.record.labels import action_label
from xuanren.record.models import Event
from xuanren.record.selectors import EventFilter
from xuanren.rules import chain

router = Router(tags=["record"])


class EventQuery(Schema):
    actor: str = Field("", description="操作人（用户名），完全匹配")
    action: str = Field("", description="操作代码的开头，如 users.")
    object_type: str = Field("", description="对象类型，如 auth.user")
    object_id: str = Field("", description="对象编号")
    date_from: dt.date | None = Field(None, description="起始日期（北京时间，含当日）")
    date_to: dt.date | None = Field(None, description="截止日期（北京时间，含当日）")
    text: str = Field("", description="对象名称中包含的文字")

    def event_filter(self) -> EventFilter:
        return EventFilter(actor=self.actor.strip(), action=self.action.strip(),
                           object_type=self.object_type.strip(), object_id=self.object_id.strip(),
                           date_from=self.date_from, date_to=self.date_to, text=self.text.strip())


class EventOut(Schema):
    seq: int
    at: dt.datetime
    actor: str
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    before_digest: str
    after_digest: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_action_label(obj: Event) -> str:
        return action_label(obj.action)

    @staticmethod
    def resolve_at(obj: Event) -> dt.datetime:
        return timezone.localtime(obj.at)


class ProblemOut(Schema):
    kind: str = Field(description="modified / removed / reordered / truncated / head / recomputed")
    seq: int = Field(description="所指事件的序号；0 表示无法指到某一条")
    code: str
    zh: str
    en: str
    params: dict[str, Any]


class VerifyOut(Schema):
    ok: bool
    checked: int = Field(description="在第一个问题之前核验无误的事件数")
    head_seq: int
    head_hash: str
    expected_seq: int | None = Field(None, description="记下的链头在链中的序号（给了 expect_head 且找到时）")
    checked_at: dt.datetime
    problem: ProblemOut | None


@router.get("/events", response=list[EventOut], summary="记实事件（筛选、分页，最新在前）")
@paginate(PageNumberPagination)
def events(request: HttpRequest, filters: Query[EventQuery]) -> QuerySet[Event]:
    require(request.user, "record.view")
    return selectors.events_filter(filters.event_filter())


@router.get("/events/{seq}", response=EventOut, summary="一条记实事件")
def event(request: HttpRequest, seq: int) -> Event:
    require(request.user, "record.view")
    found = selectors.event_by_seq(seq)
    if found is None:
        raise Http404(f"no event {seq}")
    return found


@router.get("/verify", response=VerifyOut, summary="核验记实链")
def verify(request: HttpRequest, expect_head: str = "") -> dict[str, Any]:
    """Walks the whole chain. ``expect_head`` (``SEQ:HASH`` or ``HASH``) is a head noted earlier."""
    require(request.user, "record.verify")
    expected = None
    if expect_head.strip():
        try:
            expected = chain.Expected.parse(expect_head)
        except ValueError as exc:
            raise HttpError(422, f"expect_head: {exc}") from None
    report = record_verify(expected=expected)
    return {**report.as_dict(), "checked_at": timezone.localtime()}
