"""The inspection pages under /inspection/ (namespace ``inspection``)."""

from typing import Any

from django.urls import path

from xuanren.inspection import views

app_name = "inspection"
urlpatterns: list[Any] = [
    # a campaign's inspection stage: the list, opening the inspections, the dimensions and weights,
    # one team for the inspections chosen
    path("<int:pk>/stage/<int:stage_pk>/", views.stage_page, name="stage"),
    path("<int:pk>/stage/<int:stage_pk>/start/", views.start, name="start"),
    path("<int:pk>/stage/<int:stage_pk>/dimensions/", views.dimensions, name="dimensions"),
    path("<int:pk>/stage/<int:stage_pk>/team/", views.team_many, name="team_many"),
    # one inspection and its parts
    path("inspections/<int:inspection_pk>/", views.detail, name="detail"),
    path("inspections/<int:inspection_pk>/team/", views.team, name="team"),
    path("inspections/<int:inspection_pk>/notice/", views.notice, name="notice"),
    path("inspections/<int:inspection_pk>/notice/publish/", views.notice_publish, name="notice_publish"),
    path("inspections/<int:inspection_pk>/talks/", views.talks, name="talks"),
    path("inspections/<int:inspection_pk>/evaluation/", views.evaluation, name="evaluation"),
    path("inspections/<int:inspection_pk>/findings/", views.findings, name="findings"),
    path("inspections/<int:inspection_pk>/conclude/", views.conclude, name="conclude"),
    path("inspections/<int:inspection_pk>/withdraw/", views.withdraw, name="withdraw"),
    path("inspections/<int:inspection_pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("attachments/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    # public: the campaign's published advance notices
    path("public/<int:pk>/notices/", views.notices, name="notices"),
]
