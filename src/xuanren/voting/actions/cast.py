"""What a voter does with a code: look it up (the ballot page), cast a ballot (the receipt).

Casting is one transaction: the code is marked used by a conditional
``UPDATE … SET used = true WHERE digest = ? AND used = false AND void = false`` restricted to an open
session — exactly one of any number of concurrent submissions of one code changes a row — and the
ballot is inserted with a random receipt code. Nothing links the two: the ballot has no foreign key to
the code, no time, a random primary key; no record event is written per ballot, and nothing here logs
a code or marks. A repeated submission with the same ``submission`` token (a slow phone's double tap)
returns the same receipt and casts nothing.

Unknown codes are counted per client (``client``: whatever identifies it — the voter pages pass a
keyed digest of the address — stored only as a keyed digest) and refused for a while after too many
(:mod:`xuanren.voting.throttle`).
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction

from xuanren.campaigns.errors import CampaignError
from xuanren.voting import codes as code_format
from xuanren.voting import throttle
from xuanren.voting.actions._common import voting_refuse
from xuanren.voting.models import Ballot, BallotForm, Session, VoterCode, VoterGroup

#: The longest name a write-in line takes.
MAX_WRITE_IN = 50


@dataclass(frozen=True)
class Ticket:
    """What a valid, unused code opens: its session, voter group and the ballot forms to fill in."""

    session: Session
    group: VoterGroup
    forms: list[BallotForm]

    @property
    def trial(self) -> bool:
        return self.session.trial


@dataclass(frozen=True)
class Receipt:
    """A cast ballot's receipt code (``XXXX-XXXX-XXXX``), its session, and whether it was a trial."""

    receipt: str
    session: Session
    trial: bool


# --- refusals -------------------------------------------------------------------------------------

def _too_many() -> CampaignError:
    return voting_refuse("too_many_tries", "尝试次数过多，请稍后再试", "too many tries: try again later")


def _malformed() -> CampaignError:
    return voting_refuse("code_malformed", "投票码应为10位字母或数字（如 ABCDE-12345），请核对后重新输入",
                         "a code is 10 letters or digits (like ABCDE-12345): check it and type it again")


def _unknown() -> CampaignError:
    return voting_refuse("code_unknown", "投票码无效，请核对后重新输入", "no such code: check it and type it again")


def _state_refusal(vc: VoterCode) -> CampaignError | None:
    """Why ``vc`` cannot vote now (``None``: it can)."""
    s = vc.session
    if s.status == Session.Status.DRAFT:
        return voting_refuse("not_open", "投票尚未开始，请等候主持人宣布开始", "voting has not started yet")
    if s.status == Session.Status.CLOSED:
        return voting_refuse("closed", "本场投票已结束", "this vote is closed")
    if vc.void:
        return voting_refuse("code_void", "此投票码已作废，请向工作人员领取新的投票码",
                             "this code was voided: ask the staff for a new one")
    if vc.used:
        return voting_refuse("code_used", "此投票码已使用，每个投票码只能投票一次",
                             "this code has been used: each code votes once")
    return None


def _find(code: str, client: str | None) -> VoterCode:
    """The code's row (with session and group), or a refusal; unknown codes count against ``client``."""
    canonical = code_format.normalise(code or "")
    if canonical is None:
        if throttle.is_locked(client):
            raise _too_many()
        throttle.note_failure(client)
        raise _malformed()
    locked, vc = _code_row(code_format.digest(canonical), client)
    if locked:
        raise _too_many()
    if vc is None:
        throttle.note_failure(client)
        raise _unknown()
    return vc


# The hot path of voting reads one code row per request. Compiling the ORM query with its joins cost more
# than running it, so it is one plain statement, which also asks whether the client is locked out for
# guessing (one round trip for both); the session and group rows come from a small per-process cache, used
# only while the session's status and opening instant (read fresh in the same statement) are what the
# cached row says — a session opened again, closed or changed in any way is read afresh.
_SESSIONS: dict[int, tuple[tuple[Any, Any], Session]] = {}
_GROUPS: dict[int, VoterGroup] = {}
_CACHE_MAX = 256


