"""The closing report to PDF (fpdf2 with the Noto CJK font of the announcement) and to Excel (XlsxWriter).

Both render :class:`xuanren.reports.document.Report`, the document the page shows. PDF: A4 portrait, the
title centred, each section's paragraphs and tables, the charts drawn with fpdf2's own lines, rectangles
and text from :func:`xuanren.reports.charts.layout` (the shapes the page's SVG draws), the issuer and the
date in Chinese numerals at the bottom right. Excel: a sheet per section with its tables (numbers as
numbers, rounded only by the cell format; the exact fractions on the sheet 计算口径), and for each chart
its data and a native Excel column chart of it.
"""

from __future__ import annotations

import io
from typing import Any

from xuanren.reports.charts import HEIGHT, WIDTH, BarChart, Line, Rect, Text, layout
from xuanren.reports.document import Chart, Num, Paragraph, Report, Table, cell_text

FAMILY = "cjk"
MARGIN = 20.0
TITLE_PT, HEADING_PT, BODY_PT, NOTE_PT, TABLE_PT, SMALL_TABLE_PT = 20, 14, 12, 10, 9, 7.5
PT_MM = 25.4 / 72


def filename(report: Report, suffix: str) -> str:
    return f"{report.title}.{suffix}"


# --- PDF -------------------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def report_pdf(report: Report) -> bytes:
    """The PDF. Raises :class:`~xuanren.campaigns.documents.pdf.PdfFontMissing` when the Chinese font is not
    installed (the message says what to install)."""
    from fpdf import FPDF

    from xuanren.campaigns.documents.pdf import _face_index, break_lines, font_paths

    regular, bold = font_paths()

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FAMILY, "", 10)
            self.cell(0, 6, f"— {self.page_no()} —", align="C")

    pdf = _Pdf(format="A4", unit="mm")
    pdf.add_font(FAMILY, "", str(regular), collection_font_number=_face_index(regular))
    pdf.add_font(FAMILY, "B", str(bold), collection_font_number=_face_index(bold))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_title(report.title)
    pdf.set_author(report.issuer)
    pdf.set_creator("xuanren")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font(FAMILY, "B", TITLE_PT)
    for line in break_lines(report.title, width, pdf.get_string_width):
        pdf.cell(width, 11, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", NOTE_PT)
    pdf.cell(width, 7, f"报告日期：{report.date_plain}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for section in report.sections:
        pdf.ln(2)
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_font(FAMILY, "B", HEADING_PT)
        pdf.cell(width, 9, section.heading, new_x="LMARGIN", new_y="NEXT")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(pdf, block, width)
            elif isinstance(block, Table):
                _table(pdf, block, width)
            elif isinstance(block, Chart):
                _chart(pdf, block.chart, width)
    _signature(pdf, report, width)
    return bytes(pdf.output())


def _paragraph(pdf: Any, p: Paragraph, width: float) -> None:
    from xuanren.campaigns.documents.pdf import break_lines

    size = NOTE_PT if p.style == "note" else BODY_PT
    pdf.set_font(FAMILY, "", size)
    indent = 2 * pdf.font_size
    height = size * PT_MM * 1.7
    for i, line in enumerate(break_lines(p.text, width, pdf.get_string_width, first_indent=indent)):
        offset = indent if i == 0 else 0
        pdf.set_x(pdf.l_margin + offset)
        pdf.cell(width - offset, height, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf: Any, table: Table, width: float) -> None:
    from fpdf import FontFace

    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.set_font(FAMILY, "B", NOTE_PT + 0.5)
    pdf.cell(width, 7, table.title, new_x="LMARGIN", new_y="NEXT")
    if not table.rows:
        pdf.set_font(FAMILY, "", NOTE_PT)
        pdf.cell(width, 6, f"（{table.empty}）", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        return
    size = SMALL_TABLE_PT if len(table.header) > 8 else TABLE_PT
    pdf.set_font(FAMILY, "", size)
    numeric = tuple(all(isinstance(row[i], Num) for row in table.rows) for i in range(len(table.header)))
    align = tuple("RIGHT" if n else "LEFT" for n in numeric)
    with pdf.table(col_widths=table.widths, width=width, line_height=size * PT_MM * 1.5, padding=1,
                   text_align=align, headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235))) as t:
        head = t.row()
        for h in table.header:
            head.cell(h, align="CENTER")
        for row in table.rows:
            cells = t.row()
            for value in row:
                cells.cell(cell_text(value))
    pdf.ln(2)


def _chart(pdf: Any, chart: BarChart, width: float) -> None:
    """The chart's shapes (:func:`~xuanren.reports.charts.layout`) drawn with fpdf2 primitives."""
    scale = width / WIDTH
    height = HEIGHT * scale
    if pdf.will_page_break(height + 2):
        pdf.add_page()
    x0, y0 = pdf.l_margin, pdf.get_y()
    pdf.set_line_width(0.2)
    for s in layout(chart):
        if isinstance(s, Rect):
            pdf.set_fill_color(*_rgb(s.fill))
            pdf.rect(x0 + s.x * scale, y0 + s.y * scale, s.w * scale, s.h * scale, style="F")
        elif isinstance(s, Line):
            pdf.set_draw_color(*_rgb(s.stroke))
            pdf.line(x0 + s.x1 * scale, y0 + s.y1 * scale, x0 + s.x2 * scale, y0 + s.y2 * scale)
        elif isinstance(s, Text):
            pdf.set_font(FAMILY, "B" if s.bold else "", s.size * scale / PT_MM)
            pdf.set_text_color(*_rgb(s.fill))
            w = pdf.get_string_width(s.text)
            x = x0 + s.x * scale - (w / 2 if s.anchor == "middle" else w if s.anchor == "end" else 0)
            pdf.text(x, y0 + s.y * scale, s.text)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(y0 + height + 2)


def _signature(pdf: Any, report: Report, width: float) -> None:
    """The issuer centred over the date, the date four characters in from the right margin."""
    pdf.set_font(FAMILY, "", BODY_PT)
    line = BODY_PT * PT_MM * 1.8
    if pdf.will_page_break(line * 3):
        pdf.add_page()
    pdf.ln(line)
    right = pdf.l_margin + width - 4 * BODY_PT * PT_MM
    centre = right - pdf.get_string_width(report.date) / 2
    for text in (report.issuer, report.date):
        w = pdf.get_string_width(text)
        pdf.set_x(max(pdf.l_margin, centre - w / 2))
        pdf.cell(w, line, text, new_x="LMARGIN", new_y="NEXT")


# --- Excel -----------------------------------------------------------------------------------------

def report_xlsx(report: Report) -> bytes:
    """The workbook: a sheet per section; each chart's data and a native column chart beside its tables."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "heading": book.add_format({"bold": True, "font_size": 12}),
        "caption": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1, "text_wrap": True,
                                 "valign": "vcenter", "align": "center"}),
        "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "para": book.add_format({"text_wrap": True, "valign": "top"}),
        "note": book.add_format({"text_wrap": True, "valign": "top", "italic": True, "font_color": "#555555"}),
        "int": book.add_format({"border": 1, "valign": "top", "num_format": "0"}),
        "dec": book.add_format({"border": 1, "valign": "top", "num_format": "0.0"}),
        "pct": book.add_format({"border": 1, "valign": "top", "num_format": "0.0%"}),
        "none": book.add_format({"border": 1, "valign": "top", "align": "right"}),
    }
    for section in report.sections:
        ws = book.add_worksheet(section.sheet)
        ws.set_column(0, 0, 22)
        ws.set_column(1, 12, 13)
        ws.write_string(0, 0, report.title, fmt["title"])
        ws.write_string(1, 0, f"{report.issuer}　报告日期：{report.date_plain}")
        ws.write_string(3, 0, section.heading, fmt["heading"])
        row = 5
        for block in section.blocks:
            if isinstance(block, Paragraph):
                ws.merge_range(row, 0, row, 7, block.text, fmt["note" if block.style == "note" else "para"])
                ws.set_row(row, 15 * max(1, len(block.text) // 70 + 1))
                row += 2
            elif isinstance(block, Table):
                row = _xlsx_table(ws, block, row, fmt)
            elif isinstance(block, Chart):
                row = _xlsx_chart(book, ws, section.sheet, block.chart, row, fmt)
    book.close()
    return buffer.getvalue()


def _xlsx_cell(ws: Any, r: int, c: int, value: Any, fmt: dict[str, Any]) -> None:
    if not isinstance(value, Num):
        ws.write_string(r, c, str(value), fmt["text"])
    elif value.value is None:
        ws.write_string(r, c, "—", fmt["none"])
    elif value.percent:
        ws.write_number(r, c, float(value.value), fmt["pct"])
    elif isinstance(value.value, int):
        ws.write_number(r, c, value.value, fmt["int"])
    else:
        ws.write_number(r, c, float(value.value), fmt["dec"] if value.value.denominator != 1 else fmt["int"])


def _xlsx_table(ws: Any, table: Table, row: int, fmt: dict[str, Any]) -> int:
    ws.write_string(row, 0, table.title, fmt["caption"])
    row += 1
    for c, h in enumerate(table.header):
        ws.write_string(row, c, h, fmt["head"])
    row += 1
    if not table.rows:
        ws.write_string(row, 0, table.empty, fmt["text"])
        return row + 2
    for values in table.rows:
        for c, value in enumerate(values):
            _xlsx_cell(ws, row, c, value, fmt)
        row += 1
    return row + 1


def _xlsx_chart(book: Any, ws: Any, sheet: str, chart: BarChart, row: int, fmt: dict[str, Any]) -> int:
    """The chart's data as a table (category, one column per series), then a native column chart of it."""
    data = Table(f"chart_{chart.key}", f"图表数据：{chart.title}（{chart.unit}）",
                 ("类别", *(s.name for s in chart.series)),
                 tuple((category, *(Num(s.values[i]) for s in chart.series))
                       for i, category in enumerate(chart.categories)), (4, *(2 for _ in chart.series)))
    first = row + 2  # the first data row (after the caption and the header)
    end = _xlsx_table(ws, data, row, fmt)
    if not chart.categories:
        return end
    last = first + len(chart.categories) - 1
    xl = book.add_chart({"type": "column", **({"subtype": "stacked"} if chart.stacked else {})})
    quoted = f"'{sheet}'"
    for j, s in enumerate(chart.series, start=1):
        xl.add_series({"name": [sheet, first - 1, j], "categories": f"={quoted}!$A${first + 1}:$A${last + 1}",
                       "values": [sheet, first, j, last, j], "fill": {"color": s.colour},
                       "data_labels": {"value": True}})
    xl.set_title({"name": chart.title})
    xl.set_y_axis({"name": chart.unit, "min": 0, "major_gridlines": {"visible": True}})
    legend: dict[str, Any] = {"position": "bottom"} if len(chart.series) > 1 else {"none": True}
    xl.set_legend(legend)
    ws.insert_chart(row, len(data.header) + 1, xl, {"x_scale": 1.2, "y_scale": 1.0})
    return max(end, row + 17)
