"""The record as supervisors read it: list, one event, verification, export.

Nothing here changes state, so every page answers GET (and HEAD) only.
"""

from __future__ import annotations

import json
import tempfile
from typing import cast

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from xuanren.accounts.access import capability_required, has
from xuanren.record import exporting, selectors
from xuanren.record.actions import actor_label, record_verify
from xuanren.record.forms import EventFilterForm, ExpectedHeadForm
from xuanren.record.labels import areas_of
from xuanren.record.selectors import EventFilter
from xuanren.rules import chain

PER_PAGE = 50


def _filter_form(request: HttpRequest) -> tuple[EventFilterForm, EventFilter]:
    form = EventFilterForm(request.GET)
    form.is_valid()
    return form, form.event_filter()


@require_safe
@capability_required("record.view")
def event_list(request: HttpRequest) -> HttpResponse:
    form, f = _filter_form(request)
    page = Paginator(selectors.events_filter(f), PER_PAGE).get_page(request.GET.get("page"))
    choices = selectors.filter_choices()
    return render(request, "record/event_list.html", {
        "page": page, "form": form, "filtered": not f.is_empty, "choices": choices,
        "areas": areas_of(choices["actions"]), "action": f.action,
        "can_export": has(request.user, "record.export"), "can_verify": has(request.user, "record.verify"),
    })


@require_safe
@capability_required("record.view")
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = selectors.event_by_seq(seq)
    if event is None:
        raise Http404(_("没有第%(seq)s号事件") % {"seq": seq})
    payload = event.payload()
    return render(request, "record/event_detail.html", {
        "event": event,
        "details_json": json.dumps(event.details, ensure_ascii=False, indent=2, sort_keys=True),
        "canonical": chain.canonical(payload).decode(),
        "own_hash_fits": chain.link_hash(event.prev_hash, payload) == event.hash,
        "previous": selectors.event_by_seq(seq - 1) if seq > 1 else None,
        "next": selectors.event_by_seq(seq + 1),
    })


@require_safe
@capability_required("record.verify")
def verify(request: HttpRequest) -> HttpResponse:
    form = ExpectedHeadForm(request.GET)
    expected = form.cleaned_data.get("expect") if form.is_valid() else None
    report = record_verify(expected=expected)
    problem = report.problem
    return render(request, "record/verify.html", {
        "report": report, "form": form, "expected": expected, "checked_at": timezone.now(),
        "problem_text": problem.message.text(get_language() or "zh-hans") if problem else "",
        "problem_event": selectors.event_by_seq(problem.seq) if problem and problem.seq else None,
    })


@require_safe
@capability_required("record.export")
def export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in exporting.FORMATS:
        raise Http404(_("未知的导出格式"))
    f = _filter_form(request)[1]
    # Chain order, so that a complete JSON Lines export verifies offline as it is.
    events = selectors.events_filter(f).order_by("id")
    now = timezone.now()
    name, fallback = exporting.export_filename(fmt, now)
    response: HttpResponse | StreamingHttpResponse
    if fmt == "jsonl":
        response = StreamingHttpResponse(exporting.jsonl_lines(events.iterator(chunk_size=2000)),
                                         content_type=exporting.CONTENT_TYPES[fmt])
    else:
        target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
        exporting.write_xlsx(events.iterator(chunk_size=2000), target, summary=exporting.summary(
            exported_by=actor_label(request.user), conditions=f.as_params(), now=now))
        target.seek(0)
        response = FileResponse(target, content_type=exporting.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = exporting.content_disposition(name, fallback)
    response["Cache-Control"] = "no-store"
    # capability_required is typed for HttpResponse; a streaming response serves the same.
    return cast(HttpResponse, response)
