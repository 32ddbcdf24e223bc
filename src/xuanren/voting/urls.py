"""The organiser's voting pages under /voting/ (sessions, codes, slips, projector, close)."""

from django.urls import path

from xuanren.voting.views import codes, screen, sessions

app_name = "voting"
urlpatterns = [
    path("<int:pk>/stages/<int:stage_pk>/", sessions.stage_sessions, name="stage_sessions"),
    path("<int:pk>/stages/<int:stage_pk>/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/groups/", sessions.groups_save, name="groups"),
    path("sessions/<int:pk>/delete/", sessions.session_delete, name="delete"),
    path("sessions/<int:pk>/forms/", sessions.form_save, name="form_save"),
    path("sessions/<int:pk>/forms/add/", sessions.form_add, name="form_add"),
    path("sessions/<int:pk>/forms/remove/", sessions.form_remove, name="form_remove"),
    path("sessions/<int:pk>/open/", sessions.session_open, name="open"),
    path("sessions/<int:pk>/close/", sessions.session_close, name="close"),
    path("sessions/<int:pk>/seal/", sessions.stage_seal, name="seal"),
    path("sessions/<int:pk>/codes/", codes.codes_issue, name="codes"),
    path("sessions/<int:pk>/roll/", codes.roll, name="roll"),
    path("sessions/<int:pk>/void/", codes.codes_void, name="void"),
    path("sessions/<int:pk>/screen/", screen.screen, name="screen"),
    path("sessions/<int:pk>/screen/live/", screen.screen_live, name="screen_live"),
]
