"""``xuanren scores import FILE`` and ``xuanren results export CAMPAIGN FILE``."""

from __future__ import annotations

from typing import Any

import click


@click.group()
def scores() -> None:
    """笔试成绩 / exam scores."""


@click.group()
def results() -> None:
    """成绩结果 / results."""


def register(main: Any) -> None:
    main.add_command(scores)
    main.add_command(results)
