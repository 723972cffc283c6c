"""``hotline chat --url``: the gateway's address is enough, and a wrong one is one line."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.cli.serve import chat_ws_url

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://127.0.0.1:18345", "ws://127.0.0.1:18345/chat/ws"),
        ("http://127.0.0.1:18345/", "ws://127.0.0.1:18345/chat/ws"),
        ("127.0.0.1:8000", "ws://127.0.0.1:8000/chat/ws"),
        ("https://12345.heze.gov.cn", "wss://12345.heze.gov.cn/chat/ws"),
        ("https://12345.heze.gov.cn/hotline/", "wss://12345.heze.gov.cn/hotline/chat/ws"),
        ("http://127.0.0.1:8000/chat", "ws://127.0.0.1:8000/chat/ws"),
        ("ws://127.0.0.1:18345", "ws://127.0.0.1:18345/chat/ws"),
        ("ws://127.0.0.1:18345/chat/ws", "ws://127.0.0.1:18345/chat/ws"),
        ("WSS://h.example/chat/ws/", "wss://h.example/chat/ws"),
    ],
)
def test_the_base_address_gives_the_chat_socket(given: str, expected: str) -> None:
    assert chat_ws_url(given) == expected


@pytest.mark.parametrize(
    "given", ["ftp://127.0.0.1:8000", "http://", "://x", "mailto:a@b.c", "http://h:99999", ""]
)
def test_what_is_not_an_address_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match="网关地址"):
        chat_ws_url(given)


class _NotFound(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def plain_http() -> Iterator[int]:
    """A web server that is not the gateway (every path 404)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chat(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", "chat", "--url", url],
        cwd=REPO,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_wrong_address_fails_with_one_line(plain_http: int) -> None:
    for url in (
        "ftp://127.0.0.1:1",
        f"http://127.0.0.1:{_closed_port()}",
        f"http://127.0.0.1:{plain_http}",
        f"ws://127.0.0.1:{plain_http}/chat/ws",
    ):
        done = _chat(url)
        assert done.returncode == 2, (url, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, (url, done.stderr)


WELCOME = "您好，这里是菏泽12345政务服务便民热线。请问有什么可以帮您？"


async def test_the_terminal_chat_greets_once_the_bot_greets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trial3 F08: the bot's welcome answers an opener (在吗); the terminal only says how
    to talk, so a citizen never reads the same greeting twice."""
    import io
    import json

    from websockets.asyncio.server import ServerConnection, serve

    from gateway.cli.serve import _chat_remote

    async def gateway(ws: ServerConnection) -> None:
        await ws.send(json.dumps({"type": "hello", "visitor": "v1", "token": "t", "new": True}))
        async for raw in ws:
            frame = json.loads(raw)
            text = WELCOME if frame["text"] == "在吗" else "好的"
            await ws.send(json.dumps({"type": "reply", "text": text, "quick_replies": []}))
            await ws.send(json.dumps({"type": "done"}))

    monkeypatch.setattr("sys.stdin", io.StringIO("在吗\n/quit\n"))
    async with serve(gateway, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        assert await _chat_remote(f"ws://127.0.0.1:{port}/chat/ws") == 0
    out = capsys.readouterr().out
    assert out.count("请问有什么可以帮您") == 1, out
    assert "/quit" in out  # how to talk is still said
