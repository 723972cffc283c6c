"""Two gateways behind a load balancer, on PostgreSQL and Redis (``deploy/``): a web-chat
conversation and a WeChat conversation whose messages alternate between the two processes
each reach one work order, a retried confirmation on the other process opens no second
one, and a progress query answered by either process finds it."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from gateway.db import migrate
from tests.contract import cases
from tests.integration.gateway.citizen import MATTER, ORDER_RE, answer
from tests.integration.gateway.proxy import RoundRobinProxy
from tests.integration.gateway.wechat_api import FakeWeChatApi

REPO = Path(__file__).resolve().parents[3]
# two interpreters start beside the test: slow on a shared machine, never a timing gate
pytestmark = [pytest.mark.integration, pytest.mark.timeout(420)]


def _free_ports(n: int) -> list[int]:
    import socket

    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [int(s.getsockname()[1]) for s in socks]
    for s in socks:
        s.close()
    return ports


@pytest.fixture
def wechat_api() -> Iterator[FakeWeChatApi]:
    with FakeWeChatApi() as api:
        yield api


@pytest.fixture
def two_gateways(
    tmp_path: Path, postgres_url: str, redis_url: str, wechat_api: FakeWeChatApi
) -> Iterator[list[int]]:
    """Two ``hotline serve`` processes (one worker each) on one database and one Redis,
    the WeChat channel on (plain mode) against a fake WeChat API."""
    ports = _free_ports(2)
    procs: list[subprocess.Popen[bytes]] = []
    migrate(postgres_url)  # as a deployment does once; then both processes start at once
    for i, port in enumerate(ports):
        env = dict(
            os.environ,
            HOTLINE_VAR_DIR=str(tmp_path / f"gw{i}"),
            HOTLINE_DATABASE_URL=postgres_url,
            HOTLINE_REDIS_URL=redis_url,
            HOTLINE_SECRET_KEY="load-balanced-test-secret",
            HOTLINE_LOG_LEVEL="WARNING",
            HOTLINE_WECHAT_TOKEN=cases.TOKEN,
            HOTLINE_WECHAT_APP_ID=cases.APP_ID,
            HOTLINE_WECHAT_APP_SECRET="load-balanced-app-secret",
            HOTLINE_WECHAT_API_BASE_URL=wechat_api.base_url,
        )
        env.pop("HOTLINE_WECHAT_AES_KEY", None)
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port)],
                cwd=REPO,
                env=env,
            )
        )
    try:
        with httpx.Client(timeout=2) as client:
            for port, proc in zip(ports, procs, strict=True):
                _wait_healthy(client, port, proc)
        yield ports
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


def _wait_healthy(client: httpx.Client, port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert proc.poll() is None, "a gateway process exited"
        try:
            r = client.get(f"http://127.0.0.1:{port}/healthz")
            if r.status_code == 200:
                assert r.json()["store"] == "RedisStore"
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"gateway on {port} did not come up")


async def _say(
    port: int, token: str | None, text: str, msg_id: str | None = None
) -> tuple[str, list[str]]:
    """One message on a NEW connection: the balancer sends it to the next process."""
    import websockets

    url = f"ws://127.0.0.1:{port}/chat/ws" + (f"?token={token}" if token else "")
    async with websockets.connect(url) as ws:
        hello = json.loads(await ws.recv())
        token = token or hello["token"]
        frame = {"type": "message", "id": msg_id or secrets.token_hex(6), "text": text}
        await ws.send(json.dumps(frame))
        out: list[str] = []
        while True:
            got = json.loads(await asyncio.wait_for(ws.recv(), 60))
            if got["type"] == "reply":
                out.append(got["text"])
            if got["type"] in ("done", "error"):
                assert got["type"] == "done", got
                assert token is not None
                return token, out


def _orders(postgres_url: str) -> list[tuple[str, str]]:
    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute(
            "SELECT o.number, a.idempotency_key FROM work_orders o "
            "JOIN appeals a ON a.id = o.appeal_id"
        ).fetchall()
    return [(str(n), str(k)) for n, k in rows]


def test_a_conversation_across_two_balanced_gateways(
    two_gateways: list[int], postgres_url: str
) -> None:
    async def talk() -> tuple[str, str, str, RoundRobinProxy]:
        async with RoundRobinProxy(two_gateways) as lb:
            token, replies = await _say(lb.port, None, MATTER)
            for _ in range(10):
                bot = "\n".join(replies)
                assert not ORDER_RE.search(bot)
                said = answer(bot)
                msg_id = secrets.token_hex(6)
                token, replies = await _say(lb.port, token, said, msg_id)
                found = ORDER_RE.search("\n".join(replies))
                if found:
                    # the browser did not see the answer and sends the same frame again:
                    # the next connection goes to the other process
                    _, again = await _say(lb.port, token, said, msg_id)
                    _, progress = await _say(lb.port, token, f"查询 {found.group(0)}")
                    return found.group(0), "\n".join(again), "\n".join(progress), lb
            raise AssertionError("no order number")

    number, again, progress, lb = asyncio.run(talk())
    assert set(lb.connections) == set(two_gateways)  # both processes answered
    assert min(lb.connections.values()) >= 3  # ... alternately
    assert number in again  # the retry got the first answer, from the other process
    assert number in progress
    orders = _orders(postgres_url)
    assert [n for n, _ in orders] == [number]  # one order, no duplicate


def _wechat(
    port: int, api: FakeWeChatApi, who: str, text: str, msg_id: str, *, wait_push: bool = True
) -> str:
    """One signed plain-mode push on a NEW connection (the balancer sends it to the next
    process); the reply given inline, else (``wait_push``) what is pushed to the citizen
    next."""
    xml = cases.wechat_xml("text", f"<Content><![CDATA[{text}]]></Content>", msg_id, who)
    raw = cases.wechat_plain_request(xml.encode())  # signed afresh: a new nonce per try
    before = len(api.pushed_to(who))
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        r = client.post("/webhooks/wechat", params=dict(raw.query), content=raw.body)
    assert r.status_code == 200, r.text
    if r.content not in (b"", b"success"):
        return ET.fromstring(r.content).findtext("Content") or ""
    if not wait_push:
        return ""
    deadline = time.monotonic() + 60  # deferred: answered by a customer-service push
    while time.monotonic() < deadline:
        if len(api.pushed_to(who)) > before:
            time.sleep(0.5)  # the rest of the turn's messages
            return "\n".join(api.pushed_to(who)[before:])
        time.sleep(0.1)
    raise AssertionError(f"no reply to {text!r}")


def test_a_wechat_conversation_across_two_balanced_gateways(
    two_gateways: list[int], postgres_url: str, wechat_api: FakeWeChatApi
) -> None:
    async def run() -> tuple[str, str, str, int, RoundRobinProxy]:
        async with RoundRobinProxy(two_gateways) as lb:

            def say(text: str, msg_id: str | None = None, wait_push: bool = True) -> str:
                mid = msg_id or str(secrets.randbelow(10**15))
                return _wechat(lb.port, wechat_api, who, text, mid, wait_push=wait_push)

            bot = await asyncio.to_thread(say, MATTER)
            for _ in range(10):
                assert not ORDER_RE.search(bot)
                said, msg_id = answer(bot), str(secrets.randbelow(10**15))
                bot = await asyncio.to_thread(say, said, msg_id)
                found = ORDER_RE.search(bot)
                if found:
                    # WeChat retries a push it got no answer to: same MsgId, a new
                    # signature, and the balancer sends it to the other process
                    again = await asyncio.to_thread(say, said, msg_id, False)
                    told = sum(found.group(0) in t for t in wechat_api.pushed_to(who))
                    progress = await asyncio.to_thread(say, f"查询 {found.group(0)}")
                    return found.group(0), again, progress, told, lb
            raise AssertionError("no order number")

    who = "oBalanced" + secrets.token_hex(4)
    number, again, progress, told, lb = asyncio.run(run())
    assert set(lb.connections) == set(two_gateways)  # both processes answered
    assert min(lb.connections.values()) >= 3  # ... alternately
    assert told <= 1  # the retry pushed no second confirmation
    if again:  # the first answer again (an empty "success" when it went by push)
        assert number in again
    assert number in progress
    orders = _orders(postgres_url)
    assert [n for n, _ in orders] == [number]  # one order, no duplicate
