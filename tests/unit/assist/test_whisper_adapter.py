"""The Whisper adapter against a local double of an OpenAI-compatible transcription server."""

from __future__ import annotations

import asyncio
import io
import math
import socket
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

import pytest
import uvicorn
from fastapi import FastAPI, Form, Header, UploadFile
from fastapi.responses import JSONResponse, Response

from gateway.assist.asr import AsrSettings, AsrUnavailable, Segment, build_engine
from gateway.assist.whisper import WhisperEngine

RATE = 8000


@dataclass
class WhisperDouble:
    """Answers each posted clip with the next known text; records what came."""

    texts: list[str]
    status: int = 200
    clips: list[tuple[float, int]] = field(default_factory=list)  # (seconds, sample rate)
    forms: list[dict[str, str]] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/audio/transcriptions")
        async def transcribe(
            file: UploadFile,
            language: Annotated[str, Form()],
            response_format: Annotated[str, Form()],
            model: Annotated[str, Form()] = "",
            authorization: Annotated[str, Header()] = "",
        ) -> Response:
            with wave.open(io.BytesIO(await file.read())) as w:
                self.clips.append((w.getnframes() / w.getframerate(), w.getframerate()))
            self.forms.append(
                {"language": language, "response_format": response_format, "model": model}
            )
            self.auth.append(authorization)
            if self.status != 200:
                return JSONResponse({"error": "model not loaded"}, status_code=self.status)
            return JSONResponse({"text": self.texts[len(self.clips) - 1]})

        return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def server() -> AsyncIterator[tuple[WhisperDouble, str]]:
    double = WhisperDouble(["路灯坏了一个多星期", "在牡丹区西城街道"])
    port = _free_port()
    config = uvicorn.Config(double.app(), host="127.0.0.1", port=port, log_config=None)
    srv = uvicorn.Server(config)
    task = asyncio.create_task(srv.serve())
    for _ in range(1000):
        if srv.started:
            break
        await asyncio.sleep(0.01)
    assert srv.started
    yield double, f"http://127.0.0.1:{port}/v1/audio/transcriptions"
    srv.should_exit = True
    await task


def _tone(seconds: float, amplitude: int = 6000) -> bytes:
    n = int(seconds * RATE)
    samples = [int(amplitude * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(n)]
    return b"".join(s.to_bytes(2, "little", signed=True) for s in samples)


def _silence(seconds: float) -> bytes:
    return b"\0\0" * int(seconds * RATE)


async def _feed(recognizer: object, audio: bytes, chunk: int = 1600) -> None:
    for i in range(0, len(audio), chunk):
        await recognizer.feed(audio[i : i + chunk])  # type: ignore[attr-defined]


FAST = AsrSettings(
    engine="whisper",
    api_key="sk-test-key",
    request_timeout_seconds=5,
    final_timeout_seconds=2,
)


async def test_utterances_are_cut_by_silence_and_come_back_as_finals(
    server: tuple[WhisperDouble, str],
) -> None:
    double, url = server
    engine = build_engine(FAST.model_copy(update={"url": url}))
    assert isinstance(engine, WhisperEngine)
    got: list[Segment] = []

    async def sink(segment: Segment) -> None:
        got.append(segment)

    recognizer = await engine.open(sink, sample_rate=RATE)
    audio = _silence(0.5) + _tone(0.8) + _silence(1.0) + _tone(0.5) + _silence(0.1)
    await _feed(recognizer, audio)
    await recognizer.finish()
    assert got == [Segment("路灯坏了一个多星期", True), Segment("在牡丹区西城街道", True)]
    (first, rate1), (second, rate2) = double.clips
    assert (rate1, rate2) == (RATE, RATE)
    assert first == pytest.approx(0.8, abs=0.1)  # leading and trailing silence not sent
    assert second == pytest.approx(0.5, abs=0.15)
    assert double.forms[0] == {"language": "zh", "response_format": "json", "model": "whisper-1"}
    assert double.auth[0] == "Bearer sk-test-key"


async def test_a_long_monologue_is_cut_at_the_maximum(server: tuple[WhisperDouble, str]) -> None:
    double, url = server
    settings = FAST.model_copy(update={"url": url, "max_segment_seconds": 1.0})
    engine = WhisperEngine(url, settings)
    recognizer = await engine.open(_ignore, sample_rate=RATE)
    await _feed(recognizer, _tone(1.6))
    await recognizer.finish()
    assert [round(s, 1) for s, _ in double.clips] == [1.0, 0.6]


async def _ignore(segment: Segment) -> None:
    return None


async def test_a_server_error_stops_assist_for_the_call(server: tuple[WhisperDouble, str]) -> None:
    double, url = server
    double.status = 503
    recognizer = await WhisperEngine(url, FAST).open(_ignore, sample_rate=RATE)
    await _feed(recognizer, _tone(0.5) + _silence(1.0))
    for _ in range(100):  # the clip is posted off the feed
        if double.clips:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.1)
    with pytest.raises(AsrUnavailable):
        await _feed(recognizer, _tone(0.1))
    await recognizer.abort()


async def test_a_server_that_is_down_is_unavailable_not_a_crash() -> None:
    url = f"http://127.0.0.1:{_free_port()}/inference"  # nothing listens there
    recognizer = await WhisperEngine(url, FAST).open(_ignore, sample_rate=RATE)
    await _feed(recognizer, _tone(0.4))
    with pytest.raises(AsrUnavailable):
        await recognizer.finish()


def test_settings_choose_the_engine() -> None:
    assert build_engine(AsrSettings(engine="whisper")) is None  # no URL: no engine
    made = build_engine(AsrSettings(engine="whisper", url="http://asr:8080/inference"))
    assert isinstance(made, WhisperEngine)
