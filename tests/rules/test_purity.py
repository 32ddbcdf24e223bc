"""The contract of the pure core: nothing in xuanren.rules imports Django, I/O or the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import xuanren.rules

RULES_DIR = Path(xuanren.rules.__file__).parent
FORBIDDEN_MODULES = {"django", "ninja", "openpyxl", "psycopg", "sqlite3", "requests", "socket", "os", "time",
                     "subprocess", "pathlib", "io", "shutil", "random"}
FORBIDDEN_CALLS = {("datetime", "now"), ("datetime", "today"), ("date", "today"), ("datetime", "utcnow"),
                   ("dt", "now")}


def _modules() -> list[Path]:
    return sorted(RULES_DIR.rglob("*.py"))


def test_rules_package_has_modules() -> None:
    assert len(_modules()) >= 5


def test_rules_import_nothing_impure() -> None:
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN_MODULES:
                    offenders.append(f"{path.name}:{node.lineno} imports {name}")
    assert offenders == []


def test_rules_never_read_the_clock() -> None:
    offenders = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and (node.func.value.id, node.func.attr) in FORBIDDEN_CALLS):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {
                    "now", "today", "utcnow"}:
                offenders.append(f"{path.name}:{node.lineno} calls .{node.func.attr}()")
    assert offenders == []


def test_the_scanner_catches_a_django_import(tmp_path: Path) -> None:
    tree = ast.parse("from django.db import models\nimport os.path\n")
    found = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom | ast.Import)]
    assert len(found) == 2
