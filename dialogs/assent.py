"""Yes or no by meaning: an answer made only of words of assent (or their negation),
fillers, thanks and forms of address, in any order and any number.

"中 就这么着吧 谢谢恁啊", "行吧就这样", "中中", "嗯呐 可以的", "妥了 没毛病" are yes;
"不中", "不行啊", "那可不对" are no. A word of assent after 不/没/别 is its negation,
except the words that already carry one in a positive sense (没问题, 没毛病, 没错, 不错).
Anything else in the message (a place, a correction, a matter) leaves the answer to the
other readings (``None``).
"""

from __future__ import annotations

from nlu.regate import gated

# a positive meaning with a negative word in it: read before any negation
_POSITIVE_NEG = r"没问题|没啥问题|没什么问题|没毛病|没啥毛病|没错|没有错|不错|无误|没差"
# what assents: agreement, rightness, going ahead, understanding (Mandarin and Shandong /
# Henan speech)
_ASSENT = (
    r"确认无误|确认提交|确认|确定|提交|同意|这么回事|这回事|这个意思|这意思|就这么着|这么着|就这么办|这么办|就这样|这样|就那样|"
    r"就它了|就这|可以|能行|行|中|成|好|妥|对头|对|是|得嘞|明白|懂|晓得|嗯呐|嗯哪|嗯|呐|哎|欸|诶|"
    r"ok|okay|yes|y"
)
# what a negation turns into no ("不中", "不行", "不对", "不可以")
_NEGATED = r"(?:不|没|别|甭)(?:太|大|是很)?(?:" + _ASSENT + r")"
# words that carry no answer of their own
_FILLER = (
    r"谢谢|谢了|多谢|感谢|麻烦了?|辛苦了?|劳驾|恁们|恁|您们|您|你们|你|同志|师傅|大姐|大哥|"
    r"那就|那|就|也|都|挺|很|蛮|真|吧|啊|呀|哇|嘞|咧|呢|哈|的|了|呗|哦|噢|喽|啦|嘛|滴|呃|唉|哩|"
    r"这个|这回|给|可|倒"
)
_TOKEN = gated(
    rf"(?P<pos>{_POSITIVE_NEG})|(?P<neg>{_NEGATED})|(?P<yes>{_ASSENT})|(?P<fill>{_FILLER})"
)


def assent(p: str) -> bool | None:
    """True (yes) or False (no) when ``p`` (plain text: no spaces or punctuation, lower
    case) is made only of assent, its negation and fillers; None otherwise."""
    if not p:
        return None
    pos = 0
    kinds: set[bool] = set()
    while pos < len(p):
        m = _TOKEN.match(p, pos)
        if m is None:
            return None
        if m.lastgroup != "fill":
            kinds.add(m.lastgroup != "neg")
        pos = m.end()
    # both ("中 不中"): no answer of its own
    return kinds.pop() if len(kinds) == 1 else None
