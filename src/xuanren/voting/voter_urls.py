"""The voter's pages under /vote/: public (a one-time code is the only key), phone-sized."""

from typing import Any

from django.urls import path  # noqa: F401

app_name = "vote"
urlpatterns: list[Any] = []
