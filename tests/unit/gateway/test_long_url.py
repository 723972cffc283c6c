"""O5: a ~16 KB URL got uvicorn's plain-text 400; with ``hotline serve``'s options it
reaches the input guard and gets a 414 problem+json (beyond MAX_HEAD_BYTES uvicorn still
answers itself: docs/security.md)."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from config.settings import Settings
from gateway import errors
from gateway.guard import MAX_HEAD_BYTES, MAX_URL_BYTES, InputGuardMiddleware
from tests.unit.gateway.live_server import serving


def small_app() -> FastAPI:
    app = FastAPI()
    errors.install(app)
    app.add_middleware(InputGuardMiddleware)

    @app.get("/api/knowledge/search")
    async def search(q: str = "") -> dict[str, int]:
        return {"n": len(q)}

    return app


@pytest.mark.parametrize("chars", [MAX_URL_BYTES, 16_000, MAX_HEAD_BYTES // 2])
async def test_a_long_url_is_a_414_problem(chars: int) -> None:
    async with (
        serving(small_app(), Settings(secret_key="x" * 32)) as base,
        httpx.AsyncClient(base_url=base) as client,
    ):
        ok = await client.get("/api/knowledge/search", params={"q": "公积金" * 100})
        assert ok.status_code == 200
        r = await client.get("/api/knowledge/search?q=" + "a" * chars)
        assert r.status_code == 414
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["status"] == 414
        assert "a" * 300 not in r.text  # the URL is not echoed
