"""The machinery behind ``bench/cast.py`` and ``tests/voting/test_faults.py``: real HTTP against gunicorn.

- :class:`Instance`: a throwaway xuanren instance on SQLite (a temp instance folder) or PostgreSQL (a fresh
  database made on the server ``DATABASE_URL`` points at, dropped afterwards), migrated with ``xuanren migrate``.
- :func:`django_call`: runs :func:`setup` or :func:`verify` in a subprocess with the instance's environment,
  so this process never imports Django settings (the bench drives SQLite and PostgreSQL instances in turn).
- :class:`Server`: gunicorn (gthread workers) in its own process group on a free loopback port, stopped
  with SIGTERM or killed with SIGKILL (:meth:`Server.kill`), restartable on the same port.
- :func:`http`: a tiny asyncio HTTP/1.1 client (``Connection: close``; no dependency beyond the standard
  library), and :class:`Voter` / :func:`run_load`: N voters, each fetching their ballot with their code and
  casting a full ballot, all at once (``burst``) or at a fixed rate (``paced``).
- :class:`XuanrenAdapter` and :class:`BaselineAdapter`: the only places that know the voter pages' URLs and
  form fields (xuanren's under ``/vote/``; the baseline's in ``bench/_cast_baseline.py``).

Run ``python -m bench._cast_harness setup|verify`` only through :func:`django_call`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE_KEY = b"xuanren-bench-baseline"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- instances ----------------------------------------------------------------------------------------

def postgres_url() -> str | None:
    """``DATABASE_URL`` when it points at PostgreSQL, else ``None``."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


@dataclass
class Instance:
    """A migrated, empty xuanren instance; :meth:`close` removes it (drops the PostgreSQL database)."""

    db: str  # "sqlite" | "postgres"
    root: Path
    env: dict[str, str]
    database_url: str | None = None
    _tmp: tempfile.TemporaryDirectory[str] | None = None

    @classmethod
    def create(cls, db: str, root: Path | None = None) -> Instance:
        tmp = None
        if root is None:
            tmp = tempfile.TemporaryDirectory(prefix="xuanren-cast-")
            root = Path(tmp.name)
        (root / "instance").mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(XUANREN_INSTANCE=str(root / "instance"), SECRET_KEY=secrets.token_urlsafe(40),
                   ALLOWED_HOSTS="127.0.0.1,localhost", LOG_LEVEL="WARNING", DEBUG="",
                   PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p))
        url = None
        if db == "postgres":
            base = postgres_url()
            if base is None:
                raise RuntimeError("PostgreSQL needs DATABASE_URL=postgres://… (tools/with-postgres.sh sets it)")
            name = f"xuanren_cast_{secrets.token_hex(4)}"
            _pg_admin(base, f'CREATE DATABASE "{name}"')
            url = _with_database(base, name)
            env["DATABASE_URL"] = url
        elif db != "sqlite":
            raise ValueError(db)
        inst = cls(db=db, root=root, env=env, database_url=url, _tmp=tmp)
        subprocess.run([str(BIN / "xuanren"), "migrate"], env=env, check=True, cwd=REPO,
                       stdout=subprocess.DEVNULL)
        return inst

    @property
    def sqlite_path(self) -> Path:
        return self.root / "instance" / "xuanren.sqlite3"

    def close(self) -> None:
        if self.db == "postgres" and self.database_url:
            name = urllib.parse.urlsplit(self.database_url).path.lstrip("/")
            base = postgres_url()
            if base:
                _pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._tmp is not None:
            self._tmp.cleanup()


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.encode())


