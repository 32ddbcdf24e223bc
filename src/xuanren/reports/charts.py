"""The closing report's charts: what each shows (:class:`BarChart`, made from the figures by :func:`charts_of`),
one layout into plain shapes (:func:`layout`), and two ways of drawing the shapes — inline SVG for the page
(:func:`svg`, no script, no external file) and fpdf2 primitives for the PDF (:mod:`xuanren.reports.exports`),
so the page and the PDF draw the same bars. The Excel workbook has native Excel charts of the same series.

Every chart is accessible: the SVG has ``role="img"`` with a ``<title>`` and a ``<desc>`` that lists every
value, each bar its own ``<title>``; the page shows the same numbers in tables beside it.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from fractions import Fraction

from xuanren.reports import compute
from xuanren.reports.figures import ClosingFigures

WIDTH, HEIGHT = 640.0, 300.0
LEFT, RIGHT, TOP, BOTTOM = 52.0, 16.0, 36.0, 64.0
FONT = 12.0

FILLED, VACANT, PENDING = "#2e7d32", "#c62828", "#9e9e9e"
BEFORE, AFTER = "#90a4ae", "#8b1a1a"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: tuple[Fraction | int | None, ...]


@dataclass(frozen=True)
class BarChart:
    """``categories`` along the bottom, a bar (or a part of a stacked bar) per series in each; ``unit`` of the
    values; ``places`` decimals shown on the bars."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    stacked: bool = False
    places: int = 0
    empty_text: str = "暂无数据"

    @property
    def empty(self) -> bool:
        return not self.categories or all(v in (None, 0) for s in self.series for v in s.values)

    def value_text(self, value: Fraction | int | None) -> str:
        if value is None:
            return "—"
        return compute.display(value, self.places) if isinstance(value, Fraction) else str(value)

    def description(self) -> str:
        """Every value in words, for the ``<desc>`` and the PDF's alternative text."""
        if self.empty:
            return f"{self.title}：{self.empty_text}。"
        parts = []
        for i, category in enumerate(self.categories):
            values = "，".join(f"{s.name}{self.value_text(s.values[i])}{self.unit}" for s in self.series)
            parts.append(f"{category}：{values}")
        return f"{self.title}。" + "；".join(parts) + "。"


def charts_of(f: ClosingFigures) -> tuple[BarChart, ...]:
    """The three charts of the report: outcomes by level, average age and education before and after."""
    outcomes = BarChart(
        key="outcomes", title="各层次职数任用情况", categories=tuple(lv.name for lv in f.levels),
        series=(Series("已任用", FILLED, tuple(lv.filled for lv in f.levels)),
                Series("空缺", VACANT, tuple(lv.vacant for lv in f.levels)),
                Series("未完成", PENDING, tuple(lv.pending for lv in f.levels))),
        unit="名", stacked=True, empty_text="没有竞聘职位")
    age = BarChart(
        key="age", title="调整前后平均年龄", categories=("调整前", "调整后"),
        series=(Series("平均年龄", AFTER, (f.before.average_age, f.after.average_age)),),
        unit="岁", places=1, empty_text="没有在职干部")
    pairs = compute.education_pairs(f.before, f.after)
    education = BarChart(
        key="education", title="调整前后学历结构", categories=tuple(name for _, name, _, _ in pairs),
        series=(Series("调整前", BEFORE, tuple(nb for _, _, nb, _ in pairs)),
                Series("调整后", AFTER, tuple(na for _, _, _, na in pairs))),
        unit="人", empty_text="没有在职干部")
    return outcomes, age, education


# --- layout ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    label: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    anchor: str = "middle"  # start | middle | end
    size: float = FONT
    bold: bool = False
    fill: str = "#222222"


Shape = Rect | Line | Text


def nice_step(top: float) -> float:
    """A step of 1, 2 or 5 × 10ⁿ giving about four gridlines up to ``top``; integers for counts."""
    raw = max(top / 4, 1e-9)
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return max(m * power, 1.0) if top >= 1 else m * power
    return 10 * power


