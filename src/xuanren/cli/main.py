"""``xuanren`` — entry point. Each area's commands live in a module beside this one.

Commands act as a named user (``--as USER``, default: the record's ``system`` actor) and their
changes go into the record like any other.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuanren.config.settings")
    import django

    django.setup()


def actor_option(fn: Any) -> Any:
    return click.option("--as", "actor", metavar="USER", default=None,
                        help="以哪个用户的身份操作（记入全程记实）/ act as this user")(fn)


def resolve_actor(username: str | None) -> Any:
    """The user named, or ``None`` for the system actor; refuses an unknown name."""
    if username is None:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"没有用户“{username}” / no user {username!r}")
    return user


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xuanren")
def main() -> None:
    """xuanren 选任 — 干部选拔任用系统的命令行。"""
    setup_django()


@main.command()
def migrate() -> None:
    """建立或升级数据库 / create or upgrade the database."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@main.command()
@click.option("--bind", default="127.0.0.1:8000", show_default=True)
@click.option("--workers", default=2, show_default=True, type=int)
def serve(bind: str, workers: int) -> None:
    """启动服务（gunicorn）/ serve the web app with gunicorn."""
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", "xuanren.config.wsgi:application", "--bind", bind, "--workers", str(workers),
                "--threads", "4", "--timeout", "120"]
    run()


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Django 管理命令 / any Django management command."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xuanren manage", *args])


def _register() -> None:
    # Each module adds its subcommands to the groups in transfer.py on import.
    from xuanren.cli import campaigns, demo, people, record, reports, scoring, transfer, users, voting

    main.add_command(transfer.import_group)
    main.add_command(transfer.export_group)
    main.add_command(record.record)
    main.add_command(users.createuser)
    main.add_command(users.token)
    main.add_command(demo.demo)
    campaigns.register(main)
    scoring.register(main)
    voting.register(main)
    reports.register(main)
    del people


_register()

if __name__ == "__main__":
    main()
