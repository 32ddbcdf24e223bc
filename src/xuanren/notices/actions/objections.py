"""Objections to a notice (公示期间反映问题): lodged by the public or registered by an organiser, assigned,
investigated and concluded, every step in the record.

- :func:`objection_lodge` — the public, on the notice's page: anonymous or named (name and contact then
  required), the text, optional attachments (at most {MAX_FILES}, each at most 10 MB, PDF, JPG, PNG,
  .docx or .xlsx — checked by content, not by name), the person objected to or none ("其他"). Only while
  the notice is published and within its period; at most a few per client and hour
  (:mod:`xuanren.notices.throttle`). Returns the objection with its receipt number (``JB-2026-7Q3K9M``:
  random, not sequential, so one receipt tells nothing about the others).
- :func:`objection_register` — an organiser enters one received by phone, letter, visit or e-mail.
- :func:`objection_assign` → :func:`objection_investigate` (notes, appended with date and author) →
  :func:`objection_conclude` (the finding and the reply): verified → the entry is stopped (the appointment
  of that person stops); not verified or out of scope → it proceeds (cleared once the notice has ended and
  nothing else about them is open).

Who lodged an objection (name, contact) and what it says are never written to the record; the record
keeps the receipt, the steps, who took them, the finding and digests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from xuanren.accounts.access import has
from xuanren.campaigns.actions._common import zh_instant
from xuanren.campaigns.errors import refuse
from xuanren.notices import throttle
from xuanren.notices.actions._common import lock_campaign, now_or, require, state, today, user_or_none
from xuanren.notices.models import Notice, NoticeEntry, Objection, ObjectionAttachment
from xuanren.record.actions import actor_label, record_event
from xuanren.rules.calendar import zh_date
from xuanren.web.uploads import sniff_type

PUBLIC = "public"  # the record's actor for what the public lodges
MAX_FILES = 5
MAX_TEXT = 5000
MAX_NOTES = 5000
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
RECEIPT_LENGTH = 6
# type → (extensions, content type)
TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "jpg": ((".jpg", ".jpeg"), "image/jpeg"),
    "png": ((".png",), "image/png"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
TYPE_WORDS = "PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）"

__doc__ = (__doc__ or "").format(MAX_FILES=MAX_FILES)


def max_bytes() -> int:
    return int(getattr(settings, "NOTICES_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True)
class Upload:
    """An attachment as the view read it: the name the sender gave and its bytes."""

    name: str
    data: bytes


def objection_state(o: Objection) -> dict[str, Any]:
    """The objection for the record's digests: never the sender's name, contact or words (only a digest)."""
    out = state(o)
    for key in ("name", "contact", "text", "investigation", "reply"):
        out[key] = hashlib.sha256(str(out.get(key) or "").encode()).hexdigest()
    return out


# --- checks ----------------------------------------------------------------------------------------

def clean_name(name: str) -> str:
    """The file's own name, without any folder the sender's system put before it."""
    return PurePath(str(name or "").replace("\\", "/")).name.strip()[:200] or "附件"


def check_size(name: str, size: int) -> None:
    """Refuse a file over the limit (views call this before reading an upload)."""
    limit = max_bytes()
    if size > limit:
        raise refuse("notices.objections.file_too_big", "附件“{name}”大小{size} MB，超过{limit} MB的上限",
                     "the attachment '{name}' is {size} MB, over the limit of {limit} MB", name=clean_name(name),
                     size=round(size / 1048576, 1), limit=round(limit / 1048576))


def check_uploads(files: Sequence[Upload]) -> list[tuple[Upload, str]]:
    """Each file with its type; refused for too many, too big, empty or of a type not accepted."""
    if len(files) > MAX_FILES:
        raise refuse("notices.objections.too_many_files", "附件最多{n}个", "at most {n} attachments", n=MAX_FILES)
    out = []
    for f in files:
        name = clean_name(f.name)
        check_size(name, len(f.data))
        if not f.data:
            raise refuse("notices.objections.file_empty", "附件“{name}”是空文件", "the attachment '{name}' is empty",
                         name=name)
        kind = sniff_type(f.data)
        suffix = PurePath(name).suffix.lower()
        if kind is None or suffix not in TYPES[kind][0]:
            raise refuse("notices.objections.file_type", "附件“{name}”的类型不被接受，只接受{types}",
                         "the attachment '{name}' is not of an accepted type (PDF, JPG, PNG, .docx, .xlsx)",
                         name=name, types=TYPE_WORDS)
        out.append((Upload(name[:200], f.data), kind))
    return out


def _words(text: Any, limit: int, label: str, code: str, *, required: bool = True) -> str:
    words = str(text or "").strip()
    if required and not words:
        raise refuse(f"notices.objections.{code}_required", "请填写{label}", "{label_en} is required", label=label,
                     label_en=code)
    if len(words) > limit:
        raise refuse(f"notices.objections.{code}_too_long", "{label}最多{limit}个字", "{label_en} has at most {limit} "
                     "characters", label=label, label_en=code, limit=limit)
    return words


def _sender(anonymous: bool, name: Any, contact: Any) -> tuple[str, str]:
    if anonymous:
        return "", ""
    return (_words(name, 50, "反映人姓名（实名反映须填写）", "name"),
            _words(contact, 100, "联系方式（实名反映须填写）", "contact"))


def _entry_of(notice: Notice, entry: Any) -> NoticeEntry | None:
    if entry in (None, "", "other", 0):
        return None
    pk = entry.pk if isinstance(entry, NoticeEntry) else entry
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = -1
    found = NoticeEntry.objects.filter(notice=notice, pk=pk).first()
    if found is None:
        raise refuse("notices.objections.unknown_entry", "反映对象不在本公示的人选中", "the person objected to is not "
                     "on this notice")
    return found


def new_receipt(year: int) -> str:
    for _ in range(20):
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        receipt = f"JB-{year}-{code}"
        if not Objection.objects.filter(receipt=receipt).exists():
            return receipt
    raise RuntimeError("no free receipt number after 20 tries")  # pragma: no cover - 10⁹ numbers a year


def normalise_receipt(text: str) -> str:
    """A typed receipt in the stored form ``JB-2026-7Q3K9M``: upper case, spaces dropped, dashes restored."""
    t = "".join(str(text or "").split()).upper()
    for dash in ("—", "－", "–", "_"):
        t = t.replace(dash, "-")
    bare = t.replace("-", "")
    if bare.startswith("JB") and len(bare) == 2 + 4 + RECEIPT_LENGTH and bare[2:6].isdigit():
        return f"JB-{bare[2:6]}-{bare[6:]}"
    return t[:30]


def _save_files(objection: Objection, files: list[tuple[Upload, str]], saved: list[Any]) -> list[str]:
    digests = []
    for upload, kind in files:
        sha = hashlib.sha256(upload.data).hexdigest()
        attachment = ObjectionAttachment(objection=objection, title=upload.name, sha256=sha, size=len(upload.data),
                                         content_type=TYPES[kind][1])
        attachment.file.save(f"{uuid.uuid4().hex}{TYPES[kind][0][0]}", ContentFile(upload.data), save=False)
        saved.append(attachment.file)
        attachment.save()
        digests.append(sha)
    return digests


def _delete_files(saved: list[Any]) -> None:
    for f in saved:
        with contextlib.suppress(OSError):  # the file system refused: nothing refers to the file
            f.storage.delete(f.name)


def _locked_notice(notice: Notice) -> Notice:
    return Notice.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=notice.pk)


def _create(*, actor: Any, notice: Notice, entry: Any, anonymous: bool, name: Any, contact: Any, text: Any,
            files: Sequence[Upload], lodged_at: dt.datetime, channel: str, action: str,
            client: str | None) -> Objection:
    sender_name, sender_contact = _sender(anonymous, name, contact)
    words = _words(text, MAX_TEXT, "反映内容", "text")
    checked = check_uploads(files)
    saved: list[Any] = []
    try:
        with transaction.atomic():
            lock_campaign(notice.campaign)
            current = _locked_notice(notice)
            check_open(current, lodged_at, channel=channel)
            target = _entry_of(current, entry)
            if client is not None:
                throttle.note(throttle.LODGE, client, now=lodged_at)
            objection = Objection(notice=current, entry=target, receipt=new_receipt(lodged_at.year),
                                  anonymous=anonymous, name=sender_name, contact=sender_contact, text=words,
                                  lodged_at=lodged_at, channel=channel, registered_by=user_or_none(actor))
            objection.save()
            digests = _save_files(objection, checked, saved)
            record_event(actor=actor, action=action, obj=objection, after=objection_state(objection),
                         details={"campaign": current.campaign_id, "notice": current.pk, "receipt": objection.receipt,
                                  "entry": target.application_id if target else None, "channel": channel,
                                  "anonymous": anonymous, "attachments": digests})
    except BaseException:
        _delete_files(saved)
        raise
    return objection


def check_open(notice: Notice, when: dt.datetime, *, channel: str = Objection.Channel.WEB) -> None:
    """Objections are taken while the notice is published, from its first day to its last (in the campaign's
    time zone); refused otherwise, with the reason."""
    if notice.status == Notice.Status.DRAFT:
        raise refuse("notices.objections.not_published", "公示尚未发布", "the notice has not been published")
    if notice.status == Notice.Status.ENDED:
        raise refuse("notices.objections.ended", "公示已于{ends}期满结束，不再受理反映",
                     "the notice ended on {ends_en}: objections are no longer taken", ends=zh_date(notice.ends),
                     ends_en=notice.ends.isoformat())
    day = today(notice.campaign, when)
    if day < notice.starts:
        raise refuse("notices.objections.not_started", "公示期自{starts}开始，尚未开始受理", "the notice period starts "
                     "on {starts_en}", starts=zh_date(notice.starts), starts_en=notice.starts.isoformat())
    if day > notice.ends:
        raise refuse("notices.objections.period_over", "公示期已于{ends}截止，不再受理反映",
                     "the notice period ended on {ends_en}: objections are no longer taken",
                     ends=zh_date(notice.ends), ends_en=notice.ends.isoformat())


# --- lodging and registering -----------------------------------------------------------------------

def objection_lodge(*, notice: Notice, text: Any, anonymous: bool = True, name: Any = "", contact: Any = "",
                    entry: Any = None, files: Sequence[Upload] = (), client: str | None = None,
                    now: dt.datetime | None = None) -> Objection:
    """The public lodges an objection on the notice's page (no log-in: the record's actor is ``public``).
    ``entry``: the person objected to (an entry of the notice), or ``None`` for "其他". ``client``: the keyed
    digest of the sender's address, for the rate limit. Recorded as ``objections.lodge``."""
    now = now_or(now)
    if throttle.is_locked(throttle.LODGE, client, now=now):
        raise refuse("notices.objections.throttled", "提交过于频繁，请稍后再试", "too many objections from this "
                     "client: try again later")
    return _create(actor=PUBLIC, notice=notice, entry=entry, anonymous=bool(anonymous), name=name, contact=contact,
                   text=text, files=files, lodged_at=now, channel=Objection.Channel.WEB, action="objections.lodge",
                   client=client)


