"""``xuanren import people FILE`` and ``xuanren export people FILE``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from xuanren.cli.main import actor_option, resolve_actor
from xuanren.cli.transfer import export_group, import_group


class ProgressBars:
    """A ``progress(phase, done, total)`` callback drawing one click progress bar per phase, on stderr."""

    def __init__(self) -> None:
        self.phase = ""
        self.bar: Any = None
        self.shown = 0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.shown = 0
            err = sys.stderr
            if total:
                make: Any = click.progressbar
                self.bar = make(length=total, label=phase, file=err, show_pos=True)
                self.bar.__enter__()
            else:
                click.echo(f"{phase}……", file=err)
        if self.bar is not None and done > self.shown:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _user_holding(username: str | None, capability: str) -> Any:
    from xuanren.accounts.access import has

    user = resolve_actor(username)
    if user is not None and not has(user, capability):
        raise click.ClickException(f"用户“{username}”没有此权限（{capability}）/ user {username!r} lacks {capability}")
    return user


@import_group.command("people")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--max-problems", default=200, show_default=True, type=click.IntRange(min=1),
              help="最多列出多少个问题 / how many problems to list")
@actor_option
def import_people(file: Path, max_problems: int, actor: str | None) -> None:
    """导入干部名册（.xlsx 或 CSV），全有或全无 / import the people register, all or nothing.

    有任何问题时不导入任何数据，列出问题并以状态 1 退出。
    """
    from django.utils import timezone

    from xuanren.people.actions import ImportRejected, check_size, people_import

    user = _user_holding(actor, "people.import")
    try:
        check_size(file.stat().st_size, filename=file.name)
        with ProgressBars() as progress:
            result = people_import(actor=user, data=file.read_bytes(), filename=file.name,
                                   today=timezone.localdate(), progress=progress)
    except ImportRejected as exc:
        click.echo(f"{exc}", err=True)
        click.echo("名册没有任何改动。/ Nothing was imported.", err=True)
        for problem in exc.shown(max_problems):
            click.echo(f"  {problem}", err=True)
        if exc.hidden(max_problems):
            click.echo(f"  ……另有 {exc.hidden(max_problems)} 个问题未列出 / {exc.hidden(max_problems)} more", err=True)
        raise SystemExit(1) from None
    click.echo(f"已导入“{file.name}”：")
    for line in result.lines():
        click.echo(f"  {line}")


@export_group.command("people")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--q", default="", help="只导出姓名、职务或身份证号开头匹配的人员 / filter")
@click.option("--unit", "unit_id", type=int, default=None, help="只导出该单位/部门（编号）/ unit id")
@actor_option
def export_people(file: Path, q: str, unit_id: int | None, actor: str | None) -> None:
    """导出干部名册（.xlsx；文件名以 .csv 结尾时导出 CSV）/ export the people register.

    格式与导入相同，导出后修改可再导入。以 --as 指定的用户无权查看完整身份证号时，号码脱敏。
    """
    from django.utils import timezone

    from xuanren.people.actions import people_export

    user = _user_holding(actor, "people.export")
    fmt = "csv" if file.suffix.lower() == ".csv" else "xlsx"
    with ProgressBars() as progress:
        exported = people_export(user=user, today=timezone.localdate(), q=q, unit_id=unit_id, fmt=fmt,
                                 progress=progress)
    file.write_bytes(exported.content)
    masked = "，身份证号已脱敏" if exported.masked else ""
    click.echo(f"已导出 {exported.count} 人到 {file}{masked}")
