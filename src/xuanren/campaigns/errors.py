"""The one refusal of the campaign actions: :class:`CampaignError`, with the reason in Chinese and English.

Every action checks before it writes, and raises :class:`CampaignError` for anything it refuses; a
refusal inside the transaction rolls it back, so nothing is ever half-written and nothing is recorded.
Views show ``str(error)`` (Chinese) or ``error.message.text(language)``.
"""

from __future__ import annotations

from typing import Any

from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message


class CampaignError(ValueError):
    """An action refused; ``message`` says why (``code`` names the refusal, for the API and the tests)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text())
        self.message = message

    @property
    def code(self) -> str:
        return self.message.code

    def as_dict(self) -> dict[str, Any]:
        return self.message.as_dict()


def refuse(code: str, zh: str, en: str, /, **params: Any) -> CampaignError:
    """``raise refuse("campaigns.not_draft", "…{name}…", "…{name}…", name=…)``."""
    return CampaignError(Message(f"campaigns.{code}", zh, en, params))


def from_rule(error: RuleError, *, prefix_zh: str = "", prefix_en: str = "") -> CampaignError:
    """A rule's refusal (invalid conditions, slots) as the action's, keeping its code and figures."""
    m = error.message
    if not prefix_zh:
        return CampaignError(m)
    def literal(text: str) -> str:
        return text.replace("{", "{{").replace("}", "}}")

    return CampaignError(Message(m.code, literal(prefix_zh) + m.zh, literal(prefix_en) + m.en, m.params))
