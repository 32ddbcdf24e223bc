"""Reading a file of written exam scores (笔试成绩) and checking every row of it, and the template to fill in.

Format (.xlsx, sheet ``成绩`` or the only sheet; or CSV in UTF-8 or GB18030/GBK, comma or tab separated):
one header row, then a row per candidate. Columns: {HEADERS}. A row names its candidate by 准考证号
(an exam number entered before) or 身份证号 (either is enough; with both, the exam number is recorded
for the candidate); 姓名 is checked against the register; 职位代码 is needed only for someone who applied
to two posts; 成绩 is a number from 0 to full marks with at most two decimals, or 缺考.

Every problem is reported with its row, column, value and reason (the people import's
:class:`~xuanren.people.importing.Problem`), and the action (:func:`xuanren.scoring.actions.exam.exam_import`)
writes nothing unless there is none. The readers are the people import's (streaming .xlsx with
python-calamine, CSV decoding); :func:`exam_template` writes the workbook with XlsxWriter.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Stage
from xuanren.campaigns.selectors import candidates
from xuanren.people.importing import (
    CellError,
    FileRejected,
    Problem,
    XlsxBook,
    clean_name,
    decode_text,
    normalise_header,
    parse_id_number,
    sniff,
    text_of,
)
from xuanren.people.models import Person
from xuanren.scoring.actions._common import plain, score_settings
from xuanren.scoring.actions.exam import ScoreValue, check_value
from xuanren.scoring.models import ExamScore

SHEET = "成绩"
HELP_SHEET = "填写说明"
HEADERS = ("准考证号", "身份证号", "姓名", "职位代码", "职位名称", "成绩", "备注")
REQUIRED = ("姓名", "成绩")
# Header words of real score sheets, read as ours.
SYNONYMS = {"考号": "准考证号", "准考证": "准考证号", "身份证号码": "身份证号", "公民身份号码": "身份证号",
            "笔试成绩": "成绩", "分数": "成绩", "考试成绩": "成绩", "报考职位代码": "职位代码", "职位": "职位名称",
            "报考职位": "职位名称"}

__doc__ = (__doc__ or "").format(HEADERS="、".join(HEADERS))


@dataclass(frozen=True)
class ExamRow:
    """A good row: whose score it is and what it says."""

    row: int
    application: Application
    value: ScoreValue


class _Problems(list[Problem]):
    def add(self, row: int | None, column: str, value: Any, reason: str) -> None:
        self.append(Problem(SHEET if row is not None else "", row, column, text_of(value), reason))


# --- reading the table -----------------------------------------------------------------------------

def _rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    if sniff(data) == "xlsx":
        book = XlsxBook(data)
        names = {n.strip(): n for n in book.sheets}
        name = names.get(SHEET) or (book.sheets[0] if len(book.sheets) == 1 else None)
        if name is None:
            raise FileRejected(f"工作簿中没有名为“{SHEET}”的工作表（现有：{'、'.join(book.sheets)}）。")
        return book.rows(name)
    text = decode_text(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return (tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _header(rows: Iterator[tuple[Any, ...]], problems: _Problems) -> tuple[int, dict[str, int]] | None:
    """The header row's number and ``{column: index}``; every unknown, repeated or missing column reported."""
    for number, cells in enumerate(rows, start=1):
        if not any(text_of(c) for c in cells):
            continue
        index: dict[str, int] = {}
        for i, cell in enumerate(cells):
            name = normalise_header(cell)
            if not name:
                continue
            name = SYNONYMS.get(name, name)
            if name not in HEADERS:
                close = difflib.get_close_matches(name, HEADERS, n=1, cutoff=0.5)
                hint = f"，是否应为“{close[0]}”？" if close else f"；可用的列：{'、'.join(HEADERS)}"
                problems.add(number, name, "", f"未知的列“{name}”{hint}")
            elif name in index:
                problems.add(number, name, "", "列名重复")
            else:
                index[name] = i
        for name in REQUIRED:
            if name not in index:
                problems.add(number, name, "", f"缺少必填列“{name}”")
        if "准考证号" not in index and "身份证号" not in index:
            problems.add(number, "准考证号", "", "缺少“准考证号”或“身份证号”列（至少要有其一，用来认定考生）")
        return number, index
    return None


# --- checking each row -----------------------------------------------------------------------------

