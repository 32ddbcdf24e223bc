"""The appointments pages under /appointments/ (namespace ``appointments``)."""

from typing import Any

from django.urls import path

from xuanren.appointments import views

app_name = "appointments"

urlpatterns: list[Any] = [
    path("", views.appointment_list, name="list"),
    # the appointment stage of a campaign
    path("<int:pk>/stage/<int:stage_pk>/", views.stage_page, name="stage"),
    path("<int:pk>/stage/<int:stage_pk>/settings/", views.stage_settings, name="settings"),
    path("<int:pk>/stage/<int:stage_pk>/appoint/", views.appoint, name="appoint"),
    path("<int:pk>/stage/<int:stage_pk>/vacant/", views.declare_vacant, name="declare_vacant"),
    # one appointment: its document, the end-of-probation review and its decision
    path("a/<int:appointment_pk>/", views.appointment_detail, name="detail"),
    path("a/<int:appointment_pk>/document.<str:fmt>", views.appointment_document, name="document"),
    path("a/<int:appointment_pk>/review/", views.review, name="review"),
    path("reviews/<int:review_pk>/document.<str:fmt>", views.review_document, name="review_document"),
    path("probation/", views.probation_list, name="probation"),
    # the reserve pool and vacancies
    path("pool/", views.pool_list, name="pool"),
    path("pool/<int:entry_pk>/withdraw/", views.pool_withdraw, name="pool_withdraw"),
    path("vacancies/", views.vacancy_list, name="vacancies"),
    path("vacancies/<int:vacancy_pk>/", views.vacancy_detail, name="vacancy"),
    path("vacancies/<int:vacancy_pk>/appoint/", views.pool_appoint, name="pool_appoint"),
    path("vacancies/<int:vacancy_pk>/reopen/", views.vacancy_reopen, name="vacancy_reopen"),
    path("vacancies/<int:vacancy_pk>/cancel/", views.vacancy_cancel, name="vacancy_cancel"),
    # document templates
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:kind>/", views.template_edit, name="template_edit"),
]
