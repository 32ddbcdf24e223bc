"""The announcement (公告) of a campaign as a neutral document: title, issuer, date, lead, five sections.

:func:`build_announcement` reads a :class:`~xuanren.campaigns.models.Campaign` with its posts and stages
and returns an :class:`Announcement` made only of paragraphs and tables, which the HTML page, the PDF
(:mod:`.pdf`) and the .docx (:mod:`.docx`) all render, so the three never say different things.

The announcement is an official Chinese document: its words are Chinese whatever the reader's interface
language (labels of choices are taken under ``zh-hans``). Dates and times are given in the campaign's
time zone, as 2026年12月1日17:00.

A post's conditions are read from their stored JSON (field names of
:class:`xuanren.rules.eligibility.Conditions`, levels and ranks as codes of :mod:`xuanren.rules.ranks`)
leniently: a key or code this module does not know is left out of the words rather than refused, so a
stored announcement always renders; the campaign actions validate conditions when they are written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import translation

from xuanren.campaigns.models import SCORING_STAGES, Campaign, Post, Stage, StageKind
from xuanren.rules.eligibility import APPRAISAL_ORDER, EDUCATION_ORDER, LEVEL_CODES, RANK_CODES, Conditions
from xuanren.rules.ranks import LEVELS, RANKS

ParagraphStyle = Literal["body", "subheading", "note"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph. ``body`` is indented two characters; ``subheading`` is a （一） line; ``note`` smaller."""

    text: str
    style: ParagraphStyle = "body"
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are relative column widths (they need not add up to anything)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    kind: Literal["table"] = "table"


Block = Paragraph | Table


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Announcement:
    """The whole document. ``date`` is empty before the campaign is published. Hashable (it keys caches)."""

    title: str
    issuer: str
    date: str
    lead: tuple[Paragraph, ...]
    sections: tuple[Section, ...] = field(default=())

    def text(self) -> str:
        """The document as plain text, one paragraph or table row a line (for search and tests)."""
        lines = [self.title, *(p.text for p in self.lead)]
        for section in self.sections:
            lines.append(section.heading)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    lines.append(block.text)
                else:
                    lines += ["\t".join(block.header), *("\t".join(row) for row in block.rows)]
        lines += [self.issuer, self.date]
        return "\n".join(line for line in lines if line)


POST_TABLE_HEADER = ("职位代码", "部门", "职位名称", "职务层次", "职数")
NUMERALS = "一二三四五六七八九十"

GENERAL_CONDITIONS = (
    "具有较高的政治素质，坚决贯彻执行党的理论和路线方针政策，在思想上政治上行动上同党中央保持高度一致；",
    "具有强烈的事业心和责任感，实绩突出，群众公认；",
    "具有胜任领导工作的组织能力、文化水平和专业知识；",
    "清正廉洁，作风正派，遵纪守法；",
    "具有正常履行职责的身体条件。",
)

STAGE_DESCRIPTIONS: dict[str, str] = {
    StageKind.ELIGIBILITY: "按职位资格条件对报名人员逐项审查，审查结果在本单位公开。",
    StageKind.EXAM: "主要测试履行职位职责所需的政策理论水平和专业知识。",
    StageKind.INTERVIEW: "竞聘人员围绕竞聘职位进行演讲并回答评委提问，评委独立评分。",
    StageKind.RECOMMENDATION: "召开民主推荐会议，按投票人类别分别计票并加权计算推荐得分。",
    StageKind.EVALUATION: "组织民主测评，了解竞聘人员德、能、勤、绩、廉等方面的情况。",
    StageKind.SHORTLIST: "按各环节成绩及权重计算综合成绩，按照一定比例差额确定考察对象。",
    StageKind.INSPECTION: "对考察对象进行组织考察，全面了解其德、能、勤、绩、廉等方面的情况。",
    StageKind.COMMITTEE: "党组（党委）集体讨论决定拟任人选，实行票决。",
    StageKind.NOTICE: "对拟任人选进行任前公示，公示期不少于5个工作日。",
    StageKind.APPOINTMENT: "公示期满无异议的，按规定办理任职手续，实行任职试用期。",
}

