"""The one exception hierarchy of the core."""

from __future__ import annotations

from xuanren.rules.messages import Message


class RuleError(ValueError):
    """Input a rule cannot judge. ``message`` says what was wrong, in words a user understands."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text())
        self.message = message


class InvalidIdNumber(RuleError):
    """A resident ID number that is not valid under GB 11643-1999."""