def _first_read(sql: str, params: list[Any]) -> Any:
    """One row of a read that is the request's first statement.

    Django checks a kept PostgreSQL connection with a ``SELECT 1`` before a request's first statement
    (``CONN_HEALTH_CHECKS``): a round trip of its own, a third of a cast's. Here the read itself is the
    check: if the kept connection turns out broken (the database restarted), it is closed and the read
    runs once more on a new one — the same outcome without the extra round trip."""
    db: Any = connection  # the health-check attributes are not in Django's type stubs
    check = (db.connection is not None and db.health_check_enabled and not db.health_check_done
             and not db.in_atomic_block)
    if check:
        db.health_check_done = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    except (OperationalError, InterfaceError):
        if not check:
            raise
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()


@functools.lru_cache(maxsize=8)
def _code_sql(locked: str) -> str:
    qn = connection.ops.quote_name
    code, session = qn(VoterCode._meta.db_table), qn(Session._meta.db_table)
    # From a one-row source, so that an unknown code still answers the locked-out question.
    return (f"SELECT {locked}, c.id, c.session_id, c.group_id, c.person_id, c.used, c.void, c.batch, "
            f"s.status, s.opened_at FROM (SELECT 1 AS one) o LEFT JOIN {code} c ON c.digest = %s "
            f"LEFT JOIN {session} s ON s.id = c.session_id")


def _code_row(digest: str, client: str | None) -> tuple[bool, VoterCode | None]:
    """Whether ``client`` is locked out, and the code's row (``None``: no such code)."""
    locked, params = throttle.locked_clause(client)
    row = _first_read(_code_sql(locked), [*params, digest])
    assert row is not None  # the one-row source always gives one
    is_locked, pk, session_id, group_id, person_id, used, void, batch, status, opened_at = row
    if is_locked is not None and client:
        return True, None
    if pk is None:
        return False, None
    vc = VoterCode(id=pk, session_id=session_id, group_id=group_id, digest=digest, person_id=person_id,
                   used=bool(used), void=bool(void), batch=batch)
    vc._state.adding, vc._state.db = False, "default"
    state = (status, opened_at)
    cached = _SESSIONS.get(session_id)
    if cached is None or cached[0] != state or group_id not in _GROUPS:
        if len(_SESSIONS) >= _CACHE_MAX or len(_GROUPS) >= _CACHE_MAX:
            _SESSIONS.clear()
            _GROUPS.clear()
        session = Session.objects.defer("rules", "result").get(pk=session_id)
        _SESSIONS[session_id] = (state, session)
        _GROUPS.update((g.pk, g) for g in VoterGroup.objects.filter(session_id=session_id))
        cached = _SESSIONS[session_id]
    vc.session = cached[1]
    vc.group = _GROUPS[group_id]
    return False, vc


# The forms of open sessions, per process: a session's forms cannot change once it has opened
# (form_set and form_delete refuse), so the ballot page and every cast need not read them again.
# Keyed by the session and the instant it opened, so a row id reused for another session never matches.
_OPEN_FORMS: dict[tuple[int, Any], list[BallotForm]] = {}
_OPEN_FORMS_MAX = 64


def forms_of(session: Session) -> list[BallotForm]:
    """The session's ballot forms in order (from memory once the session is open)."""
    if session.status == Session.Status.DRAFT or session.opened_at is None:
        return list(BallotForm.objects.filter(session=session).order_by("order", "id"))
    key = (session.pk, session.opened_at)
    forms = _OPEN_FORMS.get(key)
    if forms is None:
        forms = list(BallotForm.objects.filter(session=session).order_by("order", "id"))
        if len(_OPEN_FORMS) >= _OPEN_FORMS_MAX:
            _OPEN_FORMS.clear()
        _OPEN_FORMS[key] = forms
    return forms


def code_lookup(code: str, *, client: str | None = None) -> Ticket:
    """The ticket ``code`` opens. Refused: a malformed or unknown code (counted against ``client``), a
    used or void code, a session not open or closed, a client with too many failed tries. A trial
    session's ticket is allowed (``ticket.trial``: the page says "模拟测试，不计入结果")."""
    vc = _find(code, client)
    refusal = _state_refusal(vc)
    if refusal is not None:
        raise refusal
    return Ticket(session=vc.session, group=vc.group, forms=forms_of(vc.session))


# --- checking a ballot ----------------------------------------------------------------------------

