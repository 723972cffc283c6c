"""Refusals of contact read by their parts, not by whole phrases (issue 12).

A citizen refuses a contact with three parts in any order inside one clause: a
negation or unwillingness (不、别、不想、不敢、可不能、千万别 …), a verb of giving it
(留、给、说、告诉、报、写、透露、暴露 …) and what is withheld (名字 / 电话 / 身份):

- object first: ``名字就不说了``, ``号码就算了``, ``电话名字都保密``, ``我的身份不能暴露``;
- negation first: ``不想把名字告诉你们``, ``别写我名儿``, ``俺不想给号``, ``不署名``;
- not wanting the unit to know who reported: ``不想让单位知道是谁反映的``,
  ``千万别说是我反映的``, ``别暴露我``;
- not wanting a call back: ``别给我回电话``, ``不要联系我``, ``回访电话就别打了``.

What is withheld decides what is declined: a name (名字、姓名、称呼、叫啥) is ``name``, a
phone (电话、手机号、号码、联系方式) is ``phone``; one's identity (身份、个人信息、
是谁反映的) and the compounds of 名 that mean anonymity (留名、露名、署名、实名、匿名:
做好事不留名) are both. Somebody else's refusal told in a matter (``物业连个电话都不留``,
``客服不提供电话``, ``物业说不留名的投诉不处理``) is no refusal of the citizen's.
"""

from __future__ import annotations

import functools
import re

