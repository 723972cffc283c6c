"""Understanding one message in its context: which facts of an appeal it carries.

:func:`read` turns a text (with its NLU result, when there is one) and what the bot
asked last (``expecting``) into a :class:`Reading`: the matter, place, since when,
phone, name, a refusal of contact, yes/no, cancel, thanks, a correction and its target.
Several facts may come in one message and in any order; none of them is ever the
matter (the matter is the citizen's description, never small talk or an answer).

Rules use the NLU's fields when present (intent, category, territory, entities) and
fall back to the keyword lists of the wording table (``config/data/wording.yml``) and a
few patterns of spoken Chinese, so the dialogue degrades sensibly without the NLU.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from dialogs.assent import assent
from dialogs.facts import (
    CORRECTION,
    Expecting,
    Target,
    Words,
    matter_of,
    name_of,
    place_of,
    since_of,
)
from dialogs.slot_answers import building_part, control_only, whole_spot
from dialogs.spoken import (
    EMOTICON,
    ORDER_NO,
    PUNCT,
    clean_phone,
    cn_digits,
    content_len,
    digits,
    fold,
    has_word,
    only,
    phrases,
    plain,
    strip_small_talk,
)
from dialogs.state import CategoryGuess, Place
from dialogs.whose import own_phone
from dialogs.wording import Wording
from nlu.regate import Matcher, gated
from nlu.types import NluResult

__all__ = [
    "Expecting",
    "Reading",
    "Target",
    "clean_phone",
    "content_len",
    "digits",
    "fold",
    "has_word",
    "only",
    "phrases",
    "plain",
    "read",
    "strip_small_talk",
]

_FIX = gated(
    r"改成|改为|改一下|更正|打错|写错|说错|错了|不对|应该是|纠正|更改|换成|有误|是错的"
    r"|^不是.+[，,\s]+(?:而)?是"
)
_MATTER_INTENTS = ("appeal", "complain_staff", "ask_info")
# a matter the citizen drops ("物业那个事算了 昨天给修好了", "这个不说了"), and what it turns
# to instead ("俺要说的是…", "说另一个事…", "还有个事…"): the new matter replaces the old
_DROPPED = gated(
    r"^(?:(?:算了|不说了|不提了|(?:先)?不(?:用)?查了)[，,\s]*)+"
    r"(?=[，,\s]*(?:[我俺咱]?(?:要|想|是|再|还)?(?:说|反映|讲)))|"
    r"(?:这个|那个|刚才那个|前面那个|上面那个|头里那个|[\u4e00-\u9fff]{1,6}?(?:那个|这个|的))"
    # the earlier matter named by its thing ("上回说的路灯修好了")
    r"(?:(?<=说的|映的|诉的|报的|提的)[\u4e00-\u9fff]{1,5}?)?"
    r"(?:事儿?|事情|问题)?(?:就|先|俺|我)?(?:(?P<given_up>不说了|算了|不提了|不用说了|不反映了|"
    r"不用管了|不用了|不要了)|(?:已经|都|早就?|也)?(?:给)?(?:解决了|修好了|好了|弄好了|处理好了|办好了|"
    r"盖上了|盖好了|修上了|清走了|拉走了|搬走了|通了))"
)
_TURNS_TO = gated(
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
# what may come before the citizen's own cancelling in its clause ("算了 还是不提交了")
_OWN_LEAD = gated(r"(?:算了|还是|那就|那|就|先|也|我们|俺们|咱们|我|俺|咱|哎|唉|要不|干脆)*")
# a place noun that ends the corrected value ("是黄河路农贸市场门口", "是幸福小区")
_A_PLACE = gated(
    r"(?:区|县|镇|乡|街道|村|庄|社区|小区|花园|家园|苑|路|街|大道|巷|胡同|号楼|门口|对面|旁边|市场|广场)"
)
# thanks for what was done before ("谢谢恁们上回帮俺们把路修好了"): thanks, no matter
_THANKS_FOR = gated(
    r"^(?:谢谢|感谢|多谢|非常感谢)[\u4e00-\u9fff]{0,16}?(?:修好了|解决了|弄好了|办好了|处理好了|给办了|"
    r"帮了大忙)[了啊呀哈的]*$"
)
_REFUSE = gated(
    r"(?:不|别|甭)(?:太|大)?(?:想|愿意?|方便|用|需要|要|必|便)?(?:留|透露|提供|告诉|给|说|登记|写)"
)
_CONTACT_WORD = gated(r"电话|手机|号码|联系|名字|姓名|个人信息|信息|身份|称呼")
_NO_LEAD = gated(
    r"^(?:不对|不是|错了|有误|不正确|不行|不中|修改|要改|需要修改|改一下|有错|不太对|有(?:点|些)?问题)"
)
_YES_LEAD = gated(
    r"^(?:确认|确定|对的|对对|没问题|是的|可以|提交|好的|行|没错|正确|无误|ok|嗯嗯|对)"
)
# what is left of an opener once the wording's greetings and openers are stripped at the
# edges ("我要反映" + "个事", "想" + "问个事儿"): nothing of a matter
_OPENER = gated(
    r"^(?:[我俺咱]们?)?(?:要|想|得|来|就)?"
    r"(?:(?P<ask>问|咨询|打听)|反映|投诉|举报|说说|说|求助|报)?"
    r"(?:一下|下|一个|个|一件|件|点)(?:事儿?|问题|情况|事情)(?:啊|呀|吧|哈|了|哈)?$"
)
# "我要查个工单", "帮俺查查单子": looking an order up
_LOOK_UP = gated(
    r"查(?:一下|下|个|询|查|一查)?(?:(?:我|俺|咱)们?的?|一个)?(?:那个|这个|的)?"
    r"(?:工单|单子|单号|诉求|办理)"
)
# "俺前几天反映的那个事 办得咋样了": an earlier appeal referred to, and its status asked
_REFERS_BACK = gated(
    r"(?:反映|投诉|举报|报|说|登记|打电话|留言|提)(?:过)?的(?:那个|那件|这个|这件|那|这)?"
    r"(?:事|问题|情况|诉求|工单|单子)"
)
# "我反映的红绿灯", "俺上回投诉的那个路灯": the citizen's own earlier matter, named
_MINE_BEFORE = gated(
    r"(?:我|俺|咱)(?:们|家)?(?:之前|以前|上次|上回|前几天|前天|昨天|上个?月|上个?礼拜|上周)?"
    r"(?:反映|投诉|举报|报修|报|说|登记)(?:过)?的|"
    # "我前几天打的那个": the call made about it
    r"(?:我|俺|咱)(?:们)?(?:之前|以前|上次|上回|前几天|前天|昨天|上个?月|上个?礼拜|上周)"
    r"(?:打|提|留)(?:过)?的那(?:个|件)"
)
# "俺那个事", "上次的事", "我前两天的投诉", "你们处理到哪了": the citizen's own earlier
# matter without a word of what it was (a short message, with its status asked)
_EARLIER_THING = gated(
    r"(?:(?:我|俺|咱)(?:们|家)?|上次|上回|之前|以前|前几天|前两天|前些日子|前段时间|上个?月|"
    r"上周|上礼拜)(?:的|那个|那件|那|这个|说的|反映的|投诉的|报的)*"
    r"(?:事儿?|事情|问题|投诉|诉求|工单|单子)(?!是|就是)|(?:处理|办|弄|修)到(?:哪|啥)|"
    r"查(?:一下|下|查|询)?(?:我|俺|咱)们?(?:反映|投诉|报|说)的"
)
_STATUS = gated(
    r"咋样|怎么样|怎样|如何了|进展|进度|有结果|结果呢|结果怎|有人管[了没吗]|到哪一?步|"
    r"有信儿?[了没吗]|有准信|到哪|查查|(?:到)?(?:啥|什么)(?:程度|地步|进度)|"
    r"处理了?[吗没]|办了?[吗没]|办没办|回复了?[吗没]|有回复|有消息|消息[吗呢]|动静|下文|"
    r"回音|解决了?[吗没]|修了?[吗没]|修好了?[吗没]|修没修|弄好了?[吗没]|弄了?[吗没]|管了?[吗没]"
)
_TARGETS: tuple[tuple[Target, Matcher], ...] = (
    ("phone", gated(r"电话|手机|号码|联系方式")),
    ("place", gated(r"地点|地址|位置|地方|门牌|小区名")),
    ("name", gated(r"名字|姓名|称呼")),
    ("since", gated(r"时间|开始|日期|多久")),
    ("matter", gated(r"内容|问题描述|诉求|情况")),
)


@dataclass(frozen=True)
class Reading:
    """What one message tells, in the context of what was asked."""

    text: str  # the whole text
    plain: str  # folded, without punctuation (keyword matching)
    core: str = ""  # the text without greetings and fillers at either end
    intent: str | None = None
    confident: bool = False
    small_talk: bool = False  # nothing but greetings and fillers
    ask_intro: bool = False  # "问一下", "咨询一下": a question is coming
    appeal_intro: bool = False  # "我要反映个问题", "我要投诉": a matter is coming
    emoticons_only: bool = False
    thanks: bool = False  # thanks or goodbye, nothing more
    yes: bool | None = None  # an answer to a yes/no question
    cancel: bool = False  # 算了 不提交了, 取消 ...
    human: bool = False
    anonymous: bool = False  # refuses to leave a contact
    name_refused: bool = False
    phone: str | None = None
    name: str | None = None
    place: Place | None = None
    since: str | None = None
    dont_know: bool = False
    order_number: str | None = None
    question: bool = False  # a policy or procedure question
    consult: bool = False  # "不是投诉 就是想问问"
    asks_policy: bool = False  # a consultation, by words or by the NLU's dialogue act
    progress: bool = False  # asks about an order's progress
    repeat_cue: bool = False  # "还是…", "前面说了", "到现在也没人"
    said_before: bool = False  # "刚才不是说了吗", "跟你说过了": nothing else in it
    fixes: frozenset[Target] = field(default_factory=frozenset)  # corrections named
    turned: bool = False  # an earlier matter dropped or solved, another told after it
    fix: bool = False  # a correction marker, target or not
    matter: str = ""  # the description this message adds ("" when none)
    category: CategoryGuess | None = None

    @property
    def has_facts(self) -> bool:
        """True when the message carries a slot value (not counting the matter)."""
        return (
            self.phone is not None
            or self.name is not None
            or self.place is not None
            or self.since is not None
            or self.anonymous
        )


#: a text longer than this is read for its facts at its two ends only (trial5 F02: the
#: fact patterns cost up to quadratic time on 5,000 numerals or 不对); its matter is whole
_LONG_TEXT = 1000
_EDGE = 400


def read(
    text: str,
    nlu: NluResult | None,
    wording: Wording,
    *,
    expecting: Expecting = "none",
    offered: tuple[str, ...] = (),
) -> Reading:
    """Understand ``text`` given what the bot asked last (``expecting``).

    ``offered`` are the quick replies' payloads that a numbered or typed title already
    resolved (the caller passes the chosen payload's meaning through ``yes``). A text of
    more than 1,000 characters is read for its facts (phone, place, since, yes/no ...)
    in its first and last 400 characters, where a citizen puts them; the matter is the
    whole text.
    """
    if len(text.strip()) > _LONG_TEXT:
        whole = text.strip()
        ends = f"{whole[:_EDGE]}\n{whole[-_EDGE:]}"
        r = read(ends, nlu, wording, expecting=expecting, offered=offered)
        core = strip_small_talk(whole, wording)
        matter = core.strip().rstrip("，,、；;") if r.matter else ""
        return replace(r, text=whole, plain=plain(whole), core=core, matter=matter)
    raw = cn_digits(text.strip())
    p = plain(raw)
    intent = nlu.intent.name if nlu is not None else None
    confident = nlu is not None and nlu.intent.confidence >= 0.5
    # the NLU's dialogue act (issue 11) when it is sure of it; keyword lists otherwise
    act = nlu.act if nlu is not None and confident else None
    declined = nlu.declined if nlu is not None else ()
    words = wording.words
    folded = fold(raw)

    emoticons = bool(raw) and not PUNCT.sub("", EMOTICON.sub("", raw))
    core = strip_small_talk(raw, wording)
    opener = _OPENER.match(plain(core)) or _OPENER.match(plain(raw))
    if opener is not None:
        core = ""  # "我要反映个事儿", "俺想问个事": an opener in any wording, no content
    nlu_small = act == "small_talk" and nlu is not None and not nlu.has_matter and len(p) <= 10
    small_talk = bool(raw) and not emoticons and (content_len(core) == 0 or nlu_small)
    asking_opener = opener is not None and opener.group("ask") is not None
    ask_intro = small_talk and (has_word(words("ask_intro"), p) or asking_opener)
    appeal_intro = (
        small_talk and not ask_intro and (has_word(words("appeal_intro"), p) or opener is not None)
    )
    thanks = bool(p) and (
        only(p.lstrip("哦噢嗯啊那好行"), words("thanks"))  # "哦 那谢谢了"
        or (intent == "thank" and confident and len(p) <= 6 and not has_word(words("no"), p))
        or (act == "thank" and len(p) <= 8)
    )

    phone = _phone(raw, nlu)
    order_number = _order_number(raw, nlu)
    cancel = _cancel(p, raw, words, expecting) or (
        act == "cancel" and expecting != "contact" and len(p) <= 16
    )
    anonymous, name_refused = _refusal(p, words, expecting, phone)
    if phone is None and not anonymous and "phone" in declined:
        anonymous, name_refused = True, False  # "不用留电话", "匿名": no contact
    elif phone is None and not anonymous and "name" in declined:
        name_refused = True
    fixes, fix = _fixes(p)
    if fix and not fixes:
        # "说错了 不是五四路 是黄河路…": the corrected value tells what it corrects
        old_new = CORRECTION.search(core)
        if old_new is not None and _A_PLACE.search(old_new.group(2)) is not None:
            fixes = frozenset({"place"})
    turned = _turned_to(core)
    dropped = _DROPPED.search(core)
    if (
        turned is None
        and dropped is not None
        and dropped.group("given_up") is not None  # given up, not "the problem is solved?"
        and expecting != "contact"  # "这个就算了吧" to "leave a phone?" refuses the phone
        and content_len(core[dropped.end() :]) < 2
    ):
        cancel = True  # "路灯那个事算了", "这个不说了": the matter dropped, nothing else
    if turned is not None:
        # the matter said before is dropped for the one that follows: it replaces it, and
        # it is read as a matter, not as the answer to the open question
        core, cancel, fixes, expecting = turned, False, fixes | {"matter"}, "matter"
    thanks = thanks or (_THANKS_FOR.match(p) is not None and not has_word(words("no"), p))
    if dropped is not None and turned is None and dropped.group("given_up") is None:
        # "上回说的路灯修好了 谢谢": thanks for a matter done, nothing new in it
        rest = phrases(words("thanks")).sub("", core[dropped.end() :])
        thanks = thanks or (has_word(words("thanks"), p) and content_len(rest) <= 1)
    yes = _yes_no(p, words, intent, confident)
    dont_know = has_word(words("dont_know"), p)
    said_before = _said_before(p, words("said_before"))  # an answer of no fact
    consult = has_word(words("consult"), p) or _CONSULT.search(p) is not None
    # "俺不是投诉 就是想问问": the kind of contact said, no question or matter in it
    consult_only = consult and _consult_only(p, words("consult"))
    refused = anonymous or name_refused or cancel or said_before or consult_only
    name = name_of(raw, nlu, words, expecting, phone, refused)
    # a control word (确认, 好的, 没了 …) is never a place (trial7 F03)
    no_place = small_talk or cancel or said_before or consult_only or thanks
    no_place = no_place or control_only(p, words)
    place = place_of(raw, core, nlu, expecting, fixes, no_place)
    if place is not None:
        place = whole_spot(place, core)  # the estate after a landmark (trial7 F02)
    elif expecting in ("contact", "since") and not no_place:
        place = building_part(core)  # "12号楼" after the place was taken
    answered = (
        phone is not None
        or anonymous
        or name_refused
        or cancel
        or said_before
        or consult_only
        or (name is not None and content_len(core) <= len(name) + 4)
    )
    since = since_of(
        core,
        folded,
        nlu,
        expecting,
        dont_know,
        wording,
        answered=answered,
        fixing="since" in fixes,
    )
    question = (intent == "ask_info" and confident) or has_word(words("question"), p)
    asks_policy = consult or act == "consult"
    # asking about an order: its words ("查询", "进度" ...), not the NLU's guess alone
    progress = (
        (
            (has_word(words("progress"), p) or _LOOK_UP.search(p) is not None)
            and (order_number is not None or intent == "ask_progress" or len(p) <= 16)
        )
        or (
            (_REFERS_BACK.search(p) is not None or _MINE_BEFORE.search(p) is not None)
            and _STATUS.search(p) is not None
        )
        or (len(p) <= 20 and _EARLIER_THING.search(p) is not None and _STATUS.search(p) is not None)
    )
    repeat_cue = has_word(words("repeat_cue"), p)
    # a person asked for in words ("转人工"); the NLU's guess alone only for a short text
    human = len(p) <= 12 and (
        has_word(words("human"), p)
        or (intent == "ask_human" and confident and len(p) <= 6)
        or act == "human"
    )

    answer_only = (
        small_talk
        or emoticons
        or thanks
        or cancel
        or (yes is not None and len(p) <= 6)
        # a refusal and its reason ("不告诉你们了 反正你们也不打电话") to "a contact?"
        or (anonymous and (len(p) <= 12 or expecting == "contact"))
        or (dont_know and len(p) <= 8)
        or (human and len(p) <= 12)
        or said_before
        or consult_only
    )
    matter = ""
    if not answer_only:
        matter = matter_of(core, nlu, expecting, phone, name, place, since, order_number)
    if matter and place is not None and "place" in fixes and not _more_than_fix(core):
        matter = ""  # "说错了 不是五四路 是黄河路…": a correction of the place, no matter
    category = None
    c = nlu.category if nlu is not None else None
    if matter and c is not None and (intent in _MATTER_INTENTS or content_len(matter) >= 8):
        category = CategoryGuess(level1=c.level1, level2=c.level2, unit_type=c.unit_type)
    return Reading(
        text=raw,
        plain=p,
        core=core,
        intent=intent,
        confident=confident,
        small_talk=small_talk,
        ask_intro=ask_intro,
        appeal_intro=appeal_intro,
        emoticons_only=emoticons,
        thanks=thanks,
        yes=yes,
        cancel=cancel,
        human=human,
        anonymous=anonymous,
        name_refused=name_refused,
        phone=phone,
        name=name,
        place=place,
        since=since,
        dont_know=dont_know,
        order_number=order_number,
        question=question,
        consult=consult,
        asks_policy=asks_policy,
        progress=progress,
        repeat_cue=repeat_cue,
        said_before=said_before,
        fixes=fixes,
        fix=fix,
        turned=turned is not None,
        matter=matter,
        category=category,
    )


def _phone(raw: str, nlu: NluResult | None) -> str | None:
    # the citizen's own number, never one tied to another person (trial7 F04)
    return own_phone(raw, nlu)


def _order_number(raw: str, nlu: NluResult | None) -> str | None:
    if nlu is not None:
        ent = nlu.first("order_no")
        if ent is not None:
            return ent.value.upper()
    m = ORDER_NO.search(fold(raw))  # "ＨＺ２０２６…－…" full-width as typed on a phone
    return m.group(1).upper().replace("－", "-") if m else None


def _more_than_fix(core: str) -> bool:
    """True when a correction of the place says more than the correction itself."""
    m = CORRECTION.search(core)
    rest = core[: m.start()] if m is not None else core
    return content_len(_FIX.sub("", rest)) >= 4


def _turned_to(core: str) -> str | None:
    """What follows a dropped matter ("那个事算了 俺要说的是…"): the new matter, or None
    when nothing is dropped or nothing of a matter follows."""
    m = _DROPPED.search(core)
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


def _cancel(p: str, raw: str, words: Words, expecting: Expecting) -> bool:
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
    # "算了", "不用了" alone: cancelling, except as the answer to "leave a phone?"
    return expecting != "contact" and only(p, w("cancel_soft"))


def _refusal(p: str, words: Words, expecting: Expecting, phone: str | None) -> tuple[bool, bool]:
    w = words
    if phone is not None:
        # "名字就不说了 电话138…": the name refused, the phone given
        refused = _REFUSE.search(p) is not None and re.search(r"名字|姓名|称呼", p) is not None
        return False, refused
    strong = has_word(w("anonymous"), p) or (
        _REFUSE.search(p) is not None
        and (_CONTACT_WORD.search(p) is not None or (expecting == "contact" and len(p) <= 10))
    )
    name_only = (
        strong
        and not re.search(r"留名(?!字)", p)  # "不留名": anonymous (做好事不留名)
        and bool(re.search(r"名字|姓名|名", p))
        and (
            not re.search(r"电话|手机|联系|号码|匿名|个人信息", p)
            # "名字不留了 电话可以留": the phone is given, only the name refused
            or _PHONE_OK.search(p) is not None
        )
    )
    if name_only:
        return False, True
    if strong:
        return True, False
    if expecting == "contact":
        soft = only(p, w("anonymous_soft")) or only(p, w("no")) or only(p, w("none"))
        # "这个就不用了吧", "就免了吧", "那个不用了": the same after a pointer to the question
        rest = _SOFT_LEAD.sub("", p)
        soft = soft or (rest != p and only(rest, w("anonymous_soft")))
        return soft, False
    return False, False


# what may come before a soft refusal of a contact ("这个就不用了吧", "电话就免了")
_SOFT_LEAD = gated(r"^(?:这个|那个|电话|手机|联系方式|那|就|还是|俺|我|咱)+")
# "不是来投诉的 只想了解一下": a question, not a complaint (besides the wording's list)
_CONSULT = gated(
    r"不是(?:来|要|想)?(?:投诉|举报|反映|告状)(?!过)|(?:就|只|光)是?想?(?:问问|问一下|咨询|了解)"
)
# "电话可以留", "可以给手机": the phone offered
_PHONE_OK = gated(r"(?:电话|手机|号码)(?:可以|能|就)(?:留|给|打)|可以(?:留|给)(?:电话|手机|号码)")
_SAID_FILLER = gated(
    r"[我俺你恁您们跟和给对都已经刚才不是吗嘛啊呀了的吧呢么一回遍次这那个就早前面上只想要啥]"
)


def _bare(p: str, words: tuple[str, ...]) -> bool:
    """True when ``p`` holds one of ``words`` and nothing more than fillers (a message
    with more in it is read for what it adds)."""
    rest, n = phrases(words).subn("", p)
    return n > 0 and len(_SAID_FILLER.sub("", rest)) <= 1


def _consult_only(p: str, words: tuple[str, ...]) -> bool:
    rest = _CONSULT.sub("", phrases(words).sub("", p))
    rest = re.sub(r"咨询|了解|问问|问一下", "", rest)
    return len(_SAID_FILLER.sub("", rest)) <= 1


def _said_before(p: str, words: tuple[str, ...]) -> bool:
    """ "刚才不是说了吗", "俺都跟恁说过了": the citizen says they told it already."""
    return _bare(p, words)


def _fixes(p: str) -> tuple[frozenset[Target], bool]:
    fix = _FIX.search(p) is not None
    targets = frozenset(t for t, rx in _TARGETS if rx.search(p)) if fix else frozenset()
    return targets, fix


def _yes_no(p: str, words: Words, intent: str | None, confident: bool) -> bool | None:
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
