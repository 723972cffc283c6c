"""The citizen's name in one message (我叫…, 姓…, 王先生, or a bare name beside a phone);
never a refusal nor an answer word."""

from __future__ import annotations

import re

from dialogs.expecting import Expecting, Words
from dialogs.spoken import CJK, LANDLINE, MOBILE, PUNCT, fold, has_word
from nlu.pii import COMPOUND_SURNAMES
from nlu.pii_words import ordinary_word, public_figure
from nlu.types import NluResult

#: A two-character surname (复姓: 欧阳, 司马 ...): the name goes on after it (trial9 F15).
_COMPOUND = "(?:" + "|".join(COMPOUND_SURNAMES) + ")"

#: The field named and what to put in it (名字就写孔令君, 联系人写王建设, 姓名填李强): the
#: verb is the lead's, never the name's first character (trial11 N04: 「写王建设」).
WRITE_LEAD = r"(?:名字|姓名|联系人|称呼)(?:就|可以|也|请|您|你|恁)?(?:写|留|记|填)(?:成|作|上|为)?"
_NAME_LEAD = re.compile(
    rf"(?:{WRITE_LEAD}|[我俺]叫|[我俺]的名字是|名字是|名字叫|(?:全名|大名)(?:叫|是)?|姓名是?|本人|"
    r"联系人是?|称呼我?|叫[我俺])[:：\s]*"
    r"([\u4e00-\u9fff]{2,4}?)(?=[，,。.、\s0-9０-９]|$|电话|手机|号码|先生|女士|就行|就好|就可以|吧)"
)
#: Who the citizen is, or what to write, said alone in a clause (俺是孙德福, 我是李秀英，
#: 就写王建设吧, 写张三就行): a name only when it opens with a surname and is neither a
#: word, a place nor a public figure (我是高中生, 俺是王楼的, 我是张庄). Whose or where
#: from may come between (「俺是老孙家的 孙德福」, 「俺是孙庄的孙玉兰」: the name after
#: 的), and 「叫」 opens a clause of its own after a pause (「我姓孙 叫孙德福」,
#: 「13853001234 叫王桂兰」; never 「恁帮俺叫个救护车吧」: no pause before 叫, trial12 P05).
_SELF_OR_WRITE = re.compile(
    rf"(?:^|(?<=[\s，,。.、；;！!]))(?:[我俺]就?是(?:[\u4e00-\u9fff]{{1,6}}?的[\s，,]*)?|"
    r"就?(?:写|记)(?:成|作|上)?[我俺]?|(?P<called>叫))"
    rf"({_COMPOUND}[\u4e00-\u9fff]{{1,2}}|[\u4e00-\u9fff]{{2,3}}?)"
    r"(?=[，,。.、；;！!\s0-9０-９]|$|电话|手机|号码|就行|就好|就可以|吧|呀|啊)"
)
#: What ends a verb's object rather than a name after a bare 叫 (叫车来, 叫人去).
_CALLED_NOT_END = frozenset("来去了着过")
#: How a place ends (王楼, 张庄, 李家): a village or a household, never a name.
_PLACE_END = re.compile(r"(?:镇|乡|村|区|县|街|路|庄|屯|集|园|楼|院|口|家|寨|营|店|湾|桥|庙)$")
# "我叫张 三", "姓名：刘 志 刚": a name typed with a space between its characters
_SPACED_NAME = re.compile(
    r"(?:[我俺]叫|[我俺]的名字是|名字是|名字叫|姓名是?|联系人是?)[:：\s]*"
    rf"({_COMPOUND}(?:[ \u3000][\u4e00-\u9fff]{{1,2}}){{1,2}}|"
    r"[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff]){1,2})"
    r"(?=[，,。.、\s0-9０-９]|$|电话|手机|号码)"
)
_SURNAME_ONLY = re.compile(
    rf"(?:我|本人)?(?:免贵)?姓({_COMPOUND}|[\u4e00-\u9fff])(?![\u4e00-\u9fff]{{2}})"
)
_TITLED = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff](?:先生|女士|小姐|阿姨|大爷|师傅))")
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟"
    "殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
    "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明"
    "佘池查麻苑迟邝"
)
#: What never opens a name: a pronoun, a lead verb, a measure word or an aspect.
#: A shop by its name (王记烧烤, 李家饭店, 老马修车): a trade, never a person.
_TRADE = re.compile(
    r"^.记.|(?:烧烤|烤肉|饭店|饭庄|超市|商店|酒店|宾馆|旅馆|药店|药房|诊所|饭馆|餐馆|火锅|面馆|小吃|"
    r"包子|水饺|理发|修车|洗车|五金|建材|门市|商行|饭庄|酒楼|厂|铺|馆|坊|店|庄|村)$"
)
_NOT_FIRST = frozenset("不没我你他她这那写记填留就叫个了着过")
_NOT_NAME_CHARS = frozenset("了的吗呢吧啊呀是不没在要我你他她们这那好谢人有用留说想知道清楚")


