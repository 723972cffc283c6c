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

from dialogs.acts import (
    CONSULT,
    DROPPED,
    cancelled,
    fixes_of,
    more_than_fix,
    only_consulting,
    refusal,
    refuses_only,
    told_already,
    turned_to,
    yes_no,
)
from dialogs.contact_talk import phone_tail, without_contact_talk, wrong_length_phone
from dialogs.earlier import asks_progress
from dialogs.facts import (
    AFTERTHOUGHT,
    CORRECTION,
    Expecting,
    Target,
    address_only,
    matter_of,
    name_of,
    place_of,
    place_text,
    since_of,
)
from dialogs.name_facts import lone_name, offered_name
from dialogs.openers import opener as opener_of
from dialogs.own_place import without_place_head
from dialogs.place_facts import village_named
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
from dialogs.time_only import only_a_time
from dialogs.whose import mark_own_phones, own_phone
from dialogs.wording import Wording
from nlu.questions import without_embedded
from nlu.regate import gated
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

_MATTER_INTENTS = ("appeal", "complain_staff", "ask_info")
_PHONE_WORD = gated(r"电话|手机|号码|号")
# the whole contact refused: anonymity, names too ("匿名", "名字也不留", "个人信息")
_WHOLE_CONTACT = gated(
    r"匿名|个人信息|联系方式|留名(?!字)|都不|也不|(?:名字|姓名)(?:也|都|就)?(?:不|别|甭)"
)
# no call back wanted at all ("不用回访", "别联系俺"): with the phone refused, anonymity,
# whatever name or surname comes with it (a name kept is for a call back: trial8 F11)
_NO_CALLBACK = gated(
    r"(?:不|别|甭)(?:用|要|需要|必)?(?:再)?(?:回访|回电|回电话|回复|联系|打电话|给(?:我|俺)打电话)"
)
# degree words ("那么大", "这么多"), never a question's 么
_DEGREE = re.compile(r"[那这多]么")
# the first clause of a message, up to its first separator
_FIRST_CLAUSE = re.compile(r"^([^\s，,。！!？?；;：:、]+)[\s，,。！!？?；;：:、]+(?=\S)")
# a place noun that ends the corrected value ("是黄河路农贸市场门口", "是幸福小区")
_A_PLACE = gated(
    r"(?:区|县|镇|乡|街道|村|庄|社区|小区|花园|家园|苑|路|街|大道|巷|胡同|号楼|门口|对面|对过|对门|旁边|市场|广场)"
)
# thanks for what was done before ("谢谢恁们上回帮俺们把路修好了"): thanks, no matter
_THANKS_FOR = gated(
    r"^(?:谢谢|感谢|多谢|非常感谢)[\u4e00-\u9fff]{0,16}?(?:修好了|解决了|弄好了|办好了|处理好了|给办了|"
    r"帮了大忙)[了啊呀哈的]*$"
)


# a connective that opens a supplement ("还有 …", "另外，…", "对了 …"), said apart from it
# ("还有人在烧" is no connective: 有人 is the sentence's)
_MORE_LEAD = re.compile(
    r"^(?:还有就是|还有|另外|再就是|再有|对了|而且)(?:就是|啊|呀|哈|呢|的话)?[\s，,、：:。；;]+"
)


