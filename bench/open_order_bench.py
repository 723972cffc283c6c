"""Opening a work order: SQL statements (round trips) per order and latency, in process.

One transaction per order (``CaseService.open_work_order``: appeal INSERT … ON CONFLICT …
RETURNING, the day's counter UPDATE … RETURNING, the order, its assignment and event, the
outbox row); units and the catalogue are cached in the process. Counts the statements the
driver executes per order (BEGIN/COMMIT included) and times each call, sequentially, on a
fresh SQLite file and (with ``--postgres``) a fresh PostgreSQL database.

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

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchkit import drop_database, fresh_database

from casebridge.db import create_engine_for, session_factory
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


async def run(url: str, n: int, *, callgrind: bool = False) -> dict[str, float]:
    await asyncio.to_thread(migrate, url)
    engine = create_engine_for(url)
    statements = [0]

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def count(*_: object) -> None:
        statements[0] += 1

    @event.listens_for(engine.sync_engine, "commit")
    def commit(*_: object) -> None:
        statements[0] += 1

    cases = build_case_service(Settings(), session_factory(engine))
    await cases.sync_units()
    for i in range(WARMUP):  # the first ones warm the caches
        await cases.open_work_order(_draft(i))
    times: list[float] = []
    numbers: set[str] = set()
    before = statements[0]
    _callgrind("on", callgrind)
    for i in range(WARMUP, WARMUP + n):
        t0 = time.perf_counter()
        receipt = await cases.open_work_order(_draft(i))
        times.append(time.perf_counter() - t0)
        numbers.add(receipt.number)
    _callgrind("off", callgrind)
    counted = statements[0] - before
    again = await cases.open_work_order(_draft(WARMUP))  # a retried confirmation
    await engine.dispose()
    if len(numbers) != n or again.created:
        raise SystemExit(f"{url}: {len(numbers)} numbers for {n} orders, retry {again}")
    q = statistics.quantiles(times, n=100)
    return {"statements": counted / n, "p50": q[49] * 1000, "p99": q[98] * 1000}


def child(url: str, n: int) -> int:
    print(json.dumps(asyncio.run(run(url, n, callgrind=True))))
    return 0


def under_callgrind(url: str, n: int, keep: bool, tag: str) -> dict[str, float]:
    out_file = Path(tempfile.gettempdir()) / f"open-order-{os.getpid()}-{tag}.callgrind"
    cmd = [
        *("valgrind", "--tool=callgrind", "--instr-atstart=no"),
        f"--callgrind-out-file={out_file}",
        *(sys.executable, str(Path(__file__).resolve()), "--child", url, "--orders", str(n)),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    files = list(out_file.parent.glob(out_file.name + "*"))
    counted = sum(
        int(line.split()[1])
        for path in files
        for line in path.read_text().splitlines()
        if line.startswith(("summary:", "totals:"))
    )
    for path in files:
        if keep:  # for callgrind_annotate --inclusive=yes
            print(f"kept {path}", file=sys.stderr)
        else:
            path.unlink()
    result["instructions"] = counted / n
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
            print(head + (f"{'instructions/order':>20}" if args.callgrind else ""))
            for name, url in urls:
                if args.callgrind:
                    r = under_callgrind(url, args.orders, args.keep, name.lower())
                else:
                    r = asyncio.run(run(url, args.orders))
                line = f"{name:<12}{r['statements']:>18.1f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
                print(line + (f"{r['instructions']:>20,.0f}" if args.callgrind else ""))
        finally:
            if pg and args.postgres:
                drop_database(args.postgres, pg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
