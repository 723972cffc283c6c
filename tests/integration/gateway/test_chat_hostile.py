"""Hostile websocket frames on /chat/ws: a clear ``bad_frame`` in Chinese, socket usable.

Each kind (too deep, not text, not UTF-8 inside JSON, not strict JSON, protocol mistakes)
is tried with several inputs; after each refusal an ordinary message still gets an answer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app
from tests.integration.gateway.test_end_to_end import Chat

_HAN = re.compile(r"[\u4e00-\u9fff]")
_ASCII_WORDS = re.compile(r"[A-Za-z]{3,}")


def _nested(depth: int, open_: str = "[", close: str = "]") -> str:
    return '{"type":"message","id":"a4","text":"x","z":' + open_ * depth + close * depth + "}"


HOSTILE_TEXT = [
    _nested(5000),
    _nested(100),
    '{"type":"message","id":"a5","text":"x","z":' + '{"a":' * 3000 + "1" + "}" * 3000 + "}",
    '{"type":"message","id":"a6","text":"\\ud800路灯"}',
    '{"type":"message","id":"a7","text":"路灯\\udfff坏了"}',
    '{"type":"message","id":"a8","text":"x","label":"\\udbff"}',
    '{"type":"message","id":"a9","text":"x","n":NaN}',
    '{"type":"message","id":"b1","text":"x","n":1e400}',
    '{"type":"message","id":"b2","text":"路灯\\u0000坏了"}',
    '{"type":"message","id":"b6","text":"路灯坏了","text":"火警"}',
    '{"type":"message","id":"b7","text":"x","z":{"a":1,"a":2}}',
    '\ufeff{"type":"message","id":"b8","text":"路灯坏了"}',
    "{not json",
    "[1,2]",
    '{"type":"nope","id":"b3"}',
    '{"type":"message","text":"没有id"}',
    '{"type":"message","id":"b4","text":"  "}',
    '{"type":"location","id":"b5","latitude":"x"}',
]


def _error(ws: Any) -> dict[str, Any]:
    frame: dict[str, Any] = ws.receive_json()
    assert frame["type"] == "error", frame
    return frame


def _courteous(frame: dict[str, Any]) -> None:
    message = frame["message"]
    assert _HAN.search(message), message
    assert not _ASCII_WORDS.search(message), message  # no English shown to the citizen
    assert re.fullmatch(r"[a-z_]+", frame["code"])


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(Settings(var_dir=tmp_path, database_url="", rate_limit_per_minute=1000))


def test_hostile_text_frames_get_bad_frame_and_the_socket_stays_usable(app: Any) -> None:
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        chat = Chat(ws)
        for raw in HOSTILE_TEXT:
            ws.send_text(raw)
            frame = _error(ws)
            assert frame["code"] == "bad_frame", (raw[:60], frame)
            _courteous(frame)
        replies = chat.say("你好")
        assert replies
        assert not any(r.startswith("ERROR") for r in replies)


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe{}", b'{"type":"message","id":"c1","text":"x"}', b"", b"\x00" * 10],
)
def test_binary_frames_get_bad_frame_and_the_socket_stays_usable(app: Any, data: bytes) -> None:
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        chat = Chat(ws)
        ws.send_bytes(data)
        frame = _error(ws)
        assert frame["code"] == "bad_frame"
        _courteous(frame)
        assert not any(r.startswith("ERROR") for r in chat.say("你好"))


def test_too_long_text_is_refused_in_chinese(app: Any) -> None:
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        Chat(ws)
        ws.send_text(json.dumps({"type": "message", "id": "d1", "text": "路" * 5001}))
        frame = _error(ws)
        assert frame["code"] == "too_large"
        _courteous(frame)
        assert "5000" in frame["message"]
