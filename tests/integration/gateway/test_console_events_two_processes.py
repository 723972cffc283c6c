"""issue 16: the console's live events cross gateway processes. Two ``hotline serve``
processes on one PostgreSQL and one Redis (the fixture of ``test_load_balanced``): a
supervisor's console event stream is open on process B, a citizen asks for a person on
the web chat of process A, and B's stream receives the queue event at once (before, the
hub reached only pages of its own process: B heard nothing until a refetch)."""

from __future__ import annotations

import asyncio
import json
import time

import httpx

from tests.integration.gateway.test_load_balanced import (
    _say,
    pytestmark,
    two_gateways,
    wechat_api,
)

__all__ = ["pytestmark", "two_gateways", "wechat_api"]

ADMIN = {"username": "admin", "password": "hotline12345"}


async def _queue_event_on(port_b: int, port_a: int) -> dict[str, object]:
    """Open the supervisor's stream on B, then make a chat wait for a person on A; the
    first ``queue`` event B's stream carries."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port_b}", timeout=60) as b:
        r = await b.post("/api/agent/login", json=ADMIN)
        assert r.status_code == 200, r.text
        async with b.stream("GET", "/api/agent/events") as stream:
            assert stream.status_code == 200
            lines = stream.aiter_lines()
            async for line in lines:  # the stream is subscribed once hello is sent
                if line == "event: hello":
                    break
            # the citizen's chat is on A
            _, replies = await _say(port_a, None, "转人工")
            assert replies, "no answer from A"
            deadline = time.monotonic() + 30
            kind = ""
            while time.monotonic() < deadline:
                line = await asyncio.wait_for(anext(lines), timeout=30)
                if line.startswith("event: "):
                    kind = line.removeprefix("event: ")
                elif line.startswith("data: ") and kind == "queue":
                    return dict(json.loads(line.removeprefix("data: ")))
            raise AssertionError("process B's console stream heard nothing from A")


def test_a_queue_event_raised_on_one_process_reaches_a_console_on_the_other(
    two_gateways: list[int],
) -> None:
    port_a, port_b = two_gateways
    event = asyncio.run(_queue_event_on(port_b, port_a))
    assert str(event["key"]).startswith("web:")