def django_call(instance: Instance, command: str, payload: dict[str, Any]) -> Any:
    """Run :func:`setup` or :func:`verify` in a subprocess on ``instance``; returns its JSON answer."""
    proc = subprocess.run([sys.executable, "-m", "bench._cast_harness", command], input=json.dumps(payload),
                          env=instance.env, cwd=REPO, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the server ---------------------------------------------------------------------------------------

XUANREN_APP = "xuanren.config.wsgi:application"
BASELINE_APP = "_cast_baseline:application"


@dataclass
class Server:
    """gunicorn serving ``app`` for ``instance`` on a fixed loopback port, in a process group of its own."""

    instance: Instance
    app: str = XUANREN_APP
    workers: int = 4
    threads: int = 4
    port: int = field(default_factory=free_port)
    ready_path: str = "/vote/"
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def log(self) -> Path:
        return self.instance.root / f"gunicorn-{self.app.split(':')[0].strip('_')}.log"

    def start(self, timeout: float = 90.0) -> Server:
        argv = [sys.executable, "-m", "gunicorn", self.app, "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers), "--threads", str(self.threads), "--worker-class", "gthread",
                "--backlog", "2048", "--timeout", "120", "--graceful-timeout", "5", "--preload",
                "--pythonpath", str(REPO / "bench")]
        self.starts += 1
        with self.log.open("ab") as log:
            log.write(f"--- start {self.starts}: {' '.join(argv)}\n".encode())
            self.proc = subprocess.Popen(argv, env=self.instance.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}); see {self.log}:\n"
                                   + self.log.read_text(errors="replace")[-3000:])
            try:
                status = asyncio.run(_probe(self.port, self.ready_path))
                if status < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log}")
            time.sleep(0.2)
        # Every worker imports what it needs on its first requests: warm them all before measuring.
        asyncio.run(_warm(self.port, self.ready_path, self.workers * self.threads * 4))
        return self

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the master and its live workers (from /proc)."""
        if self.proc is None:
            return 0.0
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == self.proc.pid:  # the process group
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once (the process group)."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        # Workers left behind by a master that died first.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def _probe(port: int, path: str) -> int:
    return (await http(port, "GET", path, timeout=5)).status


async def _warm(port: int, path: str, n: int) -> None:
    await asyncio.gather(*(http(port, "GET", path, timeout=60) for _ in range(n)), return_exceptions=True)


# --- a minimal HTTP/1.1 client ------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def set_cookies(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for k, v in self.headers:
            if k == "set-cookie":
                pair = v.split(";", 1)[0]
                if "=" in pair:
                    name, value = pair.split("=", 1)
                    out[name.strip()] = value.strip().strip('"')
        return out

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class HttpError(ConnectionError):
    """No complete HTTP response (the server was killed, reset the connection, or sent garbage)."""


async def http(port: int, method: str, path: str, *, headers: Sequence[tuple[str, str]] = (),
               form: Sequence[tuple[str, str]] | None = None, cookies: dict[str, str] | None = None,
               timeout: float = 120.0) -> Response:
    """One request on a new connection (``Connection: close``); the whole response, read to EOF."""
    body = urllib.parse.urlencode(list(form)).encode() if form is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
             "User-Agent: xuanren-bench", f"Content-Length: {len(body)}"]
    if form is not None:
        lines.append("Content-Type: application/x-www-form-urlencoded")
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    lines += [f"{k}: {v}" for k, v in headers]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def go() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(raw)
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    data = await asyncio.wait_for(go(), timeout)
    return _parse(data)


def _parse(data: bytes) -> Response:
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        raise HttpError(f"incomplete response ({len(data)} bytes)")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise HttpError(f"bad status line {lines[0]!r}")
    headers = [(k.strip().lower(), v.strip()) for k, _, v in (h.partition(":") for h in lines[1:])]
    resp = Response(int(parts[1]), headers, rest)
    if (resp.header("transfer-encoding") or "").lower() == "chunked":
        resp.body = _dechunk(rest)
    elif (length := resp.header("content-length")) is not None:
        if len(rest) < int(length):
            raise HttpError(f"short body: {len(rest)} of {length} bytes")
        resp.body = rest[: int(length)]
    return resp


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    while True:
        size_line, sep, data = data.partition(b"\r\n")
        if not sep:
            raise HttpError("truncated chunked body")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        if len(data) < size + 2:
            raise HttpError("truncated chunk")
        out += data[:size]
        data = data[size + 2:]


# --- voters -------------------------------------------------------------------------------------------

class Refused(Exception):
    """The server answered, and said no (a used code, a closed session, …)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


