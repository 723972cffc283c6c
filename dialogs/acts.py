"""What the citizen does with a message besides telling facts: yes or no, cancel, refuse
a contact (or only the name), correct something (and what), drop a matter for another,
say it was told already, or say they only want to ask. Used by
:func:`dialogs.reading.read`.
"""

from __future__ import annotations

import re

from dialogs.assent import assent
from dialogs.expecting import Expecting, Target, Words
from dialogs.place_facts import CORRECTION
from dialogs.spoken import PUNCT, content_len, fold, has_word, only, phrases

FIX = re.compile(
    r"改成|改为|改一下|更正|打错|写错|说错|错了|不对|应该是|纠正|更改|换成|有误|是错的"
    r"|^不是.+[，,\s]+(?:而)?是"
)
# a matter the citizen drops ("物业那个事算了 昨天给修好了", "这个不说了"), and what it turns
# to instead ("俺要说的是…", "说另一个事…", "还有个事…"): the new matter replaces the old
DROPPED = re.compile(
    r"^(?:(?:算了|不说了|不提了|(?:先)?不(?:用)?查了)[，,\s]*)+"
    r"(?=[，,\s]*(?:[我俺咱]?(?:要|想|是|再|还)?(?:说|反映|讲)))|"
    r"(?:这个|那个|刚才那个|前面那个|上面那个|头里那个|[\u4e00-\u9fff]{1,6}?(?:那个|这个|的))"
    # the earlier matter named by its thing ("上回说的路灯修好了")
    r"(?:(?<=说的|映的|诉的|报的|提的)[\u4e00-\u9fff]{1,5}?)?"
    r"(?:事儿?|事情|问题)?(?:就|先|俺|我)?(?:(?P<given_up>不说了|算了|不提了|不用说了|不反映了|"
    r"不用管了|不用了|不要了)|(?:已经|都|早就?|也)?(?:给)?(?:解决了|修好了|好了|弄好了|处理好了|办好了|"
    r"盖上了|盖好了|修上了|清走了|拉走了|搬走了|通了))"
)
_TURNS_TO = re.compile(
    r"(?:[我俺咱]?(?:要|想|是)?(?:说|反映|讲|问)的(?:是|事是)|"
    r"[我俺咱]?(?:要|想|再)?(?:说|反映|讲)(?:个|一个|一下|一件)?(?:另一个|另外一个|另外个|别的|其他的?)"
    r"(?:事儿?|事情|问题)?|(?:还有|另有|换|又有)(?:个|一个|一件|件)(?:别的)?(?:事儿?|事情|问题)|"
    r"[我俺咱]?(?:再|还|要|想)(?:说|反映|讲|提)(?:个|一个|一件|件)(?:新的)?(?:事儿?|事情|问题)|"
    # "俺再反映个新的": another matter follows
    r"[我俺咱]?(?:再|还|要|想)(?:说|反映|讲|提)(?:个|一个|一件|件)新的"
    # "这回是…", "今儿个要说的是…": this time another matter
    r"|(?:这回|这次|这一回|今天|今儿个?)(?:[我俺咱]?(?:要|想)?(?:说|反映|讲)的)?是)"
    r"[，,:：\s]*"
)
# no answer wanted, to "name and phone?" ("不用回复", "不需要答复", "甭给俺回话了")
_NO_REPLY = re.compile(
    r"(?:不用|不需要|不必|无需|甭|别)(?:再)?(?:给(?:我|俺|俺们|我们))?(?:回复|答复|回话|回信|反馈|回个话)"
)
# idioms of 不留/不给 that withhold nothing from the hotline
_NOT_WITHHELD = re.compile(r"一不留神|不留神|不留意|毫不留情|不留情面?|不留余地|不留痕迹|不留死角")
# a soft cancel opening a message (fillers first), and the matter said to be resolved
# after it; what says it is not (没修好, 又坏了, 还是不行) keeps the matter
_SOFT_OPEN = re.compile(
    r"^(?:哦|噢|喔|哎|唉|啊|嗯|呃|那|那个)*"
    r"(?:(?:算了|不用了|不用报了|不用反映了|不用登记了|不需要了|没事了)(?:吧|啊|呀)?)+"
)
_RESOLVED = re.compile(
    r"修好了|修上了|来修了|弄好了|整好了|解决了|处理好了|处理了|办好了|好了|通了|来人了|来过了|"
    r"清走了|拉走了|盖上了"
)
_STILL = re.compile(r"没|不|又|还是")
# what may come before the citizen's own cancelling in its clause ("算了 还是不提交了")
_OWN_LEAD = re.compile(r"(?:算了|还是|那就|那|就|先|也|我们|俺们|咱们|我|俺|咱|哎|唉|要不|干脆)*")
_REFUSE = re.compile(
    r"(?:不|别|甭)(?:太|大)?(?:想|愿意?|方便|用|需要|要|必|便)?(?:留|透露|提供|告诉|给|说|登记|写)"
    r"|(?:别|甭|不)要了"  # "电话就别要了"
)
_CONTACT_WORD = re.compile(r"电话|手机|号码|联系|名字|姓名|个人信息|信息|身份|称呼")
_NO_LEAD = re.compile(
    r"^(?:不对|不是|错了|有误|不正确|不行|不中|修改|要改|需要修改|改一下|有错|不太对|有(?:点|些)?问题)"
)
_YES_LEAD = re.compile(
    # 「对了 路边的井盖也松了」: 对了 before more words is "by the way", no yes (trial13 Q07)
    r"^(?:确认|确定|对的|对对|没问题|是的|可以|提交|好的|行|没错|正确|无误|ok|嗯嗯|对(?!了[\u4e00-\u9fff]{2}))"
)
_TARGETS: tuple[tuple[Target, re.Pattern[str]], ...] = (
    ("phone", re.compile(r"电话|手机|号码|联系方式")),
    # a level of the place named wrong ("街道错了", "县区说错了", "小区不对": trial9 F12)
    ("place", re.compile(r"地点|地址|位置|地方|门牌|小区|县区|区县|乡镇|街道|社区|村名|哪个县")),
    ("name", re.compile(r"名字|姓名|称呼")),
    ("since", re.compile(r"时间|开始|日期|多久")),
    ("matter", re.compile(r"内容|问题描述|诉求|情况")),
)


