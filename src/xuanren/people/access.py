"""Object rules for the people register: an applicant sees only their own person record."""

from __future__ import annotations

from typing import Any

from xuanren.accounts.access import has, register_object_rule
from xuanren.people.models import Person


def person_rule(user: Any, capability: str, person: Person) -> bool:
    if has(user, capability):
        return True
    return capability == "people.view" and user.is_authenticated and person.user_id == user.pk


register_object_rule(Person, person_rule)