@dataclass
class Voter:
    """One voter: their code, the ballot they will cast and the random token their page sends with it."""

    code: str
    marks: dict[str, Any]
    submission: str = field(default_factory=lambda: secrets.token_hex(16))
    cookies: dict[str, str] = field(default_factory=dict)
    state: dict[str, Any] | None = None  # what the adapter kept from the ballot page (None: not fetched)
    receipt: str | None = None
    receipts: list[str] = field(default_factory=list)  # every receipt any attempt got (a retry must repeat it)
    fetch_ms: float | None = None
    cast_ms: float | None = None
    cast_done: float | None = None  # monotonic time the receipt arrived
    refusal: Refused | None = None
    error: str | None = None
    attempts: int = 0


@dataclass
class Request:
    """One request as an adapter builds it (so a test can also send it and hang up without reading)."""

    method: str
    path: str
    form: list[tuple[str, str]] | None = None
    cookies: dict[str, str] | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)

    async def send(self, port: int, timeout: float = 120.0) -> Response:
        return await http(port, self.method, self.path, headers=self.headers, form=self.form, cookies=self.cookies,
                          timeout=timeout)

    async def send_and_hang_up(self, port: int) -> None:
        """Send the whole request, then close the connection without reading the answer (a phone whose
        connection drops while the server works)."""
        body = urllib.parse.urlencode(self.form).encode() if self.form is not None else b""
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
                 f"Content-Length: {len(body)}"]
        if self.form is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        lines += [f"{k}: {v}" for k, v in self.headers]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


class Adapter:
    """What a load generator needs from a voting app: open the ballot with a code, cast it, read the receipt.

    ``open_ballot`` keeps on ``voter.state`` (and ``voter.cookies``) whatever casting needs;
    ``cast_request`` builds the cast from it, so a retry after a restart repeats exactly the same request.
    """

    name = "?"

    async def open_ballot(self, port: int, voter: Voter) -> None:
        raise NotImplementedError

    def cast_request(self, voter: Voter) -> Request:
        raise NotImplementedError

    def read_receipt(self, voter: Voter, resp: Response) -> str:
        raise NotImplementedError

    async def cast(self, port: int, voter: Voter) -> str:
        return self.read_receipt(voter, await self.cast_request(voter).send(port))


def _form_error(resp: Response) -> str:
    """The page's error text (``#vote-error``, else the first alert), for a refusal's message."""
    m = (re.search(r'id="vote-error"[^>]*>(.*?)</', resp.text, re.S)
         or re.search(r'class="[^"]*(?:alert|invalid-feedback|errorlist)[^"]*"[^>]*>(.*?)</', resp.text, re.S))
    text = m.group(1) if m else resp.text[:300]
    return re.sub(r"<[^>]+>|\s+", " ", text).strip()


class BaselineAdapter(Adapter):
    """``bench/_cast_baseline.py``: POST /ballot (code) → the ballot; POST /cast (code, submission, marks as
    JSON) → the receipt as plain text."""

    name = "baseline"

    async def open_ballot(self, port: int, voter: Voter) -> None:
        resp = await http(port, "POST", "/ballot", form=[("code", voter.code)])
        if resp.status != 200:
            raise Refused(resp.status, resp.text[:200])
        voter.state = {}

    def cast_request(self, voter: Voter) -> Request:
        return Request("POST", "/cast", form=[("code", voter.code), ("submission", voter.submission),
                                              ("marks", json.dumps(voter.marks))])

    def read_receipt(self, voter: Voter, resp: Response) -> str:
        if resp.status != 200:
            raise Refused(resp.status, resp.text[:200])
        return resp.text.strip()


