"""An ASGI app served by a real uvicorn on a free port with ``hotline serve``'s options
(``gateway.cli.serve.uvicorn_options``), for tests of what uvicorn itself decides (URL
limits, which peer is believed about ``X-Forwarded-For``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import uvicorn
from starlette.types import ASGIApp

from config.settings import Settings
from gateway.cli.serve import uvicorn_options


@contextlib.asynccontextmanager
async def serving(app: ASGIApp, settings: Settings) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 and a free port; yields the base URL."""
    options = uvicorn_options(settings, "127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, **options))
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn's flag
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