class _Register:
    """The candidates of the exam, found by ID number and by exam number, and why others are not."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.apps = list(candidates(stage.campaign))
        self.by_id: dict[str, list[Application]] = defaultdict(list)
        for a in self.apps:
            self.by_id[a.person.id_number].append(a)
        mine = {a.pk: a for a in self.apps}
        self.number_of: dict[int, str] = {}
        self.by_number: dict[str, Application] = {}
        for app_id, number in ExamScore.objects.filter(stage=stage).exclude(exam_number="").values_list(
                "application_id", "exam_number"):
            self.number_of[app_id] = number
            if app_id in mine:
                self.by_number[number] = mine[app_id]
        self.taken = set(self.number_of.values())

    def why_not(self, id_number: str) -> str:
        """Why someone with this ID number is not a candidate of the exam."""
        person = Person.objects.filter(id_number=id_number).first()
        if person is None:
            return "干部名册中没有这个身份证号的人员"
        apps = list(Application.objects.filter(campaign=self.stage.campaign, person=person).select_related(
            "post", "review"))
        if not apps:
            return f"{person.name}未报名本批次，不是本次考试的考生"
        reasons = []
        for a in apps:
            if a.status != Application.Status.SUBMITTED:
                reasons.append(f"职位{a.post.code}的报名已撤回")
            elif a.post.status != a.post.Status.OPEN:
                reasons.append(f"职位{a.post.code}{a.post.get_status_display()}")
            else:
                reasons.append(f"职位{a.post.code}资格审查未合格")
        return f"{person.name}不是本次考试的考生（{'；'.join(reasons)}）"


def _id_cell(raw: Any, today: Any, problems: _Problems, n: int) -> str | None:
    if not text_of(raw):
        return None
    try:
        return parse_id_number(raw, today)
    except CellError as exc:
        problems.add(n, "身份证号", raw, str(exc))
        return None


def _exam_number(raw: Any) -> str:
    text = text_of(raw)
    return text[:-2] if isinstance(raw, float) and text.endswith(".0") else text


def _choose(reg: _Register, apps: list[Application], code: str, n: int, problems: _Problems) -> Application | None:
    """The application the row is for, among one person's: by post code when given or needed."""
    if code:
        found = [a for a in apps if a.post.code == code]
        if not found:
            problems.add(n, "职位代码", code, f"{apps[0].person.name}不是职位{code}的考生（所报职位："
                         f"{'、'.join(a.post.code for a in apps)}）")
            return None
        return found[0]
    if len(apps) > 1:
        problems.add(n, "职位代码", "", f"{apps[0].person.name}报考了{len(apps)}个职位（"
                     f"{'、'.join(a.post.code for a in apps)}），请填写职位代码")
        return None
    return apps[0]


def _who(reg: _Register, raw: dict[str, Any], n: int, problems: _Problems, today: Any) -> Application | None:
    number = _exam_number(raw.get("准考证号"))
    id_number = _id_cell(raw.get("身份证号"), today, problems, n)
    code = text_of(raw.get("职位代码"))
    if id_number is None and not text_of(raw.get("身份证号")) and not number:
        problems.add(n, "准考证号", "", "准考证号和身份证号都没有填写，无法认定考生")
        return None
    if id_number is not None:
        apps = reg.by_id.get(id_number, [])
        if not apps:
            problems.add(n, "身份证号", id_number, reg.why_not(id_number))
            return None
        app = _choose(reg, apps, code, n, problems)
        if app is not None and number and reg.by_number.get(number, app).pk != app.pk:
            other = reg.by_number[number]
            problems.add(n, "准考证号", number, f"准考证号已属于{other.person.name}（职位{other.post.code}）")
            return None
        if app is not None and number and number not in reg.by_number and number in reg.taken:
            problems.add(n, "准考证号", number, "准考证号已被他人使用")
            return None
        return app
    if not number:
        return None  # the ID number cell was bad, and reported
    app = reg.by_number.get(number)
    if app is None:
        problems.add(n, "准考证号", number, "没有这个准考证号的考生（首次导入时请同时填写身份证号，以登记准考证号）")
        return None
    if code and app.post.code != code:
        problems.add(n, "职位代码", code, f"准考证号{number}是{app.person.name}报考职位{app.post.code}的")
        return None
    return app


