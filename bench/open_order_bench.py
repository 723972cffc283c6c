"""Opening a work order: statements, hand-offs and round trips per order, and latency.

One transaction per order (``CaseService.open_work_order``: on SQLite appeal INSERT … ON
CONFLICT … RETURNING, the day's counter UPDATE … RETURNING, the order, its assignment and
event, the endpoints, in one worker thread; on PostgreSQL the same rows in one statement
of CTEs; the outbox rows when the lead unit has an endpoint); units and the catalogue
are cached in the process. Counts the statements the
driver executes per order (COMMIT included), the **hand-offs** per order (SQLite: the
times a driver's thread wakes the event loop, ``loop.call_soon_threadsafe``; aiosqlite
costs one per cursor call, commit and rollback) and the **round trips** per order
(PostgreSQL: the server's ``ReadyForQuery`` messages in libpq's protocol trace, the
implicit BEGIN and the pool's pre-ping included), and times each call, sequentially, on
a fresh SQLite file and (with ``--postgres``) a fresh PostgreSQL database.

With ``--callgrind`` each database runs in a child under valgrind's callgrind and the
figure is the instructions per order of every thread of the process (event loop and
aiosqlite's thread), counted only around the measured orders (``callgrind_control -i``):
repeatable on a loaded machine. Each run ends with a retried confirmation of an order
already open, which must answer with that order, never a second one.

    .venv/bin/python bench/open_order_bench.py [--orders 300] \\
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--callgrind [--keep]]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from psycopg import pq
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchkit import callgrind_instructions, callgrind_prefix, drop_database, fresh_database

from casebridge.db import blocking_twin, create_engine_for, session_factory
from casebridge.intake import AppealDraft
from config.settings import Settings
from gateway.casebridge_wiring import build_case_service
from gateway.db import migrate

WARMUP = 20


def _callgrind(switch: str, enabled: bool) -> None:
    """Instruction counting on or off for this process (run under callgrind)."""
    if enabled:
        subprocess.run(
            ["callgrind_control", "-i", switch, str(os.getpid())],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def _draft(i: int) -> AppealDraft:
    return AppealDraft(
        idempotency_key=f"bench-{i}",
        channel="web",
        sender=f"c{i}",
        text="小区门口的路灯坏了一个多月了，晚上出行很不方便",
        category_level1="城乡建设",
        county="牡丹区",
        anonymous=True,
    )


def _count_wakeups(loop: asyncio.AbstractEventLoop, seen: list[int]) -> None:
    """Count the event loop's wake-ups from other threads (a driver's thread handing a
    result back: one per aiosqlite call, one per ``asyncio.to_thread``)."""
    plain = loop.call_soon_threadsafe

    def counted(*args: Any, **kw: Any) -> asyncio.Handle:
        seen[0] += 1
        return plain(*args, **kw)

    setattr(loop, "call_soon_threadsafe", counted)  # noqa: B010 (a method, counted)


def _trace_round_trips(engine: AsyncEngine) -> tuple[int, Path] | None:
    """PostgreSQL: libpq's protocol trace of every new connection into one file (its
    descriptor and path; None on SQLite); :func:`_round_trips` counts it."""
    if engine.dialect.name != "postgresql":
        return None
    fd, name = tempfile.mkstemp(prefix="open-order-", suffix=".pqtrace")

    @event.listens_for(engine.sync_engine, "connect")
    def traced(dbapi_connection: Any, _record: object) -> None:
        pgconn = dbapi_connection.driver_connection.pgconn
        pgconn.trace(fd)
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    return fd, Path(name)


def _round_trips(trace: tuple[int, Path] | None) -> int:
    """Round trips so far: the server's ReadyForQuery messages (one ends every exchange:
    a simple query, or an extended query's Parse/Bind/Execute/Sync)."""
    if trace is None:
        return 0
    return trace[1].read_bytes().count(b"\tReadyForQuery\t")


