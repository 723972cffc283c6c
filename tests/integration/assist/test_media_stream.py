"""The Media Streams endpoint over a real websocket, with speech synthesised here.

The recognizer behind the interface is a double that returns the known text of each
spoken sentence; everything else (signature check, frame parsing, reordering, μ-law
decoding, NLU, draft, console turns, inspection trigger) is the real code.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from gateway.assist.audio import ulaw_to_pcm16
from gateway.assist.service import ASR_DOWN_NOTICE, STREAM_DROPPED_NOTICE
from gateway.metrics import REGISTRY
from tests.integration.console.harness import Live

from .conftest import admin_client, signed_headers, ws_url
from .speech import Frames, KnownTextEngine, chunks, swapped_pairs, utterances

pytestmark = [pytest.mark.integration]


def _malformed() -> float:
    value = REGISTRY.get_sample_value(
        "hotline_assist_stream_frames_total", {"outcome": "malformed"}
    )
    return value or 0.0


def _stream(live: Live, messages: list[str], *, close_without_stop: bool = False) -> None:
    with connect(ws_url(live), additional_headers=signed_headers(live), open_timeout=10) as ws:
        for m in messages:
            ws.send(m)
        if close_without_stop:
            return
    # the server finishes the call after the socket closes; give it a moment


def _turns(client: httpx.Client, key: str) -> list[dict[str, Any]]:
    r = client.get("/api/agent/turns", params={"key": key})
    r.raise_for_status()
    return list(r.json()["turns"])


def _wait(predicate: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_unsigned_or_wrongly_signed_upgrades_are_refused(live: Live) -> None:
    for headers in ({}, {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}):
        with (
            pytest.raises(InvalidStatus) as info,
            connect(ws_url(live), additional_headers=headers, open_timeout=10),
        ):
            pass
        assert info.value.response.status_code == 403


def test_a_call_streams_to_a_draft_and_console_turns(
    live: Live, engine: KnownTextEngine, voices: dict[str, list[bytes]]
) -> None:
    key = "voice:twilio:+8613853001234"
    audio = utterances(voices["citizen"])
    frames = Frames(key)
    media = [frames.media(c, i) for i, c in enumerate(chunks(audio))]
    garbage = ["not json", '{"event":"media","sequenceNumber":"x"}', '{"event":"dance"}']
    before = _malformed()
    messages = [frames.connected(), frames.start(), *garbage[:1]]
    messages += list(swapped_pairs(media))
    messages[len(messages) // 2 : len(messages) // 2] = garbage[1:]
    messages.append(frames.stop())
    _stream(live, messages)

    client = admin_client(live)

    def ready() -> dict[str, Any] | None:
        v: dict[str, Any] = client.get("/api/assist", params={"key": key}).json()
        return v if v.get("draft", {}).get("phone") else None

    view = _wait(ready)
    draft = view["draft"]
    assert draft["county"] == "牡丹区"
    assert draft["township"] == "西城街道"
    assert "阳光小区" in (draft["address"] or "")
    assert "路灯" in draft["matter"]
    assert draft["category_level1"] == "城乡建设"
    assert draft["since"]
    assert "星期" in draft["since"]
    assert draft["phone"] == "13853001234"
    assert draft["phone_masked"] != draft["phone"]
    assert [t["final"] for t in view["transcript"]] == [True, True]
    assert view["transcript"][1]["text"].count("*") >= 4  # the phone masked on screen
    assert any("路灯" in k["title"] for k in view["knowledge"])

    # the recognizer heard exactly the audio, in order, decoded (reordering undid the swaps)
    assert bytes(engine.received[0]) == ulaw_to_pcm16(audio)
    assert _malformed() - before == 3

    turns = _wait(lambda: [t for t in _turns(client, key) if t["direction"] == "in"])
    assert [t["text"][:6] for t in turns] == ["我家在牡丹区", "小区门口的路"]

    # the call's end is recorded, so the inspection worker will take it
    audit = client.get("/api/agent/audit", params={"key": key}).json()["entries"]
    assert "call_ended" in {e["action"] for e in audit}


def test_a_dropped_stream_ends_cleanly_and_tells_the_agent(
    live: Live, engine: KnownTextEngine, voices: dict[str, list[bytes]]
) -> None:
    key = "voice:twilio:+8613900000001"
    frames = Frames(key, call_sid="CA" + "1" * 32)
    audio = utterances(voices["citizen"][:1])
    media = [frames.media(c, i) for i, c in enumerate(chunks(audio))]
    _stream(
        live,
        [frames.connected(), frames.start(), *media[: len(media) // 2]],
        close_without_stop=True,
    )
    client = admin_client(live)
    notes = _wait(lambda: [t for t in _turns(client, key) if t["direction"] == "system"])
    assert notes[-1]["text"] == STREAM_DROPPED_NOTICE
    audit = client.get("/api/agent/audit", params={"key": key}).json()["entries"]
    assert "call_ended" not in {e["action"] for e in audit}  # the call may go on
    # the endpoint still serves the next call
    other = Frames("voice:twilio:+8613900000002", call_sid="CA" + "2" * 32)
    _stream(live, [other.connected(), other.start(), other.stop()])
    _wait(
        lambda: (
            "call_ended"
            in {
                e["action"]
                for e in client.get("/api/agent/audit", params={"key": other.conversation}).json()[
                    "entries"
                ]
            }
        )
    )


@pytest.mark.parametrize("failure", ["down", "fails mid-call"])
def test_asr_down_the_call_goes_on_without_assist(
    live: Live, engine: KnownTextEngine, voices: dict[str, list[bytes]], failure: str
) -> None:
    if failure == "down":
        engine.fail_open = True
    else:
        engine.fail_after_bytes = 4000
    key = f"voice:twilio:+86139000001{0 if failure == 'down' else 1}"
    frames = Frames(key, call_sid="CA" + ("3" if failure == "down" else "4") * 32)
    audio = utterances(voices["citizen"][:1])
    media = [frames.media(c, i) for i, c in enumerate(chunks(audio))]
    _stream(live, [frames.connected(), frames.start(), *media, frames.stop()])
    client = admin_client(live)
    notes = _wait(lambda: [t for t in _turns(client, key) if t["direction"] == "system"])
    assert notes[0]["text"] == ASR_DOWN_NOTICE
    assert not [t for t in _turns(client, key) if t["direction"] == "in"]

    def actions() -> set[str]:
        entries = client.get("/api/agent/audit", params={"key": key}).json()["entries"]
        return {str(e["action"]) for e in entries}

    _wait(lambda: "call_ended" in actions())  # the call itself ended normally
    assert live.services.extras["assist"].calls[key].assist_on is False
