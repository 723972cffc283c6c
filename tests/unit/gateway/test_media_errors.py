"""Media problems are explained to the citizen; other errors are not disguised as media."""

from __future__ import annotations

from channels.media import MediaError, MediaTooLarge, UnsupportedMedia
from gateway.media.errors import media_error_message


def test_media_errors_have_courteous_explanations() -> None:
    assert "过大" in (media_error_message(MediaTooLarge("big")) or "")
    assert "不支持" in (media_error_message(UnsupportedMedia("exe")) or "")
    assert media_error_message(MediaError("x")) is not None


def test_other_errors_are_not_media_errors() -> None:
    assert media_error_message(RuntimeError("db down")) is None
