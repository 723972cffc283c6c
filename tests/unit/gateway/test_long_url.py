"""O5: a ~16 KB URL got uvicorn's plain-text 400; with ``hotline serve``'s options it
reaches the input guard and gets a 414 problem+json (beyond MAX_HEAD_BYTES uvicorn still
answers itself: docs/security.md)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from config.settings import Settings
from gateway import errors
from gateway.cli.serve import uvicorn_options
from gateway.guard import MAX_HEAD_BYTES, MAX_URL_BYTES, InputGuardMiddleware


def small_app() -> FastAPI:
    app = FastAPI()
    errors.install(app)
    app.add_middleware(InputGuardMiddleware)

    @app.get("/api/knowledge/search")
    async def search(q: str = "") -> dict[str, int]:
        return {"n": len(q)}

    return app


@contextlib.asynccontextmanager
async def serving() -> AsyncIterator[str]:
    options = uvicorn_options(Settings(secret_key="x" * 32), "127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(small_app(), **options))
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn's flag
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@pytest.mark.parametrize("chars", [MAX_URL_BYTES, 16_000, MAX_HEAD_BYTES // 2])
async def test_a_long_url_is_a_414_problem(chars: int) -> None:
    async with serving() as base, httpx.AsyncClient(base_url=base) as client:
        ok = await client.get("/api/knowledge/search", params={"q": "公积金" * 100})
        assert ok.status_code == 200
        r = await client.get("/api/knowledge/search?q=" + "a" * chars)
        assert r.status_code == 414
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["status"] == 414
        assert "a" * 300 not in r.text  # the URL is not echoed
