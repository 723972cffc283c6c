"""``hotline channels``: status of the provider channels."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gateway.cli import main


def test_channels_list_names_missing_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for var in list(os.environ):
        if var.startswith(
            ("HOTLINE_WECHAT_", "HOTLINE_TWILIO_", "HOTLINE_WEIBO_", "HOTLINE_TELEGRAM_")
        ):
            monkeypatch.delenv(var)
    monkeypatch.setenv("HOTLINE_PUBLIC_BASE_URL", "https://12345.heze.example/")
    monkeypatch.setenv("HOTLINE_WECHAT_TOKEN", "t")
    monkeypatch.setenv("HOTLINE_WECHAT_APP_ID", "wx1")
    monkeypatch.setenv("HOTLINE_TELEGRAM_BOT_TOKEN", "1:x")
    monkeypatch.setenv("HOTLINE_TELEGRAM_SECRET", "s")
    assert main(["channels", "list"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert set(lines) == {"wechat", "sms", "voice", "weibo", "telegram"}
    assert "off https://12345.heze.example/webhooks/wechat" in lines["wechat"]
    assert "missing: HOTLINE_WECHAT_APP_SECRET" in lines["wechat"]
    assert " on  https://12345.heze.example/webhooks/telegram" in lines["telegram"]
    assert "missing" not in lines["telegram"]


def test_telegram_webhook_refuses_when_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HOTLINE_TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["channels", "telegram-webhook"]) == 2
    assert "HOTLINE_TELEGRAM_BOT_TOKEN" in capsys.readouterr().out
