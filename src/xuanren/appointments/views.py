"""The pages of appointments under /appointments/: the appointment stage (per post: candidates, appointments,
vacancies, what stops the sealing), appointing, an appointment with its documents and probation review,
probations ending soon, the reserve pool, vacancies (ranked pool members, appointing from the pool,
re-opening in a later campaign), and the document templates.

Each view parses the request, checks the capability, calls one action and renders or redirects; a refusal
is shown in the action's words and nothing has changed. Reading needs ``appointments.view`` (the pool
``pool.view``): the organiser and the supervisor, who changes nothing; acting needs
``appointments.manage`` (the pool ``pool.manage``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.appointments import actions, documents, selectors
from xuanren.appointments.documents import FIELDS
from xuanren.appointments.models import Appointment, DocumentTemplate, PoolEntry, ProbationReview, Vacancy
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Campaign, Post, Stage, StageKind

log = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_stage(pk: int, stage_pk: int) -> Stage:
    return get_object_or_404(Stage.objects.select_related("campaign"), pk=stage_pk, campaign_id=pk,
                             kind=StageKind.APPOINTMENT)


def stage_url(stage: Stage) -> str:
    return reverse("appointments:stage", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


def document_response(doc: documents.OfficialDocument, fmt: str, name: str, fallback: str) -> HttpResponse:
    """The document as a download (``fmt``: docx or pdf)."""
    from xuanren.campaigns.views.campaigns import attachment

    if fmt == "docx":
        response = attachment(documents.render_docx(doc), f"{name}.docx", f"{fallback}.docx")
        response["Content-Type"] = DOCX
        return response
    if fmt != "pdf":
        raise Http404("unknown format")
    response = attachment(documents.render_pdf(doc), f"{name}.pdf", f"{fallback}.pdf")
    response["Content-Type"] = "application/pdf"
    return response


def _download(request: HttpRequest, doc: documents.OfficialDocument, fmt: str, name: str, fallback: str,
              back: str) -> HttpResponse:
    from xuanren.campaigns.documents.pdf import PdfFontMissing

    try:
        return document_response(doc, fmt, name, fallback)
    except PdfFontMissing as exc:
        log.error("%s", exc)
        messages.error(request, _("服务器缺少生成 PDF 所需的中文字体，请联系系统管理员。"))
        return HttpResponseRedirect(back)


# --------------------------------------------------------------------------------------------- the stage

@capability_required("appointments.view")
def stage_page(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    rows = selectors.overview(stage.campaign) if stage.status != Stage.Status.PENDING else []
    return render(request, "appointments/stage.html", {
        "campaign": stage.campaign, "stage": stage, "rows": rows,
        "blockers": selectors.blockers(stage.campaign) if stage.status == Stage.Status.OPEN else [],
        "settings": selectors.stage_settings(stage),
        "settings_rows": [(k, selectors.SETTINGS_LABELS[k], v) for k, v in selectors.stage_settings(stage).items()],
        "reasons": [c for c in Vacancy.Reason.choices if c[0] != Vacancy.Reason.PROBATION],
        "can_manage": has(request.user, "appointments.manage"),
        "open": stage.status == Stage.Status.OPEN, "sealed": stage.status == Stage.Status.SEALED,
    })


@require_POST
@capability_required("appointments.manage")
def stage_settings(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    try:
        actions.settings_set(actor=request.user, stage=stage, term_years=request.POST.get("term_years"),
                             probation_months=request.POST.get("probation_months"),
                             pool_months=request.POST.get("pool_months"))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("任职环节的设置已保存。"))
    return HttpResponseRedirect(stage_url(stage))


@capability_required("appointments.manage")
def appoint(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """GET: the form (the candidates who may be appointed, the stage's defaults); POST: appoint."""
    stage = get_stage(pk, stage_pk)
    settings = selectors.stage_settings(stage)
    rows = selectors.overview(stage.campaign) if stage.status == Stage.Status.OPEN else []
    choices = [(c.application, row.post) for row in rows if row.remaining for c in row.candidates if c.available]
    today = timezone.localdate().isoformat()
    values: dict[str, Any] = {"application": request.GET.get("application", ""), "document_number": "",
                              "document_date": today, "effective": today, "term_years": settings["term_years"],
                              "probation_months": settings["probation_months"]}
    if request.method == "POST":
        values.update({k: request.POST.get(k, "") for k in values})
        raw = str(values["application"])
        app = Application.objects.filter(campaign_id=stage.campaign_id, pk=int(raw)).first() if raw.isdigit() else None
        try:
            if app is None:
                messages.error(request, _("请选择任职人选。"))
            else:
                appointment = actions.appoint(
                    actor=request.user, stage=stage, application=app, document_number=values["document_number"],
                    document_date=values["document_date"], effective=values["effective"],
                    term_years=values["term_years"], probation_months=values["probation_months"])
                messages.success(request, _("已任命%(name)s为%(post)s。") % {
                    "name": appointment.person.name, "post": appointment.post.title})
                return HttpResponseRedirect(reverse("appointments:detail", kwargs={"appointment_pk": appointment.pk}))
        except CampaignError as exc:
            messages.error(request, str(exc))
    return render(request, "appointments/appoint_form.html", {
        "campaign": stage.campaign, "stage": stage, "choices": choices, "values": values,
        "open": stage.status == Stage.Status.OPEN,
    })


@require_POST
@capability_required("appointments.manage")
def declare_vacant(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk)
    raw = request.POST.get("post", "")
    post = Post.objects.filter(campaign_id=stage.campaign_id, pk=int(raw)).first() if raw.isdigit() else None
    if post is None:
        messages.error(request, _("请选择职位。"))
        return HttpResponseRedirect(stage_url(stage))
    try:
        made = actions.vacancy_declare(actor=request.user, stage=stage, post=post,
                                       reason=request.POST.get("reason", ""), detail=request.POST.get("detail", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("职位%(code)s的%(n)s个职数已宣布空缺。") % {"code": post.code, "n": len(made)})
    return HttpResponseRedirect(stage_url(stage))


@require_POST
@capability_required("appointments.manage")
def vacancy_cancel(request: HttpRequest, vacancy_pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("post__campaign"), pk=vacancy_pk)
    stage = selectors.appointment_stage(vacancy.post.campaign)
    try:
        actions.vacancy_cancel(actor=request.user, vacancy=vacancy)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已撤销宣布的空缺。"))
    return HttpResponseRedirect(stage_url(stage) if stage else reverse("appointments:vacancies"))


# --------------------------------------------------------------------------------------------- appointments

@capability_required("appointments.view")
def appointment_list(request: HttpRequest) -> HttpResponse:
    return render(request, "appointments/list.html", {"appointments": selectors.appointments()})


@capability_required("appointments.view")
def appointment_detail(request: HttpRequest, appointment_pk: int) -> HttpResponse:
    a = get_object_or_404(Appointment.objects.select_related("person", "post", "post__department", "post__campaign",
                                                             "pool_entry", "pool_entry__campaign"), pk=appointment_pk)
    return render(request, "appointments/detail.html", {
        "a": a, "doc": documents.from_text(a.text), "reviews": list(a.reviews.all()),
        "previous": actions.previous_post(a.previous) if a.previous else "",
        "stage": selectors.appointment_stage(a.post.campaign),
        "can_review": has(request.user, "appointments.manage") and a.status in (Appointment.Status.PROBATION,
                                                                                Appointment.Status.EXTENDED),
    })


@capability_required("appointments.view")
def appointment_document(request: HttpRequest, appointment_pk: int, fmt: str) -> HttpResponse:
    a = get_object_or_404(Appointment.objects.select_related("person"), pk=appointment_pk)
    doc = documents.from_text(a.text)
    return _download(request, doc, fmt, doc.title or f"{a.person.name}任职通知", f"appointment-{a.pk}",
                     reverse("appointments:detail", kwargs={"appointment_pk": a.pk}))


@capability_required("appointments.manage")
def review(request: HttpRequest, appointment_pk: int) -> HttpResponse:
    """GET: the end-of-probation form; POST: the decision."""
    a = get_object_or_404(Appointment.objects.select_related("person", "post"), pk=appointment_pk)
    values = {"outcome": "confirmed", "reason": "", "decided_on": timezone.localdate().isoformat(),
              "document_number": "", "extended_until": ""}
    if request.method == "POST":
        values.update({k: request.POST.get(k, "") for k in values})
        try:
            actions.probation_review(actor=request.user, appointment=a, outcome=values["outcome"],
                                     reason=values["reason"], decided_on=values["decided_on"],
                                     document_number=values["document_number"],
                                     extended_until=values["extended_until"] or None)
        except CampaignError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("试用期满考核结论已记录。"))
            return HttpResponseRedirect(reverse("appointments:detail", kwargs={"appointment_pk": a.pk}))
    return render(request, "appointments/review_form.html", {
        "a": a, "values": values, "outcomes": ProbationReview.Outcome.choices,
        "latest": selectors.latest_extension(a),
        "in_probation": a.status in (Appointment.Status.PROBATION, Appointment.Status.EXTENDED),
    })


@capability_required("appointments.view")
def review_document(request: HttpRequest, review_pk: int, fmt: str) -> HttpResponse:
    r = get_object_or_404(ProbationReview.objects.select_related("appointment__person"), pk=review_pk)
    doc = documents.from_text(r.text)
    return _download(request, doc, fmt, doc.title or "试用期满考核决定", f"probation-{r.pk}",
                     reverse("appointments:detail", kwargs={"appointment_pk": r.appointment_id}))


@capability_required("appointments.view")
def probation_list(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("days", "")
    days = int(raw) if raw.isdigit() and 0 < int(raw) <= 3660 else selectors.REMINDER_DAYS
    today = timezone.localdate()
    return render(request, "appointments/probation.html", {
        "due": selectors.probation_due(today, days), "all": selectors.in_probation(), "days": days, "today": today,
    })


# --------------------------------------------------------------------------------------------- the pool

@capability_required("pool.view")
def pool_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    show = request.GET.get("show", "")
    entries = selectors.pool_entries(today, include_inactive=show == "all")
    rows = [{"entry": e, "expired": selectors.is_expired(e, today), "score": selectors.score_text(e.scores)}
            for e in entries]
    return render(request, "appointments/pool.html", {
        "rows": rows, "today": today, "show": show, "can_manage": has(request.user, "pool.manage"),
    })


@require_POST
@capability_required("pool.manage")
def pool_withdraw(request: HttpRequest, entry_pk: int) -> HttpResponse:
    entry = get_object_or_404(PoolEntry, pk=entry_pk)
    try:
        actions.pool_withdraw(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已将该人选移出后备干部库。"))
    return HttpResponseRedirect(reverse("appointments:pool"))


# --------------------------------------------------------------------------------------------- vacancies

@capability_required("appointments.view")
def vacancy_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "open")
    rows = [{"vacancy": v, "state": selectors.vacancy_state(v)} for v in selectors.vacancies(state=state)]
    states = [("open", _("空缺中")), ("filled", _("已从后备干部中任用")), ("reopened", _("已重新竞聘")),
              ("all", _("全部"))]
    return render(request, "appointments/vacancies.html", {"rows": rows, "state": state, "states": states})


def _vacancy(vacancy_pk: int) -> Vacancy:
    return get_object_or_404(Vacancy.objects.select_related("post", "post__department", "post__campaign",
                                                            "reopened_in", "filled_by", "filled_by__person"),
                             pk=vacancy_pk)


@capability_required("pool.view")
def vacancy_detail(request: HttpRequest, vacancy_pk: int) -> HttpResponse:
    vacancy = _vacancy(vacancy_pk)
    today = timezone.localdate()
    state = selectors.vacancy_state(vacancy)
    return render(request, "appointments/vacancy.html", {
        "v": vacancy, "state": state, "today": today,
        "candidates": selectors.pool_candidates(vacancy, today) if state == "open" else [],
        "drafts": list(selectors.draft_campaigns()) if state == "open" else [],
        "can_appoint": has(request.user, "pool.manage") and state == "open",
        "can_reopen": has(request.user, "appointments.manage") and has(request.user, "campaigns.change")
        and state == "open",
        "defaults": selectors.SETTINGS_DEFAULTS, "today_iso": today.isoformat(),
    })


@require_POST
@capability_required("pool.manage")
def pool_appoint(request: HttpRequest, vacancy_pk: int) -> HttpResponse:
    vacancy = _vacancy(vacancy_pk)
    back = reverse("appointments:vacancy", kwargs={"vacancy_pk": vacancy.pk})
    raw = request.POST.get("entry", "")
    entry = PoolEntry.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if entry is None:
        messages.error(request, _("请选择后备人选。"))
        return HttpResponseRedirect(back)
    try:
        a = actions.pool_appoint(actor=request.user, vacancy=vacancy, entry=entry,
                                 document_number=request.POST.get("document_number", ""),
                                 document_date=request.POST.get("document_date", ""),
                                 effective=request.POST.get("effective", ""),
                                 term_years=request.POST.get("term_years"),
                                 probation_months=request.POST.get("probation_months"))
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    messages.success(request, _("已从后备干部中任命%(name)s为%(post)s。") % {
        "name": a.person.name, "post": a.post.title})
    return HttpResponseRedirect(reverse("appointments:detail", kwargs={"appointment_pk": a.pk}))


@require_POST
@capability_required("appointments.manage")
def vacancy_reopen(request: HttpRequest, vacancy_pk: int) -> HttpResponse:
    vacancy = _vacancy(vacancy_pk)
    back = reverse("appointments:vacancy", kwargs={"vacancy_pk": vacancy.pk})
    raw = request.POST.get("campaign", "")
    campaign = Campaign.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if campaign is None:
        messages.error(request, _("请选择重新竞聘的批次。"))
        return HttpResponseRedirect(back)
    try:
        post = actions.vacancy_reopen(actor=request.user, vacancy=vacancy, campaign=campaign)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    messages.success(request, _("职位%(code)s已列入“%(name)s”重新竞聘。") % {"code": post.code, "name": campaign.name})
    return HttpResponseRedirect(reverse("campaigns:detail", kwargs={"pk": campaign.pk}))


# --------------------------------------------------------------------------------------------- templates

@capability_required("appointments.view")
def template_list(request: HttpRequest) -> HttpResponse:
    return render(request, "appointments/templates.html", {
        "templates": selectors.templates(), "can_manage": has(request.user, "appointments.manage"),
    })


@capability_required("appointments.manage")
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in FIELDS:
        raise Http404("unknown template")
    current = selectors.template_for(kind)
    values = {"title": current.title, "body": current.body, "issuer": current.issuer}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            actions.template_save(actor=request.user, kind=kind, title=values["title"], body=values["body"],
                                  issuer=values["issuer"])
        except CampaignError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("公文模板已保存。"))
            return HttpResponseRedirect(reverse("appointments:templates"))
    return render(request, "appointments/template_form.html", {
        "kind": kind, "label": DocumentTemplate.Kind(kind).label, "values": values, "fields": FIELDS[kind].items(),
        "saved": current.saved,
    })
