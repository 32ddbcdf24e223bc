"""A campaign's results tables to Excel (XlsxWriter) and PDF (fpdf2 with the Noto CJK font of the announcement).

Both take :func:`xuanren.scoring.selectors.campaign_results`: the sealed standings when the shortlist
stage is sealed, else the live computation, marked as a preview. Excel: one sheet per post (rank, name,
each component raw and scaled, composite shown and exact, shortlisted, reason) and a sheet ``计算规则``
with the formula, the rule and the weights. PDF: A4 landscape, the formula and rule at the top, then one
table per post.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import timezone

from xuanren.scoring.selectors import Results

RULES_SHEET = "计算规则"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _status(results: Results) -> str:
    if results.source == "standings":
        return "已封存并公布的结果"
    return "预览（综合成绩环节尚未封存，数字仍可能变动）"


def _component_columns(results: Results) -> list[dict[str, Any]]:
    return list(results.header.get("components", []))


def _sheet_name(code: str, title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("", f"{code} {title}")[:31].strip() or "职位"
    name, n = base, 2
    while name in used:
        suffix = f"({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def results_xlsx(results: Results) -> bytes:
    """The workbook: a sheet per post and the rules sheet."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1, "text_wrap": True, "valign": "vcenter"})
    cell = book.add_format({"border": 1, "valign": "top"})
    wrap = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    decimals = int(results.header.get("decimals", 2))
    number = book.add_format({"border": 1, "valign": "top", "num_format": "0." + "0" * decimals if decimals else "0"})
    components = _component_columns(results)
    used: set[str] = {RULES_SHEET}
    for post in results.posts:
        ws = book.add_worksheet(_sheet_name(post["code"], post["title"], used))
        ws.write_string(0, 0, f"{results.campaign.name} · {post['code']} {post['title']}", title_fmt)
        quota = post.get("quota") or "—"
        ws.write_string(1, 0, f"{results.header.get('formula', '')}　职数{post['slots']}名，应确定考察对象{quota}名，"
                              f"实际确定{post['shortlisted']}名。{_status(results)}")
        headers = ["名次", "姓名"]
        for c in components:
            headers += [f"{c['label']}成绩", f"{c['label']}折算分（×{c['weight']}%）"]
        headers += ["综合成绩", "综合成绩（精确值）", "确定为考察对象", "说明"]
        for col, h in enumerate(headers):
            ws.write_string(3, col, h, head)
        for r, row in enumerate(post["rows"], start=4):
            ws.write_string(r, 0, f"{'并列' if row['tied'] else ''}{row['rank']}", cell)
            ws.write_string(r, 1, row["name"], cell)
            col = 2
            parts = {p["kind"]: p for p in row["parts"]}
            for c in components:
                p = parts.get(c["kind"], {})
                raw = "缺考" if p.get("absent") else ("未录入" if p.get("missing") else (p.get("raw") or ""))
                ws.write_string(r, col, str(raw), cell)
                _number_or_text(ws, r, col + 1, p.get("scaled"), number, cell)
                col += 2
            _number_or_text(ws, r, col, row["composite"], number, cell)
            ws.write_string(r, col + 1, row["composite_exact"] or "", cell)
            ws.write_string(r, col + 2, "是" if row["shortlisted"] else "否", cell)
            ws.write_string(r, col + 3, row["reason"], wrap)
        ws.set_column(0, 0, 8)
        ws.set_column(1, 1, 10)
        ws.set_column(2, 1 + 2 * len(components), 12)
        ws.set_column(2 + 2 * len(components), 4 + 2 * len(components), 12)
        ws.set_column(5 + 2 * len(components), 5 + 2 * len(components), 60)
        ws.freeze_panes(4, 2)
        if post["ties"]:
            ws.write_string(5 + len(post["rows"]), 0, "并列：" + "；".join(post["ties"]))
    _rules_sheet(book, results, title_fmt, head, cell, wrap)
    book.close()
    return buffer.getvalue()


def _number_or_text(ws: Any, r: int, c: int, value: Any, number: Any, cell: Any) -> None:
    try:
        ws.write_number(r, c, float(value), number)
    except (TypeError, ValueError):
        ws.write_string(r, c, "" if value is None else str(value), cell)


