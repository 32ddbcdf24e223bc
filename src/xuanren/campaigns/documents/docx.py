"""The announcement as a Word document (.docx, python-docx), laid out like :mod:`.pdf`.

Fonts are named, not embedded: Word takes a run's Chinese font from ``w:rFonts/@w:eastAsia`` and ignores
``w:ascii`` for Chinese text, so every run sets both (宋体 bold for the title, 黑体 for headings, 仿宋 for
the body, Times New Roman for Latin letters and digits), which every Chinese Windows has. The posts are a
real table (style "Table Grid"), so they can be edited and copied as one.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from xuanren.campaigns.documents.announcement import Announcement, Paragraph, Table

TITLE_FONT, HEADING_FONT, BODY_FONT, LATIN_FONT = "宋体", "黑体", "仿宋", "Times New Roman"
TITLE_PT, BODY_PT, TABLE_PT, NOTE_PT = 22, 16, 12, 14
LINE_PT = 28  # fixed line spacing of official documents (固定值28磅)


def set_font(run: Run, east_asia: str, size: float, *, bold: bool = False) -> None:
    """``east_asia`` for Chinese characters, :data:`LATIN_FONT` for the rest."""
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def render_docx(doc: Announcement) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)

    props = document.core_properties
    props.title, props.author, props.language = doc.title, doc.issuer, "zh-CN"

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(LINE_PT)
    set_font(title.add_run(doc.title), TITLE_FONT, TITLE_PT, bold=True)

    for p in doc.lead:
        _paragraph(document.add_paragraph(), p)
    for part in doc.sections:
        heading = document.add_paragraph()
        _body_format(heading)
        set_font(heading.add_run(part.heading), HEADING_FONT, BODY_PT)
        for block in part.blocks:
            if isinstance(block, Table):
                _table(document, block)
            else:
                _paragraph(document.add_paragraph(), block)

    _signature(document, doc)
    _page_numbers(section.footer.paragraphs[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _body_format(p: DocxParagraph, size: float = BODY_PT) -> None:
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(size * 2)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT * size / BODY_PT)


def _paragraph(p: DocxParagraph, block: Paragraph) -> None:
    size = NOTE_PT if block.style == "note" else BODY_PT
    _body_format(p, size)
    set_font(p.add_run(block.text), BODY_FONT, size, bold=block.style == "subheading")


def _table(document: DocxDocument, table: Table) -> None:
    rows = (table.header, *table.rows)
    grid = document.add_table(rows=len(rows), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(table.widths) or 1
    width = Mm(210 - 28 - 26)
    for j, share in enumerate(table.widths):
        for cell in grid.columns[j].cells:
            cell.width = int(width * share / total)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            p = grid.cell(i, j).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(p.add_run(value), HEADING_FONT if i == 0 else BODY_FONT, TABLE_PT)
    document.add_paragraph()


def _signature(document: DocxDocument, doc: Announcement) -> None:
    """Issuer and date at the right, four characters in from the margin."""
    for i, text in enumerate((doc.issuer, doc.date)):
        if not text:
            continue
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
        if i == 0:
            p.paragraph_format.space_before = Pt(LINE_PT * 2)
        set_font(p.add_run(text), BODY_FONT, BODY_PT)


def _page_numbers(p: DocxParagraph) -> None:
    """"— 1 —" centred: the number is Word's PAGE field."""
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run("— "), BODY_FONT, NOTE_PT)
    run = p.add_run()
    set_font(run, BODY_FONT, NOTE_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
    set_font(p.add_run(" —"), BODY_FONT, NOTE_PT)
