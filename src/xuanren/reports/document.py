"""The closing report as a neutral document: sections of paragraphs, tables and charts, built once from the
figures by :func:`build_report` and rendered by the page (``reports/report.html``), the PDF and the Excel
workbook (:mod:`xuanren.reports.exports`), so the three never say different things.

The sections follow the seed 000 speech's account of the work (基本情况: posts, applicants, the vote, the
appointments, the vacancies and their reasons, the structure of the post holders before and after) and end
with how every figure was counted (计算口径). The words are Chinese whatever the reader's interface language:
the report is a Chinese document, like the announcement.

A table cell is text or a :class:`Num` — an exact value with how to show it — so the workbook writes numbers
as numbers while the page and the PDF show them rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from xuanren.reports import compute
from xuanren.reports.charts import BarChart, charts_of
from xuanren.reports.compute import LEVEL_NAME
from xuanren.reports.figures import ClosingFigures, Figure
from xuanren.rules.calendar import zh_date, zh_official_date


@dataclass(frozen=True)
class Num:
    """A number in a table: exact ``value`` (``None``: does not apply), shown with ``places`` decimals (fractions
    only) or as a percentage."""

    value: Fraction | int | None
    places: int = 1
    percent: bool = False

    @property
    def text(self) -> str:
        if self.percent:
            return compute.percent(None if self.value is None else Fraction(self.value), self.places)
        return compute.display(self.value, self.places)


Cell = str | Num


def cell_text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Num) else cell


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | note
    kind: str = "paragraph"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]
    empty: str = "无"
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    chart: BarChart
    kind: str = "chart"


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    sheet: str  # the workbook's sheet for this section
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    title: str
    issuer: str
    date: str  # 二〇二六年十二月二十日
    date_plain: str  # 2026年12月20日
    figures: ClosingFigures
    sections: tuple[Section, ...]

    def text(self) -> str:
        """Plain text, a paragraph or table row a line (for search and tests)."""
        lines = [self.title, f"{self.issuer} {self.date}"]
        for s in self.sections:
            lines.append(s.heading)
            for b in s.blocks:
                if isinstance(b, Paragraph):
                    lines.append(b.text)
                elif isinstance(b, Table):
                    lines.append(b.title)
                    lines += [" ".join(b.header), *(" ".join(cell_text(c) for c in row) for row in b.rows)]
                else:
                    lines.append(b.chart.description())
        return "\n".join(lines)


def _fig(f: Figure) -> Num:
    return Num(f.value, percent=f.percent)


def _figure_rows(f: ClosingFigures, keys: tuple[str, ...]) -> tuple[tuple[Cell, ...], ...]:
    return tuple((fig.label, _fig(fig), "" if fig.percent else fig.unit) for fig in (f.figure(k) for k in keys))


def build_report(f: ClosingFigures) -> Report:
    outcomes, age, education = charts_of(f)
    sections = (
        _overview(f), _posts(f), _voting(f), _outcomes(f, outcomes), _holders(f, age, education), _method(f))
    return Report(title=f"{f.campaign}工作总结", issuer=f.unit, date=zh_official_date(f.today),
                  date_plain=zh_date(f.today), figures=f, sections=sections)


def _overview(f: ClosingFigures) -> Section:
    blocks: list[Block] = [Paragraph(f.summary)]
    if not f.finished:
        blocks.append(Paragraph("本批次尚未结束，以下为截至报告日期的情况。尚未完成："
                                + ("；".join(f.not_done) or "无") + "。", "note"))
    keys = ("posts.total", "posts.open", "slots.open", "applicants", "applications", "qualified.people",
            "qualified.applications", "voting.sessions", "voting.issued", "voting.returned", "appointed",
            "moves.promotion", "posts.vacant", "slots.vacant", "posts.pending", "pool")
    blocks.append(Table("key_figures", "主要数字", ("项目", "数字", "单位"), _figure_rows(f, keys), (6, 3, 2)))
    blocks.append(Table("stages", "各环节进度", ("环节", "状态"), tuple((s.name, s.status_name) for s in f.stages),
                        (6, 3), empty="尚未设置环节"))
    return Section("overview", "一、基本情况", "基本情况", tuple(blocks))


def _posts(f: ClosingFigures) -> Section:
    posts = tuple((p.code, p.title, p.department, p.level_name, Num(p.slots), p.status_name
                   + (f"（并入{p.merged_into}）" if p.merged_into else ""), Num(p.applicants), Num(p.qualified),
                   Num(p.finalists), Num(p.ratio)) for p in f.posts)
    levels = tuple((lv.name, Num(lv.posts), Num(lv.slots), Num(lv.applicants), Num(lv.applications),
                    Num(lv.qualified)) for lv in f.levels)
    sources = tuple((name, Num(n)) for _, name, n in f.sources)
    review = _figure_rows(f, ("applications", "applications.withdrawn", "qualified.applications",
                              "review.ineligible", "review.pending", "qualified.candidates", "candidates.per_slot"))
    return Section("posts", "二、职位、报名与资格审查", "职位与报名", (
        Table("posts", "各职位报名及资格审查情况",
              ("代码", "职位", "部门", "职务层次/职级", "职数", "状态", "报名人数", "合格人数", "目前人选",
               "合格人选与职数之比"),
              posts, (3, 6, 4, 4, 2, 3, 2, 2, 2, 3), empty="尚未设置职位"),
        Table("levels", "按职务层次/职级", ("职务层次/职级", "竞聘职位", "职数", "报名人数", "报名人次", "合格人次"),
              levels, (4, 2, 2, 2, 2, 2), empty="尚未设置职位"),
        Table("sources", "按报名方式", ("报名方式", "报名人次"), sources, (4, 2)),
        Table("review", "资格审查", ("项目", "数字", "单位"), review, (6, 3, 2)),
    ))


def _voting(f: ClosingFigures) -> Section:
    blocks: list[Block] = []
    if not f.sessions:
        blocks.append(Paragraph("本批次没有投票场次（模拟测试不计）。"))
    else:
        blocks.append(Table("voting_totals", "投票合计（已结束的场次）", ("项目", "数字", "单位"), _figure_rows(
            f, ("voting.sessions", "voting.entitled", "voting.issued", "voting.returned", "voting.attendance")),
            (6, 3, 2)))
    for s in f.sessions:
        rows: list[tuple[Cell, ...]] = [(g.name, g.weight, Num(g.entitled), Num(g.issued), Num(g.returned),
                                         Num(g.attendance, percent=True)) for g in s.groups]
        rows.append(("合计", "", Num(s.entitled), Num(s.issued), Num(s.returned), Num(s.attendance, percent=True)))
        valid = "" if s.valid is None else ("，会议有效" if s.valid else "，会议无效")
        blocks.append(Table(f"session_{s.pk}", f"{s.name}（{s.stage or '投票'}，{s.status_name}{valid}；{s.note}）",
                            ("投票人类别", "权重", "应到", "发出", "收回", "到会率"), tuple(rows), (5, 2, 2, 2, 2, 2)))
    return Section("voting", "三、民主推荐与民主测评", "投票", tuple(blocks))


def _outcomes(f: ClosingFigures, chart: BarChart) -> Section:
    blocks: list[Block] = []
    if not f.finished:
        blocks.append(Paragraph("任职环节尚未完成：尚未任用且未登记空缺的职位列为“未完成”。", "note"))
    blocks.append(Chart(chart))
    blocks.append(Table("outcome_levels", "按职务层次/职级",
                        ("职务层次/职级", "任用人数", "其中晋升", "已任用职数", "空缺职数", "未完成职数"),
                        tuple((lv.name, Num(lv.appointed), Num(lv.promoted), Num(lv.filled), Num(lv.vacant),
                               Num(lv.pending)) for lv in f.levels), (4, 2, 2, 2, 2, 2), empty="尚未设置职位"))
    open_posts = [p for p in f.posts if p.status == "open"]
    blocks.append(Table("outcome_posts", "各职位任用情况",
                        ("代码", "职位", "职数", "任用", "空缺", "未完成", "结果", "任用人选/原因"),
                        tuple((p.code, p.title, Num(p.slots), Num(p.filled), Num(p.vacant), Num(p.pending),
                               p.outcome_name, "、".join(p.appointed) + ("；" if p.appointed and p.reasons else "")
                               + "；".join(p.reasons)) for p in open_posts), (3, 6, 2, 2, 2, 2, 3, 8),
                        empty="没有竞聘职位"))
    blocks.append(Table("appointments", "任用人员",
                        ("姓名", "性别", "年龄", "学历", "任职务", "职务层次/职级", "原任职务", "原层次/职级", "情况",
                         "任职时间", "状态"),
                        tuple((a.name, a.gender, Num(a.age), a.education, a.post_title, a.level_name,
                               a.previous_title, a.previous_level, a.move_name + ("（后备库）" if a.from_pool else ""),
                               zh_date(a.effective), a.status_name) for a in f.appointments),
                        (3, 2, 2, 3, 5, 4, 5, 4, 3, 4, 3), empty="尚无任用"))
    blocks.append(Table("promotions", "晋升情况", ("原职务层次/职级", "晋升为", "人数"),
                        tuple((p.from_name, p.to_name, Num(p.count)) for p in f.promotions), (5, 5, 2), empty="无晋升"))
    blocks.append(Table("moves", "任用方式", ("项目", "数字", "单位"), _figure_rows(
        f, ("appointed", "moves.promotion", "moves.to_leadership", "moves.lateral", "moves.lower", "moves.unknown",
            "appointed.revoked",
            "pool")), (6, 3, 2)))
    blocks.append(Table("vacancies", "空缺职位及原因",
                        ("代码", "职位", "职务层次/职级", "空缺职数", "原因", "说明", "后续"),
                        tuple((v.post_code, v.post_title, v.level_name, Num(v.slots), v.reason_name, v.detail,
                               "；".join(x for x in (f"已在“{v.reopened_in}”重新竞聘" if v.reopened_in else "",
                                                     f"已从后备库任用{v.filled_by}" if v.filled_by else "") if x))
                              for v in f.vacancies), (3, 6, 4, 2, 6, 6, 5), empty="无空缺职位"))
    return Section("outcomes", "四、任用与空缺", "任用与空缺", tuple(blocks))


def _holders(f: ClosingFigures, age: BarChart, education: BarChart) -> Section:
    b, a = f.before, f.after
    rows: list[tuple[Cell, ...]] = [("人数", Num(b.count), Num(a.count)),
                                    ("平均年龄（岁）", Num(b.average_age), Num(a.average_age))]
    for _, name, nb, na in compute.education_pairs(b, a):
        rows.append((f"{name}（人）", Num(nb), Num(na)))
    rows += [("大学本科以上学历占比", Num(b.bachelor_share, percent=True), Num(a.bachelor_share, percent=True)),
             ("全日制大学本科以上学历占比", Num(b.full_time_bachelor_share, percent=True),
              Num(a.full_time_bachelor_share, percent=True))]
    by_level = tuple((LEVEL_NAME.get(code, code), Num(nb), Num(ab), Num(na), Num(aa))
                     for (code, nb, ab), (_, na, aa) in zip(b.by_level, a.by_level, strict=True))
    return Section("holders", "五、干部队伍结构变化", "队伍结构", (
        Paragraph(f"统计范围：{f.holders_scope}。调整后按干部名册现状统计；调整前按干部名册现状，"
                  "本批次任用的人员按任职记录中的原任职务还原。"
                  f"年龄均按报告日期（{zh_date(f.today)}）计算周岁，平均年龄精确计算后四舍五入到一位小数。"),
        Table("holders", "调整前后对比", ("项目", "调整前", "调整后"), tuple(rows), (6, 3, 3)),
        Table("holders_levels", "按职务层次/职级",
              ("职务层次/职级", "调整前人数", "调整前平均年龄", "调整后人数", "调整后平均年龄"), by_level,
              (4, 2, 3, 2, 3), empty="无"),
        Chart(age), Chart(education),
    ))


def _method(f: ClosingFigures) -> Section:
    rows = tuple((fig.label, _fig(fig), "" if fig.percent else fig.unit, compute.exact(fig.value) or "—",
                  fig.explanation) for fig in f.figures)
    return Section("method", "六、计算口径", "计算口径", (
        Paragraph("下表列出本报告每个数字、它的精确值（分数）及计算方法。平均数、比例均按精确分数计算，"
                  "仅在显示时四舍五入（五入而非“银行家舍入”）。", "note"),
        Table("figures", "全部数字", ("项目", "数字", "单位", "精确值", "计算方法"), rows, (5, 2, 2, 2, 11)),
    ))
