"""trial11 N11: a WeChat menu CLICK with an unknown ``EventKey`` (``V1001_TODAY_MUSIC``)
was answered with the progress prompt 「请提供您要查询的工单编号…」. Events are keyed by
sender + CreateTime + event: a second button tapped within the same second was taken
for a retry of the first (PROGRESS) and given its answer. The key is part of the id: an
unknown key gets the welcome menu, a known key its flow, a retry the same answer."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from channels.base import RawRequest
from tests.contract import cases
from tests.contract.test_gateway_webhooks import gateway, post, wechat_reply

__all__ = ["gateway"]

pytestmark = pytest.mark.slow

_SENDERS = itertools.count(1)
PROGRESS_PROMPT = "工单编号（如"
WELCOME = "请问有什么可以帮您"


def _click(key: str, sender: str, at: str) -> RawRequest:
    xml = (
        f"<xml><ToUserName><![CDATA[gh_12345]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{at}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>"
    )
    return cases.wechat_aes_request(xml.encode())


async def _say(client: httpx.AsyncClient, raw: RawRequest) -> str:
    resp = await post(client, raw)
    assert resp.status_code == 200, resp.text
    return wechat_reply(resp, raw)


@pytest.mark.parametrize("unknown", ["V1001_TODAY_MUSIC", "V1002_GOOD", "menu_weather", "抽奖"])
async def test_an_unknown_key_right_after_a_known_one_is_not_its_retry(
    gateway: tuple[httpx.AsyncClient, Any], unknown: str
) -> None:
    client, _ = gateway
    sender, at = f"oMenu{next(_SENDERS)}", cases._now()
    first = await _say(client, _click("PROGRESS", sender, at))
    assert PROGRESS_PROMPT in first, first
    second = await _say(client, _click(unknown, sender, at))
    assert PROGRESS_PROMPT not in second, second
    assert second in ("", first) or WELCOME in second, second
    assert second != first


async def test_an_unknown_key_alone_gets_the_welcome(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    client, _ = gateway
    answer = await _say(client, _click("V1001_TODAY_MUSIC", "oMenuAlone", cases._now()))
    assert PROGRESS_PROMPT not in answer
    assert answer == "" or WELCOME in answer, answer


async def test_known_keys_still_work_and_a_retry_is_one_event(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    from gateway import metrics

    client, _ = gateway
    at = cases._now()
    raw = _click("progress", "oMenuKnown", at)
    assert PROGRESS_PROMPT in await _say(client, raw)
    before = metrics.MESSAGES.labels("wechat", "processed")._value.get()
    again = _click("progress", "oMenuKnown", at)  # WeChat's retry: the same push
    assert PROGRESS_PROMPT in await _say(client, again)
    assert metrics.MESSAGES.labels("wechat", "processed")._value.get() == before
    human = await _say(client, _click("转人工", "oMenuKnown2", at))
    assert "人工" in human or "工作人员" in human, human
