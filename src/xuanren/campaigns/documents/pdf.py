"""The announcement as PDF, in the manner of official documents (GB/T 9704): A4, title centred, 三号 body.

Library: fpdf2. It is pure Python (no system library such as pango to install, unlike WeasyPrint), and,
unlike reportlab, it embeds OpenType fonts with CFF outlines: Debian's Noto CJK (``fonts-noto-cjk``) is
CFF-based, and fpdf2 subsets it and embeds it as a CIDFontType0C font (``FontFile3``) with a ToUnicode
map, so the PDF shows real Chinese glyphs on a reader that has no Chinese font at all (an intranet PC),
and its text can be searched and copied. Noto Serif CJK SC is a Song (宋体) face, the face of official
documents; its bold stands in for the 小标宋 of titles.

The font is a setting: ``XUANREN_PDF_FONT`` (Django setting or environment variable), the path of a
.ttf/.otf/.ttc with Chinese glyphs, by default Debian's Noto Serif CJK Regular; ``XUANREN_PDF_FONT_BOLD``
likewise for titles and headings, by default the "Bold" file beside the regular one when it exists. In a
.ttc the Simplified Chinese face (name ending in "SC") is chosen, else the first. When the font file is
missing :func:`render_pdf` raises :class:`PdfFontMissing`, whose message names the Debian package
(``apt-get install fonts-noto-cjk``).
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fpdf import FPDF, FontFace

from xuanren.campaigns.documents.announcement import Announcement, Paragraph, Table

DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
FONT_PACKAGE = "fonts-noto-cjk"

# GB/T 9704-2012: A4, margins top 37 mm, left 28 mm, right 26 mm; 22 lines of 28 characters of 三号.
MARGIN_TOP, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM = 37.0, 28.0, 26.0, 30.0
TITLE_PT, BODY_PT, TABLE_PT, NOTE_PT, FOOTER_PT = 22, 16, 12, 14, 14
LINE_MM = 10.0  # ~1.8 lines of 三号, as 22 lines fill the 225 mm text block
TITLE_LINE_MM = 13.0
TABLE_LINE_MM = 7.0
PT_MM = 25.4 / 72
FAMILY = "cjk"
INDENT_CHARS = 2

# fontTools logs every subsetting step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Line breaking of Chinese text (禁则): these never begin a line, those never end one; runs of Latin
# letters and digits (2026, 17:00, 45%) are never split.
NO_LINE_START = frozenset("，。、；：？！）》」』”’％%,.;:?!)]}…·—")
NO_LINE_END = frozenset("（《「『“‘([{")
_TOKEN = re.compile(r"[A-Za-z0-9.:%/+\-]+|\s|.", re.DOTALL)


class PdfFontMissing(ImproperlyConfigured):
    """The Chinese font the PDF needs is not installed; the message says what to install."""


def font_paths() -> tuple[Path, Path]:
    """(regular, bold) font files from the settings; raises :class:`PdfFontMissing` when one is missing."""
    regular = Path(getattr(settings, "XUANREN_PDF_FONT", "") or os.environ.get("XUANREN_PDF_FONT", "")
                   or DEFAULT_FONT)
    if not regular.is_file():
        raise PdfFontMissing(
            f"生成 PDF 所需的中文字体文件不存在：{regular}。请安装 Debian 软件包 {FONT_PACKAGE}"
            f"（apt-get install {FONT_PACKAGE}），或用设置 XUANREN_PDF_FONT 指定一个含中文字形的字体文件。"
            f" / The Chinese font for PDFs is missing: install the Debian package {FONT_PACKAGE} "
            "or set XUANREN_PDF_FONT to a font file with Chinese glyphs.")
    bold_setting = getattr(settings, "XUANREN_PDF_FONT_BOLD", "") or os.environ.get("XUANREN_PDF_FONT_BOLD", "")
    if bold_setting:
        bold = Path(bold_setting)
        if not bold.is_file():
            raise PdfFontMissing(f"XUANREN_PDF_FONT_BOLD 指定的字体文件不存在：{bold}。")
    else:
        sibling = regular.with_name(regular.name.replace("Regular", "Bold"))
        bold = sibling if sibling != regular and sibling.is_file() else regular
    return regular, bold


@functools.lru_cache(maxsize=16)
def _face_index(path: Path) -> int:
    """In a font collection, the Simplified Chinese face; 0 otherwise."""
    if path.suffix.lower() not in {".ttc", ".otc"}:
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    try:
        for i, font in enumerate(collection.fonts):
            family = font["name"].getDebugName(1) or ""
            if family.endswith(" SC") or family.endswith("SC"):
                return i
    finally:
        collection.close()
    return 0


def render_pdf(doc: Announcement) -> bytes:
    """The PDF of ``doc``, fonts embedded (subset). The same document and fonts give the cached bytes."""
    regular, bold = font_paths()
    return _render(doc, regular, bold)


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-MARGIN_BOTTOM + 8)
        self.set_font(FAMILY, "", FOOTER_PT)
        self.cell(0, 7, f"— {self.page_no()} —", align="C")


@functools.lru_cache(maxsize=8)
def _render(doc: Announcement, regular: Path, bold: Path) -> bytes:
    pdf = _Document(format="A4", unit="mm")
    pdf.add_font(FAMILY, "", str(regular), collection_font_number=_face_index(regular))
    pdf.add_font(FAMILY, "B", str(bold), collection_font_number=_face_index(bold))
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
    pdf.set_title(doc.title)
    pdf.set_author(doc.issuer)
    pdf.set_creator("xuanren")
    pdf.set_lang("zh-CN")
    pdf.add_page()

    _title(pdf, doc.title)
    for p in doc.lead:
        _paragraph(pdf, p)
    for section in doc.sections:
        pdf.set_font(FAMILY, "B", BODY_PT)
        _lines(pdf, section.heading, LINE_MM)
        for block in section.blocks:
            if isinstance(block, Table):
                _table(pdf, block)
            else:
                _paragraph(pdf, block)
    _signature(pdf, doc)
    return bytes(pdf.output())


def break_lines(text: str, width: float, measure: Callable[[str], float], *, first_indent: float = 0) -> list[str]:
    """``text`` cut into lines no wider than ``width`` (the first ``first_indent`` narrower), by the rules of
    Chinese typesetting: a closing mark never starts a line (the character before it moves down with it),
    an opening mark never ends one, a run of Latin letters or digits is never split, spaces at a break go.
    """
    lines: list[list[str]] = []
    line: list[str] = []
    used = first_indent
    for token in _TOKEN.findall(text):
        if token.isspace() and not line:
            continue
        w = measure(token)
        if line and used + w > width:
            carry: list[str] = []
            if token[0] in NO_LINE_START and len(line) > 1:
                carry.append(line.pop())
            while len(line) > 1 and line[-1] in NO_LINE_END:
                carry.insert(0, line.pop())
            lines.append(line)
            line = carry
            used = sum(measure(t) for t in line)
            if token.isspace() and not line:
                continue
        line.append(token)
        used += w
    if line or not lines:
        lines.append(line)
    return ["".join(tokens).rstrip() for tokens in lines]


def _lines(pdf: FPDF, text: str, height: float, *, indent: bool = True) -> None:
    """A paragraph, its first line indented two characters, each line a cell."""
    first_indent = INDENT_CHARS * pdf.font_size if indent else 0
    width = pdf.w - pdf.l_margin - pdf.r_margin
    lines = break_lines(text, width, pdf.get_string_width, first_indent=first_indent)
    for i, line in enumerate(lines):
        offset = first_indent if i == 0 else 0
        # Justified: every line but the last fills the measure, the slack spread between its characters.
        slack = width - offset - pdf.get_string_width(line)
        if i < len(lines) - 1 and len(line) > 1 and 0 < slack < 5 * pdf.font_size:
            # fpdf2 2.8 writes the value straight out as the PDF's Tc, in points, whatever the unit.
            pdf.set_char_spacing(slack / (len(line) - 1) * pdf.k)
        pdf.set_x(pdf.l_margin + offset)
        pdf.cell(width - offset, height, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_char_spacing(0)


def _title(pdf: FPDF, title: str) -> None:
    """Centred; a long title in lines of about equal length rather than a full line and a stub."""
    pdf.set_font(FAMILY, "B", TITLE_PT)
    full = pdf.w - pdf.l_margin - pdf.r_margin
    count = math.ceil(pdf.get_string_width(title) / full)
    width = min(full, pdf.get_string_width(title) / count + pdf.font_size) if count > 1 else full
    for line in break_lines(title, width, pdf.get_string_width):
        pdf.cell(0, TITLE_LINE_MM, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE_MM * 0.6)


def _paragraph(pdf: FPDF, p: Paragraph) -> None:
    size = NOTE_PT if p.style == "note" else BODY_PT
    pdf.set_font(FAMILY, "B" if p.style == "subheading" else "", size)
    _lines(pdf, p.text, LINE_MM * size / BODY_PT)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "", TABLE_PT)
    with pdf.table(col_widths=table.widths, line_height=TABLE_LINE_MM, text_align="CENTER", padding=1.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235))) as t:
        for row in (table.header, *table.rows):
            cells = t.row()
            for value in row:
                cells.cell(value)
    pdf.ln(3)


def _signature(pdf: FPDF, doc: Announcement) -> None:
    """Issuer centred over the date; the date four characters in from the right margin (GB/T 9704 7.3.5)."""
    if not doc.issuer and not doc.date:
        return
    pdf.set_font(FAMILY, "", BODY_PT)
    # A full blank line above when it fits; a narrower gap rather than a page with only the signature.
    gap = next((g for g in (1.5, 0.5, 0.0) if not pdf.will_page_break(LINE_MM * (2 + g))), None)
    if gap is None:
        pdf.add_page()
        gap = 0.0
    pdf.ln(LINE_MM * gap)
    right = pdf.w - pdf.r_margin - 4 * BODY_PT * PT_MM
    date_w = pdf.get_string_width(doc.date or doc.issuer)
    centre = right - date_w / 2
    for text in (doc.issuer, doc.date):
        if text:
            w = pdf.get_string_width(text)
            pdf.set_x(max(pdf.l_margin, centre - w / 2))
            pdf.cell(w, LINE_MM, text, new_x="LMARGIN", new_y="NEXT")
