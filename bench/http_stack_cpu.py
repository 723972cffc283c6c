"""CPU per request of the gateway's HTTP stack alone (issue 16): the real app (middleware,
routing, dependencies, error layers) with the webhook route's work stubbed out, called as
an ASGI app in process. Run it with ``PYTHONPATH`` set to the checkout to measure:

    PYTHONPATH=. .venv/bin/python bench/http_stack_cpu.py [--requests 5000]
    PYTHONPATH=/tmp/base .venv/bin/python bench/http_stack_cpu.py   # another checkout

Instructions instead of CPU time (repeatable on a loaded machine), the measured loop only:

    PYTHONPATH=. valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/http.cg \
        .venv/bin/python bench/http_stack_cpu.py --requests 1000 --callgrind
    callgrind_annotate /tmp/http.cg | head   # "PROGRAM TOTALS" / 1000 = instructions per request
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
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


def _callgrind(switch: str, enabled: bool) -> None:
    if enabled:
        pid = str(os.getpid())
        subprocess.run(["callgrind_control", "-i", switch, pid], check=True, capture_output=True)


async def main(n: int, callgrind: bool = False) -> None:
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
    _callgrind("on", callgrind)
    t0 = time.thread_time()
    for _ in range(n):
        await app(_scope(), receive, send)
    spent = time.thread_time() - t0
    _callgrind("off", callgrind)
    assert sent[0]["status"] == 200, sent[0]
    print(f"HTTP stack with a stub route: {1e6 * spent / n:.0f} µs CPU per request ({n})")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--callgrind", action="store_true", help="run under valgrind (see above)")
    args = ap.parse_args()
    asyncio.run(main(args.requests, args.callgrind))
