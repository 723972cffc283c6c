"""Load harness: the web chat through the full pipeline vs. a bare FastAPI websocket echo.

Both servers run as real uvicorn processes on free ports of this machine, in the same run,
driven by the same client code. Prints messages per second, p50/p99 latency and the ratio.

    python bench/chat_load.py [--clients 32] [--seconds 10] [--store memory|redis]

Closed loop first (each client sends its next message when the answer is complete) to find
the maximum rate; then an open loop at half that rate to read p99 under moderate load.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchkit

ECHO_APP = """
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
app = FastAPI()
@app.websocket("/chat/ws")
async def echo(ws: WebSocket) -> None:
    await ws.accept()
    await ws.send_json({"type": "hello", "new": True})
    try:
        while True:
            frame = await ws.receive_json()
            await ws.send_json({"type": "reply", "text": frame.get("text", "")})
            await ws.send_json({"type": "done", "in_reply_to": frame.get("id")})
    except WebSocketDisconnect:
        pass
"""

# A citizen's intake conversation to a work order: the matter (with since when), the
# place, anonymous, confirm. Each conversation is a new visitor (a new websocket), so the same
# citizen never repeats a matter (which the hotline would answer with its progress).
SCRIPT = [
    "你好，我们小区门口的路灯坏了一个多月了，晚上出行很不方便",
    "在牡丹区西城街道桂陵社区",
    "匿名",
    "确认",
]


async def client(url: str, stop_at: float, latencies: list[float], interval: float | None) -> int:
    sent = 0
    next_at = time.perf_counter()
    while time.perf_counter() < stop_at:
        async with websockets.connect(url, max_size=2**22) as ws:
            await ws.recv()  # hello
            for text in SCRIPT:
                if time.perf_counter() >= stop_at:
                    break
                if interval is not None:
                    next_at += interval
                    pause = next_at - time.perf_counter()
                    if pause > 0:
                        await asyncio.sleep(pause)
                frame = benchkit.web_message(text)
                t0 = time.perf_counter()
                await ws.send(frame)
                while True:
                    reply = json.loads(await ws.recv())
                    if reply["type"] in ("done", "error"):
                        break
                latencies.append(time.perf_counter() - t0)
                sent += 1
    return sent


async def drive(url: str, clients: int, seconds: float, rate: float | None) -> dict[str, float]:
    latencies: list[float] = []
    interval = None if rate is None else clients / rate
    start_t = time.perf_counter()
    stop_at = start_t + seconds
    counts = await asyncio.gather(
        *(client(url, stop_at, latencies, interval) for _ in range(clients))
    )
    elapsed = time.perf_counter() - start_t
    latencies.sort()
    return {
        "messages": float(sum(counts)),
        "rate": sum(counts) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0.0,
    }


def main() -> None:
    args = benchkit.load_options()

    with tempfile.TemporaryDirectory() as tmp:
        env = benchkit.gateway_env(tmp, None, args.redis, HOTLINE_RATE_LIMIT_PER_MINUTE="100000")
        benchkit.train_nlu(env)
        gw_port, echo_port = benchkit.free_port(), benchkit.free_port()
        gw = benchkit.gateway(env, gw_port, Path(tmp) / "gateway.log")
        echo = benchkit.echo_app(ECHO_APP, tmp, env, echo_port)
        try:
            gw_url = f"ws://127.0.0.1:{gw_port}/chat/ws"
            echo_url = f"ws://127.0.0.1:{echo_port}/chat/ws"
            asyncio.run(drive(gw_url, 4, 2.0, None))  # warm-up
            asyncio.run(drive(echo_url, 4, 2.0, None))
            full = asyncio.run(drive(gw_url, args.clients, args.seconds, None))
            bare = asyncio.run(drive(echo_url, args.clients, args.seconds, None))
            half = asyncio.run(drive(gw_url, args.clients, args.seconds, full["rate"] / 2))
        finally:
            stop_t = time.perf_counter()
            gw.terminate()
            echo.terminate()
            gw.wait(120)  # graceful: the conversation records written behind are flushed
            echo.wait(30)
            print(f"gateway shutdown (flushing records) took {time.perf_counter() - stop_t:.1f} s")
    print(f"store={args.store} clients={args.clients} seconds={args.seconds}")
    print(f"{'endpoint':<28}{'msg/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for name, r in (
        ("echo (bare FastAPI ws)", bare),
        ("web chat, full pipeline", full),
        ("web chat at half max rate", half),
    ):
        print(f"{name:<28}{r['rate']:>10.0f}{r['p50_ms']:>10.1f}{r['p99_ms']:>10.1f}")
    print(f"pipeline / echo throughput ratio: {full['rate'] / bare['rate']:.2f}")


if __name__ == "__main__":
    main()
