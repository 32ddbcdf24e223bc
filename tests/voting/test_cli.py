"""``xuanren tally`` and ``xuanren voting``: the CLI recomputes a closed session's published export
identically and names a tampered figure; counts a paper spreadsheet; writes the export and a template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.voting.test_ballotfile import example
from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.cli.main import main
from xuanren.cli.voting import width
from xuanren.voting import actions
from xuanren.voting.ballotfile import session_export
from xuanren.voting.models import Session


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


@pytest.fixture
def closed(vw: VotingWorld) -> Session:
    session, codes = ready_session(vw)
    form = session.forms.get()
    posts = {p["code"]: p for p in form.content["posts"]}
    n = 0
    for group, plain in codes.items():
        for i, code in enumerate(plain):
            n += 1
            choice = {"P01": [posts["P01"]["candidates"][i % 3]["application"]],
                      "P02": [] if group == "leaders" else [posts["P02"]["candidates"][0]["application"]]}
            marks = {str(form.pk): {str(posts[c]["post"]): {"marks": m} for c, m in choice.items()}}
            actions.ballot_cast(code=code, marks=marks, submission=f"submission-token-{n:010d}")
    return actions.session_close(actor=vw.organiser, session=session)


def test_the_cli_recomputes_the_published_export_identically(closed: Session, tmp_path: Path) -> None:
    path = tmp_path / "ballots.json"
    written = run("voting", "export", str(closed.pk), str(path))
    assert written.exit_code == 0 and "9 张选票" in written.output
    assert json.loads(path.read_text(encoding="utf-8")) == session_export(closed)
    verified = run("tally", "--verify", str(path))
    assert verified.exit_code == 0
    assert verified.output.rstrip().endswith("一致：按公布的选票重新计票，结果与公布的完全相同")
    assert run("voting", "verify", str(path)).exit_code == 0
    recount = run("tally", str(path), "--json")
    assert recount.exit_code == 0 and json.loads(recount.output) == closed.result
    table = run("tally", str(path), str(path))
    assert table.exit_code == 0 and "P01 办公室副主任" in table.output and "综合得分" in table.output


def test_the_cli_names_a_tampered_figure(closed: Session, tmp_path: Path) -> None:
    export = session_export(closed)
    candidate = export["result"]["forms"][0]["posts"][0]["candidates"][0]
    candidate["marks"] += 1
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["tally", "--verify", str(path)])
    assert result.exit_code == 1
    name = candidate["name"]
    assert f"不一致：民主推荐票 › P01 办公室副主任 › {name} › 得票数：公布为 {candidate['marks']}，重新计算为 " \
           f"{candidate['marks'] - 1}（forms[0].posts[0].candidates[0].marks）" in result.output
    assert "结果摘要不符" in result.output and "重新计票与公布的结果不一致（2处）" in result.output


def test_the_cli_counts_paper_ballots_and_reports_their_problems(tmp_path: Path) -> None:
    rules, paper = tmp_path / "rules.json", tmp_path / "paper.csv"
    rules.write_text(example("rules"), encoding="utf-8")
    paper.write_bytes(example("paper").encode("gb18030"))
    result = run("tally", str(rules), str(paper))
    assert result.exit_code == 0 and result.output == example("paper-output")
    as_json = json.loads(run("tally", str(rules), str(paper), "--json").output)
    assert as_json["forms"][0]["posts"][0]["candidates"][0]["score"]["exact"] == "74"
    paper.write_text(example("paper").replace("其他人员,1,,1,,称职", "外单位,1,,1,,称职"), encoding="utf-8")
    bad = CliRunner().invoke(main, ["tally", str(rules), str(paper)])
    assert bad.exit_code == 1 and "未计票：纸质选票录入表中发现1个问题" in bad.output
    assert "第7行 “类别”列：没有这个投票人类别" in bad.output and "综合得分" not in bad.output


def test_the_cli_writes_a_blank_template(tmp_path: Path) -> None:
    rules, out = tmp_path / "rules.json", tmp_path / "录入表.xlsx"
    rules.write_text(example("rules"), encoding="utf-8")
    result = run("voting", "template", str(rules), str(out))
    assert result.exit_code == 0 and out.read_bytes().startswith(b"PK")


def test_the_cli_refuses_what_it_cannot_read(vw: VotingWorld, tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["tally", str(tmp_path / "none.json"), str(tmp_path / "none.csv")])
    assert missing.exit_code == 1 and "无法读取文件" in missing.output
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    wrong = CliRunner().invoke(main, ["tally", "--verify", str(tmp_path / "x.json")])
    assert wrong.exit_code == 1 and "不是选票导出文件" in wrong.output
    session, _codes = ready_session(vw)
    still_open = CliRunner().invoke(main, ["voting", "export", str(session.pk), str(tmp_path / "o.json")])
    assert still_open.exit_code == 1 and "结果公布后才能导出选票" in still_open.output
    assert CliRunner().invoke(main, ["tally"]).exit_code == 2


def test_terminal_width_counts_chinese_as_two() -> None:
    assert width("综合得分") == 8 and width("A01") == 3 and width("66.67%") == 6
