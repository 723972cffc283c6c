"""The console names agents by their display names (张敏), never by their user names, in
its own system turns, the turn authors, the holder and the queue (trial4 F13)."""

from __future__ import annotations

import httpx
import pytest

from .harness import ADMIN_PASSWORD, Live, waiting_citizen

pytestmark = pytest.mark.integration


def _signed_in(live: Live, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=live.base_url, timeout=30)
    r = client.post("/api/agent/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return client


def test_system_turns_authors_and_holder_read_display_names(live: Live) -> None:
    boss = _signed_in(live, "admin", ADMIN_PASSWORD)
    for user, name in (("zhangmin", "张敏"), ("lili", "李丽")):
        made = boss.post(
            "/api/agent/agents",
            json={"username": user, "display_name": name, "password": f"{user}-pass-1"},
        )
        assert made.status_code == 201, made.text
    zhang = _signed_in(live, "zhangmin", "zhangmin-pass-1")
    lili = _signed_in(live, "lili", "lili-pass-1")
    citizen = waiting_citizen(live)
    key = citizen.key

    assert zhang.post("/api/agent/claim", json={"key": key}).status_code == 200
    held = zhang.get("/api/agent/queue").json()["items"]
    assert [(i["held_by"], i["held_by_name"]) for i in held] == [("zhangmin", "张敏")]
    assert zhang.post("/api/agent/reply", json={"key": key, "text": "您好，请讲"}).is_success
    view = zhang.get("/api/agent/turns", params={"key": key}).json()
    assert (view["held_by"], view["held_by_name"]) == ("zhangmin", "张敏")
    said = [t for t in view["turns"] if t["direction"] == "agent" and t["text"] == "您好，请讲"]
    assert [(t["author"], t["author_name"]) for t in said] == [("zhangmin", "张敏")]

    moved = zhang.post("/api/agent/transfer", json={"key": key, "to": "lili"})
    assert moved.status_code == 200, moved.text
    assert lili.post("/api/agent/release", json={"key": key}).status_code == 200

    turns = boss.get("/api/agent/turns", params={"key": key}).json()["turns"]
    system = [t["text"] for t in turns if t["direction"] == "system"]
    assert "工作人员 张敏 已接入" in system
    assert "张敏 转交给 李丽" in system
    assert "李丽 交回机器人" in system
    assert not any("zhangmin" in t or "lili" in t for t in system), system
    citizen.close()


def test_an_agent_signed_out_is_named_in_the_requeue_turn(live: Live) -> None:
    boss = _signed_in(live, "admin", ADMIN_PASSWORD)
    made = boss.post(
        "/api/agent/agents",
        json={"username": "zhangmin", "display_name": "张敏", "password": "zhangmin-pass-1"},
    )
    assert made.status_code == 201
    zhang = _signed_in(live, "zhangmin", "zhangmin-pass-1")
    citizen = waiting_citizen(live)
    assert zhang.post("/api/agent/claim", json={"key": citizen.key}).status_code == 200
    assert zhang.post("/api/agent/logout", json={}).json()["requeued"] == 1
    turns = boss.get("/api/agent/turns", params={"key": citizen.key}).json()["turns"]
    system = [t["text"] for t in turns if t["direction"] == "system"]
    assert "张敏 离线，已回到排队" in system, system
    citizen.close()


def test_a_citizen_who_closed_the_chat_page_is_marked_in_the_queue(live: Live) -> None:
    """trial4 F35: 诉求人已离开 on a queued web chat whose socket has closed."""
    import time

    boss = _signed_in(live, "admin", ADMIN_PASSWORD)
    citizen = waiting_citizen(live)
    items = boss.get("/api/agent/queue").json()["items"]
    assert [(i["key"], i["left"]) for i in items] == [(citizen.key, False)]
    citizen.close()
    deadline = time.monotonic() + 10
    while not boss.get("/api/agent/queue").json()["items"][0]["left"]:
        assert time.monotonic() < deadline, "the closed page is not marked"
        time.sleep(0.1)
