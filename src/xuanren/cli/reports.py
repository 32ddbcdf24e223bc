"""``xuanren report CAMPAIGN FILE.pdf|FILE.xlsx [--date YYYY-MM-DD] [--as USER]``: the closing report.

The same document as the page and the API (:mod:`xuanren.reports`), written as PDF or Excel by the file's
suffix. The report date (default today) is the day ages are counted on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from xuanren.cli.main import actor_option, resolve_actor


@click.command("report")
@click.argument("campaign_id", metavar="CAMPAIGN", type=int)
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD",
              help="报告日期，年龄按此日计算周岁（默认今天）/ report date, ages are counted on it")
@actor_option
def report(campaign_id: int, file: Path, day: str | None, actor: str | None) -> None:
    """导出竞聘批次的工作总结：FILE 以 .pdf 结尾为 PDF，以 .xlsx 结尾为 Excel / export the closing report."""
    from django.utils import timezone

    from xuanren.accounts.access import has
    from xuanren.campaigns.documents.pdf import PdfFontMissing
    from xuanren.campaigns.models import Campaign
    from xuanren.reports import exports
    from xuanren.reports.document import build_report
    from xuanren.reports.figures import closing_figures

    user = resolve_actor(actor)
    if user is not None and not has(user, "results.export"):
        raise click.ClickException(f"用户“{actor}”没有此权限（results.export）/ user {actor!r} lacks results.export")
    suffix = file.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise click.ClickException(f"文件须以 .pdf 或 .xlsx 结尾（现为“{file.name}”）/ FILE must end in .pdf or .xlsx")
    try:
        when = dt.date.fromisoformat(day) if day else timezone.localdate()
    except ValueError:
        raise click.ClickException(f"报告日期“{day}”无法识别，应写成 2026-12-20 / --date must be YYYY-MM-DD") from None
    campaign = Campaign.objects.select_related("unit").filter(pk=campaign_id).first()
    if campaign is None:
        raise click.ClickException(f"没有编号为{campaign_id}的竞聘批次 / no campaign {campaign_id}")
    doc = build_report(closing_figures(campaign, when))
    try:
        content = exports.report_pdf(doc) if suffix == ".pdf" else exports.report_xlsx(doc)
    except PdfFontMissing as exc:
        raise click.ClickException(str(exc)) from None
    file.write_bytes(content)
    state = "已结束" if doc.figures.finished else "尚未结束，截至报告日期"
    click.echo(f"已写出 {file}：竞聘批次“{campaign.name}”的工作总结（{state}，报告日期{doc.date_plain}）。")
    click.echo(doc.figures.summary)


def register(main: Any) -> None:
    main.add_command(report)