def more_than_fix(core: str) -> bool:
    """True when a correction of the place says more than the correction itself."""
    m = CORRECTION.search(core)
    rest = core[: m.start()] if m is not None else core
    return content_len(FIX.sub("", rest)) >= 4


def turned_to(core: str) -> str | None:
    """What follows a dropped matter ("那个事算了 俺要说的是…"): the new matter, or None
    when nothing is dropped or nothing of a matter follows."""
    m = DROPPED.search(core)
    if m is None:
        return None
    rest = core[m.end() :]
    pivot = _TURNS_TO.search(rest)
    if pivot is not None:
        rest = rest[pivot.end() :]
    elif m.group("given_up") is None:
        return None  # "下水道的问题解决了 可是这回又堵了": the same matter goes on
    rest = rest.strip(" ，,。.;；")
    return rest if content_len(rest) >= 4 else None


def cancelled(p: str, raw: str, words: Words, expecting: Expecting) -> bool:
    w = words
    said = phrases(w("cancel"))
    m = said.search(p)
    if m is not None:
        # "俺家的低保今年咋给取消了 …", "村里把俺的补贴撤销了": a cancelling done to the
        # citizen inside a description is the matter; the citizen's own cancelling is
        # short, or opens a clause ("算了算了 不反映了 怕领导知道了…")
        done_to = p[max(0, m.start() - 1) : m.start()] in ("给", "被", "让", "叫", "把")
        clauses = PUNCT.split(fold(raw))
        opens = any(
            (c := said.search(clause)) is not None and _OWN_LEAD.fullmatch(clause[: c.start()])
            for clause in clauses
        )
        return not done_to and (opens or content_len(said.sub("", p)) <= 12)
    # "哦 不用了不用了 物业已经来修了 谢谢啊": a soft cancel opening the message, then
    # why it is needed no more (someone came, it is fixed)
    lead = _SOFT_OPEN.match(p)
    if lead is not None and lead.end() > 0:
        rest = phrases(w("thanks")).sub("", p[lead.end() :])
        if _RESOLVED.search(rest) and not _STILL.search(rest) and content_len(rest) <= 20:
            return True
    # "算了", "不用了" alone: cancelling, except as the answer to "leave a phone?"
    return expecting != "contact" and only(p, w("cancel_soft"))


