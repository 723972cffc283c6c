"""The database stops for 10 s: replies that need no order keep flowing, orders complete
afterwards, nothing is lost.

The gateway (``hotline serve``, PostgreSQL + Redis) reaches PostgreSQL through a TCP proxy
in this process that can pause: while paused it forwards nothing (established connections
stall mid-query, new ones wait), as a stopped database host would. ``--clients`` web-chat
citizens run intake conversations to a work order in a loop (each turn on its websocket);
after ``--before`` seconds the proxy pauses for ``--pause`` seconds, then the run goes on
for ``--after`` seconds. Each turn is logged with its send time, answer time and whether
it carried a work-order number; the report splits them by when they were sent.

    .venv/bin/python bench/db_pause.py --db postgresql://postgres@127.0.0.1:5432/test \\
        --redis redis://127.0.0.1:6379/0 [--clients 50 --pause 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchkit import drop_database, free_port, fresh_database, gateway_env, start, stop

from tests.integration.gateway.citizen import MATTER, ORDER_RE, answer

REPO = Path(__file__).resolve().parents[1]


class PausingProxy:
    """TCP proxy to PostgreSQL that forwards nothing while ``paused``."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.running = asyncio.Event()
        self.running.set()
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self.running.wait()
            up_r, up_w = await asyncio.open_connection(*self.target)
            await asyncio.gather(self._pipe(reader, up_w), self._pipe(up_r, writer))
        except (asyncio.CancelledError, OSError):
            writer.close()  # the bench is ending

    async def _pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await src.read(65536):
                await self.running.wait()
                dst.write(data)
                await dst.drain()
        with contextlib.suppress(Exception):
            dst.close()


@dataclass
class Turn:
    sent: float
    answered: float | None
    order: bool
    error: str | None
    confirm: bool


async def citizen(port: int, until: float, turns: list[Turn]) -> None:
    import websockets

    url = f"ws://127.0.0.1:{port}/chat/ws"
    while time.monotonic() < until:
        async with websockets.connect(url, open_timeout=60) as ws:
            await ws.recv()  # hello
            text = MATTER
            for _ in range(8):
                t = Turn(time.monotonic(), None, False, None, text == "确认")
                turns.append(t)
                await ws.send(
                    json.dumps({"type": "message", "id": secrets.token_hex(6), "text": text})
                )
                said: list[str] = []
                while True:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 120))
                    if frame["type"] == "reply":
                        said.append(frame["text"])
                    elif frame["type"] == "error":
                        t.error = frame.get("code")
                        break
                    elif frame["type"] == "done":
                        break
                t.answered = time.monotonic()
                bot = "\n".join(said)
                if ORDER_RE.search(bot):
                    t.order = True
                    break
                if t.error or time.monotonic() >= until:
                    break
                text = answer(bot)


def report(turns: list[Turn], t0: float, args: argparse.Namespace) -> None:
    p0, p1 = t0 + args.before, t0 + args.before + args.pause

    def show(name: str, sel: list[Turn]) -> None:
        done = [t for t in sel if t.answered is not None and t.error is None]
        lat = sorted((t.answered or 0) - t.sent for t in done)
        q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [0.0] * 99
        confirms = [t for t in sel if t.confirm]
        orders = sum(t.order for t in confirms)
        after = sum(1 for t in confirms if t.order and (t.answered or 0) >= p1)
        print(
            f"{name:<34} turns {len(sel):>5}  answered {len(done):>5}  errors "
            f"{sum(t.error is not None for t in sel):>3}  p50 {q[49] * 1000:>7.0f} ms  "
            f"p99 {q[98] * 1000:>7.0f} ms  confirmations {len(confirms):>4} -> orders {orders:>4}"
            f" (answered after the pause {after})"
        )

    before = [t for t in turns if t.sent < p0]
    during = [t for t in turns if p0 <= t.sent < p1]
    after = [t for t in turns if t.sent >= p1]
    show("sent before the pause", before)
    show("sent during the pause, no order", [t for t in during if not t.confirm])
    show("sent during the pause, confirming", [t for t in during if t.confirm])
    show("sent after the pause", after)
    lost = [t for t in turns if t.answered is None or (t.confirm and not t.order and not t.error)]
    print(f"turns never answered or confirmations without an order: {len(lost)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="PostgreSQL admin URL (a fresh DB is made)")
    ap.add_argument("--redis", required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--before", type=float, default=15.0)
    ap.add_argument("--pause", type=float, default=10.0)
    ap.add_argument("--after", type=float, default=20.0)
    args = ap.parse_args()

    async def go() -> None:
        db = fresh_database(args.db)
        host_port = db.rsplit("@", 1)[1].split("/", 1)[0]
        host, _, port_s = host_port.partition(":")
        proxy = PausingProxy((host, int(port_s or 5432)))
        await proxy.start()
        proxied = db.replace(host_port, f"127.0.0.1:{proxy.port}")
        with tempfile.TemporaryDirectory() as tmp:
            env = gateway_env(tmp, proxied, args.redis, free_port())
            gw = None
            try:
                gw_port = free_port()
                cmd = [sys.executable, "-m", "gateway.cli", "serve", "--port", str(gw_port)]
                gw = await asyncio.to_thread(start, cmd, env, gw_port, Path(tmp) / "gw.log")
                await asyncio.sleep(15)
                turns: list[Turn] = []
                t0 = time.monotonic()
                end = t0 + args.before + args.pause + args.after
                tasks = [
                    asyncio.create_task(citizen(gw_port, end, turns)) for _ in range(args.clients)
                ]
                await asyncio.sleep(args.before)
                proxy.running.clear()
                print(f"database paused at +{time.monotonic() - t0:.1f} s")
                await asyncio.sleep(args.pause)
                proxy.running.set()
                print(f"database resumed at +{time.monotonic() - t0:.1f} s")
                results = await asyncio.gather(*tasks, return_exceptions=True)
                failed = [r for r in results if isinstance(r, BaseException)]
                print(f"citizens {args.clients}, failed clients {len(failed)} {failed[:2]}")
                report(turns, t0, args)
            finally:
                if gw is not None:
                    stop(gw)
                await proxy.close()
                await asyncio.to_thread(subprocess.run, ["true"])
                drop_database(args.db, db)

    asyncio.run(go())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
