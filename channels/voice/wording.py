"""What the phone line says, and what it reads from what a caller said.

The bot's fixed phrases (greeting, prompts, apologies after a silence, goodbye), the
emergency notice said before a ``<Dial>`` (:func:`emergency_notice`), the caller's
「没有了 谢谢」 (:func:`nothing_more`) and the read-back of a number the caller just gave
(:func:`read_back`). Used by :class:`channels.voice.adapter.VoiceAdapter` and
``gateway.calls``; no TwiML and no request handling here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from channels.messages import OutboundMessage

GREETING = (
    "您好，这里是菏泽12345政务服务便民热线。请直接说出您要反映的问题或咨询的事项；"
    "需要人工服务请按1，查询工单办理进度请按2。"
)
# the bot as overflow and night mode: the caller was greeted and told what happens
# (gateway.calls.twiml), so no second greeting and no "press 1 for a person" (none is free)
BOT_PROMPT = "请直接说出您要反映的问题或咨询的事项；查询工单办理进度，请按2。"
NOT_HEARD = "抱歉，没有听清您的话。请在提示音后说出您的问题，说完请按井号键。"
NO_RECORDING = "抱歉，没有收到您的留言。如需帮助，请再次拨打12345。再见。"
# silence at a choice (「您说的是…吗？是的请按1，不是请按2。」): asked once more, never
# dropped (trial5 F13); a second silence falls back to <Record>
CHOICE_AGAIN = "抱歉，没有听清您的选择。请再说一遍，也可以按键选择。"
# silence at a question the bot asked (the place, since when, the contact): the dialogue
# asks that question again, after this apology, once (trial11 N06); the caller is never
# asked for the matter again when it is known
SILENCE_AGAIN = "抱歉，没有听清。"
# a second silence at that question: a message for a person, not the matter asked again
ANSWER_AFTER_TONE = "抱歉，还是没有听清。请在提示音后说出您的回答，说完请按井号键。"
# no message after <Record>: offered once more before the call ends (trial5 F13)
RECORD_AGAIN = "抱歉，没有收到您的留言。请直接说出您的问题；查询工单办理进度，请按2。"
# the caller has nothing more (「没有了 谢谢」): a goodbye and <Hangup/>, not the same
# question again (trial5 F10)
_NOTHING_MORE = re.compile(
    r"^(?:嗯|好|好的|行|那|中|妥了|好了|行了|可以了)?[，,、 ]*(?:俺|我)?(?:这边)?(?:也|就|都)?"
    r"(?:没有了|没了|没有|没啥了|没什么了|没别的了|没有别的了|没有其他(?:问题|事)?了?|"
    r"没(?:其他|别的|啥|什么)?(?:问题|事儿?)了?|没事了|不用了|就这些|就这样|就这些了|"
    r"就这个事儿?|暂时没有了?|没有其他的了?)?(?:了|吧|啦)?"
    r"[，,。、 ]*(?:谢谢(?:你|您|恁)?(?:们|了|啊)?|多谢|感谢|麻烦(?:你|您|恁)(?:们)?了)*"
    r"[，,。！!、 ]*(?:再见|拜拜)?[。！!]*$"
)
# after an answer or the filing, never after a question (a question stands on its own)
CONTINUE = "请问还有其他问题吗？没有其他问题的话，您可以挂机。"
ORDER_SMS = "【菏泽12345】您的诉求已受理，工单号{number}，请妥善保存，可凭工单号查询办理进度。"
EMERGENCY_NAMES = {"110": "报警电话", "119": "消防救援", "120": "急救中心", "122": "交通事故报警"}
SAFETY = (
    (
        re.compile(r"燃气|煤气|天然气|液化气|气罐|漏气|泄漏|爆炸"),
        "请立即关闭气阀、开窗通风，不要开关电器、不要使用明火，尽快撤离到安全处。",
    ),
    (re.compile(r"火|烟"), "请尽快撤离到安全处，不要乘坐电梯，用湿毛巾捂住口鼻。"),
)
SERVICE_ADVICE = {
    "120": "请让病人保持安静，不要随意搬动。",
    "110": "请先确保自身安全。",
    "122": "请开启危险报警闪光灯，人员撤到护栏外安全处。",
    "119": "请先确保自身安全。",
}
# only after a reply that asks for a number (speech.asks_number): keypad entry
KEYPAD = "您可以直接说出号码，也可以用电话按键输入，输完请按井号键。"
# processing outlasted the webhook deadline: the answer is pushed by SMS
LATER = "您的话已收到，答复将以短信发送给您。"
GOODBYE = "感谢您的来电，再见。"
SURE_WORDS = frozenset({"嗯", "嗯嗯", "恩", "对", "对的", "是", "是的", "好", "好的", "行", "可以"})
# the chat's fallback (a greeting and a keyed menu) said on the phone instead: no second
# greeting, no menu, the same way to progress as the opening prompt
NO_MENU = "请您直接说出要反映的问题或咨询的事项；查询工单办理进度，请说“查询工单进度”。"


_MASKED_MOBILE = re.compile(r"(1[3-9][0-9])[*＊]{4}([0-9]{4})")
_SAID_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def read_back(reply: OutboundMessage, said: Sequence[str]) -> OutboundMessage:
    """``reply`` with a masked mobile (``138****8080``) written in full, in groups, when
    the caller said or keyed that very number in this turn: on the caller's own line a
    number they just gave is read back whole, so a correction (139 → 138) can be heard
    (trial5 F30). Any other masked number stays masked (尾号…)."""
    given = {m.group(0) for text in said for m in _SAID_MOBILE.finditer(text)}
    if not given or ("*" not in reply.text and "＊" not in reply.text):
        return reply

    def full(m: re.Match[str]) -> str:
        for number in given:
            if number.startswith(m.group(1)) and number.endswith(m.group(2)):
                return f"{number[:3]}，{number[3:7]}，{number[7:]}"
        return m.group(0)

    return reply.model_copy(update={"text": _MASKED_MOBILE.sub(full, reply.text)})


def nothing_more(said: str) -> bool:
    """Whether the caller says they have nothing more (「没有了 谢谢」, 「没事了，再见」,
    「不用了谢谢」): at least one of the closing words, nothing else."""
    text = said.strip()
    return (
        bool(text)
        and bool(_NOTHING_MORE.fullmatch(text))
        and any(c not in "，,。、！! 嗯好的行那" for c in text)
    )


def emergency_notice(service: str, said: str) -> str:
    """What a caller in an emergency hears before the ``<Dial>``: one message, the safety
    advice for what they said first (gas: 关闭气阀、开窗通风…, as ``config/nlu/emergency.yml``),
    then that the call is being connected (第十三条(一); issue 17 V9)."""
    name = EMERGENCY_NAMES.get(service, "")
    advice = next((a for words, a in SAFETY if words.search(said)), "")
    if not advice:
        advice = SERVICE_ADVICE.get(service, "")
    return f"您反映的情况属于紧急事项。{advice}正在为您转接{service}{name}，请不要挂机。"