_LEVEL_NAME = {lv.code: lv.name for lv in LEVELS}
_RANK_NAME = {r.code: r.name for r in RANKS}
_EDUCATION_NAME = {"doctorate": "博士研究生", "master": "硕士研究生", "bachelor": "大学本科", "college": "大学专科",
                   "secondary": "中专", "high_school": "高中"}
_APPRAISAL_NAME = {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "incompetent": "不称职"}


# ---------------------------------------------------------------------------------------------- conditions

def read_conditions(data: Mapping[str, Any] | None) -> Conditions:
    """A post's stored conditions as :class:`Conditions`, keeping what can be read and dropping the rest."""
    if not isinstance(data, Mapping):
        return Conditions()
    known = {f.name for f in dataclasses.fields(Conditions)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known or value is None:
            continue
        if key == "qualifying_levels":
            values[key] = frozenset(v for v in _as_list(value) if v in LEVEL_CODES)
        elif key == "qualifying_ranks":
            values[key] = frozenset(v for v in _as_list(value) if v in RANK_CODES)
        elif key == "free_text":
            values[key] = tuple(str(v).strip() for v in _as_list(value) if str(v).strip())
        elif key in {"full_time_required", "no_discipline_in_force", "party_member_required", "probationary_counts"}:
            values[key] = bool(value)
        elif key == "min_education":
            if value in EDUCATION_ORDER:
                values[key] = value
        elif key == "appraisal_min":
            if value in APPRAISAL_ORDER:
                values[key] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            values[key] = value
    return Conditions(**values)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, Iterable) else []


def _at_or_above(codes: frozenset[str], order: tuple[str, ...]) -> str | None:
    """The lowest code when ``codes`` is everything from the top down to it, else ``None``."""
    chosen = [c for c in order if c in codes]
    if chosen and tuple(chosen) == order[: len(chosen)]:
        return chosen[-1]
    return None


def _level_words(c: Conditions) -> str | None:
    levels, ranks = c.qualifying_levels, c.qualifying_ranks
    if not levels and not ranks:
        return None
    lowest_level, lowest_rank = _at_or_above(levels, LEVEL_CODES), _at_or_above(ranks, RANK_CODES)
    level_list = "、".join(_LEVEL_NAME[code] for code in LEVEL_CODES if code in levels)
    rank_list = "、".join(_RANK_NAME[code] for code in RANK_CODES if code in ranks)
    if levels and ranks:
        if lowest_level and lowest_rank:
            return f"现任{_LEVEL_NAME[lowest_level]}或{_RANK_NAME[lowest_rank]}及以上职级"
        level_part = f"{_LEVEL_NAME[lowest_level]}及以上职务" if lowest_level else f"{level_list}职务"
        rank_part = f"{_RANK_NAME[lowest_rank]}及以上职级" if lowest_rank else f"{rank_list}职级"
        return f"现任{level_part}或{rank_part}"
    if levels:
        return f"现任{_LEVEL_NAME[lowest_level]}及以上职务" if lowest_level else f"现任{level_list}职务"
    return f"现任{_RANK_NAME[lowest_rank]}及以上职级" if lowest_rank else f"现任{rank_list}职级"