class XuanrenAdapter(Adapter):
    """xuanren's voter page, ``/vote/`` (``xuanren/voting/voter_views.py``): every step a POST to one address.

    ``step=open`` + ``code`` → the ballot, whose hidden ``submission`` field carries the page's random token
    (kept as the voter's token); with ``review``, ``step=review`` + the answers → the page to check;
    ``step=confirm`` + code, token and answers (``m-<form>-<post>``, repeated, per marked candidate) → the
    receipt page (``data-receipt="…"``). A refusal is a 400 or 429 with the reason in ``#vote-error``.
    The page is exempt from CSRF and keeps no cookie: the code in the body is the only credential.
    """

    name = "xuanren"
    path = "/vote/"

    def __init__(self, *, review: bool = False) -> None:
        self.review = review

    async def open_ballot(self, port: int, voter: Voter) -> None:
        resp = await http(port, "POST", self.path, form=[("step", "open"), ("code", voter.code)])
        if resp.status != 200:
            raise Refused(resp.status, _form_error(resp))
        m = re.search(r'name="submission" value="([^"]+)"', resp.text)
        if m is None or 'id="ballot-form"' not in resp.text:
            raise Refused(resp.status, "no ballot form on the page: " + _form_error(resp))
        voter.submission = m.group(1)
        if self.review:
            resp = await http(port, "POST", self.path, form=[("step", "review"), *self._answer_fields(voter)])
            if resp.status != 200:
                raise Refused(resp.status, _form_error(resp))
        voter.state = {"submission": voter.submission}

    @staticmethod
    def _answer_fields(voter: Voter) -> list[tuple[str, str]]:
        fields = [("code", voter.code), ("submission", voter.submission)]
        for form, posts in voter.marks.items():
            for post, answer in posts.items():
                fields += [(f"m-{form}-{post}", str(pk)) for pk in answer.get("marks", [])]
                fields += [(f"w-{form}-{post}", name) for name in answer.get("write_ins", [])]
        return fields

    def cast_request(self, voter: Voter) -> Request:
        return Request("POST", self.path, form=[("step", "confirm"), *self._answer_fields(voter)])

    def read_receipt(self, voter: Voter, resp: Response) -> str:
        m = re.search(r'data-receipt="([^"]+)"', resp.text)
        if resp.status != 200 or m is None:
            raise Refused(resp.status, _form_error(resp))
        return m.group(1)


@dataclass
class Phase:
    seconds: float
    latencies_ms: list[float]
    ok: int
    refused: int
    failed: int
    cpu_seconds: float = float("nan")  # CPU time the server's processes used in the phase

    @property
    def cpu_ms_each(self) -> float:
        return self.cpu_seconds / self.ok * 1000 if self.ok else float("nan")

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds > 0 else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        return self.pct(99)


@dataclass
class LoadResult:
    fetch: Phase
    cast: Phase


async def _fetch_one(adapter: Adapter, port: int, v: Voter) -> bool:
    v.refusal = v.error = None
    t = time.perf_counter()
    try:
        await adapter.open_ballot(port, v)
    except Refused as exc:
        v.refusal = exc
        return False
    except (TimeoutError, OSError, HttpError) as exc:
        v.error = f"fetch: {type(exc).__name__}: {exc}"
        return False
    v.fetch_ms = (time.perf_counter() - t) * 1000
    return True


async def _cast_one(adapter: Adapter, port: int, v: Voter, on_receipt: Callable[[Voter], None] | None) -> bool:
    v.attempts += 1
    v.refusal = v.error = None
    t = time.perf_counter()
    try:
        receipt = await adapter.cast(port, v)
    except Refused as exc:
        v.refusal = exc
        return False
    except (TimeoutError, OSError, HttpError) as exc:
        v.error = f"cast: {type(exc).__name__}: {exc}"
        return False
    v.cast_ms = (time.perf_counter() - t) * 1000
    v.cast_done = time.monotonic()
    v.receipt = receipt
    v.receipts.append(receipt)
    if on_receipt is not None:
        on_receipt(v)
    return True


