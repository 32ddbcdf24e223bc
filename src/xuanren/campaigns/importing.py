"""Importing a campaign (its settings and posts with their conditions) and applications from workbooks.

Both imports are all or nothing, like the people register's (:mod:`xuanren.people.actions`): every row
is checked first, every problem is reported with its sheet, row, column and reason in Chinese, and
unless the whole file is clean nothing is written. A clean file is written in one transaction with one
record event. The readers are those of the people import (:mod:`xuanren.people.importing`: streaming
.xlsx, CSV in UTF-8/GB18030, dates in the usual Chinese spellings).

Campaign workbook (.xlsx): sheet ``批次`` — a header row and one row: {CAMPAIGN_HEADERS}; sheet
``职位`` — a header row and a row per post: {POST_HEADERS}. Applications (.xlsx with sheet ``报名``, or
CSV): {APPLICATION_HEADERS}. :func:`campaign_template` and :func:`applications_template` write empty
workbooks with these headers and a sheet ``填写说明`` of the words each column accepts.

Times without a clock (a date alone) read as 00:00 for 报名开始 and as 23:59 for the deadlines, in the
campaign's time zone (Asia/Shanghai).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from xuanren.campaigns.actions._common import (
    deadline_of,
    lock_campaign,
    require,
    require_announced,
    require_applications_open_to_change,
    zh_instant,
)
from xuanren.campaigns.actions.campaigns import _make_stages, _stage_specs, campaign_stages_summary
from xuanren.campaigns.conditions import conditions_from_json, conditions_to_json
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Application, Campaign, Method, Post, Review
from xuanren.campaigns.presets import TEMPLATES
from xuanren.people import columns as people_columns
from xuanren.people.actions import ImportRejected, check_size
from xuanren.people.importing import (
    CellError,
    FileRejected,
    Problem,
    XlsxBook,
    decode_text,
    normalise_header,
    parse_date,
    parse_id_number,
    sniff,
    text_of,
)
from xuanren.people.models import Person, Unit
from xuanren.record.actions import record_event
from xuanren.rules.eligibility import levels_at_or_above, ranks_at_or_above, validate_slots
from xuanren.rules.errors import RuleError
from xuanren.rules.ranks import LEVELS, RANKS

CAMPAIGN_SHEET = "批次"
POSTS_SHEET = "职位"
APPLICATIONS_SHEET = "报名"
HELP_SHEET = "填写说明"

CAMPAIGN_HEADERS = ("名称", "单位", "选拔方式", "模板", "报名开始", "报名截止", "撤回截止", "资格计算基准日",
                    "每人最多报名职位数", "每职位最少合格人数")
CAMPAIGN_REQUIRED = ("名称", "单位", "模板", "报名截止")
POST_HEADERS = ("职位代码", "部门", "职位名称", "职务层次/职级", "职数", "可报名的职务层次", "可报名的职级",
                "任职年限", "最低年龄", "最高年龄", "最低学历", "全日制", "近N年考核", "考核最低等次", "无处分",
                "须为党员", "其他条件")
POST_REQUIRED = ("职位代码", "部门", "职位名称", "职务层次/职级", "职数")
APPLICATION_HEADERS = ("身份证号", "职位代码", "报名方式", "推荐人身份证号", "推荐人说明", "志愿顺序")
APPLICATION_REQUIRED = ("身份证号", "职位代码")

__doc__ = (__doc__ or "").format(CAMPAIGN_HEADERS="、".join(CAMPAIGN_HEADERS), POST_HEADERS="、".join(POST_HEADERS),
                                 APPLICATION_HEADERS="、".join(APPLICATION_HEADERS))

METHOD_WORDS = {str(m.label): m.value for m in Method} | {m.value: m.value for m in Method}
TEMPLATE_WORDS = {t.code: t.code for t in TEMPLATES.values()} | {t.name: t.code for t in TEMPLATES.values()}
LEVEL_WORDS = {lv.name: lv.code for lv in LEVELS} | {lv.short: lv.code for lv in LEVELS} | {
    lv.code: lv.code for lv in LEVELS}
RANK_WORDS = {r.name: r.code for r in RANKS} | {r.code: r.code for r in RANKS}
EDUCATION_WORDS = {v: k for k, v in people_columns.EDUCATION_LABELS.items()} | dict(people_columns.EDUCATION_ALIASES)
APPRAISAL_WORDS = {"优秀": "excellent", "称职": "competent", "基本称职": "basic", "合格": "competent",
                   "基本合格": "basic"}
SOURCE_WORDS = {str(s.label): s.value for s in Application.Source} | {
    "自荐": "self", "个人报名": "self", "群众": "mass", "组织": "organisation", "党组推荐": "organisation",
    "党委推荐": "organisation"} | {s.value: s.value for s in Application.Source}
YES = {"是", "需要", "要求", "√", "Y", "y", "1", "TRUE", "true"}
NO = {"否", "不需要", "不要求", "", "N", "n", "0", "FALSE", "false"}
_SPLIT = re.compile(r"[、，,；;/\n]+")
_AT_OR_ABOVE = re.compile(r"^(.+?)(?:及以上|以上)$")


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, sheet: str, row: int | None, column: str, value: Any, reason: str) -> None:
        self.items.append(Problem(sheet, row, column, text_of(value), reason))

    def __bool__(self) -> bool:
        return bool(self.items)


# --- reading tables --------------------------------------------------------------------------------

Row = tuple[int, dict[str, Any]]


def _table(rows: Iterator[tuple[Any, ...]], sheet: str, headers: Sequence[str], required: Sequence[str],
           problems: _Problems) -> list[Row]:
    """The data rows of a sheet as ``(row number, {header: raw value})``; header problems reported."""
    header_row: tuple[Any, ...] | None = None
    number = 0
    for number, cells in enumerate(rows, start=1):  # noqa: B007
        if any(text_of(c) for c in cells):
            header_row = cells
            break
    if header_row is None:
        problems.add(sheet, None, "", "", f"工作表“{sheet}”是空的")
        return []
    index: dict[str, int] = {}
    for i, cell in enumerate(header_row):
        name = normalise_header(cell)
        if not name:
            continue
        if name not in headers:
            problems.add(sheet, number, name, "", f"未知的列“{name}”，应为：{'、'.join(headers)}")
        elif name in index:
            problems.add(sheet, number, name, "", "列名重复")
        else:
            index[name] = i
    for name in required:
        if name not in index:
            problems.add(sheet, number, name, "", f"缺少必填列“{name}”")
    if problems:
        return []
    out: list[Row] = []
    for n, cells in enumerate(rows, start=number + 1):
        values = {h: (cells[i] if i < len(cells) else None) for h, i in index.items()}
        if any(text_of(v) for v in values.values()):
            out.append((n, values))
    return out


def _book(data: bytes) -> XlsxBook:
    if sniff(data) != "xlsx":
        raise FileRejected("竞聘批次须用 Excel (.xlsx) 工作簿导入（含“批次”和“职位”两个工作表）。")
    return XlsxBook(data)


def _sheet(book: XlsxBook, name: str) -> Iterator[tuple[Any, ...]]:
    stripped = {n.strip(): n for n in book.sheets}
    if name not in stripped:
        raise FileRejected(f"工作簿中没有名为“{name}”的工作表（现有：{'、'.join(book.sheets)}）。")
    return book.rows(stripped[name])


# --- cell readers (each raises CellError with the reason) -------------------------------------------

def _text(value: Any) -> str:
    return text_of(value)


def _required(value: Any) -> str:
    text = text_of(value)
    if not text:
        raise CellError("必填项为空")
    return text


def _int(value: Any, *, minimum: int = 0) -> int | None:
    text = text_of(value)
    if not text:
        return None
    if isinstance(value, float) and not value.is_integer():
        raise CellError("应为整数")
    try:
        n = int(text.removesuffix("年").removesuffix("岁").removesuffix("个").removesuffix("人"))
    except ValueError:
        raise CellError("应为整数") from None
    if n < minimum:
        raise CellError(f"应不小于{minimum}")
    return n


def _yes(value: Any) -> bool:
    text = text_of(value)
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError("应为“是”或“否”")


def _word(value: Any, words: Mapping[str, str], what: str) -> str | None:
    text = re.sub(r"\s+", "", text_of(value))
    if not text:
        return None
    if text not in words:
        allowed = "、".join(dict.fromkeys(k for k in words if not k.isascii()))
        raise CellError(f"不是有效的{what}，应为：{allowed}")
    return words[text]


def _codes(value: Any, words: Mapping[str, str], at_or_above: Any, what: str) -> list[str]:
    """``县处级副职及以上`` or ``正科、副科`` → codes."""
    out: set[str] = set()
    for part in (p.strip() for p in _SPLIT.split(text_of(value)) if p.strip()):
        m = _AT_OR_ABOVE.match(part)
        word = m.group(1) if m else part
        code = _word(word, words, what)
        if code is None:
            continue
        out |= set(at_or_above(code)) if m else {code}
    return sorted(out)


def _instant(value: Any, zone: zoneinfo.ZoneInfo, *, end_of_day: bool) -> dt.datetime | None:
    if value is None or not text_of(value):
        return None
    if isinstance(value, dt.datetime):
        naive = value
    else:
        text = text_of(value)
        m = re.match(r"^(.*?)[ T]+(\d{1,2})[:：](\d{2})(?::\d{2})?$", text)
        if m:
            day = parse_date(m.group(1))
            naive = dt.datetime(day.year, day.month, day.day, int(m.group(2)), int(m.group(3)))  # noqa: DTZ001
        else:
            day = parse_date(value)
            naive = dt.datetime.combine(day, dt.time(23, 59) if end_of_day else dt.time())
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=zone)


def _date(value: Any) -> dt.date | None:
    return parse_date(value) if value is not None and text_of(value) else None


# --- the campaign workbook -------------------------------------------------------------------------

@dataclass
class PostRow:
    row: int
    code: str
    department: Unit
    title: str
    level: str
    slots: int
    conditions: dict[str, Any]


@dataclass
class CampaignFile:
    values: dict[str, Any] = field(default_factory=dict)
    posts: list[PostRow] = field(default_factory=list)
    problems: _Problems = field(default_factory=_Problems)


def _cell(problems: _Problems, sheet: str, row: int, column: str, raw: Any, read: Any) -> Any:
    try:
        return read(raw)
    except CellError as exc:
        problems.add(sheet, row, column, raw, str(exc))
        return None


def _unit(path: str) -> Unit | None:
    parts = [p.strip() for p in re.split(r"[/／\\]", path) if p.strip()]
    unit: Unit | None = None
    for name in parts:
        unit = Unit.objects.filter(parent=unit, name=name).first()
        if unit is None:
            return None
    return unit


def _department(unit: Unit, text: str) -> Unit | None:
    parts = [p.strip() for p in re.split(r"[/／\\]", text) if p.strip()]
    if parts and parts[0] == unit.name:
        parts = parts[1:]
    node: Unit | None = unit
    for name in parts:
        node = Unit.objects.filter(parent=node, name=name).first()
        if node is None:
            return _unit(text)
    return node


def parse_campaign_file(data: bytes) -> CampaignFile:
    """Read and check a campaign workbook against the register (units, departments); writes nothing."""
    out = CampaignFile()
    p = out.problems
    try:
        book = _book(data)
        head = _table(_sheet(book, CAMPAIGN_SHEET), CAMPAIGN_SHEET, CAMPAIGN_HEADERS, CAMPAIGN_REQUIRED, p)
        posts = _table(_sheet(book, POSTS_SHEET), POSTS_SHEET, POST_HEADERS, POST_REQUIRED, p)
    except FileRejected as exc:
        p.add("", None, "", "", str(exc))
        return out
    if p:
        return out
    if len(head) != 1:
        p.add(CAMPAIGN_SHEET, None, "", "", f"“{CAMPAIGN_SHEET}”工作表应恰有一行数据（表头下一行），实有{len(head)}行")
        return out
    _read_campaign(head[0], out)
    unit = out.values.get("unit")
    if not posts:
        p.add(POSTS_SHEET, None, "", "", "没有职位")
    seen: dict[str, int] = {}
    for row in posts:
        post = _read_post(row, unit, out.problems)
        if post is None:
            continue
        if post.code in seen:
            p.add(POSTS_SHEET, post.row, "职位代码", post.code, f"与第{seen[post.code]}行的职位代码重复")
            continue
        seen[post.code] = post.row
        out.posts.append(post)
    return out


def _read_campaign(row: Row, out: CampaignFile) -> None:
    n, raw = row
    p, s = out.problems, CAMPAIGN_SHEET
    v = out.values
    v["name"] = _cell(p, s, n, "名称", raw.get("名称"), _required)
    unit_text = _cell(p, s, n, "单位", raw.get("单位"), _required)
    if unit_text:
        v["unit"] = _unit(unit_text)
        if v["unit"] is None:
            p.add(s, n, "单位", unit_text, "干部名册中没有这个单位，请先导入名册或核对名称")
    v["template"] = _cell(p, s, n, "模板", raw.get("模板"), lambda x: _word(_required(x), TEMPLATE_WORDS, "模板"))
    v["method"] = _cell(p, s, n, "选拔方式", raw.get("选拔方式"), lambda x: _word(x, METHOD_WORDS, "选拔方式"))
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    for header, key, end in (("报名开始", "apply_from", False), ("报名截止", "apply_until", True),
                             ("撤回截止", "withdraw_until", True)):
        v[key] = _cell(p, s, n, header, raw.get(header), lambda x, end=end: _instant(x, zone, end_of_day=end))
    if "报名截止" in raw and v.get("apply_until") is None and text_of(raw.get("报名截止")) == "":
        p.add(s, n, "报名截止", "", "必填项为空")
    if v.get("apply_from") and v.get("apply_until") and v["apply_from"] >= v["apply_until"]:
        p.add(s, n, "报名截止", raw.get("报名截止"), "应晚于报名开始时间")
    v["reference_date"] = _cell(p, s, n, "资格计算基准日", raw.get("资格计算基准日"), _date)
    v["posts_per_applicant"] = _cell(p, s, n, "每人最多报名职位数", raw.get("每人最多报名职位数"),
                                     lambda x: _int(x, minimum=1)) or 2
    v["min_qualified"] = _cell(p, s, n, "每职位最少合格人数", raw.get("每职位最少合格人数"),
                               lambda x: _int(x, minimum=1)) or 2


def _read_post(row: Row, unit: Unit | None, p: _Problems) -> PostRow | None:
    n, raw = row
    s = POSTS_SHEET
    before = len(p.items)
    code = _cell(p, s, n, "职位代码", raw.get("职位代码"), _required)
    dept_text = _cell(p, s, n, "部门", raw.get("部门"), _required)
    department = _department(unit, dept_text) if unit is not None and dept_text else None
    if unit is not None and dept_text and department is None:
        p.add(s, n, "部门", dept_text, f"“{unit.name}”下没有这个部门")
    title = _cell(p, s, n, "职位名称", raw.get("职位名称"), _required)
    level = _cell(p, s, n, "职务层次/职级", raw.get("职务层次/职级"),
                  lambda x: _word(_required(x), LEVEL_WORDS | RANK_WORDS, "职务层次或职级"))
    slots = _cell(p, s, n, "职数", raw.get("职数"), lambda x: _int(_required(x)))
    if slots is not None:
        try:
            validate_slots(slots)
        except RuleError as exc:
            p.add(s, n, "职数", raw.get("职数"), exc.message.text())
    c: dict[str, Any] = {}
    c["qualifying_levels"] = _cell(p, s, n, "可报名的职务层次", raw.get("可报名的职务层次"),
                                   lambda x: _codes(x, LEVEL_WORDS, levels_at_or_above, "职务层次")) or []
    c["qualifying_ranks"] = _cell(p, s, n, "可报名的职级", raw.get("可报名的职级"),
                                  lambda x: _codes(x, RANK_WORDS, ranks_at_or_above, "职级")) or []
    for header, key in (("任职年限", "min_years"), ("最低年龄", "min_age"), ("最高年龄", "max_age")):
        c[key] = _cell(p, s, n, header, raw.get(header), _int)
    c["min_education"] = _cell(p, s, n, "最低学历", raw.get("最低学历"), lambda x: _word(x, EDUCATION_WORDS, "学历"))
    c["full_time_required"] = bool(_cell(p, s, n, "全日制", raw.get("全日制"), _yes))
    c["appraisal_years"] = _cell(p, s, n, "近N年考核", raw.get("近N年考核"), _int) or 0
    c["appraisal_min"] = _cell(p, s, n, "考核最低等次", raw.get("考核最低等次"),
                               lambda x: _word(x, APPRAISAL_WORDS, "考核等次")) or "competent"
    c["no_discipline_in_force"] = bool(_cell(p, s, n, "无处分", raw.get("无处分"), _yes))
    c["party_member_required"] = bool(_cell(p, s, n, "须为党员", raw.get("须为党员"), _yes))
    c["free_text"] = [t.strip() for t in re.split(r"[；;\n]+", text_of(raw.get("其他条件"))) if t.strip()]
    if len(p.items) != before:
        return None
    try:
        stored = conditions_to_json(conditions_from_json({k: v for k, v in c.items() if v is not None}))
    except CampaignError as exc:
        p.add(s, n, "资格条件", "", str(exc))
        return None
    assert department is not None
    return PostRow(n, code, department, title, level, slots, stored)


@dataclass(frozen=True)
class CampaignImportResult:
    campaign: Campaign
    posts: int
    sha256: str
    event_seq: int

    def lines(self) -> list[str]:
        return [f"已新建竞聘批次“{self.campaign.name}”（编号{self.campaign.pk}，草稿），职位{self.posts}个。",
                f"已记入全程记实（第 {self.event_seq} 号事件）。"]


def campaign_import(*, actor: Any, data: bytes, filename: str) -> CampaignImportResult:
    """Create a draft campaign with its stages (from the file's template) and posts, all or nothing.

    Raises :class:`~xuanren.people.actions.ImportRejected` with every problem (nothing written).
    Recorded as one ``campaigns.import`` event.
    """
    require(actor, "campaigns.change")
    check_size(len(data), filename=filename)
    parsed = parse_campaign_file(data)
    if parsed.problems:
        raise ImportRejected(parsed.problems.items, filename=filename)
    v = parsed.values
    template = TEMPLATES[v["template"]]
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        campaign = Campaign(name=v["name"], unit=v["unit"], method=v["method"] or template.method,
                            template=template.code, apply_from=v["apply_from"], apply_until=v["apply_until"],
                            withdraw_until=v["withdraw_until"], reference_date=v["reference_date"],
                            posts_per_applicant=v["posts_per_applicant"], min_qualified=v["min_qualified"],
                            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        campaign.full_clean()
        campaign.save()
        _make_stages(campaign, _stage_specs(template.stages))
        posts = [Post(campaign=campaign, code=r.code, department=r.department, title=r.title, level=r.level,
                      slots=r.slots, conditions=r.conditions, order=i) for i, r in enumerate(parsed.posts, start=1)]
        Post.objects.bulk_create(posts)
        event = record_event(actor=actor, action="campaigns.import", obj=campaign,
                             after={"campaign": campaign.pk, "posts": [(p.code, p.conditions) for p in posts]},
                             details={"file": filename, "sha256": sha256, "posts": len(posts),
                                      "template": template.code, "stages": campaign_stages_summary(campaign)})
    return CampaignImportResult(campaign=campaign, posts=len(posts), sha256=sha256, event_seq=event.seq)


# --- the applications file -------------------------------------------------------------------------

@dataclass
class AppRow:
    row: int
    person: Person
    post: Post
    source: str
    nominator: Person | None
    nominator_note: str
    preference: int | None


@dataclass(frozen=True)
class ApplicationsImportResult:
    rows: int
    created: int
    reactivated: int
    sha256: str
    event_seq: int

    def lines(self) -> list[str]:
        return [f"共 {self.rows} 条报名：新增 {self.created} 条，恢复已撤回的 {self.reactivated} 条。",
                f"已记入全程记实（第 {self.event_seq} 号事件）。"]


def _application_rows(data: bytes, problems: _Problems) -> list[Row]:
    try:
        if sniff(data) == "xlsx":
            book = XlsxBook(data)
            names = {n.strip(): n for n in book.sheets}
            name = names.get(APPLICATIONS_SHEET) or (next(iter(book.sheets)) if len(book.sheets) == 1 else None)
            if name is None:
                raise FileRejected(f"工作簿中没有名为“{APPLICATIONS_SHEET}”的工作表"
                                   f"（现有：{'、'.join(book.sheets)}）。")
            rows: Iterator[tuple[Any, ...]] = book.rows(name)
        else:
            text = decode_text(data)
            rows = (tuple(r) for r in csv.reader(io.StringIO(text, newline="")))
        return _table(rows, APPLICATIONS_SHEET, APPLICATION_HEADERS, APPLICATION_REQUIRED, problems)
    except (FileRejected, csv.Error) as exc:
        problems.add("", None, "", "", str(exc))
        return []


def parse_applications_file(data: bytes, campaign: Campaign, *, now: dt.datetime) -> tuple[list[AppRow], _Problems]:
    """Read and check an applications file against the campaign and the register; writes nothing.

    Besides each cell: unknown people and post codes, the same person twice for a post, a post already
    applied for, the campaign's limit of posts per person counting the file and the applications already
    made, preferences repeated, nominations without a nominator, and the deadline of each post.
    """
    problems = _Problems()
    s = APPLICATIONS_SHEET
    rows = _application_rows(data, problems)
    if not rows and not problems:
        problems.add(s, None, "", "", "文件中没有报名数据")
    today = timezone.localdate(now)
    ids: dict[int, tuple[str | None, str | None]] = {}
    for n, raw in rows:
        ids[n] = (_cell(problems, s, n, "身份证号", raw.get("身份证号"), lambda x: parse_id_number(x, today)),
                  _cell(problems, s, n, "推荐人身份证号", raw.get("推荐人身份证号"),
                        lambda x: parse_id_number(x, today) if text_of(x) else None))
    wanted = {i for pair in ids.values() for i in pair if i}
    people = {p.id_number: p for p in Person.objects.filter(id_number__in=wanted)}
    posts = {p.code: p for p in Post.objects.filter(campaign=campaign).select_related("merged_into")}
    existing = list(Application.objects.filter(campaign=campaign).select_related("post"))
    active: dict[int, list[Application]] = defaultdict(list)
    any_app: dict[tuple[int, int], Application] = {}
    for a in existing:
        any_app[(a.person_id, a.post_id)] = a
        if a.status == Application.Status.SUBMITTED:
            active[a.person_id].append(a)
    out: list[AppRow] = []
    seen: dict[tuple[int, int], int] = {}
    for n, raw in rows:
        before = len(problems.items)
        id_number, nominator_id = ids[n]
        person = people.get(id_number) if id_number else None
        if id_number and person is None:
            problems.add(s, n, "身份证号", id_number, "干部名册中没有这个身份证号的人员")
        code = _cell(problems, s, n, "职位代码", raw.get("职位代码"), _required)
        post = posts.get(code) if code else None
        if code and post is None:
            problems.add(s, n, "职位代码", code, f"本批次没有职位代码“{code}”（现有：{'、'.join(posts)}）")
        elif post is not None and post.status != Post.Status.OPEN:
            problems.add(s, n, "职位代码", code, f"职位{code}已{post.get_status_display().removeprefix('已')}")
        elif post is not None:
            deadline = deadline_of(post, campaign)
            if deadline is not None and now > deadline:
                problems.add(s, n, "职位代码", code, f"报名已于{zh_instant(campaign, deadline)}截止")
        source = _cell(problems, s, n, "报名方式", raw.get("报名方式"),
                       lambda x: _word(x, SOURCE_WORDS, "报名方式")) or Application.Source.SELF
        nominator = people.get(nominator_id) if nominator_id else None
        if nominator_id and nominator is None:
            problems.add(s, n, "推荐人身份证号", nominator_id, "干部名册中没有这个身份证号的人员")
        note = text_of(raw.get("推荐人说明"))
        if source == Application.Source.SELF and (nominator_id or note):
            problems.add(s, n, "报名方式", raw.get("报名方式"), "个人自荐不填推荐人")
        if source != Application.Source.SELF and not (nominator_id or note):
            problems.add(s, n, "推荐人身份证号", "", "推荐须写明推荐人（首提责任制）")
        if nominator is not None and person is not None and nominator.pk == person.pk:
            problems.add(s, n, "推荐人身份证号", nominator_id, "推荐人不能是被推荐人本人")
        preference = _cell(problems, s, n, "志愿顺序", raw.get("志愿顺序"), lambda x: _int(x, minimum=1))
        if preference is not None and preference > campaign.posts_per_applicant:
            problems.add(s, n, "志愿顺序", raw.get("志愿顺序"), f"志愿顺序应为1至{campaign.posts_per_applicant}")
        if person is not None and post is not None:
            key = (person.pk, post.pk)
            if key in seen:
                problems.add(s, n, "职位代码", code, f"与第{seen[key]}行重复（同一人报名同一职位）")
            else:
                seen[key] = n
                earlier = any_app.get(key)
                if earlier is not None and earlier.status == Application.Status.SUBMITTED:
                    problems.add(s, n, "职位代码", code, f"{person.name}已报名职位{code}，不能重复报名")
        if len(problems.items) == before and person is not None and post is not None:
            out.append(AppRow(n, person, post, source, nominator, note, preference))
    # Across the file: the limit of posts per person and the order of preference.
    by_person: dict[int, list[AppRow]] = defaultdict(list)
    for r in out:
        by_person[r.person.pk].append(r)
    limit = campaign.posts_per_applicant
    for pk, mine in by_person.items():
        held = [a for a in active[pk] if a.post_id not in {r.post.pk for r in mine}]
        total = len(held) + len(mine)
        if total > limit:
            names = "、".join([a.post.code for a in held] + [r.post.code for r in mine])
            for r in mine:
                problems.add(s, r.row, "职位代码", r.post.code,
                             f"每人最多报名{limit}个职位，{r.person.name}共{total}个（{names}）")
        prefs = Counter([a.preference for a in held if a.preference] + [r.preference for r in mine if r.preference])
        for r in mine:
            if r.preference and prefs[r.preference] > 1:
                problems.add(s, r.row, "志愿顺序", r.preference, f"{r.person.name}的第{r.preference}志愿重复")
    problems.items.sort(key=lambda p: p.row or 0)
    return out, problems


def applications_import(*, actor: Any, campaign: Campaign, data: bytes, filename: str,
                        now: dt.datetime | None = None) -> ApplicationsImportResult:
    """Enter the applications and nominations of a file for ``campaign``, all or nothing.

    Needs ``applications.enter``. Raises :class:`~xuanren.people.actions.ImportRejected` with every
    problem; nothing is written then. Recorded as one ``applications.import`` event.
    """
    require(actor, "applications.enter")
    now = now or timezone.now()
    check_size(len(data), filename=filename)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = lock_campaign(campaign)
        try:
            require_announced(locked)
            require_applications_open_to_change(locked)
        except CampaignError as exc:
            raise ImportRejected([Problem("", None, "", "", str(exc))], filename=filename) from None
        rows, problems = parse_applications_file(data, locked, now=now)
        if problems:
            raise ImportRejected(problems.items, filename=filename)
        existing = {(a.person_id, a.post_id): a for a in Application.objects.filter(campaign=locked)}
        new: list[Application] = []
        again: list[Application] = []
        for r in rows:
            a = existing.get((r.person.pk, r.post.pk)) or Application(campaign=locked, post=r.post, person=r.person)
            a.source, a.nominator, a.nominator_note = r.source, r.nominator, r.nominator_note
            a.preference = r.preference
            a.status, a.submitted_at, a.withdrawn_at = Application.Status.SUBMITTED, now, None
            (again if a.pk else new).append(a)
        Application.objects.bulk_create(new)
        for a in again:
            a.save()
        Review.objects.filter(application__in=again).delete()
        event = record_event(actor=actor, action="applications.import", obj=locked,
                             after=[(a.person_id, a.post_id, a.source, a.preference) for a in new + again],
                             details={"file": filename, "sha256": sha256, "rows": len(rows), "created": len(new),
                                      "reactivated": len(again)})
    return ApplicationsImportResult(rows=len(rows), created=len(new), reactivated=len(again), sha256=sha256,
                                    event_seq=event.seq)


# --- blank templates -------------------------------------------------------------------------------

def _workbook(sheets: Mapping[str, Sequence[str]], help_rows: Sequence[tuple[str, str]]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, headers in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.number_format = "@"
        for i, _h in enumerate(headers, start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = 16
            # Text format for the whole column, so ID numbers keep every digit.
            for row in range(2, 502):
                ws.cell(row=row, column=i).number_format = "@"
    ws = wb.create_sheet(HELP_SHEET)
    ws.append(["列", "填写说明"])
    for line in help_rows:
        ws.append(list(line))
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def campaign_template() -> bytes:
    """An empty campaign workbook (批次, 职位) with a 填写说明 sheet, for the organiser to fill in."""
    levels = "、".join(lv.name for lv in LEVELS)
    help_rows = [
        ("批次", "表头下填一行。"),
        ("名称", "必填，如“2026年机关中层干部竞争上岗”。"),
        ("单位", "必填，干部名册中的单位名称。"),
        ("选拔方式", "可选：" + "、".join(str(m.label) for m in Method) + "；不填按模板。"),
        ("模板", "必填：" + "；".join(f"{t.code}（{t.name}）" for t in TEMPLATES.values()) + "。"),
        ("报名开始/报名截止/撤回截止", "日期和时间，如 2026-12-01 17:00；只填日期时，开始按0:00、截止按23:59。"
                                        "报名截止必填。"),
        ("资格计算基准日", "可选，年龄和任职年限按此日计算；不填按审查当日。"),
        ("每人最多报名职位数", "可选，默认2。"),
        ("每职位最少合格人数", "可选，默认2；合格人数不足的职位须取消、延长报名或合并。"),
        ("职位", "每个职位一行。"),
        ("职位代码", "必填，本批次内不重复，如 P01。"),
        ("部门", "必填，单位下的部门名称。"),
        ("职务层次/职级", f"必填：{levels}，或职级名称（如四级调研员），也可写简称（正处、副科）。"),
        ("职数", "必填，正整数。"),
        ("可报名的职务层次/职级", "如“乡科级正职及以上”或“正科、副科”“四级调研员及以上”；两列都填时，符合其一即可。"),
        ("任职年限", "在可报名的职务层次或职级上任职满几年。"),
        ("最低年龄/最高年龄", "按基准日计算的周岁。"),
        ("最低学历", "、".join(people_columns.EDUCATION_LABELS.values()) + "；“全日制”填是或否。"),
        ("近N年考核", "如3，表示基准日前三个年度的考核；“考核最低等次”填称职（默认）或优秀。"),
        ("无处分/须为党员", "是或否。"),
        ("其他条件", "审查人员判断的条件，多条用分号隔开。"),
    ]
    return _workbook({CAMPAIGN_SHEET: CAMPAIGN_HEADERS, POSTS_SHEET: POST_HEADERS}, help_rows)


def applications_template() -> bytes:
    """An empty applications workbook (报名) with a 填写说明 sheet."""
    help_rows = [
        ("身份证号", "必填，干部名册中的人员；请保持文本格式。"),
        ("职位代码", "必填，本批次的职位代码。"),
        ("报名方式", "个人自荐（默认）、群众推荐或组织推荐。"),
        ("推荐人身份证号/推荐人说明", "推荐时必填其一（首提责任制），如“局党组”。"),
        ("志愿顺序", "可选，1表示第一志愿。"),
    ]
    return _workbook({APPLICATIONS_SHEET: APPLICATION_HEADERS}, help_rows)
