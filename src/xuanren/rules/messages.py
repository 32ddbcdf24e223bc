"""Messages that explain a rule's result, in Chinese and English.

The core does not know the reader's language, so it returns a :class:`Message` (a code, both
templates and the figures) and the interface picks the language when it shows it.

>>> m = Message("demo", "应到{n}人", "{n} expected", {"n": 9})
>>> m.text("zh-hans"), m.text("en")
('应到9人', '9 expected')
>>> str(m)
'应到9人'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    code: str
    zh: str
    en: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str = "zh-hans") -> str:
        template = self.en if language.lower().startswith("en") else self.zh
        return template.format(**self.params)

    def __str__(self) -> str:
        return self.text()

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "zh": self.text("zh-hans"), "en": self.text("en"), "params": dict(self.params)}
