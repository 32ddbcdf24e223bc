"""Navigation by role: each entry names the capability that shows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuanren.accounts.access import has, roles_of

# (label, url name, capability). Later areas of the process add their entries here.
NAVIGATION: list[tuple[Any, str, str]] = [
    (_("干部名册"), "people:list", "people.view"),
    (_("单位/部门"), "people:units", "units.view"),
    (_("导入名册"), "people:import", "people.import"),
    (_("竞聘批次"), "campaigns:list", "campaigns.view"),
    # Only applicants ("self.view" would show it to everyone); the page itself is open to any user.
    (_("我的报名"), "my:home", "applications.apply"),
    # Judges score the candidates of their panels on their phones.
    (_("评分"), "judge:home", "scoring.judge"),
    # Committee members vote on their own devices in the meetings they sit on.
    (_("表决"), "committee:my", "committee.vote"),
    (_("公示反映问题"), "notices:objections", "objections.view"),
    (_("任职与后备干部"), "appointments:list", "appointments.view"),
    (_("工作日历"), "notices:calendar", "notices.view"),
    (_("用户与角色"), "accounts:users", "users.view"),
    (_("全程记实"), "record:list", "record.view"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "my_roles": []}
    items = [{"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name))}
             for label, name, cap in NAVIGATION if has(user, cap)]
    return {"nav": items, "my_roles": sorted(roles_of(user))}
