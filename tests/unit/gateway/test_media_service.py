"""The gateway's media service over a real blob directory."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from channels.base import ChannelAdapter, RawRequest
from channels.media import SpeechError, Transcript
from channels.messages import Attachment, AttachmentKind, InboundMessage
from config.settings import Settings
from gateway.media.service import (
    MediaService,
    MediaSettings,
    MediaTooLarge,
    UnsupportedMedia,
    build_media_service,
)
from tests.unit.channels.test_media_normalize import HEZE, jpeg_with_exif

AMR = b"#!AMR\n" + bytes(range(256)) * 4


class Provider(ChannelAdapter):
    """An adapter whose provider holds some media."""

    name = "fake"

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self.blobs = blobs
        self.fetches = 0

    def verify(self, request: RawRequest) -> None:
        return None

    def parse(self, request: RawRequest) -> list[InboundMessage]:
        return []

    async def fetch_media(self, source_id: str | None, source_url: str | None) -> bytes:
        self.fetches += 1
        return self.blobs[source_id or source_url or ""]


class Ocr:
    def __init__(self) -> None:
        self.calls = 0

    def recognize(self, data: bytes) -> str:
        self.calls += 1
        Image.open(io.BytesIO(data)).verify()  # it is handed the cleaned picture
        return "停水通知"


class Asr:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[str] = []

    async def transcribe(self, data: bytes, mime: str) -> Transcript | None:
        self.calls.append(mime)
        if self.fail:
            raise SpeechError("down")
        return Transcript("小区门口积水严重", 0.8)


def _service(tmp_path: Path, **kw: object) -> MediaService:
    return MediaService(tmp_path / "blobs", max_bytes=kw.pop("max_bytes", 1_000_000), **kw)  # type: ignore[arg-type]


async def test_ingest_fetches_strips_stores_and_ocrs(tmp_path: Path) -> None:
    ocr = Ocr()
    service = _service(tmp_path, ocr=ocr, asr=None)
    adapter = Provider({"M1": jpeg_with_exif()})
    att, location = await service.ingest(
        adapter, Attachment(kind=AttachmentKind.IMAGE, source_id="M1")
    )
    assert adapter.fetches == 1
    assert location is not None
    assert location.latitude == pytest.approx(HEZE[0], abs=1e-3)
    assert att.mime == "image/jpeg"
    assert att.source_id == "M1"
    assert att.ocr_text == "停水通知"
    assert att.blob_key is not None
    stored = service.path_for(att.blob_key).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == att.sha256
    assert att.size == len(stored)
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    # the same picture again lands on the same blob
    again, _ = await service.ingest(adapter, Attachment(kind=AttachmentKind.IMAGE, source_id="M1"))
    assert again.blob_key == att.blob_key
    assert len(list((tmp_path / "blobs").rglob("*.jpg"))) == 1


async def test_already_stored_attachment_is_not_fetched(tmp_path: Path) -> None:
    service = _service(tmp_path, ocr=None, asr=None)
    adapter = Provider({})
    done = Attachment(kind=AttachmentKind.IMAGE, blob_key="ab/" + "a" * 64 + ".jpg")
    assert await service.ingest(adapter, done) == (done, None)
    assert adapter.fetches == 0


async def test_audio_without_transcript_is_transcribed(tmp_path: Path) -> None:
    asr = Asr()
    service = _service(tmp_path, ocr=None, asr=asr)
    att, _ = await service.ingest(
        Provider({"V": AMR}), Attachment(kind=AttachmentKind.AUDIO, source_id="V")
    )
    assert (att.transcript, att.transcript_confidence, att.mime) == (
        "小区门口积水严重",
        0.8,
        "audio/amr",
    )
    assert asr.calls == ["audio/amr"]


async def test_audio_with_transcript_is_not_sent_to_asr(tmp_path: Path) -> None:
    asr = Asr()
    service = _service(tmp_path, ocr=None, asr=asr)
    given = Attachment(kind=AttachmentKind.AUDIO, source_id="V", transcript="已识别")
    att, _ = await service.ingest(Provider({"V": AMR}), given)
    assert att.transcript == "已识别"
    assert asr.calls == []


@pytest.mark.parametrize("asr", [None, Asr(fail=True)], ids=["none", "failing"])
async def test_audio_is_kept_without_asr(tmp_path: Path, asr: Asr | None) -> None:
    service = _service(tmp_path, ocr=None, asr=asr)
    att, _ = await service.ingest(
        Provider({"V": AMR}), Attachment(kind=AttachmentKind.AUDIO, source_id="V")
    )
    assert att.transcript is None
    assert att.blob_key is not None
    assert service.path_for(att.blob_key).read_bytes() == AMR


async def test_unknown_provider_bytes_are_kept_not_dropped(tmp_path: Path) -> None:
    service = _service(tmp_path, ocr=Ocr(), asr=Asr())
    att, _ = await service.ingest(
        Provider({"S": b"\x02speex-ish-bytes"}),
        Attachment(kind=AttachmentKind.AUDIO, source_id="S"),
    )
    assert att.mime == "application/octet-stream"
    assert att.kind is AttachmentKind.AUDIO
    assert att.blob_key is not None
    assert att.blob_key.endswith(".bin")


async def test_too_large_fetched_media_is_refused(tmp_path: Path) -> None:
    service = _service(tmp_path, ocr=None, asr=None, max_bytes=1024)
    with pytest.raises(MediaTooLarge):
        await service.ingest(
            Provider({"B": AMR}), Attachment(kind=AttachmentKind.AUDIO, source_id="B")
        )
    assert not (tmp_path / "blobs").exists()


async def test_store_upload_checks_size_and_type(tmp_path: Path) -> None:
    service = _service(tmp_path, ocr=None, asr=None, max_bytes=50_000)
    att, location = await service.store_upload(jpeg_with_exif(), "../../etc/照片.png", "image/png")
    assert att.mime == "image/jpeg"  # the bytes decide, not the claim
    assert att.filename == "照片.png"
    assert location is not None
    with pytest.raises(MediaTooLarge):
        await service.store_upload(b"\xff" * 50_001, "a.jpg", "image/jpeg")
    with pytest.raises(UnsupportedMedia):
        await service.store_upload(b"MZ\x90\x00" + b"\x00" * 100, "a.jpg", "image/jpeg")
    with pytest.raises(UnsupportedMedia):
        await service.store_upload(b"", "a.jpg", "image/jpeg")


def test_path_for_refuses_foreign_keys(tmp_path: Path) -> None:
    service = _service(tmp_path, ocr=None, asr=None)
    for bad in ("../x", "ab/../../etc/passwd", "/etc/passwd", "ab/" + "g" * 64):
        with pytest.raises(ValueError, match="blob key"):
            service.path_for(bad)


def test_build_media_service_reads_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOTLINE_ASR_URL", "http://127.0.0.1:9/asr")
    monkeypatch.setenv("HOTLINE_OCR_ENABLED", "false")
    service = build_media_service(Settings(var_dir=tmp_path, max_upload_bytes=4096))
    assert service.max_bytes == 4096
    assert service.ocr is None
    assert service.asr is not None
    assert service.blob_dir == tmp_path / "blobs"
    assert MediaSettings().asr_url == "http://127.0.0.1:9/asr"
    monkeypatch.delenv("HOTLINE_ASR_URL")
    monkeypatch.delenv("HOTLINE_OCR_ENABLED")
    default = build_media_service(Settings(var_dir=tmp_path))
    assert default.asr is None
    assert default.ocr is not None
