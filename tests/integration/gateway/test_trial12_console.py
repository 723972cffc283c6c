"""Trial12 through the real gateway (uvicorn, the web chat's websocket, the agent API,
the real NLU, the emergency desk): P16 a contact typed after the takeover is offered by
the prefill and used by the order; P21 a handled chat whose visitor left is not put back
in the queue when the agent goes offline; P05 a citizen who cannot call after an
emergency answer is queued for a person at once, the record keeping place and phone."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.console.harness import (
    ADMIN_PASSWORD,
    Citizen,
    Live,
    live_gateway,
    waiting_citizen,
)

pytestmark = pytest.mark.integration

CONTACTS = [
    ("俺叫赵红梅 电话是 139 5300 7722 恁看着登记吧", "7722"),
    ("电话 138.5300.1122 我叫钱大勇", "1122"),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("trial12")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    db = f"sqlite:///{tmp / 'hotline.db'}"
    with live_gateway(tmp, db, port, real_nlu=True, emergencies=True) as gateway:
        yield gateway


def _agent(live: Live, username: str) -> httpx.Client:
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    assert boss.post(
        "/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD}
    ).is_success
    made = boss.post(
        "/api/agent/agents",
        json={"username": username, "display_name": "李明", "password": f"{username}-pass-1"},
    )
    assert made.status_code == 201, made.text
    agent = httpx.Client(base_url=live.base_url, timeout=30)
    r = agent.post(
        "/api/agent/login", json={"username": username, "password": f"{username}-pass-1"}
    )
    assert r.status_code == 200, r.text
    return agent


@pytest.mark.parametrize(("said", "last4"), CONTACTS)
def test_a_contact_typed_after_the_takeover_is_prefilled_and_filed(
    live: Live, said: str, last4: str
) -> None:
    agent = _agent(live, f"liming{last4}")
    citizen = waiting_citizen(live, "俺们小区门口的路灯坏了一个多月了 晚上黑咕隆咚的")
    assert agent.post("/api/agent/claim", json={"key": citizen.key}).status_code == 200
    agent.post("/api/agent/reply", json={"key": citizen.key, "text": "请留个姓名和电话"})
    agent_said = {
        "请留个姓名和电话",
        "您好，12345热线工作人员已接入，您反映的情况我已看到，请稍候，我来为您处理。",
    }
    # the agent holds the chat: the bot is silent (the agent's pushed words may come along)
    assert set(citizen.say(said)) <= agent_said
    prefill = agent.get("/api/agent/prefill", params={"key": citizen.key}).json()
    assert prefill["has_contact_phone"] is True, prefill
    assert prefill["contact_phone_hint"] == f"尾号{last4}"
    assert prefill["contact_name"]
    assert "*" in prefill["contact_name"]  # masked
    order = agent.post(
        "/api/agent/order",
        json={
            "key": citizen.key,
            "token": f"tok-p16-{last4}",
            "text": "小区门口路灯坏了一个多月",
            "county": "牡丹区",
            "use_session_contact": True,
        },
    )
    assert order.status_code in (200, 201), order.text
    citizen.close()


def test_a_handled_chat_whose_visitor_left_is_not_queued_again(live: Live) -> None:
    agent = _agent(live, "liming21")
    citizen = waiting_citizen(live, "俺们村的路灯全坏了 黑咕隆咚的")
    other = waiting_citizen(live, "俺们小区的下水道堵了好几天了")
    for c in (citizen, other):
        assert agent.post("/api/agent/claim", json={"key": c.key}).status_code == 200
    citizen.say("俺叫赵红梅 电话13953007722")
    order = agent.post(
        "/api/agent/order",
        json={"key": citizen.key, "token": "tok-p21-0001", "text": "村里路灯全坏了"},
    )
    assert order.status_code in (200, 201), order.text
    citizen.close()  # the visitor leaves; ``other`` (no order) is still waiting for help
    deadline = time.monotonic() + 10
    while not agent.get("/api/agent/queue").json()["items"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(1.0)  # the socket's presence is removed on close
    assert agent.post("/api/agent/logout", json={}).json()["requeued"] == 1
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    boss.post("/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    queued = [i["key"] for i in boss.get("/api/agent/queue").json()["items"]]
    assert citizen.key not in queued
    assert other.key in queued
    turns = boss.get("/api/agent/turns", params={"key": citizen.key}).json()["turns"]
    system = [t["text"] for t in turns if t["direction"] == "system"]
    assert any("会话结束" in t for t in system), system
    other.close()


STROKE = "俺爹刚才吃着饭突然一头栽桌子上了 嘴歪了 说话也说不清"


@pytest.mark.parametrize(
    ("cannot", "place", "phone"),
    [
        (
            "恁帮俺叫个救护车吧 俺手抖得拨不了号 俺在曹县 青菏街道 万福小区6号楼",
            None,
            "电话13853004499",
        ),
        ("俺没法打电话", "俺在牡丹区 西城街道 桂陵社区3号楼", "13853004488"),
        ("手机没话费了 打不出去", "曹县青菏街道万福小区", "俺电话是13853004477"),
    ],
)
def test_a_citizen_who_cannot_call_gets_a_person_and_the_record_their_place_and_phone(
    live: Live, cannot: str, place: str | None, phone: str
) -> None:
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    boss.post("/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    citizen = Citizen(live)
    told = citizen.frames(STROKE)
    assert [f.get("transfer_to") for f in told if f.get("transfer_to")] == ["120"]
    replies = "\n".join(citizen.say(cannot))
    assert "工作人员" in replies, replies
    assert "保持在线" in replies, replies
    assert "请立即拨打120" not in replies  # not the same canned text again
    queue = {i["key"]: i for i in boss.get("/api/agent/queue").json()["items"]}
    item = queue[citizen.key]
    assert item["reason"] == "emergency:120"
    assert item["alerted"] is True
    assert "紧急" in item["reason_label"]
    for said in (place, phone):
        if said is None:
            continue
        answer = "\n".join(citizen.say(said))
        assert "诉求内容" not in answer, answer  # never an ordinary appeal read-back
        assert "已记下" in answer, answer
    records = [
        e
        for e in boss.get("/api/agent/emergencies").json()["items"]
        if e["service"] == "120" and e["text"].startswith("俺爹")
    ]
    # the newest first: this citizen's one record (the follow-ups amended it)
    record = boss.post("/api/agent/emergencies/reveal", json={"id": records[0]["id"]}).json()
    clear = record["emergency"]
    digits = "".join(c for c in phone if c.isdigit())
    assert clear["contact_phone"] == digits, clear
    assert clear["place"], clear
    assert clear["contact_name"] != "个救护车"
    assert cannot[:6] in clear["text"]  # the follow-up's words are on the record
    citizen.close()
