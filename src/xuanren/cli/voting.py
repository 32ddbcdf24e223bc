"""``xuanren tally RULES BALLOTS`` and the voting session commands.

- ``xuanren tally RULES BALLOTS [--json]``: count a ballot file — a session's published export, or a
  spreadsheet typed in from paper ballots (.xlsx or CSV) — with a rules file (or an export used as one;
  ``xuanren tally EXPORT`` alone counts an export with its own rules). Prints the result as a table in
  Chinese, or as the JSON the server publishes.
- ``xuanren tally --verify EXPORT`` (also ``xuanren voting verify EXPORT``): recompute a published
  export's result from its ballots; prints "一致" (exit 0), or every figure that differs (exit 1).
- ``xuanren voting export SESSION FILE``: write a closed session's export (``-`` for standard output).
- ``xuanren voting template RULES FILE``: a blank spreadsheet (.xlsx) for typing in paper ballots.

The counting is :func:`xuanren.voting.counting.count_session`, the very function the close of a session
runs; formats are in docs/formats.md.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"无法读取文件“{path}”：{exc.strerror}") from None


def width(text: str) -> int:
    """Columns a text takes in a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def table(rows: list[list[str]], numeric: set[int] | None = None) -> list[str]:
    """Rows (the first is the header) aligned in columns; ``numeric`` columns are right-aligned."""
    numeric = numeric or set()
    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(pad(cell, widths[i], i in numeric) for i, cell in enumerate(row)).rstrip() for row in rows]


def result_lines(result: dict[str, Any]) -> list[str]:
    """The result as the organiser reads it: meeting, then per ballot form its posts (persons, elements)."""
    out: list[str] = []
    if result.get("trial"):
        out.append("【模拟测试，不计入结果】")
    meeting = result.get("meeting") or {}
    out += [line["zh"] for line in meeting.get("explanation") or []]
    for part in result.get("forms") or []:
        out.append("")
        out.append(f"【{part.get('title')}】" + ("" if part.get("valid") else "（结果无效）"))
        out += [line["zh"] for line in (part.get("explanation") or [])[1:]]
        kind = part.get("kind")
        if kind == "recommendation":
            for post in part.get("posts") or []:
                out.append("")
                outcome = {"vacant": "空缺", "partly_vacant": f"空缺{post['vacant_slots']}个", "void": "推荐无效"}
                tail = f"  → {outcome[post['outcome']]}" if post["outcome"] in outcome else ""
                out.append(f"{post['code']} {post['title']}  职数{post['slots']}  候选人{post['candidates_count']}名  "
                           f"不得低于{post['threshold']['display']}分{tail}")
                cands = post.get("candidates") or []
                groups = [g["name"] for g in (cands[0]["groups"] if cands else [])]
                rows = [["名次", "候选人", *groups, "得票", "综合得分", "达到"]]
                for c in cands:
                    rows.append([str(c["rank"]), c["name"], *("—" if g["empty"] else g["rate"]["display"]
                                                              for g in c["groups"]),
                                 str(c["marks"]), c["score"]["display"], "是" if c["meets"] else "否"])
                if cands:
                    out += ["  " + line for line in table(rows, {0, *range(2, len(rows[0]) - 1)})]
                if post.get("write_ins"):
                    out.append("  另推：" + "、".join(f"{w['name']} {w['marks']}票" for w in post["write_ins"]))
            if part.get("vacant_posts"):
                out.append("")
                out.append("空缺职位：" + "；".join(f"{q['code']} {q['title']}" for q in part["vacant_posts"]))
        elif kind == "evaluation":
            persons = part.get("persons") or []
            if persons:
                grades = [g["name"] for g in persons[0]["grades"]]
                rows = [["测评对象", *grades, "满意率", "不满意率", "说明"]]
                for p in persons:
                    flags = []
                    if p["assessed"] and not p["may_be_excellent"]:
                        flags.append("一般不评定为优秀")
                    if p["adjustment"]:
                        flags.append("应调整")
                    elif p["admonition"]:
                        flags.append("应诫勉谈话")
                    rows.append([p["name"], *(f"{g['marks']}（{g['rate']['display']}）" for g in p["grades"]),
                                 p["satisfaction"]["display"], p["dissatisfaction"]["display"], "，".join(flags)])
                out += table(rows, set(range(1, len(grades) + 3)))
        elif kind == "elements":
            elements = [e["name"] for e in part.get("elements") or []]
            rows = [["名次", "候选人", *elements, "综合得分"]]
            for s in part.get("ranking") or []:
                rows.append([str(s["rank"]), s["name"], *(x["display"] for x in s["element_scores"]),
                             s["score"]["display"]])
            out += table(rows, {0, *range(2, len(elements) + 3)})
    return out


