"""Heze addresses: parse a citizen's words into county/district, township/street,
village/community, road or intersection and building/landmark (coordinates:
:mod:`nlu.coordinates`).

Public API (other rooms call these; all never raise for a ``str``/``float``):

* :func:`parse_address` ``(text) -> Address``: an answer to "where?" (地址是牡丹区中华路与人民路
  交叉口 → 牡丹区 / 中华路与人民路交叉口). Lead words are dropped, no level is repeated in
  ``detail``, the citizen's words are kept for road, estate, doors and landmarks.
* :func:`find_address` ``(text) -> Address``: the first address inside a longer message.
* :func:`nlu.coordinates.locate` ``(lat, lon, system="wgs84") -> Territory | None``:
  coordinates (Open311 ``lat``/``long``, WGS-84; WeChat location messages, GCJ-02) to
  county and, where the gazetteer has township points, township; None outside Heze.

Place names come from the Heze gazetteer (:class:`nlu.address_gazetteer.Gazetteer`,
re-exported here with :func:`default_gazetteer`: ``config/nlu/gazetteer.yml`` and the
landmarks of ``config/nlu/landmarks.yml``); county boundaries from GeoToolCN
(``geotool-cn``). The patterns of the words (lead words, suffixes, matter words) are in
:mod:`nlu.address_words`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from nlu.address_clause import is_predicate, name_start, raw_at, spaced, verb_object
from nlu.address_gazetteer import (
    _TRIP_RE,
    LANDMARKS_PATH,
    TOWNSHIP_RADIUS_KM,
    UNITS_PATH,
    Gazetteer,
    default_gazetteer,
)
from nlu.address_words import (
    BUS_LINE_RE,
    CITY_RE,
    CLAUSE_RE,
    DETAIL_TOKEN_RE,
    FILLER_END_RE,
    GENERIC_NAME_RE,
    HOME_KIND_RE,
    HOME_RE,
    LEAD_RE,
    LEVEL_END_RE,
    MATTER_RE,
    MATTER_WORDS,
    NAME_CH,
    NAMED_SITE_RE,
    NEGATED_RE,
    NOT_PLACE_RE,
    OPENING_TOKEN_RE,
    OWN_RE,
    PART_RE,
    POSITIONS_RE,
    PREFIX_RE,
    PROVINCE_RE,
    ROAD_END_RE,
    ROAD_RE,
    ROAD_SEARCH_RE,
    ROUTE_RE,
    SEAT_RE,
    SENTENCE_END_RE,
    SITE_SUFFIX_RE,
    STOP_RE,
    TOWN_NEXT,
    VILLAGE_END_RE,
)
from nlu.normalize import normalize
from nlu.types import Address

__all__ = [
    "LANDMARKS_PATH",
    "TOWNSHIP_RADIUS_KM",
    "UNITS_PATH",
    "_TRIP_RE",
    "Gazetteer",
    "address_span",
    "default_gazetteer",
    "find_address",
    "parse_address",
]


def _clean(text: str, gaz: Gazetteer) -> str:
    text = spaced(normalize(text, max_chars=400), _ender(gaz))[0]
    return text.strip(",，.。!！?？;；:：、")


def _strip_lead(text: str) -> str:
    m = LEAD_RE.match(text)
    return text[m.end() :] if m else text


def parse_address(text: str, gazetteer: Gazetteer | None = None) -> Address:
    """Parse an address given as an answer (the whole text is the address).

    The citizen's words after the levels are kept as the detail, except where the answer
    goes on into the matter (幸福路的路灯不亮了 → 幸福路; 镇政府门口的路面塌了 → 政府门口):
    the detail then ends at the last real boundary (:data:`DETAIL_TOKEN_RE`).
    """
    gaz = gazetteer or default_gazetteer()
    t = _clean(text, gaz)
    first = gaz.first_place(t)
    right = _not_negated(t, first, gaz)  # 不是青菏街道 是磐石街道: the place said last
    t = t[_with_prefix(t, right) :] if right != first and right is not None else _strip_lead(t)
    found = _parse_span(t, gaz)
    if found.county is None and found.township is None and found.village is None:
        start = gaz.first_place(t)  # 俺是沙土镇的: the place is inside the answer
        if start is not None:
            inside = _parse_span(t[_with_prefix(t, start) :], gaz)
            if not inside.empty:
                found = inside
    if found.empty and t:
        found = Address(detail=t)
    if found.detail and NOT_PLACE_RE.fullmatch(found.detail):  # 郓城县匿名, 不清楚
        found = replace(found, detail=None, road=None, place=None)
    if found.county and found.detail and (joined := _joined(found.detail)) != found.detail:
        found = replace(found, detail=joined)
    found = _without_matter(found)
    detail = found.detail or ""
    if FILLER_END_RE.search(detail[-4:]):  # 俺家是李庄的, 天中街道那边
        found = _without_matter(replace(found, detail=FILLER_END_RE.sub("", detail) or None))
    if found.county is None and detail and (county := gaz.landmark_county(detail[:40])):
        found = replace(found, county=county)  # 菏泽学院西门: a landmark's county
    return found


def _ender(gaz: Gazetteer) -> Callable[[str, str, bool], bool]:
    return lambda after, before, line: _ends_place(after, before, gaz, line)


def _ends_place(after: str, before: str, gaz: Gazetteer, line: bool = False) -> bool:
    """Whether a space between ``before`` and ``after`` ends the address: ``after`` is a
    clause (words that are not all a place, going on into the matter) and ``before`` does
    not end with a level (a county, township or village, after which the place goes on).
    A line break (``line``) ends the address unless a level is before it or a place after."""
    segment = re.split(r"\s|[,，.。!！?？;；]", after, maxsplit=1)[0]
    if gaz.first_place(segment) == 0 or gaz.county_at_start(segment):
        return False  # 鄄城县城里 古泉街道: the next level
    if not line:
        keep = _detail_prefix(segment, after_level=False)
        rest = segment[len(keep) :]
        if not rest or not (MATTER_RE.search(rest) or is_predicate(rest)):
            return False
        if keep and POSITIONS_RE.fullmatch(keep):
            return False  # 伯乐大街 东头下水道堵了: 东头 goes with the street
    if not LEVEL_END_RE.search(before):
        return True  # a place below the levels (万福小区), or words of the matter
    start = gaz.first_place(before)
    while start is not None:
        found, n = _parse_consume(before[start:], gaz)
        if start + n >= len(before):
            return found.detail is not None
        nxt = gaz.first_place(before[start + max(n, 1) :])
        start = None if nxt is None else start + max(n, 1) + nxt
    return not re.search(r"菏泽市?$", before)  # 菏泽 万达广场: the city is a level


def _with_prefix(text: str, start: int) -> int:
    """``start`` moved back over a province/city prefix that belongs to the place."""
    m = re.search(r"(?:山东省?)?(?:菏泽市?)?$", text[max(0, start - 6) : start])
    return start - len(m.group(0)) if m and m.group(0) else start


def _without_matter(found: Address) -> Address:
    """``found`` with its detail cut at the last boundary before a matter clause."""
    detail = found.detail
    if not detail:
        return found
    keep = _detail_prefix(detail, after_level=False)
    rest = detail[len(keep) :]
    if not rest or not (MATTER_RE.search(rest) or is_predicate(rest)):
        road, place = _road(detail)
        return replace(found, road=road, place=place)
    if not keep and not (found.county or found.township or found.village):
        road, place = _road(detail)
        return replace(found, road=road, place=place)  # nothing but words: keep them
    road, place = _road(keep) if keep else (None, None)
    return replace(found, detail=keep or None, road=road, place=place)


def find_address(text: str, gazetteer: Gazetteer | None = None, *, outside: bool = True) -> Address:
    """The first Heze address inside a longer message (empty Address when none; its
    ``outside`` names another city when ``outside`` is True and no Heze place is named)."""
    gaz = gazetteer or default_gazetteer()
    t = spaced(normalize(text, max_chars=2000), _ender(gaz))[0]
    start = _not_negated(t, gaz.first_place(t), gaz)
    if start is None:
        mark = gaz.landmark_at(t)  # 菏泽学院南门对面的下水道井盖没了: the landmark is the place
        if mark is not None:
            found = _parse_span(t[mark[0] :], gaz, free=True)
            return replace(found, county=mark[1]) if found.detail else found
        return Address(outside=gaz.outside(t) if outside else None)
    span = t[_with_prefix(t, start) :]  # a province/city prefix right before belongs to it
    found, n = _parse_consume(span, gaz, free=True)
    return _with_home(found, span[n:])


def _with_home(found: Address, rest: str) -> Address:
    """``found`` and the home said beside it (…交叉口 俺住旁边的书香苑), not after the matter."""
    m = HOME_RE.search(rest, 0, 30)
    between = rest[: m.start()] if m else "。"
    if not found.detail or m is None or len(between) > 10 or SENTENCE_END_RE.search(between):
        return found
    home = _detail_prefix(rest[m.end() :], after_level=False)
    kind = HOME_KIND_RE.search(home)
    if kind is None or kind.start() < 1 or GENERIC_NAME_RE.match(home) or MATTER_RE.search(between):
        return found
    detail = f"{found.detail}，{home}{m.group('pos') or ''}"
    road, place = _road(detail)
    return replace(found, detail=detail, road=road, place=place.lstrip("，") if place else None)


def _not_negated(t: str, start: int | None, gaz: Gazetteer) -> int | None:
    """``start``, or the place named after it when it is said not to be the place (不对
    不是青菏街道 是磐石街道: the place is 磐石街道); a negated place with none after it stays."""
    while start is not None and NEGATED_RE.search(t, max(0, start - 3), start):
        n = max(_parse_consume(t[start:], gaz, free=True)[1], 1)
        after = gaz.first_place(t[start + n :])
        if after is None:
            return start
        start += n + after
    return start


def _parse_span(t: str, gaz: Gazetteer, free: bool = False) -> Address:
    return _parse_consume(t, gaz, free)[0]


def _parse_consume(t: str, gaz: Gazetteer, free: bool = False) -> tuple[Address, int]:
    """The address at the start of ``t`` and how many characters of ``t`` it took."""
    total = len(t)
    province = city = None
    m = PROVINCE_RE.match(t)
    if m:
        province, t = "山东省", t[m.end() :]
    m = CITY_RE.match(t)
    if m and (
        gaz.county_at_start(t[m.end() :])
        or gaz.town_at_start(t[m.end() :], None)
        or ROAD_RE.match(t[m.end() :])
    ):
        city, t = "菏泽市", t[m.end() :]
    county = township = village = None
    ambiguous = False
    hit = gaz.county_at_start(t)
    if hit:
        county, t = hit[0], _skip(t[hit[1] :], free)
        t = _repeated(
            t,
            lambda r: (
                h[1]
                if (h := gaz.county_at_start(r)) and h[0] == county and not TOWN_NEXT.match(r, h[1])
                else 0
            ),
        )
    town = gaz.town_at_start(t, county)
    seat = SEAT_RE.match(t) if county and not town else None
    if seat and (town := gaz.town_at_start(t[seat.end() :], county)):  # 巨野县城永丰街道
        t = t[seat.end() :]
    edge = ""
    if county and not town and t.startswith("城关"):
        # 东明县城关 黄河路: the county's 城关街道 (城关镇) where it has one, else its seat
        named = gaz.town_at_start("城关街道", county) or gaz.town_at_start("城关镇", county)
        town = (named[0], named[1], 2) if named and county in named[1] else None
    if (
        county
        and not town
        and (seat := _SEAT_SPOT_RE.match(t))
        and not ROUTE_RE.match(t)
        and gaz.town_at_start(t, None) is None  # 成武县 城关街道: another county's township
    ):
        # 东明县城的菜市场门口, 郓城县城 人民医院门口: the county seat, then the spot in it
        edge, t = _SEAT_WORDS.get(seat.group(1), "县城"), _skip(t[seat.end() :], free)
    if town:
        township, counties, n = town
        t = _skip(t[n:], free)
        t = _repeated(
            t, lambda r: h[2] if (h := gaz.town_at_start(r, county)) and h[0] == township else 0
        )
        if county is not None and township is not None:
            both = (county, township)  # 牡丹区西城街道牡丹区西城街道和平小区: both again
            t = _repeated(t, lambda r: _both_again(r, *both, gaz))
        if county is None:
            if len(counties) == 1:
                county = next(iter(counties))
            elif gaz.seat in counties:
                county, ambiguous = gaz.seat, True
    vil = gaz.village_at_start(t, township, county) if not edge else None
    if vil:
        village, place, n = vil
        t = t[n:]
        if place is not None:
            township = township or place[0]
            county = county or place[1]
        if village.endswith("村") and (at := _VILLAGE_EDGE_RE.match(t)):
            # 李新庄村口的路坏了: 村口 is where in the village (the detail), never 口的路
            edge, t = "村" + at.group(0), t[at.end() :]
    consumed = total - len(t)
    if free:
        own = OWN_RE.match(t)  # 定陶区买的御景苑的房子: the estate after 买的 is the place
        if own and _detail_prefix(t[own.end() :]):
            consumed, t = consumed + own.end(), t[own.end() :]
        t = _detail_prefix(t, bare=not (county or township or village or edge))
    consumed += len(t)
    t = t.lstrip(",，、:：") or ""
    road, place_part = _road(t) if t else (None, None)
    t = edge + t
    return Address(
        county=county,
        township=township,
        village=village,
        road=road,
        place=place_part,
        detail=t or None,
        province=province,
        city=city,
        ambiguous=ambiguous,
    ), consumed


def address_span(text: str, gazetteer: Gazetteer | None = None) -> tuple[int, int] | None:
    """Start and end of the first address in ``text`` (a Heze place, or else a road or
    estate), lead words excluded; None when there is none."""
    gaz = gazetteer or default_gazetteer()
    t, marks = spaced(text[:2000], _ender(gaz))
    found = _span_in(t, gaz)
    return (raw_at(marks, found[0]), raw_at(marks, found[1] - 1) + 1) if found else None


def _span_in(t: str, gaz: Gazetteer) -> tuple[int, int] | None:
    start = _not_negated(t, gaz.first_place(t), gaz)
    if start is not None:
        start = _with_prefix(t, start)
    else:
        m = ROAD_SEARCH_RE.search(t)
        site = _named_site(t)
        mark = gaz.landmark_at(t)
        if mark is not None and (site is None or mark[0] < site):
            site = mark[0]  # 菏泽学院南门对面: a landmark the gazetteer knows
        if site is not None and (m is None or site < m.end()):
            return _span_from(t, site, gaz)
        if m is None:
            return None
        start = m.start()
        lead = LEAD_RE.match(t, start)
        while lead and lead.end() > start:
            start = lead.end()
            lead = LEAD_RE.match(t, start)
        # lead words inside the lazy match: keep only from the last lead word on
        inner = re.search(r"(?:住在|住|在|是|位于)(?=[^住在是]*$)", t[start : m.end()])
        if inner and inner.end() < m.end() - start - 1:
            start += inner.end()
        if re.match(NAME_CH, t[start:]):  # 就自谋生路: a start that is no name stays none
            start = name_start(t, start, m.start("suffix"))  # 为什么农村大药房: from 农村
    return _span_from(t, start, gaz)


def _span_from(t: str, start: int, gaz: Gazetteer) -> tuple[int, int] | None:
    _, consumed = _parse_consume(t[start:], gaz, free=True)
    value = t[start : start + consumed]
    consumed -= len(value) - len(FILLER_END_RE.sub("", value))  # 滨河街道的 → 滨河街道
    return (start, start + consumed) if consumed else None


def _named_site(text: str) -> int | None:
    """Where the first estate, shop or site with a name of its own starts, if any."""
    for suffix in SITE_SUFFIX_RE.finditer(text):
        pos = max(0, suffix.start() - 6)
        while (m := NAMED_SITE_RE.search(text, pos, suffix.end())) is not None:
            if not GENERIC_NAME_RE.match(text, m.start()):
                return m.start()
            pos = m.start() + 1
    return None


def _skip(text: str, free: bool = False) -> str:
    """Drop fillers between two levels (郓城的黄安镇, 牡丹区那边的; in an answer also the
    commas of 牡丹区，西城街道)."""
    if not free:
        text = text.lstrip(",，、")
    return re.sub(r"^(?:的|那边的?|这边的?|那个|这个)", "", text)


def _repeated(text: str, again: Callable[[str], int]) -> str:
    """``text`` without the level just read written again (牡丹区牡丹区, 菏泽市牡丹区菏泽市牡丹区,
    北城街道北城街道): ``again`` gives the length of the same level at the start, or 0."""
    while True:
        head = len(PREFIX_RE.match(text).group(0))  # type: ignore[union-attr]
        n = again(text[head:])
        if n <= 0:
            return text
        text = _skip(text[head + n :])


def _both_again(text: str, county: str, township: str, gaz: Gazetteer) -> int:
    """The length of ``county`` and ``township`` written again at the start of ``text``
    (牡丹区西城街道, 牡丹区的西城街道), or 0; the county alone again is a name's
    (鄄城县人民医院), never skipped here."""
    hit = gaz.county_at_start(text)
    if not hit or hit[0] != county:
        return 0
    rest = _skip(text[hit[1] :])
    town = gaz.town_at_start(rest, county)
    if not town or town[0] != township:
        return 0
    return len(text) - len(rest) + town[2]


def _joined(detail: str) -> str:
    """The detail without the commas between its own parts (和平小区，南门 → 和平小区南门);
    a comma before words that are not an address stays."""
    parts = PART_RE.split(detail)
    out = parts[0]
    for sep, part in zip(parts[1::2], parts[2::2], strict=True):
        out += (
            part if out and part and _detail_prefix(part, after_level=False) == part else sep + part
        )
    return out


def _road(detail: str) -> tuple[str | None, str | None]:
    m = ROAD_RE.match(detail)
    if not m or not m.group(0):
        return None, detail or None
    rest = detail[m.end() :]
    return m.group(0), rest or None


def _detail_prefix(text: str, after_level: bool = True, bare: bool = False) -> str:
    """The address-like start of ``text`` (up to a clause end or a non-address word);
    ``bare``: no level is before it, so a spot that is a place only after one (桥, 池塘:
    :data:`nlu.address_words.ATTACHED_KINDS`) does not open it."""
    text = STOP_RE.split(text, 1)[0]
    if after_level and text.startswith("的"):
        # 丁楼村的路坏了: what follows is the matter; 南城街道的中央公馆工地: a named place
        m = DETAIL_TOKEN_RE.match(text, 1)
        if not m or len(m.group(0)) < 3 or text[1] in "这那个一":
            return ""
        return "的" + _detail_prefix(text[1:], after_level=False)
    end = 0
    while True:
        token = OPENING_TOKEN_RE if bare and not end else DETAIL_TOKEN_RE
        m = ROUTE_RE.match(text, end) or token.match(text, end)
        on = _ON_ROAD_RE.match(text, end) if end else None
        if (not m or m.end() == end) and on is not None:
            # 时代广场东边的阳光花园: the place goes on; 中华路上的和平小区, 人民路边上的
            # 幸福家园: the estate on the road is the place (trial12: it was 中华路)
            m = _named_after(text, on.end())
        if not m or m.end() == end:
            break
        word = m.group(0)
        after = text[m.end() : m.end() + 1]
        kind = m.groupdict().get("kind") or ""
        if len(kind) == 1 and after and after in MATTER_WORDS.get(kind, ""):
            if len(word) == 1:
                break  # 3号楼楼道: the second 楼 begins the matter
            if VILLAGE_END_RE.search(word[:-1]):
                end = m.end() - 1  # 陈集社区路灯: the village, then the matter
                break
        if len(m.groupdict().get("kind") or "") == 1 and verb_object(word):
            break  # 门口等待开门: 开门 is what is done, not a door
        if (bus := BUS_LINE_RE.search(text, m.start(), m.end() + 4)) and bus.end() == m.end():
            break  # 公交站 十路车: a bus line, no road
        end = m.end()
    return text[:end]


#: The county seat told after the county (县城, 城里, 城区): kept as the first words of the
#: detail, never 城 glued to the spot (东明县城的菜市场门口; not 城管, 城市, 城乡).
_SEAT_SPOT_RE = re.compile(
    r"(县城(?![管市乡建])|城关|城区|城里|市区|城(?![管市乡建中关北南东西]))(?:里|的)?"
)
_SEAT_WORDS = {"城区": "城区", "市区": "城区"}

#: Where in a village, told right after its 村 (村口, 村头): the detail keeps its 村.
_VILLAGE_EDGE_RE = re.compile(r"口(?:子上?)?|头(?!发)")


#: Between a spot and the place named after it: 的, or 上的 / 边上的 after a road.
_ON_ROAD_RE = re.compile(r"(?:(?<=[路街道巷])边?上)?的")


def _named_after(text: str, pos: int) -> re.Match[str] | None:
    """The place named at ``pos``, after a 的 that follows a spot (时代广场东边的阳光花园,
    万达广场对面的文化路, 人民医院旁边的安居房产中介, 阳光小区的3号楼): a road, a numbered
    part or a site with a name of its own. A kind of site with a generic word before it
    (的小饭馆, 的化工厂, 的烧烤店, 的那个超市) is what the matter is about, not the place;
    nor is the matter itself (的路灯, 的下水道)."""
    m = DETAIL_TOKEN_RE.match(text, pos)
    if not m or MATTER_RE.match(text[pos:]):
        return None
    kind, name = m.group("kind"), text[pos : m.start("kind")]
    if len(name) > 6 or MATTER_RE.search(name) or CLAUSE_RE.search(name):
        return None  # a clause, not a name (的建议…学校, 的传销请严打…市场)
    if kind[0].isdigit() or kind[0] in "一二三四五六七八九十两往向":
        return m if not name else None
    if name[:1] in ("", *"这那个一小大老新本该某"):
        return None
    if ROAD_END_RE.fullmatch(kind):
        return m if len(name) >= 2 else None
    return m if len(name) >= (3 if len(kind) == 1 else 2) else None
