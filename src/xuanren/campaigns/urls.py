"""The organiser's and reviewer's pages under /campaigns/."""

from django.urls import path

from xuanren.campaigns.views import campaigns, posts, review, stages

app_name = "campaigns"
urlpatterns = [
    path("", campaigns.campaign_list, name="list"),
    path("new/", campaigns.campaign_create, name="create"),
    path("import/", campaigns.campaign_import, name="import"),
    path("import/template.xlsx", campaigns.campaign_import_template, name="import_template"),
    path("applications-template.xlsx", campaigns.applications_import_template, name="applications_template"),
    path("<int:pk>/", campaigns.campaign_detail, name="detail"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="edit"),
    path("<int:pk>/copy/", campaigns.campaign_copy, name="copy"),
    path("<int:pk>/publish/", campaigns.campaign_publish, name="publish"),
    path("<int:pk>/weights/", campaigns.stage_weights, name="weights"),
    path("<int:pk>/applications/new/", campaigns.application_enter, name="application_enter"),
    path("<int:pk>/applications/import/", campaigns.applications_import, name="applications_import"),
    path("<int:pk>/stages/<int:stage_pk>/open/", stages.stage_open, name="stage_open"),
    path("<int:pk>/stages/<int:stage_pk>/seal/", stages.stage_seal, name="stage_seal"),
    path("<int:pk>/stages/<int:stage_pk>/correct/", stages.stage_correct, name="stage_correct"),
    path("<int:pk>/posts/new/", posts.post_create, name="post_create"),
    path("<int:pk>/posts/<int:post_pk>/edit/", posts.post_edit, name="post_edit"),
    path("<int:pk>/posts/<int:post_pk>/delete/", posts.post_delete, name="post_delete"),
    path("<int:pk>/posts/<int:post_pk>/cancel/", posts.post_cancel, name="post_cancel"),
    path("<int:pk>/posts/<int:post_pk>/extend/", posts.post_extend, name="post_extend"),
    path("<int:pk>/posts/<int:post_pk>/merge/", posts.post_merge, name="post_merge"),
    path("<int:pk>/posts/<int:post_pk>/review/", review.post_review, name="review"),
    path("<int:pk>/review/run/", review.review_run, name="review_run"),
    path("<int:pk>/review/confirm/", review.review_confirm, name="review_confirm"),
    path("<int:pk>/applications/<int:application_pk>/decide/", review.review_decide, name="review_decide"),
]
