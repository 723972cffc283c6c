"""Trial13 through the real gateway (the web chat's websocket, the real NLU, the emergency
desk, the agent API): Q06 gas with someone unwell is told 119 and 120, and the record
carries both (119 first) and the reason; Q01 Q02 an object fallen near a bridge, at the
opening or as a supplement at the read-back, is no emergency: no number, no record, the
supplement added to the matter."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.console.harness import ADMIN_PASSWORD, Citizen, Live, live_gateway

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("trial13")
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


@pytest.mark.parametrize(
    "said",
    [
        "俺家厨房里一股子臭鸡蛋味 俺孩子说头晕想吐",  # trial13 Q06
        "俺家液化气罐子呲呲漏气 俺老伴闻了头晕乎乎的 站不稳",  # trial13 Q06
    ],
)
def test_gas_with_someone_unwell_records_119_and_120(live: Live, said: str) -> None:
    citizen = Citizen(live)
    frames = citizen.frames(said)
    citizen.close()
    assert [f["transfer_to"] for f in frames if f.get("transfer_to")] == ["119"]
    assert "120" in str(frames[0]["text"])
    (record,) = [e for e in _records(live) if e["text"] == said]
    assert record["service"] == "119"
    assert record["services"] == ["119", "120"]
    assert "身体不适" in str(record["reason"])
    assert "120" in str(record["reason"])


@pytest.mark.parametrize(
    "said",
    [
        "俺们村桥边上那个牌子倒了",  # trial13 Q01 (an opening)
        "桥头那个限高杆也歪倒了",  # trial13 Q02
        "俺们村里的路让大车轧坏了",  # trial13 Q08
        "河边那棵大树让风刮倒了",  # fresh, same kind
    ],
)
def test_an_object_fallen_is_no_emergency(live: Live, said: str) -> None:
    citizen = Citizen(live)
    frames = citizen.frames(said)
    citizen.close()
    assert not [f for f in frames if f.get("transfer_to")], frames
    replies = "\n".join(str(f["text"]) for f in frames)
    assert "12356" not in replies
    assert "请立即拨打" not in replies
    assert "如遇危险或有人受伤" not in replies
    assert not [e for e in _records(live) if e["text"] == said]


@pytest.mark.parametrize(
    "supplement",
    [
        "还有 桥边上那个牌子也倒了",  # trial13 Q01
        "还有 桥头那个限高杆也歪倒了",  # trial13 Q02
        "另外 河沿上那个宣传牌也歪了",  # fresh, same kind
    ],
)
def test_an_object_fallen_told_at_the_read_back_joins_the_matter(
    live: Live, supplement: str
) -> None:
    citizen = Citizen(live)
    citizen.say("俺们村头那个桥栏杆掉了一截")
    citizen.say("郓城县 黄集镇 李庄村")
    read_back = "\n".join(citizen.say("俺不留名 13953106622"))
    assert "诉求内容" in read_back, read_back
    frames = citizen.frames(supplement)
    citizen.close()
    assert not [f for f in frames if f.get("transfer_to")], frames
    replies = "\n".join(str(f["text"]) for f in frames)
    assert "12356" not in replies
    assert "请立即拨打" not in replies
    told = supplement.split(" ", 1)[1]
    assert told in replies, replies  # the read-back again, the supplement in the matter


def test_a_pole_leaning_over_the_road_gets_the_safety_line_and_no_record(live: Live) -> None:
    """trial12 (119 before): a pole leaning toward the road is a danger to passers-by:
    the power safety line (keep away, 95598), then the intake; no number, no record."""
    said = "电线杆子往路这边歪了"
    citizen = Citizen(live)
    frames = citizen.frames(said)
    citizen.close()
    assert not [f for f in frames if f.get("transfer_to")], frames
    replies = "\n".join(str(f["text"]) for f in frames)
    assert "95598" in replies, replies
    assert "请立即拨打" not in replies
    assert not [e for e in _records(live) if e["text"] == said]
