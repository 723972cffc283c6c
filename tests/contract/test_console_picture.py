"""The agent console attaches a picture (issue 10 (b), issue 14): through the real gateway,
an SMS citizen gets it as MMS (``MediaUrl`` to a signed public link the gateway serves)."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from PIL import Image

from config.settings import Settings
from gateway.app import create_app
from tests.contract import cases
from tests.contract.conftest import FakeProvider

pytestmark = pytest.mark.slow


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 12), (10, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


async def test_agent_sends_a_picture_as_mms(
    provider: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOTLINE_OCR_ENABLED", "false")
    settings = Settings(var_dir=tmp_path, env="test", public_base_url=cases.PUBLIC)
    app = create_app(settings, channel_overrides={"sms": cases.twilio_settings(provider.base_url)})
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=cases.PUBLIC) as client:
            raw = cases.twilio_signed("/webhooks/sms", cases.sms_pairs("转人工", "PIC1"))
            assert (
                await client.post("/webhooks/sms", content=raw.body, headers=dict(raw.headers))
            ).status_code == 200
            login = await client.post(
                "/api/agent/login", json={"username": "admin", "password": "hotline12345"}
            )
            assert login.status_code == 200
            key = f"sms:{cases.OUR_NUMBER}:{cases.CITIZEN_PHONE}"
            assert (await client.post("/api/agent/claim", json={"key": key})).status_code == 200
            data = base64.b64encode(_jpeg()).decode()
            not_image = base64.b64encode(b"%PDF-1.4 not a picture").decode()
            bad = await client.post("/api/agent/reply-image", json={"key": key, "data": not_image})
            assert bad.status_code == 422
            sent = await client.post(
                "/api/agent/reply-image",
                json={"key": key, "text": "办事大厅位置见图", "filename": "map.jpg", "data": data},
            )
            assert sent.status_code == 200, sent.text
            await app.state.services.pipeline.delivery.drain()
            mms = [
                dict(parse_qsl(c.body.decode()))
                for c in provider.calls("/Messages.json")
                if "MediaUrl" in c.body.decode()
            ]
            (form,) = mms
            assert form["Body"] == "办事大厅位置见图"
            link = urlsplit(form["MediaUrl"])
            assert f"{link.scheme}://{link.netloc}" == cases.PUBLIC
            assert link.path == "/media/out/" + sent.json()["blob_key"]
            served = await client.get(link.path + "?" + link.query)
            assert served.status_code == 200
            assert served.headers["content-type"] == "image/jpeg"
            assert served.content[:3] == b"\xff\xd8\xff"
            forged = await client.get(link.path + "?s=" + "0" * 32)
            assert forged.status_code == 404
            turns = (await client.get("/api/agent/turns", params={"key": key})).json()["turns"]
            mine = [t for t in turns if t["direction"] == "agent" and t["attachments"]]
            assert mine[-1]["attachments"][0]["kind"] == "image"
            page = await client.get("/agent")
            assert "/agent/static/attach.js" in page.text
