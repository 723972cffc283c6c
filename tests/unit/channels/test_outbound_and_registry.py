"""Shared adapter helpers and the discovery of the provider channels."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Mapping
from pathlib import Path

import pytest
from pydantic import JsonValue

from channels import outbound, registry
from channels.base import ChannelAdapter
from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import OutboundMessage

PROVIDERS = {"wechat", "sms", "voice", "weibo", "telegram"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_rate_limiter_spaces_out_after_the_burst(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    monkeypatch.setattr("channels.outbound.asyncio.sleep", fake_sleep)
    limiter = outbound.RateLimiter(2.0, burst=2, clock=clock)
    for _ in range(5):
        await limiter.acquire()
    # two at once, then one every half second
    assert sum(slept) == pytest.approx(1.5)


def test_rate_limiter_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="positive"):
        outbound.RateLimiter(0)


@pytest.mark.parametrize(
    ("timestamp", "now", "ok"),
    [
        ("1000", 1000.0, True),
        ("1000", 1299.0, True),
        ("1000", 1301.0, False),
        ("1000", 699.0, False),
    ],
)
def test_freshness_window(timestamp: str, now: float, ok: bool) -> None:
    if ok:
        outbound.check_freshness(timestamp, 300, lambda: now)
    else:
        with pytest.raises(VerificationError):
            outbound.check_freshness(timestamp, 300, lambda: now)


def test_freshness_in_milliseconds_and_malformed() -> None:
    outbound.check_freshness("1000000", 300, lambda: 1000.0, millis=True)
    for bad in (None, "", "12ab"):
        with pytest.raises(VerificationError):
            outbound.check_freshness(bad, 300, lambda: 0.0)
    outbound.check_freshness("1", 0, lambda: 10**9)  # window 0: vectors replay


def test_text_size_limit() -> None:
    assert outbound.check_text_size("好" * outbound.MAX_INBOUND_TEXT)
    with pytest.raises(PayloadError) as info:
        outbound.check_text_size("好" * (outbound.MAX_INBOUND_TEXT + 1))
    assert info.value.status_code == 413


def test_sha1_signature_is_order_independent() -> None:
    assert outbound.sha1_signature("b", "a", "c") == outbound.sha1_signature("c", "b", "a")
    assert outbound.same_secret("x", "x")
    assert not outbound.same_secret(None, "x")
    assert not outbound.same_secret("", "")


@pytest.mark.parametrize(
    ("value", "number"), [(40001, 40001), ("45015", 45015), (None, 0), ("", 0), (-1, -1)]
)
def test_a_provider_code_is_read_as_a_number(value: JsonValue, number: int) -> None:
    assert outbound.json_int(value, "x") == number


@pytest.mark.parametrize("value", ["busy", [1], {"a": 1}, True, "1e999"])
def test_a_malformed_provider_code_is_a_retryable_send_error(value: JsonValue) -> None:
    with pytest.raises(SendError, match="unexpected JSON") as caught:
        outbound.json_number(value, "wechat token")
    assert caught.value.retryable


def test_a_missing_expiry_takes_the_default() -> None:
    assert outbound.json_number(None, "wechat token", 7200) == 7200
    assert outbound.json_number("300", "wechat token", 7200) == 300


def test_every_provider_channel_is_discovered() -> None:
    assert set(registry.adapter_classes()) >= PROVIDERS


def test_provider_channels_are_off_without_secrets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    monkeypatch.chdir(tmp_path)  # no .env
    for var in list(os.environ):
        if var.startswith(
            ("HOTLINE_WECHAT_", "HOTLINE_TWILIO_", "HOTLINE_WEIBO_", "HOTLINE_TELEGRAM_")
        ):
            monkeypatch.delenv(var)
    enabled = registry.load_enabled()
    assert not (PROVIDERS & set(enabled))


def test_provider_channels_turn_on_with_their_secrets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    enabled = registry.load_enabled(
        {
            "wechat": {"token": "t", "app_id": "wx1", "app_secret": "s"},
            "sms": {"account_sid": "AC1", "auth_token": "x"},
            "voice": {"account_sid": "AC1", "auth_token": "x"},
            "weibo": {"app_secret": "s", "access_token": "a"},
            "telegram": {"bot_token": "1:x", "secret": "s"},
        }
    )
    assert set(enabled) >= PROVIDERS
    for name in PROVIDERS:
        assert enabled[name].name == name
    asyncio.run(_close(enabled))


async def _close(adapters: Mapping[str, ChannelAdapter]) -> None:
    for adapter in adapters.values():
        await adapter.aclose()


def test_env_variables_of_the_contract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from channels.sms import TwilioSettings
    from channels.telegram import TelegramSettings
    from channels.wechat import WeChatSettings
    from channels.weibo import WeiboSettings

    monkeypatch.chdir(tmp_path)
    env = {
        "HOTLINE_WECHAT_TOKEN": "t",
        "HOTLINE_WECHAT_APP_ID": "wx1",
        "HOTLINE_WECHAT_APP_SECRET": "s",
        "HOTLINE_WECHAT_AES_KEY": "k" * 43,
        "HOTLINE_WECHAT_API_BASE_URL": "http://proxy/wx/",
        "HOTLINE_TWILIO_ACCOUNT_SID": "AC1",
        "HOTLINE_TWILIO_AUTH_TOKEN": "tok",
        "HOTLINE_TWILIO_API_BASE_URL": "http://proxy/tw/",
        "HOTLINE_WEIBO_APP_SECRET": "ws",
        "HOTLINE_WEIBO_ACCESS_TOKEN": "wa",
        "HOTLINE_WEIBO_API_BASE_URL": "http://proxy/wb/",
        "HOTLINE_TELEGRAM_BOT_TOKEN": "1:x",
        "HOTLINE_TELEGRAM_SECRET": "sec",
        "HOTLINE_TELEGRAM_API_BASE_URL": "http://proxy/tg/",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert WeChatSettings().api_base_url == "http://proxy/wx/"
    assert WeChatSettings().is_enabled()
    assert TwilioSettings().api_base_url == "http://proxy/tw/"
    assert WeiboSettings().api_base_url == "http://proxy/wb/"
    assert TelegramSettings().api_base_url == "http://proxy/tg/"
    assert all(s().is_enabled() for s in (TwilioSettings, WeiboSettings, TelegramSettings))


@pytest.mark.parametrize("name", ["wechat", "weibo", "telegram", "sms"])
def test_a_text_channel_names_the_emergency_number_once(name: str) -> None:
    adapter = importlib.import_module(f"channels.{name}").ADAPTER
    told = adapter.degrade(
        OutboundMessage(channel=name, recipient="u", text="请到安全的地方。", transfer_to="119")
    )
    assert "请立即拨打 119" in "".join(told)
    named = OutboundMessage(channel=name, recipient="u", text="请立即拨打119！", transfer_to="119")
    assert "".join(adapter.degrade(named)).count("119") == 1


def test_the_web_chat_leaves_the_emergency_number_to_its_page() -> None:
    from channels.web import WebChatAdapter

    message = OutboundMessage(
        channel="web", recipient="u", text="请到安全的地方。", transfer_to="119"
    )
    assert WebChatAdapter.degrade(message) == ["请到安全的地方。"]
