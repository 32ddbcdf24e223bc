"""``xuanren scores import FILE [--campaign ID] [--as USER]`` and ``xuanren results export CAMPAIGN FILE``.

The import is the page's and the API's (:func:`xuanren.scoring.actions.exam_import`): all or nothing, every
problem listed by row. Without ``--campaign`` the file goes to the one campaign whose written exam is open.
The export writes Excel or PDF by the file's suffix (:mod:`xuanren.scoring.exports`).
"""

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


def _exam_stage(campaign_id: int | None) -> Any:
    from xuanren.campaigns.models import Stage, StageKind

    stages = Stage.objects.filter(kind=StageKind.EXAM).select_related("campaign")
    if campaign_id is not None:
        stage = stages.filter(campaign_id=campaign_id).first()
        if stage is None:
            raise click.ClickException(f"竞聘批次{campaign_id}不存在或没有笔试环节 / campaign {campaign_id} has no "
                                       "written exam")
        return stage
    running = list(stages.filter(status=Stage.Status.OPEN))
    if len(running) != 1:
        names = "；".join(f"{s.campaign_id} {s.campaign.name}" for s in running) or "无"
        raise click.ClickException(f"请用 --campaign 指明竞聘批次（笔试进行中的批次：{names}）/ "
                                   "name the campaign with --campaign")
    return running[0]


@click.group()
def scores() -> None:
    """笔试成绩 / exam scores."""


@scores.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--campaign", "campaign_id", type=int, default=None,
              help="竞聘批次编号（不写时为笔试进行中的唯一批次）/ campaign id")
@click.option("--max-problems", default=200, show_default=True, type=click.IntRange(min=1))
@actor_option
def import_scores(file: Path, campaign_id: int | None, max_problems: int, actor: str | None) -> None:
    """导入笔试成绩（.xlsx 或 CSV），全有或全无 / import exam scores, all or nothing."""
    from xuanren.people.actions import ImportRejected
    from xuanren.scoring.actions import exam_import

    user = _user_holding(actor, "scoring.manage")
    stage = _exam_stage(campaign_id)
    try:
        result = exam_import(actor=user, stage=stage, data=file.read_bytes(), filename=file.name)
    except ImportRejected as exc:
        click.echo(f"{exc}", err=True)
        click.echo("没有任何改动。/ Nothing was imported.", err=True)
        for problem in exc.shown(max_problems):
            click.echo(f"  {problem}", err=True)
        if exc.hidden(max_problems):
            click.echo(f"  ……另有 {exc.hidden(max_problems)} 个问题未列出 / {exc.hidden(max_problems)} more", err=True)
        raise SystemExit(1) from None
    click.echo(f"竞聘批次“{stage.campaign.name}”（编号{stage.campaign_id}）笔试成绩：")
    for line in result.lines():
        click.echo(line)


@click.group()
def results() -> None:
    """成绩结果 / results."""


@results.command("export")
@click.argument("campaign_id", metavar="CAMPAIGN", type=int)
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@actor_option
def export_results(campaign_id: int, file: Path, actor: str | None) -> None:
    """导出综合成绩表：FILE 以 .xlsx 结尾为 Excel，以 .pdf 结尾为 PDF / export the results (.xlsx or .pdf)."""
    from xuanren.campaigns.documents.pdf import PdfFontMissing
    from xuanren.campaigns.models import Campaign
    from xuanren.scoring import exports, selectors

    _user_holding(actor, "results.export")
    suffix = file.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise click.ClickException(f"文件须以 .xlsx 或 .pdf 结尾（现为“{file.name}”）/ FILE must end in .xlsx or .pdf")
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise click.ClickException(f"没有编号为{campaign_id}的竞聘批次 / no campaign {campaign_id}")
    data = selectors.campaign_results(campaign)
    try:
        content = exports.results_xlsx(data) if suffix == ".xlsx" else exports.results_pdf(data)
    except PdfFontMissing as exc:
        raise click.ClickException(str(exc)) from None
    file.write_bytes(content)
    state = "已封存并公布的结果" if data.source == "standings" else "预览（综合成绩环节尚未封存）"
    rows = sum(len(p["rows"]) for p in data.posts)
    click.echo(f"已写出 {file}：{len(data.posts)} 个职位，{rows} 名人选，{state}。")
    for problem in data.problems:
        click.echo(f"  尚待完成：{problem}", err=True)


def register(main: Any) -> None:
    main.add_command(scores)
    main.add_command(results)