def _refuses_contact(p: str, said: str) -> bool:
    """A refusal (不留, 不给, 不想说) of a contact word said before it ("电话就不留了",
    "号码 不方便给") or after it in its clause ("不想留电话"): "一分不给 打电话也不接" (f6-007)
    refuses wages, not a contact. ``said``: the message as typed (folded), for its clauses."""
    if any(_CONTACT_WORD.search(p[: m.start()]) for m in _REFUSE.finditer(p)):
        return True
    clauses = [c for c in PUNCT.split(said) if c] if said else [p]
    return any(
        _CONTACT_WORD.search(clause[m.end() :]) is not None
        for clause in clauses
        for m in _REFUSE.finditer(clause)
    )


def refusal(
    p: str, words: Words, expecting: Expecting, phone: str | None, said: str = ""
) -> tuple[bool, bool]:
    w = words
    if phone is not None:
        # "名字就不说了 电话138…": the name refused, the phone given
        refused = _REFUSE.search(p) is not None and re.search(r"名字|姓名|称呼", p) is not None
        return False, refused
    # "一不留神", "毫不留情": 不留 of an idiom keeps nothing back from the hotline (f6-018)
    p = _NOT_WITHHELD.sub("", p)
    strong = has_word(w("anonymous"), p) or (
        _REFUSE.search(p) is not None
        and (_refuses_contact(p, said) or (expecting == "contact" and len(p) <= 10))
    )
    # what is refused is named in the clauses that refuse ("电话号码说错了 后四位是6734
    # 名字也别写了": the name only, the phone corrected; trial13 Q05)
    clauses = [c for c in PUNCT.split(said) if c] if said else []
    scope = "".join(c for c in clauses if _REFUSE.search(c)) or p
    name_only = (
        strong
        and not re.search(r"留名(?!字)", p)  # "不留名": anonymous (做好事不留名)
        and bool(re.search(r"名字|姓名|名", scope))
        and (
            not re.search(r"电话|手机|联系|号码|匿名|个人信息", scope)
            # "名字不留了 电话可以留": the phone is given, only the name refused
            or _PHONE_OK.search(p) is not None
        )
    )
    if name_only:
        return False, True
    if strong:
        return True, False
    if expecting == "contact" and phone is None and _NO_REPLY.search(p):
        # "不用回复 就是提个建议", "甭给俺回话了": no answer wanted, so no contact (f8-054)
        return True, False
    if expecting == "contact" and phone is None and _TAIL_REFUSAL.search(p):
        # "孩子还在那上学 俺不敢留", "怕打击报复 不能留": a reason, then the citizen's own
        # unwillingness to give it closes the answer
        return True, False
    if expecting == "contact" and phone is None and _LEAD_REFUSAL.match(_SOFT_LEAD.sub("", p)):
        # "俺不想说 恁直接查他们就中", "没必要留吧 俺就是说一下": the answer opens with the
        # refusal; what follows only asks the matter to be handled
        return True, False
    if expecting == "contact":
        soft = only(p, w("anonymous_soft")) or only(p, w("no")) or only(p, w("none"))
        # "这个就不用了吧", "就免了吧", "那个不用了": the same after a pointer to the question
        rest = _SOFT_LEAD.sub("", p)
        soft = soft or (rest != p and only(rest, w("anonymous_soft")))
        return soft, False
    return False, False


def refuses_only(p: str) -> bool:
    """``p`` (plain) is a short refusal and nothing more ("不方便说", "不想说", "这个就不用
    说了"): at the read-back it answers, it describes nothing (trial11 N04)."""
    rest = _SOFT_LEAD.sub("", p)
    return len(rest) <= 8 and _LEAD_REFUSAL.match(rest) is not None


