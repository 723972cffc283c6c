"""Personal data in free text: find and mask phones, ID card numbers and names.

:func:`mask_text` is the one masking function of the project (logs, public answers,
unit views, dialogue summaries); it must be fast and never raise.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from nlu.regate import Matcher, gated

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

ID_CARD_RE = gated(
    r"(?<![0-9])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?![0-9])"
)
#: Every dash, hyphen and minus people type between a number's groups (en and em dashes,
#: figure dash, minus sign, non-breaking and small hyphens, full-width hyphen, two- and
#: three-em dashes, the katakana prolonged mark and box-drawing lines some keyboards give),
#: every space and every middle or full-width dot (trial7 F05).
DASH_CHARS = (
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u02d7\u2e3a\u2e3b"
    "\ufe31\ufe32\ufe58\ufe63\uff0d\u30fc\uff70\u2500\u2501"
)
SPACE_CHARS = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
DOT_CHARS = "\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff0e\uff65"
_SEPARATOR_TABLE = str.maketrans(
    dict.fromkeys(DASH_CHARS, "-") | dict.fromkeys(SPACE_CHARS, " ") | dict.fromkeys(DOT_CHARS, ".")
)
#: Up to three separator characters between two digits (ASCII or full-width).
_SEPARATOR_RUN_RE = gated(
    r"(?<=[0-9\uff10-\uff19])[ .\-" + DASH_CHARS + SPACE_CHARS + DOT_CHARS + r"]{1,3}"
    r"(?=[0-9\uff10-\uff19])"
)


def fold_number_separators(text: str) -> str:
    """THE normaliser of the separators between a number's digits, used by both the
    extraction of phones and ID numbers (:mod:`nlu.entities`) and their masking
    (:func:`mask_numbers`): every dash form between two digits becomes ``-``, every
    space ``" "``, every dot ``.`` (``139–5300–2233`` -> ``139-5300-2233``). One
    character for one, so spans found on the result hold for ``text``; dashes between
    words (``坏了——已经``) are prose and stay as written. Trial7 F05."""
    if text.isascii():
        return text
    return _SEPARATOR_RUN_RE.sub(lambda m: m.group(0).translate(_SEPARATOR_TABLE), text)


#: Between a number's groups once :func:`fold_number_separators` has run: a dash or dot,
#: a space on either side of it (``139 - 5300``), or a space alone.
_GROUP_SEP = r"(?: ?[-.]? ?)"
MOBILE_RE = gated(
    r"(?<![0-9])(?:\+?86"
    + _GROUP_SEP
    + r")?(1[3-9][0-9]"
    + _GROUP_SEP
    + r"[0-9]{4}"
    + _GROUP_SEP
    + r"[0-9]{4})(?![0-9])"
)
LANDLINE_RE = gated(
    r"(?<![0-9])([(（]?0[1-9][0-9]{1,2}[)）]?" + _GROUP_SEP + r"[2-9][0-9]{6,7})(?![0-9])"
)


def id_checksum_ok(number: str) -> bool:
    """True when an 18-digit resident ID number has a valid check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def mask_phone(phone: str) -> str:
    """``13812345678`` -> ``138****5678``."""
    digits = re.sub(r"[^0-9]", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id(number: str) -> str:
    """``371702199001011234`` -> ``3717**********1234``."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# -- THE masking of free text ----------------------------------------------------------
# Logs (gateway.logging), public answers (Open311, knowledge search, progress), unit views
# (casebridge, through casebridge.privacy.install_masker) and dialogue summaries
# (dialogs.common.mask) all call mask_text: NFKC first (full-width digits and letters
# become ASCII), separators accepted between digits (138 0013 8000, 138.0013.8000,
# 138-0013-8000, spaced ID numbers), names found by the NLU's name rules masked to the
# surname (我叫王小明 -> 我叫王**).

#: Between two digits: spaces, line breaks, dots, dashes of every length, slashes,
#: brackets round a prefix (``(139)5300…``), the punctuation people put between groups
#: (``139，5300，1234``, ``139、5300``, ``139 - 5300``, ``139~5300``, ``139|5300``), and
#: invisible format characters (zero-width space and joiners, word joiner, BOM, soft
#: hyphen) that hide nothing to the eye but split a number for a pattern.
_INVISIBLE = "\u200b-\u200f\u2060\ufeff\u00ad"
_DASHES = DASH_CHARS
_SEP = r"[ \t\r\n.\-_·/\u00a0\u3000,，、;；:：|~～*()（）。" + _DASHES + _INVISIBLE + r"]{0,3}"
_ID_ANY_RE = gated(
    r"(?<![0-9A-Za-z])([1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx]"
    r"|[1-9](?:" + _SEP + r"[0-9]){14})(?![0-9A-Za-z])"
)
#: A mobile number; letters before it do not hide it (an account id: ``wx13953008888``).
#: An opening bracket before the prefix (``(139)53001234``) belongs to the number, so the
#: mask never leaves half a pair (``(139****1234``).
_MOBILE_ANY_RE = gated(
    r"(?<![0-9])(?:\+?86" + _SEP + r")?([(（]?)(1" + _SEP + r"[3-9](?:" + _SEP + r"[0-9]){9})"
    r"(?![0-9])"
)
#: Spoken digits as citizens type them (幺三九五三零零八八八八, 一三九 5300 8888).
_CN_DIGITS = {
    **dict.fromkeys("零〇○洞", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **dict.fromkeys("二两贰", "2"),
    "三": "3", "叁": "3", "四": "4", "肆": "4", "五": "5", "伍": "5",
    "六": "6", "陆": "6", "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}  # fmt: skip
_CN_DIGIT_CLASS = "[0-9" + "".join(_CN_DIGITS) + "]"
#: A run of seven or more digits, Arabic or spoken, with separators between them.
_SPOKEN_RUN_RE = gated(
    r"(?:\+?86" + _SEP + r")?[(（]?" + _CN_DIGIT_CLASS + r"(?:" + _SEP + _CN_DIGIT_CLASS + r"){6,}"
)
_CN_DIGIT_TABLE = str.maketrans(_CN_DIGITS)


def spoken_digits(run: str) -> str:
    """The Arabic digits of a run said in spoken or Arabic digits (一三九 5300 → 1395300)."""
    return re.sub(r"[^0-9]", "", run.translate(_CN_DIGIT_TABLE))


_LANDLINE_ANY_RE = gated(
    r"(?<![0-9A-Za-z])([(（]?0[1-9][0-9]{1,2}[)）]?" + _SEP + r"[2-9](?:" + _SEP + r"[0-9]){6,7})"
    r"(?![0-9])"
)
#: A bank card: 16 to 19 digits (UnionPay 62…, Visa 4…, Mastercard 5…, 3…), separators
#: allowed; the first and last four kept. Before the ID pattern, whose 15-digit form would
#: otherwise take the first groups of a spaced card and leave the rest.
_CARD_RE = gated(
    r"(?<![0-9A-Za-z])([3-6](?:" + _SEP + r"[0-9]){15,18})(?![0-9A-Za-z])"
    # a spaced ID number (3717 0219 8503 1543 2X) is no card followed by a remainder
    r"(?!" + _SEP + r"[0-9Xx])"
)
#: An e-mail address: the first character of the mailbox and the domain kept.
_EMAIL_RE = gated(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*(@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
#: An account named by its word (QQ号, 微信号, 护照号码): the first character kept.
_ACCOUNT_RE = gated(
    r"(?<![A-Za-z0-9/._-])((?:QQ|qq|Qq|微信|护照|通行证)(?:号码|号)?(?:是|为)?[:：]?\s?)"
    r"([A-Za-z0-9])([A-Za-z0-9_.\-]{4,39})(?![A-Za-z0-9_])"
)
_HAN = r"[\u4e00-\u9fff]"
#: Two-character surnames (复姓): 欧阳娜娜 is 欧阳 + 娜娜, masked to 欧阳**.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
    "宇文", "夏侯", "轩辕", "西门", "独孤", "南宫", "端木", "澹台", "司徒", "司空", "万俟",
    "闻人", "呼延", "钟离", "申屠", "太史", "公冶", "濮阳", "淳于", "单于", "赫连", "第五",
)  # fmt: skip
_COMPOUND_SET = frozenset(COMPOUND_SURNAMES)
_SURNAME = r"(" + "|".join(COMPOUND_SURNAMES) + r"|" + _HAN + r")"
#: A family member named after the kinship word (我儿子张小军, 俺老伴刘桂兰): masked like a
#: citizen's own name, surname kept.
_KIN_NAME_RE = gated(
    r"(儿子|女儿|孙子|孙女|外孙|外孙女|老伴|爱人|丈夫|妻子|老公|老婆|媳妇|父亲|母亲|"
    r"爸爸|妈妈|哥哥|姐姐|弟弟|妹妹|孩子)"
    r"([:：]?\s?)" + _SURNAME + r"(" + _HAN + r"{1,2})"
)
#: A name typed with spaces between its characters after a lead word (我叫张 三 -> 我叫张 *).
_SPACED_LEAD_NAME_RE = gated(
    r"(我叫|我的名字是|我的名字叫|名字叫|名字是|姓名|联系人)([:：]?\s?)(" + _HAN + r")"
    r"((?:[ \u3000]" + _HAN + r"){1,2})(?=[\s,，。.、0-9*]|$|电话|手机|身份证)"
)
#: The words that name a person by role or title (工作人员, 执法队员 = 执法 + 队员,
#: 社区主任 = 社区 + 主任, 民警, 网格员, 科长 …): a name after one is the person's.
ROLE_WORDS = (
    "工作人员|办事员|窗口人员|民警|警官|辅警|协警|片警|交警|城管队员|执法人员|队员|网格员|"
    "协管员|调解员|专员|干部|社工|值班员|接线员|保安|医生|大夫|护士|老师|校长|园长|司机|"
    "村支书|支书|书记|村长|主任|科长|所长|局长|站长|队长|经理|客服|师傅|负责人|管理员|"
    "物业人员|业主|诉求人|反映人|来电人|当事人|"
    # people a citizen names beside staff: neighbours, landlords, employers, reporters
    "邻居|房东|房主|租客|租户|老板娘|老板|被举报人|举报人|同事|店主|店长|摊主|包工头|"
    "承包人|组长|班长|律师|记者|法官|会计|厂长|院长|镇长|乡长|楼长|老乡|朋友|同学|室友|车主|"
    # the people living or trading where the matter is (楼上住户孙小美: trial7 F06)
    "住户|户主|房客|租房户|承租人|出租人|商户|摊贩|居民|村民|店员|保姆"
)
#: A person named by their role (a complaint names the staff member: 窗口的工作人员李秀英,
#: 民警张伟): the name after the role word is masked like a citizen's, surname kept.
_ROLE_NAME_RE = gated(r"(" + ROLE_WORDS + r")([:：]?\s?)" + _SURNAME + r"(" + _HAN + r"{1,2})")
#: A name after a lead word, perhaps after the person's role (联系人：执法队员刘强,
#: 联系人民警赵刚: the role word, with up to four characters of its office before it, is
#: kept and the name after it masked, never the role taken for the name).
_LEAD_NAME_RE = gated(
    r"(我叫|我的名字是|我的名字叫|名字叫|名字是|姓名|联系人|本人叫|本人|我是|叫我|报案人|反映人)"
    r"([:：]?\s?(?:"
    + _HAN
    + r"{0,4}?(?:"
    + ROLE_WORDS
    + r")[:：]?\s?)?)"
    + _SURNAME
    + r"(\s?)("
    + _HAN
    + r"{1,2})"
)
#: A role word (with its office) where a name would be: 联系人：工作人员 names nobody.
_ROLE_AT_RE = gated(_HAN + r"{0,4}?(" + ROLE_WORDS + r")")
#: Courtesy titles after a full name (王小明女士 -> 王**女士; 王女士 alone is kept).
TITLES = (
    "女士", "先生", "小姐", "同志", "老师", "师傅", "大爷", "大娘", "大妈", "阿姨", "大姐",
    "大哥", "奶奶", "爷爷", "老人", "经理", "主任", "医生", "律师",
)  # fmt: skip
_TITLE_RE = gated("|".join(TITLES))
_HAN_CHAR = gated(_HAN)
#: A bare name beside a (masked or clear) mobile number: 王小明 138****8000.
_BESIDE_PHONE_RE = gated(
    r"(?:(?<=^)|(?<=[\s,，:：;；、。]))" + _SURNAME + r"(" + _HAN + r"{1,2})"
    r"(?=[\s,，:：、]*(?:\+?86)?1[3-9][0-9][0-9*]{4}[0-9]{4}(?![0-9]))"
)
_AFTER_PHONE_RE = gated(
    r"(1[3-9][0-9][0-9*]{4}[0-9]{4}[\s,，:：、]*)" + _SURNAME + r"(" + _HAN + r"{1,2})"
    r"(?=$|[\s,，。;；!！])"
)


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value)


def _mask_number(m: re.Match[str]) -> str:
    digits = _digits(m.group(1))
    if len(digits) >= 15:  # an ID number: region and last four kept
        return mask_id(digits)
    return mask_phone(digits)


def _mask_mobile(m: re.Match[str]) -> str:
    """A mobile in any written form as ``139****1234``; an opening bracket before it is
    kept only when the number holds no closing one (``(13953001234)`` stays a pair)."""
    opened, body = m.group(1), m.group(2)
    closed = ")" in body or "）" in body
    return ("" if closed else opened) + mask_phone(_digits(body))


#: A number written after a phone word, whatever its length (a local number without its
#: area code, ``电话 5551234``; trial5 F08): every digit but the last two masked.
_PHONE_WORD_RE = gated(
    r"((?:联系电话|联系方式|电话号码|电话|座机|固话|手机号码|手机号|手机|号码|Tel|TEL|tel)"
    r"(?:是|为)?[:：\s]{0,3})"
    r"([(（]?[0-9](?:[ \t.\-_·/()（）\u3000" + _DASHES + r"]{0,2}[0-9]){4,11}[)）]?)(?![0-9*])"
)


def _mask_after_phone_word(m: re.Match[str]) -> str:
    digits = _digits(m.group(2))
    return m.group(1) + "*" * (len(digits) - 2) + digits[-2:]


#: A vehicle plate (鲁R·12345, 鲁R12345D, 京A·D12345): province and office letter kept,
#: the rest masked in public answers (trial3 F14, trial5 F08).
_PLATE_RE = gated(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z])"
    r"([\s·•.\-]?)(?=[A-Za-z]{0,2}[0-9])([A-Za-z0-9]{5,6}|[A-Za-z0-9]{4}(?=[挂学警]))"
    r"((?:挂|学|警)?)(?![A-Za-z0-9])"
)


def _plates(text: str) -> str:
    def hide(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2) + "*" * len(m.group(3)) + m.group(4)

    return _PLATE_RE.sub(hide, text)


@functools.cache
def _not_names() -> tuple[frozenset[str], Matcher, frozenset[str]]:
    """The NLU's name rules, prepared once: the two-character openings of words that are
    not names, the stop words as one pattern, the common surnames."""
    from nlu import entities  # the NLU's name rules (entities imports this module)

    openings = frozenset(w[:2] for w in entities._NOT_NAME)
    stop = gated("|".join(map(re.escape, entities._NAME_STOP)))
    return openings, stop, entities.SURNAMES


def _is_name(surname: str, given: str, *, need_surname: bool) -> bool:
    openings, stop, surnames = _not_names()
    name = surname + given
    if name[:2] in openings or name[:1] in openings:
        return False
    # words that follow a lead word but begin no name (姓名以房产证为准, 姓名须与身份证一致)
    if stop.search(name) or surname in "就也还都不没在是从以为需须请按及或等填必均可":
        return False
    return not need_surname or surname in surnames or surname in COMPOUND_SURNAMES


#: Characters that end a name rather than belong to it (李秀英态度…: 态 is not a name).
_AFTER_NAME = frozenset("说讲让把被给对跟和与在是的了态又还就也都不没却打骂踢推抢偷扣拖欠骗吼")
#: ... and, after a given name's first character, words that begin what the person did
#: (网格员张伟已上门, 执法队员刘强处理: the name is 张伟, 刘强).
_AFTER_GIVEN = _AFTER_NAME | frozenset("已处到称于曾再及并")


def _given_name(given: str) -> str:
    """The given name in the one or two characters read after a surname."""
    return given[0] if len(given) == 2 and given[1] in _AFTER_GIVEN else given


def _titled_split(run: str) -> tuple[str, str, str] | None:
    """The full name at the end of ``run`` (the text before a title): ``联系王小明`` ->
    (``联系``, ``王``, ``小明``); a compound surname first (``欧阳娜娜``), then a
    three-character name, then two. ``None`` when no common surname starts one."""
    for n in (2, 1):
        compound = run[-n - 2 : -n]
        if len(run) >= 2 + n and compound in _COMPOUND_SET:
            given = run[-n:]
            if _is_name(compound, given, need_surname=False):
                return run[: -n - 2], compound, given
    for n in (2, 1):
        if len(run) >= n + 1:
            surname, given = run[-n - 1], run[-n:]
            if _is_name(surname, given, need_surname=True):
                return run[: -n - 1], surname, given
    return None


#: Words that open with a surname yet say what a person after a role or people word did
#: or what is theirs (住户张贴, 住户安装, 商户周边, 居民高层): no name (trial7 F06).
_ACT_AFTER_ROLE = frozenset((
    "张贴", "张罗", "安装", "安排", "安全", "施工", "文化", "文明", "管理", "周边", "周围",
    "周末", "方面", "钱款", "费用", "高空", "高层", "杨树", "林地", "金额", "车辆", "于是",
    "田地", "万元", "路面", "路灯", "石头", "包括", "江边", "楼道", "门口", "毛坯", "房屋",
    "房子", "常年", "常常", "时常", "余下", "白天", "黄昏", "尤其", "严重", "谢谢", "马上",
))  # fmt: skip


def _role_name(m: re.Match[str]) -> str:
    given = m.group(4)
    if m.string.startswith("*", m.end(4)):  # masked already (欧阳**): not 欧 + 阳
        return m.group(0)
    if (m.group(3) + given)[:2] in _ACT_AFTER_ROLE:  # 住户张贴: a deed, no name
        return m.group(0)
    if given[0] in _AFTER_NAME:  # 民警张说 …: a surname alone is kept
        return m.group(0)
    given = _given_name(given)  # 张三态度差: the name is 张三
    if not _is_name(m.group(3), given, need_surname=True):
        return m.group(0)
    rest = m.group(4)[len(given) :]
    return m.group(1) + m.group(2) + m.group(3) + "*" * len(given) + rest


def _staff_names(text: str) -> str:
    """Names after a role word (工作人员李秀英 -> 工作人员李**): public answers only, since
    the unit handling a complaint about its staff has to know whom it concerns."""
    return _ROLE_NAME_RE.sub(_role_name, text)


def _with_titles(text: str) -> str:
    """A full name before a title (联系王小明女士 -> 联系王**女士): each title found, the
    name read from the (at most five) Han characters before it."""
    parts: list[str] = []
    done = 0
    for m in _TITLE_RE.finditer(text):
        start = m.start()
        begin = start
        while begin > done and start - begin < 5 and _HAN_CHAR.match(text, begin - 1):
            begin -= 1
        split = _titled_split(text[begin:start]) if start - begin >= 2 else None
        if split is not None:
            head, surname, given = split
            parts.append(text[done:begin] + head + surname + "*" * len(given))
            done = start
    return "".join(parts) + text[done:] if parts else text


def _names(text: str) -> str:
    def lead(m: re.Match[str]) -> str:
        # 张 三, or a name after a role word (联系人：民警赵刚): a surname first
        role = _HAN_CHAR.search(m.group(2)) is not None
        at = None if role else _ROLE_AT_RE.match(m.string, m.start(3))
        if at is not None and at.start(1) < m.end(5):  # 联系人：执法队员, no name after it
            return m.group(0)
        need = m.group(1) in ("我是", "本人") or bool(m.group(4)) or role
        given = _given_name(m.group(5)) if role else m.group(5)
        if not _is_name(m.group(3), given, need_surname=need):
            return m.group(0)
        rest = m.group(5)[len(given) :]
        return m.group(1) + m.group(2) + m.group(3) + m.group(4) + "*" * len(given) + rest

    def titled(m: re.Match[str]) -> str:
        if not _is_name(m.group(1), m.group(2), need_surname=True):
            return m.group(0)
        return m.group(1) + "*" * len(m.group(2))

    def after(m: re.Match[str]) -> str:
        if not _is_name(m.group(2), m.group(3), need_surname=True):
            return m.group(0)
        return m.group(1) + m.group(2) + "*" * len(m.group(3))

    def spaced(m: re.Match[str]) -> str:
        given = m.group(4).replace(" ", "").replace("\u3000", "")
        if not _is_name(m.group(3), given, need_surname=True):
            return m.group(0)
        return m.group(1) + m.group(2) + m.group(3) + _HAN_CHAR.sub("*", m.group(4))

    text = _SPACED_LEAD_NAME_RE.sub(spaced, text)
    text = _LEAD_NAME_RE.sub(lead, text)
    text = _KIN_NAME_RE.sub(_role_name, text)
    text = _with_titles(text)
    text = _BESIDE_PHONE_RE.sub(titled, text)
    return _AFTER_PHONE_RE.sub(after, text)


@functools.cache
def _fold_table() -> dict[int, str]:
    """Characters whose NFKC form is an ASCII letter, digit, space or number separator
    (full-width ``１３８``, ``Ｘ``, ``－``, ``．``, the ideographic space ...)."""
    table: dict[int, str] = {}
    blocks = (range(0x80, 0x100), range(0x2000, 0x2100), range(0x2460, 0x2500),
              range(0x3000, 0x3001), range(0xFE50, 0xFE70), range(0xFF00, 0xFFF0),
              range(0x1D7CE, 0x1D800))  # fmt: skip
    for code in (c for block in blocks for c in block):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded.isascii() and (folded.isalnum() or folded in " .-+"):
            table[code] = folded
    return table


#: A decimal digit of any script that is not ASCII (Arabic-Indic ٣, Devanagari ३ …).
_OTHER_DIGIT_RE = gated(r"(?![0-9])\d")


def fold(text: str) -> str:
    """NFKC applied to what can hide a number (full-width digits and letters, separators),
    and every decimal digit of another script read as its ASCII digit; Chinese
    punctuation (brackets included) stays as written."""
    text = text.translate(_fold_table())
    if not text.isascii() and _OTHER_DIGIT_RE.search(text):
        text = _OTHER_DIGIT_RE.sub(lambda m: str(unicodedata.decimal(m.group(0))), text)
    return text


def _mask_card(m: re.Match[str]) -> str:
    digits = _digits(m.group(1))
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def _mask_ascii(text: str, *, landlines: bool = True) -> str:
    text = _CARD_RE.sub(_mask_card, text)
    text = _ID_ANY_RE.sub(_mask_number, text)
    text = _MOBILE_ANY_RE.sub(_mask_mobile, text)
    if not landlines:
        return text
    text = _LANDLINE_ANY_RE.sub(_mask_number, text)
    return _PHONE_WORD_RE.sub(_mask_after_phone_word, text)


def _spoken(m: re.Match[str], *, landlines: bool = True) -> str:
    """A run holding spoken digits (一三九五三零零八八八八, 幺三九 5300 8888) read as the
    number it says, and masked when it is a phone or ID number; kept as written
    otherwise. Runs of Arabic digits alone are left to the patterns that follow."""
    run = m.group(0)
    if run.isascii():
        return run
    digits = run.translate(_CN_DIGIT_TABLE)
    masked = _mask_ascii(digits, landlines=landlines)
    return masked if masked != digits else run


def mask_numbers(text: str, *, landlines: bool = True) -> str:
    """Mask ID card, mobile and landline numbers in any form (NFKC-folded; separators).

    ``landlines=False`` keeps landlines readable (an office's published number in a text
    the centre or a unit wrote for the public: see :func:`mask_text` ``published``)."""
    if not text:
        return text
    text = fold_number_separators(fold(text))
    if _SPOKEN_RUN_RE.search(text):
        text = _SPOKEN_RUN_RE.sub(functools.partial(_spoken, landlines=landlines), text)
    text = _mask_ascii(text, landlines=landlines)
    if "@" in text:
        text = _EMAIL_RE.sub(lambda m: m.group(1) + "***" + m.group(2), text)
    return _ACCOUNT_RE.sub(lambda m: m.group(1) + m.group(2) + "*" * len(m.group(3)), text)


#: The exact part of an address: house, building, unit, floor and room numbers
#: (长江路88号, 3号楼2单元501室, 五号院, 12栋): the number is masked, the word kept.
_HOUSE_NUMBER_RE = gated(
    r"(?<![0-9A-Za-z月日])([0-9]{1,5}|[一二三四五六七八九十百零〇两]{1,4})"
    r"(?=\s?(?:号楼|号院|号|栋|幢|座|单元|层|楼|室|户)(?!码|线|位|门诊))"
)
#: A room written without its word after a unit or building (2单元501, 3号楼-502), or
#: unit and room as ``3-402`` after the building (5栋3-402).
_ROOM_RE = gated(r"(单元|号楼|栋|幢|座)([\s-]?)((?:[0-9]{1,2}[-－—–])?[0-9]{2,5})(?![0-9])")
#: Building, unit and room in shorthand (住在5-2-301): every number masked.
_SHORTHAND_RE = gated(
    r"(?<![0-9A-Za-z.:/])[0-9]{1,3}[-－—–][0-9]{1,2}[-－—–][0-9]{3,4}(?![0-9A-Za-z])"
)


def _house_numbers(text: str) -> str:
    # the shorthand and the room after a building first: 5号楼3-402室 is one address
    text = _SHORTHAND_RE.sub(lambda m: re.sub(r"[0-9]", "*", m.group(0)), text)
    text = _ROOM_RE.sub(lambda m: m.group(1) + m.group(2) + re.sub(r"[0-9]", "*", m.group(3)), text)
    return _HOUSE_NUMBER_RE.sub(lambda m: "*" * len(m.group(1)), text)


def mask_text(text: str, *, public: bool = False, published: bool = False) -> str:
    """THE masking of personal data in free text: numbers in every form and names.

    Full-width digits and letters are NFKC-folded first (:func:`fold`), so the result
    may differ from ``text`` in width. ``public=True`` (answers anyone may read: Open311
    reads) also masks the exact address in the text, house, building, unit, floor and
    room numbers (``家住长江路88号`` -> ``家住长江路**号``; docs/casebridge.md "Public
    answers"), vehicle plates (``鲁R·12345`` -> ``鲁R·*****``), and names after a role
    word (``工作人员李秀英`` -> ``工作人员李**``): units and the centre need the exact
    spot and the staff member concerned, the public does not. Never raises.

    ``published=True`` is for a text the centre or a unit wrote to publish (a
    knowledge-base entry's title and answer), never a citizen's: the landlines in it are
    offices' published numbers (``办公室0530-5551234``) and stay readable; mobiles, ID
    numbers, cards, e-mail addresses, accounts and names are masked as in any text.
    """
    if not text:
        return text
    try:
        masked = _names(mask_numbers(text, landlines=not published))
        return _plates(_house_numbers(_staff_names(masked))) if public else masked
    except Exception:  # never let masking break a log line or an answer
        return re.sub(r"[0-9０-９]", "*", text)
