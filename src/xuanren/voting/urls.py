"""The organiser's voting pages under /voting/ (sessions, codes, slips, projector, close)."""

from typing import Any

from django.urls import path  # noqa: F401

app_name = "voting"
urlpatterns: list[Any] = []
