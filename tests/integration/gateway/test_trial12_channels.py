"""Trial12 P07 through the real app: the same matter from the same phone on another
channel is the earlier order (第十三条(三)), never a second order to another unit.

A citizen files on the web chat with their phone, then texts the same matter from that
phone: the SMS answer is the earlier order's progress and no second order is written.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient
from twilio.request_validator import RequestValidator

from config.settings import Settings
from gateway.app import create_app
from tests.integration.gateway.citizen import ORDER_RE
from tests.integration.gateway.test_end_to_end import Chat, _db_counts

TOKEN = "trial12-twilio-token-0123456789"
OURS = "+8653012345"


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("HOTLINE_TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("HOTLINE_TWILIO_AUTH_TOKEN", TOKEN)
    settings = Settings(
        var_dir=tmp_path,
        log_json=True,
        rate_limit_per_minute=1000,
        public_base_url="http://testserver",
    )
    with TestClient(create_app(settings)) as c:
        yield c


def web_intake(chat: Chat, matter: str, place: str, contact: str) -> str:
    """An intake on the web chat answered whatever the questions' wording; its number."""
    replies = chat.say(matter)
    for _ in range(10):
        text = "\n".join(replies)
        found = ORDER_RE.search(text)
        if found:
            return found.group(0)
        if re.search(r"确认|无误|是否正确|对吗|提交", text):
            replies = chat.say("确认")
        elif re.search(r"哪里|地点|位置|地址|乡镇|街道", text):
            replies = chat.say(place)
        elif re.search(r"什么时候|多久|多长时间", text):
            replies = chat.say("一个多月了")
        elif re.search(r"姓名|称呼|电话|联系", text):
            replies = chat.say(contact)
        else:
            replies = chat.say("确认")
    raise AssertionError("no order number")


def sms(client: TestClient, sender: str, body: str) -> str:
    """A text message signed as Twilio signs it; the TwiML answer's text."""
    pairs = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": OURS,
        "Body": body,
        "NumMedia": "0",
    }
    url = "http://testserver/webhooks/sms"
    signature = RequestValidator(TOKEN).compute_signature(url, pairs)
    resp = client.post(
        "/webhooks/sms",
        content=urlencode(pairs),
        headers={
            "X-Twilio-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert resp.status_code == 200, resp.text
    return resp.text


@pytest.mark.parametrize(
    ("matter", "place", "again"),
    [
        (
            "俺们小区南门那个烧烤摊天天闹到后半夜两三点 吵得睡不着觉",
            "牡丹区南城街道和平小区南门",
            "俺还是反映那个烧烤摊 天天闹到后半夜两三点 牡丹区南城街道和平小区南门",
        ),
        (
            "俺们小区门口的路灯坏了一个多月了 晚上黑咕隆咚的",
            "牡丹区西城街道桂陵社区门口",
            "桂陵社区门口那个路灯还是不亮 晚上走路看不见",
        ),
    ],
)
def test_the_same_matter_by_sms_from_the_web_orders_phone_is_the_earlier_order(
    client: TestClient, matter: str, place: str, again: str
) -> None:
    from casebridge.models import WorkOrder

    with client.websocket_connect("/chat/ws") as ws:
        number = web_intake(Chat(ws), matter, place, "张秀兰 13853001122")
    answer = sms(client, "+8613853001122", again)
    assert number in answer, answer
    assert "受理" in answer, answer
    counts = client.portal.call(_db_counts, client.app, (WorkOrder,))  # type: ignore[union-attr]
    assert counts == [1]
    # from another number the same words are a new appeal (no earlier order told)
    other = sms(client, "+8613853009999", again)
    assert number not in other, other


async def _appeal_points(app: Any) -> list[tuple[str | None, float | None, float | None]]:
    from sqlalchemy import select

    from casebridge.models import Appeal

    async with app.state.services.sessions() as s:
        rows = (await s.execute(select(Appeal.county, Appeal.latitude, Appeal.longitude))).all()
    return [(c, lat, lon) for c, lat, lon in rows]


@pytest.mark.parametrize(
    ("point", "fix", "county"),
    [
        (
            (35.233, 115.441, "山东省菏泽市牡丹区中华西路"),
            "不对 地点改成牡丹区 西城街道 西安路公交站",
            "牡丹区",
        ),
        (
            (35.246, 115.472, "牡丹区人民路与中华路"),
            "不对 是在定陶区 滨河街道 御景湾工地",
            "定陶区",
        ),
    ],
)
def test_a_place_corrected_after_a_location_leaves_no_old_point(
    client: TestClient, point: tuple[float, float, str], fix: str, county: str
) -> None:
    lat, lon, label = point
    with client.websocket_connect("/chat/ws") as ws:
        chat = Chat(ws)
        chat.say("这个地方有个坑 电动车都摔了好几个了 赶紧来修修吧")
        frame = {"type": "location", "id": "loc1", "latitude": lat, "longitude": lon}
        ws.send_text(json.dumps({**frame, "label": label}))
        replies = chat.collect()
        fixed = False
        for _ in range(8):
            text = "\n".join(replies)
            if ORDER_RE.search(text):
                break
            if re.search(r"姓名|称呼|电话|联系", text) and "诉求内容" not in text:
                replies = chat.say("匿名")
            elif "诉求内容" in text and not fixed:
                fixed = True
                replies = chat.say(fix)
            elif re.search(r"确认|无误|是否正确|对吗|提交", text):
                replies = chat.say("确认")
            elif re.search(r"什么时候|多久|多长时间", text):
                replies = chat.say("一个多月了")
            else:
                replies = chat.say("确认")
        number = ORDER_RE.search("\n".join(replies))
        assert number is not None, replies
    rows = client.portal.call(_appeal_points, client.app)  # type: ignore[union-attr]
    assert rows == [(county, None, None)], rows
    listed = client.get("/open311/v2/requests.json").json()
    mine = [r for r in listed if r["service_request_id"] == number.group(0)]
    assert mine, listed
    assert (mine[0]["lat"], mine[0]["long"]) == (None, None)