#: Clause boundaries: what a refusal never spans.
_CLAUSE = re.compile(r"[\s,，.。!！?？;；、~～…]+")
_NEG = (
    r"(?:千万别|千万不要|可别|可不能|可不敢|不能|不敢|不想|不愿意?|不方便|不便|不必|不需要|不用|"
    r"不要|不希望|没法|甭|别|莫|不)"
)
#: Giving (or being asked for) what identifies the citizen.
_GIVE = r"(?:留|给|说|讲|告诉|提供|透露|写|登记|报|记(?!得)|露|暴露|公开|填|问|署|打|实名)"
#: The same before its object: calling or asking is not giving (不打电话通知 is a matter).
_GIVE_NF = r"(?:留|给|说|讲|告诉|提供|透露|写|登记|报|记(?!得)|露|暴露|公开|填|署|实名)"
_NAME = (
    r"(?:真实姓名|姓名|名字|名儿|真名|称呼|怎么称呼|姓啥|姓什么|叫啥|叫什么|"
    # "名就不说了" (not 报名, 签名, 地名 ...)
    r"(?<![报签点排出有成姓命地书题品人起改匿署留露实具])名(?=[就也都]|不|别|保密))"
)
_PHONE = (
    r"(?:回访电话|联系电话|电话号码|手机号码|手机号|联系方式|电话|手机|号码|"
    r"(?<![挂编型门楼账单排叫字车考学证])号(?![楼院码牌]))"
)
_IDENT = r"(?:身份信息|个人信息|身份(?!证)|信息|资料|隐私)"
_OBJ = f"(?:{_NAME}|{_PHONE}|{_IDENT})"
_OBJS = rf"(?P<objs>{_OBJ}(?:(?:和|跟|与|还有|以及|加|或)?{_OBJ})*)"
#: What may stand between the object and its refusal (名字你们就别记了, 身份一定要保密).
_FILL = (
    r"(?:就|也|还是|都|我|俺|你们|恁|这个|那个|这|的|嘛|呢|吧|可|一定|一定要|千万|先|暂时|咱|"
    r"一概|一律|全|全都|统统|啥的|什么的)*"
)
#: Where it would be given (不往上写, 不往外说).
_WHERE = r"(?:往上|往外|在上面|出去|出来)?"
#: A refusal that follows its object (…就不说了, …保密, …就算了, …不方便).
_STATE = (
    rf"(?:{_NEG}(?:再|给|跟|让)?(?:你们|恁)?{_WHERE}{_GIVE}|{_NEG}(?:了|啦|吧)|保密|免了|算了|不方便|"
    rf"不便透露|不便|不用了|别问了|不提供|不公开)"
)
_OBJECT_FIRST = re.compile(rf"{_OBJS}{_FILL}{_STATE}")
#: Negation, then the giving and the object in either order (不想把名字告诉你们, 别写我名儿).
_NEG_LEAD = (
    rf"{_NEG}(?:想|愿意?|敢|给|要|用|再|让|想要)?(?:把|将)?(?:我的|俺的|我|俺|任何|啥|个)?{_WHERE}"
)
_NEG_FIRST = (
    re.compile(rf"{_NEG_LEAD}{_GIVE_NF}(?:给)?(?:你们|恁|你|我的|俺的|我|俺|任何|个)?{_OBJS}"),
    re.compile(rf"{_NEG_LEAD}{_OBJS}(?:也|都)?{_GIVE_NF}"),
)
#: Anonymity in one word: 留名 / 露名 / 署名 / 实名 / 具名 / 匿名 refused or chosen.
_ANON_WORD = re.compile(
    rf"{_NEG}(?:想|愿意?|敢|要|用|能)?(?:留|露|署|具|实)名(?![字额单片次])|匿名|"
    r"(?:啥|什么|任何)(?:信息|东西)?(?:都|也)(?:不|不想|不愿意?|不敢)(?:留|给|说|提供|透露)|"
    r"不实名|别暴露我|别出卖我"
)
#: Not wanting anybody to know who reported (别让他们知道是我举报的, 千万别说是我反映的).
_WHO_REPORTED = re.compile(
    rf"{_NEG}(?:想|愿意?|能|要)?(?:让|叫|给|被)[^，。,\s]{{0,6}}(?:知道|晓得|发现)"
    r"(?:是(?:我|俺|谁)|谁|我|俺|(?=[了啊呀吧]*$))|"
    rf"{_NEG}(?:说|告诉|透露)[^，。,\s]{{0,6}}是(?:我|俺|谁)|"
    rf"{_NEG}(?:暴露|透露|出卖|供出)(?:我|俺)"
)
#: Not wanting a call back (别给我回电话, 不要联系我, 不用回访): asked of the hotline, not
#: told of somebody (不派送也不打电话通知).
_ASK_NOT = r"(?:千万别|千万不要|可别|不想|不希望|不需要|不用|不必|不要|甭|别)"
_NO_CALL = re.compile(
    rf"{_ASK_NOT}(?:再)?(?:给我|给俺|跟我|找我)?(?:回|打)(?:个)?(?:我|俺)?(?:的)?电话|"
    rf"{_ASK_NOT}(?:再)?(?:给我|给俺|跟我|跟俺)?(?:联系|回访|回电|打扰)(?:我|俺)?|"
    rf"{_ASK_NOT}(?:让|叫)?人?(?:打电话|来电话)(?:给我|找我)?"
)
#: Fear of being known, or exposure: anonymity, whatever is named (不敢露名字).
_EXPOSED = re.compile(r"不敢|可不敢|暴露|(?<![透])露(?!面)|公开")
#: Somebody else in the clause before the refusal: their refusal, told in a matter.
_THIRD = re.compile(
    r"他|她|人家|对方|物业|客服|老板|商家|店家|店里|医生|学校|老师|单位|公司|厂|村里|社区|医院|"
    r"快递|司机|工作人员|领导|干部|开发商|房东|中介|销售"
)
_MINE = re.compile(r"我|俺|咱")
#: What may come before the citizen's own wish in its clause (我可千万别…, 但是不想…).
_SPEAKER = re.compile(r"(?:我|俺|咱|可|千万|就|也|还是|但是|但|那|这个|所以|反正)*")
#: A whole answer that refuses whatever was asked (不留了, 不方便, 不想说, 保密).
BARE = re.compile(
    r"^(?:这个|那个|就|那就|还是|俺|我|这|那)*(?:不太|不大|不怎么|不)"
    r"(?:(?:想|愿意?|方便|便|能)(?:留|给|说|告诉|提供|透露)?|留|给|说|告诉|提供|透露)"
    r"(?:了|吧|啦|呢)*$|"
    r"^(?:这个|那个|就|那就|还是)*(?:保密|不用留了?|不用了吧)(?:了|吧|啦|呢)*$"
)
_NOT_BARE = re.compile(r"^(?:不对|不是|不行|不知道|不清楚|不会|不用|不要|不了|不中|不好)")


