"""WeChat official account channel (``/webhooks/wechat``)."""

from channels.wechat.adapter import WeChatAdapter, WeChatSettings

ADAPTER = WeChatAdapter

__all__ = ["ADAPTER", "WeChatAdapter", "WeChatSettings"]
