"""Public pages, mounted at /public/ (no log-in)."""

from django.urls import path

from xuanren.campaigns import public_views as views

app_name = "public"
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("<int:pk>/", views.announcement, name="announcement"),
    path("<int:pk>/announcement.pdf", views.announcement_pdf, name="announcement_pdf"),
    path("<int:pk>/announcement.docx", views.announcement_docx, name="announcement_docx"),
    path("<int:pk>/results/<slug:kind>/", views.stage_results, name="stage_results"),
]
