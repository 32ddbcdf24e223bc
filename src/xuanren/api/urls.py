"""The API object and its routers. Each area adds its router in ``api.py`` of its app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from xuanren import __version__
from xuanren.api.auth import AUTH

api = NinjaAPI(
    title="xuanren 选任 API",
    version=__version__,
    description="干部选拔任用系统 JSON API。会话（含 CSRF）或 Bearer 令牌认证。",
    auth=AUTH,
    urls_namespace="api",
    # The browsable docs use the Swagger UI files shipped inside django-ninja (no CDN).
    docs_decorator=login_required,
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "无权进行此操作", "capability": str(exc)}, status=403)


def _add_routers() -> None:
    from xuanren.accounts.api import router as accounts_router
    from xuanren.appointments.api import router as appointments_router
    from xuanren.campaigns.api import router as campaigns_router
    from xuanren.committee.api import router as committee_router
    from xuanren.inspection.api import router as inspection_router
    from xuanren.notices.api import router as notices_router
    from xuanren.people.api import router as people_router
    from xuanren.record.api import router as record_router
    from xuanren.reports.api import router as reports_router
    from xuanren.scoring.api import router as scoring_router
    from xuanren.voting.api import router as voting_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/campaigns", campaigns_router)
    api.add_router("/people", people_router)
    api.add_router("/record", record_router)
    api.add_router("/scoring", scoring_router)
    api.add_router("/voting", voting_router)
    api.add_router("/inspection", inspection_router)
    api.add_router("/committee", committee_router)
    api.add_router("/notices", notices_router)
    api.add_router("/appointments", appointments_router)
    api.add_router("/reports", reports_router)


_add_routers()
