"""Attachments of an inspection (考察材料): the written report, talk records, the signed conclusion…

A file is accepted only if it is at most 10 MB and one of PDF, JPEG, PNG, .docx or .xlsx — judged by its
name's extension *and* its first bytes (a renamed executable is refused). Its SHA-256 is stored and
recorded, so the record can show the file was not changed afterwards. Files are kept under MEDIA_ROOT
and served only to users with ``inspection.view`` (never as public static files).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from xuanren.inspection.actions._common import (
    inspection_refuse,
    lock_campaign,
    locked_inspection,
    now_or,
    require,
    require_stage_open,
    state,
)
from xuanren.inspection.models import Inspection, InspectionAttachment
from xuanren.record.actions import record_event
from xuanren.web.uploads import sniff_type

CAPABILITY = "inspection.manage"
MAX_BYTES = 10 * 1024 * 1024
MAX_TITLE = 200
# extension → (content type, what the type is called in a refusal)
TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "PDF"),
    "jpg": ("image/jpeg", "JPEG 图片"),
    "jpeg": ("image/jpeg", "JPEG 图片"),
    "png": ("image/png", "PNG 图片"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档（.docx）"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 工作簿（.xlsx）"),
}
ALLOWED = "PDF、JPG、PNG、DOCX、XLSX"


def extension(filename: str) -> str:
    return PurePath(filename or "").suffix.lower().lstrip(".")


def content_type(filename: str) -> str:
    return TYPES.get(extension(filename), ("application/octet-stream", ""))[0]


def _looks_like(ext: str, data: bytes) -> bool:
    """Whether the first bytes are those of the type the extension names."""
    return sniff_type(data) == ("jpg" if ext == "jpeg" else ext)


def check_file(data: bytes, filename: str) -> str:
    """The file's extension if it may be attached; otherwise the refusal (size, type, content)."""
    name = PurePath(filename or "").name
    if not data:
        raise inspection_refuse("attachment.empty", "文件“{name}”是空的", "the file '{name}' is empty", name=name)
    if len(data) > MAX_BYTES:
        raise inspection_refuse("attachment.too_big", "文件“{name}”大小{size} MB，超过了10 MB的上限",
                                "the file '{name}' ({size} MB) is larger than 10 MB", name=name,
                                size=round(len(data) / 1048576, 1))
    ext = extension(name)
    if ext not in TYPES:
        raise inspection_refuse("attachment.type", "文件“{name}”的类型不能作为附件（只接受{allowed}）",
                                "the file '{name}' is not of an accepted type ({allowed})", name=name, allowed=ALLOWED)
    if not _looks_like(ext, data):
        raise inspection_refuse("attachment.content", "文件“{name}”的内容不是{kind}，可能已损坏或扩展名有误",
                                "the content of '{name}' is not a {kind}", name=name, kind=TYPES[ext][1])
    return ext


def attachment_add(*, actor: Any, inspection: Inspection, data: bytes, filename: str, title: str = "",
                   now: dt.datetime | None = None) -> InspectionAttachment:
    """Attach a file to the inspection (while the stage is open; a concluded inspection may still receive its
    signed papers). ``title`` defaults to the file's name. Recorded as ``inspection.attachment_add`` with the
    file's name, size and SHA-256."""
    require(actor, CAPABILITY)
    now = now_or(now)
    ext = check_file(data, filename)
    name = PurePath(filename).name
    title = (title or "").strip() or PurePath(name).stem
    if len(title) > MAX_TITLE:
        raise inspection_refuse("attachment.title", "附件名称不超过{n}个字", "the title is longer than {n} characters",
                                n=MAX_TITLE)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        lock_campaign(inspection.stage.campaign)
        current = locked_inspection(inspection)
        require_stage_open(current.stage, what="上传考察材料")
        user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        row = InspectionAttachment(inspection=current, title=title, sha256=digest, uploaded_by=user, uploaded_at=now)
        # The stored name is the digest (a person's name never reaches the file system); the title keeps theirs.
        row.file.save(f"{digest[:32]}.{ext}", ContentFile(data), save=False)
        try:
            row.save()
            record_event(actor=actor, action="inspection.attachment_add", obj=row, after=_attachment_state(row),
                         details={"inspection": current.pk, "application": current.application_id,
                                  "post": current.application.post.code, "name": current.application.person.name,
                                  "title": title, "filename": name, "bytes": len(data), "sha256": digest})
        except BaseException:
            row.file.storage.delete(row.file.name)  # nothing recorded: no file left behind either
            raise
    return row


def _attachment_state(row: InspectionAttachment) -> dict[str, Any]:
    out = state(row)
    out["file"] = row.file.name
    return out


def attachment_delete(*, actor: Any, attachment: InspectionAttachment, reason: str = "",
                      now: dt.datetime | None = None) -> None:
    """Remove an attachment uploaded by mistake, before the inspection is concluded and the stage sealed. The
    record keeps its title and SHA-256. Recorded as ``inspection.attachment_delete``."""
    require(actor, CAPABILITY)
    now_or(now)
    with transaction.atomic():
        lock_campaign(attachment.inspection.stage.campaign)
        current = locked_inspection(attachment.inspection)
        require_stage_open(current.stage, what="删除考察材料")
        if current.status == Inspection.Status.CONCLUDED:
            raise inspection_refuse("attachment.concluded", "考察已形成结论，其材料不能删除", "the inspection is "
                                    "concluded: its papers cannot be removed")
        row = InspectionAttachment.objects.filter(pk=attachment.pk, inspection=current).first()
        if row is None:
            raise inspection_refuse("attachment.gone", "该附件已不存在", "the attachment no longer exists")
        before = _attachment_state(row)
        stored = row.file.name
        storage = row.file.storage
        row.delete()
        # The file goes only once the deletion is committed (a rollback keeps both row and file).
        transaction.on_commit(lambda: storage.delete(stored))
        record_event(actor=actor, action="inspection.attachment_delete", obj=current, before=before,
                     details={"inspection": current.pk, "attachment": attachment.pk, "title": before["title"],
                              "sha256": before["sha256"], "reason": (reason or "").strip()})