def _pk_list(value: Any, what_zh: str, what_en: str) -> list[int]:
    items: Iterable[Any]
    if value is None:
        return []
    if isinstance(value, str | int):
        items = [value]
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise voting_refuse("ballot.malformed", "{what}的填写格式不正确", "the answer for {what_en} is malformed",
                            what=what_zh, what_en=what_en)
    out: list[int] = []
    for v in items:
        if isinstance(v, bool) or not (isinstance(v, int) or (isinstance(v, str) and v.strip().isdigit())):
            raise voting_refuse("ballot.unknown_candidate", "{what}中有不在选票上的人选",
                                "the answer for {what_en} names someone not on the ballot", what=what_zh,
                                what_en=what_en)
        out.append(int(v))
    if len(set(out)) != len(out):
        raise voting_refuse("ballot.duplicate", "{what}中同一人选被重复标记",
                            "the answer for {what_en} marks someone twice",
                            what=what_zh, what_en=what_en)
    return out


def _recommendation(form: BallotForm, answer: Any) -> dict[str, Any]:
    if not isinstance(answer, Mapping):
        raise voting_refuse("ballot.malformed_form", "“{form}”的填写格式不正确",
                            "the answers of '{form}' are malformed",
                            form=form.title)
    posts = {str(p["post"]): p for p in form.content.get("posts", [])}
    out: dict[str, Any] = {}
    for key, value in answer.items():
        post = posts.get(str(key))
        if post is None:
            raise voting_refuse("ballot.unknown_post", "“{form}”上没有该职位（{post}）",
                                "'{form}' has no such post ({post})", form=form.title, post=key)
        label = f"职位{post['code']}（{post['title']}）"
        label_en = f"post {post['code']}"
        if isinstance(value, Mapping):
            marked, written = value.get("marks"), value.get("write_ins")
            extra = set(value) - {"marks", "write_ins"}
            if extra:
                raise voting_refuse("ballot.malformed", "{what}的填写格式不正确",
                                    "the answer for {what_en} is malformed",
                                    what=label, what_en=label_en)
        else:
            marked, written = value, None
        pks = _pk_list(marked, label, label_en)
        allowed = {int(c["application"]) for c in post.get("candidates", [])}
        if any(pk not in allowed for pk in pks):
            raise voting_refuse("ballot.unknown_candidate", "{what}中有不在选票上的人选",
                                "the answer for {what_en} names someone not on the ballot", what=label,
                                what_en=label_en)
        names: list[str] = []
        if written is not None:
            if not isinstance(written, list | tuple) or any(not isinstance(n, str) for n in written):
                raise voting_refuse("ballot.malformed", "{what}的填写格式不正确",
                                    "the answer for {what_en} is malformed",
                                    what=label, what_en=label_en)
            names = [" ".join(n.split())[:MAX_WRITE_IN] for n in written]
            names = [n for n in names if n]
        if len(names) > int(post.get("write_ins", 0)):
            if not post.get("write_ins"):
                raise voting_refuse("ballot.no_write_ins", "{what}不设另推人选", "{what_en} takes no write-ins",
                                    what=label, what_en=label_en)
            raise voting_refuse("ballot.write_ins", "{what}最多另推{most}人",
                                "{what_en} takes at most {most} write-ins",
                                what=label, what_en=label_en, most=post["write_ins"])
        if len(pks) + len(names) > int(post["max_marks"]):
            raise voting_refuse("ballot.too_many_marks", "{what}最多推荐{most}人，本票标记了{n}人",
                                "{what_en} takes at most {most} marks; this ballot has {n}", what=label,
                                what_en=label_en, most=post["max_marks"], n=len(pks) + len(names))
        if pks or names:
            out[str(post["post"])] = {"marks": sorted(pks), "write_ins": names}
    return out


def _evaluation(form: BallotForm, answer: Any) -> dict[str, Any]:
    if not isinstance(answer, Mapping):
        raise voting_refuse("ballot.malformed_form", "“{form}”的填写格式不正确",
                            "the answers of '{form}' are malformed",
                            form=form.title)
    subjects = {str(s["person"]): s for s in form.content.get("subjects", [])}
    grades = set(form.content.get("grades", []))
    if form.content.get("unknown", True):
        grades.add("unknown")
    out: dict[str, Any] = {}
    for key, grade in answer.items():
        subject = subjects.get(str(key))
        if subject is None:
            raise voting_refuse("ballot.unknown_person", "“{form}”上没有该测评对象（{person}）",
                                "'{form}' has no such person ({person})", form=form.title, person=key)
        if grade is None or grade == "":
            continue
        if not isinstance(grade, str) or grade not in grades:
            raise voting_refuse("ballot.unknown_grade", "对{name}的测评等次“{grade}”不在选票上",
                                "the grade '{grade}' given to {name} is not on the ballot", name=subject["name"],
                                grade=grade)
        out[str(subject["person"])] = grade
    return out


