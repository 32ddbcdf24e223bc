"""The organiser's scoring pages under /scoring/."""

from typing import Any

from django.urls import path

from xuanren.scoring.views import exam, panels, results

app_name = "scoring"
urlpatterns: list[Any] = [
    # the written exam
    path("<int:pk>/exam/<int:stage_pk>/", exam.exam_page, name="exam"),
    path("<int:pk>/exam/<int:stage_pk>/settings/", exam.exam_settings, name="exam_settings"),
    path("<int:pk>/exam/<int:stage_pk>/enter/", exam.exam_enter, name="exam_enter"),
    path("<int:pk>/exam/<int:stage_pk>/correct/", exam.exam_correct, name="exam_correct"),
    path("<int:pk>/exam/<int:stage_pk>/import/", exam.exam_import, name="exam_import"),
    path("<int:pk>/exam/<int:stage_pk>/template.xlsx", exam.exam_template, name="exam_template"),
    # the interview: rubric, panels of judges, draw by lot, progress, start/close/absent
    path("<int:pk>/interview/<int:stage_pk>/", panels.panels_page, name="panels"),
    path("<int:pk>/interview/<int:stage_pk>/rubric/", panels.rubric_save, name="rubric_set"),
    path("<int:pk>/interview/<int:stage_pk>/panels/new/", panels.panel_create, name="panel_create"),
    path("panels/<int:panel_pk>/", panels.panel_page, name="panel"),
    path("panels/<int:panel_pk>/progress/", panels.panel_progress, name="panel_progress"),
    path("panels/<int:panel_pk>/edit/", panels.panel_update, name="panel_update"),
    path("panels/<int:panel_pk>/delete/", panels.panel_delete, name="panel_delete"),
    path("panels/<int:panel_pk>/draw/", panels.panel_draw, name="panel_draw"),
    path("appearances/<int:appearance_pk>/start/", panels.appearance_start, name="appearance_start"),
    path("appearances/<int:appearance_pk>/close/", panels.appearance_close, name="appearance_close"),
    path("appearances/<int:appearance_pk>/absent/", panels.appearance_absent, name="appearance_absent"),
    # the composite, ranking and shortlist; a campaign's results
    path("<int:pk>/shortlist/<int:stage_pk>/", results.shortlist_page, name="shortlist"),
    path("<int:pk>/shortlist/<int:stage_pk>/settings/", results.shortlist_settings, name="shortlist_settings"),
    path("<int:pk>/shortlist/<int:stage_pk>/recompute/", results.shortlist_recompute, name="shortlist_recompute"),
    path("<int:pk>/results/", results.results_page, name="results"),
    path("<int:pk>/results/export.<str:fmt>", results.results_export, name="results_export"),
]
