"""Pages of the people register. Views parse, check access, call one action or selector, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from xuanren.accounts.access import capability_required, has, require_object
from xuanren.people import selectors
from xuanren.people.models import Person


@capability_required("people.view")
def person_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    unit = request.GET.get("unit", "")
    qs = selectors.people_search(q=q, unit_id=int(unit) if unit.isdigit() else None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {
        "page": page, "q": q, "unit": unit, "units": selectors.unit_tree(),
        "show_id": has(request.user, "people.view_id_number"),
        "can_import": has(request.user, "people.import"), "can_export": has(request.user, "people.export"),
    })


@capability_required("self.view")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    require_object(request.user, "people.view", person)
    return render(request, "people/person_detail.html", {
        "person": person, "show_id": has(request.user, "people.view_id_number"),
    })


@capability_required("units.view")
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "people/unit_list.html", {"tree": selectors.unit_tree()})


# Replaced by the import/export work (people/importing.py); kept so the URL map is complete.
@capability_required("people.import")
def person_import(request: HttpRequest) -> HttpResponse:
    return render(request, "people/unit_list.html", {"tree": []})


@capability_required("people.export")
def person_export(request: HttpRequest) -> HttpResponse:
    return render(request, "people/unit_list.html", {"tree": []})
