"""``xuanren record …``: verify the chain, export it, verify an exported file offline.

Exit status: 0 when the chain is intact, 1 when it is broken or cannot be read, 2 for wrong usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from xuanren.rules import chain


class ExpectedHead(click.ParamType):  # type: ignore[type-arg]
    name = "[SEQ:]HASH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> chain.Expected:
        if isinstance(value, chain.Expected):
            return value
        try:
            return chain.Expected.parse(str(value))
        except ValueError as exc:
            self.fail(f"链头应为 64 位十六进制哈希，可在前面加“序号:” / {exc}", param, ctx)


def expect_head_option(fn: Any) -> Any:
    return click.option(
        "--expect-head", "expected", type=ExpectedHead(), default=None,
        help="此前记下的链头（序号:哈希 或 哈希）；链中已没有它时失败，可发现被整体重算的链 / "
             "a head noted earlier; fails when the chain no longer contains it (a recomputed chain)",
    )(fn)


def json_option(fn: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="以 JSON 输出核验结果 / print the report as JSON")(fn)


@click.group()
def record() -> None:
    """全程记实 / the record."""


def _report(report: chain.Report, *, as_json: bool, what: str) -> None:
    """Print ``report``; exit 1 when it names a problem."""
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if not report.ok:
            raise SystemExit(1)
        return
    if report.ok:
        click.echo(f"{what}完整：共 {report.checked} 条事件，链头 第{report.head_seq}号 {report.head_hash}")
        click.echo(f"chain intact: {report.checked} events, head #{report.head_seq} {report.head_hash}")
        if report.expected_seq is not None:
            click.echo(f"此前记下的链头仍在链中（第{report.expected_seq}号）/ "
                       f"the head noted earlier is in the chain (event {report.expected_seq})")
        click.echo(f"请在系统之外记下此值，日后用 --expect-head 核对 / note this outside the system: {report.anchor}")
        return
    assert report.problem is not None
    click.echo(f"{what}已被破坏：{report.problem.message.text('zh-hans')}", err=True)
    click.echo(f"chain broken: {report.problem.message.text('en')}", err=True)
    if report.problem.kind == "recomputed":
        click.echo(f"（链本身前后一致，共 {report.checked} 条事件，但与记下的链头不符 / "
                   f"the {report.checked} events are consistent in themselves, but not with the noted head）", err=True)
    else:
        click.echo(f"（此前 {report.checked} 条事件核验无误 / {report.checked} events before it verified）", err=True)
    raise SystemExit(1)


@record.command()
@expect_head_option
@json_option
def verify(expected: chain.Expected | None, as_json: bool) -> None:
    """核验记实链；被改动时指出第一条问题事件并以非零状态退出 / verify the hash chain."""
    from xuanren.record.actions import record_verify

    _report(record_verify(expected=expected), as_json=as_json, what="记实链")


@record.command()
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "xlsx"]), default=None,
              help="文件格式，缺省按扩展名（.xlsx 为 Excel，其余为 JSON Lines）/ "
                   "file format, by default from the extension")
def export(file: Path, fmt: str | None) -> None:
    """导出全部记实事件（JSON Lines 可离线核验）/ export every event of the record."""
    from django.utils import timezone

    from xuanren.record import exporting
    from xuanren.record.actions import SYSTEM
    from xuanren.record.models import Event

    fmt = fmt or ("xlsx" if file.suffix.lower() == ".xlsx" else "jsonl")
    events = Event.objects.order_by("id")  # chain order
    total = events.count()
    last: list[Any] = []

    def tracked(rows: Iterable[Any], bar: Any) -> Iterator[Any]:
        for row in rows:
            last[:] = [row]
            yield row
            bar.update(1)

    with click.progressbar(length=total, label="导出记实 / exporting", file=sys.stderr) as bar:
        rows = tracked(events.iterator(chunk_size=2000), bar)
        if fmt == "jsonl":
            with file.open("wb") as out:
                for line in exporting.jsonl_lines(rows):
                    out.write(line)
        else:
            exporting.write_xlsx(rows, str(file), summary=exporting.summary(
                exported_by=SYSTEM, conditions={}, now=timezone.now()))
    click.echo(f"已导出 {total} 条事件到 {file} / exported {total} events")
    if last:
        click.echo(f"文件末条：第{last[0].seq}号 {last[0].hash} / last event in the file: {last[0].seq}:{last[0].hash}")


@record.command("verify-file")
@click.argument("file", type=click.File("rb"))
@expect_head_option
@json_option
def verify_file(file: Any, expected: chain.Expected | None, as_json: bool) -> None:
    """离线核验导出的 JSON Lines 文件（需为完整导出）/ verify an exported JSON Lines file offline.

    Without --expect-head a removed tail of the file cannot be seen: compare the last hash with a head
    noted earlier.
    """
    from xuanren.record.exporting import ExportFileError, read_jsonl

    try:
        report = chain.verify(read_jsonl(file), None, expected)
    except (ExportFileError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"无法读取 {file.name} / cannot read it: {exc}") from None
    _report(report, as_json=as_json, what="导出文件中的记实链")
