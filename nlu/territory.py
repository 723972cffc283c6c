"""Places outside Heze's territory, and the old name of the Heze gazetteer.

:func:`place_outside` ``(text) -> str | None`` names the province, city or district a
matter is clearly located in when that is not Heze (俺是河南商丘睢阳区的 俺们小区停水三天了
→ ``"河南省商丘市睢阳区"``), so the dialogue can tell the citizen which hotline to call
(第十三条(六): a matter outside the city is not accepted). "Clearly" means: two
administrative names in a row (河南商丘, 商丘睢阳区, 山东济南), or one official name with
its suffix (商丘市, 兰考县, 河南省), not followed by a road or estate word (北京路 and 上海
花园 are streets and estates in Heze) and not the goal of a trip (去济南看病, 到商丘市走
亲戚). A text naming 菏泽 or a Heze place is never outside: the caller checks the Heze
gazetteer first (``NluResult.place_outside`` is only filled when ``territory`` is None).

The names of China's provinces, cities and districts come from GeoToolCN's bundled
administrative list (``GeoToolCN/data/china_admin.json``, DataV.GeoAtlas), the package that
already resolves coordinates (:func:`nlu.coordinates.locate`). Never raises for a ``str``.

:class:`Gazetteer`, :func:`find_address`, :func:`locate` and :func:`parse_address` are
re-exported from :mod:`nlu.address` (their old home).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlu.address import _TRIP_RE, Gazetteer, find_address, parse_address
from nlu.coordinates import locate

__all__ = [
    "Gazetteer",
    "find_address",
    "heze_named",
    "locate",
    "outside_beside_heze",
    "outside_city",
    "parse_address",
    "place_outside",
]

_HEZE_CODE = "3717"  # adcode prefix of 菏泽市 and its districts
_MUNICIPALITIES = ("11", "12", "31", "50", "81", "82")
#: A province's or city's name without its kind (广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边).
_KIND_RE = re.compile(
    r"(?:(?:[\u4e00-\u9fff]{1,4}?族)+自治(?:区|州|县)|特别行政区|自治区|省|市|地区|盟|林区)$"
)
#: After a short name, a word that makes it a street, an estate or a shop in Heze.
_NAMED_AFTER_RE = re.compile(
    r"[东西南北中]?(?:路|街|大道|巷|胡同|小区|花园|家园|公寓|城|苑|府|广场|大厦|商场|超市|市场|"
    r"饭店|酒店|宾馆|餐馆|银行|烩面|烧饼|驴肉|板面|人|话|口音|户口|牌照|车牌|号牌|大学|学院)"
)


#: District names that are also ordinary words (老城区, 新城区, 市中区).
_GENERIC_RE = re.compile(r"(?:城|郊|矿|市中|新)区$")
#: Before a single name: it is where something is (俺家在安徽省, 住在商丘市).
_AT_RE = re.compile(r"(?:在|住|位于|地处)$")
#: After a name: a person's origin, not a place (浙江温州商人, 河南人, 四川籍).
_ORIGIN_RE = re.compile(r"(?:人|商人|籍|户籍|户口|口音|老乡|话)")
#: After a single name: more of an address (商丘市神火大道, 兰考县城关镇).
_MORE_RE = re.compile(r"[\u4e00-\u9fff0-9]{0,8}?(?:路|街|大道|小区|花园|村|镇|乡|街道|社区|县城)")


#: 菏泽 said as the hotline's name, as whom the citizen speaks to, or as a person's origin,
#: never as where the matter is: 菏泽12345, 菏泽市民热线, 恁菏泽管不管, 菏泽的同志,
#: 你好菏泽, 俺是菏泽人 (第十三条(六): 「恁菏泽12345…俺在商丘…」 is outside Heze).
_HEZE_NOT_PLACE_RE = re.compile(
    r"(?:(?:恁|你们?|您们?|恁们)(?:这个?|这边的?)?)?菏泽(?:市)?(?:的|这个?)?(?:(?:12345|１２３４５|"
    r"一二三四五|幺二三四五)|(?:市民|便民|政务(?:服务)?(?:便民)?|市长|政府|服务)?热线|"
    r"(?:的)?(?:同志|工作人员|客服|话务员|接线员|领导)|(?:人(?![民社大])|老乡|籍|户口|口音|市民(?!热线|服务|中心|广场|之家)))"
    r"|(?:你好|您好|喂)[，,、\s]*菏泽(?:市)?(?:12345|热线)?"
    r"|菏泽(?:市)?[，,、\s]*(?:你好|您好)"
    r"|(?:恁|你们|您们|恁们)菏泽(?:市)?(?=.{0,3}(?:管|负责|受理|处理|能办|给办))"
)


def heze_named(text: str) -> bool:
    """True when ``text`` names 菏泽 as a place (菏泽市牡丹区, 俺在菏泽), not only as the
    hotline's name, the one spoken to or a person's origin (:data:`_HEZE_NOT_PLACE_RE`)."""
    if not isinstance(text, str) or "菏泽" not in text:
        return False
    return "菏泽" in _HEZE_NOT_PLACE_RE.sub("", text)


#: A place said only as a reference point: 离东明近, 挨着曹县, 跟单县交界, 靠近定陶那边
#: (挨着曹县 / 靠近定陶 said alone in a clause: 「俺村挨着曹县 归河南管」).
_REFERENCE_RE = re.compile(
    r"(?:离|距离?|靠近?|挨着|紧挨着?|邻近|临近|跟|和|与)[\u4e00-\u9fff]{2,8}?"
    r"(?:那边|这边)?(?:很近|挺近|不远|近|交界|搭界|接壤|挨着|边上|附近)"
    r"|(?:挨着|紧挨着?|靠近|邻近|临近)[\u4e00-\u9fff]{2,6}?(?:那边|这边)?(?=[\s，,。;；]|$|但|可)"
)


def outside_beside_heze(text: str, gazetteer: Gazetteer) -> str | None:
    """The place outside Heze of ``text`` when its Heze places are only reference points
    (俺是河南兰考的 俺村路灯坏了 俺们这离东明近 → ``"河南省开封市兰考县"``), None otherwise
    (a Heze place said as where the matter is, or no place outside named)."""
    stripped = _REFERENCE_RE.sub(lambda m: " " * len(m.group(0)), text)
    if stripped == text or gazetteer.resolve(stripped) is not None:
        return None
    return place_outside(stripped)


#: Before a single name, short or official: the place belongs to it (离东明近但属于河南,
#: 俺村归河南管, 隶属河南省; trial12: 「属于河南」 was filed to 东明县).
_BELONGS_RE = re.compile(r"(?:属于|归属|隶属|划归|归)$")


def _located(text: str, start: int, end: int) -> bool:
    """True when a single name is given as where something is, not merely mentioned."""
    return bool(_AT_RE.search(text[max(0, start - 2) : start])) or _belongs(text, start)


def _belongs(text: str, start: int) -> bool:
    """True when the name at ``start`` is said to be what the place belongs to."""
    return bool(_BELONGS_RE.search(text[max(0, start - 2) : start]))


@dataclass(frozen=True)
class _Region:
    level: int  # 0 province, 1 city, 2 district
    province: str
    city: str | None
    district: str | None
    full: bool  # written with its official suffix (商丘市, 河南省)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[_Region, ...]]:
    """Name (official and short) -> the regions it may mean, Heze and its districts left
    out; empty when GeoToolCN's list cannot be read."""
    try:
        import GeoToolCN

        path = Path(GeoToolCN.__file__).parent / "data" / "china_admin.json"
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):
        return {}
    out: dict[str, list[_Region]] = {}

    def add(name: str, region: _Region) -> None:
        out.setdefault(name, []).append(region)
        short = _KIND_RE.sub("", name)
        if short != name and len(short) >= 2:
            out.setdefault(short, []).append(
                _Region(region.level, region.province, region.city, region.district, False)
            )

    provinces = {str(code)[:2]: str(name) for code, name in raw["provinces"]}
    cities: dict[str, str] = {}
    for code, name in raw["provinces"]:
        add(str(name), _Region(0, str(name), None, None, True))
        if str(code)[:2] in _MUNICIPALITIES:
            cities[str(code)[:2] + "0000"] = str(name)
    for code, name in raw["cities"]:
        code, name = str(code), str(name)
        cities[code] = name
        if not code.startswith(_HEZE_CODE):
            add(name, _Region(1, provinces.get(code[:2], ""), name, None, True))
    for code, name in raw["districts"]:
        code, name = str(code), str(name)
        if code.startswith(_HEZE_CODE) or len(name) < 3:
            continue  # 城区, 郊区, 赵县: words more often than places
        city = cities.get(code[:4] + "00") or cities.get(code[:2] + "0000") or cities.get(code)
        region = _Region(2, provinces.get(code[:2], ""), city, name, True)
        out.setdefault(name, []).append(region)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _lengths() -> dict[str, tuple[int, ...]]:
    """First two characters of a name -> the lengths of the names starting so, longest
    first (the scan looks up only where a name may start)."""
    out: dict[str, set[int]] = {}
    for name in _index():
        out.setdefault(name[:2], set()).add(len(name))
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


