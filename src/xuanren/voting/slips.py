"""Voting slips (投票码条) as PDF: A4, ten slips a page (2 × 5) with dashed cut lines.

Each slip carries the session's name, the voter group, a QR code of ``<site>/vote/#<CODE>``, the code in
large monospace type as ``XXXXX-XXXXX`` (to type in when the phone cannot scan), and one line of
instructions; a named roll's slip also names the person it is for, and every slip of a trial session says
"模拟测试". The code is in the URL's fragment (after ``#``), which a browser never sends to the server, so
no server or proxy log ever holds a code.

The plain codes exist only while the request that issued them runs: the PDF is made from them in memory,
returned as the download and never stored (the database keeps only a keyed digest of each code).

QR codes: zxing-cpp encodes each (error correction M, the best of the eight masks, a four-module quiet zone)
into an image in memory, which fpdf2 embeds — about 0.3 ms a code, where segno (pure Python, still used for
the projector page's one code) took 8–14 ms choosing its mask: a batch of 5,000 slips took a minute, close
to the server's request time limit. Chinese text uses the
Noto CJK font of :mod:`xuanren.campaigns.documents.pdf` (the same ``XUANREN_PDF_FONT`` setting); the code is
set in the PDF core font Courier, which every reader has.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import zxingcpp
from fpdf import FPDF
from PIL import Image

from xuanren.campaigns.documents.pdf import _face_index, break_lines, font_paths

# A4 in mm, cut into 2 columns × 5 rows.
PAGE_W, PAGE_H = 210.0, 297.0
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
SLIP_W, SLIP_H = PAGE_W / COLUMNS, PAGE_H / ROWS
PAD = 6.0  # inner margin of a slip
QR_MM = 34.0  # printed size of the QR code, quiet zone included
GAP = 4.0  # between the QR code and the text
FAMILY = "cjk"
MONO = "Courier"
TRIAL = "模拟测试"
INSTRUCTIONS = "用手机扫码或访问 {url} 输入投票码；每码限投一次"
_NOT_CODE = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class Slip:
    """One slip: the plain code, its group's name, and the person's name on a named roll ("" otherwise)."""

    code: str
    group: str
    person: str = ""


def display_code(code: str) -> str:
    """The code as printed and typed: upper case, in blocks of five joined by hyphens (``ABCDE-FGHJK``).

    >>> display_code("abcde fghjk")
    'ABCDE-FGHJK'
    """
    plain = _NOT_CODE.sub("", code).upper()
    return "-".join(plain[i:i + 5] for i in range(0, len(plain), 5))


def slip_url(vote_url: str, code: str) -> str:
    """What the QR code encodes: the voting page with the code in the fragment (never sent to a server)."""
    return f"{vote_url}#{code}"


def qr_image(data: str, *, scale: int = 4) -> Image.Image:
    """A QR code of ``data`` (error correction M) as a black-and-white grayscale image, ``scale`` pixels a
    module, with the standard quiet zone of four modules."""
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = zxingcpp.write_barcode_to_image(symbol, scale=scale, add_quiet_zones=True)
    height, width = pixels.shape
    return Image.frombuffer("L", (width, height), bytes(memoryview(pixels)),  # type: ignore[arg-type]
                            "raw", "L", 0, 1)


def qr_png(data: str, *, scale: int = 4) -> bytes:
    """:func:`qr_image` as a PNG file."""
    buffer = io.BytesIO()
    qr_image(data, scale=scale).save(buffer, format="PNG")
    return buffer.getvalue()


def render_slips(*, session_name: str, slips: Sequence[Slip], vote_url: str, trial: bool = False) -> bytes:
    """The PDF of ``slips`` for the session named ``session_name``; ``vote_url`` is the absolute URL of the
    voting page (``https://host/vote/``), printed on every slip and, with the code, in its QR code."""
    regular, bold = font_paths()
    pdf = _Slips()
    pdf.add_font(FAMILY, "", str(regular), collection_font_number=_face_index(regular))
    pdf.add_font(FAMILY, "B", str(bold), collection_font_number=_face_index(bold))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(f"{session_name} 投票码")
    pdf.set_creator("xuanren")
    pdf.set_lang("zh-CN")
    for start in range(0, max(len(slips), 1), PER_PAGE):
        pdf.add_page()
        _cut_lines(pdf)
        for i, slip in enumerate(slips[start:start + PER_PAGE]):
            row, column = divmod(i, COLUMNS)
            _slip(pdf, slip, column * SLIP_W, row * SLIP_H, session_name=session_name, vote_url=vote_url,
                  trial=trial)
    return bytes(pdf.output())


def _cut_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    for column in range(1, COLUMNS):
        pdf.line(column * SLIP_W, 0, column * SLIP_W, PAGE_H)
    for row in range(1, ROWS):
        pdf.line(0, row * SLIP_H, PAGE_W, row * SLIP_H)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0, 0, 0)