def condition_phrases(conditions: Conditions, *, reference: dt.date | None = None) -> list[str]:
    """The conditions in the words of an announcement, one phrase each, without final punctuation.

    ``reference`` is the day ages and years are counted on (资格计算基准日); when given, age phrases say so.

    >>> from xuanren.rules.eligibility import levels_at_or_above, ranks_at_or_above
    >>> c = Conditions(qualifying_levels=levels_at_or_above("division_deputy"),
    ...                qualifying_ranks=ranks_at_or_above("researcher_4"), min_years=2, max_age=45,
    ...                min_education="bachelor", full_time_required=True, appraisal_years=3,
    ...                party_member_required=True, no_discipline_in_force=True)
    >>> for p in condition_phrases(c, reference=dt.date(2026, 12, 1)):
    ...     print(p)
    现任县处级副职或四级调研员及以上职级满2年
    年龄不超过45周岁（按2026年12月1日计算）
    全日制大学本科及以上学历
    近3年年度考核均为称职及以上等次
    中共党员（含预备党员）
    未受处分或处分影响期已满
    """
    out: list[str] = []
    level = _level_words(conditions)
    if level and conditions.min_years:
        out.append(f"{level}满{conditions.min_years}年")
    elif level:
        out.append(level)
    elif conditions.min_years:
        out.append(f"任现职满{conditions.min_years}年")
    age = _age_words(conditions.min_age, conditions.max_age)
    if age:
        out.append(age + (f"（按{zh_date(reference)}计算）" if reference else ""))
    if conditions.min_education:
        top = conditions.min_education == EDUCATION_ORDER[0]
        prefix = "全日制" if conditions.full_time_required else ""
        out.append(f"{prefix}{_EDUCATION_NAME[conditions.min_education]}{'' if top else '及以上'}学历")
    elif conditions.full_time_required:
        out.append("具有全日制学历")
    if conditions.appraisal_years:
        out.append(_appraisal_words(conditions))
    if conditions.party_member_required:
        out.append("中共党员（含预备党员）" if conditions.probationary_counts else "中共正式党员")
    if conditions.no_discipline_in_force:
        out.append("未受处分或处分影响期已满")
    out += [t.rstrip("；;。.") for t in conditions.free_text]
    return out


def _age_words(low: int | None, high: int | None) -> str | None:
    if low is not None and high is not None:
        return f"年龄在{low}周岁至{high}周岁之间"
    if high is not None:
        return f"年龄不超过{high}周岁"
    if low is not None:
        return f"年满{low}周岁"
    return None


def _appraisal_words(c: Conditions) -> str:
    grade = _APPRAISAL_NAME[c.appraisal_min]
    at_least = "等次" if c.appraisal_min == APPRAISAL_ORDER[0] else "及以上等次"
    if c.appraisal_last_year is not None:
        first = c.appraisal_last_year - c.appraisal_years + 1
        years = f"{first}年度" if c.appraisal_years == 1 else f"{first}—{c.appraisal_last_year}年度"
        return f"{years}考核{'均' if c.appraisal_years > 1 else ''}为{grade}{at_least}"
    if c.appraisal_years == 1:
        return f"上一年度考核为{grade}{at_least}"
    return f"近{c.appraisal_years}年年度考核均为{grade}{at_least}"


# ------------------------------------------------------------------------------------------------- dates