def _mentions(text: str, index: dict[str, tuple[_Region, ...]]) -> list[tuple[int, int, str]]:
    """(start, end, name) of every administrative name, longest first, left to right."""
    found: list[tuple[int, int, str]] = []
    lengths = _lengths()
    i = 0
    while i < len(text) - 1:
        for n in lengths.get(text[i : i + 2], ()):
            if text[i : i + n] in index:
                found.append((i, i + n, text[i : i + n]))
                i += n
                before = found[-1][2]
                if index[before][0].level < 2 and (
                    short := _short_district(text, i, before, index)
                ):
                    found.append((i, i + len(short[0]), short[1]))  # 河南兰考: 兰考县
                    i += len(short[0])
                break
        else:
            i += 1
    return found


_SUFFIXES = ("县", "区", "市", "旗")


def _short_district(
    text: str, at: int, before: str, index: dict[str, tuple[_Region, ...]]
) -> tuple[str, str] | None:
    """(the words, the official name) of a county or district written without its suffix
    right after the province or city ``before`` it lies in (河南兰考 → ("兰考", "兰考县"));
    only there, where the chain makes the short name a place, never alone (新华, 朝阳 are
    words and roads too)."""
    for k in (3, 2):
        words = text[at : at + k]
        if len(words) < k or text[at + k : at + k + 1] in _SUFFIXES:
            continue  # 北京市朝阳区: the full name is read as it is written
        for suffix in _SUFFIXES:
            name = words + suffix
            if (
                name in index
                and not _NAMED_AFTER_RE.match(text, at + k)  # 郑州金水路: a road
                and any(_consistent(a, b) for a in index[before] for b in index[name])
            ):
                return words, name  # 北京朝阳: 朝阳区 of 北京, not 辽宁's 朝阳县
    return None


