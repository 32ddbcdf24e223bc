#!/usr/bin/env python3
"""Compile every app's ``locale/*/LC_MESSAGES/django.po`` into ``django.mo`` with Babel.

The UI's source language is Chinese (msgids are Chinese); ``en`` is the one catalogue. The .mo files
are committed, so running the app needs no gettext tools; ``make messages`` extracts and compiles,
and ``tests/web/test_translations.py`` checks the committed .mo files match their .po files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent / "src" / "xuanren"


def catalogues() -> list[Path]:
    return sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))


def main() -> int:
    for po in catalogues():
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        print(f"compiled {po.relative_to(ROOT)} ({len(catalog)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
