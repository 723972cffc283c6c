"""What a learned 第十三条 finding needs besides a positive margin (trial8 F01).

The learned reading of the kinds (:class:`nlu.triage_kinds.KindModel`) scores character
n-grams: an opener with no content at all (「俺想说个事」, 俺 being 我 in the Heze dialect)
shares 俺想 … 个 with the requests of its examples (俺想买个…, 俺想弄个…) and got the (五)
illegal-matter answer. A finding therefore needs the *content* of a request: the sentence
with the words of telling, asking, greeting and answering taken out (:func:`content`) must
keep at least :data:`MIN_CONTENT` Han characters, and the kind's margin counting only the
model's character n-grams that hold a content character (:func:`content_gram`) must reach
``nlu.triage_kinds.MIN_EVIDENCE``: the evidence is in what is asked, not in how it is asked.
"""

from __future__ import annotations

import re

#: Words that carry no matter: persons (俺 恁 咱 = 我 你 咱们), telling and asking (说个事,
#: 问问, 反映点情况, 打听), greeting and answering (在吗, 喂, 中, 行, 好的), modal and filler
#: words (想, 要, 能不能, 一下, 就是), particles. Longest first where one contains another.
_FUNCTION_RE = re.compile(
    r"俺们|我们|咱们|恁们|你们|他们|她们|人家|俺|我|咱|恁|你|您|他|她|"
    r"事儿|事情|情况|问题|说法|"
    r"说说|讲讲|问问|听听|想想|看看|帮帮|反映|咨询|打听|了解|请问|麻烦|"
    r"一下|一点|一些|就是|那个|这个|这些|那些|还有|可以|能不能|可不可以|行不行|中不中|"
    r"在不在|是不是|有没有|知道|完了|不知道|看着办|怎么办|咋办|等一下|"
    r"喂|嗯|哦|噢|哎|唉|啊|呀|吧|呢|吗|嘛|哈|啦|么|了|的|得|地|着|"
    r"想|要|说|讲|问|听|找|帮|给|请|有|个|件|点|些|事|下|一|就|还|再|也|都|又|"
    r"在|是|能|会|中|行|好|对|不|没|咋|啥|办|热线|政府|12345"
)
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")

#: Han characters of content a sentence needs before the learned reading may find a kind.
MIN_CONTENT = 2


def content(sentence: str) -> str:
    """``sentence`` with the words that carry no matter taken out (:data:`_FUNCTION_RE`),
    the rest kept in order, separated by spaces where words were taken out."""
    return " ".join(_FUNCTION_RE.sub(" ", sentence).split())


def has_content(sentence: str) -> bool:
    """Whether ``sentence`` keeps at least :data:`MIN_CONTENT` Han characters of content."""
    return len(_HAN_RE.findall(content(sentence))) >= MIN_CONTENT


#: Characters that alone carry no matter (persons, telling and asking, modal words,
#: measure words, particles): an n-gram made only of them (俺想, 想说, 说个, 个事) is how a
#: request is put, never what it asks for.
FUNCTION_CHARS = frozenset(
    "俺我咱恁你您他她们想要说讲问听找帮给请有个件点些事儿下一就还再也都又在是能会中行好"
    "对吗呢啊呀吧嘛哈啦么了的得地着喂嗯哦噢哎唉咋啥 "
)


def content_gram(gram: str) -> bool:
    """Whether the character n-gram ``gram`` holds a character of content."""
    return any(c not in FUNCTION_CHARS for c in gram)
