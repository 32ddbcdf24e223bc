from __future__ import annotations

import click


@click.group()
def record() -> None:
    """全程记实 / the record."""


@record.command()
def verify() -> None:
    """核验记实链；被改动时指出第一条问题事件并以非零状态退出 / verify the hash chain."""
    from xuanren.record.actions import record_verify

    report = record_verify()
    if report.ok:
        click.echo(f"记实链完整：共 {report.checked} 条事件，链头 {report.head_hash}")
        click.echo(f"chain intact: {report.checked} events, head {report.head_hash}")
        return
    assert report.problem is not None
    click.echo(f"记实链已被破坏：{report.problem.message.text('zh-hans')}", err=True)
    click.echo(f"chain broken: {report.problem.message.text('en')}", err=True)
    click.echo(f"（此前 {report.checked} 条事件核验无误）", err=True)
    raise SystemExit(1)
