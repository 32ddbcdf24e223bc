"""``xuanren demo load [--if-empty]``: the demo campaign of the source documents."""

from __future__ import annotations

import click


@click.group()
def demo() -> None:
    """演示数据 / demo data."""
