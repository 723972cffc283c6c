"""Report and dashboard timings over N synthetic orders in PostgreSQL (issues 6, 15, 16).

Creates a scratch database, fills it with ``DemoSeeder`` (the same code as
``hotline demo seed``), builds the daily roll-up, then times: a cold dashboard month
(every panel and chart, from the roll-up), the monthly public report (roll-up refresh +
figures + HTML + PDF), the same report computed from the orders themselves (``--as-of``),
a drill-down, the roll-up refresh, the early-warning scan and a feed page. Prints a
Markdown table and a profile of the cold dashboard month; the database is dropped
afterwards unless --keep.

    .venv/bin/python bench/analytics_bench.py --orders 1000000 [--keep NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

import casebridge.analytics.models  # noqa: E402,F401 - the tables of migration 0004
from casebridge.analytics import feed, load, rollup  # noqa: E402
from casebridge.analytics.assessment import Metric  # noqa: E402
from casebridge.analytics.config import load_config  # noqa: E402
from casebridge.analytics.demo import DemoSeeder  # noqa: E402
from casebridge.analytics.periods import parse_period  # noqa: E402
from casebridge.catalogue import load_catalogue  # noqa: E402
from casebridge.db import Base, create_engine_for, migrate, session_factory, sync_url  # noqa: E402
from casebridge.reports import render_html, render_pdf  # noqa: E402
from casebridge.reports.from_store import report_from_store  # noqa: E402
from casebridge.reports.render import charts  # noqa: E402
from gateway.analytics import Analytics  # noqa: E402

END = datetime(2025, 6, 30, 12, tzinfo=UTC)


def make_schema(url: str) -> str:
    """Alembic when the chain is complete, else the same tables from the models."""
    try:
        migrate(url)
        return "alembic upgrade head"
    except Exception as exc:
        print(f"(migration chain incomplete: {exc}; creating tables from the models)")
        engine = create_engine(sync_url(url))
        Base.metadata.create_all(engine)
        engine.dispose()
        return "metadata.create_all (chain incomplete)"


async def timed(
    label: str, fn: Callable[[], Awaitable[Any]], runs: int
) -> tuple[str, float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - t) * 1000)
    return label, statistics.median(samples), max(samples)


async def measure(url: str, runs: int) -> list[tuple[str, float, float]]:
    cfg = load_config(ROOT / "config" / "data")
    engine = create_engine_for(url)
    sessions = session_factory(engine)
    march = parse_period("2025-03")
    out = []
    try:
        t = time.perf_counter()
        built = await rollup.refresh(sessions, END, cfg.policy, full=True)
        took = (time.perf_counter() - t) * 1000
        out.append((f"roll-up: full build ({built.unit_days} days)", took, took))

        async def incremental() -> None:
            await rollup.refresh(sessions, END, cfg.policy)

        out.append(await timed("roll-up: refresh with nothing new", incremental, runs))

        async def cold() -> None:
            a = Analytics(sessions, cfg, clock=lambda: END, ttl=0, refresh_after=1e9)
            await a.period_data(march)

        out.append(await timed("dashboard month, cold: figures + report + charts", cold, runs))
        cached = Analytics(sessions, cfg, clock=lambda: END, ttl=3600, refresh_after=1e9)
        data = await cached.period_data(march)

        async def warm() -> None:
            await cached.period_data(march)

        out.append(await timed("dashboard month, cached", warm, runs))

        async def svgs() -> None:
            await asyncio.to_thread(charts, data.report)

        out.append(await timed("  of which: the three charts (SVG)", svgs, runs))
        biggest = max(data.figures.ranking, key=lambda r: r.orders)

        async def drill() -> None:
            await cached.drill(biggest.unit_id, Metric.ON_TIME, march)

        out.append(await timed(f"drill-down: {biggest.orders} orders of one unit", drill, runs))

        async def report() -> None:
            r = await report_from_store(sessions, march, cfg, now=END)
            await asyncio.to_thread(render_html, r)
            await asyncio.to_thread(render_pdf, r)

        out.append(await timed("monthly report: refresh + figures + HTML + PDF", report, runs))

        async def report_raw() -> None:
            r = await report_from_store(sessions, march, cfg, now=END, as_of=END)
            await asyncio.to_thread(render_html, r)
            await asyncio.to_thread(render_pdf, r)

        out.append(await timed("monthly report from the orders (--as-of)", report_raw, runs))

        async def q(name: str, fn: Callable[[Any], Awaitable[Any]]) -> None:
            async def run() -> None:
                async with sessions() as s:
                    await fn(s)

            out.append(await timed(name, run, runs))

        window = cfg.warnings.window * (cfg.warnings.history + 1)
        await q("early-warning scan: 29 days of appeals with text",
                lambda s: load.load_appeals(s, END - window, END, with_text=True))  # fmt: skip
        await q("supervision sweep input: open + 30-day order snapshots",
                lambda s: load.load_order_snapshots(s, END, cfg.policy))  # fmt: skip
        await q("feed page: 200 events of one unit",
                lambda s: feed.order_events(s, 1, 0, 200))  # fmt: skip

        prof = cProfile.Profile()
        prof.enable()
        await cold()
        prof.disable()
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(18)
        print("\nprofile of one cold dashboard month (cumulative):")
        print("\n".join(text.getvalue().splitlines()[:40]))
    finally:
        await engine.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--months", type=int, default=30)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--events", action="store_true", help="also write order events (slower)")
    ap.add_argument("--keep", default=None, help="reuse/keep this database name")
    args = ap.parse_args()
    name = args.keep or f"hotline_bench_analytics_{uuid.uuid4().hex[:8]}"
    base = args.admin_url.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    fresh = True
    with psycopg.connect(args.admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            fresh = False
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        how = make_schema(url)
        if fresh:
            seeder = DemoSeeder(
                load_catalogue(ROOT / "config" / "data"),
                orders=args.orders,
                end=END,
                months=args.months,
                with_events=args.events,
            )
            engine = create_engine(sync_url(url))
            t = time.perf_counter()
            with engine.begin() as conn:
                stats = seeder.run(conn, batch=10000)
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))  # the steady state autovacuum keeps
            engine.dispose()
            print(f"seeded {stats.orders} orders, {stats.assignments} assignments, "
                  f"{stats.events} events, {stats.callbacks} callbacks in "
                  f"{time.perf_counter() - t:.0f} s (schema: {how})")  # fmt: skip
        rows = asyncio.run(measure(url, args.runs))
        print(f"\n| measurement ({args.orders:,} orders) | median ms | max ms |")
        print("|---|---:|---:|")
        for label, med, worst in rows:
            print(f"| {label} | {med:.0f} | {worst:.0f} |")
    finally:
        if not args.keep:
            with psycopg.connect(args.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
