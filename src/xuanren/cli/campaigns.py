"""``xuanren campaign import FILE`` and ``xuanren applications import FILE --campaign ID`` (and their templates)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xuanren.cli.main import actor_option, resolve_actor


def _user_holding(username: str | None, capability: str) -> Any:
    from xuanren.accounts.access import has

    user = resolve_actor(username)
    if user is not None and not has(user, capability):
        raise click.ClickException(f"用户“{username}”没有此权限（{capability}）/ user {username!r} lacks {capability}")
    return user


def _rejected(exc: Any, max_problems: int) -> None:
    click.echo(f"{exc}", err=True)
    click.echo("没有任何改动。/ Nothing was imported.", err=True)
    for problem in exc.shown(max_problems):
        click.echo(f"  {problem}", err=True)
    if exc.hidden(max_problems):
        click.echo(f"  ……另有 {exc.hidden(max_problems)} 个问题未列出 / {exc.hidden(max_problems)} more", err=True)
    raise SystemExit(1)


@click.group("campaign")
def campaign() -> None:
    """竞聘批次 / campaigns."""


@campaign.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--max-problems", default=200, show_default=True, type=click.IntRange(min=1))
@actor_option
def import_campaign(file: Path, max_problems: int, actor: str | None) -> None:
    """从工作簿（“批次”“职位”两表）新建竞聘批次草稿，全有或全无 / create a draft campaign from a workbook."""
    from xuanren.campaigns.importing import campaign_import
    from xuanren.people.actions import ImportRejected

    user = _user_holding(actor, "campaigns.change")
    try:
        result = campaign_import(actor=user, data=file.read_bytes(), filename=file.name)
    except ImportRejected as exc:
        _rejected(exc, max_problems)
        return
    for line in result.lines():
        click.echo(line)


@campaign.command("template")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def campaign_template_command(file: Path) -> None:
    """写出空白的竞聘批次导入模板 / write a blank campaign workbook."""
    from xuanren.campaigns.importing import campaign_template

    file.write_bytes(campaign_template())
    click.echo(f"已写出 {file}")


@click.group("applications")
def applications() -> None:
    """报名 / applications."""


@applications.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--campaign", "campaign_id", required=True, type=int, help="竞聘批次编号 / campaign id")
@click.option("--max-problems", default=200, show_default=True, type=click.IntRange(min=1))
@actor_option
def import_applications(file: Path, campaign_id: int, max_problems: int, actor: str | None) -> None:
    """导入报名和推荐（.xlsx“报名”表或 CSV），全有或全无 / import applications, all or nothing."""
    from xuanren.campaigns.importing import applications_import
    from xuanren.campaigns.models import Campaign
    from xuanren.people.actions import ImportRejected

    user = _user_holding(actor, "applications.enter")
    target = Campaign.objects.filter(pk=campaign_id).first()
    if target is None:
        raise click.ClickException(f"没有编号为{campaign_id}的竞聘批次 / no campaign {campaign_id}")
    try:
        result = applications_import(actor=user, campaign=target, data=file.read_bytes(), filename=file.name)
    except ImportRejected as exc:
        _rejected(exc, max_problems)
        return
    for line in result.lines():
        click.echo(line)


@applications.command("template")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def applications_template_command(file: Path) -> None:
    """写出空白的报名导入模板 / write a blank applications workbook."""
    from xuanren.campaigns.importing import applications_template

    file.write_bytes(applications_template())
    click.echo(f"已写出 {file}")


def register(main: click.Group) -> None:
    main.add_command(campaign)
    main.add_command(applications)
