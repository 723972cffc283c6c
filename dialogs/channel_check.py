"""Talk about the service itself, never the matter (trial12 P03, trial13 Q03 Q04).

Before telling the matter a citizen checks the channel: does it take appeals
(「恁这能反映事儿不」, 「恁这个网页能给政府反映问题不」), does it hear or see them
(「俺刚才发的语音恁听见了没」, 「恁能看见俺发的消息不」), is it the hotline and does it act
(「这是12345不 恁管事儿不」), does it understand them (「恁这能听懂俺说话不」). A call-taker
answers it (第十二条: 认真倾听, 规范用语) — 「能，请直接说您遇到的问题」, 「是的，这里是
12345…」 — and the matter is what comes next; the question itself is never taken down as
the appeal's content, nor searched in the knowledge base.
"""

from __future__ import annotations

import re

from dialogs.reading import Reading, content_len
from dialogs.spoken import plain
from nlu.regate import gated

__all__ = ["about_voice", "channel_question", "no_matter", "service_question"]

# who is asked, and through what ("恁这个网页", "你们这", "在网上", "微信上")
_YOU = (
    r"(?:在)?(?:恁们?|你们?|您|咱们?)?(?:这个?|那个?|这边|这里|这儿)?"
    r"(?:网页|网站|平台|公众号|小程序|微信|网上|手机上|热线|机器人?|系统)?"
    r"(?:上|里|上面|里面|这边|这里|这儿)?"
)
_ASK_END = r"(?:不|吗|么|没|没有|嘛|啊|呀|不能|不了|了没|了吗|了不|了没有|不行|行不|中不)"
_SEEN = r"(?:听见|听到|听得见|听得到|听清|听清楚|看见|看到|看得见|看得到|收到|接到|接收到)"
_THING = r"(?:语音|消息|信息|话|图片|照片|短信|视频|留言|文字|字)"
# to whom a matter goes ("给政府", "向有关部门")
_TO = (
    r"(?:给|向|跟|和|找)(?:政府|领导|上面|上级|有关部门|相关部门|部门|恁们?|你们?|市里|县里|区里|"
    r"镇上|政府部门)"
)
# does it take appeals: 恁这能反映事儿不, 这里可以投诉吗, 恁这个网页能给政府反映问题不
_TAKES = (
    r"(?:请问|问一下|那个)?"
    + _YOU
    + r"(?:能|可以|能不能|可不可以|能否)(?:在这|在这里|在这儿|在网上)?(?:"
    + _TO
    + r")?(?:反映|投诉|报|提|登记|说|留言|举报)(?:个|点|一下)?(?:事儿?|事情|问题|情况)?"
    + _ASK_END
    + r"?"
)
# does it hear or see: 恁能看见俺发的消息不, 你们能收到吗, 俺刚才发的语音恁听见了没
_HEARS = (
    _YOU
    + r"(?:能|可以)?"
    + _SEEN
    + r"(?:了)?(?:俺|我)?(?:刚才|刚刚|刚)?(?:发的|说的|的)?"
    + _THING
    + r"?(?:说话)?"
    + _ASK_END
    + r"|(?:俺|我)(?:刚才|刚刚|刚)?(?:发|说|留)的"
    + _THING
    + _YOU
    + r"(?:能)?"
    + _SEEN
    + r"(?:了)?"
    + _ASK_END
)
# does it understand: 恁这能听懂俺说话不, 你能明白我的意思吗, 俺说话恁能听懂不
_GRASP = r"(?:听懂|听得懂|看懂|看得懂|听明白|看明白|弄明白|明白|懂|听清楚|看清楚|认得|识别)"
_SPEECH = r"(?:方言|土话|家乡话|菏泽话|山东话|意思|字|话)"
_UNDERSTANDS = (
    _YOU
    + r"(?:能|可以|会)?"
    + _GRASP
    + r"(?:了)?(?:俺|我)?(?:说的?|讲的?|打的|写的|的)?(?:话)?"
    + _SPEECH
    + r"?"
    + _ASK_END
    + r"|(?:俺|我)(?:说的?|讲的?|打的|写的)"
    + _SPEECH
    + r"?"
    + _YOU
    + r"(?:能|可以)?"
    + _GRASP
    + _ASK_END
    + r"|(?:能|可以)?(?:说|讲)"
    + _SPEECH
    + r"(?:不|吗|么|不能|中不|行不|可以不|可以吗|行吗)"
)
# is it the hotline: 这是12345不, 这是不是市长热线, 是政府的网站吗, 12345吗
_HOTLINE_NAME = (
    r"(?:菏泽(?:市)?的?)?(?:12345|一二三四五|市长热线|政府热线|便民热线|政务热线|服务热线|"
    r"政府的?(?:网站|网页|平台|热线|公众号)?|官方的?(?:网站|平台)?|热线)(?:热线|平台|网站|的)?"
)
_IS_HOTLINE = (
    r"(?:请问)?(?:这|这里|这儿|这边|恁这|你们这|你这|恁们?|你们?|您)?(?:个)?(?:就)?"
    r"(?:是不是|是)"
    + _HOTLINE_NAME
    + r"(?:不是|吗|不|么|吧|啊|呀|呢|对吧|对不对|没错吧)?|"
    + _HOTLINE_NAME
    + r"(?:吗|不|么|吧|是吧|对吧)"
)
# does it act: 恁管事儿不, 你们管不管用, 反映了能解决不
_ACTS = (
    r"(?:反映了?|说了|报了?)?"
    + _YOU
    + r"(?:能|可以|会)?(?:管事儿?|管用|顶用|办事儿?|给办事儿?|解决问题|给解决|给办|管这些?事儿?|"
    r"处理问题|解决)(?:不|吗|么|没|啊|呀|不管|不能|不了)|"
    + _YOU
    + r"(?:管不管(?:事儿?|用)?|能不能(?:管事儿?|管用|办事儿?|解决问题?|给办)|顶不顶用)"
    r"(?:啊|呀|呢)?"
)
_GREETING = r"(?:有人吗|有人没|有人不|在吗|在不在|在不|喂+|你好|您好|恁好|你好啊|您好啊|恁好啊)"
_KINDS = (
    ("channel_hotline", gated(_IS_HOTLINE + "|" + _ACTS)),
    ("channel_understood", gated(_UNDERSTANDS)),
    ("channel_heard", gated(_TAKES + "|" + _HEARS)),
)
_ANY = "(?:" + "|".join(f"(?:{p.pattern})" for _, p in _KINDS) + ")"
_SERVICE_Q = gated(r"^(?:" + _GREETING + r")*(?:" + _ANY + r")+$")
_GREETINGS = re.compile(r"^(?:" + _GREETING + r")+")
_VOICE = re.compile(r"语音")


