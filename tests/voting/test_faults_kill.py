"""The server killed with SIGKILL during a 1,000-voter load: every ballot that got a receipt is counted
after the restart, none twice (issue 5, "Bad input, faults").

Real HTTP against gunicorn (4 workers × 4 threads, its own process group) on a temporary instance — SQLite
always, and PostgreSQL too when ``DATABASE_URL`` points at one (``tools/with-postgres.sh``: a fresh database
on that server). The instance is set up through the real actions (``bench/_cast_harness.py``, the same
harness as ``bench/cast.py``). A thousand voters open their ballots, then all cast at once; when a third of
the receipts have arrived the master and every worker are killed (``os.killpg``, SIGKILL) — triggered by a
count, not a clock. gunicorn is started again on the same port and every voter without a receipt presses
"submit" again: the same request, the same submission token. A voter whose ballot was committed but whose
answer was lost in the kill gets that ballot's receipt; the others cast now.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bench._cast_harness import (
    XUANREN_APP,
    Server,
    Voter,
    XuanrenAdapter,
    check,
    django_call,
    instance,
    make_voters,
    postgres_url,
    run_load,
)

# The SQLite pass runs it on SQLite, the PostgreSQL pass (DATABASE_URL set) on PostgreSQL: each once.
DATABASES = ["postgres"] if postgres_url() else ["sqlite"]
VOTERS = 1000


@pytest.mark.parametrize("db", DATABASES)
def test_sigkill_during_a_1000_voter_load_loses_nothing_and_counts_nothing_twice(db: str) -> None:
    adapter = XuanrenAdapter()
    with instance(db) as inst:
        setup = django_call(inst, "setup", {"voters": VOTERS})
        voters = make_voters(setup["ballot"], setup["codes"])
        server = Server(inst, XUANREN_APP, workers=4, threads=4)
        kill_at = VOTERS // 3
        received: list[Voter] = []

        def on_receipt(v: Voter) -> None:
            received.append(v)
            if len(received) == kill_at:
                server.kill()

        try:
            server.start()
            first = asyncio.run(run_load(adapter, server.port, voters, on_receipt=on_receipt))
            at_kill = {v.code: v.receipt for v in voters if v.receipt is not None}
            # What the database holds right after the kill: ballots whose answer never reached the voter.
            killed = check(inst, setup["session"], voters)
            server.start()
            retrying = [v for v in voters if v.receipt is None]
            second = asyncio.run(run_load(adapter, server.port, retrying, retry=True))
        finally:
            server.stop()
        after = check(inst, setup["session"], voters)

    summary: dict[str, Any] = {
        "db": db, "opened": first.fetch.ok, "receipts before the kill": len(at_kill),
        "ballots at the kill": killed.ballots, "answers lost in the kill": killed.unreceipted,
        "retried": len(retrying), "receipts on retry": second.cast.ok,
        "unfinished": sorted({str(v.refusal or v.error) for v in voters if v.receipt is None})[:3]}
    print(summary)
    # The kill happened in the middle of the casting: some receipts before it, some voters left without one.
    assert first.fetch.ok == VOTERS, summary
    assert kill_at <= len(at_kill) < VOTERS and retrying, summary
    # Nothing committed before the kill was lost or changed by it.
    assert killed.missing == 0 and killed.altered == 0 and killed.used_codes == killed.ballots, (summary, killed)
    # After the restart every voter has a receipt; those who had one kept it (a retry never cast again).
    assert all(v.receipt is not None for v in voters), summary
    assert all(v.receipt == at_kill[v.code] and len(v.receipts) == 1 for v in voters if v.code in at_kill)
    # In the database: one ballot per voter, each with its voter's receipt and marks; codes used == ballots.
    assert after.ballots == VOTERS and after.used_codes == VOTERS, (summary, after)
    assert (after.missing, after.unreceipted, after.conflicting, after.altered) == (0, 0, 0, 0), (summary, after)
    assert after.lost == 0 and after.doubled == 0
