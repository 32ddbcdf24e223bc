"""The ballot files: a session's published export, a spreadsheet typed in from paper ballots, the rules file.

Three formats (docs/formats.md, sections 四–六, with complete examples):

(a) **Session export** (``"format": "xuanren.ballots/1"``): what is published when a session closes —
    the session, its rules, ballot forms and turnout as counted, every ballot (receipt, voter group,
    marks) sorted by receipt, the published result and the digests the record holds.
    :func:`verify_export` recomputes the result from the ballots with
    :func:`~xuanren.voting.counting.count_session` and names every figure that differs.
(b) **Paper ballots** (.xlsx or CSV in UTF-8 or GB18030): one row per ballot, a column 类别 (the voter
    group's code or name), one column per candidate of each post (``A01 张三``: ``1`` or ``√`` for a
    mark, blank for none), per evaluated person a column holding the grade (优秀/称职/基本称职/不称职/不了解),
    per element and candidate a column (``道德品行最好 张三``); optional columns 票号 (the paper's
    number, to find it again), 整张无效 (the ballot is void as a whole) and ``A01 另推`` (names written
    in). :func:`parse_paper` reads and checks every row; any problem and nothing is counted
    (:class:`PaperRejected` lists them by row and column, as the people import does).
(c) **Rules file** (``"format": "xuanren.rules/1"``): the rules, ballot forms and turnout a spreadsheet of
    paper ballots is counted with. A session export serves as a rules file too.

Nothing here touches the database except :func:`session_export`, which reads one closed session.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xuanren.people.importing import (
    FileRejected,
    Problem,
    XlsxBook,
    column_letter,
    decode_text,
    normalise_header,
    sniff,
    text_of,
)
from xuanren.rules import chain
from xuanren.voting import counting
from xuanren.voting.counting import GRADE_ALIASES, CountError, key_of

EXPORT_FORMAT = "xuanren.ballots/1"
RULES_FORMAT = "xuanren.rules/1"

GROUP_COLUMN = "类别"
NUMBER_COLUMN = "票号"
VOID_COLUMN = "整张无效"
WRITE_IN = "另推"
SHEET = "选票"
#: Rows above the header (a title) looked through for it.
HEADER_SEARCH_ROWS = 10

#: What a cell may hold for a mark, and for no mark.
MARKS = frozenset({"1", "√", "✓", "✔", "○", "〇", "◯", "V", "Y", "是", "TRUE"})
NO_MARKS = frozenset({"", "0", "否", "FALSE"})
#: Grades typed by number: 1 优秀, 2 称职, 3 基本称职, 4 不称职, 5 不了解.
GRADE_NUMBERS = {"1": "excellent", "2": "competent", "3": "basic", "4": "incompetent", "5": "unknown"}

_NAME_SPLIT = re.compile(r"[、，,;；/\s]+")


class BallotFileError(ValueError):
    """A ballot or rules file that cannot be read at all (not JSON, wrong format, …); the message says why."""


# --- (a) the session export ------------------------------------------------------------------------

def ballot_rows(ballots: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``[{"receipt", "group", "marks"}]`` sorted by receipt: the canonical ballots of an export."""
    rows = [{"receipt": str(b["receipt"]), "group": str(b["group"]), "marks": b.get("marks") or {}} for b in ballots]
    return sorted(rows, key=lambda b: b["receipt"])


def ballots_digest(ballots: Sequence[Mapping[str, Any]]) -> str:
    """SHA-256 of the canonical encoding (:func:`xuanren.rules.chain.canonical`) of :func:`ballot_rows`:
    the digest the record keeps at the close, so that a published export can be checked against it."""
    return chain.digest(chain.json_value(ballot_rows(ballots)))


def result_digest(result: Any) -> str:
    return chain.digest(chain.json_value(result))


def build_export(*, session: Mapping[str, Any], rules: Mapping[str, Any], forms: Sequence[Mapping[str, Any]],
                 turnout: Sequence[Mapping[str, Any]], ballots: Sequence[Mapping[str, Any]],
                 result: Any) -> dict[str, Any]:
    """The export (a) from plain data; ballots are sorted by receipt here."""
    rows = ballot_rows(ballots)
    export = {
        "format": EXPORT_FORMAT,
        "session": dict(session),
        "rules": dict(rules or {}),
        "forms": [{"id": f.get("id"), "kind": f.get("kind"), "title": f.get("title"), "content": f.get("content")}
                  for f in forms],
        "turnout": [dict(r) for r in turnout],
        "ballots": rows,
        "result": result,
        "digests": {"ballots": ballots_digest(rows), "result": result_digest(result) if result is not None else ""},
    }
    return chain.json_value(export)  # type: ignore[no-any-return]


