"""Telegram bot channel (``/webhooks/telegram``)."""

from channels.telegram.adapter import TelegramAdapter, TelegramSettings

ADAPTER = TelegramAdapter

__all__ = ["ADAPTER", "TelegramAdapter", "TelegramSettings"]
