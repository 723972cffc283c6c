"""Media normalization: sniffing by bytes, EXIF stripped with GPS kept, OCR and ASR."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from PIL import Image, ImageDraw

from channels.media import (
    HttpSpeechRecognizer,
    SpeechError,
    UnsupportedMedia,
    load_ocr,
    sniff,
    strip_metadata,
)
from channels.messages import AttachmentKind

HEZE = (35.2333, 115.4667)


def _dms(value: float) -> tuple[float, float, float]:
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 4)
    return (float(d), float(m), s)


def jpeg_with_exif(*, gps: tuple[float, float] | None = HEZE, orientation: int = 1) -> bytes:
    img = Image.new("RGB", (64, 48), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0131] = "secret-software"  # Software
    exif[0x0112] = orientation
    if gps is not None:
        ifd = exif.get_ifd(0x8825)
        ifd[1] = "N" if gps[0] >= 0 else "S"
        ifd[2] = _dms(abs(gps[0]))
        ifd[3] = "E" if gps[1] >= 0 else "W"
        ifd[4] = _dms(abs(gps[1]))
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "张三 13800138000")
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_sniff_uses_bytes_not_claims() -> None:
    assert sniff(jpeg_with_exif()).mime == "image/jpeg"
    assert sniff(png_bytes()).kind is AttachmentKind.IMAGE
    assert sniff(b"#!AMR\n" + b"\x00" * 32).kind is AttachmentKind.AUDIO
    assert sniff(b"%PDF-1.7\n...").kind is AttachmentKind.FILE


@pytest.mark.parametrize(
    "data", [b"MZ\x90\x00" + b"\x00" * 60, b"PK\x03\x04" + b"\x00" * 40, b"hello", b""]
)
def test_sniff_refuses_unknown_or_dangerous(data: bytes) -> None:
    with pytest.raises(UnsupportedMedia):
        sniff(data)


def test_exif_is_stripped_and_gps_kept() -> None:
    clean, location = strip_metadata(jpeg_with_exif(), "image/jpeg")
    assert location is not None
    assert location.latitude == pytest.approx(HEZE[0], abs=1e-3)
    assert location.longitude == pytest.approx(HEZE[1], abs=1e-3)
    with Image.open(io.BytesIO(clean)) as img:
        assert dict(img.getexif()) == {}
        assert "exif" not in img.info
    assert b"secret-software" not in clean
    assert b"TestCam" not in clean


def test_southern_western_hemisphere_signs() -> None:
    _, location = strip_metadata(jpeg_with_exif(gps=(-33.86, -70.65)), "image/jpeg")
    assert location is not None
    assert location.latitude < 0
    assert location.longitude < 0


def test_no_gps_no_location_and_orientation_applied() -> None:
    clean, location = strip_metadata(jpeg_with_exif(gps=None, orientation=6), "image/jpeg")
    assert location is None
    with Image.open(io.BytesIO(clean)) as img:
        assert img.size == (48, 64)  # rotated upright before the tag was dropped


def test_png_text_chunks_are_stripped() -> None:
    clean, _ = strip_metadata(png_bytes(), "image/png")
    assert b"13800138000" not in clean
    with Image.open(io.BytesIO(clean)) as img:
        assert "Author" not in img.info


def test_damaged_picture_is_refused() -> None:
    data = jpeg_with_exif()[:40]
    with pytest.raises(UnsupportedMedia):
        strip_metadata(data, "image/jpeg")


def test_decompression_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import channels.media as media

    monkeypatch.setattr(media, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(UnsupportedMedia):
        strip_metadata(jpeg_with_exif(), "image/jpeg")


# -- speech service over HTTP ------------------------------------------------------------
@pytest.fixture
async def speech_server() -> AsyncIterator[tuple[str, list[dict[str, object]]]]:
    seen: list[dict[str, object]] = []
    mode = {"value": "ok"}

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        seen.append(
            {
                "type": request.headers["content-type"],
                "size": len(body),
                "lang": request.query.get("lang"),
            }
        )
        if mode["value"] == "fail":
            return web.Response(status=503)
        if mode["value"] == "empty":
            return web.json_response({"text": ""})
        return web.json_response({"text": "我家楼下的路灯坏了", "confidence": 0.91})

    async def set_mode(request: web.Request) -> web.Response:
        mode["value"] = request.query["m"]
        return web.Response()

    app = web.Application()
    app.router.add_post("/asr", handle)
    app.router.add_get("/mode", set_mode)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", seen
    await runner.cleanup()


async def test_http_speech_recognizer(speech_server: tuple[str, list[dict[str, object]]]) -> None:
    import httpx

    base, seen = speech_server
    asr = HttpSpeechRecognizer(base + "/asr", timeout=2)
    heard = await asr.transcribe(b"#!AMR\n" + b"\x00" * 100, "audio/amr")
    assert heard is not None
    assert heard.text == "我家楼下的路灯坏了"
    assert heard.confidence == pytest.approx(0.91)
    assert seen[0] == {"type": "audio/amr", "size": 106, "lang": "zh-CN"}
    async with httpx.AsyncClient() as client:
        await client.get(base + "/mode", params={"m": "empty"})
        assert await asr.transcribe(b"x", "audio/amr") is None
        await client.get(base + "/mode", params={"m": "fail"})
        with pytest.raises(SpeechError):
            await asr.transcribe(b"x", "audio/amr")
    await asr.aclose()
    down = HttpSpeechRecognizer("http://127.0.0.1:9/asr", timeout=1)
    with pytest.raises(SpeechError):
        await down.transcribe(b"x", "audio/amr")
    await down.aclose()
    assert json.dumps(seen)  # the service saw only bytes and a type


# -- offline OCR ---------------------------------------------------------------------------
def notice_picture() -> bytes:
    """A picture of a printed notice, drawn with a CJK font if the machine has one."""
    from pathlib import Path

    from PIL import ImageFont

    candidates = [
        *Path("/usr/share/fonts").rglob("*.tt[fc]"),
        *Path("/usr/share/fonts").rglob("*.otf"),
    ]
    cjk = [
        p for p in candidates if any(k in p.name.lower() for k in ("cjk", "wqy", "noto", "droid"))
    ]
    img = Image.new("RGB", (640, 160), "white")
    draw = ImageDraw.Draw(img)
    if cjk:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(str(cjk[0]), 48)
        draw.text((20, 50), "停水通知 12345", fill="black", font=font)
    else:
        font = ImageFont.load_default(size=56)
        draw.text((20, 50), "NOTICE 12345", fill="black", font=font)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def test_offline_ocr_reads_a_notice() -> None:
    engine = load_ocr()
    if engine is None:
        pytest.skip("OCR NOT TESTED: rapidocr-onnxruntime is not installed (pip install '.[ocr]')")
    text = engine.recognize(notice_picture())
    assert "12345" in text.replace(" ", "")
