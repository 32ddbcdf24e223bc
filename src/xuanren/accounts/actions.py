"""Use cases on users: create a user with roles, change roles, issue an API token.

Each action makes one change in one transaction and writes the record there too.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xuanren.accounts.models import ApiToken, RoleGrant
from xuanren.accounts.roles import Role
from xuanren.record.actions import record_event


class UserError(ValueError):
    """A user could not be created or changed; the message says why, for the organiser."""


def _roles(roles: Iterable[str]) -> list[Role]:
    out = []
    for r in roles:
        try:
            out.append(Role(r))
        except ValueError:
            raise UserError(_("未知角色“%(role)s”") % {"role": r}) from None
    return sorted(set(out))


def _state(user: Any) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.first_name,
        "active": user.is_active,
        "roles": sorted(user.role_grants.values_list("role", flat=True)),
    }


def user_create(
    *, actor: Any, username: str, password: str, full_name: str = "", roles: Iterable[str] = (),
    check_password: bool = True,
) -> Any:
    """Create a user holding ``roles``. Refuses a taken name or a weak password."""
    User = get_user_model()
    username = username.strip()
    if not username:
        raise UserError(_("用户名不能为空"))
    role_list = _roles(roles)
    if User.objects.filter(username__iexact=username).exists():
        raise UserError(_("用户名“%(name)s”已被使用") % {"name": username})
    if check_password:
        try:
            validate_password(password, User(username=username, first_name=full_name))
        except ValidationError as exc:
            raise UserError(" ".join(exc.messages)) from None
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, first_name=full_name)
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in role_list])
        record_event(actor=actor, action="users.create", obj=user, after=_state(user),
                     details={"roles": [str(r) for r in role_list]})
    return user


def user_set_roles(*, actor: Any, user: Any, roles: Iterable[str]) -> None:
    role_list = _roles(roles)
    with transaction.atomic():
        before = _state(user)
        RoleGrant.objects.filter(user=user).exclude(role__in=role_list).delete()
        have = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in role_list if r not in have])
        user._xuanren_roles = None
        record_event(actor=actor, action="users.set_roles", obj=user, before=before, after=_state(user),
                     details={"roles": [str(r) for r in role_list]})


def user_set_active(*, actor: Any, user: Any, active: bool) -> None:
    with transaction.atomic():
        before = _state(user)
        user.is_active = active
        user.save(update_fields=["is_active"])
        record_event(actor=actor, action="users.activate" if active else "users.deactivate", obj=user,
                     before=before, after=_state(user))


def user_link_person(*, actor: Any, user: Any, id_number: str) -> Any:
    """Link ``user`` to the person of the register with this ID number (an empty number unlinks).

    An applicant sees their own record and applies only through this link. Refuses an unknown or
    malformed number, and a person already linked to another user.
    """
    from xuanren.people.models import Person
    from xuanren.rules import idnumber
    from xuanren.rules.errors import InvalidIdNumber

    with transaction.atomic():
        current = Person.objects.select_for_update().filter(user=user).first()
        person = None
        if id_number.strip():
            try:
                number = idnumber.validate(id_number)
            except InvalidIdNumber as exc:
                raise UserError(str(exc)) from None
            person = Person.objects.select_for_update().filter(id_number=number).first()
            if person is None:
                raise UserError(_("干部名册中没有身份证号为 %(number)s 的人员") % {"number": idnumber.mask(number)})
            if person.user_id not in (None, user.pk):
                raise UserError(_("%(name)s 已关联其他账号") % {"name": person.name})
        if current is not None and current != person:
            before = current.state()
            current.user = None
            current.save(update_fields=["user", "updated"])
            record_event(actor=actor, action="people.unlink_user", obj=current, before=before, after=current.state(),
                         details={"user": user.get_username()})
        if person is not None and person.user_id != user.pk:
            before = person.state()
            person.user = user
            person.save(update_fields=["user", "updated"])
            record_event(actor=actor, action="people.link_user", obj=person, before=before, after=person.state(),
                         details={"user": user.get_username()})
    return person


def token_create(*, actor: Any, user: Any, name: str) -> str:
    """Issue an API token for ``user``; returns the token, which is not stored and shown only now."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(user=user, name=name[:100] or "api", digest=ApiToken.digest_of(token))
        record_event(actor=actor, action="users.token_create", obj=user, details={"token": row.pk, "name": row.name})
    return token
