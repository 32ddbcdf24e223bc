"""The voter's pages under /vote/: public (a one-time code is the only key), phone-sized."""

from typing import Any

from django.urls import path

from xuanren.voting import public_views

app_name = "vote"
urlpatterns: list[Any] = []

# Published ballots and the receipt check (public_views): public, shown once a session is closed.
urlpatterns += [
    path("sessions/<int:pk>/ballots/", public_views.session_ballots, name="ballots"),
    path("sessions/<int:pk>/ballots.json", public_views.session_ballots_json, name="ballots_json"),
    path("receipt/", public_views.receipt_check, name="receipt"),
]