def forms_of(session: Any) -> list[dict[str, Any]]:
    """A session's ballot forms as plain data, in order."""
    return [{"id": f.pk, "kind": f.kind, "title": f.title, "content": f.content}
            for f in session.forms.order_by("order", "id")]


def session_info(session: Any) -> dict[str, Any]:
    campaign = session.campaign
    return {"id": session.pk, "name": session.name, "campaign": {"id": campaign.pk, "name": campaign.name},
            "stage": session.stage.kind if session.stage_id else None, "trial": session.trial, "mode": session.mode,
            "place": session.place, "status": session.status,
            "opened_at": session.opened_at.isoformat() if session.opened_at else None,
            "closed_at": session.closed_at.isoformat() if session.closed_at else None}


def session_export(session: Any) -> dict[str, Any]:
    """The export (a) of a closed session, read from the database; the turnout is the one it was counted
    with (kept in the result)."""
    from xuanren.voting.models import Ballot

    session = type(session).objects.select_related("campaign", "stage").get(pk=session.pk)
    result = session.result or {}
    ballots = [{"receipt": r, "group": g, "marks": m}
               for r, g, m in Ballot.objects.filter(session=session).order_by("receipt")
               .values_list("receipt", "group__code", "marks")]
    return build_export(session=session_info(session), rules=session.rules or {}, forms=forms_of(session),
                        turnout=result.get("turnout") or [], ballots=ballots, result=session.result)


def export_json(export: Mapping[str, Any]) -> bytes:
    """The export as published: UTF-8 JSON, keys in a stable order, indented for reading."""
    return json.dumps(export, ensure_ascii=False, indent=1, sort_keys=False).encode()


def load_json(data: bytes | str, what: str) -> Any:
    if isinstance(data, bytes):
        try:
            text = decode_text(data)
        except FileRejected as exc:
            raise BallotFileError(f"{what}无法读取：{exc}") from None
    else:
        text = data
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BallotFileError(f"{what}不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") from None