async def run_load(adapter: Adapter, port: int, voters: Sequence[Voter], *, rate: float | None = None,
                   on_receipt: Callable[[Voter], None] | None = None, retry: bool = False,
                   cpu: Callable[[], float] | None = None) -> LoadResult:
    """Every voter fetches their ballot (all at once), then every voter casts it: all at once (``rate``
    None: the chair says "vote now"), or the i-th at ``i / rate`` seconds (an arrival rate, for latency at
    a given load). ``retry``: a voter with a ballot page already goes straight to casting (same token).

    ``on_receipt`` is called in the event loop as each receipt arrives (the fault test kills the server
    from it). Refusals and failures are kept on the voters; nothing is retried here. ``cpu``: a clock of the
    server's CPU time (:meth:`Server.cpu_seconds`), read around each phase.
    """
    clock = cpu or (lambda: float("nan"))
    todo = [v for v in voters if not (retry and v.state is not None)]
    c0, t0 = clock(), time.perf_counter()
    fetched = await asyncio.gather(*(_fetch_one(adapter, port, v) for v in todo))
    fetch = Phase(time.perf_counter() - t0, [v.fetch_ms for v in todo if v.fetch_ms is not None],
                  ok=sum(fetched), refused=sum(1 for v in todo if v.refusal), failed=sum(1 for v in todo if v.error),
                  cpu_seconds=clock() - c0)
    casting = [v for v in voters if v.state is not None and v.receipt is None]
    for v in casting:
        v.cast_ms = None

    async def paced(i: int, v: Voter, start: float) -> bool:
        if rate:
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
        return await _cast_one(adapter, port, v, on_receipt)

    c1, t1 = clock(), time.perf_counter()
    done = await asyncio.gather(*(paced(i, v, t1) for i, v in enumerate(casting)))
    cast = Phase(time.perf_counter() - t1, [v.cast_ms for v in casting if v.cast_ms is not None],
                 ok=sum(done), refused=sum(1 for v in casting if v.refusal), failed=sum(1 for v in casting if v.error),
                 cpu_seconds=clock() - c1)
    return LoadResult(fetch, cast)


def make_voters(ballot: dict[str, Any], codes: Sequence[str], seed: int = 1) -> list[Voter]:
    """A voter per code, each with a full ballot: every post answered, 1…max_marks candidates marked (a
    post left blank now and then), in the stored format ``{form: {post: {"marks": […], "write_ins": []}}}``
    (a blank post left out, as it is stored)."""
    rng = random.Random(seed)
    voters = []
    for code in codes:
        answer: dict[str, Any] = {}
        for post in ballot["posts"]:
            cands = [c["application"] for c in post["candidates"]]
            if rng.random() < 0.02:
                continue  # left blank (a blank answer is not stored)
            k = rng.randint(1, min(post["max_marks"], len(cands)))
            answer[str(post["post"])] = {"marks": sorted(rng.sample(cands, k)), "write_ins": []}
        voters.append(Voter(code=code, marks={str(ballot["form"]): answer}, submission=f"{rng.getrandbits(128):032x}"))
    return voters


# --- checking the database ----------------------------------------------------------------------------

@dataclass
class Check:
    """What the database holds after a run, against what the voters were told."""

    ballots: int  # ballots of the session in the database
    used_codes: int  # codes of the session marked used
    receipts_given: int  # distinct receipts returned to voters
    missing: int  # receipts returned to a voter but not in the database (lost)
    unreceipted: int  # ballots whose receipt no voter got (a double, or a commit whose answer was lost)
    conflicting: int  # voters who got two different receipts (counted twice)
    altered: int  # ballots whose marks differ from what their voter sent

    @property
    def lost(self) -> int:
        return self.missing

    @property
    def doubled(self) -> int:
        return self.conflicting + max(0, self.ballots - self.receipts_given) + abs(self.used_codes - self.ballots)


def check(instance: Instance, session: int, voters: Sequence[Voter]) -> Check:
    got = {v.receipt: v.marks for v in voters if v.receipt is not None}
    answer = django_call(instance, "verify", {"session": session, "receipts": got})
    return Check(ballots=answer["ballots"], used_codes=answer["used_codes"], receipts_given=len(got),
                 missing=answer["missing"], unreceipted=answer["unreceipted"],
                 conflicting=sum(1 for v in voters if len(set(v.receipts)) > 1), altered=answer["altered"])


# --- inside the instance (subprocess): setup and verify -----------------------------------------------

