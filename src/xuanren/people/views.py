"""Pages of the people register. Views parse, check access, call one action or selector, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from xuanren.accounts.access import capability_required, has, require_object
from xuanren.people import actions, columns, exporting, selectors
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


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("名册文件（.xlsx 或 .csv）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}))


RESULT_KEY = "people_import_result"


@capability_required("people.import")
def person_import(request: HttpRequest) -> HttpResponse:
    """Upload a roster; on success redirect (so a reload does not import again) and show the summary."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context: dict[str, Any] = {
        "form": form, "people_columns": columns.PEOPLE_COLUMNS, "reward_columns": columns.REWARD_COLUMNS,
        "discipline_columns": columns.DISCIPLINE_COLUMNS, "appraisal_note": columns.APPRAISAL_NOTE,
        "date_note": columns.DATE_NOTE, "max_mb": round(settings.XUANREN_MAX_IMPORT_BYTES / 1048576),
        "problems_shown": actions.PROBLEMS_SHOWN,
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.check_size(upload.size or 0, filename=upload.name or "")
            result = actions.people_import(actor=request.user, data=upload.read(), filename=upload.name or "",
                                           today=timezone.localdate())
        except actions.ImportRejected as exc:
            context["rejected"] = exc
        else:
            request.session[RESULT_KEY] = result.as_dict()
            return redirect(f"{reverse('people:import')}?done=1")
    elif request.method == "GET" and request.GET.get("done") and RESULT_KEY in request.session:
        context["result"] = actions.ImportResult(**request.session.pop(RESULT_KEY))
    return render(request, "people/import.html", context)


def attachment(response: HttpResponse, filename: str, fallback: str) -> HttpResponse:
    """Name a download: ``filename*`` (RFC 5987, UTF-8) for today's browsers, ``filename`` for old ones."""
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return response


def export_response(exported: actions.ExportedFile) -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.content_type)
    # 干部名册-2026-11-23.xlsx, or people-2026-11-23.xlsx for a browser that cannot take UTF-8 names
    fallback = "people" + exported.filename.removeprefix("干部名册")
    return attachment(response, exported.filename, fallback if fallback.isascii() else "people.xlsx")


@capability_required("people.export")
def person_export(request: HttpRequest) -> HttpResponse:
    """The register (or the part the list's filter selects) as .xlsx in the import format."""
    unit = request.GET.get("unit", "")
    exported = actions.people_export(user=request.user, today=timezone.localdate(),
                                     q=request.GET.get("q", "").strip(), unit_id=int(unit) if unit.isdigit() else None)
    return export_response(exported)


TEMPLATE_NAME = "干部名册导入模板.xlsx"


@capability_required("people.import")
def person_import_template(request: HttpRequest) -> HttpResponse:
    """The blank roster with a valid example row and 填写说明."""
    response = HttpResponse(exporting.template_workbook(today=timezone.localdate()), content_type=actions.XLSX_TYPE)
    return attachment(response, TEMPLATE_NAME, "roster-template.xlsx")
