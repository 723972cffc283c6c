"""The bench's requests (``bench/benchkit.py``) are what the adapters accept: a bench
that signs or encrypts a push wrongly measures the refusal path, not the pipeline."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl, urlsplit

import defusedxml.ElementTree as ET
import pytest
from wechatpy.crypto import WeChatCrypto

from channels.base import RawRequest
from channels.errors import VerificationError
from channels.wechat import WeChatAdapter, WeChatSettings

BENCHKIT = Path(__file__).resolve().parents[3] / "bench" / "benchkit.py"


@pytest.fixture(scope="module")
def kit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchkit", BENCHKIT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _request(path_or_query: str, body: bytes) -> RawRequest:
    query = urlsplit(path_or_query).query if "?" in path_or_query else path_or_query
    return RawRequest("POST", "http://h/webhooks/wechat", {}, dict(parse_qsl(query)), body)


def test_a_plain_mode_push_passes_the_wechat_adapter(kit: ModuleType) -> None:
    adapter = WeChatAdapter(WeChatSettings(token=kit.TOKEN, app_id=kit.APP_ID, app_secret="s"))
    raw = _request(kit.wechat_signed_path(), kit.wechat_text("oU1", "42", "路灯坏了").encode())
    adapter.verify(raw)
    assert [(m.sender, m.text) for m in adapter.parse(raw)] == [("oU1", "路灯坏了")]
    wrong = WeChatAdapter(WeChatSettings(token="other", app_id=kit.APP_ID, app_secret="s"))
    with pytest.raises(VerificationError):
        wrong.verify(raw)


def test_a_safe_mode_push_passes_the_wechat_adapter(kit: ModuleType) -> None:
    crypto = WeChatCrypto(kit.TOKEN, kit.AES_KEY, kit.APP_ID)
    xml = kit.wechat_text("oU2", "43", "噪音扰民", 1_700_000_000)
    envelope = ET.fromstring(crypto.encrypt_message(xml, "n1", "1700000000"))
    query, body = kit.wechat_safe_mode(envelope.findtext("Encrypt"), "oU2", "1700000000", "n1")
    settings = WeChatSettings(
        token=kit.TOKEN,
        app_id=kit.APP_ID,
        app_secret="s",
        aes_key=kit.AES_KEY,
        replay_window_seconds=0,  # a fixed timestamp: no replay window
    )
    adapter = WeChatAdapter(settings)
    raw = _request(query, body)
    adapter.verify(raw)
    assert [m.text for m in adapter.parse(raw)] == ["噪音扰民"]


def test_a_web_chat_frame_is_a_message(kit: ModuleType) -> None:
    one, two = json.loads(kit.web_message("你好")), json.loads(kit.web_message("你好"))
    assert (one["type"], one["text"]) == ("message", "你好")
    assert one["id"] != two["id"]
