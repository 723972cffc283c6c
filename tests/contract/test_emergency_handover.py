"""The emergency handover end to end (第十三条(一)), through the real gateway:

citizen SMS → the dialogue's transfer → an ``emergency`` record → a signed push received
by a local dispatch desk (verified with the ``standardwebhooks`` library) → an alert on
the agent console → acknowledged by an agent → the record's trail shows it all.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as ET
import httpx
import pytest
from aiohttp import web
from standardwebhooks import Webhook

from config.settings import Settings
from gateway.app import create_app
from tests.contract import cases
from tests.contract.conftest import FakeProvider, listening

pytestmark = pytest.mark.slow
SECRET = "whsec_" + "C2FVsBQIhrscChlQIMV+b5sSYspob7oD"


class DispatchDesk:
    """The 119 desk: records every push whose Standard Webhooks signature verifies."""

    def __init__(self) -> None:
        self.accepted: list[dict[str, Any]] = []
        self.bad = 0
        self.got = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            payload = Webhook(SECRET).verify(body, dict(request.headers))
        except Exception:
            self.bad += 1
            return web.Response(status=400)
        self.accepted.append(payload)
        self.got.set()
        return web.Response(status=204)


@pytest.fixture
async def desk() -> AsyncIterator[tuple[DispatchDesk, str]]:
    state = DispatchDesk()
    app = web.Application()
    app.router.add_post("/dispatch", state.handle)
    async with listening(app) as base_url:
        yield state, base_url + "/dispatch"


async def test_citizen_message_to_dispatch_desk_to_acknowledged_alert(
    provider: FakeProvider,
    desk: tuple[DispatchDesk, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dispatch, url = desk
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOTLINE_OCR_ENABLED", "false")
    monkeypatch.setenv("HOTLINE_EMERGENCY_119_URL", url)
    monkeypatch.setenv("HOTLINE_EMERGENCY_119_SECRET", SECRET)
    settings = Settings(var_dir=tmp_path, env="test", public_base_url=cases.PUBLIC)
    app = create_app(settings, channel_overrides={"sms": cases.twilio_settings(provider.base_url)})
    async with app.router.lifespan_context(app):
        services = app.state.services
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url=cases.PUBLIC
        ) as client:  # secure cookie
            with services.console.hub.subscribe("watcher", True) as live:
                text = "快来人！我家楼下着火了，在牡丹区西城街道桂陵路18号"
                raw = cases.twilio_signed("/webhooks/sms", cases.sms_pairs(text, "EMG1"))
                resp = await client.post(
                    "/webhooks/sms", content=raw.body, headers=dict(raw.headers)
                )
                assert resp.status_code == 200
                said = "".join(m.text or "" for m in ET.fromstring(resp.content).iter("Message"))
                assert "119" in said  # the citizen is told at once, as before
                event = await asyncio.wait_for(live.queue.get(), 5.0)
            assert event["type"] == "emergency"
            alert = event["emergency"]
            assert alert["service"] == "119"
            assert alert["contact_phone"] != cases.CITIZEN_PHONE  # masked on the console

            await asyncio.wait_for(dispatch.got.wait(), 15.0)  # the in-process worker
            (payload,) = dispatch.accepted
            assert dispatch.bad == 0
            data = payload["data"]
            assert payload["type"] == "emergency.119"
            assert data["id"] == alert["id"]
            assert data["contact_phone"] == cases.CITIZEN_PHONE  # in clear for the desk
            assert data["channel"] == "sms"
            assert "着火" in data["text"]
            assert "桂陵" in (data["place"] or "")

            login = await client.post(
                "/api/agent/login", json={"username": "admin", "password": "hotline12345"}
            )
            assert login.status_code == 200
            got = await client.get("/api/agent/emergencies")
            assert got.status_code == 200, got.text
            listed = got.json()["items"]
            assert [e["id"] for e in listed] == [alert["id"]]
            assert cases.CITIZEN_PHONE not in json.dumps(listed)
            ack = await client.post("/api/agent/emergencies/ack", json={"id": alert["id"]})
            assert ack.status_code == 200
            assert ack.json()["emergency"]["acknowledged_by"] == "admin"
            assert (await client.get("/api/agent/emergencies")).json()["items"] == []
            trail = (
                await client.get("/api/agent/emergencies/trail", params={"id": alert["id"]})
            ).json()["trail"]
            actions = [t["action"] for t in trail]
            assert actions[0] == "created"
            assert "push_ok" in actions
            assert actions[-1] == "acknowledged"
            page = await client.get("/agent")
            assert "/agent/static/emergency.js" in page.text
            script = await client.get("/agent/static/emergency.js")
            assert script.status_code == 200
            assert "/api/agent/emergencies/ack" in script.text
        await services.pipeline.delivery.drain()
