"""What an uploaded attachment is, by its content rather than its name (inspection materials, objections)."""

from __future__ import annotations

import io
import zipfile


def sniff_type(data: bytes) -> str | None:
    """``"pdf"``, ``"jpg"``, ``"png"``, ``"docx"`` or ``"xlsx"`` by the file's first bytes (and, for the two
    Office formats, the part a real file holds); ``None`` for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None
