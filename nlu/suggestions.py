"""A suggestion is a matter to file, not a question to answer (trial8 F16).

「建议在河边多装几个路灯」 asks for something to be done or added (建议, 希望, 能不能多…,
最好…), and so does 「能不能在实验小学门口设个红绿灯」 (a place and a thing to set up
there, trial9 F16): it is taken down and sent to the unit in charge (第十二条: 意见建议 are
appeals), never answered with a knowledge-base article that shares its words (路灯报修). A question
about what the rules are (建议 as a noun in 有什么建议, 投诉建议渠道) is no suggestion.
"""

from __future__ import annotations

from nlu.knowledge_handling import only_handling_time
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
    r"(?:装|安|设|建|修|开|种|放|配|几|一些|点|个)|"
    # a plain 能 asking for more of a public thing ("公园能多放几个座椅不", "能多装几盏灯不");
    # not 开 (能多开点药不: a patient's question)
    r"能多(?:装|安|设|建|修|种|放|配|加)"
)
#: Building or setting something up at a place (设个红绿灯, 修个公厕, 画条斑马线) ...
_BUILD = r"(?:加装|增设|安装|设置|设|装|安|建|修|画|划|种|放|配|挖|铺|搭|立|挂|栽)"
_SOME = r"(?:个|一个|几个|条|一条|几条|道|座|盏|排|处|些|一些|点)"
#: ... a thing of public use set up somewhere (the place may come first: 二中门口能不能…).
_FACILITY = (
    r"(?:红绿灯|信号灯|路灯|监控|摄像头|减速带|斑马线|人行道|护栏|栏杆|垃圾桶|垃圾箱|公厕|厕所|"
    r"充电桩|停车位|车位|公交站|站牌|天桥|地下通道|座椅|长椅|健身器材|路|桥|排水沟|标志|标线|"
    r"警示牌|指示牌|牌子|凉亭|花坛|树)"
)
#: A citizen's suggestion for a place (trial9 F16): 能不能/应该/最好 + 在或给 + the place +
#: something to build or set up (能不能在实验小学门口设个红绿灯), or + something of public use
#: (能不能画条斑马线). A procedure asked about a place (能不能在网上办居住证, 在菏泽开个公司)
#: builds nothing.
_PLACE_SUGGESTION = gated(
    r"(?:能不能|能否|可不可以|可否|是不是可以|最好|应该|应当|该)"
    r"(?:(?:在|给|往)(?!哪)[^，。,\s]{1,12}?" + _BUILD + _SOME + r"|"
    r"[^，。,\s]{0,4}?" + _BUILD + _SOME + _FACILITY + r")"
)
#: More of a public service asked for (trial10 F16): a modal or a wish, then more runs of a
#: bus or longer opening hours, the service named before or after the act
#: (「能不能在汽车站加开一趟去鄄城的公交」, 「把去曹县的班车多开几趟」, 「末班车往后延一延」,
#: 「俺们这边能不能通个公交」).
#: Riding or buying a ticket asks nothing to change (能不能坐公交去鄄城).
_WISH = r"(?:能不能|能否|可不可以|可否|是不是可以|最好|应该|应当|希望|建议|盼着?|盼望|恳请|请求)"
_MORE = (
    r"(?:加开|增开|多开|多发|多跑|加密|加班|开通|通个?|开个|开一?条|往后延|延一延|往后推|"
    r"延长|推迟|提前|早点开|晚点收|加个|加一?趟|加几|增加)"
)
_RUN = r"(?:公交|班车|客车|车次|班次|末班|首班|线路|专线|趟|班|站|开放时间|营业时间|办公时间)"
_SERVICE_MORE = gated(
    _WISH
    + r"[^。！？!?]{0,16}?(?:"
    + _MORE
    + r"[^。！？!?]{0,12}?"
    + _RUN
    + r"|"
    + _RUN
    + r"[^。！？!?]{0,8}?"
    + _MORE
    + r")"
)
#: 建议 as a thing asked about (what suggestions, where to give them), not one given.
_NOT_GIVEN = gated(
    r"(?:什么|啥|哪些|有没有)(?:好的?)?建议|建议(?:渠道|信箱|箱|怎么提|往哪|去哪|在哪)"
)


def suggests(text: str) -> bool:
    """Whether ``text`` (normalized) gives a suggestion: something to add, build, change or
    do more of, asked of the authorities."""
    given = (
        _SUGGESTION.search(text) is not None
        or _PLACE_SUGGESTION.search(text) is not None
        or _SERVICE_MORE.search(text) is not None
    )
    return given and _NOT_GIVEN.search(text) is None


def question_or_matter(text: str) -> Kind | None:
    """:func:`nlu.questions.reading`, with a suggestion read as a matter to file first
    (「建议…多装几个路灯」 has 几个, a question form, but asks nothing), and a question of
    how long the handling takes that tells nothing else a question (「这个事多长时间能处理完」:
    the hotline's time limit, :mod:`nlu.knowledge_handling`)."""
    if suggests(text):
        return "matter"
    if only_handling_time(text):
        return "question"
    return reading(text)
