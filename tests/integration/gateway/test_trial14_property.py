"""Trial14 T02 T03 T10 T14 through the real gateway (the web chat's websocket, the real
NLU, the emergency desk): an appeal about property told in an emergency's words is no
emergency. A car blocking a garage, a hydrant a vehicle hit some time ago, a bike the
property company took: no number, no transfer, no record. Past falls on an icy road: the
safety line at most, with 120, never 110."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.console.harness import ADMIN_PASSWORD, Citizen, Live, live_gateway

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("trial14")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    db = f"sqlite:///{tmp / 'hotline.db'}"
    with live_gateway(tmp, db, port, real_nlu=True, emergencies=True) as gateway:
        yield gateway


def _records(live: Live) -> list[dict[str, object]]:
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    boss.post("/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    items: list[dict[str, object]] = boss.get("/api/agent/emergencies").json()["items"]
    return items


def _replies(live: Live, said: str) -> tuple[list[dict[str, object]], str]:
    citizen = Citizen(live)
    frames = citizen.frames(said)
    citizen.close()
    return frames, "\n".join(str(f["text"]) for f in frames)


@pytest.mark.parametrize(
    "said",
    [
        "有个车天天锁在俺家车库门口 堵着俺的车出不去 打电话也不接",  # trial14 T03
        "俺们村那个消防栓让车撞歪了 一直往外滋水",  # trial14 T02 (phone there)
        "俺的电动车锁在楼道里 物业给俺把锁剪了 车也推走了",  # trial14 T10
        "俺家车库门口叫人堵了 车咋也开不出来",  # fresh, same kind as T03
    ],
)
def test_property_in_emergency_words_is_no_emergency(live: Live, said: str) -> None:
    frames, replies = _replies(live, said)
    assert not [f for f in frames if f.get("transfer_to")], frames
    assert "请立即拨打" not in replies
    assert "紧急事项" not in replies
    assert not [e for e in _records(live) if e["text"] == said]


def test_past_falls_on_ice_are_never_told_110(live: Live) -> None:
    said = "小区门口那段路结冰了 好几个老人都摔倒过 恁叫人来撒点盐中不中"  # trial14 T14
    frames, replies = _replies(live, said)
    assert not [f for f in frames if f.get("transfer_to")], frames
    assert "110" not in replies
    assert not [e for e in _records(live) if e["text"] == said]
