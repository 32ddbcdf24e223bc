"""Who may do what: the role matrix for capabilities, object rules for single objects.

Views call :func:`require` (or the :func:`capability_required` decorator) with one capability and,
for one object, :func:`require_object`. Object rules are registered by the app that owns the model
(``register_object_rule``) so this module knows no app's models.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse

from xuanren.accounts.roles import MATRIX, Role

F = TypeVar("F", bound=Callable[..., HttpResponse])
ObjectRule = Callable[[Any, str, Any], bool]

_object_rules: dict[type[models.Model], ObjectRule] = {}


def roles_of(user: Any) -> frozenset[Role]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_xuanren_roles", None)
    if cached is None:
        cached = frozenset(Role(r) for r in user.role_grants.values_list("role", flat=True))
        user._xuanren_roles = cached
    return cached


def has(user: Any, capability: str) -> bool:
    if capability not in MATRIX:
        raise KeyError(f"unknown capability {capability!r}: add it to accounts/roles.py")
    return bool(MATRIX[capability] & roles_of(user))


def require(user: Any, capability: str) -> None:
    if not has(user, capability):
        raise PermissionDenied(capability)


def register_object_rule(model: type[models.Model], rule: ObjectRule) -> None:
    """``rule(user, capability, obj) -> bool`` decides for objects of ``model``."""
    _object_rules[model] = rule


def can(user: Any, capability: str, obj: models.Model) -> bool:
    rule = _object_rules.get(type(obj))
    if rule is None:
        return has(user, capability)
    return rule(user, capability, obj)


def require_object(user: Any, capability: str, obj: models.Model) -> None:
    if not can(user, capability, obj):
        raise PermissionDenied(capability)


def capability_required(capability: str) -> Callable[[F], F]:
    """Log-in required, then the capability; refuses with 403 otherwise."""
    if capability not in MATRIX:
        raise KeyError(f"unknown capability {capability!r}")

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require(request.user, capability)
            return view(request, *args, **kwargs)

        wrapper.capability = capability  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