def service_question(r: Reading) -> str | None:
    """The reply to a message that only asks about the service (whether it takes, hears,
    understands the citizen, whether it is the hotline and acts), e.g. after a greeting
    ("有人吗 恁这能反映事儿不"), else None. The key of the wording table: is it the
    hotline / does it act (``channel_hotline``) first, then understanding
    (``channel_understood``), then taking and hearing (``channel_heard``). Nothing else may
    be in it (a place read from it to "where?" is a misreading: the whole message is the
    question)."""
    if r.phone is not None or r.order_number is not None or len(r.plain) > 30:
        return None
    return service_kind(r.plain)


def service_kind(text: str) -> str | None:
    """:func:`service_question` on a text (folded, without punctuation and spaces)."""
    if len(text) > 30:
        return None
    said = _GREETINGS.sub("", text)
    if content_len(said) < 3 or _SERVICE_Q.match(text) is None:
        return None
    for key, pattern in _KINDS:
        if pattern.search(said) is not None:
            return key
    return "channel_heard"


def channel_question(r: Reading) -> bool:
    """The message only asks about the service itself (see :func:`service_question`)."""
    return service_question(r) is not None


def no_matter(matter: str) -> bool:
    """A matter taken down that is only a question about the service (「恁这个网页能给政府
    反映问题不」): what the citizen tells next replaces it."""
    return bool(matter) and "（补充）" not in matter and service_kind(plain(matter)) is not None


def about_voice(r: Reading) -> bool:
    """The channel question is about a voice message ("语音恁听见了没")."""
    return _VOICE.search(r.plain) is not None
