"""The FunASR websocket adapter against a local server speaking FunASR's protocol."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from websockets.asyncio.server import ServerConnection, serve

from gateway.assist.asr import AsrSettings, AsrUnavailable, FunAsrEngine, Segment, build_engine

FAST = AsrSettings(
    engine="funasr", connect_timeout_seconds=2, send_timeout_seconds=1, final_timeout_seconds=0.5
)


@dataclass
class FakeFunAsr:
    """Records the config and audio; answers a partial per 3200 bytes, a final at the end."""

    answer_final: bool = True
    close_after_bytes: int | None = None
    config: dict[str, object] = field(default_factory=dict)
    audio: bytearray = field(default_factory=bytearray)

    async def handler(self, ws: ServerConnection) -> None:
        async for message in ws:
            if isinstance(message, bytes):
                self.audio += message
                if self.close_after_bytes is not None and len(self.audio) > self.close_after_bytes:
                    await ws.close()
                    return
                if len(self.audio) % 3200 == 0:
                    await ws.send(
                        json.dumps({"mode": "2pass-online", "text": "路灯", "is_final": False})
                    )
                continue
            data = json.loads(message)
            if data.get("is_speaking") is False:
                if self.answer_final:
                    await ws.send(
                        json.dumps({"mode": "2pass-offline", "text": "路灯坏了", "is_final": True})
                    )
                continue
            self.config = data


@pytest.fixture
async def server() -> AsyncIterator[tuple[FakeFunAsr, str]]:
    fake = FakeFunAsr()
    async with serve(fake.handler, "127.0.0.1", 0) as srv:
        port = next(iter(srv.sockets)).getsockname()[1]
        yield fake, f"ws://127.0.0.1:{port}"


async def test_partials_and_the_final_reach_the_sink(server: tuple[FakeFunAsr, str]) -> None:
    fake, url = server
    got: list[Segment] = []

    async def sink(seg: Segment) -> None:
        got.append(seg)

    rec = await FunAsrEngine(url, FAST).open(sink, sample_rate=8000)
    for _ in range(4):
        await rec.feed(b"\x01\x00" * 1600)
    await rec.finish()
    assert fake.config["audio_fs"] == 8000
    assert fake.config["mode"] == "2pass"
    assert len(fake.audio) == 4 * 3200
    assert got[-1] == Segment("路灯坏了", True)
    assert Segment("路灯", False) in got


async def test_an_engine_that_is_down_is_reported() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens here
    with pytest.raises(AsrUnavailable):
        await FunAsrEngine(f"ws://127.0.0.1:{port}", FAST).open(_ignore, sample_rate=8000)


async def test_an_engine_that_never_finishes_is_reported(server: tuple[FakeFunAsr, str]) -> None:
    fake, url = server
    fake.answer_final = False
    rec = await FunAsrEngine(url, FAST).open(_ignore, sample_rate=8000)
    await rec.feed(b"\x00\x00" * 100)
    with pytest.raises(AsrUnavailable):
        await rec.finish()


async def test_an_engine_that_hangs_up_mid_call_is_reported(
    server: tuple[FakeFunAsr, str],
) -> None:
    fake, url = server
    fake.close_after_bytes = 1000
    rec = await FunAsrEngine(url, FAST).open(_ignore, sample_rate=8000)
    failed: AsrUnavailable | None = None
    for _ in range(50):
        try:
            await rec.feed(b"\x00\x00" * 800)
        except AsrUnavailable as exc:
            failed = exc
            break
        await asyncio.sleep(0.01)  # the server's close reaches the reader
    assert failed is not None
    await rec.abort()


def test_the_engine_is_chosen_in_settings() -> None:
    assert build_engine(AsrSettings(engine="none", url="ws://x")) is None
    assert build_engine(AsrSettings(engine="funasr")) is None  # no address: no engine
    chosen = build_engine(AsrSettings(engine="funasr", url="ws://asr:10095"))
    assert isinstance(chosen, FunAsrEngine)
    assert chosen.url == "ws://asr:10095"


async def _ignore(seg: Segment) -> None:
    return None
