"""The web chat: a page at ``/chat`` talking JSON frames over the websocket ``/chat/ws``."""

from channels.web.adapter import WebChatAdapter

ADAPTER = WebChatAdapter

__all__ = ["ADAPTER", "WebChatAdapter"]
