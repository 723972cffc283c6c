"""A real gateway on a free port for the console's end-to-end and browser tests.

The services are the real ones (store, case service, dialogue engine, pipeline, console,
web chat); only the language understanding is scripted, so the dialogue is exact.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from websockets.sync.client import ClientConnection, connect

from casebridge.catalogue import load_catalogue
from casebridge.db import create_engine_for, session_factory
from casebridge.service import CaseService
from channels.web.adapter import WebChatAdapter
from config.settings import DATA_DIR, Settings
from dialogs.wording import load_wording
from gateway.app import create_app
from gateway.console.service import ConsoleService, ConsoleSettings
from gateway.emergency import EmergencySettings, build_desk
from gateway.kv.store import MemoryStore
from gateway.media.service import MediaSettings, build_media_service
from gateway.services import Services, wire
from nlu.types import Intent, NluResult, Territory

from .conftest import apply_console_migration

#: The citizen's appeal of the console tests (a street light out for a week).
APPEAL = "我家小区门口的路灯坏了一个多星期，晚上走路很不安全"
#: Where the browser tests put their screenshots.
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "console"

ADMIN_PASSWORD = "admin-pass-2026"
REPO = Path(__file__).resolve().parents[3]


class ScriptedNlu:
    """Understands the few sentences the scenario uses (the real NLU is another room's)."""

    COUNTIES = (
        "牡丹区",
        "定陶区",
        "曹县",
        "单县",
        "成武县",
        "巨野县",
        "郓城县",
        "鄄城县",
        "东明县",
    )

    def parse(self, text: str) -> NluResult:
        intent = "appeal"
        if "人工" in text:
            intent = "ask_human"
        elif text in ("你好", "您好"):
            intent = "greet"
        county = next((c for c in self.COUNTIES if c in text), None)
        return NluResult(
            text=text,
            intent=Intent(intent, 0.9),
            territory=Territory(county=county) if county else None,
        )


@dataclass
class Live:
    """The running gateway."""

    base_url: str
    services: Services
    loop: asyncio.AbstractEventLoop
    ws_url: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    def run(self, coro: Any, timeout: float = 30.0) -> Any:
        """Run a coroutine on the server's loop (where the services live)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


async def _build(
    settings: Settings, db_url: str, real_nlu: bool = False, emergencies: bool = False
) -> Services:
    engine = create_engine_for(db_url)
    sessions = session_factory(engine)
    store = MemoryStore()
    cases = CaseService(sessions, load_catalogue(DATA_DIR))
    await cases.prepare(settings.secret_key.get_secret_value())
    console = ConsoleService(
        sessions,
        store,
        settings=ConsoleSettings(
            session_ttl_seconds=600, unclaimed_alert_seconds=300, sweep_interval_seconds=1
        ),
    )
    web = WebChatAdapter(secret=settings.secret_key.get_secret_value().encode())
    wording = load_wording(DATA_DIR)
    nlu: Any = ScriptedNlu()
    knowledge: Any = None
    if real_nlu:
        from nlu.engine import load_engine
        from nlu.knowledge import KnowledgeBase

        nlu = await asyncio.to_thread(load_engine, settings.effective_nlu_model_dir)
        knowledge = await asyncio.to_thread(KnowledgeBase.load, REPO / "config" / "knowledge")
    media = build_media_service(settings, MediaSettings(ocr_enabled=False))
    return wire(
        settings,
        store=store,
        engine=engine,
        sessions=sessions,
        web=web,
        adapters={"web": web},
        cases=cases,
        nlu=nlu,
        knowledge=knowledge,
        console=console,
        media=media,
        wording=wording,
        inbox=None,  # type: ignore[arg-type]
        # the dispatch desks' records, no receiver configured: 「未配置接收方，请电话转告」
        desk=build_desk(sessions, EmergencySettings()) if emergencies else None,
    )


@contextmanager
def live_gateway(
    tmp_path: Path,
    db_url: str,
    port: int,
    *,
    real_nlu: bool = False,
    emergencies: bool = False,
) -> Iterator[Live]:
    """Migrate, build the services and serve them with uvicorn in a thread."""
    apply_console_migration(db_url, "0001_casebridge_core.py")
    apply_console_migration(db_url)
    settings = Settings(
        env="test",
        var_dir=tmp_path / "var",
        database_url=db_url,
        log_json=False,
        log_level="WARNING",
        admin_password=ADMIN_PASSWORD,
        public_base_url=f"http://127.0.0.1:{port}",
    )
    ready = threading.Event()
    box: dict[str, Any] = {}

    def serve() -> None:
        async def main() -> None:
            services = await _build(settings, db_url, real_nlu, emergencies)
            app = create_app(settings, services=services)
            server = uvicorn.Server(
                uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
            )
            box.update(server=server, services=services, loop=asyncio.get_running_loop())
            task = asyncio.create_task(server.serve())
            while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn's flag
                await asyncio.sleep(0.02)
            ready.set()
            await task
            await services.aclose()

        try:
            asyncio.run(main())
        except BaseException as exc:  # surfaced to the test below
            box["error"] = exc
            ready.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    if not ready.wait(60) or "error" in box:
        raise RuntimeError(f"gateway did not start: {box.get('error')!r}")
    live = Live(
        f"http://127.0.0.1:{port}",
        box["services"],
        box["loop"],
        ws_url=f"ws://127.0.0.1:{port}/chat/ws",
    )
    try:
        yield live
    finally:
        box["server"].should_exit = True
        thread.join(30)


class Citizen:
    """A citizen in the web chat, over a real websocket."""

    def __init__(self, live: Live) -> None:
        self._opened = connect(live.ws_url, open_timeout=10)
        self.ws: ClientConnection = self._opened.__enter__()
        hello = json.loads(self.ws.recv(10))
        assert hello["type"] == "hello"
        self.visitor: str = hello["visitor"]
        self.key = f"web:web:{self.visitor}"
        self.n = 0

    def say(self, text: str) -> list[str]:
        """Send a message; the replies that come back with it (until ``done``)."""
        return [str(f["text"]) for f in self.frames(text)]

    def frames(self, text: str) -> list[dict[str, Any]]:
        """Send a message; the reply frames that come back with it (until ``done``)."""
        self.n += 1
        frame_id = f"m{self.n}"
        self.ws.send(json.dumps({"type": "message", "id": frame_id, "text": text}))
        replies: list[dict[str, Any]] = []
        while True:
            frame = json.loads(self.ws.recv(30))
            if frame["type"] == "done" and frame["in_reply_to"] == frame_id:
                return replies
            if frame["type"] == "reply":
                replies.append(frame)
            elif frame["type"] == "error":
                raise AssertionError(frame)

    def send_picture(self, data: bytes, caption: str = "") -> list[str]:
        """Send a picture frame; the replies that come back with it."""
        import base64

        self.n += 1
        frame_id = f"m{self.n}"
        self.ws.send(
            json.dumps(
                {
                    "type": "image",
                    "id": frame_id,
                    "text": caption,
                    "data": base64.b64encode(data).decode(),
                }
            )
        )
        replies: list[str] = []
        while True:
            frame = json.loads(self.ws.recv(30))
            if frame["type"] == "done" and frame["in_reply_to"] == frame_id:
                return replies
            if frame["type"] == "reply":
                replies.append(frame["text"])
            elif frame["type"] == "error":
                raise AssertionError(frame)

    def pushed(self, contains: str, timeout: float = 15.0) -> str:
        """Wait for a reply pushed later (an agent's words) containing ``contains``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = json.loads(self.ws.recv(max(0.1, deadline - time.monotonic())))
            if frame["type"] == "reply" and contains in frame["text"]:
                return str(frame["text"])
        raise AssertionError(f"no pushed reply containing {contains!r}")

    def close(self) -> None:
        self._opened.__exit__(None, None, None)


def waiting_citizen(live: Live, appeal: str = APPEAL) -> Citizen:
    """A citizen in the web chat who told ``appeal`` and asked for an agent (转人工): the
    conversation waits in the console's queue."""
    citizen = Citizen(live)
    citizen.say(appeal)
    citizen.say("转人工")
    return citizen
