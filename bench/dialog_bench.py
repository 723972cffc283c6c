"""1,000 concurrent web-chat conversations running the intake flow to a work order.

The gateway runs in a child process (uvicorn, real pipeline, real dialogue engine, real
case store on SQLite or PostgreSQL, the Redis session store, the agent console records);
this process opens one websocket per citizen and drives each conversation:

    appeal with place → (contact?) → "匿名" → (confirm?) → "确认" → work-order number
    (since when is not asked as a question of its own: see dialogs.context.Thresholds)

It prints completed dialogues per second and per-turn latency percentiles.

    .venv/bin/python bench/dialog_bench.py --conversations 1000 --concurrency 1000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

COUNTIES = ("牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县")
# each tells since when: the fixed script answers no "since when?" (asked of a quick intake)
PROBLEMS = (
    "小区门口的路灯坏了一个多星期",
    "楼下的下水道堵了两天了，污水溢到路面",
    "村里的自来水停了三天了",
    "路口的红绿灯不亮好几天了，车辆通行很乱",
)


# ------------------------------------------------------------------------ server side
def _migrate(url: str) -> None:
    """Every room's tables, as ``hotline serve`` migrates them."""
    from gateway.db import migrate

    migrate(url)


class _ScriptedNlu:
    """Stands in when the NLU room's engine is not importable (same results every run)."""

    def parse(self, text: str) -> Any:
        from nlu.types import Intent, NluResult, Territory

        county = next((c for c in COUNTIES if c in text), None)
        return NluResult(
            text=text,
            intent=Intent("appeal", 0.9),
            territory=Territory(county=county) if county else None,
        )


async def _serve(port: int, db_url: str, redis_url: str, prefix: str, var_dir: Path) -> None:
    import uvicorn

    from config.settings import Settings
    from gateway.app import create_app
    from gateway.kv.store import RedisStore
    from gateway.services import build_services

    settings = Settings(
        env="test",
        var_dir=var_dir,
        database_url=db_url,
        redis_url=redis_url,
        log_level="ERROR",
        log_json=True,
        rate_limit_per_minute=1000,
    )
    # the real gateway's parts, as `hotline serve` builds them (migrated by the parent)
    services = await build_services(settings, run_migrations=False, start_workers=False)
    await services.store.aclose()
    services.store = services.pipeline.store = RedisStore(redis_url, prefix=prefix)
    services.console.store = services.store
    if os.environ.get("HOTLINE_BENCH_NLU") == "scripted":
        services.pipeline.nlu = _ScriptedNlu()
    if os.environ.get("HOTLINE_BENCH_NO_CONSOLE"):
        services.pipeline.console = None
    print(f"[bench] server nlu={type(services.pipeline.nlu).__name__}", file=sys.stderr)
    app = create_app(settings, services=services)
    if os.environ.get("HOTLINE_BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()

        def dump() -> None:
            profiler.disable()
            profiler.dump_stats(os.environ["HOTLINE_BENCH_PROFILE"])

        # uvicorn owns the signals: dump after a fixed time instead of at exit
        after = float(os.environ.get("HOTLINE_BENCH_PROFILE_AFTER", "15"))
        asyncio.get_running_loop().call_later(after, dump)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="error", ws_max_queue=64, backlog=4096
    )
    try:
        await uvicorn.Server(config).serve()
    finally:
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await services.aclose()


# ------------------------------------------------------------------------ client side
async def _conversation(
    url: str,
    i: int,
    turns: list[float],
    failures: list[str],
    by_step: dict[int, list[float]],
) -> bool:
    import websockets

    county = COUNTIES[i % len(COUNTIES)]
    script = [
        f"{county}某某小区{i}号楼，{PROBLEMS[i % len(PROBLEMS)]}",
        "匿名",
        "确认",
    ]
    try:
        async with websockets.connect(url, open_timeout=60, max_size=2**20) as ws:
            hello = json.loads(await ws.recv())
            assert hello["type"] == "hello"
            last: list[str] = []
            for n, text in enumerate(script):
                frame_id = f"b{n}"
                started = time.perf_counter()
                await ws.send(json.dumps({"type": "message", "id": frame_id, "text": text}))
                last = []
                while True:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 120))
                    if frame["type"] == "reply":
                        last.append(frame["text"])
                    elif frame["type"] == "error":
                        raise RuntimeError(frame["message"])
                    elif frame["type"] == "done" and frame["in_reply_to"] == frame_id:
                        break
                turns.append(time.perf_counter() - started)
                by_step.setdefault(n, []).append(turns[-1])
            if not any("工单编号" in t or "工单号" in t for t in last):
                failures.append(f"conversation {i} ended without an order: {last!r}")
                return False
            return True
    except Exception as exc:
        failures.append(f"conversation {i}: {exc!r}")
        return False


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _drive(url: str, conversations: int, concurrency: int) -> dict[str, Any]:
    turns: list[float] = []
    failures: list[str] = []
    by_step: dict[int, list[float]] = {}
    gate = asyncio.Semaphore(concurrency)

    async def one(i: int) -> bool:
        async with gate:
            return await _conversation(url, i, turns, failures, by_step)

    started = time.perf_counter()
    done = await asyncio.gather(*(one(i) for i in range(conversations)))
    elapsed = time.perf_counter() - started
    completed = sum(done)
    return {
        "conversations": conversations,
        "concurrency": concurrency,
        "completed": completed,
        "failed": conversations - completed,
        "seconds": round(elapsed, 2),
        "dialogues_per_second": round(completed / elapsed, 1),
        "turns": len(turns),
        "turn_p50_ms": round(_pct(turns, 0.50), 1) if turns else None,
        "turn_p99_ms": round(_pct(turns, 0.99), 1) if turns else None,
        "turn_mean_ms": round(statistics.fmean(turns) * 1000, 1) if turns else None,
        "turn_p50_ms_by_step": {n: round(_pct(v, 0.5), 1) for n, v in sorted(by_step.items())},
        "first_failures": failures[:3],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--conversations", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=1000)
    # the store's own bounded, blocking pool (200 connections); a URL's max_connections
    # overrides it (a thousand at once time out connecting: issue 16)
    ap.add_argument(
        "--redis", default=os.environ.get("HOTLINE_BENCH_REDIS", "redis://127.0.0.1:6379/0")
    )
    ap.add_argument("--db", default="", help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--prefix", default="", help=argparse.SUPPRESS)
    ap.add_argument("--var", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.serve:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(args.port, args.db, args.redis, args.prefix, Path(args.var)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="hotline-bench-"))
    db = args.db or f"sqlite:///{tmp / 'bench.db'}"
    _migrate(db)
    port = _free_port()
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            "--port",
            str(port),
            "--db",
            db,
            "--redis",
            args.redis,
            "--prefix",
            prefix,
            "--var",
            str(tmp / "var"),
        ],
        cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("the gateway exited during start-up") from None
                time.sleep(0.2)
        result = asyncio.run(
            _drive(f"ws://127.0.0.1:{port}/chat/ws", args.conversations, args.concurrency)
        )
        result["store"] = "redis"
        result["database"] = db.split(":", 1)[0]
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        _cleanup_redis(args.redis, prefix)


def _cleanup_redis(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    for i in range(0, len(keys), 500):
        client.delete(*keys[i : i + 500])
    client.close()


if __name__ == "__main__":
    main()
