#!/usr/bin/env python3
"""Fill the English catalogues from a table of translations: ``tools/translate.py TABLE.py``.

TABLE.py defines ``T``: Chinese msgid → English, or ``(msgid,)`` → ``(singular, plural)``. Entries
already translated are kept; what is still missing is listed, so ``make messages`` then this shows
the work left.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "src" / "xuanren"


def main(table_path: str) -> int:
    table = runpy.run_path(table_path)["T"]
    missing = 0
    for po in sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if not message.id:
                continue
            key = (message.id[0],) if isinstance(message.id, tuple) else message.id
            has = all(message.string) if isinstance(message.string, tuple) else bool(message.string)
            if key in table and not has:
                message.string = table[key]
            elif not has:
                missing += 1
                print(f"missing in {po.parent.parent.parent.parent.name}: {message.id!r}")
            message.flags.discard("fuzzy")
        catalog.fuzzy = False
        with po.open("wb") as fh:
            write_po(fh, catalog, width=120, omit_header=False)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
