"""Benchmark of the voting slips PDF: a batch of codes as printed slips, ten to an A4 page.

Run:  .venv/bin/python bench/slips.py       (or --slips N --repeat R --target SECONDS)

What is timed: :func:`xuanren.voting.slips.render_slips` for ``--slips`` codes (default 5,000, the largest
batch one request issues, ``voting.actions.codes.MAX_BATCH``), as shipped — each QR code encoded by
zxing-cpp. The baseline, in the same run on the same codes: the same PDF with each QR code encoded by segno
(pure Python, which the slips used before) and drawn from the same kind of image. Both PDFs are made in
memory; the bench checks that they have the same number of pages and that the ten QR codes of the first
page of each decode to their slips' URLs, prints both times and the ratio, and exits 1 if the shipped one
misses the target (the slips are made inside the request that issues the codes, so they must stay well
inside the server's 120 s request time limit on a busy machine; 2 if the PDFs differ).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

VOTE_URL = "http://10.0.0.5/vote/"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuanren.config.settings")
    os.environ.setdefault("XUANREN_INSTANCE", tempfile.mkdtemp(prefix="xuanren-bench-slips-"))
    import django

    django.setup()


def segno_image(data: str, *, scale: int = 4) -> Any:
    """The baseline's QR code: segno's encoding of ``data`` (error correction M) as the same grayscale image."""
    import segno
    from PIL import Image

    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return Image.open(buffer).convert("L")


def timed(make: Callable[[], bytes], repeat: int) -> tuple[list[float], bytes]:
    times, pdf = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = make()
        times.append(time.perf_counter() - start)
    return times, pdf


def page_qrs(pdf: bytes) -> list[str]:
    """The texts of the QR codes on the first page, sorted (rendered by pdftoppm; [] without it)."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        return []
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-",
                        os.path.join(tmp, "page")], input=pdf, capture_output=True, check=True)
        found = zxingcpp.read_barcodes(Image.open(os.path.join(tmp, "page.png")))
    return sorted(r.text for r in found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slips", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--target", type=float, default=30.0, help="seconds for the shipped PDF (median)")
    args = parser.parse_args()
    _setup()
    from pypdf import PdfReader

    from xuanren.voting import slips as module
    from xuanren.voting.codes import generate

    codes = [generate() for _ in range(args.slips)]
    batch = [module.Slip(code=c, group="其他人员") for c in codes]
    session = f"民主推荐大会 {secrets.token_hex(2)}"

    def shipped() -> bytes:
        return module.render_slips(session_name=session, slips=batch, vote_url=VOTE_URL)

    def baseline() -> bytes:
        kept = module.qr_image
        module.qr_image = segno_image  # type: ignore[assignment]
        try:
            return shipped()
        finally:
            module.qr_image = kept  # type: ignore[assignment]

    ours, pdf = timed(shipped, args.repeat)
    base, base_pdf = timed(baseline, args.repeat)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    base_pages = len(PdfReader(io.BytesIO(base_pdf)).pages)
    expected = sorted(module.slip_url(VOTE_URL, c) for c in codes[:module.PER_PAGE])
    decoded, base_decoded = page_qrs(pdf), page_qrs(base_pdf)

    m, b = statistics.median(ours), statistics.median(base)
    print(f"Voting slips: {args.slips:,} slips, {pages} pages; Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs; median of {args.repeat}")
    print(f"  shipped (zxing-cpp QR):   {m:7.2f} s  {args.slips / m:8,.0f} slips/s  {len(pdf) / 1e6:.1f} MB")
    print(f"  baseline (segno QR):      {b:7.2f} s  {args.slips / b:8,.0f} slips/s  {len(base_pdf) / 1e6:.1f} MB")
    print(f"  baseline / shipped: {b / m:.1f}×; the first page's {len(expected)} QR codes decode to their URLs: "
          f"shipped {decoded == expected}, baseline {base_decoded == expected}"
          + (" (not checked: no pdftoppm)" if not decoded else ""))
    if pages != base_pages or (decoded and (decoded != expected or base_decoded != expected)):
        print("the two PDFs differ", file=sys.stderr)
        return 2
    if m >= args.target:
        print(f"target missed: {m:.2f} s ≥ {args.target:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