def _print_result(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(result_lines(result)))


def _verify(path: str) -> None:
    from xuanren.voting.ballotfile import BallotFileError, verify_export

    try:
        v = verify_export(_read(path))
    except BallotFileError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"选票 {v.ballots} 张；选票摘要 SHA-256 {v.ballots_digest}；结果摘要 SHA-256 {v.result_digest}")
    for problem in v.problems:
        click.echo(f"不一致：{problem}")
    for d in v.differences:
        click.echo(f"不一致：{d}（{d.path}）")
    if not v.ok:
        click.echo(f"重新计票与公布的结果不一致（{len(v.differences) + len(v.problems)}处）")
        sys.exit(1)
    click.echo("一致：按公布的选票重新计票，结果与公布的完全相同")


@click.command("tally")
@click.argument("rules", required=False, type=click.Path(dir_okay=False))
@click.argument("ballots", required=False, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（与服务器公布的格式相同）/ print the JSON result")
@click.option("--verify", "verify_path", metavar="EXPORT", type=click.Path(dir_okay=False),
              help="重新计票核对公布的选票导出文件 / recompute a published export and compare")
def tally(rules: str | None, ballots: str | None, as_json: bool, verify_path: str | None) -> None:
    """计票：xuanren tally 规则文件 选票文件（选票导出文件或纸质选票录入表）。

    Count BALLOTS (a session export, or a paper spreadsheet .xlsx/.csv) with RULES (a rules file or an
    export); with only RULES given, an export is counted with its own rules.
    """
    from xuanren.voting.ballotfile import BallotFileError, PaperRejected, tally_files
    from xuanren.voting.counting import CountError

    if verify_path:
        if rules or ballots:
            raise click.UsageError("--verify 只需一个选票导出文件")
        _verify(verify_path)
        return
    if rules is None:
        raise click.UsageError("请给出规则文件和选票文件：xuanren tally RULES BALLOTS")
    rules_data = _read(rules)
    ballots_data = _read(ballots) if ballots else rules_data
    try:
        result = tally_files(rules_data, ballots_data, Path(ballots or rules).name)
    except PaperRejected as exc:
        click.echo(exc.report(), err=True)
        sys.exit(1)
    except (BallotFileError, CountError) as exc:
        raise click.ClickException(str(exc)) from None
    _print_result(result, as_json)


@click.group("voting")
def voting() -> None:
    """民主推荐与测评：导出、核对选票，纸质选票录入表 / voting sessions."""


@voting.command("verify")
@click.argument("export", type=click.Path(dir_okay=False))
def verify(export: str) -> None:
    """重新计票核对公布的选票导出文件（同 xuanren tally --verify）。"""
    _verify(export)


@voting.command("export")
@click.argument("session", type=int)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
def export(session: int, file: str) -> None:
    """写出已结束场次的选票导出文件（JSON；FILE 为 - 时输出到屏幕）。"""
    from xuanren.voting.ballotfile import export_json, session_export
    from xuanren.voting.models import Session

    found = Session.objects.filter(pk=session).first()
    if found is None:
        raise click.ClickException(f"没有第{session}号投票场次")
    if found.status != Session.Status.CLOSED or found.result is None:
        raise click.ClickException(f"投票场次“{found.name}”尚未结束计票，结果公布后才能导出选票")
    data = export_json(session_export(found))
    if file == "-":
        click.echo(data.decode())
        return
    Path(file).write_bytes(data)
    click.echo(f"已写出“{found.name}”的 {found.ballots.count()} 张选票和计票结果：{file}")


@voting.command("template")
@click.argument("rules", type=click.Path(dir_okay=False))
@click.argument("file", type=click.Path(dir_okay=False))
def template(rules: str, file: str) -> None:
    """按规则文件写出空白的纸质选票录入表（.xlsx）。"""
    from xuanren.voting.ballotfile import BallotFileError, paper_template, read_rules
    from xuanren.voting.counting import CountError

    try:
        parsed = read_rules(_read(rules))
        data = paper_template(parsed.forms, parsed.turnout)
    except (BallotFileError, CountError) as exc:
        raise click.ClickException(str(exc)) from None
    Path(file).write_bytes(data)
    click.echo(f"已写出纸质选票录入表：{file}")


def register(main: Any) -> None:
    """Adds this module's commands to ``main``."""
    main.add_command(tally)
    main.add_command(voting)
