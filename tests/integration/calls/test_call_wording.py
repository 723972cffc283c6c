"""What a caller hears from the bot (issue 17, trial 2: V1, V2, V3, V13, V19, V21)."""

from __future__ import annotations

import asyncio
import re

import pytest

from .conftest import CALLER, OUR_NUMBER, Line, post_signed, said_text, signed

pytestmark = pytest.mark.integration


async def _bot_call(line: Line, sid: str, caller: str = CALLER) -> None:
    await post_signed(line, "/webhooks/voice", CallSid=sid, From=caller, To=OUR_NUMBER)
    await post_signed(line, "/webhooks/voice/overflow", CallSid=sid)  # no key: the bot


async def _bot(line: Line, sid: str, step: int, caller: str = CALLER, **said: str) -> str:
    return await post_signed(
        line, f"/webhooks/voice/gather?step={step}", CallSid=sid, From=caller, To=OUR_NUMBER, **said
    )


async def test_questions_stand_alone_the_read_back_says_its_keys_once_and_the_number_is_noted(
    line: Line,
) -> None:
    await _bot_call(line, "CW100")
    matter = "东明县城关街道人民路和胜利路路口的红绿灯坏了三天了，车辆乱成一团，早晚高峰堵得走不动"
    turns = [
        {"SpeechResult": matter},
        {"SpeechResult": "东明县城关街道人民路和胜利路路口"},
        {"SpeechResult": "可以，我姓李"},
    ]
    answers = [await _bot(line, "CW100", i, **t) for i, t in enumerate(turns)]
    read_back = next(a for a in answers if "核对" in said_text(a))
    for answer in answers:  # every one asks something: no invitation to hang up
        assert "挂机" not in said_text(answer), said_text(answer)
    said = said_text(read_back)
    assert said.count("请按1") == 1  # the confirmation instruction once
    assert "…" not in said
    assert not re.search(r"乱成[；;。]", said)  # never cut mid-phrase
    filed = await _bot(line, "CW100", len(turns), Digits="1")
    closing = said_text(filed)
    assert "H Z，二零二六" in closing  # slowly, in groups
    assert "我再重复一遍" in closing
    assert closing.count("挂机") == 1
    assert closing.index("我再重复一遍") < closing.index("感谢您的反映") < closing.index("挂机")
    assert "短信" in closing
    # the order number by SMS to the caller's mobile
    for _ in range(100):
        if line.twilio.messages:
            break
        await asyncio.sleep(0.02)
    assert [m["To"] for m in line.twilio.messages] == [CALLER]
    assert "HZ2026" in line.twilio.messages[0]["Body"]


async def test_no_sms_to_a_landline(line: Line) -> None:
    landline = "+865305556789"
    await _bot_call(line, "CW110", landline)
    await _bot(line, "CW110", 0, landline, SpeechResult="小区门口的路灯坏了一个多月了")
    await _bot(line, "CW110", 1, landline, SpeechResult="牡丹区西城街道和平小区")
    await _bot(line, "CW110", 2, landline, SpeechResult="可以，我姓李")
    filed = await _bot(line, "CW110", 3, landline, Digits="1")
    assert "工单号" in said_text(filed)
    await asyncio.sleep(0.2)
    assert line.twilio.messages == []


async def test_queue_counts_are_said_as_counts(line: Line) -> None:
    await line.agent("alice")
    await post_signed(line, "/webhooks/voice", CallSid="CW300", From=CALLER, To=OUR_NUMBER)
    said = said_text(
        await post_signed(line, "/webhooks/voice/wait", CallSid="CW300", QueuePosition="121")
    )
    assert "一百二十位" in said
    assert "幺" not in said
    url, body, headers = signed(
        "/webhooks/voice/wait", {"CallSid": "CW300", "QueuePosition": "9" * 20}
    )
    r = await line.client.post(url, content=body, headers=headers)
    assert r.status_code == 400


async def test_a_low_confidence_um_is_taken_as_yes(line: Line) -> None:
    await _bot_call(line, "CW400")
    first = said_text(
        await _bot(line, "CW400", 0, SpeechResult="路灯坏了一个多月", Confidence="0.2")
    )
    assert "吗" in first  # the low-confidence check
    second = said_text(await _bot(line, "CW400", 1, SpeechResult="嗯", Confidence="0.2"))
    assert "“嗯”" not in second
    assert second != first
