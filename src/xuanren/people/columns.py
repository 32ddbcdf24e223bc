"""The roster file format (干部名册): sheets, columns and the words each column accepts.

This module is the single definition of the format. The importer reads by it, the exporter and the
template write by it, the import page and the template's 填写说明 sheet describe it from it, and the
demo data generates files by it. The words in the file are Chinese whatever the reader's language: a
file written in one office must import in another.

Sheet ``干部名册`` (a CSV file is this sheet alone): a header row, then one row per person. Column order
is free; ``YYYY年度考核`` columns may be repeated for any number of years. Sheets ``奖励`` and ``处分`` are
optional (xlsx only). Other sheets (``填写说明``, ``导出说明``) are ignored on import.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from xuanren.rules.ranks import LEVELS, RANKS

PEOPLE_SHEET = "干部名册"
REWARDS_SHEET = "奖励"
DISCIPLINES_SHEET = "处分"
HELP_SHEET = "填写说明"
EXPORT_NOTE_SHEET = "导出说明"


class Kind(enum.Enum):
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"
    ID_NUMBER = "id_number"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Column:
    """One column. ``key`` is the attribute the importer fills (a model field name where there is one).

    ``choices`` maps every accepted word (canonical names and aliases) to the stored value; ``labels``
    maps a stored value back to the canonical word the exporter writes.
    """

    header: str
    key: str
    kind: Kind
    required: bool = False
    max_length: int | None = None
    choices: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    default: str = ""
    note: str = ""
    example: str = ""

    @property
    def allowed(self) -> list[str]:
        """The canonical words, in order (what the template's drop-down lists offer)."""
        return list(self.labels.values())


def _choice(labels: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    out = {label: value for value, label in labels.items()}
    for alias, value in (aliases or {}).items():
        out.setdefault(alias, value)
    return out


# Stored value -> the word in the file. The stored values are those of the model choices (people/models.py);
# tests/people/test_columns.py checks the two agree.
GENDER_LABELS = {"M": "男", "F": "女"}
EDUCATION_LABELS = {
    "doctorate": "博士研究生", "master": "硕士研究生", "bachelor": "大学本科", "college": "大学专科",
    "secondary": "中专", "high_school": "高中及以下",
}
EDUCATION_ALIASES = {
    "研究生": "master", "博士": "doctorate", "硕士": "master", "本科": "bachelor", "大学": "bachelor",
    "大专": "college", "专科": "college", "中专及中技": "secondary", "高中": "high_school", "初中": "high_school",
    "初中及以下": "high_school",
}
POLITICAL_LABELS = {
    "party_member": "中共党员", "probationary": "中共预备党员", "democratic_party": "民主党派",
    "league": "共青团员", "masses": "群众",
}
# Rosters often name the party itself; the register keeps only "a democratic party".
POLITICAL_ALIASES = {
    "党员": "party_member", "中国共产党党员": "party_member", "预备党员": "probationary", "团员": "league",
    "民革党员": "democratic_party", "民盟盟员": "democratic_party", "民建会员": "democratic_party",
    "民进会员": "democratic_party", "农工党党员": "democratic_party", "致公党党员": "democratic_party",
    "九三学社社员": "democratic_party", "台盟盟员": "democratic_party",
    "民革": "democratic_party", "民盟": "democratic_party", "民建": "democratic_party", "民进": "democratic_party",
    "农工党": "democratic_party", "致公党": "democratic_party", "九三学社": "democratic_party",
    "台盟": "democratic_party",
}
FULL_TIME_LABELS = {"1": "是", "0": "否"}
FULL_TIME_ALIASES = {"全日制": "1", "在职": "0", "在职教育": "0", "非全日制": "0"}
LEVEL_LABELS = {lv.code: lv.name for lv in LEVELS}
LEVEL_ALIASES = {lv.short: lv.code for lv in LEVELS}
RANK_LABELS = {r.code: r.name for r in RANKS}
APPRAISAL_LABELS = {
    "excellent": "优秀", "competent": "称职", "basic": "基本称职", "incompetent": "不称职", "ungraded": "不定等次",
}
# Public institutions (事业单位) grade 合格 rather than 称职.
APPRAISAL_ALIASES = {"合格": "competent", "基本合格": "basic", "不合格": "incompetent"}
APPRAISAL_CHOICES = _choice(APPRAISAL_LABELS, APPRAISAL_ALIASES)


PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("序号", "serial", Kind.IGNORED, note="可选，导入时忽略。"),
    Column("姓名", "name", Kind.TEXT, required=True, max_length=50, example="示例人员",
           note="必填。两字姓名中间的空格会被去掉。"),
    Column("性别", "gender", Kind.CHOICE, required=True, labels=GENDER_LABELS, choices=_choice(GENDER_LABELS),
           example="男", note="必填，男或女，须与身份证号一致。"),
    Column("出生日期", "birth_date", Kind.DATE, required=True, example="1985-03-15",
           note="必填，须与身份证号中的出生日期一致。"),
    Column("身份证号", "id_number", Kind.ID_NUMBER, required=True, max_length=18,
           note="必填，18位，末位可为X；用于识别人员：名册中已有的人员按文件更新，没有的新建。"
                "请将该列设为文本格式，否则 Excel 会把号码存成数字并丢失末几位。"),
    Column("民族", "ethnicity", Kind.TEXT, max_length=20, example="汉族", note="可选，如：汉族、回族。"),
    Column("学历", "education", Kind.CHOICE, required=True, labels=EDUCATION_LABELS,
           choices=_choice(EDUCATION_LABELS, EDUCATION_ALIASES), example="大学本科",
           note="必填，最高学历：博士研究生、硕士研究生、大学本科、大学专科、中专、高中及以下；"
                "也可写研究生（按硕士研究生）、本科、大专或专科。"),
    Column("是否全日制", "full_time", Kind.CHOICE, labels=FULL_TIME_LABELS,
           choices=_choice(FULL_TIME_LABELS, FULL_TIME_ALIASES), default="1", example="是",
           note="可选，是或否（在职教育填否）；留空按是。"),
    Column("政治面貌", "political_status", Kind.CHOICE, required=True, labels=POLITICAL_LABELS,
           choices=_choice(POLITICAL_LABELS, POLITICAL_ALIASES), example="中共党员",
           note="必填：中共党员、中共预备党员、民主党派、共青团员、群众；党员按中共党员，民革、民盟等按民主党派。"),
    Column("参加工作时间", "work_start", Kind.DATE, example="2007-07", note="可选，日期或年月。"),
    Column("单位", "unit", Kind.TEXT, required=True, max_length=100, example="示例单位",
           note="必填，一级单位名称；名册中没有的单位将新建。"),
    Column("部门", "department", Kind.TEXT, max_length=400, example="办公室",
           note="可选，单位内的部门；多级部门用“/”分隔，如：办公室/秘书科；没有的部门将新建；留空表示直属单位。"),
    Column("现任职务", "post_title", Kind.TEXT, max_length=100, example="办公室副主任", note="可选。"),
    Column("职务层次", "post_level", Kind.CHOICE, labels=LEVEL_LABELS, choices=_choice(LEVEL_LABELS, LEVEL_ALIASES),
           example="乡科级副职",
           note="可选：" + "、".join(lv.name for lv in LEVELS) + "；也可写简称，如正处、副科。"),
    Column("任职务层次时间", "post_level_since", Kind.DATE, example="2018-06",
           note="可选，须同时填写职务层次，不得早于出生日期。"),
    Column("职级", "rank", Kind.CHOICE, labels=RANK_LABELS, choices=_choice(RANK_LABELS), example="三级主任科员",
           note="可选：" + "、".join(r.name for r in RANKS) + "。"),
    Column("任现职级时间", "rank_since", Kind.DATE, example="2020-01",
           note="可选，须同时填写职级，不得早于出生日期。"),
)

APPRAISAL_HEADER = re.compile(r"^(\d{4})年度考核$")
APPRAISAL_NOTE = ("可选，可有多列，每个年度一列，列名如“2023年度考核”：优秀、称职、基本称职、不称职、不定等次"
                  "（事业单位的合格、基本合格、不合格分别按称职、基本称职、不称职）。"
                  "文件中出现的年度替换名册中该年度的结果；留空表示该年度没有结果。")

REWARD_COLUMNS: tuple[Column, ...] = (
    Column("身份证号", "id_number", Kind.ID_NUMBER, required=True, max_length=18,
           note="必填，须为干部名册工作表或系统名册中的人员。"),
    Column("日期", "date", Kind.DATE, required=True, example="2022-12-20", note="必填，不得晚于今天。"),
    Column("奖励名称", "title", Kind.TEXT, required=True, max_length=200, example="嘉奖",
           note="必填，如：嘉奖、记三等功。"),
    Column("批准机关", "issuer", Kind.TEXT, max_length=100, example="示例单位", note="可选。"),
)

DISCIPLINE_COLUMNS: tuple[Column, ...] = (
    Column("身份证号", "id_number", Kind.ID_NUMBER, required=True, max_length=18,
           note="必填，须为干部名册工作表或系统名册中的人员。"),
    Column("日期", "date", Kind.DATE, required=True, example="2021-05-10", note="必填，处分决定日期，不得晚于今天。"),
    Column("处分种类", "kind", Kind.TEXT, required=True, max_length=50, example="警告",
           note="必填，如：警告、记过、记大过、降级、撤职、开除；诫勉等组织处理也可在此登记。"),
    Column("事由", "reason", Kind.TEXT, max_length=200, example="", note="可选。"),
    Column("影响期至", "in_force_until", Kind.DATE, example="2021-11-10",
           note="可选，处分影响期的最后一天，不得早于处分日期。"),
)

SHEETS: dict[str, tuple[Column, ...]] = {
    PEOPLE_SHEET: PEOPLE_COLUMNS,
    REWARDS_SHEET: REWARD_COLUMNS,
    DISCIPLINES_SHEET: DISCIPLINE_COLUMNS,
}

DATE_NOTE = ("日期可写 1980-01-02、1980/1/2、1980年1月2日、1980.01.02，或 Excel 日期；只知年月的可写 1980.01、"
             "1980-01、1980年1月（按当月1日）。")


def appraisal_header(year: int) -> str:
    return f"{year}年度考核"


def appraisal_year(header: str) -> int | None:
    """The year of a ``YYYY年度考核`` header, else ``None``."""
    m = APPRAISAL_HEADER.match(header)
    return int(m.group(1)) if m else None


def by_header(columns: tuple[Column, ...]) -> dict[str, Column]:
    return {c.header: c for c in columns}


def export_headers(appraisal_years: list[int]) -> list[str]:
    """The 干部名册 header row the exporter and the template write: every column, then the years."""
    return [c.header for c in PEOPLE_COLUMNS] + [appraisal_header(y) for y in sorted(appraisal_years)]