def _elements(form: BallotForm, answer: Any) -> dict[str, Any]:
    if not isinstance(answer, Mapping):
        raise voting_refuse("ballot.malformed_form", "“{form}”的填写格式不正确",
                            "the answers of '{form}' are malformed",
                            form=form.title)
    elements = form.content.get("elements", [])
    per = int(form.content.get("marks_per_element", 1))
    allowed = {int(c["application"]) for c in form.content.get("candidates", [])}
    out: dict[str, Any] = {}
    for key, value in answer.items():
        index = int(key) if isinstance(key, int) or (isinstance(key, str) and key.isdigit()) else -1
        if not 0 <= index < len(elements):
            raise voting_refuse("ballot.unknown_element", "“{form}”上没有该推荐要素（{element}）",
                                "'{form}' has no such element ({element})", form=form.title, element=key)
        label = f"要素“{elements[index]}”"
        pks = _pk_list(value, label, f"element {index + 1}")
        if any(pk not in allowed for pk in pks):
            raise voting_refuse("ballot.unknown_candidate", "{what}中有不在选票上的人选",
                                "the answer for {what_en} names someone not on the ballot", what=label,
                                what_en=f"element {index + 1}")
        if len(pks) > per:
            raise voting_refuse("ballot.too_many_marks", "{what}最多推荐{most}人，本票标记了{n}人",
                                "{what_en} takes at most {most} marks; this ballot has {n}", what=label,
                                what_en=f"element {index + 1}", most=per, n=len(pks))
        if pks:
            out[str(index)] = sorted(pks)
    return out


_CHECKS = {BallotForm.Kind.RECOMMENDATION: _recommendation, BallotForm.Kind.EVALUATION: _evaluation,
           BallotForm.Kind.ELEMENTS: _elements}


def clean_marks(forms: list[BallotForm], marks: Any) -> dict[str, Any]:
    """``marks`` checked against ``forms`` and normalised to the :class:`Ballot` format (blank answers
    left out, candidates in ascending order); a refusal names what is wrong. Used by :func:`ballot_cast`
    and by the ballot page's review step (nothing is written)."""
    if marks is None:
        marks = {}
    if not isinstance(marks, Mapping):
        raise voting_refuse("ballot.malformed_ballot", "选票的填写格式不正确", "the ballot is malformed")
    by_pk = {str(f.pk): f for f in forms}
    out: dict[str, Any] = {}
    for key, answer in marks.items():
        form = by_pk.get(str(key))
        if form is None:
            raise voting_refuse("ballot.unknown_form", "本场投票没有该票面（{form}）",
                                "this vote has no such ballot ({form})",
                                form=key)
        clean = _CHECKS[BallotForm.Kind(form.kind)](form, answer)
        if clean:
            out[str(form.pk)] = clean
    return out


# --- casting --------------------------------------------------------------------------------------

def _bad_submission() -> CampaignError:
    return voting_refuse("submission", "提交标识无效，请返回重新打开选票",
                         "the submission token is invalid: open the ballot again")


def _repeat(vc: VoterCode, submission: str) -> str | None:
    """The receipt of the ballot this ``submission`` already cast in the code's session and group, if the
    code has been used (an unused code with a token already spent is a forged page, refused)."""
    if not vc.used:
        return None
    return Ballot.objects.filter(submission=submission, session_id=vc.session_id, group_id=vc.group_id) \
        .values_list("receipt", flat=True).first()


# The write of a cast: the code moves from unused to used — only one submission can do that, and only
# while the session is open — and the ballot is inserted, both or neither.
#
# On PostgreSQL it is one statement (the UPDATE in a WITH clause feeding the INSERT), atomic by itself, so
# the write is one round trip instead of five (BEGIN, lock, update, insert, COMMIT). The session's row is
# held with ``FOR KEY SHARE`` inside it: casts do not wait for one another, but
# :func:`~xuanren.voting.actions.close.session_close` (``FOR UPDATE``) waits for every cast under way, and
# a cast that comes after the close waits for it and then finds the session closed — so no ballot is ever
# inserted into a session already counted. On SQLite it is a transaction of the UPDATE and the INSERT;
# SQLite's IMMEDIATE transactions serialise writers, which gives the same.

