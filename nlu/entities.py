"""Entity extraction: phones, landlines, ID numbers (checksum), names, addresses, dates,
times, order numbers and licence plates. ``masked`` hides personal data."""

from __future__ import annotations

import re

from nlu.pii import ID_CARD_RE, LANDLINE_RE, MOBILE_RE, id_checksum_ok, mask_id, mask_phone
from nlu.types import Entity

ORDER_RE = re.compile(r"(?<![A-Za-z0-9])(HZ\d{8}-\d{6})(?![0-9])", re.IGNORECASE)
# 鲁R is Heze; any province prefix accepted; new-energy plates have 6 characters after
PLATE_RE = re.compile(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•]?(?:[A-HJ-NP-Z0-9]{5,6}))(?![A-Za-z0-9])"
)
_CN_NUM = "零〇一二两三四五六七八九十"
DATE_RE = re.compile(
    r"((?:(?:19|20)\d{2}年)?(?:1[0-2]|0?[1-9])月(?:3[01]|[12]\d|0?[1-9])[日号])"
    r"|((?:19|20)\d{2}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9]))"
    r"|(大前天|前天|昨天|今天|明天|后天|上周[一二三四五六日天]?|本周[一二三四五六日天]?|"
    r"上个月|这个月|上月|本月|去年|今年)"
)
TIME_RE = re.compile(
    r"((?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|半夜)?(?:[01]?\d|2[0-3])[:：][0-5]\d)"
    r"|((?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|半夜)?(?:[01]?\d|2[0-3]|[" + _CN_NUM + r"]{1,3})"
    r"[点时](?:半|[0-5]?\d分|[" + _CN_NUM + r"]{1,3}分)?)"
)
NAME_RE = re.compile(
    r"(?:我叫|我的名字是|本人|我是|联系人|姓名[:：]?)\s?"
    r"([\u4e00-\u9fff]{1}[\u4e00-\u9fff]{1,2})(?=[，,。.、\s]|$|电话|手机|身份证|住|家住|在)"
)
NAME_SURNAME_RE = re.compile(r"(?:我姓|免贵姓)([\u4e00-\u9fff])")
# words that follow 我是 but are not names
_NOT_NAME = (
    "业主",
    "市民",
    "村民",
    "居民",
    "家长",
    "学生",
    "老师",
    "群众",
    "租户",
    "职工",
    "工人",
    "患者",
    "司机",
    "老人",
    "农民",
    "一名",
    "一个",
    "这个",
    "外地",
    "本地",
    "菏泽",
    "牡丹",
    "曹县",
    "单县",
    "退休",
    "残疾",
    "个体",
    "商户",
    "店主",
    "他们",
)
_ADDRESS_LEAD_RE = re.compile(r"(?:我|俺|我们|俺们)?(?:家)?(?:住(?:在)?|在|位于|地址是?)")
_PRONOUNS = ("我们", "我家", "你们", "他们", "咱们", "俺们", "俺家", "这个", "那个", "附近", "旁边")
ADDRESS_RE = re.compile(
    r"((?:菏泽市?)?(?:[\u4e00-\u9fff]{1,6}(?:区|县))?(?:[\u4e00-\u9fff]{1,6}(?:街道|镇|乡))?"
    r"[\u4e00-\u9fff0-9]{1,12}(?:村|社区|小区|花园|家园|路|街道|街|大道|巷|镇|乡)"
    r"(?:[0-9一二三四五六七八九十]+(?:号楼|号院|号|栋|幢|单元|室|排|组))*)"
)


def _add(
    out: list[Entity],
    taken: list[tuple[int, int]],
    kind: str,
    value: str,
    masked: str,
    start: int,
    end: int,
) -> None:
    if any(start < e and s < end for s, e in taken):
        return  # overlaps a span already claimed by a more specific entity
    taken.append((start, end))
    out.append(Entity(type=kind, value=value, masked=masked, start=start, end=end))


def extract(text: str) -> tuple[Entity, ...]:
    """All entities in normalized ``text``, ordered by position. Never raises."""
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for m in ORDER_RE.finditer(text):
        _add(out, taken, "order_no", m.group(1).upper(), m.group(1).upper(), *m.span(1))
    for m in ID_CARD_RE.finditer(text):
        if id_checksum_ok(m.group(1)):
            _add(out, taken, "id_card", m.group(1).upper(), mask_id(m.group(1)), *m.span(1))
    for m in MOBILE_RE.finditer(text):
        digits = re.sub(r"[^0-9]", "", m.group(1))
        _add(out, taken, "phone", digits, mask_phone(digits), *m.span(1))
    for m in LANDLINE_RE.finditer(text):
        _add(out, taken, "landline", m.group(1), mask_phone(m.group(1)), *m.span(1))
    for m in PLATE_RE.finditer(text):
        plate = m.group(1).replace("·", "").replace("•", "")
        _add(out, taken, "plate", plate, plate[:2] + "***" + plate[-2:], *m.span(1))
    for m in DATE_RE.finditer(text):
        _add(out, taken, "date", m.group(0), m.group(0), *m.span(0))
    for m in TIME_RE.finditer(text):
        value = m.group(0)
        if value[-1] in "点时" and value[:-1] in ("一", "几", "有"):
            continue  # "一点" = a little; not a time
        _add(out, taken, "time", value, value, *m.span(0))
    for m in NAME_RE.finditer(text):
        name = m.group(1)
        if name.startswith(_NOT_NAME) or any(name.startswith(w[:2]) for w in _NOT_NAME):
            continue
        _add(out, taken, "name", name, name[0] + "*" * (len(name) - 1), *m.span(1))
    for m in NAME_SURNAME_RE.finditer(text):
        _add(out, taken, "name", m.group(1), m.group(1), *m.span(1))
    for m in ADDRESS_RE.finditer(text):
        lead = _ADDRESS_LEAD_RE.match(m.group(1))
        start = m.start(1) + (lead.end() if lead else 0)
        value = text[start : m.end(1)]
        if len(value) >= 4 and not value.startswith(_PRONOUNS):
            _add(out, taken, "address", value, _mask_address(value), start, m.end(1))
    out.sort(key=lambda e: e.start)
    return tuple(out)


def _mask_address(address: str) -> str:
    """Keep the area (dispatch needs it in consoles), hide house numbers."""
    return re.sub(r"[0-9一二三四五六七八九十]+(号楼|号院|号|栋|幢|单元|室)", r"*\1", address)
