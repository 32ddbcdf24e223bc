"""The committee area's pages under /committee/: the organiser's (stage, proposals, meetings) and a committee
member's (``my/``: their meetings and the secret ballot, phone-sized)."""

from typing import Any

from django.urls import path

from xuanren.committee.views import meetings, member, stage

app_name = "committee"
urlpatterns: list[Any] = [
    # the stage: rule, proposals per post, meetings, results
    path("<int:pk>/stage/<int:stage_pk>/", stage.stage_page, name="stage"),
    path("<int:pk>/stage/<int:stage_pk>/rule/", stage.settings_save, name="settings"),
    path("<int:pk>/stage/<int:stage_pk>/proposals/new/", stage.proposal_create, name="proposal_create"),
    path("<int:pk>/stage/<int:stage_pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    # a proposal
    path("proposals/<int:proposal_pk>/", stage.proposal_page, name="proposal"),
    path("proposals/<int:proposal_pk>/edit/", stage.proposal_update, name="proposal_update"),
    path("proposals/<int:proposal_pk>/submit/", stage.proposal_submit, name="proposal_submit"),
    path("proposals/<int:proposal_pk>/withdraw/", stage.proposal_withdraw, name="proposal_withdraw"),
    # a meeting
    path("meetings/<int:meeting_pk>/", meetings.meeting_page, name="meeting"),
    path("meetings/<int:meeting_pk>/progress/", meetings.meeting_progress, name="meeting_progress"),
    path("meetings/<int:meeting_pk>/edit/", meetings.meeting_update, name="meeting_update"),
    path("meetings/<int:meeting_pk>/delete/", meetings.meeting_delete, name="meeting_delete"),
    path("meetings/<int:meeting_pk>/members/", meetings.meeting_members, name="meeting_members"),
    path("meetings/<int:meeting_pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:meeting_pk>/revote/", meetings.item_revote, name="item_revote"),
    path("items/<int:item_pk>/remove/", meetings.item_remove, name="item_remove"),
    path("meetings/<int:meeting_pk>/open/", meetings.meeting_open, name="meeting_open"),
    path("meetings/<int:meeting_pk>/enter/", meetings.meeting_enter, name="meeting_enter"),
    path("meetings/<int:meeting_pk>/close/", meetings.meeting_close, name="meeting_close"),
    # a committee member
    path("my/", member.my_meetings, name="my"),
    path("my/<int:meeting_pk>/", member.ballot, name="ballot"),
    path("my/<int:meeting_pk>/cast/", member.ballot_cast, name="ballot_cast"),
]
