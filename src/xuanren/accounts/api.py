"""Users and roles in the JSON API (/api/accounts): the same actions as the organiser's pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from xuanren.accounts import actions
from xuanren.accounts.access import require, roles_of
from xuanren.accounts.roles import Role

router = Router(tags=["accounts"])


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    active: bool
    roles: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]


class UserIn(Schema):
    username: str
    password: str
    full_name: str = ""
    roles: list[Role] = []


class RolesIn(Schema):
    roles: list[Role]


class ErrorOut(Schema):
    detail: str


def _user_out(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "username": user.username, "full_name": user.first_name, "active": user.is_active,
            "roles": sorted(str(r) for r in roles_of(user))}


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request: HttpRequest) -> dict[str, Any]:
    return {"username": request.user.get_username(), "full_name": getattr(request.user, "first_name", ""),
            "roles": sorted(str(r) for r in roles_of(request.user))}


@router.get("/users", response=list[UserOut], summary="用户及其角色")
def list_users(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, "users.view")
    return [_user_out(u) for u in get_user_model().objects.order_by("username").prefetch_related("role_grants")]


@router.post("/users", response={201: UserOut, 400: ErrorOut}, summary="新建用户并授予角色")
def create_user(request: HttpRequest, payload: UserIn) -> Status[dict[str, Any]]:
    require(request.user, "users.change")
    try:
        user = actions.user_create(actor=request.user, username=payload.username, password=payload.password,
                                   full_name=payload.full_name, roles=[str(r) for r in payload.roles])
    except actions.UserError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, _user_out(user))


@router.put("/users/{int:user_id}/roles", response=UserOut, summary="调整用户的角色（整体替换）")
def set_roles(request: HttpRequest, user_id: int, payload: RolesIn) -> dict[str, Any]:
    require(request.user, "users.change")
    user = get_object_or_404(get_user_model(), pk=user_id)
    actions.user_set_roles(actor=request.user, user=user, roles=[str(r) for r in payload.roles])
    return _user_out(get_user_model().objects.get(pk=user_id))
