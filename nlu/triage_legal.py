"""第十三条 (二): a matter in (or for) a legal procedure, never by one word alone.

A word of a procedure (法院, 官司, 仲裁, 复议, 信访, 纪委, 检察院 ...) decides only with a
frame that makes the citizen's own matter that procedure's: the case is in it (已经立案,
判了, 开过庭, 仲裁还没裁, 信访件转到镇上, 纪委在查), the citizen means to use it (想复议,
申请仲裁, 起诉找谁) or asks the hotline to act inside it (给法官说说, 催催仲裁委). A message
merely naming the word (法院门口, 纪委的领导你们好, 邻居和开发商打官司, a letter's history
of where the citizen has been) is an ordinary appeal. A letter longer than
:data:`LETTER_CHARS` is never decided by these words: its matter is what it asks for.
Also state compensation (国家赔偿) and a relative's criminal case (拘留, 逮捕, 审查起诉),
each a kind of ``config/nlu/triage_kinds.yml`` with its reason and law.

Source: 《菏泽市12345政务服务便民热线条例》第十三条(二); figures ``bench/triage_kinds.py``.
"""

from __future__ import annotations

from nlu.regate import Matcher, gated
from nlu.triage_kinds import kind_finding
from nlu.types import Triage

__all__ = ["LETTER_CHARS", "OVER_FAVOUR", "comes_first", "lawful_custody", "legal_procedure"]

#: Messages longer than this are letters: a procedure named in them does not decide.
LETTER_CHARS = 80

#: The procedure's words by the kind (channel) they name, read in this order.
_WORDS: tuple[tuple[str, Matcher], ...] = (
    ("compensation", gated(r"国家赔偿|(?:错抓|错捕|错判|错拘|冤狱|冤案)[^。！？!?]{0,20}赔")),
    (
        "detention",
        gated(r"刑拘|刑事拘留|逮捕|批捕|看守所|取保候审|羁押|检察院|公诉|审查起诉|留置"),
    ),
    ("corruption", gated(r"纪委|监委|监察委|纪检|违纪|贪污|受贿|索贿|行贿|挪用公款")),
    ("arbitration", gated(r"仲裁")),
    ("review", gated(r"复议")),
    ("petition", gated(r"信访|上访|复查意见|复核意见")),
    (
        "court",
        gated(
            r"起诉|诉讼|打官司|官司|立案|判决|改判|裁定|法院|法官|法庭|强制执行|执行局|"
            r"开庭|上诉|一审|二审|再审|抗诉|被告|原告|被执行人|执行法官|终结本次执行|终本|调解书"
        ),
    ),
)

_MINE = r"(?:俺|我|咱)(?:们|家)?"
#: The citizen's own matter is in the procedure, is to go to it, or the hotline is asked to
#: act inside it.
_FRAME_RE = gated(
    # the own case
    _MINE + r"(?:的|这个|那个|这|那)?(?:案子|官司|信访件|信访事项|仲裁|复议|诉讼)"
    # in the procedure already
    r"|已经?(?:在|向|到|去)?[^，。！？,!?\s]{0,8}(?:起诉|立案|立上|申请|仲裁|复议|上访|信访|开庭|判|"
    r"受理|查)"
    r"|(?:立|立上)(?:了|案了)|(?:上访|信访|起诉|仲裁|复议|告)(?:过|了)|开(?:过|了)庭"
    r"|(?:受理|立案|开庭)了|(?:上访|信访|起诉|告)[^，。！？,!?\s]{0,3}(?:回|次|趟)"
    r"|(?:法院|法官|仲裁委|仲裁庭|仲裁院|复议机关|信访局|执行局)[^，。！？,!?\s]{0,6}(?:拖|不管|不执行|不办|扣|拍卖|查封|冻结|划走|封了)"
    r"|(?:判决|裁决|裁定|复议决定|处罚决定|决定)书?(?:都|已经)?(?:下来|生效|出来)"
    r"|判(?:了|下来|完)|不服|(?:正在|还在|在)[^，。！？,!?\s]{0,4}(?:打|审|办|查|调查|排)|立案调查"
    # a paper of the procedure in hand, its performance, the case's course (sixteenth round)
    r"|(?:判决|调解|裁决|裁定|复查|复核|受理)(?:意见|告知)?书[^，。！？,!?\s]{0,4}(?:拿到|下来|写|生效|给了|出来)"
    r"|(?:判决|调解|裁决|裁定|复查|复核|受理)(?:意见|告知)?书"
    r"|申请(?:了)?(?:强制)?执行|被执行人|终结本次执行|(?:官司|案子)[^，。！？,!?\s]{0,2}(?:输|赢|判)"
    r"|上诉了|一审|二审|(?:登记|递交|交)(?:过|了)|走(?:了)?(?:信访|诉讼|仲裁|法律程序)"
    r"|(?:还|一直|迟迟|到现在)?(?:没|不|木)(?:有)?(?:给)?(?:开庭|判|立案|执行|裁|受理|答复|结论|"
    r"动静|结果|个结果|个准话)"
    r"|(?:转到|转给|转交)[^，。！？,!?\s]{0,6}(?:镇|乡|县|区|街道|局)"
    r"|被[^，。！？,!?\s]{0,6}(?:刑拘|拘留|逮捕|批捕|抓|关|起诉|判)"
    # to use it
    r"|(?:想|要|准备|打算|得)(?:去)?(?:申请)?(?:起诉|打官司|告|仲裁|复议|上访|信访|上诉|再审|赔偿)"
    r"|申请(?:劳动)?仲裁|申请(?:行政)?复议|申请国家赔偿"
    r"|(?:复议|起诉|仲裁|立案|赔偿|信访)[^，。！？,!?\s]{0,4}(?:找谁|去哪|上哪|咋|怎么|哪个部门|"
    r"在哪)"
    # the hotline asked to act inside it
    r"|(?:给|跟|让|叫)(?:法官|法院|仲裁员|仲裁委|仲裁庭|检察院|信访局|纪委|监委)"
    r"|催催?(?:法官|法院|仲裁委|仲裁庭|信访局)|(?:给|帮)(?:俺|我)?(?:判|改判)"
    r"|(?:能不能|能否|可不可以)(?:直接)?(?:判|放|不起诉|取保)"
    r"|啥时候(?:能)?(?:放|判|开庭)|能判几年"
    r"|(?:能|可以|能不能|可不可以)(?:去)?(?:起诉|告|申请仲裁|仲裁|申请复议|复议|打官司|上诉)"
)
#: A relative (whose criminal case the citizen asks about).
_KIN_RE = gated(
    r"(?:俺|我|咱)(?:们)?(?:家)?(?:儿子|闺女|女儿|男人|老公|媳妇|老婆|丈夫|妻子|哥|弟|姐|妹|爹|娘|"
    r"爸|妈|孩子|兄弟|家人|亲戚)"
)
#: An official (with a word of corruption, or a 纪委 at work on them).
_OFFICIAL_RE = gated(
    r"支书|书记|村长|村主任|村干部|干部|会计|局长|科长|镇长|乡长|所长|主任|官员|公务员|民警|"
    r"警察|城管|队长|站长|院长|校长"
)
#: The official reported to the 纪委 (向纪委举报村支书).
_REPORTED_RE = gated(r"举报|反映|检举|告(?:他|她)")
#: The word not meant as the procedure: a place or building named after it, refused,
#: legal aid asked about, a policy suggested.
_NOT_MEANT_RE = gated(
    r"(?:法院|检察院|信访局|纪委|仲裁委)(?:的)?(?:门口|旁边|附近|对面|[东西南北前后]边|家属院|宿舍|小区|"
    r"路|围墙|大楼|停车场)"
    r"|(?:不想|不愿意?|不用|不打算|没想|没钱|别)(?:去|上|到|找)?(?:打官司|起诉|法院|仲裁|上访|信访)"
    r"|法律援助|建议|希望(?:国家|政府|上级)"
)

