"""Opening a work order: SQL statements (round trips) per order and latency, in process.

One transaction per order (``CaseService.open_work_order``: appeal INSERT … ON CONFLICT …
RETURNING, the day's counter UPDATE … RETURNING, the order, its assignment and event, the
outbox row); units and the catalogue are cached in the process. Counts the statements the
driver executes per order (BEGIN/COMMIT included) and times each call, sequentially, on a
fresh SQLite file and (with ``--postgres``) a fresh PostgreSQL database.

    .venv/bin/python bench/open_order_bench.py [--orders 300] \\
        [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
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


async def run(url: str, n: int) -> tuple[float, float, float]:
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
    times: list[float] = []
    counted = 0
    for i in range(n + 20):
        draft = AppealDraft(
            idempotency_key=f"bench-{i}",
            channel="web",
            sender=f"c{i}",
            text="小区门口的路灯坏了一个多月了，晚上出行很不方便",
            category_level1="城乡建设",
            county="牡丹区",
            anonymous=True,
        )
        before = statements[0]
        t0 = time.perf_counter()
        await cases.open_work_order(draft)
        if i >= 20:  # the first ones warm the caches
            times.append(time.perf_counter() - t0)
            counted += statements[0] - before
    await engine.dispose()
    q = statistics.quantiles(times, n=100)
    return counted / n, q[49] * 1000, q[98] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=300)
    ap.add_argument("--postgres", default=None, help="admin URL; a fresh database is made")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls = [("SQLite", f"sqlite:///{tmp}/orders.db")]
        pg = fresh_database(args.postgres) if args.postgres else None
        if pg:
            urls.append(("PostgreSQL", pg))
        try:
            print(f"{'database':<12}{'statements/order':>18}{'p50 ms':>9}{'p99 ms':>9}")
            for name, url in urls:
                per, p50, p99 = asyncio.run(run(url, args.orders))
                print(f"{name:<12}{per:>18.1f}{p50:>9.2f}{p99:>9.2f}")
        finally:
            if pg and args.postgres:
                drop_database(args.postgres, pg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
