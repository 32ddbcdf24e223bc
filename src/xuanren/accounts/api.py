from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from xuanren.accounts.access import roles_of

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(username=user.get_username(), full_name=user.first_name,  # type: ignore[union-attr]
                 roles=sorted(str(r) for r in roles_of(user)))
