"""Citizen-facing wording for media problems (too large, unsupported type)."""

from __future__ import annotations

from channels.errors import MediaRefused
from channels.media import MediaError, MediaTooLarge, UnsupportedMedia

REFUSED = "抱歉，您发送的附件未能接收，请重新发送，或直接用文字描述。"


def media_error_message(exc: BaseException) -> str | None:
    """A courteous Chinese explanation when ``exc`` is a media error, else ``None``.
    A refused media URL (:class:`MediaRefused`) says honestly that nothing was received."""
    if isinstance(exc, MediaRefused):
        return REFUSED
    if isinstance(exc, MediaTooLarge):
        return "图片或文件过大，请压缩后再发送。"
    if isinstance(exc, UnsupportedMedia):
        return "暂不支持该文件类型，请发送 JPG、PNG 图片或文字描述。"
    if isinstance(exc, MediaError):
        return "图片处理失败，请重新发送，或直接用文字描述。"
    return None