def _kinds(objs: str) -> set[str]:
    """What a run of objects withholds."""
    out: set[str] = set()
    if re.search(_IDENT, objs):
        out |= {"name", "phone"}
    if re.search(_NAME, objs):
        out.add("name")
    if re.search(_PHONE, objs):
        out.add("phone")
    return out


#: A clause naming only what is asked about (名字嘛 / 就不留了): read with the next one.
_TOPIC = re.compile(rf"{_OBJS}(?:嘛|呢|啊|吧|呀|的话|这个|那个|这块)*")


def _clauses(text: str) -> list[tuple[int, int, str]]:
    """The clauses of ``text`` with their start and end (a topic joined to its comment)."""
    out: list[tuple[int, int, str]] = []
    at = 0
    for part in _CLAUSE.split(text):
        if not part:
            continue
        start = text.find(part, at)
        at = start + len(part)
        if out and _TOPIC.fullmatch(out[-1][2]):
            out[-1] = (out[-1][0], at, out[-1][2] + part)
        else:
            out.append((start, at, part))
    return out


def _own(clause: str, start: int) -> bool:
    """The refusal at ``start`` is the citizen's (no third party before it in the clause)."""
    before = clause[:start]
    third = _THIRD.search(before)
    return third is None or _MINE.search(before[third.end() :]) is not None


def _in_clause(clause: str) -> list[tuple[set[str], int, int]]:
    """The refusals of one clause: what each withholds, its start and end in the clause."""
    out: list[tuple[set[str], int, int]] = []
    for rx in (_OBJECT_FIRST, *_NEG_FIRST):
        for m in rx.finditer(clause):
            if _own(clause, m.start()):
                kinds = _kinds(clause[m.start("objs") : m.end()])
                if _EXPOSED.search(m.group(0)):
                    kinds = {"name", "phone"}  # "不敢露名字": afraid to be known
                out.append((kinds, *m.span()))
    for m in _ANON_WORD.finditer(clause):
        if _own(clause, m.start()):
            out.append(({"name", "phone"}, *m.span()))
    for m in _WHO_REPORTED.finditer(clause):
        if _SPEAKER.fullmatch(clause[: m.start()]):  # the citizen's own wish
            out.append(({"name", "phone"}, *m.span()))
    for m in _NO_CALL.finditer(clause):
        if _own(clause, m.start()):
            out.append(({"phone"}, *m.span()))
    return out


def refusals(text: str) -> list[tuple[set[str], tuple[int, int]]]:
    """Each refusal in ``text``: what it withholds and its span (a topic clause joined to
    its comment, 名字嘛 就不留了, gives the span of both)."""
    return [(set(kinds), span) for kinds, span in _refusals(text)]


@functools.lru_cache(maxsize=1024)
def _refusals(text: str) -> tuple[tuple[frozenset[str], tuple[int, int]], ...]:
    """:func:`refusals`, kept for the latest texts: one message's text is read for them by
    the entities, the intent and the act (issue 16)."""
    return tuple(
        (frozenset(kinds), (at + a, min(at + b, end)))
        for at, end, clause in _clauses(text)
        for kinds, a, b in _in_clause(clause)
    )


@functools.lru_cache(maxsize=1024)
def declined(text: str) -> tuple[str, ...]:
    """What ``text`` refuses to give: ``name``, ``phone``, both, or ``any`` for a bare
    refusal that answers whatever was asked (不留了, 不方便)."""
    kinds: set[str] = set()
    for found, _ in refusals(text):
        kinds |= found
    if kinds:
        return tuple(k for k in ("name", "phone") if k in kinds)
    bare = "".join(c for _, _, c in _clauses(text))
    if BARE.match(bare) and not _NOT_BARE.match(bare):
        return ("any",)
    return ()
