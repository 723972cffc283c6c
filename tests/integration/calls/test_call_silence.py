"""The phone bot's questions and wording (trial11 N06, N10): silence at the place or
contact question asks THAT question once more (never the matter again, which is known);
the phone says 「查询进度请按2，或说出工单号」, never the SMS 「请发“查询”加工单号」, and key 2
then does what it says."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import CALLER, OUR_NUMBER, PUBLIC, Line, post_signed, said_text, twiml

pytestmark = pytest.mark.integration

MATTER_ASKED = ("您的问题", "反映的问题", "什么问题")
SILENCES = [{"SpeechResult": ""}, {"Digits": ""}, {}]


async def _bot_call(line: Line, sid: str) -> None:
    await post_signed(line, "/webhooks/voice", CallSid=sid, From=CALLER, To=OUR_NUMBER)
    await post_signed(line, "/webhooks/voice/overflow", CallSid=sid)  # no key: the bot


async def _first(line: Line, sid: str, **said: str) -> str:
    return await post_signed(
        line, "/webhooks/voice/gather?step=0", CallSid=sid, From=CALLER, To=OUR_NUMBER, **said
    )


def _gather(answer: str) -> Any:
    gather = twiml(answer).find("Gather")
    assert gather is not None, answer
    return gather


async def _next(line: Line, sid: str, answer: str, **said: str) -> str:
    """The caller's next turn, posted where the last answer's ``<Gather>`` sends it."""
    action = str(_gather(answer).get("action"))
    return await post_signed(
        line, action.removeprefix(PUBLIC), CallSid=sid, From=CALLER, To=OUR_NUMBER, **said
    )


@pytest.mark.parametrize(
    "matter",
    [
        "俺家门口的下水道堵了 污水都漫到路上了",  # trial11 N06
        "俺们村的自来水管子冻裂了 水淌了一街",
        "楼下饭店的油烟天天往俺家窗户里灌",
    ],
)
@pytest.mark.parametrize("silence", SILENCES)
async def test_silence_at_the_place_question_asks_it_once_more(
    line: Line, matter: str, silence: dict[str, str]
) -> None:
    await _bot_call(line, "CS100")
    where = await _first(line, "CS100", SpeechResult=matter)
    assert "地点" in said_text(where) or "县区" in said_text(where)
    again = await _next(line, "CS100", where, **silence)
    said = said_text(again)
    assert said.startswith("抱歉，没有听清。")
    assert "县区" in said  # the same question
    assert not any(w in said for w in MATTER_ASKED), said
    assert twiml(again).find("Record") is None
    assert "retry=1" in str(_gather(again).get("action"))  # once
    # a second silence: a message for a person, still never the matter asked for
    last = await _next(line, "CS100", again, **silence)
    assert twiml(last).find("Record") is not None
    assert not any(w in said_text(last) for w in MATTER_ASKED), said_text(last)
    assert "回答" in said_text(last)


async def test_after_the_question_asked_again_the_answer_goes_on(line: Line) -> None:
    await _bot_call(line, "CS200")
    where = await _first(line, "CS200", SpeechResult="小区门口的路灯坏了一个多月了")
    again = await _next(line, "CS200", where, SpeechResult="")
    answered = await _next(line, "CS200", again, SpeechResult="牡丹区西城街道和平小区")
    said = said_text(answered)
    assert "没有听清" not in said
    assert not any(w in said for w in MATTER_ASKED), said
    # the contact, next (「…打您这个来电号码可以吗？…怎么称呼」: no keypad hint, trial14 T17)
    assert any(w in said for w in ("姓名", "电话", "手机", "号码", "称呼")), said


@pytest.mark.parametrize("silence", SILENCES)
async def test_silence_at_the_contact_question_asks_it_once_more(
    line: Line, silence: dict[str, str]
) -> None:
    await _bot_call(line, "CS300")
    where = await _first(line, "CS300", SpeechResult="小区门口的路灯坏了一个多月了")
    contact = await _next(line, "CS300", where, SpeechResult="牡丹区西城街道和平小区")
    assert "匿名" in said_text(contact)
    again = await _next(line, "CS300", contact, **silence)
    said = said_text(again)
    assert said.startswith("抱歉，没有听清。")
    assert "匿名" in said  # the contact question again
    assert not any(w in said for w in MATTER_ASKED), said


SMS_PROGRESS = ("发“查询”", "发送“查询", "加工单号", "回复“查询")


async def test_the_phone_says_key_2_for_progress_and_key_2_does_it(line: Line) -> None:
    """trial11 N10: key 2 (progress), then keys that are no order number; the reply is the
    phone's 「查询进度请按2，或说出工单号」, and 2 at that turn is progress."""
    await _bot_call(line, "CS400")
    answer = await _first(line, "CS400", Digits="2")
    heard = [said_text(answer)]
    for _ in range(3):
        answer = await _next(line, "CS400", answer, Digits="9900#")
        heard.append(said_text(answer))
        if "请按2" in heard[-1]:
            break
    assert not any(w in s for s in heard for w in SMS_PROGRESS), heard
    assert "查询进度请按2，或说出工单号" in heard[-1], heard
    progress = said_text(await _next(line, "CS400", answer, Digits="2"))
    assert "工单" in progress
    assert "请按2" not in progress  # not the same hint again: 2 started the query
