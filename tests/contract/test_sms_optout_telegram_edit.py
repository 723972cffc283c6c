"""trial11 N09 and N14, end to end through the signed webhooks.

N09: 「STOP」, 「退订」, 「TD」 by SMS were taken as a matter and answered 「请说明发生地点…」.
An opt-out reply alone is no appeal: acknowledged once, nothing asked, nothing filed;
a sentence that mentions the word is read as any other.

N14: a Telegram ``edited_message`` (the citizen corrects a sent message) got an empty
200. It gets a short line asking for the correction as a new message; nothing of it is
stored as a new matter, and an intake under way waits at its question.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import defusedxml.ElementTree as ET
import httpx
import pytest

from channels.sms.adapter import opt_out
from tests.contract import cases
from tests.contract.test_gateway_webhooks import gateway, post, telegram_reply

__all__ = ["gateway"]

pytestmark = pytest.mark.slow

_IDS = itertools.count(1)


def _asks_place(answer: str) -> bool:
    return "地点" in answer or "县区" in answer


OPT_OUTS = ["STOP", "退订", "TD", "Stop.", "ｔｄ", "取消订阅", " unsubscribe ", "T"]


async def _sms(client: httpx.AsyncClient, text: str, sender: str) -> str:
    pairs = [
        (k, sender if k == "From" else v) for k, v in cases.sms_pairs(text, f"OPT{next(_IDS)}")
    ]
    resp = await post(client, cases.twilio_signed("/webhooks/sms", pairs))
    assert resp.status_code == 200, resp.text
    return "".join(m.text or "" for m in ET.fromstring(resp.content).iter("Message"))


def _orders(channel: str) -> float:
    from gateway import metrics

    return float(metrics.WORK_ORDERS.labels(channel)._value.get())


@pytest.mark.parametrize("word", OPT_OUTS)
async def test_an_opt_out_reply_is_acknowledged_not_taken_for_a_matter(
    gateway: tuple[httpx.AsyncClient, Any], word: str
) -> None:
    client, _ = gateway
    answer = await _sms(client, word, f"+861395300{next(_IDS):04d}")
    assert "退订" in answer, answer
    assert not _asks_place(answer), answer


async def test_an_opt_out_during_an_intake_ends_it_without_a_question(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    client, _ = gateway
    sender = "+8613953007777"
    first = await _sms(client, "小区门口的路灯坏了半个月了", sender)
    assert _asks_place(first), first
    before = _orders("sms")
    stop = await _sms(client, "退订！", sender)
    assert "退订" in stop, stop
    assert not _asks_place(stop), stop
    assert _orders("sms") == before


async def test_a_sentence_with_the_word_is_read_as_any_other(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    client, _ = gateway
    answer = await _sms(client, "物业把俺的车位退订了 钱一直不退", "+8613953008888")
    assert "已收到退订" not in answer, answer
    assert _asks_place(answer), answer


@pytest.mark.parametrize(
    ("body", "is_opt_out"),
    [("STOP", True), ("stop!", True), ("退订。", True), ("TD", True), ("取消", False),
     ("停水了", False), ("退订了车位", False), ("td 路灯坏了", False)],
)  # fmt: skip
def test_opt_out_is_the_whole_message(body: str, is_opt_out: bool) -> None:
    assert opt_out(body) is is_opt_out


def _edited(update_id: int, text: str) -> bytes:
    now = int(time.time())
    return cases.as_json(
        {
            "update_id": update_id,
            "edited_message": {
                "message_id": update_id - 1,
                "date": now - 30,
                "edit_date": now,
                "chat": {"id": cases.TG_CHAT, "type": "private"},
                "from": {"id": cases.TG_CHAT, "is_bot": False, "first_name": "市民"},
                "text": text,
            },
        }
    )


async def test_an_edited_telegram_message_is_answered_and_the_intake_waits(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    client, _ = gateway
    raw = cases.telegram_request(
        cases.as_json(cases.telegram_update(88001, text="小区门口的路灯坏了好几天了"))
    )
    first = telegram_reply(await post(client, raw), raw)
    assert _asks_place(first), first
    for i, text in enumerate(["楼道的灯坏了好几天了", "牡丹区西城街道阳光小区"]):
        raw = cases.telegram_request(_edited(88002 + i, text))
        resp = await post(client, raw)
        assert resp.status_code == 200, resp.text
        said = telegram_reply(resp, raw)
        assert "重新发送" in said, said
        assert not _asks_place(said), said
    raw = cases.telegram_request(
        cases.as_json(cases.telegram_update(88010, text="牡丹区西城街道阳光小区3号楼"))
    )
    after = telegram_reply(await post(client, raw), raw)
    # the place answers the question asked before the edit; the matter is still the first
    assert "重新发送" not in after, after
    assert "楼道的灯" not in after, after
