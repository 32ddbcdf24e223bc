"""The voter's pages under /vote/: public (a one-time code is the only key), phone-sized.

One address for every step (see :mod:`xuanren.voting.voter_views`); printed QR codes point to
``/vote/#CODE`` (the code in the fragment, never sent to the server).
"""

from typing import Any

from django.urls import path

from xuanren.voting import voter_views

app_name = "vote"
urlpatterns: list[Any] = [
    path("", voter_views.vote, name="entry"),
]