def objection_register(*, actor: Any, notice: Notice, channel: str, text: Any, anonymous: bool = True,
                       name: Any = "", contact: Any = "", entry: Any = None, received: dt.date | None = None,
                       files: Sequence[Upload] = (), now: dt.datetime | None = None) -> Objection:
    """An organiser registers an objection received by phone, letter, visit or e-mail (``channel``), on the
    day ``received`` (default today; it must fall within the period and not be in the future). Recorded as
    ``objections.register``."""
    require(actor, "objections.handle")
    now = now_or(now)
    if channel not in Objection.Channel.values or channel == Objection.Channel.WEB:
        raise refuse("notices.objections.channel", "请选择反映方式（来电、来信、来访或电子邮件）",
                     "choose how it was received: phone, letter, visit or e-mail")
    when = now
    if received is not None:
        day = today(notice.campaign, now)
        if received > day:
            raise refuse("notices.objections.received_future", "收到日期{day}晚于今天", "the day received, {day_en}, "
                         "is in the future", day=zh_date(received), day_en=received.isoformat())
        if received != day:
            from xuanren.campaigns.actions._common import zone

            when = dt.datetime.combine(received, dt.time(9, 0), tzinfo=zone(notice.campaign))
    return _create(actor=actor, notice=notice, entry=entry, anonymous=bool(anonymous), name=name, contact=contact,
                   text=text, files=files, lodged_at=when, channel=channel, action="objections.register", client=None)


