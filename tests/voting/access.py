"""The voting area's part of tests/test_access_matrix.py: its API operations and how to call each with a
valid request, and the URL arguments of its pages.

- ``API``: (method, path as in the OpenAPI document) → capability (None: any logged-in user);
- ``call(client, method, path, world, role)``: one valid request (build what it needs from ``world`` on the
  first call and keep it in ``world``; an object changed by an allowed role must not be needed again);
- ``kwargs(name, world)``: the URL arguments of the page ``name`` (e.g. "scoring:panel"), or None if not ours;
- ``OBJECT_CAPABILITY``: page name → the capability that decides when the page's object is someone
  else's (e.g. a judge's page for a panel they do not sit on);
- ``PREFIX``: the API paths this module calls.
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.voting import access_organiser

PREFIX = "/api/voting"
API: dict[tuple[str, str], str | None] = {}
API.update(access_organiser.API)  # the organiser's sessions, groups, codes, turnout
OBJECT_CAPABILITY: dict[str, str] = {}


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    if (method, path) in access_organiser.API:
        return access_organiser.call(client, method, path, world, role)
    raise AssertionError(f"no call for {method} {path}")


def _closed_session(world: dict[str, Any]) -> Any:
    """A closed, counted session with one ballot, for the published ballots (vote:ballots, vote:ballots_json)."""
    if "closed_session" not in world:
        from xuanren.voting.counting import count_session
        from xuanren.voting.models import Ballot, BallotForm, Session, VoterGroup

        session = Session.objects.create(campaign=world["campaign"], name="公开选票测试场次",
                                         status=Session.Status.CLOSED)
        group = VoterGroup.objects.create(session=session, code="all", name="全体", weight=100, entitled=1, issued=1)
        form = BallotForm.objects.create(session=session, kind="recommendation", title="推荐票", content={"posts": [
            {"post": world["post"].pk, "code": "A01", "title": "测试职位", "slots": 1, "max_marks": 1,
             "candidates": [{"application": world["application"].pk, "name": "测试"}]}]})
        marks = {str(form.pk): {str(world["post"].pk): {"marks": [world["application"].pk]}}}
        Ballot.objects.create(session=session, group=group, marks=marks, receipt="ABCD-EFGH-JKMN", submission="x" * 64)
        session.result = count_session({}, [{"id": form.pk, "kind": form.kind, "title": form.title,
                                              "content": form.content}],
                                       [{"code": "all", "name": "全体", "weight": 100, "entitled": 1, "issued": 1,
                                         "returned": 1}], [("all", marks)])
        session.save()
        world["closed_session"] = session
    return world["closed_session"]


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if name.startswith("voting:"):
        return access_organiser.kwargs(name, world)
    if name in ("vote:ballots", "vote:ballots_json"):
        return {"pk": _closed_session(world).pk}
    if name == "vote:receipt":
        return {}
    return None
