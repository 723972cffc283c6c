"""An opener with no content (issue 12, trial8 F01, trial9 F01): "俺想说个事",
"俺寻思跟恁说个事儿", "俺有点事想问问恁", "想跟恁们反映个情况", "麻烦问您个事": a
matter or a question is coming, none is told yet. Read as words of an opener in any
order (who, wanting, to whom, saying or asking, "a thing"), never as a list of
sentences. Used by :func:`dialogs.reading.read`.
"""

from __future__ import annotations

import re

from nlu.regate import gated

__all__ = ["opener"]

# the words an opener is made of, in any order; longer words first
_PART = (
    r"(?:[我俺咱]们?|[你您恁]们?|寻思|琢磨|打算|准备|想要|想|要|得|来|就|再|还|这儿|这边|这|那个|那|嗯|"
    r"跟|和|给|向|同|找|对|麻烦|劳驾|求|请|"
    r"说说|说|讲讲|讲|唠唠|唠|聊聊|聊|反映|反应|投诉|举报|求助|报|办|问问|问|咨询|打听|请教|"
    r"一下|下|有|一个|个|一件|件|一点|点|一些|些|事儿|事情|事|问题|情况|啊|呀|吧|哈|了|呢|嘛)"
)
# an interjection or filler before it ("喂", "那啥", "哎"), a question tag after it ("中不中",
# "行不行", "可以不", "好吗"): no content either
_LEAD = r"(?:(?:喂|哎|诶|嘿|哈喽|那啥|那个啥|这个啥|是这样|是这么回事)+(?:呀|啊)?)?"
_TAG = r"(?:(?:中|行|可以|好|成)(?:不(?:中|行|可以|好|成)?|吗|么|啵|呗))?[啊呀吧]?"
#: dialect verbs of telling ("说道说道", "掰扯掰扯", "念叨念叨"), longest first
_TELL = r"说道说道|说道|掰扯掰扯|掰扯|念叨念叨|念叨|絮叨絮叨|拉呱拉呱|拉呱|叨叨"
_OPENER = gated(rf"{_LEAD}(?:{_TELL}|{_PART})+{_TAG}")
# "a thing" (事, 问题, 情况): what an opener announces
_THING = re.compile(r"事|问题|情况")
# saying, asking or having it ("说", "问", "有个事"): an opener does one of these
_DOING = re.compile(
    r"说|讲|唠|聊|掰扯|念叨|絮叨|拉呱|叨叨|反映|反应|投诉|举报|求助|报|办|问(?!题)|咨询|打听|请教|有|麻烦|劳驾|求|找"
)
_ASKING = re.compile(r"问(?!题)|咨询|打听|请教")


def opener(p: str) -> bool | None:
    """For ``p`` (plain text), None when it is no opener; else whether the opener asks
    (True: "俺有点事想问问恁") or announces a matter (False: "俺寻思跟恁说个事儿")."""
    if not p or len(p) > 24 or _OPENER.fullmatch(p) is None:
        return None
    if _THING.search(p) is None or _DOING.search(p) is None:
        return None
    return _ASKING.search(p) is not None
