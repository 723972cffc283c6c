"""CPU per request of the gateway's HTTP stack alone (issue 16): the real app (middleware,
routing, dependencies, error layers) with the webhook route's work stubbed out, called as
an ASGI app in process. Run it with ``PYTHONPATH`` set to the checkout to measure:

    PYTHONPATH=. .venv/bin/python bench/http_stack_cpu.py [--requests 5000]
    PYTHONPATH=/tmp/base .venv/bin/python bench/http_stack_cpu.py   # another checkout
"""

from __future__ import annotations

import argparse
import asyncio
import time
import types

from fastapi import Request, Response
from starlette.types import Message, Scope

from config.settings import Settings
from gateway import app as gateway_app
from gateway.routers import webhooks
from gateway.services import Services

BODY = b"<xml>" + b"x" * 300 + b"</xml>"


async def _stub(channel: str, request: Request, services: Services) -> Response:
    await request.body()
    return Response(b"<xml>ok</xml>", media_type="application/xml")


def _scope() -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/webhooks/wechat",
        "raw_path": b"/webhooks/wechat",
        "query_string": b"signature=abc&timestamp=1&nonce=2",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"text/xml"),
            (b"content-length", str(len(BODY)).encode()),
        ],
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def main(n: int) -> None:
    webhooks._handle = _stub
    settings = Settings(env="test")
    app = gateway_app.create_app(settings, services=types.SimpleNamespace(settings=settings))  # type: ignore[arg-type]
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    for _ in range(500):
        await app(_scope(), receive, send)
    sent.clear()
    t0 = time.process_time()
    for _ in range(n):
        await app(_scope(), receive, send)
    spent = time.process_time() - t0
    assert sent[0]["status"] == 200, sent[0]
    print(f"HTTP stack with a stub route: {1e6 * spent / n:.0f} µs CPU per request ({n})")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000)
    asyncio.run(main(ap.parse_args().requests))
