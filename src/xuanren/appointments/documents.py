"""The appointment notice (任职通知) and the end-of-probation decision (试用期满考核决定): editable templates,
what their placeholders are, and the documents rendered from them as .docx and PDF.

A template (:class:`~xuanren.appointments.models.DocumentTemplate`, one per kind; until the organiser
saves one, :data:`DEFAULTS`) has a title and a body with ``{placeholders}``; the names each kind knows
are :data:`FIELDS` (an unknown one is refused when the template is saved, naming it). The body's lines
are the paragraphs; a first line ending in "：" is the addressee (主送机关, not indented).

The rendering imitates an official document (GB/T 9704, as :mod:`xuanren.campaigns.documents` does for the
announcement): the issuing body's name in red at the head, the document number (文号) under it, a red
rule, the title centred in bold Song, the body in 仿宋 三号 indented two characters, and the issuer and
the date — in Chinese numerals, 二〇二六年十二月一日 — at the bottom right.
"""

from __future__ import annotations

import datetime as dt
import io
import string
from collections.abc import Mapping
from dataclasses import dataclass

from xuanren.campaigns.errors import refuse

# ---------------------------------------------------------------------------------------------- numerals

_DIGITS = "〇一二三四五六七八九"


def zh_numeral_date(day: dt.date) -> str:
    """二〇二六年十二月一日: the year digit by digit, month and day as numbers (十、十一、二十一、三十)."""
    return f"{''.join(_DIGITS[int(c)] for c in str(day.year))}年{zh_number(day.month)}月{zh_number(day.day)}日"


def zh_number(n: int) -> str:
    """1–99 in Chinese: 一, 十, 十二, 二十, 二十一."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_DIGITS[tens]}十")
    return head + (_DIGITS[ones] if ones else "")


def zh_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def zh_years(years: int) -> str:
    """两年, 三年 (一年 for one)."""
    return "两年" if years == 2 else f"{zh_number(years)}年"


def zh_months(months: int) -> str:
    """12 → 一年, 6 → 六个月, 18 → 一年六个月."""
    years, rest = divmod(months, 12)
    out = zh_years(years) if years else ""
    return out + (f"{zh_number(rest)}个月" if rest else "")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def period_end(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` from ``start`` (2027-01-05 + 12 months → 2028-01-04)."""
    return add_months(start, months) - dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------------- templates

APPOINTMENT, PROBATION = "appointment", "probation"

COMMON_FIELDS: dict[str, str] = {
    "name": "姓名", "gender": "性别", "post": "职位名称", "department": "部门", "unit": "单位", "level": "职务层次",
    "effective": "任职时间（2027年1月5日）", "document_number": "文号", "document_date": "发文日期",
    "issuer": "发文机关", "campaign": "竞聘批次名称", "previous_post": "原任职务",
}
FIELDS: dict[str, dict[str, str]] = {
    APPOINTMENT: {
        **COMMON_FIELDS, "term_years": "任期年数（2）", "term": "任期（两年）", "term_end": "任期届满日期",
        "probation": "试用期（一年；无试用期为空）", "probation_end": "试用期满日期",
        "probation_clause": "试用期的说法（“，试用期一年（自…至…）”；无试用期为空）",
        "basis": "任用依据（竞聘结果，或从后备干部中任用时引用原竞聘成绩）",
    },
    PROBATION: {
        **COMMON_FIELDS, "probation": "试用期（一年）", "probation_end": "试用期满日期",
        "outcome": "考核结论（试用期满考核合格，正式任职 等）", "decision": "决定事项（按考核结论生成的整句）",
        "reason": "考核意见", "extended_until": "延长试用期至",
    },
}

