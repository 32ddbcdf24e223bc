"""``xuanren demo load [--if-empty] [--seed N]`` and ``xuanren demo roster FILE``: the demo court.

The only place the demo reads the clock: ``today`` is taken here (in the configured time zone) unless
``--today`` gives it, and passed down.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import click

from xuanren.demo.court import DEFAULT_SEED

_seed_option = click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int,
                            help="随机种子：同一种子生成同样的数据 / the same seed gives the same data")
_today_option = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                             help="以哪一天为今天（默认今天）/ the day taken as today (default: today)")


def _today(value: dt.datetime | None) -> dt.date:
    if value is not None:
        return value.date()
    from django.utils import timezone

    return timezone.localdate()


@click.group()
def demo() -> None:
    """演示数据 / demo data."""


@demo.command()
@click.option("--if-empty", is_flag=True, help="名册中已有人员时什么也不做 / do nothing when the register holds anyone")
@_seed_option
@_today_option
def load(if_empty: bool, seed: int, today: dt.datetime | None) -> None:
    """载入演示数据：××市中级人民法院的名册（经真实导入功能）、演示账号和竞聘批次 / load the demo court, users and
    campaigns."""
    from xuanren.demo.loading import DEMO_URL, VOTE_URL, DemoError, demo_load
    from xuanren.people.models import Person

    if not (if_empty and Person.objects.exists()):
        # Hashing nineteen passwords takes a few seconds.
        click.echo("正在载入演示数据… / loading the demo…")
    try:
        result = demo_load(today=_today(today), seed=seed, if_empty=if_empty)
    except DemoError as exc:
        raise click.ClickException(str(exc)) from None
    if not result.loaded:
        click.echo("名册中已有人员，未载入演示数据。/ The register already holds people; demo data not loaded.")
        return
    click.echo(f"已载入演示数据：{result.unit}，{result.departments} 个部门，{result.people} 人。")
    click.echo(f"Demo data loaded: {result.departments} departments, {result.people} people.")
    click.echo()
    rows = [("用户名", "角色", "密码")] + [(a.username, str(a.role.label), a.password) for a in result.accounts]
    for row in rows:
        line = "  ".join(_pad(cell, max(_width(r[i]) for r in rows)) for i, cell in enumerate(row))
        click.echo(("  " + line).rstrip())
    click.echo()
    click.echo(f"  登录 / log in: {DEMO_URL}")
    if result.trial_codes:
        from django.urls import reverse

        from xuanren.voting.codes import display

        click.echo()
        click.echo(f"  模拟测试投票码（民主测评，不计入结果）/ trial codes (never counted): {VOTE_URL}")
        for code in result.trial_codes:
            click.echo(f"    {display(code)}")
        page = DEMO_URL.rstrip("/") + reverse("voting:session", args=[result.trial_session])
        click.echo(f"  打印更多投票码条 / print more slips (organiser): {page}")
    if result.guide:
        click.echo()
        click.echo("  从确定人选到任职 / from the shortlist to the appointment (organiser):")
        for line in result.guide:
            click.echo(f"    {line}")


@demo.command()
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@_seed_option
@_today_option
def roster(file: Path, seed: int, today: dt.datetime | None) -> None:
    """把演示名册写成 .xlsx（可用于导入）/ write the demo roster as an .xlsx file to import."""
    from xuanren.demo.court import make_court
    from xuanren.demo.roster import roster_workbook

    court = make_court(seed=seed, today=_today(today))
    file.write_bytes(roster_workbook(court))
    click.echo(f"已写出演示名册 {file}：{len(court.staff)} 人，可在“导入名册”页面导入。")
    click.echo(f"Wrote the demo roster to {file}: {len(court.staff)} people, ready for the import page.")


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