def _norm(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _norm(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return sorted((_norm(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))
    return str(x)


def baseline_digest(code: str) -> str:
    return hmac.new(BASELINE_KEY, code.strip().upper().encode(), hashlib.sha256).hexdigest()


def _id_number(n: int) -> str:
    body = f"110101{1980 + n % 20:04d}0{1 + n % 9}1{n % 10}{n // 10 % 1000:03d}"[:17]
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def setup(payload: dict[str, Any]) -> dict[str, Any]:
    """A campaign with a recommendation stage, ``posts`` posts with ``candidates`` eligible candidates each,
    through the real actions up to an open voting session with ``voters`` codes; plus, for the baseline, a
    second session (plain rows) with as many codes digested the baseline's way. Returns the codes and the
    ballot's structure."""
    import datetime as dt

    from django.utils import timezone

    from xuanren.campaigns import actions as ca
    from xuanren.campaigns.models import Stage, StageKind
    from xuanren.campaigns.presets import SEED_000_RECOMMENDATION, StageSpec
    from xuanren.people.models import Person, Unit
    from xuanren.voting.models import BallotForm, Session, VoterCode, VoterGroup

    n_voters, n_posts = int(payload["voters"]), int(payload.get("posts", 10))
    per_post = int(payload.get("candidates", 3))
    now = timezone.now()
    unit = Unit.objects.create(name="压力测试局")
    campaign = ca.campaign_create(
        actor=None, name="投票压力测试", unit=unit, apply_from=now - dt.timedelta(days=10),
        apply_until=now - dt.timedelta(days=2), reference_date=(now - dt.timedelta(days=2)).date(),
        stages=[StageSpec("eligibility"), StageSpec("recommendation", weight=100, settings=SEED_000_RECOMMENDATION)])
    posts = [ca.post_create(actor=None, campaign=campaign, code=f"P{i + 1:02d}", department=unit,
                            title=f"岗位{i + 1}", level="section_deputy", slots=1 + (i % 3 == 0), conditions={})
             for i in range(n_posts)]
    ca.campaign_publish(actor=None, campaign=campaign, now=now - dt.timedelta(days=9))
    for i in range(n_posts * per_post):
        person = Person.objects.create(
            name=f"候选人{i + 1}", gender="MF"[i % 2], birth_date=dt.date(1985, 1, 1) + dt.timedelta(days=i),
            id_number=_id_number(i), education="bachelor", political_status="party_member", unit=unit,
            post_title="科员", rank="principal_3", rank_since=dt.date(2020, 1, 1))
        ca.application_submit(actor=None, campaign=campaign, post=posts[i // per_post], person=person,
                              now=now - dt.timedelta(days=8))
    eligibility = Stage.objects.get(campaign=campaign, kind=StageKind.ELIGIBILITY)
    ca.stage_open(actor=None, stage=eligibility, now=now - dt.timedelta(days=1))
    ca.review_run(actor=None, campaign=campaign, now=now - dt.timedelta(days=1))
    ca.review_confirm_pending(actor=None, campaign=campaign, now=now - dt.timedelta(days=1))
    ca.stage_seal(actor=None, stage=eligibility, now=now - dt.timedelta(days=1))
    stage = Stage.objects.get(campaign=campaign, kind=StageKind.RECOMMENDATION)
    ca.stage_open(actor=None, stage=stage, now=now - dt.timedelta(hours=1))

    out: dict[str, Any] = {"campaign": campaign.pk}
    if payload.get("xuanren", True):
        session, form, codes = _xuanren_session(campaign, stage, n_voters)
        out.update(session=session.pk, codes=codes, ballot=_ballot_of(form))
    if payload.get("baseline"):
        # The baseline's own session (plain rows): the same ballot, codes digested with the baseline's key
        # (the baseline shares xuanren's tables and indexes, not its code handling).
        b_session = Session.objects.create(campaign=campaign, stage=stage, name="基线", status=Session.Status.OPEN,
                                           opened_at=now)
        b_group = VoterGroup.objects.create(session=b_session, code="all", name="全体", weight=100,
                                            entitled=n_voters, issued=n_voters)
        b_form = BallotForm.objects.create(session=b_session, kind=BallotForm.Kind.RECOMMENDATION, title="推荐票",
                                           content=_recommendation_content(campaign))
        b_codes = [secrets.token_hex(8).upper() for _ in range(n_voters)]
        VoterCode.objects.bulk_create([VoterCode(session=b_session, group=b_group, digest=baseline_digest(c))
                                       for c in b_codes], batch_size=1000)
        out["baseline"] = {"session": b_session.pk, "codes": b_codes, "ballot": _ballot_of(b_form)}
    return out


def _recommendation_content(campaign: Any) -> dict[str, Any]:
    """The recommendation ballot's content (BallotForm's documented format) for every open post."""
    from xuanren.campaigns.selectors import candidates

    posts: dict[int, dict[str, Any]] = {}
    for app in candidates(campaign):
        post = posts.setdefault(app.post_id, {
            "post": app.post_id, "code": app.post.code, "title": app.post.title, "slots": app.post.slots,
            "max_marks": app.post.slots, "write_ins": 0, "candidates": []})
        post["candidates"].append({"application": app.pk, "name": app.person.name, "note": ""})
    return {"posts": list(posts.values())}


def _xuanren_session(campaign: Any, stage: Any, n_voters: int) -> tuple[Any, Any, list[str]]:
    """Through the voting actions: a session of the stage (its default recommendation form of every post),
    the stage's three voter groups entitled 5% / 25% / 70% of ``n_voters``, a code each, opened."""
    from xuanren.voting import actions as va
    from xuanren.voting.actions.codes import MAX_BATCH
    from xuanren.voting.models import BallotForm

    session = va.session_create(actor=None, stage=stage, name="压力测试场次")
    groups = list(session.groups.order_by("order", "id"))
    entitled = [n_voters * share // 100 for share in (5, 25)]
    entitled = [*entitled, n_voters - sum(entitled)][: len(groups)]
    entitled[-1] += n_voters - sum(entitled)
    groups = va.groups_set(actor=None, session=session, groups=[
        {"code": g.code, "name": g.name, "weight": g.weight, "entitled": max(e, 1)}
        for g, e in zip(groups, entitled, strict=True)])
    codes: list[str] = []
    for g, e in zip(groups, entitled, strict=True):
        while e > 0:
            n = min(e, MAX_BATCH)
            codes += va.codes_issue(actor=None, session=session, group=g, count=n)
            e -= n
    va.session_open(actor=None, session=session)
    return session, BallotForm.objects.get(session=session), codes


def _ballot_of(form: Any) -> dict[str, Any]:
    return {"form": form.pk, "posts": [{"post": p["post"], "max_marks": p["max_marks"],
                                        "candidates": [{"application": c["application"]} for c in p["candidates"]]}
                                       for p in form.content["posts"]]}


def verify(payload: dict[str, Any]) -> dict[str, Any]:
    from xuanren.voting.models import Ballot, VoterCode

    session = int(payload["session"])
    got: dict[str, Any] = payload["receipts"]
    stored = dict(Ballot.objects.filter(session_id=session).values_list("receipt", "marks"))
    return {
        "ballots": len(stored),
        "used_codes": VoterCode.objects.filter(session_id=session, used=True).count(),
        "missing": sum(1 for r in got if r not in stored),
        "unreceipted": sum(1 for r in stored if r not in got),
        "altered": sum(1 for r, marks in got.items() if r in stored and _norm(stored[r]) != _norm(marks)),
    }


def _main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuanren.config.settings")
    import django

    django.setup()
    command = {"setup": setup, "verify": verify}[argv[0]]
    result = command(json.loads(sys.stdin.read()))
    print(json.dumps(result))


@contextlib.contextmanager
def instance(db: str) -> Iterator[Instance]:
    inst = Instance.create(db)
    try:
        yield inst
    finally:
        inst.close()


def run(coro: Awaitable[Any]) -> Any:
    return asyncio.run(coro)  # type: ignore[arg-type]


if __name__ == "__main__":
    _main(sys.argv[1:])


__all__ = [
    "BASELINE_APP", "XUANREN_APP", "BaselineAdapter", "Check", "Instance", "LoadResult", "Refused", "Request", "Server",
    "Voter", "XuanrenAdapter", "check", "django_call", "http", "instance", "make_voters", "run_load",
]