def _rules_sheet(book: Any, results: Results, title_fmt: Any, head: Any, cell: Any, wrap: Any) -> None:
    ws = book.add_worksheet(RULES_SHEET)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 4, 14)
    ws.set_column(5, 5, 80)
    h = results.header
    ws.write_string(0, 0, f"{results.campaign.name} · 综合成绩计算规则", title_fmt)
    lines = [("计算公式", h.get("formula", "")), ("排名与确定考察对象", h.get("rule", "")),
             ("差额比例", f"1:{h.get('ratio', 3)}"), ("显示的小数位数", str(h.get("decimals", 2))),
             ("数据状态", _status(results)),
             ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M"))]
    for r, (label, text) in enumerate(lines, start=2):
        ws.write_string(r, 0, label, head)
        ws.merge_range(r, 1, r, 5, text, wrap)
    start = 3 + len(lines)
    for col, label in enumerate(("环节", "权重（%）", "满分", "合格线")):
        ws.write_string(start, col, label, head)
    for r, c in enumerate(h.get("components", []), start=start + 1):
        ws.write_string(r, 0, c["label"], cell)
        ws.write_string(r, 1, str(c["weight"]), cell)
        ws.write_string(r, 2, str(c["full_marks"]), cell)
        ws.write_string(r, 3, str(c["min_score"] or "—"), cell)
    if results.problems:
        r = start + 2 + len(h.get("components", []))
        ws.write_string(r, 0, "尚待完成", head)
        ws.merge_range(r, 1, r, 5, "；".join(results.problems), wrap)


# --- PDF -------------------------------------------------------------------------------------------

PDF_FAMILY = "cjk"


def results_pdf(results: Results) -> bytes:
    """A4 landscape: title, formula and rule, then a table per post. Raises
    :class:`~xuanren.campaigns.documents.pdf.PdfFontMissing` when the Chinese font is not installed."""
    from fpdf import FPDF, FontFace

    from xuanren.campaigns.documents.pdf import _face_index, break_lines, font_paths

    regular, bold = font_paths()
    pdf = FPDF(orientation="L", format="A4", unit="mm")
    pdf.add_font(PDF_FAMILY, "", str(regular), collection_font_number=_face_index(regular))
    pdf.add_font(PDF_FAMILY, "B", str(bold), collection_font_number=_face_index(bold))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    title = f"{results.campaign.name}综合成绩及考察对象名单"
    pdf.set_title(title)
    pdf.set_creator("xuanren")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(line: str, size: int, style: str = "", height: float = 6.0) -> None:
        pdf.set_font(PDF_FAMILY, style, size)
        for part in break_lines(line, width, pdf.get_string_width):
            pdf.cell(width, height, part, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font(PDF_FAMILY, "B", 18)
    pdf.cell(width, 10, title, align="C", new_x="LMARGIN", new_y="NEXT")
    text(_status(results), 10)
    text(results.header.get("formula", ""), 11)
    text(results.header.get("rule", ""), 10)
    components = _component_columns(results)
    for post in results.posts:
        pdf.ln(3)
        text(f"{post['code']} {post['title']}　职数{post['slots']}名，应确定考察对象{post.get('quota') or '—'}名，"
             f"实际确定{post['shortlisted']}名", 12, "B", 8)
        headings = ["名次", "姓名", *(f"{c['label']}（{c['weight']}%）" for c in components), "综合成绩", "考察对象",
                    "说明"]
        widths: list[float] = [14, 22, *([36] * len(components)), 22, 18]
        widths.append(max(40, width - sum(widths)))
        pdf.set_font(PDF_FAMILY, "", 9)
        with pdf.table(col_widths=widths, line_height=5.5, padding=1,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235))) as table:
            row = table.row()
            for h in headings:
                row.cell(h)
            for r in post["rows"]:
                row = table.row()
                row.cell(f"{'并列' if r['tied'] else ''}{r['rank']}")
                row.cell(r["name"])
                parts = {p["kind"]: p for p in r["parts"]}
                for c in components:
                    row.cell(_part_text(parts.get(c["kind"], {})))
                row.cell(r["composite"])
                row.cell("是" if r["shortlisted"] else "否")
                row.cell(r["reason"])
        for line in post["ties"]:
            text(line, 9)
    return bytes(pdf.output())


def _part_text(p: dict[str, Any]) -> str:
    if p.get("absent"):
        return "缺考"
    if p.get("missing") or p.get("raw") is None:
        return "未录入"
    if p.get("full_marks") not in (None, "100"):
        return f"{p['raw']}（折算{p['scaled']}）"
    return str(p["raw"])
