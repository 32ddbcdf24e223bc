"""The voter's pages under /vote/: public (a one-time code is the only key), phone-sized.

One address for every step (see :mod:`xuanren.voting.voter_views`); printed QR codes point to
``/vote/#CODE`` (the code in the fragment, never sent to the server).
"""

from typing import Any

from django.urls import path

from xuanren.voting import public_views, voter_views

app_name = "vote"
urlpatterns: list[Any] = [
    path("", voter_views.vote, name="entry"),
]

# Published ballots and the receipt check (public_views): public, shown once a session is closed.
urlpatterns += [
    path("sessions/<int:pk>/ballots/", public_views.session_ballots, name="ballots"),
    path("sessions/<int:pk>/ballots.json", public_views.session_ballots_json, name="ballots_json"),
    path("receipt/", public_views.receipt_check, name="receipt"),
]
