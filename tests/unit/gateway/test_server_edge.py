"""trial8 F08: a websocket upgrade the handshake parser refuses (a URL over 8,192 bytes,
a header line too long, too many headers, a body) was logged as answered but nothing
reached the client and the connection stayed open (90 s and more). Every such upgrade is
answered (a problem document) and closed at once, with ``hotline serve``'s options. The
same for a plain request whose head is over ``MAX_HEAD_BYTES`` (httptools read a 2 MB
header whole and answered 200)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket

import pytest
from fastapi import FastAPI, WebSocket

from config.settings import Settings
from gateway import errors
from gateway.guard import MAX_HEAD_BYTES
from tests.unit.gateway.live_server import serving

#: Far longer than a refusal takes (milliseconds) and than a stall of the loop under a
#: loaded full run (the CI of 2026-12-03 once waited 5 s for the first refusal of the
#: file); the bug held the connection 90 s and more, so a held connection still fails.
WAIT_S = 30.0

UPGRADE = (
    "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
)


def chat_app() -> FastAPI:
    app = FastAPI()
    errors.install(app)

    @app.get("/x")
    async def plain() -> dict[str, int]:
        return {"ok": 1}

    @app.websocket("/chat/ws")
    async def chat(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    return app


def upgrade(path: str, extra: str = "", body: bytes = b"") -> bytes:
    return f"GET {path} HTTP/1.1\r\n{UPGRADE}{extra}\r\n".encode("latin-1") + body


def exchange(port: int, request: bytes, until: bytes | None = None) -> tuple[bytes, bool]:
    """What the server sends back (up to ``until``), and whether it closed the connection
    within WAIT_S."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT_S) as s:
        s.sendall(request)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
                if until is not None and until in got:
                    return got, False
        except TimeoutError:
            return got, False
        return got, True


REFUSED = [
    pytest.param(upgrade("/chat/ws?token=" + "a" * 8200), 414, id="url-8200"),
    pytest.param(upgrade("/chat/ws?token=" + "a" * 40_000), 414, id="url-40000"),
    pytest.param(upgrade("/chat/ws", "X-Big: " + "b" * 9000 + "\r\n"), 431, id="header-line"),
    pytest.param(
        upgrade("/chat/ws", "".join(f"X-H{i}: v\r\n" for i in range(200))), 431, id="headers"
    ),
    pytest.param(upgrade("/chat/ws", "Content-Length: 5\r\n", b"hello"), 400, id="body"),
]


@pytest.mark.parametrize(("request_bytes", "status"), REFUSED)
async def test_a_refused_upgrade_is_answered_and_closed(request_bytes: bytes, status: int) -> None:
    async with serving(chat_app(), Settings(secret_key="x" * 32)) as base:
        port = int(base.rsplit(":", 1)[1])
        got, closed = await asyncio.to_thread(exchange, port, request_bytes)
    assert closed, f"connection held open {WAIT_S} s; received {got[:80]!r}"
    head, _, body = got.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode())
    assert b"content-type: application/problem+json" in head.lower()
    doc = json.loads(body)
    assert doc["status"] == status
    assert "a" * 100 not in body.decode()  # the URL is not echoed


async def test_an_ordinary_upgrade_still_opens() -> None:
    async with serving(chat_app(), Settings(secret_key="x" * 32)) as base:
        port = int(base.rsplit(":", 1)[1])
        got, _ = await asyncio.to_thread(
            exchange, port, upgrade("/chat/ws?t=" + "a" * 7000), b"hello"
        )
    assert got.startswith(b"HTTP/1.1 101 ")
    assert b"hello" in got


def plain(path: str, extra: str = "") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode("latin-1")


def big_header(size: int) -> str:
    return "X-Big: " + "b" * size + "\r\n"


HEADS = [
    pytest.param(plain("/x", big_header(MAX_HEAD_BYTES + 10)), 431, id="header-64k"),
    pytest.param(plain("/x", big_header(2_000_000)), 431, id="header-2m"),
    pytest.param(
        plain("/x", "".join(f"X-H{i}: {'v' * 40}\r\n" for i in range(2000))), 431, id="headers"
    ),
    pytest.param(plain("/x?q=" + "a" * (MAX_HEAD_BYTES + 10)), 414, id="url-64k"),
]


def exchange_partial(port: int, request: bytes) -> tuple[bytes, bool]:
    """Like :func:`exchange`, for a request the server refuses before reading it all:
    a failed send or a reset after the answer counts as closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT_S) as s:
        with contextlib.suppress(OSError):
            s.sendall(request)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except TimeoutError:
            return got, False
        except ConnectionResetError:
            pass
        return got, True


@pytest.mark.parametrize(("request_bytes", "status"), HEADS)
async def test_a_head_over_the_limit_is_answered_and_closed(
    request_bytes: bytes, status: int
) -> None:
    async with serving(chat_app(), Settings(secret_key="x" * 32)) as base:
        port = int(base.rsplit(":", 1)[1])
        got, closed = await asyncio.to_thread(exchange_partial, port, request_bytes)
    assert closed, f"connection held open {WAIT_S} s; received {got[:80]!r}"
    head, _, body = got.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()), got[:80]
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["status"] == status


async def test_a_head_under_the_limit_is_served() -> None:
    request = plain("/x", big_header(MAX_HEAD_BYTES - 1000))
    async with serving(chat_app(), Settings(secret_key="x" * 32)) as base:
        port = int(base.rsplit(":", 1)[1])
        got, _ = await asyncio.to_thread(exchange, port, request, b'{"ok":1}')
    assert got.startswith(b"HTTP/1.1 200 ")
