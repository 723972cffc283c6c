"""A citizen on the web chat files an appeal and asks its progress, through the real app.

Runs twice: SQLite + in-process store, and PostgreSQL + Redis. One more test drives a
real uvicorn server on a free port with a real websocket client.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app
from tests.conftest import POSTGRES_URL, REDIS_URL, require_service
from tests.integration.gateway.citizen import ORDER_RE, run_intake


def _settings(tmp: Path, database_url: str = "", redis_url: str | None = None) -> Settings:
    return Settings(
        var_dir=tmp,
        database_url=database_url,
        redis_url=redis_url,
        log_json=True,
        rate_limit_per_minute=1000,
    )


@pytest.fixture(params=["sqlite+memory", "postgres+redis"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "sqlite+memory":
        yield _settings(tmp_path)
        return
    require_service(POSTGRES_URL, "PostgreSQL")
    require_service(REDIS_URL, "Redis")
    import psycopg

    name = f"hotline_e2e_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _settings(tmp_path, POSTGRES_URL.rsplit("/", 1)[0] + "/" + name, REDIS_URL)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Chat:
    """A browser tab on /chat/ws."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        hello = ws.receive_json()
        assert hello["type"] == "hello"
        self.token = hello.get("token")

    def say(self, text: str, msg_id: str | None = None) -> list[str]:
        self.ws.send_text(
            json.dumps({"type": "message", "id": msg_id or secrets.token_hex(6), "text": text})
        )
        return self.collect()

    def collect(self) -> list[str]:
        out: list[str] = []
        while True:
            frame = self.ws.receive_json()
            if frame["type"] == "reply":
                out.append(frame["text"] or f"[transfer {frame['transfer_to']}]")
            elif frame["type"] == "error":
                out.append("ERROR " + frame["message"])
                return out
            elif frame["type"] == "done":
                return out


