from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xuanren.accounts.access import roles_of
from xuanren.accounts.roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: what this user can do, by role."""
    from xuanren.people.selectors import register_summary

    roles = roles_of(request.user)
    summary = register_summary() if roles & {Role.ORGANISER, Role.REVIEWER, Role.SUPERVISOR} else None
    return render(request, "web/home.html", {"roles": [Role(r).label for r in sorted(roles)], "summary": summary})
