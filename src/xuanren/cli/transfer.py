"""``xuanren import …`` and ``xuanren export …``: one group each; every area adds its subcommand."""

from __future__ import annotations

import click


@click.group("import")
def import_group() -> None:
    """导入（全有或全无）/ import a file, all or nothing."""


@click.group("export")
def export_group() -> None:
    """导出 / export to a file."""
