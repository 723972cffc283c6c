"""Citizen-facing wording for media problems (too large, unsupported type)."""

from __future__ import annotations


def media_error_message(exc: BaseException) -> str | None:
    """A courteous Chinese explanation when ``exc`` is a media error, else ``None``."""
    name = type(exc).__name__
    if "TooLarge" in name:
        return "图片或文件过大，请压缩后再发送。"
    if "Unsupported" in name or "MediaError" in name:
        return "暂不支持该文件类型，请发送 JPG、PNG 图片或文字描述。"
    return None