def _consistent(a: _Region, b: _Region) -> bool:
    """True when ``b`` (more specific or equal) lies inside ``a``."""
    if a.province != b.province:
        return False
    return a.level == 0 or a.city == b.city


def _resolve(names: list[str], index: dict[str, tuple[_Region, ...]]) -> _Region | None:
    """The one region a chain of names (商丘 睢阳区) means, or None when it is unclear."""
    last = index[names[-1]]
    fits = [r for r in last if all(any(_consistent(o, r) for o in index[n]) for n in names[:-1])]
    if not fits:
        return None
    if len({(r.province, r.city, r.district) for r in fits}) > 1:
        # 鼓楼区 alone: several cities have one; name it as written
        return _Region(fits[0].level, "", None, names[-1], True) if len(names) == 1 else None
    return fits[0]


def place_outside(text: str) -> str | None:
    """The province/city/district outside Heze where the matter in ``text`` clearly is
    (``"河南省商丘市睢阳区"``, ``"北京市"``, ``"河南省"``), or None. See the module's
    docstring for what counts; the caller rules out texts naming a Heze place."""
    region = _outside(text)
    if region is None:
        return None
    parts = (region.province, region.city if region.city != region.province else None)
    return "".join(p for p in (*parts, region.district) if p) or None


def outside_city(text: str) -> str | None:
    """The city of :func:`place_outside` without its suffix (``"商丘"``, ``"北京"``), or
    None when the place names no city (a province alone)."""
    region = _outside(text)
    if region is None or region.city is None:
        return None
    return _KIND_RE.sub("", region.city) or region.city


@lru_cache(maxsize=256)
def _outside(text: str) -> _Region | None:
    if not isinstance(text, str) or heze_named(text):
        return None
    index = _index()
    if not index:
        return None
    t = re.sub(r"\s+", "", text[:2000])
    mentions = _mentions(t, index)
    named = {index[m[2]][0].province for m in mentions if len(index[m[2]]) == 1}
    if len(named - {"山东省"}) > 1:
        return None  # 北京、上海、四川成都: a comparison or a list, not where the matter is
    k = 0
    while k < len(mentions):
        chain = [mentions[k]]
        while k + 1 < len(mentions) and mentions[k + 1][0] == chain[-1][1]:
            k += 1
            chain.append(mentions[k])
        k += 1
        names = [m[2] for m in chain]
        start, end = chain[0][0], chain[-1][1]
        region = _resolve(names, index)
        if region is None:
            continue
        full = not region.province or any(
            r.full for r in index[names[-1]] if r.province == region.province
        )
        if len(chain) == 1 and not (
            (full or (_belongs(t, start) and region.level <= 1))
            and not _GENERIC_RE.search(names[0])
            and (_located(t, start, end) or (region.level > 0 and _MORE_RE.match(t, end)))
        ):
            continue  # 商丘 alone: where the citizen comes from; 浙江省继西湖之后: a mention
        if not full and _NAMED_AFTER_RE.match(t, end):
            continue  # 北京路, 上海花园: named after the city, in Heze
        if _ORIGIN_RE.match(t, end):
            continue  # 浙江温州商人: where a person comes from
        if _TRIP_RE.search(t[max(0, start - 4) : start]):
            continue  # 去济南看病: a trip there
        if region.province == "山东省" and region.level == 0:
            continue  # 山东 alone is Heze's own province
        return region
    return None
