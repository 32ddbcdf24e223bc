"""The organiser's scoring pages under /scoring/."""

from typing import Any

from django.urls import path  # noqa: F401

app_name = "scoring"
urlpatterns: list[Any] = []
