"""Redis round trips per WeChat message and per web-chat turn, through the real app.

Issue 16: on PostgreSQL + Redis the store's round trips were the largest cost per message
(``Redis.execute_command`` 20.4 % of a py-spy). This script builds the gateway in this
process (``create_app``, SQLite in a temporary folder, Redis at ``--redis``: give it a
database of its own, db 9 by default), drives it with Starlette's test client and
counts every write of a command or a pipeline to a Redis connection
(``AbstractConnection.send_packed_command``: one write, one round trip) and what each
carried (command names; ``EVALSHA`` named by its script). Counting is done on the wire,
so it does not depend on the machine's load.

    .venv/bin/python bench/redis_trips.py [--redis redis://127.0.0.1:6379/9] [--messages 20]

For each kind of message it prints the mean round trips and the commands of one example:
a new WeChat citizen's first message, a returning citizen's next message, a provider's
retry of the same MsgId, a web-chat turn.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import benchkit

sys.path.insert(0, str(benchkit.REPO))

from redis.asyncio.connection import AbstractConnection

TEXTS = ["路灯坏了好几天了", "小区门口的下水道堵了", "楼上装修噪音太大", "我们这里停水了"]


class Wire:
    """Round trips written to Redis connections and the commands each carried."""

    def __init__(self) -> None:
        self.trips: list[list[str]] = []
        self.scripts: dict[str, str] = {}

    def name_scripts(self, store: Any) -> None:
        for attr, value in vars(store).items():
            script = getattr(value, "script", None)
            if isinstance(script, str | bytes):
                raw = script.encode() if isinstance(script, str) else script
                self.scripts[hashlib.sha1(raw).hexdigest()] = attr.lstrip("_")

    def record(self, command: object) -> None:
        chunks = command if isinstance(command, list | tuple) else [command]
        data = b"".join(bytes(c) for c in chunks if isinstance(c, bytes | bytearray | memoryview))
        self.trips.append(self._names(data))

    def _names(self, data: bytes) -> list[str]:
        """The command names in a packed RESP write (``*n`` arrays of bulk strings)."""
        names: list[str] = []
        parts = data.split(b"\r\n")
        i = 0
        while i < len(parts):
            if parts[i].startswith(b"*") and i + 2 < len(parts):
                n = int(parts[i][1:])
                args = [parts[i + 2 + 2 * k] for k in range(n) if i + 2 + 2 * k < len(parts)]
                name = args[0].decode(errors="replace").upper() if args else "?"
                if name == "EVALSHA" and len(args) > 1:
                    name = "script:" + self.scripts.get(args[1].decode(), args[1].decode()[:8])
                elif len(args) > 1 and name not in ("MULTI", "EXEC"):
                    name += " " + _shape(args[1].decode(errors="replace"))
                names.append(name)
                i += 1 + 2 * n
            else:
                i += 1
        return names

    @contextmanager
    def counting(self) -> Iterator[list[list[str]]]:
        start = len(self.trips)
        out: list[list[str]] = []
        yield out
        out.extend(self.trips[start:])


def _shape(key: str) -> str:
    """A key with its identifiers elided (``hotline:session:wechat:o12ab`` -> the first
    three segments), so the same kind of key counts together."""
    return ":".join(key.split(":")[:3])


def install(wire: Wire) -> None:
    original = AbstractConnection.send_packed_command

    async def counted(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
        wire.record(command)
        await original(self, command, check_health)

    AbstractConnection.send_packed_command = counted  # type: ignore[method-assign]


# not a message's own work: a new connection's handshake, the scheduler's and the service
# inspection's leases, the reply notices' cursor (background tasks that ran meanwhile)
SETUP = ("HELLO", "SELECT", "CLIENT", "AUTH")
BACKGROUND = ("hotline:lease:", "hotline:scheduler:", "hotline:notices:")


def _own(trip: list[str]) -> bool:
    return not all(c.startswith(SETUP) or c.split(" ", 1)[-1].startswith(BACKGROUND) for c in trip)


def show(label: str, all_samples: list[list[list[str]]]) -> None:
    other: Counter[str] = Counter()
    for sample in all_samples:
        for trip in sample:
            if not _own(trip):
                other[" + ".join(trip)] += 1
    samples = [[t for t in s if _own(t)] for s in all_samples]
    trips = [len(s) for s in samples]
    commands = [sum(len(t) for t in s) for s in samples]
    mean_trips = sum(trips) / len(trips)
    mean_cmds = sum(commands) / len(commands)
    print(
        f"{label}: {mean_trips:.2f} round trips, {mean_cmds:.2f} commands per message "
        f"(n={len(samples)}, min {min(trips)}, max {max(trips)})"
    )
    kinds: Counter[str] = Counter()
    for sample in samples:
        for trip in sample:
            kinds[" + ".join(trip)] += 1
    for kind, n in kinds.most_common():
        print(f"    {n / len(samples):5.2f}  {kind}")
    if other:
        print("    not counted (handshakes, background leases): " + ", ".join(other))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="redis_trips_")
    env = benchkit.gateway_env(tmp, redis=args.redis, api_port=benchkit.free_port())
    env["HOTLINE_RATE_LIMIT_PER_MINUTE"] = "100000"
    os.environ.update(env)

    from starlette.testclient import TestClient

    from config.settings import load_settings
    from gateway.app import create_app

    wire = Wire()
    install(wire)
    settings = load_settings()
    app = create_app(settings)
    with TestClient(app) as client:
        wire.name_scripts(app.state.services.store)
        n = args.messages

        def post(sender: str, msg_id: str, text: str) -> None:
            path = benchkit.wechat_signed_path()
            body = benchkit.wechat_text(sender, msg_id, text)
            r = client.post(path, content=body.encode(), headers={"content-type": "text/xml"})
            assert r.status_code == 200, r.text

        post("warm-up", "1", TEXTS[0])  # connections opened, scripts loaded
        first, nxt, retry = [], [], []
        run = secrets.randbelow(10**9)
        for i in range(n):
            sender = f"o{secrets.token_hex(6)}"
            with wire.counting() as trips:
                post(sender, f"{run}{i}01", TEXTS[i % len(TEXTS)])
            first.append(trips)
            with wire.counting() as trips:
                post(sender, f"{run}{i}02", "在牡丹区中华路")
            nxt.append(trips)
            with wire.counting() as trips:
                post(sender, f"{run}{i}02", "在牡丹区中华路")
            retry.append(trips)
        show("wechat first message of a new citizen", first)
        show("wechat next message", nxt)
        show("wechat provider retry (same MsgId)", retry)

        web: list[list[list[str]]] = []
        web_first: list[list[list[str]]] = []
        for i in range(max(1, n // 4)):
            with client.websocket_connect("/chat/ws") as ws:
                hello = ws.receive_json()
                assert hello["type"] == "hello"
                for j, text in enumerate([TEXTS[i % len(TEXTS)], "在牡丹区中华路", "一周了"]):
                    with wire.counting() as trips:
                        ws.send_text(benchkit.web_message(text))
                        frame = ws.receive_json()
                        while frame["type"] not in ("reply", "error"):
                            frame = ws.receive_json()
                    (web_first if j == 0 else web).append(trips)
        show("web chat connect and first turn", web_first)
        show("web chat next turn", web)
    print(f"(var dir {tmp}; Redis {args.redis}: use a database of your own)")


if __name__ == "__main__":
    main()