# (title, body, issuer); an empty issuer is the campaign's unit.
DEFAULTS: dict[str, tuple[str, str, str]] = {
    APPOINTMENT: (
        "关于{name}同志任职的通知",
        "各部门：\n"
        "{basis}{issuer}研究决定：\n"
        "{name}同志任{post}（{level}）{probation_clause}。任职时间自{effective}起计算，任期{term}。\n"
        "特此通知。",
        "",
    ),
    PROBATION: (
        "关于{name}同志试用期满考核情况的决定",
        "各部门：\n"
        "{name}同志自{effective}起试任{post}（{level}），试用期{probation}，至{probation_end}期满。"
        "经考核，{decision}\n"
        "考核意见：{reason}\n"
        "特此决定。",
        "",
    ),
}


def placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text``, in order; refuses unbalanced braces and formatted fields."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise refuse("appointments.template.braces",
                     "模板中的花括号不成对（占位符应写作{{name}}，花括号本身写作{{{{或}}}}）",
                     "the template's braces do not match") from None
    out: list[str] = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise refuse("appointments.template.format", "占位符{{{name}}}不能带格式说明", "the placeholder {{{name}}} "
                         "cannot carry a format", name=name)
        out.append(name)
    return out


def check_template(kind: str, title: str, body: str) -> None:
    """Refuses a placeholder unknown to ``kind`` (naming it and the known ones), or an empty title/body."""
    if not title.strip() or not body.strip():
        raise refuse("appointments.template.empty", "模板的标题和正文都不能为空", "a template needs a title and a body")
    known = FIELDS[kind]
    unknown = [n for n in placeholders(title) + placeholders(body) if n not in known]
    if unknown:
        raise refuse("appointments.template.unknown_placeholder", "模板中有未知的占位符{{{name}}}（可用：{known}）",
                     "the template has an unknown placeholder {{{name}}} (known: {known})", name=unknown[0],
                     known="、".join("{" + k + "}" for k in known))


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its placeholders replaced (a name without a value becomes empty)."""
    return text.format_map({n: values.get(n, "") for n in placeholders(text)})


# ---------------------------------------------------------------------------------------------- the document

@dataclass(frozen=True)
class OfficialDocument:
    """A filled-in document: the issuing body (head and signature), 文号, title, addressee, paragraphs, and
    the date in Chinese numerals."""

    issuer: str
    number: str
    title: str
    addressee: str
    paragraphs: tuple[str, ...]
    date: str

    def text(self) -> str:
        """The document as plain text, stored with the appointment (and read back by :func:`from_text`):
        issuer, number, title, addressee (maybe empty), the paragraphs, an empty line, issuer and date."""
        return "\n".join([self.issuer, self.number, self.title, self.addressee, *self.paragraphs, "", self.issuer,
                          self.date])


def build(*, title: str, body: str, issuer: str, values: Mapping[str, str], date: dt.date) -> OfficialDocument:
    """Fill ``title`` and ``body`` with ``values`` (which must carry ``document_number``)."""
    lines = [line.strip() for line in fill(body, values).splitlines()]
    lines = [line for line in lines if line]
    addressee = lines.pop(0) if lines and lines[0].endswith(("：", ":")) and len(lines[0]) <= 40 else ""
    return OfficialDocument(issuer=issuer, number=values.get("document_number", ""), title=fill(title, values),
                            addressee=addressee, paragraphs=tuple(lines), date=zh_numeral_date(date))


def from_text(text: str) -> OfficialDocument:
    """A stored document's text, as :meth:`OfficialDocument.text` wrote it, read back for rendering."""
    lines = text.split("\n")
    head = [*lines, "", "", "", ""][:4]
    rest = lines[4:]
    if len(rest) >= 3 and rest[-3] == "":  # the paragraphs, an empty line, issuer and date
        return OfficialDocument(issuer=head[0], number=head[1], title=head[2], addressee=head[3],
                                paragraphs=tuple(line for line in rest[:-3] if line), date=rest[-1])
    return OfficialDocument(issuer=head[0], number=head[1], title=head[2], addressee=head[3],
                            paragraphs=tuple(line for line in rest if line), date="")


# ---------------------------------------------------------------------------------------------- .docx

