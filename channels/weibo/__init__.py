"""Weibo fan-service channel (``/webhooks/weibo``)."""

from channels.weibo.adapter import WeiboAdapter, WeiboSettings

ADAPTER = WeiboAdapter

__all__ = ["ADAPTER", "WeiboAdapter", "WeiboSettings"]