def name_of(
    raw: str,
    nlu: NluResult | None,
    words: Words,
    expecting: Expecting,
    phone: str | None,
    refused: bool,
) -> str | None:
    """The citizen's name in ``raw`` (我叫…, 姓…, 王先生, or a bare name when asked for a
    contact); never a refusal or an answer word."""
    w = words
    if refused:
        return None
    folded = fold(raw)
    m = _SPACED_NAME.search(folded)
    if m is not None and _surnamed(m.group(1)):
        spaced = re.sub(r"\s", "", m.group(1))
        if _plausible_name(spaced, w):
            return spaced
    for m in _NAME_LEAD.finditer(folded):
        # the first lead followed by a name ("名字写错了，我叫张炜": 张炜, never 错了)
        if _plausible_name(m.group(1), w):
            return m.group(1)
    for m in _SELF_OR_WRITE.finditer(folded):
        cand = m.group(2)
        if m.group("called") and cand[-1] in _CALLED_NOT_END:
            continue  # "叫车来": who is sent for, no name
        if _surnamed(cand) and _a_person(cand, w):
            return cand
    m = _TITLED.search(folded)
    if m is not None and m.group(1)[0] in _SURNAMES:
        return m.group(1)
    m = _SURNAME_ONLY.search(folded)
    if m is not None and (m.group(1) in _SURNAMES or m.group(1) in COMPOUND_SURNAMES):
        # "俺姓周 周建华": the surname, then the full name that begins with it
        full = re.match(
            rf"[\s，,、]*(?:叫|名字叫|全名)?({m.group(1)}[\u4e00-\u9fff]{{1,2}}?)"
            r"(?=[\s，,。.、0-9]|$|电话|手机|号码)",
            folded[m.end() :],
        )
        if full is not None and _plausible_name(full.group(1), w):
            return full.group(1)
        # "我姓赵": the surname alone ("赵", never "姓赵" nor an invented 先生/女士: the
        # citizen did not say which; trial7 F02)
        return m.group(1)
    if nlu is not None:
        ent = nlu.first("name")
        if ent is not None and ent.surname_only and _surnamed(ent.value):
            # the NLU's surname alone: with the title the citizen said (赵女士), or alone
            surname = ent.value[:2] if ent.value[:2] in COMPOUND_SURNAMES else ent.value[0]
            return f"{surname}{ent.title}" if ent.title else surname
        if ent is not None and _plausible_name(ent.value, w):
            return ent.value
    if expecting == "contact" or phone is not None:
        # "王芳 13853001234", or a bare name as the answer to "your name and phone?"
        rest = PUNCT.sub(" ", LANDLINE.sub(" ", MOBILE.sub(" ", folded))).split()
        cands = []
        surnames = []
        for token in (t for t in rest if CJK.search(t)):
            if re.match(r"[我俺]?叫", token) and token[-1] in _CALLED_NOT_END:
                continue  # "叫车来": who is sent for, no name
            cand = re.sub(r"^(?:[我俺]是|[我俺]叫|叫|是)", "", token)
            cand = re.sub(r"(?:的|吧|啊)$", "", cand)
            cand = cand.rsplit("的", 1)[-1]  # "俺是孙庄的孙玉兰": the name after 的
            place_like = re.search(r"(?:镇|乡|村|区|县|街|路|庄|屯|集|园|楼|院|口)$", cand)
            if _plausible_name(cand, w) and cand[0] in _SURNAMES and not place_like:
                cands.append(cand)
            elif len(cand) == 1 and cand in _SURNAMES and cand not in _NOT_NAME_CHARS:
                surnames.append(cand)
        if len(cands) == 1:
            # "我是老李 李建国": the one token that is a name (老李 is how to address them)
            return cands[0]
        if not cands and len(surnames) == 1 and expecting == "contact":
            # "赵" as the answer to "name and phone?": a surname alone, kept as given
            return surnames[0]
    return None


