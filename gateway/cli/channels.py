"""``hotline channels ...``: which provider channels are on, their webhook URLs, set-up.

``hotline channels list`` names, for each channel, the webhook URL to give the provider
and the ``HOTLINE_*`` variables still missing; ``hotline channels telegram-webhook``
registers the Telegram webhook with the configured secret token.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from config.settings import load_settings

# the secrets each channel needs, by settings field (see docs/channels.md)
_REQUIRED = {
    "wechat": ("token", "app_id", "app_secret"),
    "sms": ("account_sid", "auth_token"),
    "voice": ("account_sid", "auth_token"),
    "weibo": ("app_secret", "access_token"),
    "telegram": ("bot_token", "secret"),
}


def register(subparsers: Any) -> None:
    """Add the ``channels`` subcommand."""
    p = subparsers.add_parser("channels", help="provider channels: status, webhook set-up")
    sub = p.add_subparsers(dest="channels_command", required=True)
    ls = sub.add_parser("list", help="each channel: enabled?, webhook URL, missing variables")
    ls.set_defaults(func=_list)
    tg = sub.add_parser("telegram-webhook", help="register the Telegram webhook and secret")
    tg.add_argument("--drop-pending", action="store_true", help="discard queued updates")
    tg.set_defaults(func=_telegram_webhook)


def channel_status() -> list[dict[str, Any]]:
    """Name, enabled flag, webhook URL and missing variables of every webhook channel."""
    from channels.registry import adapter_classes

    base = load_settings().public_base_url.rstrip("/")
    rows = []
    for name, cls in sorted(adapter_classes().items()):
        if not cls.webhook:
            continue
        settings = cls.settings_class()
        prefix = str(settings.model_config.get("env_prefix", ""))
        missing = [
            f"{prefix}{field.upper()}"
            for field in _REQUIRED.get(name, ())
            if not getattr(settings, field, None)
        ]
        rows.append(
            {
                "channel": name,
                "enabled": settings.is_enabled(),
                "webhook": f"{base}/webhooks/{name}",
                "missing": missing,
            }
        )
    return rows


def _list(args: argparse.Namespace) -> int:
    for row in channel_status():
        state = "on " if row["enabled"] else "off"
        missing = ("  missing: " + ", ".join(row["missing"])) if row["missing"] else ""
        print(f"{row['channel']:<10} {state} {row['webhook']}{missing}")
    return 0


def _telegram_webhook(args: argparse.Namespace) -> int:
    from channels.telegram import TelegramAdapter, TelegramSettings

    settings = TelegramSettings()
    if not settings.is_enabled():
        print("Telegram is off: set HOTLINE_TELEGRAM_BOT_TOKEN and HOTLINE_TELEGRAM_SECRET")
        return 2
    url = load_settings().public_base_url.rstrip("/") + "/webhooks/telegram"

    async def run() -> None:
        adapter = TelegramAdapter(settings)
        try:
            await adapter.set_webhook(url, drop_pending=args.drop_pending)
        finally:
            await adapter.aclose()

    asyncio.run(run())
    print(f"Telegram webhook set to {url}")
    return 0