def _drop_trace(trace: tuple[int, Path] | None) -> None:
    """Close and remove the trace file (after the engine's connections are closed)."""
    if trace is not None:
        os.close(trace[0])
        trace[1].unlink()


async def run(url: str, n: int, *, callgrind: bool = False) -> dict[str, float]:
    await asyncio.to_thread(migrate, url)
    engine = create_engine_for(url)
    statements = [0]

    def count(*_: object) -> None:
        statements[0] += 1

    for sync in (engine.sync_engine, blocking_twin(engine)):  # SQLite: orders on the twin
        if sync is not None:
            event.listen(sync, "before_cursor_execute", count)
            event.listen(sync, "commit", count)

    trace = None if callgrind else _trace_round_trips(engine)
    loop = asyncio.get_running_loop()
    wakeups = [0]
    if not callgrind:
        _count_wakeups(loop, wakeups)

    cases = build_case_service(Settings(), session_factory(engine))
    await cases.sync_units()
    for i in range(WARMUP):  # the first ones warm the caches
        await cases.open_work_order(_draft(i))
    times: list[float] = []
    numbers: set[str] = set()
    before = statements[0]
    woken = wakeups[0]
    trips = _round_trips(trace)
    _callgrind("on", callgrind)
    for i in range(WARMUP, WARMUP + n):
        t0 = time.perf_counter()
        receipt = await cases.open_work_order(_draft(i))
        times.append(time.perf_counter() - t0)
        numbers.add(receipt.number)
    _callgrind("off", callgrind)
    counted = statements[0] - before
    handoffs = wakeups[0] - woken
    trips = _round_trips(trace) - trips
    again = await cases.open_work_order(_draft(WARMUP))  # a retried confirmation
    await engine.dispose()
    if len(numbers) != n or again.created:
        raise SystemExit(f"{url}: {len(numbers)} numbers for {n} orders, retry {again}")
    _drop_trace(trace)
    q = statistics.quantiles(times, n=100)
    return {
        "statements": counted / n,
        "handoffs": handoffs / n,
        "round_trips": trips / n,
        "p50": q[49] * 1000,
        "p99": q[98] * 1000,
    }


def child(url: str, n: int) -> int:
    print(json.dumps(asyncio.run(run(url, n, callgrind=True))))
    return 0


def under_callgrind(url: str, n: int, keep: bool, tag: str) -> dict[str, float]:
    out_file = Path(tempfile.gettempdir()) / f"open-order-{os.getpid()}-{tag}.callgrind"
    cmd = [
        *callgrind_prefix(out_file),
        *(sys.executable, str(Path(__file__).resolve()), "--child", url, "--orders", str(n)),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["instructions"] = callgrind_instructions(out_file, keep=keep) / n
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=300)
    ap.add_argument("--postgres", default=None, help="admin URL; a fresh database is made")
    ap.add_argument("--callgrind", action="store_true", help="instructions per order")
    ap.add_argument("--keep", action="store_true", help="keep the callgrind output files")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.orders)
    with tempfile.TemporaryDirectory() as tmp:
        urls = [("SQLite", f"sqlite:///{tmp}/orders.db")]
        pg = fresh_database(args.postgres) if args.postgres else None
        if pg:
            urls.append(("PostgreSQL", pg))
        try:
            head = f"{'database':<12}{'statements/order':>18}{'p50 ms':>9}{'p99 ms':>9}"
            counts = f"{'hand-offs/order':>17}{'round trips/order':>19}"
            print(head + (f"{'instructions/order':>20}" if args.callgrind else counts))
            for name, url in urls:
                if args.callgrind:
                    r = under_callgrind(url, args.orders, args.keep, name.lower())
                else:
                    r = asyncio.run(run(url, args.orders))
                line = f"{name:<12}{r['statements']:>18.1f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
                more = f"{r['handoffs']:>17.1f}{r['round_trips']:>19.1f}"
                print(line + (f"{r['instructions']:>20,.0f}" if args.callgrind else more))
        finally:
            if pg and args.postgres:
                drop_database(args.postgres, pg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
