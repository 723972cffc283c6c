"""A city-wide outage: 10,000 first messages from distinct WeChat citizens within 60 s.

Starts the gateway (``hotline serve``, WeChat plain mode) and a fake WeChat API in this
process that records the customer-service pushes (replies that missed the inline margin
go that way). Sends one first message per citizen, open loop, evenly spread over the
window, each on its own request, and measures for each citizen when the answer reached
WeChat: the HTTP response if it carried the reply, else the push. Prints the share
answered inside 5 s (WeChat's deadline), inline and pushed, lost ones, and latency.

    .venv/bin/python bench/burst.py [--citizens 10000] [--seconds 60] \\
        [--db postgresql://…/admin-db --redis redis://127.0.0.1:6379/0 --workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchkit

TEXTS = (
    "我们小区停水两天了，什么时候能恢复供水",
    "家里暖气不热，只有十几度，老人孩子受不了",
    "整栋楼停电了，电梯也停了",
    "你好，请问停水什么时候恢复",
)


async def burst(port: int, args: argparse.Namespace, pushed: dict[str, float]) -> None:
    base = f"http://127.0.0.1:{port}{benchkit.WECHAT_PATH}"

    run = secrets.randbelow(900_000) + 100_000
    sent: dict[str, float] = {}
    inline: dict[str, float] = {}
    acked: dict[str, float] = {}  # any 200 (the reply, or "success" with a push to come)
    errors: dict[str, int] = {}
    conn = aiohttp.TCPConnector(limit=args.connections)
    timeout = aiohttp.ClientTimeout(total=30)

    async def one(i: int, session: aiohttp.ClientSession) -> None:
        user = f"oburst{run}_{i}"
        data = benchkit.wechat_text(user, f"{run}{i:07d}", TEXTS[i % len(TEXTS)]).encode()
        sent[user] = time.monotonic()
        try:
            # each request signed with its own nonce, as WeChat sends them
            async with session.post(benchkit.wechat_signed_path(base), data=data) as r:
                text = await r.text()
                if r.status == 200:
                    acked[user] = time.monotonic()
                if r.status != 200:
                    errors[str(r.status)] = errors.get(str(r.status), 0) + 1
                elif "<Content>" in text:
                    inline[user] = time.monotonic()
        except (aiohttp.ClientError, TimeoutError) as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    async with aiohttp.ClientSession(connector=conn, timeout=timeout) as session:
        start_at = time.monotonic()
        gap = args.seconds / args.citizens
        tasks = []
        for i in range(args.citizens):
            due = start_at + i * gap
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i, session)))
        sending = time.monotonic() - start_at
        await asyncio.gather(*tasks)
    await asyncio.sleep(args.grace)  # late pushes
    latencies: list[float] = []
    within = n_inline = n_pushed = lost = 0
    for user, t0 in sent.items():
        t1 = inline.get(user)
        if t1 is not None:
            n_inline += 1
        else:
            t1 = pushed.get(user)
            if t1 is None:
                lost += 1
                continue
            n_pushed += 1
        latencies.append(t1 - t0)
        within += t1 - t0 <= 5.0
    n = len(sent)
    responses = [acked[u] - t0 for u, t0 in sent.items() if u in acked]
    print(f"citizens {n}, sent over {sending:.1f} s (aim {args.seconds:.0f} s)")
    in_time = sum(r <= 5.0 for r in responses)
    print(f"HTTP 200 inside 5 s (WeChat's deadline): {in_time}/{n} = {in_time / n:.1%}")
    if len(responses) > 1:
        q = statistics.quantiles(responses, n=100)
        print(f"HTTP response p50 {q[49] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms")
    print(f"answered inside 5 s: {within}/{n} = {within / n:.1%}")
    print(f"inline {n_inline}, by customer-service push {n_pushed}, never answered {lost}")
    print(f"HTTP errors: {errors or 'none'}")
    if len(latencies) > 1:
        q = statistics.quantiles(latencies, n=100)
        print(f"answer latency p50 {q[49] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms")


async def server_side(port: int) -> None:
    """The gateway's own view (``/metrics``): webhook requests answered inside 5 s of
    reaching the app, their mean, and the pipeline's mean per message. On a loaded
    machine the client's own queueing is in its figures above, not in these."""
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(f"http://127.0.0.1:{port}/metrics") as r,
    ):
        text = await r.text()
    route = 'route="/webhooks/{channel}"'
    values: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.rpartition(" ")
        if route in name or 'channel="wechat",stage="total"' in name:
            values[name] = float(value)
    count = values.get(f"hotline_http_request_seconds_count{{{route}}}", 0.0)
    in5 = sum(
        v
        for k, v in values.items()
        if k.startswith("hotline_http_request_seconds_bucket") and 'le="5.0"' in k
    )
    total = values.get(f"hotline_http_request_seconds_sum{{{route}}}", 0.0)
    stage = 'hotline_stage_seconds_{}{{channel="wechat",stage="total"}}'
    handled = values.get(stage.format("count"), 0.0)
    print(
        f"server side: {in5:.0f}/{count:.0f} webhook requests answered inside 5 s of "
        f"reaching the app, mean {total / max(count, 1) * 1000:.0f} ms; pipeline mean "
        f"{values.get(stage.format('sum'), 0.0) / max(handled, 1) * 1000:.1f} ms "
        f"over {handled:.0f} messages"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--citizens", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--grace", type=float, default=15.0, help="wait for late pushes")
    ap.add_argument("--db", default=None, help="PostgreSQL admin URL (a fresh DB is made)")
    ap.add_argument("--redis", default=None)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()

    async def go() -> None:
        pushed: dict[str, float] = {}

        def on_push(message: dict[str, object]) -> None:
            pushed.setdefault(str(message.get("touser")), time.monotonic())

        runner, api_port = await benchkit.fake_wechat_api(on_push)
        with tempfile.TemporaryDirectory() as tmp:
            db = benchkit.fresh_database(args.db) if args.db else None
            env = benchkit.gateway_env(tmp, db, args.redis, api_port)
            gw = None
            try:
                await asyncio.to_thread(benchkit.train_nlu, env)
                port = benchkit.free_port()
                extra = ["--workers", str(args.workers)] if args.workers > 1 else []
                log = Path(tmp) / "gateway.log"
                gw = await asyncio.to_thread(benchkit.gateway, env, port, log, *extra)
                await asyncio.sleep(20)  # start-up jobs settle
                await burst(port, args, pushed)
                await server_side(port)
            finally:
                if gw is not None:
                    benchkit.stop(gw)
                await runner.cleanup()
                if db and args.db:
                    benchkit.drop_database(args.db, db)

    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    asyncio.run(go())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
