from typing import Any

from django.urls import path

from xuanren.reports import views

app_name = "reports"

urlpatterns: list[Any] = [
    path("<int:pk>/", views.report_page, name="view"),
    path("<int:pk>/export.<str:fmt>", views.report_export, name="export"),
]
