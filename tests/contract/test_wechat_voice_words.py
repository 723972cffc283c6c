"""trial11 N01/N08: a WeChat voice message with a ``Recognition`` transcript is the
citizen's words at every step of the dialogue, the read-back included. A spoken
「确认」 at the read-back filed nothing (each clip became one more attachment, the
read-back shown again, 附件 3个 → 8个), and every clip was announced
「已收到您发送的1个附件。」. End to end through the signed webhook (safe mode)."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from tests.contract import cases
from tests.contract.conftest import FakeProvider
from tests.contract.test_gateway_webhooks import gateway, post, wechat_reply

__all__ = ["gateway"]

pytestmark = pytest.mark.slow

_IDS = itertools.count(930_000)


async def _voice(client: httpx.AsyncClient, words: str, sender: str) -> str:
    body = (
        f"<MediaId><![CDATA[VOICE{next(_IDS)}]]></MediaId><Format><![CDATA[amr]]></Format>"
        f"<Recognition><![CDATA[{words}]]></Recognition>"
    )
    xml = cases.wechat_xml("voice", body, str(next(_IDS)), sender)
    raw = cases.wechat_aes_request(xml.encode())
    resp = await post(client, raw)
    assert resp.status_code == 200, resp.text
    return wechat_reply(resp, raw)


def _orders() -> float:
    from gateway import metrics

    return float(metrics.WORK_ORDERS.labels("wechat")._value.get())


AMR = b"#!AMR\n" + bytes(range(64))

# (what the citizen says until the read-back, the spoken confirmation)
SPOKEN = [
    (
        [
            "俺们小区的下水道堵了好几天了 一楼都返水了 臭得没法待",
            "牡丹区 东城街道 康庄小区",
            "俺姓刘 叫刘桂芝 电话幺三八五三零零幺幺二二",
        ],
        "确认",
    ),
    (
        ["俺们村东头那个养猪场天天往沟里排粪水 臭得不行", "曹县 普连集镇 郭楼村", "匿名"],
        "确认提交。",
    ),
    (["小区门口的路灯坏了半个多月了 晚上黑乎乎的", "单县 园艺街道 幸福小区", "匿名"], "对，没问题"),
    (["俺家楼后头的垃圾好几天没人清了", "郓城县 郓州街道 金河小区", "不留电话了"], "没问题 提交吧"),
]


@pytest.mark.parametrize("said", SPOKEN, ids=["确认", "确认提交", "对没问题", "提交吧"])
async def test_a_spoken_confirmation_files_the_order(
    gateway: tuple[httpx.AsyncClient, Any], provider: FakeProvider, said: tuple[list[str], str]
) -> None:
    client, _ = gateway
    provider.script("/media/get", body=AMR, content_type="audio/amr")
    lines, yes = said
    sender = f"oVoice{abs(hash(yes)) % 10_000}"
    before = _orders()
    answers = [await _voice(client, line, sender) for line in lines]
    for _ in range(3):  # a further question (the village, since when) answered by voice
        if "请您核对" in answers[-1]:
            break
        answers.append(await _voice(client, "不知道", sender))
    assert "请您核对" in answers[-1], answers
    answers.append(await _voice(client, yes, sender))
    assert _orders() == before + 1, answers
    assert "工单编号" in answers[-1], answers
    # a clip with a transcript is answered like text, never announced as an attachment
    assert not any("附件。" in a or "已收到附件" in a or "文件" in a for a in answers), answers


async def test_a_voice_clip_that_cannot_be_fetched_is_still_heard_quietly(
    gateway: tuple[httpx.AsyncClient, Any], provider: FakeProvider
) -> None:
    """The clip's bytes damaged: its words were heard; nothing said about a file type."""
    client, _ = gateway
    provider.script("/media/get", body=b"not audio at all", content_type="audio/amr")
    answer = await _voice(client, "俺们小区门口的井盖没了 好几天了", "oVoiceBad")
    assert "哪" in answer, answer  # the next question: where
    assert "文件" not in answer, answer
    assert "附件" not in answer, answer


async def test_a_photo_is_still_announced(
    gateway: tuple[httpx.AsyncClient, Any], provider: FakeProvider
) -> None:
    """A picture is evidence: 「已收到…附件」 as before; a voice clip without a transcript
    is a file too (a human listens to it)."""
    client, _ = gateway
    await _voice(client, "小区楼道里的灯坏了好几天了", "oVoicePic")
    photo = cases.wechat_xml(
        "image",
        "<PicUrl><![CDATA[http://x/p.jpg]]></PicUrl><MediaId><![CDATA[P1]]></MediaId>",
        str(next(_IDS)),
        "oVoicePic",
    )
    raw = cases.wechat_aes_request(photo.encode())
    assert "附件" in wechat_reply(await post(client, raw), raw)
    provider.script("/media/get", body=AMR, content_type="audio/amr")
    bare = cases.wechat_xml(
        "voice",
        "<MediaId><![CDATA[V2]]></MediaId><Format><![CDATA[amr]]></Format>",
        str(next(_IDS)),
        "oVoicePic",
    )
    raw = cases.wechat_aes_request(bare.encode())
    assert "附件" in wechat_reply(await post(client, raw), raw)
