"""A local fake provider server on a free port, playing WeChat, Twilio, Weibo and Telegram.

Every request is recorded; ``script`` sets the answer for a path suffix (status, JSON or
bytes, delay) so tests can make the provider fail with 5xx, hang past the client timeout
or answer a provider error code.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from fastapi import FastAPI

from channels.fetch import UrlGate


def local_gate() -> UrlGate:
    """The gateway's URL policy as a local deployment sets it (loopback allowed)."""
    from casebridge.webhooks.urlpolicy import UrlPolicy
    from gateway.media.urlgate import PolicyGate

    return PolicyGate(UrlPolicy.from_setting("127.0.0.1, localhost"))


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every room's schema at head, migrated once per session."""
    from gateway.db import migrate

    path = tmp_path_factory.mktemp("migrated") / "hotline.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def var_dir(tmp_path: Path, migrated_db: Path) -> Path:
    """A test's own var folder holding a copy of the migrated database: nothing one test
    writes (an unfinished inbox entry, an open transaction) reaches another."""
    var = tmp_path / "var"
    var.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = migrated_db.with_name(migrated_db.name + suffix)
        if source.exists():
            shutil.copyfile(source, var / source.name)
    return var


@asynccontextmanager
async def listening(app: web.Application) -> AsyncIterator[str]:
    """``app`` (aiohttp) on 127.0.0.1 at a port the system picks: its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def served(
    app: FastAPI, base_url: str = "http://gateway"
) -> AsyncIterator[httpx.AsyncClient]:
    """``app`` started (its lifespan) with an in-process client; what the test left for
    the push path is delivered before the app stops."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client
        await app.state.services.pipeline.delivery.drain()


def vectors_dir() -> Path:
    """``../shared/vectors`` beside the repository (or under ``HOTLINE_SHARED_DIR``)."""
    base = os.environ.get("HOTLINE_SHARED_DIR")
    root = Path(base) if base else Path(__file__).resolve().parents[2].parent / "shared"
    return root / "vectors"


VECTORS = vectors_dir()


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Scripted:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    times: int | None = None  # None: every time
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeProvider:
    """The recorded requests and the scripted answers of the fake server."""

    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    scripts: dict[str, list[Scripted]] = field(default_factory=dict)

    def script(
        self,
        suffix: str,
        *,
        status: int = 200,
        json_body: Any = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        delay: float = 0.0,
        times: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer requests whose path ends with ``suffix`` like this (latest script wins)."""
        raw = (
            body
            if body is not None
            else json.dumps(json_body).encode()
            if json_body is not None
            else b""
        )
        self.scripts.setdefault(suffix, []).insert(
            0, Scripted(status, raw, content_type, delay, times, dict(headers or {}))
        )

    def calls(self, suffix: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith(suffix)]

    def _answer(self, path: str) -> Scripted | None:
        best: tuple[int, Scripted] | None = None
        for suffix, items in self.scripts.items():
            if not path.endswith(suffix):
                continue
            for item in items:
                if item.times is not None and item.times <= 0:
                    continue
                if best is None or len(suffix) > best[0]:
                    best = (len(suffix), item)
                break
        if best is None:
            return None
        if best[1].times is not None:
            best[1].times -= 1
        return best[1]


def _defaults(provider: FakeProvider) -> None:
    # WeChat
    provider.script("/token", json_body={"access_token": "ACCESS", "expires_in": 7200})
    provider.script("/message/custom/send", json_body={"errcode": 0, "errmsg": "ok"})
    provider.script("/media/get", body=b"\xff\xd8\xff\xe0fakejpeg", content_type="image/jpeg")
    # Twilio
    provider.script("/Messages.json", status=201, json_body={"sid": "SM0123456789"})
    provider.script(
        "/Recordings/RE1", body=b"\xff\xd8\xff\xe0fake-recording", content_type="audio/x-wav"
    )
    # Weibo
    provider.script("/messages/reply.json", json_body={"result": True})
    provider.script("/mss/msget", body=b"\xff\xd8\xff\xe0fakejpeg", content_type="image/jpeg")
    # Telegram
    provider.script("/sendMessage", json_body={"ok": True, "result": {"message_id": 7}})
    provider.script(
        "/getFile",
        json_body={"ok": True, "result": {"file_id": "f", "file_path": "photos/file_1.jpg"}},
    )
    provider.script(
        "/photos/file_1.jpg", body=b"\xff\xd8\xff\xe0fakejpeg", content_type="image/jpeg"
    )
    provider.script("/Media/one.jpg", body=b"\xff\xd8\xff\xe0fakejpeg", content_type="image/jpeg")
    provider.script("/media/one.jpg", body=b"\xff\xd8\xff\xe0fakejpeg", content_type="image/jpeg")


@pytest.fixture
async def provider() -> AsyncIterator[FakeProvider]:
    """A fake provider listening on 127.0.0.1 on a free port."""
    state = FakeProvider()
    _defaults(state)

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        state.requests.append(
            Recorded(
                request.method,
                request.path,
                dict(request.query),
                {k.lower(): v for k, v in request.headers.items()},
                body,
            )
        )
        answer = state._answer(request.path)
        if answer is None:
            return web.json_response({"error": "not scripted"}, status=404)
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return web.Response(
            status=answer.status,
            body=answer.body,
            content_type=answer.content_type,
            headers=answer.headers,
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    async with listening(app) as base_url:
        state.base_url = base_url
        yield state
