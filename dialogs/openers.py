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
_OPENER = gated(rf"(?:{_PART})+")
# "a thing" (事, 问题, 情况): what an opener announces
_THING = re.compile(r"事|问题|情况")
# saying, asking or having it ("说", "问", "有个事"): an opener does one of these
_DOING = re.compile(
    r"说|讲|唠|聊|反映|反应|投诉|举报|求助|报|办|问(?!题)|咨询|打听|请教|有|麻烦|劳驾|求|找"
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