def layout(chart: BarChart) -> list[Shape]:
    """The chart as shapes on a WIDTH × HEIGHT canvas (y downwards)."""
    shapes: list[Shape] = [Text(WIDTH / 2, 20, chart.title, size=14, bold=True)]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    if chart.empty:
        shapes.append(Line(LEFT, base, WIDTH - RIGHT, base, "#555555"))
        shapes.append(Text(WIDTH / 2, TOP + plot_h / 2, chart.empty_text, size=13))
        return shapes
    n = len(chart.categories)
    exact_totals = [sum((Fraction(s.values[i] or 0) for s in chart.series), Fraction(0)) if chart.stacked
                    else max(Fraction(s.values[i] or 0) for s in chart.series) for i in range(n)]
    totals = [float(t) for t in exact_totals]
    step = nice_step(max(totals))
    top = max(step, math.ceil(max(totals) / step) * step)
    scale = plot_h / top
    ticks = round(top / step)
    for t in range(ticks + 1):
        tick = t * step
        y = base - tick * scale
        shapes.append(Line(LEFT, y, WIDTH - RIGHT, y, "#dddddd" if t else "#555555"))
        label = f"{tick:g}"
        shapes.append(Text(LEFT - 6, y + FONT / 3, label, anchor="end", size=FONT - 1))
    band = plot_w / n
    bars = 1 if chart.stacked else len(chart.series)
    bar_w = min(band * 0.7 / bars, 64.0)
    for i, category in enumerate(chart.categories):
        centre = LEFT + band * (i + 0.5)
        shapes.append(Text(centre, base + 18, category, size=FONT))
        x0 = centre - bar_w * bars / 2
        stacked_at = base
        for j, s in enumerate(chart.series):
            value = s.values[i]
            height = float(value or 0) * scale
            label = f"{category} {s.name}：{chart.value_text(value)}{chart.unit if value is not None else ''}"
            if chart.stacked:
                if height > 0:
                    shapes.append(Rect(x0, stacked_at - height, bar_w, height, s.colour, label))
                    if height >= FONT + 2:
                        shapes.append(Text(centre, stacked_at - height / 2 + FONT / 3, chart.value_text(value),
                                           size=FONT - 1, fill="#ffffff"))
                stacked_at -= height
            else:
                x = x0 + j * bar_w
                if height > 0:
                    shapes.append(Rect(x + 1, base - height, bar_w - 2, height, s.colour, label))
                shapes.append(Text(x + bar_w / 2, base - height - 4, chart.value_text(value), size=FONT - 1))
        if chart.stacked:
            shapes.append(Text(centre, stacked_at - 4, chart.value_text(exact_totals[i]), size=FONT - 1))
    # The legend, centred under the category labels.
    if len(chart.series) > 1 or chart.stacked:
        item_w = [16 + len(s.name) * FONT + 18 for s in chart.series]
        x = WIDTH / 2 - sum(item_w) / 2
        y = HEIGHT - 16
        for s, w in zip(chart.series, item_w, strict=True):
            shapes.append(Rect(x, y - 10, 12, 12, s.colour, s.name))
            shapes.append(Text(x + 16, y, s.name, anchor="start", size=FONT))
            x += w
    return shapes


# --- SVG ------------------------------------------------------------------------------------------

def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(chart: BarChart, *, id_prefix: str = "chart") -> str:
    """The chart as an inline ``<svg>`` element (escaped text; ids unique per ``id_prefix`` and key)."""
    ident = f"{id_prefix}-{chart.key}"
    e = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(WIDTH)} {_n(HEIGHT)}" role="img" '
           f'aria-labelledby="{ident}-title {ident}-desc" class="report-chart" id="{ident}" '
           f'style="max-width: {_n(WIDTH)}px; width: 100%; height: auto">',
           f'<title id="{ident}-title">{e(chart.title)}</title>',
           f'<desc id="{ident}-desc">{e(chart.description())}</desc>']
    for s in layout(chart):
        if isinstance(s, Rect):
            out.append(f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.w)}" height="{_n(s.h)}" fill="{s.fill}">'
                       f'<title>{e(s.label)}</title></rect>')
        elif isinstance(s, Line):
            out.append(f'<line x1="{_n(s.x1)}" y1="{_n(s.y1)}" x2="{_n(s.x2)}" y2="{_n(s.y2)}" stroke="{s.stroke}" '
                       'stroke-width="1"/>')
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            out.append(f'<text x="{_n(s.x)}" y="{_n(s.y)}" text-anchor="{s.anchor}" font-size="{_n(s.size)}"'
                       f'{weight} fill="{s.fill}" aria-hidden="true">{e(s.text)}</text>')
    out.append("</svg>")
    return "".join(out)
