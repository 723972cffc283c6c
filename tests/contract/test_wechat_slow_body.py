"""An unsigned WeChat push is refused from its head, before its body is read, and a
client that goes away is no application error (trial7 F09: a raw socket sending
``Content-Length: 1000000`` and 6 bytes waited unanswered; the disconnect was logged at
ERROR with a traceback)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings
from gateway.app import create_app
from tests.contract import cases
from tests.contract.test_gateway_webhooks import overrides


def _scope(path: str, query: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"gateway"), (b"content-length", b"1000000")],
        "client": ("127.0.0.1", 5000),
        "server": ("gateway", 80),
    }


async def _call(app: Any, query: str, *, disconnect: bool) -> list[dict[str, Any]]:
    """The app's messages for a POST whose body never comes (or whose client leaves)."""
    sent: list[dict[str, Any]] = []
    first = True

    async def receive() -> dict[str, Any]:
        nonlocal first
        if first:
            first = False
            return {"type": "http.request", "body": b"<xml>", "more_body": True}
        if disconnect:
            return {"type": "http.disconnect"}
        await asyncio.sleep(3600)  # silence: the rest of the body never comes
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await asyncio.wait_for(app(_scope("/webhooks/wechat", query), receive, send), timeout=5)
    return sent


@pytest.mark.parametrize(
    "query",
    [
        "",  # no signature at all (the trial's request)
        "signature=abc&timestamp=1&nonce=x",  # a second wording: a forged, stale one
        "timestamp=99999999999&nonce=n&signature=" + "0" * 40,
    ],
)
async def test_an_unsigned_push_is_refused_before_its_body(tmp_path: Path, query: str) -> None:
    app = create_app(
        Settings(var_dir=tmp_path, env="test", public_base_url=cases.PUBLIC),
        channel_overrides=overrides("http://127.0.0.1:9"),
    )
    async with app.router.lifespan_context(app):
        sent = await _call(app, query, disconnect=False)
    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 403


async def test_a_client_that_leaves_is_not_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(
        Settings(var_dir=tmp_path, env="test", public_base_url=cases.PUBLIC),
        channel_overrides=overrides("http://127.0.0.1:9"),
    )
    signed = cases.wechat_plain_request(b"<xml></xml>").url.split("?", 1)[1]
    queries = [signed, ""]
    async with app.router.lifespan_context(app):
        with caplog.at_level(logging.INFO):
            for query in queries:
                await _call(app, query, disconnect=True)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