#: A petition the citizen says they will make (要上访, 就去信访, 准备上访): a threat or a
#: plan, not a matter in the procedure (trial9 N12).
_WILL_PETITION_RE = gated(r"(?:想|要|准备|打算|得|就|都|们)(?:去|再去|一起去|集体)?(?:上访|信访)")

#: Kinds a legal procedure comes before: asking the court's judge or the arbitrator to
#: favour them is still a case in that procedure (第十三条(二) before (五)).
OVER_FAVOUR = frozenset(
    {"evade", "job_favour", "forbidden", "fake_doc", "personal", "trade", "judicial", "ineligible"}
)


def comes_first(legal: Triage, other: Triage | None) -> bool:
    """Whether the (二) finding ``legal`` replaces ``other`` (a (四)-(六) finding of the
    concepts, or None): a favour asked inside a case is the case's; a relative detained
    and a favour to get them out (找关系放出来) stays (五)."""
    if other is None:
        return True
    if legal.kind == "detention" and other.kind == "evade":
        return False
    return other.kind in OVER_FAVOUR


#: Emergency words that a lawful custody or seizure also says (关, 扣, 押, 抓, 不放人).
_CUSTODY_RE = gated(r"关|扣|押|拘|抓|锁|不放|不让(?:我)?走|带走")


def lawful_custody(legal: Triage, emergency_words: list[str], text: str) -> Triage | None:
    """``legal`` when it replaces the emergency seen in ``text`` (``emergency_words``: the
    emergency rules' matches; none when the learned detector alone saw it): a relative's
    criminal case or a court's case (关在看守所, 执行局扣了车) only when every emergency word
    is one of custody; a club, a fire or a beating told beside a case stays an emergency."""
    if legal.kind not in ("detention", "court"):
        return None
    said = emergency_words or [text]
    return legal if all(_CUSTODY_RE.search(w) for w in said) else None


def legal_procedure(text: str) -> Triage | None:
    """The (二) finding of normalized ``text`` when a procedure's word meets a frame of the
    citizen's own matter in it (see the module), with the kind it names (``court``,
    ``arbitration``, ``review``, ``petition``, ``corruption``, ``detention``,
    ``compensation``); None for a letter over :data:`LETTER_CHARS` characters, a word
    alone, or a word not meant as the procedure."""
    if len(text) > LETTER_CHARS or _NOT_MEANT_RE.search(text):
        return None
    for kind, words in _WORDS:
        m = words.search(text)
        if m is None:
            continue
        if kind == "corruption":
            framed = _OFFICIAL_RE.search(text) is not None and (
                _FRAME_RE.search(text) is not None
                or _REPORTED_RE.search(text) is not None
                or m.group(0) not in ("纪委", "监委", "纪检")
            )
        elif kind == "detention":
            framed = _FRAME_RE.search(text) is not None or _KIN_RE.search(text) is not None
        elif kind == "petition":
            # "俺们要上访" said in anger over a fee or a noise is no matter in the procedure:
            # only a petition made (信访过, 受理了, 复查意见书) or asked about decides
            framed = _FRAME_RE.search(_WILL_PETITION_RE.sub(" ", text)) is not None
        else:
            framed = _FRAME_RE.search(text) is not None
        if framed:
            return kind_finding(kind, m.group(0))
    return None