def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def zh_datetime(moment: dt.datetime, tz: dt.tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{zh_date(local.date())}{local:%H:%M}"


def zh_date_range(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        if start == end:
            return zh_date(start)
        tail = f"{end.month}月{end.day}日" if start.year == end.year else zh_date(end)
        return f"{zh_date(start)}至{tail}"
    if start:
        return f"{zh_date(start)}起"
    if end:
        return f"{zh_date(end)}前"
    return "具体时间另行通知"


def campaign_zone(campaign: Campaign) -> dt.tzinfo:
    try:
        return ZoneInfo(campaign.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Shanghai")


def reference_date(campaign: Campaign) -> dt.date | None:
    """The day ages and years are counted on: the campaign's, else the closing day of applications."""
    if campaign.reference_date:
        return campaign.reference_date
    if campaign.apply_until:
        return campaign.apply_until.astimezone(campaign_zone(campaign)).date()
    return None


def percent(weight: Decimal) -> str:
    return f"{weight.normalize():f}%"


# -------------------------------------------------------------------------------------------- the document

def build_announcement(campaign: Campaign, *, on: dt.date | None = None) -> Announcement:
    """The announcement of ``campaign`` (three queries: posts with departments, stages).

    The date is the publication day in the campaign's time zone; before publication it is ``on`` (say,
    today for a preview) or empty.
    """
    with translation.override("zh-hans"):
        return _build(campaign, on=on)


def _build(campaign: Campaign, *, on: dt.date | None) -> Announcement:
    tz = campaign_zone(campaign)
    posts = list(campaign.posts.select_related("department").order_by("order", "id"))
    stages = list(campaign.stages.order_by("order"))
    unit = campaign.unit.name
    open_posts = [p for p in posts if p.status == Post.Status.OPEN]
    date = zh_date(campaign.published_at.astimezone(tz).date()) if campaign.published_at else (
        zh_date(on) if on else "")
    return Announcement(
        title=_title(campaign),
        issuer=unit,
        date=date,
        lead=_lead(campaign, open_posts),
        sections=(
            _posts_section(posts, open_posts),
            _conditions_section(campaign, open_posts),
            _application_section(campaign, open_posts, tz),
            _stages_section(campaign, stages),
            _discipline_section(campaign),
        ),
    )


def _title(campaign: Campaign) -> str:
    """发文机关＋关于＋事由＋的公告 (GB/T 9704), from the unit and the campaign's name."""
    name, unit = campaign.name.strip(), campaign.unit.name
    if name.endswith("公告"):
        return name
    if name.startswith(unit):
        name = name[len(unit):]
    name = name.removeprefix("关于").removesuffix("的")
    return f"{unit}关于{name}的公告"


def _lead(campaign: Campaign, open_posts: list[Post]) -> tuple[Paragraph, ...]:
    written = [line.strip() for line in campaign.introduction.splitlines() if line.strip()]
    if written:
        return tuple(Paragraph(line) for line in written)
    slots = sum(p.slots for p in open_posts)
    return (Paragraph(
        f"根据工作需要，按照《党政领导干部选拔任用工作条例》等有关规定，经{campaign.unit.name}研究决定，"
        f"采取{campaign.get_method_display()}方式选拔{len(open_posts)}个职位共{slots}名干部。"
        "现将有关事项公告如下："),)


def _posts_section(posts: list[Post], open_posts: list[Post]) -> Section:
    rows = tuple((p.code, p.department.name, p.title, p.get_level_display(), str(p.slots)) for p in open_posts)
    blocks: list[Block] = [Table(POST_TABLE_HEADER, rows, (3, 5, 6, 4, 2))]
    total = sum(p.slots for p in open_posts)
    blocks.append(Paragraph(f"以上共{len(open_posts)}个职位，职数{total}名。"))
    for p in posts:
        if p.status == Post.Status.CANCELLED:
            blocks.append(Paragraph(f"职位{p.code}（{p.title}）已取消。", "note"))
        elif p.status == Post.Status.MERGED:
            into = next((q for q in posts if q.pk == p.merged_into_id), None)
            target = f"并入职位{into.code}（{into.title}）" if into else "并入其他职位"
            blocks.append(Paragraph(f"职位{p.code}（{p.title}）已{target}。", "note"))
    return Section("一、选拔职位", tuple(blocks))


def _conditions_section(campaign: Campaign, open_posts: list[Post]) -> Section:
    reference = reference_date(campaign)
    phrases = {p.pk: condition_phrases(read_conditions(p.conditions), reference=reference) for p in open_posts}
    # A condition every post sets is stated once, among the general conditions.
    common = [ph for ph in phrases[open_posts[0].pk] if all(ph in phrases[p.pk] for p in open_posts)] \
        if open_posts else []
    general = [*GENERAL_CONDITIONS[:-1], GENERAL_CONDITIONS[-1].rstrip("。") + "；", *(f"{c}；" for c in common)]
    general[-1] = general[-1].rstrip("；") + "。"
    blocks: list[Block] = [Paragraph("（一）基本条件", "subheading")]
    blocks += [Paragraph(f"{i}. {text}") for i, text in enumerate(general, 1)]
    specific = [(p, [ph for ph in phrases[p.pk] if ph not in common]) for p in open_posts]
    if any(own or p.duties.strip() for p, own in specific):
        blocks.append(Paragraph("（二）职位资格条件", "subheading"))
        for p, own in specific:
            if own:
                blocks.append(Paragraph(f"{p.code} {p.title}：{'；'.join(own)}。"))
            if p.duties.strip():
                blocks.append(Paragraph(f"{p.code} {p.title}岗位职责：{p.duties.strip()}", "note"))
    if reference:
        blocks.append(Paragraph(f"年龄、任职年限等计算截止时间为{zh_date(reference)}。"))
    return Section("二、报名条件", tuple(blocks))


def _application_section(campaign: Campaign, open_posts: list[Post], tz: dt.tzinfo) -> Section:
    blocks: list[Block] = [Paragraph("（一）报名时间", "subheading")]
    if campaign.apply_from and campaign.apply_until:
        window = f"{zh_datetime(campaign.apply_from, tz)}至{zh_datetime(campaign.apply_until, tz)}"
    elif campaign.apply_until:
        window = f"即日起至{zh_datetime(campaign.apply_until, tz)}"
    else:
        window = "另行通知"
    blocks.append(Paragraph(f"报名时间：{window}。逾期不予受理。"))
    for p in open_posts:
        if p.apply_until:
            blocks.append(Paragraph(f"职位{p.code}（{p.title}）报名截止时间延长至{zh_datetime(p.apply_until, tz)}。"))
    if campaign.withdraw_until:
        blocks.append(Paragraph(f"报名人可在{zh_datetime(campaign.withdraw_until, tz)}前撤回报名。"))
    blocks += [
        Paragraph("（二）报名方式", "subheading"),
        Paragraph("采取个人自荐、群众推荐、组织推荐相结合的方式报名。"
                  f"每人最多报名{campaign.posts_per_applicant}个职位，并按志愿顺序填报。"),
        Paragraph("群众推荐、组织推荐的，推荐人（推荐组织）应署名并写明推荐理由，实行首提责任制，"
                  "对所推荐人选的资格条件和廉洁情况负责。"),
        Paragraph("报名人应如实填写报名信息，对所填信息的真实性负责。"),
    ]
    return Section("三、报名方式与时间", tuple(blocks))


def _stages_section(campaign: Campaign, stages: list[Stage]) -> Section:
    blocks: list[Block] = []
    for i, stage in enumerate(stages):
        number = NUMERALS[i] if i < len(NUMERALS) else str(i + 1)
        when = zh_date_range(stage.planned_start, stage.planned_end)
        blocks.append(Paragraph(f"（{number}）{stage.get_kind_display()}（{when}）", "subheading"))
        words = STAGE_DESCRIPTIONS.get(stage.kind, "")
        if stage.kind == StageKind.ELIGIBILITY:
            words += (f"合格人数少于{campaign.min_qualified}人的职位，不开展竞争性选拔，"
                      "视情况取消、合并或延长报名时间。")
        if stage.kind in SCORING_STAGES and stage.weight is not None:
            words += f"成绩占综合成绩的{percent(stage.weight)}。"
        if words:
            blocks.append(Paragraph(words))
    weighted = [s for s in stages if s.kind in SCORING_STAGES and s.weight is not None]
    if weighted:
        formula = "＋".join(f"{s.get_kind_display()}成绩×{percent(s.weight)}" for s in weighted if s.weight)
        blocks.append(Paragraph(f"综合成绩＝{formula}。"))
    if not stages:
        blocks.append(Paragraph("选拔程序与时间安排另行通知。"))
    else:
        blocks.append(Paragraph("以上时间如有调整，另行通知。", "note"))
    return Section("四、选拔程序与时间安排", tuple(blocks))


def _discipline_section(campaign: Campaign) -> Section:
    unit = campaign.unit.name
    return Section("五、纪律与监督", (
        Paragraph("本次选拔坚持公开、平等、竞争、择优的原则，严格执行干部选拔任用工作纪律，"
                  f"全过程接受{unit}纪检监察机构监督，实行全程记实，各环节结果按规定公开。"),
        Paragraph("报名人和推荐人应如实提供材料。对弄虚作假、拉票贿选、说情打招呼等违反纪律的行为，"
                  "一经查实，取消其资格，并依规依纪严肃处理。"),
        Paragraph(f"对选拔工作有意见或异议的，可向{unit}纪检监察机构或组织人事部门反映。"
                  "反映问题应实事求是，提倡署真实姓名。"),
    ))