def test_citizen_gets_an_order_number_and_its_progress(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        page = client.get("/chat")
        assert page.status_code == 200
        assert "12345" in page.text
        with client.websocket_connect("/chat/ws") as ws:
            chat = Chat(ws)
            number, _ = run_intake(chat.say)
            progress = chat.say(f"查询工单 {number}")
            text = "\n".join(progress)
            assert number in text, text
        units_list = client.get("/open311/v2/requests.json")
        if units_list.status_code == 200:
            # the order is visible to civic tools, without personal data
            assert number in units_list.text
        metrics = client.get("/metrics").text
        assert 'hotline_messages_total{channel="web",outcome="processed"}' in metrics
        assert "hotline_work_orders_total" in metrics


def test_resent_frames_get_the_same_answer_and_no_second_order(settings: Settings) -> None:
    from casebridge.models import Appeal, WorkOrder

    app = create_app(settings)
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        chat = Chat(ws)
        replies = chat.say("我们小区门口的路灯坏了一个多月了，晚上出行很不方便", msg_id="m1")
        # the browser resends frames after a reconnect: same ids, same answers
        assert (
            chat.say("我们小区门口的路灯坏了一个多月了，晚上出行很不方便", msg_id="m1") == replies
        )
        texts = ["在牡丹区西城街道桂陵社区", "一个多月了", "匿名", "确认"]
        numbers = set()
        for i, text in enumerate(texts, start=2):
            first = chat.say(text, msg_id=f"m{i}")
            again = chat.say(text, msg_id=f"m{i}")
            assert first == again
            numbers.update(ORDER_RE.findall("\n".join(first)))
        assert len(numbers) == 1, numbers
        counts = client.portal.call(_db_counts, app, (Appeal, WorkOrder))  # type: ignore[union-attr]
        assert counts == [1, 1]


async def _db_counts(app: Any, models: tuple[Any, ...]) -> list[int]:
    from sqlalchemy import func, select

    out = []
    async with app.state.services.sessions() as session:
        for model in models:
            out.append(int(await session.scalar(select(func.count()).select_from(model)) or 0))
    return out


def test_bad_frames_get_clear_errors(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        Chat(ws)
        ws.send_text("{not json")
        assert ws.receive_json()["code"] == "bad_frame"
        ws.send_text(json.dumps({"type": "message", "text": "没有id"}))
        assert ws.receive_json()["type"] == "error"
        ws.send_text(json.dumps(["a", "list"]))
        assert ws.receive_json()["code"] == "bad_frame"


def test_http_bad_input(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.post("/webhooks/nosuchchannel", content=b"x").status_code == 404
        # a channel whose secrets are unset is disabled, never open
        assert client.post("/webhooks/wechat", content=b"<xml/>").status_code == 404
        assert client.post("/webhooks/web", content=b"{}").status_code == 404
        big = b"x" * (settings.max_body_bytes + 1)
        assert client.post("/webhooks/wechat", content=big).status_code == 413
        assert client.get("/docs").status_code == 200
        assert "/webhooks/{channel}" in client.get("/openapi.json").json()["paths"]


def test_real_uvicorn_and_websocket_client(tmp_path: Path, free_port: int) -> None:
    import asyncio

    import uvicorn
    import websockets

    app = create_app(_settings(tmp_path))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{free_port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not come up")

        async def talk() -> tuple[str, str]:
            async with websockets.connect(f"ws://127.0.0.1:{free_port}/chat/ws") as ws:
                json.loads(await ws.recv())

                async def say(text: str) -> list[str]:
                    await ws.send(
                        json.dumps({"type": "message", "id": secrets.token_hex(6), "text": text})
                    )
                    out = []
                    while True:
                        frame = json.loads(await ws.recv())
                        if frame["type"] == "reply":
                            out.append(frame["text"])
                        if frame["type"] in ("done", "error"):
                            return out

                from tests.integration.gateway.citizen import MATTER, answer

                replies = await say(MATTER)
                for _ in range(10):
                    found = ORDER_RE.search("\n".join(replies))
                    if found:
                        progress = await say(f"查询 {found.group(0)}")
                        return found.group(0), "\n".join(progress)
                    replies = await say(answer("\n".join(replies)))
                raise AssertionError("no order number")

        number, progress = asyncio.run(talk())
        assert number in progress
    finally:
        server.should_exit = True
        thread.join(15)


def test_unit_reply_reaches_the_citizen_who_rates_it(tmp_path: Path) -> None:
    """第九条/第十七条: the unit replies by API; the citizen hears the result on the web chat
    and their rating becomes the order's callback."""
    from sqlalchemy import select

    from casebridge.keys import demo_unit_key
    from casebridge.models import Unit, WorkOrder
    from gateway.pipeline.notices import ReplyNotifier

    settings = _settings(tmp_path)
    app = create_app(settings)
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        services = app.state.services
        notifier = ReplyNotifier(services.sessions, services.store, services.pipeline)
        client.portal.call(notifier.run_once)  # type: ignore[union-attr]  # sets the cursor
        chat = Chat(ws)
        number, _ = run_intake(chat.say)

        async def unit_code() -> str:
            async with services.sessions() as session:
                return str(
                    await session.scalar(
                        select(Unit.code)
                        .join(WorkOrder, WorkOrder.lead_unit_id == Unit.id)
                        .where(WorkOrder.number == number)
                    )
                )

        code = client.portal.call(unit_code)  # type: ignore[union-attr]
        key = demo_unit_key(settings.secret_key.get_secret_value(), code)
        auth = {"Authorization": f"Bearer {key}"}
        assert client.post(f"/api/units/orders/{number}/sign", headers=auth).status_code == 200
        reply = client.post(
            f"/api/units/orders/{number}/reply",
            headers=auth,
            json={"text": "经现场核查，路灯线路老化，已于今日更换并恢复照明。"},
        )
        assert reply.status_code == 200, reply.text
        assert client.portal.call(notifier.run_once) == 1  # type: ignore[union-attr]
        assert client.portal.call(notifier.run_once) == 0  # type: ignore[union-attr]
        pushed: list[str] = []
        while not any("满意" in text for text in pushed):  # the rating question ends it
            frame = ws.receive_json()
            assert frame["type"] == "reply"
            pushed.append(frame["text"])
        told = "\n".join(pushed)
        assert number in told
        assert "更换并恢复照明" in told
        chat.say("满意")

        async def satisfaction() -> str | None:
            async with services.sessions() as session:
                value: str | None = await session.scalar(
                    select(WorkOrder.satisfaction).where(WorkOrder.number == number)
                )
                return value

        assert client.portal.call(satisfaction) == "satisfied"  # type: ignore[union-attr]


def test_the_same_matter_again_gets_progress_not_a_second_order(settings: Settings) -> None:
    """第十三条(三): raised again with no new facts, the citizen is told the progress."""
    from casebridge.models import WorkOrder

    app = create_app(settings)
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        chat = Chat(ws)
        number, _ = run_intake(chat.say)
        again = "\n".join(chat.say("我们小区门口的路灯坏了很久了，晚上出门很不方便，请尽快修一下"))
        assert number in again, again
        assert "已派单" in again or "办理" in again
        # a different matter is a new appeal, not a repeat
        other = "\n".join(chat.say("我家楼下的饭店油烟太大，每天熏得没法开窗"))
        assert number not in other
        counts = client.portal.call(_db_counts, app, (WorkOrder,))  # type: ignore[union-attr]
        assert counts == [1]


def test_repeats_are_recognised_after_a_restart(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with TestClient(create_app(settings)) as client, client.websocket_connect("/chat/ws") as ws:
        chat = Chat(ws)
        number, _ = run_intake(chat.say)
        token = chat.token
    # a new process: the index is rebuilt from the case store
    with (
        TestClient(create_app(settings)) as client,
        client.websocket_connect(f"/chat/ws?token={token}") as ws,
    ):
        chat = Chat(ws)
        again = "\n".join(chat.say("小区门口的路灯一直坏着，晚上出行很不方便"))
        assert "已经受理" in again
        if "后四位" in again:  # the session did not survive: the phone check (none given)
            again = "\n".join(chat.say("无"))
        assert number in again, again


def test_a_units_knowledge_entry_survives_a_restart(tmp_path: Path) -> None:
    """第十八条: what a unit publishes is answered from, also after the gateway restarts."""
    from casebridge.keys import demo_unit_key

    settings = _settings(tmp_path)
    question = "城区计划停水的通知在哪里可以查到"
    with TestClient(create_app(settings)) as client:
        units = client.get(
            "/api/centre/units",
            headers={"Authorization": "Bearer " + _centre_key(settings)},
        )
        assert units.status_code == 200, units.text
        code = next(u["code"] for u in units.json() if u["kind"] != "centre")
        key = demo_unit_key(settings.secret_key.get_secret_value(), code)
        created = client.post(
            "/api/knowledge/entries",
            headers={"Authorization": f"Bearer {key}"},
            json={
                "id": "test-water-notice",
                "domain": "公用事业",
                "title": "计划停水通知查询",
                "answer": "计划停水通知提前24小时在供水企业公众号和营业厅公告栏发布。",
                "questions": [question],
                "effective_date": "2025-01-01",
                "review_date": "2030-01-01",
            },
        )
        assert created.status_code == 201, created.text
    with TestClient(create_app(settings)) as client:  # a new process
        hits = client.get("/api/knowledge/search", params={"q": question}).json()
        assert any("营业厅公告栏" in str(hit) for hit in hits), hits


def _centre_key(settings: Settings) -> str:
    from casebridge.keys import demo_centre_key

    return demo_centre_key(settings.secret_key.get_secret_value())