class _Slips(FPDF):
    """The slips' PDF, remembering how each text was cut into lines (most lines repeat on every slip)."""

    def __init__(self) -> None:
        super().__init__(format="A4", unit="mm")
        self.lines: dict[tuple[str, float, str, str, float], list[str]] = {}


def _text(pdf: _Slips, x: float, y: float, width: float, text: str, height: float, max_lines: int = 2) -> float:
    """``text`` at (x, y) in lines no wider than ``width`` (at most ``max_lines``); returns the y below it."""
    key = (text, width, pdf.font_family, pdf.font_style, pdf.font_size_pt)
    if key not in pdf.lines:
        pdf.lines[key] = break_lines(text, width, pdf.get_string_width)
    for line in pdf.lines[key][:max_lines]:
        pdf.set_xy(x, y)
        pdf.cell(width, height, line)
        y += height
    return y


def _slip(pdf: _Slips, slip: Slip, x0: float, y0: float, *, session_name: str, vote_url: str, trial: bool) -> None:
    code = display_code(slip.code)
    qr_x, qr_y = x0 + PAD - 2, y0 + (SLIP_H - QR_MM) / 2 - 3
    pdf.image(qr_image(slip_url(vote_url, slip.code)), x=qr_x, y=qr_y, w=QR_MM, h=QR_MM)

    left = qr_x + QR_MM + GAP
    width = x0 + SLIP_W - PAD - left
    y = y0 + PAD
    if trial:
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(200, 0, 0)
        label_w = pdf.get_string_width(TRIAL) + 3
        pdf.set_draw_color(200, 0, 0)
        pdf.set_xy(x0 + SLIP_W - PAD - label_w, y0 + 2.5)
        pdf.cell(label_w, 5.5, TRIAL, border=1, align="C")
        pdf.set_draw_color(0, 0, 0)
        pdf.set_text_color(0, 0, 0)
        y += 3
    pdf.set_font(FAMILY, "B", 10.5)
    y = _text(pdf, left, y, width, session_name, 5, max_lines=2)
    pdf.set_font(FAMILY, "", 9.5)
    y = _text(pdf, left, y + 0.5, width, slip.group, 4.8, max_lines=1)
    if slip.person:
        pdf.set_font(FAMILY, "B", 11)
        y = _text(pdf, left, y + 0.5, width, slip.person, 5.5, max_lines=1)

    pdf.set_font(MONO, "B", 17 if len(code) <= 11 else 13)
    pdf.set_xy(left, max(y + 2, y0 + SLIP_H / 2 - 4))
    pdf.cell(width, 9, code)
    y = pdf.get_y() + 10

    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(60, 60, 60)
    # "用手机扫码或访问 / <url> / 输入投票码；每码限投一次": the address on a line of its own, so that neither
    # it nor the rule is ever cut in two.
    before, after = INSTRUCTIONS.split("{url}")
    y = _text(pdf, left, y, width, before.strip(), 3.8, max_lines=1)
    y = _text(pdf, left, y, width, vote_url, 3.8, max_lines=2)
    _text(pdf, left, y, width, after.strip(), 3.8, max_lines=1)
    if trial:
        pdf.set_font(FAMILY, "", 7.5)
        pdf.set_xy(qr_x, qr_y + QR_MM)
        pdf.cell(QR_MM, 4, "（模拟测试，不计入结果）", align="C")
    pdf.set_text_color(0, 0, 0)