RED = (0xC0, 0x00, 0x00)
HEAD_PT = 26


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx: fonts named (宋体 title, 仿宋 body) as the announcement's are."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    from xuanren.campaigns.documents.docx import BODY_FONT, BODY_PT, LATIN_FONT, LINE_PT, TITLE_FONT, TITLE_PT, set_font

    document = Document()
    section = document.sections[0]
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

    if doc.issuer:
        head = document.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = head.add_run(doc.issuer)
        set_font(run, TITLE_FONT, HEAD_PT, bold=True)
        run.font.color.rgb = RGBColor(*RED)
        head.paragraph_format.space_after = Pt(LINE_PT)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(number.add_run(doc.number), BODY_FONT, BODY_PT)
    # The red rule under the number: a bottom border on its paragraph.
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    number._p.get_or_add_pPr().append(borders)
    number.paragraph_format.space_after = Pt(LINE_PT)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(LINE_PT)
    set_font(title.add_run(doc.title), TITLE_FONT, TITLE_PT, bold=True)

    def body(text: str, indent: bool) -> None:
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(BODY_PT * 2) if indent else None
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)
        set_font(p.add_run(text), BODY_FONT, BODY_PT)

    if doc.addressee:
        body(doc.addressee, False)
    for text in doc.paragraphs:
        body(text, True)
    for i, text in enumerate((doc.issuer, doc.date)):
        if not text:
            continue
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
        if i == 0:
            p.paragraph_format.space_before = Pt(LINE_PT * 2)
        set_font(p.add_run(text), BODY_FONT, BODY_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------- PDF

def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF (fpdf2, Noto CJK embedded); raises
    :class:`~xuanren.campaigns.documents.pdf.PdfFontMissing` without the font."""
    from fpdf import FPDF

    from xuanren.campaigns.documents import pdf as base

    regular, bold = base.font_paths()
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font(base.FAMILY, "", str(regular), collection_font_number=base._face_index(regular))
    pdf.add_font(base.FAMILY, "B", str(bold), collection_font_number=base._face_index(bold))
    pdf.set_margins(base.MARGIN_LEFT, base.MARGIN_TOP, base.MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=base.MARGIN_BOTTOM)
    pdf.set_title(doc.title)
    pdf.set_author(doc.issuer)
    pdf.set_creator("xuanren")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    if doc.issuer:
        pdf.set_text_color(*RED)
        pdf.set_font(base.FAMILY, "B", HEAD_PT)
        pdf.cell(0, base.TITLE_LINE_MM + 2, doc.issuer, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(base.LINE_MM * 0.5)
    pdf.set_font(base.FAMILY, "", base.BODY_PT)
    pdf.cell(0, base.LINE_MM, doc.number, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.6)
    y = pdf.get_y() + 2
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(y + base.LINE_MM * 0.8)

    pdf.set_font(base.FAMILY, "B", base.TITLE_PT)
    for line in base.break_lines(doc.title, width, pdf.get_string_width):
        pdf.cell(0, base.TITLE_LINE_MM, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(base.LINE_MM * 0.6)

    pdf.set_font(base.FAMILY, "", base.BODY_PT)
    if doc.addressee:
        base._lines(pdf, doc.addressee, base.LINE_MM, indent=False)
    for text in doc.paragraphs:
        base._lines(pdf, text, base.LINE_MM)
    if doc.issuer or doc.date:
        if pdf.will_page_break(base.LINE_MM * 3.5):
            pdf.add_page()
        pdf.ln(base.LINE_MM * 1.5)
        right = pdf.w - pdf.r_margin - 4 * base.BODY_PT * base.PT_MM
        centre = right - pdf.get_string_width(doc.date or doc.issuer) / 2
        for text in (doc.issuer, doc.date):
            if text:
                w = pdf.get_string_width(text)
                pdf.set_x(max(pdf.l_margin, centre - w / 2))
                pdf.cell(w, base.LINE_MM, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
