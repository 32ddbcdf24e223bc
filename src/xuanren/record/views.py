"""The record as supervisors read it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xuanren.accounts.access import capability_required
from xuanren.record.models import Event


@capability_required("record.view")
def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Event.objects.order_by("-id"), 100).get_page(request.GET.get("page"))
    return render(request, "record/event_list.html", {"page": page})
