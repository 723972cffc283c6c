"""Place names as citizens say them: Heze's counties by their short names, for
corrections of the place, and a road's name never cut inside its word.

The NLU names one county per message (the first it finds), so in a correction
("不是成武 是单县", "是单县 不是成武县") it may name the wrong one. The dialogue reads which
county each side of the correction names from this table: the two districts, the seven
counties and the two development zones, by their full names and the short names said in
speech (成武, 郓城, 开发区). The names are the case store's (``config/data/units.yaml``).
"""

from __future__ import annotations

import re

from dialogs.spoken import fold

__all__ = ["county_in", "names_county", "whole_name"]

#: every name a citizen uses for a county-level area -> its name in the case store
COUNTY_NAMES: dict[str, str] = {
    "牡丹区": "牡丹区",
    "牡丹": "牡丹区",
    "定陶区": "定陶区",
    "定陶县": "定陶区",
    "定陶": "定陶区",
    "曹县": "曹县",
    "单县": "单县",
    "成武县": "成武县",
    "成武": "成武县",
    "巨野县": "巨野县",
    "巨野": "巨野县",
    "郓城县": "郓城县",
    "郓城": "郓城县",
    "鄄城县": "鄄城县",
    "鄄城": "鄄城县",
    "东明县": "东明县",
    "东明": "东明县",
    "菏泽经济技术开发区": "菏泽经济技术开发区",
    "经济技术开发区": "菏泽经济技术开发区",
    "经济开发区": "菏泽经济技术开发区",
    "经开区": "菏泽经济技术开发区",
    "开发区": "菏泽经济技术开发区",
    "菏泽高新技术产业开发区": "菏泽高新技术产业开发区",
    "高新技术产业开发区": "菏泽高新技术产业开发区",
    "高新区": "菏泽高新技术产业开发区",
}

# longest names first, so 成武县 is read before 成武; a short name that begins a road's or
# an estate's name ("牡丹路", "东明花园") is no county
_NAMED = re.compile(
    "("
    + "|".join(re.escape(n) for n in sorted(COUNTY_NAMES, key=len, reverse=True))
    + r")(?![路街巷道园苑广大桥])"
)


def county_in(text: str) -> str | None:
    """The county-level area ``text`` names first ("是单县东城街道" -> 单县), or None."""
    m = _NAMED.search(text)
    return COUNTY_NAMES[m.group(1)] if m is not None else None


def names_county(county: str, text: str) -> bool:
    """True when ``text`` names ``county`` by any of its names ("不是成武" names 成武县)."""
    return any(COUNTY_NAMES[m.group(1)] == county for m in _NAMED.finditer(text))


# a road's kind after a name the NLU cut short ("中心|街上", "实验|路口")
_ROAD_KIND = re.compile(r"(?:大街|大道|胡同|街(?!道)|路(?!灯|面|边|口灯|牌)|巷)")
# a detail that already ends with its kind of place ("幸福小区", "青年路", "3号楼")
_ENDS_KIND = re.compile(
    r"(?:区|县|镇|乡|街|路|道|巷|胡同|村|庄|屯|集|社区|园|苑|城|楼|号|单元|室|门|口|店|场|站|厂|司|院|校)$"
)


def whole_name(detail: str, raw: str) -> str:
    """``detail`` with the road's kind the citizen said right after it ("随官屯镇中心街上":
    中心 → 中心街): a name is never cut inside its word."""
    if not detail or _ENDS_KIND.search(detail):
        return detail
    text = fold(raw)
    at = text.find(fold(detail))
    if at < 0:
        return detail
    m = _ROAD_KIND.match(text, at + len(detail))
    return detail + m.group(0) if m is not None else detail
