"""The English catalogues: complete, placeholders intact, and the committed .mo files up to date.

The UI's source language is Chinese; ``make messages`` extracts new strings and
``tools/translate.py`` / ``tools/compilemessages.py`` fill and compile them.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import xuanren

CATALOGUES = sorted(Path(xuanren.__file__).parent.glob("*/locale/en/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _entries(po: Path) -> list[tuple[tuple[str, ...], tuple[str, ...], str | None]]:
    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        out.append((ids, strings, m.context))
    return out


def test_there_are_catalogues() -> None:
    assert {p.parents[3].name for p in CATALOGUES} >= {"accounts", "people", "record", "web"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_every_message_is_translated_with_its_placeholders(po: Path) -> None:
    problems = []
    for ids, strings, _context in _entries(po):
        if not all(strings):
            problems.append(f"untranslated: {ids[0]}")
        for s in strings:
            if s and set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(ids[0])):
                problems.append(f"placeholders differ: {ids[0]} → {s}")
    assert problems == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_compiled_catalogue_matches_its_source(po: Path) -> None:
    with po.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for ids, strings, context in _entries(po):
        if context:
            assert compiled.pgettext(context, ids[0]) == strings[0], ids[0]
        elif len(ids) == 1:
            assert compiled.gettext(ids[0]) == strings[0], ids[0]
        else:
            assert compiled.ngettext(ids[0], ids[1], 1) == strings[0], ids[0]
            assert compiled.ngettext(ids[0], ids[1], 5) == strings[1], ids[0]