def parse_exam_file(data: bytes, stage: Stage) -> tuple[list[ExamRow], list[Problem]]:
    """Read and check a score file against ``stage``'s candidates and the register; writes nothing.

    Problems: a file that cannot be read, unknown, repeated or missing columns, an unknown candidate
    (not in the register, not applied, not eligible), a person of two posts without the post code, a name
    that does not match the register, a score that is empty, not a number, negative, above full marks or
    with more than two decimals, the same candidate or exam number on two rows, an exam number of someone else.
    """
    problems = _Problems()
    try:
        rows = _rows(data)
        header = _header(rows, problems)
        if header is None:
            problems.add(None, "", "", "文件中没有内容")
            return [], problems
        if problems:
            return [], problems
        header_row, index = header
        table = []
        for n, cells in enumerate(rows, start=header_row + 1):
            values = {h: (cells[i] if i < len(cells) else None) for h, i in index.items()}
            if any(text_of(v) for v in values.values()):
                table.append((n, values))
    except (FileRejected, csv.Error) as exc:
        return [], [Problem("", None, "", "", str(exc))]
    if not table:
        problems.add(None, "", "", "文件只有表头，没有成绩数据")
        return [], problems
    reg = _Register(stage)
    today = timezone.localdate()
    out: list[ExamRow] = []
    seen: dict[int, int] = {}
    numbers: dict[str, int] = {}
    for n, raw in table:
        before = len(problems)
        app = _who(reg, raw, n, problems, today)
        name = clean_name(text_of(raw.get("姓名")))
        if app is not None and name != app.person.name:
            problems.add(n, "姓名", raw.get("姓名"), f"姓名与干部名册不符（名册中为“{app.person.name}”）"
                         if name else "姓名为空")
        value = _value(stage, raw, n, problems)
        exam_number = _exam_number(raw.get("准考证号"))
        if app is not None:
            if app.pk in seen:
                problems.add(n, "姓名", name, f"与第{seen[app.pk]}行重复（同一考生、同一职位）")
            else:
                seen[app.pk] = n
        if exam_number:
            if exam_number in numbers:
                problems.add(n, "准考证号", exam_number, f"准考证号与第{numbers[exam_number]}行重复")
            else:
                numbers[exam_number] = n
        if len(problems) == before and app is not None and value is not None:
            out.append(ExamRow(n, app, ScoreValue(value.score, value.absent, exam_number)))
    problems.sort(key=lambda p: p.row or 0)
    return out, problems


def _value(stage: Stage, raw: dict[str, Any], n: int, problems: _Problems) -> ScoreValue | None:
    cell = raw.get("成绩")
    if not text_of(cell):
        problems.add(n, "成绩", "", "成绩为空（缺考请填“缺考”）")
        return None
    try:
        return check_value(stage, cell, False)
    except CampaignError as exc:
        problems.add(n, "成绩", cell, str(exc))
        return None


# --- the template ----------------------------------------------------------------------------------

def exam_template(stage: Stage) -> bytes:
    """A workbook listing every candidate of the exam (准考证号 and 成绩 as entered so far), to fill in and
    import, with a 填写说明 sheet. ID numbers are text cells so that no digit is lost."""
    import xlsxwriter

    entered = {s.application_id: s for s in ExamScore.objects.filter(stage=stage)}
    full = score_settings(stage).full_marks
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(SHEET)
    headers = ("准考证号", "身份证号", "姓名", "职位代码", "职位名称", "成绩")
    for col, (h, width) in enumerate(zip(headers, (14, 22, 10, 10, 24, 10), strict=True)):
        sheet.write_string(0, col, h, bold)
        sheet.set_column(col, col, width, text if h != "成绩" else None)
    for r, a in enumerate(candidates(stage.campaign), start=1):
        s = entered.get(a.pk)
        sheet.write_string(r, 0, s.exam_number if s else "", text)
        sheet.write_string(r, 1, a.person.id_number, text)
        sheet.write_string(r, 2, a.person.name, text)
        sheet.write_string(r, 3, a.post.code, text)
        sheet.write_string(r, 4, a.post.title, text)
        if s is not None and s.absent:
            sheet.write_string(r, 5, "缺考")
        elif s is not None and s.score is not None:
            sheet.write_number(r, 5, float(s.score))
    sheet.freeze_panes(1, 0)
    help_sheet = book.add_worksheet(HELP_SHEET)
    help_sheet.set_column(0, 0, 14)
    help_sheet.set_column(1, 1, 100)
    lines = [
        ("列", "填写说明"),
        ("准考证号", "可选；首次导入时与身份证号一起填写即登记，此后可只凭准考证号认定考生。"),
        ("身份证号", "与准考证号至少填一项；请保持文本格式。"),
        ("姓名", "必填，须与干部名册一致。"),
        ("职位代码", "同一人报考两个职位时必填。"),
        ("职位名称", "仅供核对，导入时不读取。"),
        ("成绩", f"必填：0至{plain(full)}的数，最多两位小数；未参加考试填“缺考”（缺考不是0分）。"),
        ("全有或全无", "先检查全部行，只要有一个问题就不录入任何成绩，并逐行列出问题。"),
    ]
    for r, (left, right) in enumerate(lines):
        help_sheet.write_string(r, 0, left, bold if r == 0 else None)
        help_sheet.write_string(r, 1, right, bold if r == 0 else None)
    book.close()
    return buffer.getvalue()
