"""Personal data in free text: find and mask phones, ID card numbers and names.

:func:`mask_text` is the one masking function of the project (logs, public answers,
unit views, dialogue summaries); it must be fast and never raise.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from nlu.pii_bare import bare_names
from nlu.pii_context import context_names
from nlu.pii_names import COMPOUND_SURNAMES, ROLE_WORDS, TITLES, names, staff_names
from nlu.pii_numbers import (
    DASH_CHARS,
    DOT_CHARS,
    ID_CARD_RE,
    LANDLINE_RE,
    MOBILE_RE,
    SPACE_CHARS,
    fold,
    fold_number_separators,
    id_checksum_ok,
    mask_id,
    mask_numbers,
    mask_phone,
    spoken_digits,
)
from nlu.regate import gated

__all__ = [
    "COMPOUND_SURNAMES",
    "DASH_CHARS",
    "DOT_CHARS",
    "ID_CARD_RE",
    "LANDLINE_RE",
    "MOBILE_RE",
    "ROLE_WORDS",
    "SPACE_CHARS",
    "TITLES",
    "fold",
    "fold_number_separators",
    "id_checksum_ok",
    "mask_id",
    "mask_numbers",
    "mask_phone",
    "mask_text",
    "spoken_digits",
    "warm_up",
]

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


#: The exact part of an address: house, building, unit, floor and room numbers
#: (长江路88号, 3号楼2单元501室, 五号院, 12栋, 5楼): the number is masked, the word kept.
#: A floor said in Chinese numerals (一楼都返水了, 三层楼道) is how people say where in a
#: building, the first floor everyone's: kept (trial11 N16); 三号楼, 二单元 are masked.
_HOUSE_NUMBER_RE = gated(
    r"(?<![0-9A-Za-z月日])(?:[0-9]{1,5}(?=\s?(?:号楼|号院|号|栋|幢|座|单元|层|楼|室|户)(?!码|线|位|门诊))"
    r"|[一二三四五六七八九十百零〇两]{1,4}(?=\s?(?:号楼|号院|号|栋|幢|座|单元|室|户)(?!码|线|位|门诊)))"
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
    return _HOUSE_NUMBER_RE.sub(lambda m: "*" * len(m.group(0)), text)


#: A housing estate by its name (阳光小区, 富春家园, 蓝天豪苑): in public answers the name
#: is masked like the building number, the county and township kept (trial8 F22: the
#: estate was published while the district was hidden). The name is read back from the
#: estate word over two to four Han characters, never across a place word or pronoun
#: (nor 家 after a pronoun: 俺家东城名苑 is 东城).
_ESTATE_NAME = (
    r"((?!(?<=[俺我咱你他她])家)(?:(?![区县市镇乡村路街道号楼在住是的了有把被对向从用将使等都"
    r"也还就不没很我你他这那该本各全俺咱们到过])[\u4e00-\u9fff]){2,4})"
)
_ESTATE_WORD = (
    r"(?:小区|花园|家园|公寓|新村|大厦|山庄|公馆|华庭|华府|豪苑|花苑|雅苑|名苑|嘉园|佳园|家属院)"
)
_ESTATE_RE = gated(
    # where a place name starts: after a county, town, street or road, after 住在/位于,
    # after who lives there (俺们, 我是, 俺家, 家在: trial9 F22), or after no Han
    # character (导致小区, 管好小区, 在创办文明小区 are no estate)
    r"(?:(?<=[区县市镇乡道路街村号的咱])|(?<=住在|家住|位于|住址|地址|家在|住到|搬到|俺们|我们|咱们"
    r"|俺家|我家|咱家|我是|俺是|们是)|(?<![\u4e00-\u9fff]))"
    + _ESTATE_NAME
    + r"(?="
    + _ESTATE_WORD
    + r")"
)
#: An estate with its building, unit or room after it (东方红小区12栋502室, masked to
#: ``**栋***室`` before): a home address whatever comes before the name (trial9 F22).
_ESTATE_HOME_RE = gated(
    _ESTATE_NAME
    + r"(?="
    + _ESTATE_WORD
    + r"\s?(?:[*0-9]{1,5}|[一二三四五六七八九十两]{1,3})\s?(?:号楼|号院|栋|幢|座|单元|号|楼))"
)
#: The estate word with a building, unit or room after it: what every match of
#: :data:`_ESTATE_HOME_RE` holds, searched first (the name's class gives the pattern no gate).
_HOME_TAIL_RE = gated(
    _ESTATE_WORD
    + r"\s?(?:[*0-9]{1,5}|[一二三四五六七八九十两]{1,3})\s?(?:号楼|号院|栋|幢|座|单元|号|楼)"
)
#: Words before an estate word that say which kind, not which one (老旧小区, 附近小区).
_ESTATE_KINDS = (
    "老旧", "新建", "整个", "附近", "周边", "周围", "这个", "那个", "所在", "居住", "高档",
    "封闭", "开放", "商品", "安置", "回迁", "保障", "廉租", "公租", "职工", "邻居", "隔壁",
    "目前", "作为", "包括", "借口", "规范", "一样", "干扰", "严重", "进入", "走进", "全体",
    "所有", "各个", "部分", "个别", "一些", "一个", "自己", "别人", "什么", "同一", "哪个",
    "别的", "其他", "其它", "本地", "外地", "农村", "城里",
)  # fmt: skip


#: Words that open an estate's description with no name (一个老小区, 某个新小区).
_ESTATE_ANY = ("一个", "一些", "某", "同一", "哪", "什么", "几个", "两个", "其他", "其它", "别的")


#: Words that come before a place, read in with the name when nothing else marks where
#: it starts (投诉绿城小区5号楼): kept as written.
_BEFORE_PLACE = (
    "投诉", "反映", "举报", "请求", "要求", "希望", "制止", "距离", "购买", "送入", "进入",
    "来到", "走到", "路过", "位于", "靠近", "紧邻", "紧挨", "导致", "影响", "解决", "隐患",
)  # fmt: skip


def _estates(text: str) -> str:
    def hide(m: re.Match[str]) -> str:
        name = m.group(1)
        kind = name.endswith(_ESTATE_KINDS) or name.startswith(_ESTATE_ANY)
        head = name[:2] if len(name) == 4 and name.startswith(_BEFORE_PLACE) else ""
        return name if kind else head + "*" * (len(name) - len(head))

    if _HOME_TAIL_RE.search(text) is not None:
        text = _ESTATE_HOME_RE.sub(hide, text)
    return _ESTATE_RE.sub(hide, text)


def _visible(text: str) -> str:
    """``text`` without invisible format characters (category Cf: the right-to-left
    override and other bidi controls, zero-width spaces): a public page never echoes
    them, nor a combining mark with no letter under it (trial8 F17, trial10 N14; the
    inbound side drops them too, ``channels.messages`` and
    ``casebridge.inputs.without_format``)."""
    if text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me") and not (out and _takes_marks(out[-1])):
            continue  # a stray combining mark (trial10 N14)
        if ch == "\u200d" or cat != "Cf":
            out.append(ch)
    return "".join(out)


def _takes_marks(ch: str) -> bool:
    """A combining mark after ``ch`` belongs to it: not after a space, a control, a Han
    character or CJK punctuation (the rule of ``channels.messages.without_format``)."""
    code = ord(ch)
    cjk = 0x3000 <= code <= 0x303F or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
    cjk = cjk or 0xFF00 <= code <= 0xFF65 or 0x20000 <= code <= 0x3FFFF
    return not cjk and unicodedata.category(ch)[0] not in "ZC"


def mask_text(text: str, *, public: bool = False, published: bool = False) -> str:
    """THE masking of personal data in free text: numbers in every form and names.

    Full-width digits and letters are NFKC-folded first (:func:`fold`), so the result
    may differ from ``text`` in width. ``public=True`` (answers anyone may read: Open311
    reads) also masks the exact address in the text, house, building, unit, floor and
    room numbers (``家住长江路88号`` -> ``家住长江路**号``; docs/casebridge.md "Public
    answers"), vehicle plates (``鲁R·12345`` -> ``鲁R·*****``), and names after a role
    word (``工作人员李秀英`` -> ``工作人员李**``) or read from the words around them
    (``隔壁王建国家`` -> ``隔壁王**家``, :mod:`nlu.pii_context`): units and the centre
    need the exact spot and the staff member concerned, the public does not. Never raises.

    ``published=True`` is for a text the centre or a unit wrote to publish (a
    knowledge-base entry's title and answer), never a citizen's: the landlines in it are
    offices' published numbers (``办公室0530-5551234``) and stay readable; mobiles, ID
    numbers, cards, e-mail addresses, accounts and names are masked as in any text.
    """
    if not text:
        return text
    if len(text) <= _CACHED_CHARS:
        return _mask_cached(text, public, published)
    return _mask(text, public, published)


#: Texts up to this long are masked once and remembered (:func:`_mask_cached`, the 4,096
#: latest: at most a few MB): log lines' fields (an action's type, a reason), the bot's
#: replies and menus, 确认, 匿名. Masking is a pure function of the text.
_CACHED_CHARS = 512


@functools.lru_cache(maxsize=4096)
def _mask_cached(text: str, public: bool, published: bool) -> str:
    return _mask(text, public, published)


def warm_up() -> None:
    """Load the name lists and patterns of the public mask now (about 0.5 s at first use;
    start-up runs it in a worker thread), past the cache of short texts."""
    _mask("隔壁王建国家 13800000000", public=True, published=False)


def _mask(text: str, public: bool, published: bool) -> str:
    try:
        if public:
            text = _visible(text)
        masked = names(mask_numbers(text, landlines=not published))
        if not public:
            return masked
        if masked.isascii():  # no Han character: no name, estate, plate, house word
            return _SHORTHAND_RE.sub(lambda m: re.sub(r"[0-9]", "*", m.group(0)), masked)
        return _plates(_estates(_house_numbers(bare_names(context_names(staff_names(masked))))))
    except Exception:  # never let masking break a log line or an answer
        return re.sub(r"[0-9０-９]", "*", text)
