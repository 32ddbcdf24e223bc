"""Object rules for applications: an applicant sees (and withdraws) only their own; reviewers, organisers
and supervisors see all by their capability (``applications.view``)."""

from __future__ import annotations

from typing import Any

from xuanren.accounts.access import has, register_object_rule
from xuanren.campaigns.models import Application, Review

# What the person an application belongs to may do with it, without any capability over others'.
OWN = frozenset({"applications.view", "applications.apply", "self.view"})


def is_own(user: Any, application: Application) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and application.person.user_id == user.pk


def application_rule(user: Any, capability: str, application: Application) -> bool:
    if has(user, capability):
        return True
    return capability in OWN and is_own(user, application)


def review_rule(user: Any, capability: str, review: Review) -> bool:
    return application_rule(user, capability, review.application)


register_object_rule(Application, application_rule)
register_object_rule(Review, review_rule)