# --- handling --------------------------------------------------------------------------------------

def _locked(objection: Objection) -> Objection:
    # Only the objection's row: its entry is a nullable (outer) join, which PostgreSQL cannot lock.
    return (Objection.objects.select_for_update(of=("self",)).select_related("notice__campaign", "entry")
            .get(pk=objection.pk))


def _require_not_concluded(o: Objection) -> None:
    if o.status == Objection.Status.CONCLUDED:
        raise refuse("notices.objections.concluded", "反映问题{receipt}已办结，不能再改动", "objection {receipt} is "
                     "concluded: it can no longer change", receipt=o.receipt)


def objection_assign(*, actor: Any, objection: Objection, assignee: Any, now: dt.datetime | None = None) -> Objection:
    """Give the objection to a handler (a user who may handle objections); again to hand it to another.
    Recorded as ``objections.assign``."""
    require(actor, "objections.handle")
    now = now_or(now)
    if assignee is None or not getattr(assignee, "is_active", False) or not has(assignee, "objections.handle"):
        raise refuse("notices.objections.assignee", "承办人须为有权办理反映问题的在岗用户（组织人事干部）",
                     "the handler must be an active user who may handle objections (an organiser)")
    with transaction.atomic():
        lock_campaign(objection.notice.campaign)
        current = _locked(objection)
        _require_not_concluded(current)
        before = objection_state(current)
        current.assignee, current.assigned_at = assignee, now
        if current.status == Objection.Status.RECEIVED:
            current.status = Objection.Status.ASSIGNED
        current.save(update_fields=["assignee", "assigned_at", "status"])
        record_event(actor=actor, action="objections.assign", obj=current, before=before,
                     after=objection_state(current),
                     details={"receipt": current.receipt, "notice": current.notice_id,
                              "assignee": actor_label(assignee)})
    return current


