"""The slips PDF: ten to an A4 page with cut lines; each slip's text, code and QR code (decoded from a
rendering of the page, as a phone would read it)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import segno
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from xuanren.voting.codes import generate
from xuanren.voting.slips import PER_PAGE, Slip, display_code, qr_png, render_slips, slip_url

VOTE = "https://xuanren.example.org/vote/"


@pytest.fixture(scope="module")
def codes() -> list[str]:
    return [generate() for _ in range(13)]


@pytest.fixture(scope="module")
def pdf(codes: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    slips = [Slip(c, "中层干部", "张三" if i == 0 else "") for i, c in enumerate(codes)]
    path = tmp_path_factory.mktemp("slips") / "slips.pdf"
    path.write_bytes(render_slips(session_name="2026年中层干部竞争上岗民主推荐大会", slips=slips, vote_url=VOTE))
    return path


def _text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _render(path: Path, tmp: Path, page: int = 1, dpi: int = 150) -> Image.Image:
    prefix = tmp / f"page{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(path),
                    str(prefix)], check=True)
    return Image.open(f"{prefix}.png").convert("L")


def test_display_code_groups_in_fives() -> None:
    assert display_code("abcdefghjk") == "ABCDE-FGHJK"
    assert display_code("ABCDE-FGHJK") == "ABCDE-FGHJK"


def test_ten_slips_a_page_a4(pdf: Path, codes: list[str]) -> None:
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 2 == -(-len(codes) // PER_PAGE)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


def test_every_code_printed_once_as_typed(pdf: Path, codes: list[str]) -> None:
    text = _text(pdf)
    for code in codes:
        assert text.count(f"{code[:5]}-{code[5:]}") == 1
    assert _text(pdf, 1).count("-") >= 10 and sum(_text(pdf, 1).count(f"{c[:5]}-{c[5:]}") for c in codes) == 10


def test_each_slip_has_the_session_group_and_instructions(pdf: Path, codes: list[str]) -> None:
    text = _text(pdf)
    assert text.count("中层干部") >= len(codes)
    assert text.count("每码限投一次") == len(codes)
    assert text.count("用手机扫码或访问") == len(codes) and VOTE in text
    assert "2026年中层干部竞争上岗民主" in text
    assert "模拟测试" not in text
    assert text.count("张三") == 1  # a named roll's slip names its person


def test_the_chinese_font_is_embedded(pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and " yes " in fonts


def test_trial_slips_say_so_on_every_slip(codes: list[str], tmp_path: Path) -> None:
    path = tmp_path / "trial.pdf"
    path.write_bytes(render_slips(session_name="模拟", slips=[Slip(c, "院领导") for c in codes[:4]], vote_url=VOTE,
                                  trial=True))
    text = _text(path)
    assert text.count("模拟测试") >= 4 and text.count("不计入结果") == 4


def test_the_qr_codes_on_the_page_read_as_the_voting_page_with_the_code(pdf: Path, codes: list[str],
                                                                       tmp_path: Path) -> None:
    image = _render(pdf, tmp_path)
    found = sorted(r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode)
    assert found == sorted(f"{VOTE}#{c}" for c in codes[:PER_PAGE])
    # the second page has the remaining three
    found = sorted(r.text for r in zxingcpp.read_barcodes(_render(pdf, tmp_path, page=2)))
    assert found == sorted(f"{VOTE}#{c}" for c in codes[PER_PAGE:])


def test_the_code_is_in_the_fragment_never_sent_to_a_server() -> None:
    url = slip_url(VOTE, "ABCDEFGHJK")
    assert url == f"{VOTE}#ABCDEFGHJK"
    from urllib.parse import urlsplit

    assert "ABCDEFGHJK" not in urlsplit(url).path and urlsplit(url).fragment == "ABCDEFGHJK"


def test_qr_png_is_a_standard_qr_code_of_the_url() -> None:
    """Decoded back (by the reader, not the writer), M-level error correction, a four-module quiet zone,
    and the same modules as segno's encoding of the same text in the same version when the masks agree."""
    data = "https://x/vote/#ABCDEFGHJK"
    image = Image.open(io.BytesIO(qr_png(data, scale=1))).convert("L")
    found = zxingcpp.read_barcodes(image.resize((image.width * 4, image.height * 4), Image.Resampling.NEAREST))
    assert [(r.text, r.format, r.ec_level) for r in found] == [(data, zxingcpp.BarcodeFormat.QRCode, "M")]
    side = len(segno.make(data, error="m", boost_error=False).matrix)
    assert image.size == (side + 8, side + 8)
    quiet = [image.getpixel((x, y)) for x in range(image.width) for y in range(image.height)
             if min(x, y) < 4 or max(x, y) >= image.width - 4]
    assert set(quiet) == {255}
    assert image.getpixel((4, 4)) == 0  # the finder pattern's corner


def test_cut_lines_divide_the_page(pdf: Path, tmp_path: Path) -> None:
    image = _render(pdf, tmp_path, dpi=50)
    width, height = image.size

    def dark_down(x: int) -> int:
        return sum(1 for y in range(height) if min(image.getpixel((x + d, y)) for d in (-1, 0, 1)) < 200)

    def dark_across(y: int) -> int:
        return sum(1 for x in range(width) if min(image.getpixel((x, y + d)) for d in (-1, 0, 1)) < 200)

    assert dark_down(width // 2) > height // 3  # a dashed line down the middle
    for k in range(1, 5):
        assert dark_across(round(height * k / 5)) > width // 3  # and four across


def test_empty_list_is_one_blank_page() -> None:
    data = render_slips(session_name="空", slips=[], vote_url=VOTE)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1