# a refusal that opens the answer to "name and phone?" ("不想说", "没必要留", "用不着")
_LEAD_REFUSAL = re.compile(
    r"(?:不|别|甭)(?:太|大)?(?:想|愿意?|方便|用|需要|要|必|便)?(?:留|透露|提供|告诉|给(?:你|恁)|说|登记|写)"
    r"|(?:没(?:有|啥|什么)?必要|用不着|犯不着|不必)(?:留|说|给|提供|告诉|登记|写|了|吧|$)"
)
# an unwillingness (不敢, 不方便, 不想, 不能) to give the contact closing the answer to
# "name and phone?", after the reason ("孩子还在那上学 俺不敢留"); 不让说, 不给修 name
# no unwillingness of the citizen's
_TAIL_REFUSAL = re.compile(
    r"(?:俺|我|咱)?(?:还是|就|可|实在|真)?(?:不|可不)(?:太|大)?(?:敢|方便|便|想|愿意?|能)"
    r"(?:留|透露|提供|告诉|给|说|登记|写)?(?:了|吧|啦|呢|啊)*$"
)
# what may come before a soft refusal of a contact ("这个就不用了吧", "电话就免了")
_SOFT_LEAD = re.compile(r"^(?:这个|那个|电话|手机|联系方式|那|就|还是|俺|我|咱)+")
# "不是来投诉的 只想了解一下": a question, not a complaint (besides the wording's list)
CONSULT = re.compile(
    r"不是(?:来|要|想)?(?:投诉|举报|反映|告状)(?!过)|(?:就|只|光)是?想?(?:问问|问一下|咨询|了解)"
)
# "电话可以留", "可以给手机": the phone offered
_PHONE_OK = re.compile(
    r"(?:电话|手机|号码)(?:可以|能|就)(?:留|给|打)|可以(?:留|给)(?:电话|手机|号码)"
)
_SAID_FILLER = re.compile(
    r"[我俺你恁您们跟和给对都已经刚才不是吗嘛啊呀了的吧呢么一回遍次这那个就早前面上只想要啥]"
)


def _bare(p: str, words: tuple[str, ...]) -> bool:
    """True when ``p`` holds one of ``words`` and nothing more than fillers (a message
    with more in it is read for what it adds)."""
    rest, n = phrases(words).subn("", p)
    return n > 0 and len(_SAID_FILLER.sub("", rest)) <= 1


def only_consulting(p: str, words: tuple[str, ...]) -> bool:
    rest = CONSULT.sub("", phrases(words).sub("", p))
    rest = re.sub(r"咨询|了解|问问|问一下", "", rest)
    return len(_SAID_FILLER.sub("", rest)) <= 1


def told_already(p: str, words: tuple[str, ...]) -> bool:
    """ "刚才不是说了吗", "俺都跟恁说过了": the citizen says they told it already."""
    return _bare(p, words)


def fixes_of(p: str, said: str = "") -> tuple[frozenset[Target], bool]:
    """The items a correction names, and whether ``p`` (plain text; ``said``: as typed,
    for "不是上个月 是去年十月", whose parts only spaces divide) corrects anything."""
    fix = FIX.search(p) is not None or FIX.search(said.strip()) is not None
    targets = frozenset(t for t, rx in _TARGETS if rx.search(p)) if fix else frozenset()
    return targets, fix


def yes_no(p: str, words: Words, intent: str | None, confident: bool) -> bool | None:
    w = words
    yes, no = w("yes"), w("no")
    if not p:
        return None
    if p in no:
        return False
    if p in yes:
        return True
    # made only of assent or its negation, fillers and thanks ("中 就这么着吧 谢谢恁")
    said = assent(p)
    if said is not None:
        return said
    # a leading negative wins over what follows ("不对，地点是…", "不是，是…")
    if _NO_LEAD.match(p):
        return False
    if _YES_LEAD.match(p):
        return True
    # "好 麻烦了", "行 谢谢": a yes with thanks
    rest = phrases(w("thanks") + w("small_talk")).sub("", p)
    if rest and rest != p and (rest in yes or _YES_LEAD.match(rest)):
        return True
    if confident and intent == "affirm":
        return True
    if confident and intent == "deny":
        return False
    if only(p, tuple(x for x in no if len(x) >= 2)):
        return False
    if only(p, tuple(x for x in yes if len(x) >= 2)):
        return True
    return None
