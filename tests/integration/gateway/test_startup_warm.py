"""The public masking (nlu.pii with the context name reader of trial10 N04) loads its name
lists and patterns on first use, about 0.5 s: start-up does it in a worker thread, so the
first request that writes a masked log line or a public answer does not hold the event
loop for it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from config.settings import Settings
from gateway.services import build_services
from nlu import pii_context, pii_names


def test_start_up_loads_the_public_masking(tmp_path: Path) -> None:
    lazy = (pii_context.surnames, pii_names._not_names)
    for loader in lazy:
        loader.cache_clear()

    async def run() -> None:
        services = await build_services(Settings(var_dir=tmp_path), start_workers=False)
        await services.aclose()

    asyncio.run(run())
    assert [loader.cache_info().currsize for loader in lazy] == [1, 1]