def read_export(data: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
    """A session export, checked for its format and parts. Raises :class:`BallotFileError`."""
    export = dict(data) if isinstance(data, Mapping) else load_json(data, "选票导出文件")
    if not isinstance(export, dict) or export.get("format") != EXPORT_FORMAT:
        raise BallotFileError(f"不是选票导出文件（应有 \"format\": \"{EXPORT_FORMAT}\"）")
    for key, kind in (("forms", list), ("turnout", list), ("ballots", list)):
        if not isinstance(export.get(key), kind):
            raise BallotFileError(f"选票导出文件缺少“{key}”")
    for i, b in enumerate(export["ballots"], start=1):
        if not isinstance(b, Mapping) or "receipt" not in b or "group" not in b:
            raise BallotFileError(f"选票导出文件第{i}张选票缺少回执码或类别")
    return export


# --- (c) the rules file ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RulesFile:
    """What a tally is counted with: rules, ballot forms and turnout (``returned`` and ``void`` may be left
    out for paper ballots: they are then taken from the spreadsheet)."""

    rules: dict[str, Any]
    forms: list[dict[str, Any]]
    turnout: list[dict[str, Any]]
    session: dict[str, Any] = field(default_factory=dict)


def read_rules(data: bytes | str | Mapping[str, Any]) -> RulesFile:
    """A rules file (c), or a session export (a) used as one. Raises :class:`BallotFileError`."""
    doc = dict(data) if isinstance(data, Mapping) else load_json(data, "计票规则文件")
    if not isinstance(doc, dict) or doc.get("format") not in (RULES_FORMAT, EXPORT_FORMAT):
        raise BallotFileError(f"不是计票规则文件（应有 \"format\": \"{RULES_FORMAT}\"，或为选票导出文件）")
    forms, turnout = doc.get("forms"), doc.get("turnout")
    if not isinstance(forms, list) or not forms:
        raise BallotFileError("计票规则文件缺少票面（\"forms\"）")
    if not isinstance(turnout, list) or not turnout:
        raise BallotFileError("计票规则文件缺少各类别的到会情况（\"turnout\"）")
    rules = doc.get("rules") or {}
    if not isinstance(rules, dict):
        raise BallotFileError("计票规则文件的“rules”应为对象")
    session = doc.get("session") or {}
    return RulesFile(rules, forms, turnout, session if isinstance(session, dict) else {})


# --- (b) paper ballots -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PaperColumn:
    """One column of the paper spreadsheet: its header, and what a cell of it means."""

    header: str
    form: str
    kind: str  # "candidate" (a post's) | "element" | "grade" | "write_in"
    question: str  # post key, person key, or element index
    candidate: str = ""
    required: bool = True


def paper_columns(forms: Sequence[Mapping[str, Any]]) -> list[PaperColumn]:
    """The columns a spreadsheet of these forms has after 类别, in ballot order. A header that two forms
    would share is prefixed with the form's title and ·; two candidates of one post with the same name
    are told apart by their number (``A01 张三#12``)."""
    plans = [counting.plan_form(f, i) for i, f in enumerate(forms)]
    per_form: list[list[PaperColumn]] = []
    for plan in plans:
        cols: list[PaperColumn] = []
        if plan.kind == "recommendation":
            for unit in plan.units:
                post = unit.spec
                code = str(unit.meta["code"])
                names = Counter(c.name for c in post.candidates)
                for c in post.candidates:
                    label = c.name if names[c.name] == 1 else f"{c.name}#{c.code}"
                    cols.append(PaperColumn(f"{code} {label}", plan.id, "candidate", post.code, c.code))
                if post.write_ins:
                    cols.append(PaperColumn(f"{code} {WRITE_IN}", plan.id, "write_in", post.code, required=False))
        elif plan.kind == "evaluation":
            names = Counter(u.spec.name for u in plan.units)
            for unit in plan.units:
                person = unit.spec
                label = person.name
                if names[person.name] > 1:
                    label = f"{person.name}（{unit.meta['post']}）" if unit.meta.get("post") else \
                        f"{person.name}#{person.code}"
                cols.append(PaperColumn(label, plan.id, "grade", person.code))
        else:
            (unit,) = plan.units
            elements, candidates = unit.spec
            names = Counter(c.name for c in candidates)
            for e in elements:
                for c in candidates:
                    label = c.name if names[c.name] == 1 else f"{c.name}#{c.code}"
                    cols.append(PaperColumn(f"{e.name} {label}", plan.id, "element", e.code, c.code))
        per_form.append(cols)
    seen = Counter(normalise_header(c.header) for cols in per_form for c in cols)
    out = []
    for plan, cols in zip(plans, per_form, strict=True):
        for c in cols:
            if seen[normalise_header(c.header)] > 1:
                c = PaperColumn(f"{plan.title}·{c.header}", c.form, c.kind, c.question, c.candidate, c.required)
            out.append(c)
    return out


def paper_headers(forms: Sequence[Mapping[str, Any]]) -> list[str]:
    """The header row of a blank spreadsheet for these forms."""
    return [NUMBER_COLUMN, GROUP_COLUMN, *(c.header for c in paper_columns(forms)), VOID_COLUMN]


@dataclass
class PaperBallots:
    """The ballots of a paper spreadsheet: ``(group code, marks)`` in file order, ballots void as a whole
    by group, and the ballots counted per group."""

    ballots: list[tuple[str, dict[str, Any]]]
    void: Counter[str]
    rows: int

    def returned(self) -> Counter[str]:
        counts: Counter[str] = Counter(g for g, _ in self.ballots)
        counts.update(self.void)
        return counts


class PaperRejected(Exception):
    """The spreadsheet was not counted; ``problems`` says why, row by row (nothing was counted)."""

    def __init__(self, problems: Sequence[Problem], filename: str = "") -> None:
        self.problems = list(problems)
        self.total = len(self.problems)
        self.filename = filename
        super().__init__(f"未计票：纸质选票录入表中发现{self.total}个问题")

    def shown(self, limit: int = 200) -> list[Problem]:
        return self.problems[:limit]

    def hidden(self, limit: int = 200) -> int:
        return max(0, self.total - limit)

    def report(self, limit: int = 200) -> str:
        lines = [str(self), *(str(p) for p in self.shown(limit))]
        if self.hidden(limit):
            lines.append(f"另有{self.hidden(limit)}个问题未列出")
        return "\n".join(lines)


def _rows_of(data: bytes) -> tuple[str, Iterator[tuple[Any, ...]]]:
    kind = sniff(data)
    if kind == "xlsx":
        book = XlsxBook(data)
        stripped = {n.strip(): n for n in book.sheets}
        name = stripped.get(SHEET, book.sheets[0])
        return name, book.rows(name)
    text = decode_text(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            for record in reader:
                yield tuple(record)
        except csv.Error as exc:
            raise FileRejected(f"CSV 文件第{reader.line_num}行格式有误：{exc}") from None

    return "", rows()


def _group_lookup(turnout: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for r in turnout:
        code = str(r.get("code") or "").strip()
        name = str(r.get("name") or "").strip()
        for key in (code, name, code.upper()):
            if key:
                lookup.setdefault(normalise_header(key), code)
    return lookup


def parse_paper(data: bytes, forms: Sequence[Mapping[str, Any]], turnout: Sequence[Mapping[str, Any]],
                filename: str = "") -> PaperBallots:
    """Read and check a spreadsheet of paper ballots against the forms and voter groups.

    All or nothing: every problem of every row is collected (unknown or missing column, unknown voter
    group, a cell that is not a mark, a grade that is not one, a name written in twice) and
    :class:`PaperRejected` raised with them all; nothing is returned unless every row is right.
    More marks than a post allows is *not* a problem here: such a ballot is invalid for that post
    only, and the count says so.
    """
    problems: list[Problem] = []
    try:
        columns = paper_columns(forms)
    except CountError as exc:
        raise PaperRejected([Problem("", None, "", "", f"计票规则文件的票面有误：{exc}")], filename) from None
    try:
        if not data or not data.strip():
            raise FileRejected("文件是空的。")
        sheet, rows = _rows_of(data)
        allowed = "、".join(f"{r.get('name') or r.get('code')}（{r.get('code')}）" for r in turnout)
        result = _parse_rows(sheet, rows, columns, (_group_lookup(turnout), allowed), problems)
    except FileRejected as exc:
        raise PaperRejected([Problem("", None, "", "", str(exc))], filename) from None
    if problems:
        raise PaperRejected(problems, filename)
    return result


def _parse_rows(sheet: str, rows: Iterator[tuple[Any, ...]], columns: list[PaperColumn],
                groups: tuple[dict[str, str], str], problems: list[Problem]) -> PaperBallots:
    expected = {normalise_header(c.header): c for c in columns}
    specials = {normalise_header(h): h for h in (GROUP_COLUMN, NUMBER_COLUMN, VOID_COLUMN)}
    out = PaperBallots([], Counter(), 0)
    header: list[tuple[int, Any]] | None = None
    header_row = skipped = 0
    for number, cells in enumerate(rows, start=1):
        texts = [normalise_header(c) for c in cells]
        if not any(texts):
            continue
        if header is None:
            if normalise_header(GROUP_COLUMN) not in texts:
                skipped += 1  # a title row or two may stand above the header
                if skipped < HEADER_SEARCH_ROWS:
                    continue
                problems.append(Problem(sheet, None, "", "", f"前{HEADER_SEARCH_ROWS}个非空行中没有表头"
                                        f"（表头行应有“{GROUP_COLUMN}”列）"))
                return out
            header, header_row = _read_paper_header(sheet, number, cells, expected, specials, problems), number
            if problems:
                return out
            continue
        _read_paper_row(sheet, number, cells, header, groups, out, problems)
    if header is None:
        problems.append(Problem(sheet, None, "", "", "文件中没有内容" if not skipped else
                                f"文件中没有表头（表头行应有“{GROUP_COLUMN}”列）"))
    elif out.rows == 0 and not problems:
        problems.append(Problem(sheet, header_row, "", "", "文件只有表头，没有选票"))
    return out


def _read_paper_header(sheet: str, number: int, cells: tuple[Any, ...], expected: dict[str, PaperColumn],
                       specials: dict[str, str], problems: list[Problem]) -> list[tuple[int, Any]]:
    import difflib

    found: list[tuple[int, Any]] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = normalise_header(cell)
        if not text:
            continue
        letter = column_letter(i)
        if text in seen:
            first = column_letter(seen[text])
            problems.append(Problem(sheet, number, letter, text_of(cell), f"列名重复（与{first}列相同）"))
            continue
        seen[text] = i
        if text in specials:
            found.append((i, specials[text]))
        elif text in expected:
            found.append((i, expected[text]))
        else:
            known = [c.header for c in expected.values()] + list(specials.values())
            close = difflib.get_close_matches(text, [normalise_header(k) for k in known], n=1, cutoff=0.6)
            hint = ""
            if close:
                suggestion = next(k for k in known if normalise_header(k) == close[0])
                hint = f"，是否应为“{suggestion}”？"
            problems.append(Problem(sheet, number, letter, text_of(cell), f"未知的列：票面上没有这一项{hint}"))
    missing = [c.header for key, c in expected.items() if c.required and key not in seen]
    if missing:
        problems.append(Problem(sheet, number, "", "", "缺少列：" + "、".join(missing)))
    return found


def _cell_text(cells: tuple[Any, ...], i: int) -> str:
    return text_of(cells[i]) if i < len(cells) else ""


def _read_paper_row(sheet: str, number: int, cells: tuple[Any, ...], header: list[tuple[int, Any]],
                    groups: tuple[dict[str, str], str], out: PaperBallots, problems: list[Problem]) -> None:
    lookup, allowed = groups
    before = len(problems)
    group = None
    void = False
    marks: dict[str, dict[str, Any]] = {}
    for i, col in header:
        value = _cell_text(cells, i)
        if col == GROUP_COLUMN:
            group = lookup.get(normalise_header(value))
            if group is None:
                reason = "未填投票人类别" if not value else f"没有这个投票人类别（应为：{allowed}）"
                problems.append(Problem(sheet, number, GROUP_COLUMN, value, reason))
            continue
        if col == NUMBER_COLUMN:
            continue
        if col == VOID_COLUMN:
            mark = _mark(value)
            if mark is None:
                problems.append(Problem(sheet, number, VOID_COLUMN, value, "无法识别：整张无效的票填1或√，否则留空"))
            void = bool(mark)
            continue
        assert isinstance(col, PaperColumn)
        answers = marks.setdefault(col.form, {})
        if col.kind in ("candidate", "element"):
            mark = _mark(value)
            if mark is None:
                problems.append(Problem(sheet, number, col.header, value, "无法识别的标记：推荐的填1或√，不推荐的留空"))
            elif mark and col.kind == "candidate":
                answers.setdefault(col.question, {"marks": [], "write_ins": []})["marks"].append(col.candidate)
            elif mark:
                answers.setdefault(col.question, []).append(col.candidate)
        elif col.kind == "grade":
            if not value:
                continue
            grade = GRADE_NUMBERS.get(value) or (GRADE_ALIASES[value].value if value in GRADE_ALIASES else None)
            if grade is None:
                problems.append(Problem(sheet, number, col.header, value,
                                        "不是测评等次：应填优秀、称职、基本称职、不称职、不了解（或1至5），未评的留空"))
            else:
                answers[col.question] = grade
        else:
            names = [n for n in _NAME_SPLIT.split(value) if n]
            if len(set(names)) != len(names):
                problems.append(Problem(sheet, number, col.header, value, "同一人另推了两次"))
            elif names:
                entry = answers.setdefault(col.question, {"marks": [], "write_ins": []})
                entry["write_ins"] = names
    if len(problems) > before or group is None:
        return
    out.rows += 1
    if void:
        out.void[group] += 1
        return
    cleaned = {form: {q: (a if not isinstance(a, dict) else {k: v for k, v in a.items() if v})
                      for q, a in answers.items()} for form, answers in marks.items() if answers}
    out.ballots.append((group, cleaned))


def _mark(value: str) -> bool | None:
    v = value.strip().upper()
    if v in MARKS:
        return True
    if v in NO_MARKS:
        return False
    return None


def paper_turnout(rules: RulesFile, paper: PaperBallots) -> list[dict[str, Any]]:
    """The rules file's turnout with ``returned`` and ``void`` taken from the spreadsheet where the file
    leaves them out. Raises :class:`PaperRejected` when the file states figures the spreadsheet contradicts."""
    returned = paper.returned()
    rows = []
    problems = []
    for r in rules.turnout:
        row = dict(r)
        code = str(row.get("code"))
        name = str(row.get("name") or code)
        if row.get("void") is None:
            row["void"] = paper.void[code]
        elif int(row["void"]) != paper.void[code]:
            problems.append(Problem("", None, VOID_COLUMN, str(row["void"]),
                                    f"计票规则文件写明{name}组整张无效{row['void']}张，录入表中为{paper.void[code]}张"))
        if row.get("returned") is None:
            row["returned"] = returned[code]
        elif int(row["returned"]) != returned[code]:
            problems.append(Problem("", None, GROUP_COLUMN, str(row["returned"]),
                                    f"计票规则文件写明{name}组收回{row['returned']}张，录入表中为{returned[code]}张"))
        rows.append(row)
    if problems:
        raise PaperRejected(problems)
    return rows


def paper_template(forms: Sequence[Mapping[str, Any]], turnout: Sequence[Mapping[str, Any]]) -> bytes:
    """A blank spreadsheet (.xlsx) for typing in paper ballots, with a sheet of instructions (not read)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True, "num_format": "@", "text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(SHEET)
    headers = paper_headers(forms)
    for i, h in enumerate(headers):
        sheet.write_string(0, i, h, bold)
        sheet.set_column(i, i, max(6, min(24, len(h) * 2)), text)
    sheet.freeze_panes(1, 2)
    groups = "、".join(f"{r.get('code')}（{r.get('name')}）" for r in turnout)
    notes = book.add_worksheet("填写说明")
    lines = [
        "每张纸质选票录入一行；空行跳过。本页不读。",
        f"类别：投票人类别代码或名称：{groups}。",
        "推荐：每名候选人一列，推荐的填 1 或 √，不推荐的留空。",
        "超过职数推荐的照实录入：该职位计为无效票，其余职位照常计票。",
        "测评：每名测评对象一列，填优秀、称职、基本称职、不称职、不了解（或 1 至 5），未评的留空。",
        "另推：写另推人选的姓名，多人用顿号隔开。",
        "整张无效：整张作废的选票填 1，计入收回票数，不计入任何职位。",
        "票号：纸质选票上的编号，可不填，只为核对。",
        "任何一行有误，整个文件都不计票，并列出全部问题。",
    ]
    for i, line in enumerate(lines):
        notes.write_string(i, 0, line)
    notes.set_column(0, 0, 110)
    book.close()
    return buffer.getvalue()


# --- counting files --------------------------------------------------------------------------------

def is_json(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[")


def tally_files(rules_data: bytes, ballots_data: bytes, ballots_name: str = "") -> dict[str, Any]:
    """``xuanren tally RULES BALLOTS``: count a session export's ballots or a paper spreadsheet with the
    rules file. Raises :class:`BallotFileError`, :class:`PaperRejected` or :class:`CountError`."""
    rules = read_rules(rules_data)
    trial = bool(rules.session.get("trial", False))
    if is_json(ballots_data):
        export = read_export(ballots_data)
        pairs = [(str(b["group"]), b.get("marks") or {}) for b in export["ballots"]]
        return counting.count_session(rules.rules, rules.forms, rules.turnout, pairs, trial=trial)
    paper = parse_paper(ballots_data, rules.forms, rules.turnout, ballots_name)
    turnout = paper_turnout(rules, paper)
    return counting.count_session(rules.rules, rules.forms, turnout, paper.ballots, trial=trial)


# --- verifying an export ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    """A figure (or part) of the published result that the recomputation does not give."""

    path: str
    label: str
    published: Any
    recomputed: Any

    def __str__(self) -> str:
        return f"{self.label}：公布为 {_show(self.published)}，重新计算为 {_show(self.recomputed)}"


def _show(value: Any) -> str:
    if isinstance(value, Mapping) and set(value) == {"exact", "display"}:
        if value["display"] == value["exact"]:
            return str(value["display"])
        return f"{value['display']}（{value['exact']}）"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "…"


_LABEL_KEYS = ("title", "name", "code", "group")
_FIELD_ZH = {
    "score": "综合得分", "rate": "得票率", "marks": "得票数", "points": "得分", "threshold": "得票门槛",
    "meets": "是否达到门槛", "rank": "名次", "outcome": "职位结果", "valid": "有效", "blank": "空白票",
    "overvoted": "超额推荐无效票", "returned": "收回", "issued": "发出", "entitled": "应到", "weight": "权重",
    "effective": "实际权重", "satisfaction": "满意率", "dissatisfaction": "不满意率", "base": "基数",
    "qualified": "达到门槛人选", "vacant_slots": "空缺职数", "write_ins": "另推人选", "explanation": "说明",
}


def _item_label(item: Any, index: int) -> str:
    if isinstance(item, Mapping):
        parts = [str(item[k]) for k in ("code", "title", "name") if isinstance(item.get(k), str | int) and item[k]]
        if not parts and item.get("group"):
            parts = [str(item["group"])]
        if parts:
            return " ".join(dict.fromkeys(parts))
    return f"第{index + 1}项"


def diff(published: Any, recomputed: Any, path: str = "", label: str = "") -> list[Difference]:
    """Every place where two results differ, named by path and by the titles and names along it."""
    if isinstance(published, Mapping) and isinstance(recomputed, Mapping):
        if set(published) == {"exact", "display"} or set(recomputed) == {"exact", "display"}:
            if published != recomputed:
                return [Difference(path, label, published, recomputed)]
            return []
        out = []
        for key in list(published) + [k for k in recomputed if k not in published]:
            sub = f"{path}.{key}" if path else str(key)
            value = published.get(key, recomputed.get(key))
            if isinstance(value, list) and value and isinstance(value[0], Mapping):
                sub_label = label  # the items name themselves (a post's code and title, a candidate's name)
            else:
                name = _FIELD_ZH.get(str(key), str(key))
                sub_label = f"{label} › {name}" if label else name
            if key not in recomputed or key not in published:
                out.append(Difference(sub, sub_label, published.get(key), recomputed.get(key)))
            else:
                out += diff(published[key], recomputed[key], sub, sub_label)
        return out
    if isinstance(published, list) and isinstance(recomputed, list):
        if len(published) != len(recomputed):
            return [Difference(path, f"{label}（项数）", len(published), len(recomputed))]
        out = []
        for i, (a, b) in enumerate(zip(published, recomputed, strict=True)):
            item = _item_label(a, i)
            out += diff(a, b, f"{path}[{i}]", f"{label} › {item}" if label else item)
        return out
    if published != recomputed:
        return [Difference(path, label, published, recomputed)]
    return []


@dataclass
class Verification:
    """What :func:`verify_export` found: ``ok`` when the published result is what the ballots give."""

    differences: list[Difference] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ballots: int = 0
    ballots_digest: str = ""
    result_digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.differences and not self.problems


def verify_export(data: bytes | str | Mapping[str, Any]) -> Verification:
    """Recompute a published export's result from its ballots and compare, figure by figure.

    Also checks that the ballots are sorted by receipt with no receipt twice, and that the digests the
    export carries are those of its ballots and result (the record of the close holds the same digests).
    """
    export = read_export(data)
    rows = ballot_rows(export["ballots"])
    v = Verification(ballots=len(rows), ballots_digest=ballots_digest(rows))
    receipts = [str(b["receipt"]) for b in export["ballots"]]
    if receipts != sorted(receipts):
        v.problems.append("选票未按回执码排序")
    twice = [r for r, n in Counter(receipts).items() if n > 1]
    if twice:
        v.problems.append(f"回执码重复：{'、'.join(twice[:10])}")
    published = export.get("result")
    v.result_digest = result_digest(published) if published is not None else ""
    digests = export.get("digests") or {}
    if digests.get("ballots") and digests["ballots"] != v.ballots_digest:
        v.problems.append(f"选票摘要不符：文件中为 {digests['ballots']}，按选票计算为 {v.ballots_digest}")
    if digests.get("result") and digests["result"] != v.result_digest:
        v.problems.append(f"结果摘要不符：文件中为 {digests['result']}，按结果计算为 {v.result_digest}")
    session = export.get("session") or {}
    try:
        recomputed = counting.count_session(export.get("rules") or {}, export["forms"], export["turnout"],
                                            [(str(b["group"]), b.get("marks") or {}) for b in rows],
                                            trial=bool(session.get("trial", False)))
    except CountError as exc:
        v.problems.append(f"无法按公布的选票重新计票：{exc}")
        return v
    if published is None:
        v.problems.append("文件中没有公布的计票结果")
        return v
    v.differences = diff(chain.json_value(published), recomputed)
    return v


__all__ = [
    "EXPORT_FORMAT", "RULES_FORMAT", "BallotFileError", "Difference", "PaperBallots", "PaperColumn", "PaperRejected",
    "RulesFile", "Verification", "ballot_rows", "ballots_digest", "build_export", "diff", "export_json", "key_of",
    "paper_columns", "paper_headers", "paper_template", "paper_turnout", "parse_paper", "read_export", "read_rules",
    "result_digest", "session_export", "tally_files", "verify_export",
]
