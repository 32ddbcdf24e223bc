"""Object rules for the committee: a member votes only in the meetings they sit on."""

from __future__ import annotations

from typing import Any

from xuanren.accounts.access import has, register_object_rule
from xuanren.committee.models import Meeting


def meeting_rule(user: Any, capability: str, meeting: Meeting) -> bool:
    if capability == "committee.vote":
        return has(user, capability) and meeting.members.filter(user_id=user.pk).exists()
    return has(user, capability)


register_object_rule(Meeting, meeting_rule)
