"""A gateway with the phone line on, and a local double of Twilio's REST API."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import defusedxml.ElementTree as ET
import httpx
import pytest
from twilio.request_validator import RequestValidator

from channels.voice import VoiceAdapter, VoiceSettings
from config.settings import Settings
from gateway.app import create_app
from gateway.console.service import AgentView
from gateway.routers.calls import calls_of
from gateway.services import Services
from tests.integration.console.conftest import apply_console_migration
from tests.integration.console.harness import _build

PUBLIC = "https://hotline.example"
TOKEN = "twilio-test-token-0123456789"
ACCOUNT = "AC" + "0" * 32
OUR_NUMBER = "+865305551234"
CALLER = "+8613905301234"
PASSWORD = "agent-pass-2026"


@dataclass
class TwilioDouble:
    """Twilio's ``Calls/{sid}.json`` update endpoint, recording every request."""

    url: str = ""
    updates: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)  # SMS sent (Messages API)
    fail: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def serve_double() -> tuple[TwilioDouble, ThreadingHTTPServer]:
    double = TwilioDouble()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            form = dict(parse_qsl(self.rfile.read(length).decode()))
            parts = self.path.strip("/").split("/")
            if len(parts) == 4 and parts[3] == "Messages.json" and not double.fail:
                with double.lock:
                    double.messages.append(form)
                self._answer(201, {"sid": f"SM{len(double.messages):032d}", "status": "queued"})
                return
            ok = len(parts) == 5 and parts[3] == "Calls" and parts[4].endswith(".json")
            call = parts[4].removesuffix(".json") if ok else ""
            if double.fail or not ok or not self.headers.get("authorization"):
                body = {"code": 21220, "message": "call not in progress", "status": 400}
                self._answer(400, body)
                return
            with double.lock:
                double.updates.append((call, form))
            self._answer(200, {"sid": call, "account_sid": parts[2], "status": "in-progress"})

        def do_GET(self) -> None:
            # a recording: only with the account's credentials (HTTP basic auth)
            if "/Recordings/" not in self.path or not self.headers.get("authorization"):
                self._answer(404, {"status": 404})
                return
            data = b"RIFF....WAVEfmt "
            self.send_response(200)
            self.send_header("content-type", "audio/x-wav")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _answer(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    double.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return double, server


@pytest.fixture
def twilio() -> Iterator[TwilioDouble]:
    double, server = serve_double()
    try:
        yield double
    finally:
        server.shutdown()
        server.server_close()


def voice_adapter(api_base: str) -> VoiceAdapter:
    return VoiceAdapter(
        VoiceSettings(
            account_sid=ACCOUNT,
            auth_token=TOKEN,
            api_base_url=api_base + "/",
            from_number=OUR_NUMBER,
            http_timeout_seconds=5,
        )
    )


def signed(
    path: str, params: dict[str, str], base: str = PUBLIC
) -> tuple[str, bytes, dict[str, str]]:
    """A Twilio-signed form POST: (path with query, body, headers)."""
    signature = RequestValidator(TOKEN).compute_signature(base + path, params)
    headers = {
        "x-twilio-signature": signature,
        "content-type": "application/x-www-form-urlencoded",
    }
    return path, urlencode(params).encode(), headers


@dataclass
class Line:
    """The gateway under test, its HTTP client and the REST double."""

    services: Services
    client: httpx.AsyncClient
    twilio: TwilioDouble

    async def twilio_post(self, path: str, **params: str) -> httpx.Response:
        url, body, headers = signed(path, params)
        return await self.client.post(url, content=body, headers=headers)

    async def agent(self, username: str, role: str = "agent") -> AgentView:
        console = self.services.console
        view = await console.create_agent(username, username, role, PASSWORD)  # type: ignore[arg-type]
        await console.heartbeat(username)
        return view

    async def login(self, username: str) -> httpx.AsyncClient:
        c = httpx.AsyncClient(transport=self.client._transport, base_url=PUBLIC)
        r = await c.post("/api/agent/login", json={"username": username, "password": PASSWORD})
        assert r.status_code == 200, r.text
        return c


@pytest.fixture
async def line(
    request: pytest.FixtureRequest, tmp_path: Path, twilio: TwilioDouble
) -> AsyncIterator[Line]:
    """SQLite unless a test asks for ``postgresql`` (``indirect`` parametrization)."""
    backend = getattr(request, "param", "sqlite")
    url = str(request.getfixturevalue("postgres_url" if backend == "postgresql" else "sqlite_url"))
    apply_console_migration(url)
    settings = Settings(
        env="test",
        var_dir=tmp_path / "var",
        database_url=url,
        log_json=False,
        log_level="WARNING",
        admin_password="admin-pass-2026",
        public_base_url=PUBLIC,
    )
    services = await _build(settings, url)
    services.adapters["voice"] = voice_adapter(twilio.url)
    # the harness's pipeline has its own table: later answers (SMS) go through the same line
    services.pipeline.delivery.adapters["voice"] = services.adapters["voice"]
    calls_of(services)
    app = create_app(settings, services=services)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC) as c:
        yield Line(services, c, twilio)
    await services.engine.dispose()


def twiml(text: str) -> Any:
    """The TwiML document ``text``, checked to be a ``<Response>``."""
    root = ET.fromstring(text)
    assert root.tag == "Response"
    return root


def said_text(text: str) -> str:
    """Everything the TwiML ``text`` says (its ``<Say>`` texts joined)."""
    return "".join(e.text or "" for e in twiml(text).iter("Say"))


async def post_signed(line: Line, path: str, **params: str) -> str:
    """A callback signed as Twilio signs it; its TwiML (the answer must be 200)."""
    url, body, headers = signed(path, params)
    r = await line.client.post(url, content=body, headers=headers)
    assert r.status_code == 200, r.text
    return r.text
