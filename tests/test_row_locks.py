"""Row locks take only the rows they name.

On PostgreSQL ``select_for_update().select_related(...)`` locks the joined rows too (the post, the
campaign, the unit...). Two actions on different rows of one campaign then lock the shared campaign row
in whatever order the planner joins, and can deadlock (it happened: two pool appointments at once). Every
locking query that joins must therefore say ``of=("self",)``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import xuanren

SOURCE = Path(xuanren.__file__).parent


def _chain(node: ast.AST) -> list[ast.Call]:
    calls = []
    while True:
        if isinstance(node, ast.Call):
            calls.append(node)
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return calls


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def offenders(source: str, label: str) -> list[str]:
    found = []
    outer = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or id(node) in outer:
            continue
        chain = _chain(node)
        outer.update(id(c) for c in chain)
        names = {_name(c): c for c in chain}
        lock = names.get("select_for_update")
        if lock is not None and "select_related" in names and not any(k.arg == "of" for k in lock.keywords):
            found.append(f"{label}:{lock.lineno}")
    return found


def test_no_locking_query_locks_its_joins() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        found += offenders(path.read_text(), str(path.relative_to(SOURCE)))
    assert found == []


def test_the_scanner_sees_a_join_lock_in_either_order() -> None:
    bad = ("A.objects.select_for_update().select_related('b').get(pk=1)\n"
           "A.objects.select_related('b').filter(x=1).select_for_update().first()\n")
    good = ("A.objects.select_for_update(of=('self',)).select_related('b').get(pk=1)\n"
            "A.objects.select_for_update().get(pk=1)\n")
    assert offenders(bad, "m") == ["m:1", "m:2"]
    assert offenders(good, "m") == []
