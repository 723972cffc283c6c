"""Media of citizens' messages: fetched through the provider, typed by content, kept by
digest, stripped of EXIF (GPS kept as a location), OCR and transcripts."""

from gateway.media.service import (
    MediaError,
    MediaService,
    MediaSettings,
    MediaTooLarge,
    UnsupportedMedia,
    build_media_service,
)

__all__ = [
    "MediaError",
    "MediaService",
    "MediaSettings",
    "MediaTooLarge",
    "UnsupportedMedia",
    "build_media_service",
]