# the place named as such ("地点是曹州牡丹园东门 不是南门", "地址在…"): a place, whatever else
_PLACE_NAMED = re.compile(r"^(?:正确的|发生|事发|具体)?(?:地点|地址|位置|地方)")


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
    phone_refused: bool = False  # the refusal names the phone only (with anonymous)
    name_refused: bool = False
    phone: str | None = None
    bad_phone: bool = False  # a number typed as a phone, digits miscounted (trial12 P14)
    phone_tail: str | None = None  # "后四位是6734": the phone's last digits corrected (Q05)
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
            or self.phone_tail is not None
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
    rest = raw.strip()
    for _ in range(3):
        # "你好 麻烦你们个事 俺家…": greeting and opener clauses go whole, never cut
        # inside a word
        first = _FIRST_CLAUSE.match(rest)
        if first is None:
            break
        clause = first.group(1)
        if opener_of(plain(clause)) is None and strip_small_talk(clause, wording):
            break
        rest = rest[first.end() :]
    if rest != raw.strip():
        core = strip_small_talk(rest, wording)
    opener = opener_of(plain(core))
    opener = opener_of(plain(raw)) if opener is None else opener
    if opener is not None:
        core = ""  # "我要反映个事儿", "俺想问个事": an opener in any wording, no content
    lead = _MORE_LEAD.match(core)
    if lead is not None and content_len(core[lead.end() :]) >= 2:
        # "还有 晚上那边黑乎乎的…", "另外 俺家是5号楼": the connective says more follows, it
        # is no part of it (as 「还有个事」 is not; trial13 Q07)
        core = core[lead.end() :]
    nlu_small = act == "small_talk" and nlu is not None and not nlu.has_matter and len(p) <= 10
    small_talk = bool(raw) and not emoticons and (content_len(core) == 0 or nlu_small)
    asking_opener = opener is True
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
    bad_phone = phone is None and wrong_length_phone(fold(raw))
    tail = phone_tail(fold(raw)) if phone is None else None
    order_number = _order_number(raw, nlu)
    cancel = cancelled(p, raw, words, expecting) or (
        act == "cancel" and expecting != "contact" and len(p) <= 16
    )
    anonymous, name_refused = refusal(p, words, expecting, phone, folded)
    if phone is None and not anonymous and "phone" in declined:
        anonymous, name_refused = True, False  # "不用留电话", "匿名": no contact
    elif phone is None and not anonymous and "name" in declined:
        name_refused = True
    fixes, fix = fixes_of(p, folded)
    if fix and not fixes:
        # "说错了 不是五四路 是黄河路…": the corrected value tells what it corrects
        old_new = CORRECTION.search(core)
        if old_new is not None and _A_PLACE.search(old_new.group(2)) is not None:
            fixes = frozenset({"place"})
    turned = turned_to(core)
    dropped = DROPPED.search(core)
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
    yes = yes_no(p, words, intent, confident)
    dont_know = has_word(words("dont_know"), p)
    said_before = told_already(p, words("said_before"))  # an answer of no fact
    consult = has_word(words("consult"), p) or CONSULT.search(p) is not None
    # "俺不是投诉 就是想问问": the kind of contact said, no question or matter in it
    consult_only = consult and only_consulting(p, words("consult"))
    refused = anonymous or name_refused or cancel or said_before or consult_only
    named_village = village_named(core)
    if named_village is not None:
        # "…不对 是村头 俺们村叫孟庄": the village told by its name; its words are no
        # spot, and 叫孟庄 is no person's name
        raw, core = named_village.rest_of(raw), named_village.rest_of(core)
    name = name_of(raw, nlu, words, expecting, phone, refused)
    # "王秀芝" alone to "where exactly?": the contact told early, never the place (P04)
    alone = lone_name(raw, nlu, words) if name is None and expecting == "place" else None
    name = name or alone
    # "不留电话行不行", "电话就不留了 名字可以写 叫刘桂芝": the phone refused, not the name
    # (trial8 F11); the intake keeps a name given here or before instead of anonymity
    phone_words = (
        anonymous
        and not name_refused
        and _PHONE_WORD.search(p) is not None
        and _WHOLE_CONTACT.search(p) is None
    )
    phone_refused = phone_words and _NO_CALLBACK.search(p) is None
    if phone_words and name is None:
        # "手机号就算了吧 俺是张国强", "号码不方便 叫我王师傅就行": the name beside the
        # refused phone, read as an answer to "name and phone?" in a short message
        said = "contact" if len(p) <= 24 else expecting
        name = name_of(raw, nlu, words, said, phone, False) or offered_name(raw, words)
    # a control word (确认, 好的, 没了 …) is never a place (trial7 F03)
    no_place = small_talk or cancel or said_before or consult_only or thanks
    control = control_only(p, words)
    # a phone alone to "where exactly?" is the contact told early, no place (trial12 P04)
    phone_only = (phone is not None or bad_phone) and content_len(
        re.sub(r"[0-9０-９]", "", mark_own_phones(core, ""))
    ) < 2
    no_place = no_place or control or alone is not None or phone_only
    place = place_of(raw, core, nlu, expecting, fixes, no_place)
    if named_village is not None and not no_place:
        place = (place or Place()).model_copy(update={"village": named_village.village})
    if place is not None:
        place = whole_spot(place, core)  # the estate after a landmark (trial7 F02)
    if place is not None and expecting in ("confirm", "amend") and not (fix or fixes):
        # "还有 晚上那边老人走路都摔过" at the read-back: a spot inside a supplement's words
        # is the description's, never a new place for the one read back (trial13 Q07); a
        # place said alone ("在人民路128号那边") or corrected is still one
        levels = place.county or place.township or place.village
        named = _PLACE_NAMED.match(core) or AFTERTHOUGHT.search(core) or CORRECTION.search(core)
        place = place if levels or named or address_only(place_text(core)) else None
    if place is None and expecting in ("contact", "since", "confirm", "amend") and not no_place:
        # "12号楼" after the place was taken; "还有 俺家是5号楼2单元501" at the read-back
        # (trial13 Q07): more of the place, never the matter
        place = building_part(core)
    answered = (
        phone is not None
        or anonymous
        or name_refused
        or cancel
        or said_before
        or consult_only
        or (name is not None and content_len(core) <= len(name) + 4)
        # 「确认」, 「好的」 to "since when?": no time ("不知道" is one: unknown)
        or (control and not dont_know)
    )
    # the whole answer stands for the time only when it tells no other slot's value (a
    # county, a place corrected, a name: trial9 N02); a time itself is read whatever was asked
    other_slot = place is not None or name is not None or bool(fixes - {"since"})
    since = since_of(
        core,
        folded,
        nlu,
        expecting,
        dont_know,
        wording,
        answered=answered,
        fixing="since" in fixes,
        correcting=fix,
        whole=not other_slot,
    )
    if place is not None and not (place.county or place.township) and only_a_time(core, since):
        place = None  # "上礼拜开始的", "自打过年就这样" to "where?": a time, no spot (trial16)
    if fix and not fixes and since is not None and place is None:
        fixes = frozenset({"since"})  # "不对 是去年秋天的事": the corrected value is a time
    # "那么大" asks nothing; "也不知道是啥" tells not knowing, it asks nothing (trial10 N08)
    asked = has_word(words("question"), _DEGREE.sub("", plain(without_embedded(raw))))
    question = (intent == "ask_info" and confident) or asked
    asks_policy = consult or act == "consult"
    # asking about an order: its words ("查询", "进度" ...), not the NLU's guess alone
    progress = asks_progress(
        p, has_word(words("progress"), p), order_number is not None, intent == "ask_progress"
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
        or (phone_refused and name is not None and content_len(p) <= 24)
        # "名字就不留了", "不用写名字" (anywhere), "不方便说" at the read-back: a refusal
        # answers, it is never a 「（补充）」 of the matter (trial11 N04)
        or (name_refused and name is None and content_len(p) <= 12)
        or (expecting in ("confirm", "amend") and refuses_only(p))
        or (dont_know and len(p) <= 8)
        or (human and len(p) <= 12)
        or said_before
        or consult_only
    )
    matter = ""
    if not answer_only:
        matter = matter_of(core, nlu, expecting, phone, name, place, since, order_number)
    if matter and expecting not in ("matter", "none") and only_a_time(core, since):
        matter = ""  # "打昨天就开始了" to another question: the time only (trial16)
    if matter and (phone or tail or name or anonymous or name_refused or expecting == "contact"):
        # "电话打错了 不是 算了", "俺不留名 有事打这个": about the contact (trial12 P09)
        matter = without_contact_talk(matter)
    if matter and place is not None and "place" in fixes and not more_than_fix(core):
        matter = ""  # "说错了 不是五四路 是黄河路…": a correction of the place, no matter
    if matter and place is not None:
        matter = without_place_head(matter, place)  # the place is 发生地点's (trial10 N15)
    category = None
    c = nlu.category if nlu is not None else None
    if matter and c is not None and (intent in _MATTER_INTENTS or content_len(matter) >= 8):
        category = CategoryGuess(
            level1=c.level1, level2=c.level2, unit_type=c.unit_type, keyword=c.source == "keyword"
        )
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
        phone_refused=phone_refused,
        name_refused=name_refused,
        phone=phone,
        bad_phone=bad_phone,
        phone_tail=tail,
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