def _surnamed(name: str) -> bool:
    """True when ``name`` begins with a surname (a common one, or a compound: 欧阳)."""
    return name[:1] in _SURNAMES or name[:2] in COMPOUND_SURNAMES


def _plausible_name(cand: str, w: Words) -> bool:
    if not (2 <= len(cand) <= 4) or not all(CJK.match(c) for c in cand):
        return False
    if _TRADE.search(cand) is not None:
        return False  # 「王记烧烤」, 「张家饭店」: a shop, never the citizen (trial16)
    # a measure word or an aspect opens no name (「俺叫个救护车」, 「我叫了车」: trial12 P05)
    if any(c in _NOT_NAME_CHARS for c in cand[1:]) or cand[0] in _NOT_FIRST:
        return False
    lists = ("yes", "no", "thanks", "anonymous", "dont_know", "none", "cancel", "small_talk")
    return not any(cand in w(k) or has_word(w(k), cand) for k in lists)


def _a_person(cand: str, w: Words) -> bool:
    """``cand`` (surnamed, said where a name is: 俺是…, 就写…) reads as a person's name:
    plausible, not ending as a place does (王楼, 张庄), and neither a common word (高中,
    马路: :func:`nlu.pii_words.ordinary_word`) nor a public figure (孔子). A village named
    like a person (张三 for 张三村) is not asked: said alone after 俺是, it is the name."""
    if not _plausible_name(cand, w) or _PLACE_END.search(cand) is not None:
        return False
    return not (ordinary_word(cand[:2]) or public_figure(cand))


# "名字写王秀英就行", "名字可以写 叫刘桂芝": the name offered beside a refused phone
_OFFERED = re.compile(
    r"(?:(?:名字|姓名|称呼)(?:可以|能|就)?(?:写|留|记|是|叫)|"
    # "你就写俺王大海", "记我李春花就行": the name to write down, said without 名字
    r"(?:^|[\s，,]|就|你|您|恁)(?:写|记)(?=[我俺]))(?:成|作|上)?[\s:：，,]*(?:[我俺])?(?:叫)?"
    r"([\u4e00-\u9fff]{2,3}?)(?=就行|就好|就可以|吧|即可|$|[\s，,。.])"
)


def offered_name(raw: str, words: Words) -> str | None:
    """The name a citizen offers in so many words, or None."""
    m = _OFFERED.search(fold(raw))
    if m is None or m.group(1)[0] not in _SURNAMES or not _plausible_name(m.group(1), words):
        return None
    return m.group(1)


# a name said alone: the message is nothing but it (spaces and punctuation aside)
_ALONE = re.compile(rf"^(?:{_COMPOUND}[\u4e00-\u9fff]{{1,2}}|[\u4e00-\u9fff]{{2,3}})$")


def lone_name(raw: str, nlu: NluResult | None, words: Words) -> str | None:
    """A personal name said alone ("王秀芝", "周建华") where a place was asked: the citizen
    answering the contact question before it is asked (trial12 P04), never the place.

    Only a whole message that begins with a surname, reads as a person (not 王楼, 张庄,
    高中, 孔子: :func:`_a_person`) and in which the NLU found no township or village."""
    said = PUNCT.sub("", fold(raw)).replace(" ", "").replace("\u3000", "")
    if _ALONE.match(said) is None or not _surnamed(said) or not _a_person(said, words):
        return None
    where = nlu.territory if nlu is not None else None
    if where is not None and (where.county or where.township or where.village):
        return None
    return said
