from __future__ import annotations

import click

from xuanren.cli.main import actor_option, resolve_actor


@click.command()
@click.argument("username")
@click.option("--name", "full_name", default="", help="姓名 / full name")
@click.option("--role", "roles", multiple=True, help="角色，可多次 / role, repeatable: organiser, reviewer, "
              "judge, voter, committee, supervisor, applicant")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@actor_option
def createuser(username: str, full_name: str, roles: tuple[str, ...], password: str, actor: str | None) -> None:
    """新建用户并授予角色 / create a user with roles."""
    from xuanren.accounts.actions import UserError, user_create

    try:
        user = user_create(actor=resolve_actor(actor), username=username, password=password,
                           full_name=full_name, roles=roles)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"已创建用户 {user.username}（角色：{', '.join(roles) or '无'}）")


@click.command("token")
@click.argument("username")
@click.option("--name", default="api", show_default=True, help="令牌用途 / what the token is for")
@actor_option
def token(username: str, name: str, actor: str | None) -> None:
    """为用户签发接口令牌（只显示这一次）/ issue an API token for a user (shown once)."""
    from xuanren.accounts.actions import token_create

    user = resolve_actor(username)
    click.echo(token_create(actor=resolve_actor(actor), user=user, name=name))
