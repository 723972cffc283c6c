"""A question about the channel itself, never the matter (trial12 P03).

「恁这能反映事儿不」, 「俺刚才发的语音恁听见了没」, 「恁能看见俺发的消息不」, 「喂 能听到吗」:
the citizen checks that the hotline hears them before telling the matter. A call-taker
answers it (第十二条: 认真倾听, 规范用语) — 「能，请直接说您遇到的问题」 — and the matter is
what comes next; the question itself is never taken down as the appeal's content.
"""

from __future__ import annotations

import re

from dialogs.reading import Reading, content_len
from nlu.regate import gated

__all__ = ["about_voice", "channel_question"]

_YOU = r"(?:恁们?|你们?|您|这边|这里|这儿|恁这|你们这|你这|这)?"
_ASK_END = r"(?:不|吗|么|没|没有|嘛|啊|呀|不能|不了|了没|了吗|了不|了没有)"
_SEEN = r"(?:听见|听到|听得见|听得到|听清|听清楚|看见|看到|看得见|看得到|收到|接到|接收到)"
_THING = r"(?:语音|消息|信息|话|图片|照片|短信|视频|留言|文字|字)"
_CHANNEL_Q = gated(
    # 恁这能反映事儿不, 这里可以投诉吗, 能不能在这反映问题
    r"^(?:请问|问一下|那个)?" + _YOU + r"(?:能|可以|能不能|可不可以|能否)(?:在这|在这里|在这儿)?"
    r"(?:反映|投诉|报|提|登记|说|留言)(?:个|点|一下)?(?:事儿?|事情|问题|情况)?" + _ASK_END + r"?$|"
    # 恁能看见俺发的消息不, 你们能收到吗, 能听到俺说话不
    r"^"
    + _YOU
    + r"(?:能|可以)?"
    + _SEEN
    + r"(?:了)?(?:俺|我)?(?:刚才|刚刚|刚)?(?:发的|说的|的)?"
    + _THING
    + r"?(?:说话)?"
    + _ASK_END
    + r"$|"
    # 俺刚才发的语音恁听见了没, 我发的消息你们收到了吗
    r"^(?:俺|我)(?:刚才|刚刚|刚)?(?:发|说|留)的"
    + _THING
    + _YOU
    + r"(?:能)?"
    + _SEEN
    + r"(?:了)?"
    + _ASK_END
    + r"$"
)
_GREETING = re.compile(r"^(?:有人吗|有人没|有人不|在吗|在不在|在不|喂+|你好|您好|恁好)+")
_VOICE = re.compile(r"语音")


def channel_question(r: Reading) -> bool:
    """The message only asks whether the hotline takes, hears or sees the citizen (after a
    greeting, "有人吗 恁这能反映事儿不"); nothing else in it (a place read from it to
    "where?" is a misreading: the whole message is the question)."""
    if r.phone is not None or r.order_number is not None or len(r.plain) > 24:
        return False
    said = _GREETING.sub("", r.plain)
    return content_len(said) >= 3 and _CHANNEL_Q.match(said) is not None


def about_voice(r: Reading) -> bool:
    """The channel question is about a voice message ("语音恁听见了没")."""
    return _VOICE.search(r.plain) is not None