def objection_investigate(*, actor: Any, objection: Objection, notes: Any,
                          now: dt.datetime | None = None) -> Objection:
    """Add investigation notes (谈话、调阅材料、核查结果 …): appended with the time and author, never replacing
    earlier notes. Needs a handler first. Recorded as ``objections.investigate``."""
    require(actor, "objections.handle")
    now = now_or(now)
    words = _words(notes, MAX_NOTES, "调查核实情况", "notes")
    with transaction.atomic():
        lock_campaign(objection.notice.campaign)
        current = _locked(objection)
        _require_not_concluded(current)
        if current.assignee_id is None:
            raise refuse("notices.objections.not_assigned", "请先交办承办人，再记录调查核实情况",
                         "assign a handler before recording the investigation")
        before = objection_state(current)
        user = user_or_none(actor)
        who = (user.get_full_name() or user.get_username()) if user is not None else actor_label(actor)
        line = f"【{zh_instant(current.notice.campaign, now)} {who}】{words}"
        current.investigation = f"{current.investigation}\n{line}".strip()
        current.status = Objection.Status.INVESTIGATING
        current.save(update_fields=["investigation", "status"])
        record_event(actor=actor, action="objections.investigate", obj=current, before=before,
                     after=objection_state(current),
                     details={"receipt": current.receipt, "notice": current.notice_id,
                              "notes_sha256": hashlib.sha256(words.encode()).hexdigest()})
    return current


def objection_conclude(*, actor: Any, objection: Objection, finding: str, reply: Any, entry: Any = None,
                       now: dt.datetime | None = None) -> Objection:
    """Conclude with the ``finding`` and the ``reply`` (given to whoever holds the receipt). Verified: the entry
    is stopped (公示期间反映问题经核实属实，终止任用). Not verified or out of scope: the appointment proceeds;
    once the notice has ended, the entry is cleared when nothing else about them is open. An objection about
    "其他" may be put on a person of the notice now (``entry``). Needs the investigation recorded first.
    Recorded as ``objections.conclude``."""
    require(actor, "objections.handle")
    now = now_or(now)
    if finding not in (Objection.Finding.VERIFIED, Objection.Finding.NOT_VERIFIED, Objection.Finding.OUT_OF_SCOPE):
        raise refuse("notices.objections.finding", "请选择核实结论（属实、不属实或不属于受理范围）",
                     "choose a finding: verified, not verified or out of scope")
    words = _words(reply, MAX_TEXT, "答复意见", "reply")
    with transaction.atomic():
        lock_campaign(objection.notice.campaign)
        current = _locked(objection)
        _require_not_concluded(current)
        if current.status != Objection.Status.INVESTIGATING or not current.investigation.strip():
            raise refuse("notices.objections.not_investigated", "请先记录调查核实情况，再办结",
                         "record the investigation before concluding")
        if entry not in (None, "", "other", 0):
            target = _entry_of(current.notice, entry)
            if current.entry_id is not None and target is not None and target.pk != current.entry_id:
                raise refuse("notices.objections.entry_fixed", "反映对象已确定，不能改为他人",
                             "the person objected to is set and cannot change")
            current.entry = target
        before = objection_state(current)
        current.finding, current.reply, current.concluded_at = finding, words, now
        current.status = Objection.Status.CONCLUDED
        current.save(update_fields=["entry", "finding", "reply", "concluded_at", "status"])
        outcome = None
        target = current.entry
        if target is not None:
            target = NoticeEntry.objects.select_for_update().get(pk=target.pk)
            if finding == Objection.Finding.VERIFIED:
                target.outcome = NoticeEntry.Outcome.STOPPED
                target.save(update_fields=["outcome"])
            elif (current.notice.status == Notice.Status.ENDED and target.outcome == NoticeEntry.Outcome.PENDING
                  and not Objection.objects.filter(entry=target).exclude(status=Objection.Status.CONCLUDED).exists()):
                target.outcome = NoticeEntry.Outcome.CLEARED
                target.save(update_fields=["outcome"])
            outcome = target.outcome
        record_event(actor=actor, action="objections.conclude", obj=current, before=before,
                     after=objection_state(current),
                     details={"receipt": current.receipt, "notice": current.notice_id, "finding": finding,
                              "entry": target.application_id if target else None, "entry_outcome": outcome})
    return current


__all__ = ["MAX_FILES", "TYPES", "Upload", "check_open", "check_size", "check_uploads", "clean_name", "max_bytes",
           "new_receipt", "normalise_receipt", "objection_assign", "objection_conclude", "objection_investigate",
           "objection_lodge", "objection_register", "objection_state", "sniff_type"]
