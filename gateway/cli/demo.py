"""``hotline demo seed --orders 50000``: synthetic demo data for a new user."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand group."""
    demo = subparsers.add_parser("demo", help="demo data")
    sub = demo.add_subparsers(dest="demo_command", required=True)
    p = sub.add_parser("seed", help="fill the store with realistic synthetic appeals and orders")
    p.add_argument("--orders", type=int, default=50000, help="how many orders (default 50000)")
    p.add_argument(
        "--months",
        type=int,
        default=13,
        help="spread over this many months (default 13: a year back)",
    )
    p.add_argument("--seed", type=int, default=12345, help="random seed (same seed, same data)")
    p.add_argument("--end", default=None, help="last moment of the data (ISO, default now)")
    p.add_argument("--no-events", action="store_true", help="skip order events (faster)")
    p.set_defaults(func=_seed)


def _seed(args: argparse.Namespace) -> int:
    from casebridge.analytics.config import load_config
    from casebridge.analytics.demo import DemoSeeder
    from casebridge.catalogue import load_catalogue
    from casebridge.db import sync_engine_for
    from config.settings import load_settings
    from gateway.db import migrate

    if args.orders < 1 or args.orders > 5_000_000:
        print("错误：--orders 须在 1 到 5000000 之间", file=sys.stderr)
        return 2
    if args.months < 1 or args.months > 120:
        print("错误：--months 须在 1 到 120 之间", file=sys.stderr)
        return 2
    try:
        end = datetime.fromisoformat(args.end) if args.end else datetime.now(UTC)
    except ValueError:
        print(f"错误：无法识别的时间 {args.end!r}", file=sys.stderr)
        return 2
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    settings = load_settings()
    url = settings.effective_database_url
    migrate(url)
    seeder = DemoSeeder(
        load_catalogue(settings.centre_config_dir),
        orders=args.orders,
        end=end,
        months=args.months,
        seed=args.seed,
        policy=load_config(settings.centre_config_dir).policy,
        with_events=not args.no_events,
    )
    engine = sync_engine_for(url)
    started = time.perf_counter()
    try:
        with engine.begin() as conn:
            stats = seeder.run(conn)
    finally:
        engine.dispose()
    asyncio.run(_rollup(url, settings.centre_config_dir))  # the dashboard reads it
    took = time.perf_counter() - started
    print(
        f"已生成演示数据：诉求 {stats.appeals} 件，工单 {stats.orders} 件，"
        f"办理记录 {stats.events} 条，回访 {stats.callbacks} 条，督办 {stats.supervisions} 件"
        f"（用时 {took:.1f} 秒）"
    )
    print("工单状态：" + "，".join(f"{k} {v}" for k, v in sorted(stats.by_state.items())))
    return 0


async def _rollup(url: str, config_dir: Path) -> None:
    """Bring the dashboard's daily roll-up up to date with the seeded rows."""
    from casebridge.analytics import rollup
    from casebridge.analytics.config import load_config
    from casebridge.db import create_engine_for, session_factory

    engine = create_engine_for(url)
    try:
        await rollup.refresh(
            session_factory(engine), datetime.now(UTC), load_config(config_dir).policy
        )
    finally:
        await engine.dispose()
