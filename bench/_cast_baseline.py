"""The baseline of ``bench/cast.py``: the least a voting endpoint can do, as a bare WSGI app on raw DB-API.

No Django, no framework: ``sqlite3`` or ``psycopg`` (chosen by ``DATABASE_URL`` as xuanren does; SQLite is
``$XUANREN_INSTANCE/xuanren.sqlite3`` with the same pragmas xuanren sets: WAL, ``synchronous=NORMAL``,
a 20 s busy timeout, write transactions taking the lock at ``BEGIN IMMEDIATE``), one connection per
thread kept for the life of the worker, on xuanren's own tables (``voting_votercode``, ``voting_ballot``)
and their indexes. The codes of its session are digested with its own key (``setup`` in
``_cast_harness.py`` inserts them), so it shares no code with xuanren's casting.

- ``POST /ballot`` (``code``): the code is looked up (unused, not void, its session open) and the
  session's ballot returned as a bare HTML form (posts and candidates from ``voting_ballotform``).
- ``POST /cast`` (``code``, ``submission``, ``marks`` as JSON): in one transaction, the conditional
  ``UPDATE … SET used WHERE digest = ? AND NOT used AND NOT void RETURNING session_id, group_id``
  (exactly one of concurrent submissions of a code matches), a check that the session is open, and the
  insert of the ballot (random UUID, marks, a random receipt, a digest of the submission token);
  answers the receipt as ``text/plain``. A used or unknown code: 409.

It does not validate marks against the ballot, repeat a receipt for a repeated submission, rate-limit,
render templates or run middleware: that is what the ratio in the bench's table pays for.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

KEY = b"xuanren-bench-baseline"
_local = threading.local()


def _connect() -> tuple[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        return "pg", psycopg.connect(url, autocommit=True)
    path = os.path.join(os.environ["XUANREN_INSTANCE"], "xuanren.sqlite3")
    conn = sqlite3.connect(path, timeout=20, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=20000", "foreign_keys=ON"):
        conn.execute(f"PRAGMA {pragma}")
    return "sqlite", conn


def _db() -> tuple[str, Any]:
    if not hasattr(_local, "db"):
        _local.db = _connect()
    return _local.db  # type: ignore[no-any-return]


def _q(kind: str, sql: str) -> str:
    return sql.replace("?", "%s") if kind == "pg" else sql


def digest(code: str) -> str:
    return hmac.new(KEY, code.strip().upper().encode(), hashlib.sha256).hexdigest()


def ballot(code: str) -> tuple[int, str]:
    kind, conn = _db()
    row = conn.execute(_q(kind, "SELECT c.session_id FROM voting_votercode c "
                                "JOIN voting_session s ON s.id = c.session_id "
                                "WHERE c.digest = ? AND NOT c.used AND NOT c.void AND s.status = 'open'"),
                       (digest(code),)).fetchone()
    if row is None:
        return 409, "投票码无效或已使用"
    forms = conn.execute(_q(kind, 'SELECT id, title, content FROM voting_ballotform WHERE session_id = ? '
                                  'ORDER BY "order", id'), (row[0],)).fetchall()
    out = ['<!doctype html><meta charset="utf-8"><form method="post" action="/cast">',
           f'<input type="hidden" name="code" value="{html.escape(code)}">']
    for form_id, title, content in forms:
        data = json.loads(content) if isinstance(content, str) else content
        out.append(f"<h1>{html.escape(title)}</h1>")
        for post in data.get("posts", []):
            out.append(f"<fieldset><legend>{html.escape(str(post.get('title', '')))}"
                       f"（限选{int(post['max_marks'])}人）</legend>")
            out.extend(f'<label><input type="checkbox" name="f{form_id}-p{post["post"]}" '
                       f'value="{c["application"]}">{html.escape(str(c.get("name", "")))}</label>'
                       for c in post.get("candidates", []))
            out.append("</fieldset>")
    out.append('<button type="submit">提交</button></form>')
    return 200, "".join(out)


def cast(code: str, submission: str, marks_json: str) -> tuple[int, str]:
    try:
        marks = json.loads(marks_json)
    except ValueError:
        return 400, "选票内容无法读取"
    if not isinstance(marks, dict) or not submission:
        return 400, "选票内容无法读取"
    kind, conn = _db()
    receipt = secrets.token_hex(8).upper()
    true = "true" if kind == "pg" else "1"
    sub = hashlib.sha256(submission.encode()).hexdigest()
    if kind == "pg":
        from psycopg.types.json import Jsonb

        with conn.transaction():
            row = conn.execute(f"UPDATE voting_votercode SET used = {true} WHERE digest = %s AND NOT used "
                               "AND NOT void RETURNING session_id, group_id", (digest(code),)).fetchone()
            if row is None:
                return 409, "投票码无效或已使用"
            status = conn.execute("SELECT status FROM voting_session WHERE id = %s", (row[0],)).fetchone()
            if status is None or status[0] != "open":
                raise _Rollback
            conn.execute("INSERT INTO voting_ballot (id, session_id, group_id, marks, receipt, submission) "
                         "VALUES (%s, %s, %s, %s, %s, %s)", (uuid.uuid4(), row[0], row[1], Jsonb(marks), receipt, sub))
        return 200, receipt
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute(f"UPDATE voting_votercode SET used = {true} WHERE digest = ? AND NOT used AND NOT void "
                           "RETURNING session_id, group_id", (digest(code),)).fetchone()
        if row is None:
            conn.execute("ROLLBACK")
            return 409, "投票码无效或已使用"
        status = conn.execute("SELECT status FROM voting_session WHERE id = ?", (row[0],)).fetchone()
        if status is None or status[0] != "open":
            conn.execute("ROLLBACK")
            return 409, "投票已结束"
        conn.execute("INSERT INTO voting_ballot (id, session_id, group_id, marks, receipt, submission) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (uuid.uuid4().hex, row[0], row[1], json.dumps(marks), receipt, sub))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return 200, receipt


class _Rollback(Exception):
    pass


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
    fields: dict[str, list[str]] = {}
    if method == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        fields = parse_qs(environ["wsgi.input"].read(size).decode())

    def one(name: str) -> str:
        return fields.get(name, [""])[0]

    try:
        if path == "/cast" and method == "POST":
            status, text = cast(one("code"), one("submission"), one("marks"))
            ctype = "text/plain; charset=utf-8"
        elif path == "/ballot" and method == "POST":
            status, text = ballot(one("code"))
            ctype = "text/html; charset=utf-8"
        else:
            status, text, ctype = 200, "baseline", "text/plain; charset=utf-8"
    except _Rollback:
        status, text, ctype = 409, "投票已结束", "text/plain; charset=utf-8"
    body = text.encode()
    reason = {200: "OK", 400: "Bad Request", 409: "Conflict"}[status]
    start_response(f"{status} {reason}", [("Content-Type", ctype), ("Content-Length", str(len(body)))])
    return [body]
