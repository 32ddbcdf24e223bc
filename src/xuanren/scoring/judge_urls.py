"""The judge's pages under /judge/ (phone-sized)."""

from typing import Any

from django.urls import path  # noqa: F401

app_name = "judge"
urlpatterns: list[Any] = []
