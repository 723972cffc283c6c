"""Queue-to-agent signalling latency: from the incoming-call webhook to the console's offer.

A real gateway app (uvicorn on a local port, SQLite, the in-process store; the console and
the call service are the real ones, the NLU and case store are not involved) with the voice
line on; one agent signed in with the console's event stream (SSE) open. For each call the
clock starts when the signed ``POST /webhooks/voice`` is sent and stops when the stream
delivers that call's ``offer`` event. Calls are sequential (one caller at a time) and then
in bursts of concurrent calls.

    python bench/calls_signal.py [--calls 200] [--burst 10] [--port 18300] [--postgres URL]

``--postgres postgresql://postgres@127.0.0.1:5432/test`` runs on a fresh PostgreSQL
database made next to that one (dropped afterwards) instead of SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import uvicorn
from twilio.request_validator import RequestValidator

from casebridge.db import create_engine_for, session_factory
from channels.voice import VoiceAdapter, VoiceSettings
from config.settings import Settings
from gateway.app import create_app
from gateway.console.service import ConsoleService
from gateway.db import migrate
from gateway.kv.store import MemoryStore
from gateway.routers.calls import calls_of
from gateway.services import Services

TOKEN = "bench-token-0123456789"
PASSWORD = "bench-pass-2026"


async def build(tmp: Path, port: int, url: str | None) -> tuple[Services, Settings]:
    url = url or f"sqlite:///{tmp / 'bench.db'}"
    await asyncio.to_thread(migrate, url)
    settings = Settings(
        env="test",
        var_dir=tmp / "var",
        database_url=url,
        log_json=False,
        log_level="WARNING",
        admin_password="admin-pass-2026",
        public_base_url=f"http://127.0.0.1:{port}",
    )
    engine = create_engine_for(url)
    sessions = session_factory(engine)
    store = MemoryStore()
    console = ConsoleService(sessions, store)
    voice = VoiceAdapter(VoiceSettings(account_sid="AC" + "0" * 32, auth_token=TOKEN))
    # only what the call path touches is real; the chat pipeline is not exercised here
    services = Services(
        settings=settings,
        store=store,
        engine=engine,
        sessions=sessions,
        adapters={"voice": voice},
        web=None,  # type: ignore[arg-type]
        cases=None,  # type: ignore[arg-type]
        nlu=None,  # type: ignore[arg-type]
        knowledge=None,  # type: ignore[arg-type]
        console=console,
        media=None,  # type: ignore[arg-type]
        pipeline=None,  # type: ignore[arg-type]
        inbox=None,  # type: ignore[arg-type]
    )
    calls_of(services)
    await console.create_agent("bench", "bench", "agent", PASSWORD)
    return services, settings


async def main(n: int, burst: int, port: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmpdir:
        services, settings = await build(Path(tmpdir), port, url)
        app = create_app(settings, services=services)
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        task = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110 - uvicorn's flag
            await asyncio.sleep(0.02)
        base = settings.public_base_url
        validator = RequestValidator(TOKEN)
        offers: dict[str, float] = {}
        arrived = asyncio.Event()
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            r = await client.post(
                "/api/agent/login", json={"username": "bench", "password": PASSWORD}
            )
            r.raise_for_status()
            ready = asyncio.Event()

            async def listen() -> None:
                async with client.stream("GET", "/api/agent/events") as stream:
                    event = ""
                    async for line in stream.aiter_lines():
                        if line.startswith("event: "):
                            event = line[7:]
                            if event == "hello":
                                ready.set()
                        elif line.startswith("data: ") and event == "call":
                            data: dict[str, Any] = json.loads(line[6:])
                            if data.get("event") == "offer":
                                offers[str(data["sid"])] = time.perf_counter()
                                arrived.set()

            listener = asyncio.create_task(listen())
            await ready.wait()

            async def call(sid: str) -> tuple[float, float]:
                params = {"CallSid": sid, "From": "+8613900000000", "To": "+865300000000"}
                headers = {
                    "x-twilio-signature": validator.compute_signature(
                        base + "/webhooks/voice", params
                    ),
                    "content-type": "application/x-www-form-urlencoded",
                }
                t0 = time.perf_counter()
                resp = await client.post(
                    "/webhooks/voice", content=urlencode(params), headers=headers
                )
                t_resp = time.perf_counter()
                resp.raise_for_status()
                while sid not in offers:
                    arrived.clear()
                    await asyncio.wait_for(arrived.wait(), 10)
                return (offers[sid] - t0) * 1000, (t_resp - t0) * 1000

            for i in range(10):  # warm-up, not counted
                await call(f"CAW{i}")
            seq = [await call(f"CAS{i}") for i in range(n)]
            bursts: list[tuple[float, float]] = []
            for b in range(max(1, n // burst)):
                bursts += await asyncio.gather(*(call(f"CAB{b}x{i}") for i in range(burst)))
            listener.cancel()
        server.should_exit = True
        await task
        await services.engine.dispose()
    for name, rows in (("sequential", seq), (f"bursts of {burst}", bursts)):
        offer = sorted(r[0] for r in rows)
        resp = sorted(r[1] for r in rows)
        print(
            f"{name}: n={len(rows)} offer p50 {statistics.median(offer):.1f} ms, "
            f"p95 {offer[int(len(offer) * 0.95) - 1]:.1f} ms, max {offer[-1]:.1f} ms; "
            f"TwiML answer p50 {statistics.median(resp):.1f} ms"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--burst", type=int, default=10)
    parser.add_argument("--port", type=int, default=18300)
    parser.add_argument("--postgres", default=None, help="an admin URL; a fresh database is made")
    args = parser.parse_args()
    if args.postgres is None:
        asyncio.run(main(args.calls, args.burst, args.port, None))
    else:
        import uuid

        import psycopg

        name = f"hotline_bench_calls_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            url = args.postgres.rsplit("/", 1)[0] + "/" + name
            asyncio.run(main(args.calls, args.burst, args.port, url))
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
