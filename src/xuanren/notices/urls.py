"""The notices pages under /notices/: the organiser's notice stage, notices, calendar and objections queue, and
the public notice pages (no log-in) under /notices/public/."""

from typing import Any

from django.urls import path

from xuanren.notices.views import calendar, objections, organiser, public

app_name = "notices"
urlpatterns: list[Any] = [
    # the notice stage of a campaign, and its notices
    path("<int:pk>/stage/<int:stage_pk>/", organiser.stage_page, name="stage"),
    path("<int:pk>/stage/<int:stage_pk>/settings/", organiser.settings_save, name="settings"),
    path("<int:pk>/stage/<int:stage_pk>/generate/", organiser.generate, name="generate"),
    path("notice/<int:notice_pk>/", organiser.notice_page, name="notice"),
    path("notice/<int:notice_pk>/edit/", organiser.notice_update, name="notice_update"),
    path("notice/<int:notice_pk>/publish/", organiser.notice_publish, name="notice_publish"),
    path("notice/<int:notice_pk>/end/", organiser.notice_end, name="notice_end"),
    path("notice/<int:notice_pk>/delete/", organiser.notice_delete, name="notice_delete"),
    path("notice/<int:notice_pk>/notice.pdf", organiser.notice_pdf_view, name="notice_pdf"),
    path("notice/<int:notice_pk>/notice.docx", organiser.notice_docx_view, name="notice_docx"),
    # the working-day calendar
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/save/", calendar.calendar_save, name="calendar_save"),
    path("calendar/<int:year>/", calendar.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/delete/", calendar.calendar_delete, name="calendar_delete"),
    # objections
    path("objections/", objections.queue, name="objections"),
    path("objections/<int:objection_pk>/", objections.objection_page, name="objection"),
    path("objections/<int:objection_pk>/assign/", objections.assign, name="objection_assign"),
    path("objections/<int:objection_pk>/investigate/", objections.investigate, name="objection_investigate"),
    path("objections/<int:objection_pk>/conclude/", objections.conclude, name="objection_conclude"),
    path("notice/<int:notice_pk>/register/", objections.register, name="objection_register"),
    path("attachments/<int:attachment_pk>/", objections.attachment, name="attachment"),
    # public (no log-in)
    path("public/", public.notice_list, name="public_list"),
    path("public/<int:notice_pk>/", public.notice_page, name="public_notice"),
    path("public/<int:notice_pk>/lodged/", public.lodged, name="public_lodged"),
    path("public/<int:notice_pk>/notice.pdf", public.notice_pdf_view, name="public_pdf"),
    path("public/<int:notice_pk>/notice.docx", public.notice_docx_view, name="public_docx"),
    path("public/receipt/", public.receipt, name="public_receipt"),
]
