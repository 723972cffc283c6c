"""A suggestion is a matter to file, not a question to answer (trial8 F16).

「建议在河边多装几个路灯」 asks for something to be done or added (建议, 希望, 能不能多…,
最好…): it is taken down and sent to the unit in charge (第十二条: 意见建议 are appeals),
never answered with a knowledge-base article that shares its words (路灯报修). A question
about what the rules are (建议 as a noun in 有什么建议, 投诉建议渠道) is no suggestion.
"""

from __future__ import annotations

from nlu.questions import Kind, reading
from nlu.regate import gated

#: Asking for something to be added, built, changed or done more: 建议/希望/盼望/请求 with
#: an act, 能不能/可不可以 + 多/再 + an act, 最好/应该 + an act.
_ACT = (
    r"(?:多|再|增加|增设|加装|加设|安装|装|安|设|建|修|开|划|种|放|配|改|调|延长|拓宽|"
    r"取消|恢复|整治|规划|开通|设置|搞|弄|派|加强)"
)
_SUGGESTION = gated(
    r"(?:建议|提个?建议|提议|希望|盼望|恳请|呼吁|请求)(?:一下|有关部门|政府|相关部门|你们|恁们?|领导)?"
    r"[^。！？!?]{0,16}?" + _ACT + r"|"
    r"(?:能不能|能否|可不可以|可否|是不是可以|最好|应该|应当)(?:在[^，。,\s]{1,10})?(?:多|再|增加|增设|加装)"
    r"(?:装|安|设|建|修|开|种|放|配|几|一些|点|个)"
)
#: 建议 as a thing asked about (what suggestions, where to give them), not one given.
_NOT_GIVEN = gated(
    r"(?:什么|啥|哪些|有没有)(?:好的?)?建议|建议(?:渠道|信箱|箱|怎么提|往哪|去哪|在哪)"
)


def suggests(text: str) -> bool:
    """Whether ``text`` (normalized) gives a suggestion: something to add, build, change or
    do more of, asked of the authorities."""
    return _SUGGESTION.search(text) is not None and _NOT_GIVEN.search(text) is None


def question_or_matter(text: str) -> Kind | None:
    """:func:`nlu.questions.reading`, with a suggestion read as a matter to file first
    (「建议…多装几个路灯」 has 几个, a question form, but asks nothing)."""
    return "matter" if suggests(text) else reading(text)