_BALLOT_FIELDS = ("id", "session", "group", "marks", "receipt", "submission")


def _ballot_values(session_id: int, group_id: int, marks: dict[str, Any], receipt: str,
                   submission: str) -> tuple[str, list[Any]]:
    """The ballot's column list and values — a random UUID key, its session and group, the marks, the
    receipt and the digest of the submission token — each prepared by its model field for the database."""
    fields = [Ballot._meta.get_field(name) for name in _BALLOT_FIELDS]
    values = [uuid.uuid4(), session_id, group_id, marks, receipt, submission]
    prepared = [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]  # type: ignore[union-attr]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)  # type: ignore[union-attr]
    return columns, prepared


def _guarded_update(lock: str) -> str:
    qn = connection.ops.quote_name
    code, sessions = qn(VoterCode._meta.db_table), qn(Session._meta.db_table)
    return (f"UPDATE {code} SET used = %s WHERE id = %s AND used = %s AND void = %s AND session_id IN "
            f"(SELECT id FROM {sessions} WHERE id = %s AND status = %s{lock})")


def _write(code_id: int, session_id: int, group_id: int, marks: dict[str, Any], receipt: str,
           submission: str) -> bool:
    """Mark the code used and insert the ballot; ``False`` (nothing written) when this submission did not
    win the code. Raises ``IntegrityError`` (nothing written) for a submission token already spent."""
    columns, values = _ballot_values(session_id, group_id, marks, receipt, submission)
    places = ", ".join(["%s"] * len(values))
    guard: list[Any] = [True, code_id, False, False, session_id, Session.Status.OPEN.value]
    ballots = connection.ops.quote_name(Ballot._meta.db_table)
    if connection.vendor == "postgresql":
        sql = (f"WITH won AS ({_guarded_update(' FOR KEY SHARE')} RETURNING id) "
               f"INSERT INTO {ballots} ({columns}) SELECT {places} FROM won")
        # Inside a caller's transaction (tests), a savepoint keeps a refused insert from breaking it.
        savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
        with savepoint, connection.cursor() as cursor:
            cursor.execute(sql, [*guard, *values])
            return int(cursor.rowcount) == 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_guarded_update(""), guard)
        if cursor.rowcount != 1:
            return False
        cursor.execute(f"INSERT INTO {ballots} ({columns}) VALUES ({places})", values)
        return True


def ballot_cast(*, code: str, marks: dict[str, Any], submission: str, client: str | None = None) -> Receipt:
    """Cast the ballot ``marks`` (see :class:`~xuanren.voting.models.Ballot`) with ``code``; returns its
    receipt. Refused (nothing written): what :func:`code_lookup` refuses, a post or person not on the
    ballot, an unknown candidate or grade, more marks than allowed, write-ins where none are offered.
    A blank ballot is valid. The same ``submission`` again returns the same receipt and casts nothing."""
    if not isinstance(submission, str) or not 16 <= len(submission) <= 200:
        raise _bad_submission()
    vc = _find(code, client)
    sub = code_format.submission_digest(submission)
    session = vc.session
    refusal = _state_refusal(vc)
    if refusal is not None:
        # A used code may be this very submission again (a double tap): its receipt, not a refusal.
        receipt = _repeat(vc, sub)
        if receipt is not None:
            return Receipt(receipt=receipt, session=session, trial=session.trial)
        raise refusal
    # The answers are checked before the write transaction (the forms are fixed once the session is open),
    # so the transaction holds only the conditional update of the code and the insert of the ballot.
    clean = clean_marks(forms_of(session), marks)
    receipt = code_format.new_receipt()
    try:
        won = _write(vc.pk, session.pk, vc.group_id, clean, receipt, sub)
    except IntegrityError:
        # The submission token was already used for another code (a forged page): nothing was written.
        raise _bad_submission() from None
    if not won:
        # Someone else's submission of this code got there first, or the session just closed, or this very
        # submission committed meanwhile: its receipt, or why not.
        vc = VoterCode.objects.select_related("session", "group").get(pk=vc.pk)
        repeated = _repeat(vc, sub)
        if repeated is not None:
            return Receipt(receipt=repeated, session=session, trial=session.trial)
        raise _state_refusal(vc) or voting_refuse("code_used", "此投票码已使用，每个投票码只能投票一次",
                                                  "this code has been used: each code votes once")
    return Receipt(receipt=receipt, session=session, trial=session.trial)
