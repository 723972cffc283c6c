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

Place names come from the Heze gazetteer ``config/nlu/gazetteer.yml`` (built by
:mod:`nlu.gazetteer_build` from JioNLP's administrative dictionary, with the project's
aliases and the development zones); county boundaries from GeoToolCN (``geotool-cn``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR, REPO_ROOT
from nlu.types import Address, Territory

#: Lead words before an address (地址是, 正确地址是, 我家住在, 在 ...), repeated.
_LEAD_RE = re.compile(
    r"^(?:(?:我的|俺的|我们的|俺们的|你|您)?(?:正确的?|详细的?|具体的?|准确的?|新的?|改成)?"
    r"(?:地址|地点|位置|住址|所在地|事发地点?|发生地点?)(?:是|在|为|改成|改为|应该是)?|"
    r"(?:我|俺|我们|俺们)?家?(?:住在|住|在)|位于|就在|是在|在|是|改成|改为|应该是|"
    r"(?:不对|错了|不是)(?:的|了)?|[,，.。:：;；、\s])+"
)
_PROVINCE_RE = re.compile(r"^山东省?")
_CITY_RE = re.compile(r"^菏泽(?:市)?")
#: A character of a place's own name: not a function word that starts the matter
#: (幸福路的路灯, 门口有人, 路边没了), so a token never runs from a place into the matter.
_NAME_CH = r"[^\W的了有在是没不把被给让叫就也还很又再往朝向_]"
#: A road suffix (街道 is a township, not a street).
_ROAD_END = r"(?:路|街(?!道)|大道|大街|巷|胡同)"
#: A one-character suffix standing alone (no name before it) that begins a word of the
#: matter, not a place: 楼道, 路灯, 路面, 院子, 城管 (黄河路上 and 和平路边 are named roads).
_MATTER_WORDS = {
    "路": "灯边面上旁牙沿况障基肩标牌费段中过",
    "街": "头边灯面上",
    "巷": "子",
    "府": "上里",
    "城": "管区市乡里内中外",
    "站": "牌着在",
    "厂": "房里区家长子",
    "院": "子里内墙落",
    "楼": "道梯顶房体板内里层",
    "门": "面市卫窗锁头外内里",
}
#: A road or intersection at the start of the detail.
_ROAD_RE = re.compile(
    rf"^(?:{_NAME_CH}{{1,10}}?(?:{_ROAD_END}|公路|国道|省道|县道|环路)"
    rf"(?:(?:与|和|跟|同|、){_NAME_CH}{{1,10}}?{_ROAD_END})?"
    r"(?:交叉口|交汇处|交界处|交口|十字路口|丁字路口|路口|口)?"
    r"(?:[0-9一二三四五六七八九十百]+号(?!楼|院))?)"
)
_NUM = r"[0-9一二三四五六七八九十百零两]+"
#: Address-like tokens that continue an address inside a longer message. Each ends at a
#: real boundary: a named road, estate, building, door, landmark or position word; a
#: one-character suffix never takes the first character of the matter (楼道, 路灯, 路面,
#: 院子, 城管), and numbered parts (3号楼, 2单元, 5排) need their number.
_DETAIL_TOKEN_RE = re.compile(
    rf"{_NAME_CH}{{0,10}}?(?:交叉口|交汇处|十字路口|路口|路[东西南北](?![头边侧面角])|"
    r"小区|花园|家园|公寓|广场|大厦|中心|市场|集市|超市|商场|医院|卫生院|卫生室|诊所|学校|中学|小学|"
    r"幼儿园|初中部|高中部|学院|大学|公园|车站|加油站|银行|酒店|宾馆|饭店|公司|人民政府|政府|"
    r"办事处|村委会|居委会|派出所|大桥|门口|门前|东门|西门|南门|北门|大门|旁边|对面|附近|东侧|西侧|"
    r"南侧|北侧|东头|西头|南头|北头|东边|西边|南边|北边|楼下|楼上|楼前|楼后|"
    rf"{_ROAD_END}|苑|府|城|站|厂|院|楼|门|"
    rf"{_NUM}(?:号楼|号院|号|单元|室|栋|幢|层|排|组))"
)
#: Between a level and the estate: how the citizen holds the home (买的, 住的, 租的).
_OWN_RE = re.compile(r"(?:买|住|租|开|盖|建)的")
#: A road told by where it runs (县城往董口镇去的那条路, 从李村到王庄的公路).
_ROUTE_RE = re.compile(
    rf"(?:从)?{_NAME_CH}{{1,8}}?(?:往|到|至|通往|去往){_NAME_CH}{{1,8}}?(?:去|方向)?的?"
    r"(?:那条|这条|那段|这段)?(?:公路|道路|马路|大路|小路|路)"
)
_STOP_RE = re.compile(r"[,，.。!！?？;；\n]")
_WS_RE = re.compile(r"\s+")
_SUFFIX_RE = re.compile(r"区|县|镇|乡|街道|办事处|街办|村|社区|开发区|高新区")
#: The suffixes of a township's name: a citizen may write any of them for any township
#: (乡, 镇 and 街道 change with reorganisations: 皇镇乡 / 皇镇街道).
_TOWN_KINDS = ("街道", "镇", "乡")
#: The office forms of a township's name (西城街道办事处, 西城办事处, 西城街办). 政府 is not
#: one of them: 镇政府门口 names a building, kept in the detail.
_OFFICES = ("街道办事处", "办事处", "街道办", "街办")
#: An infix of the official name a citizen leaves out (侯集回族镇 → 侯集镇).
_INFIX_RE = re.compile(
    r"(?:回|满|蒙古|壮|苗|彝|藏|维吾尔|朝鲜|土家|畲|瑶|侗|黎|傣|白|土|锡伯|达斡尔)族(?:乡|镇)?$"
)
#: After an office form, a position word makes the office a landmark (办事处门口).
_POSITION_RE = re.compile(r"门口|门前|大门|院|东|西|南|北|对面|旁边|附近|前面|后面|里面|楼")
#: The dispatch configuration, whose township names the parser gives (``catalogue.resolve``
#: matches a township unit by the start of its name).
UNITS_PATH = REPO_ROOT / "config" / "data" / "units.yaml"
#: Before a city: it is the goal of a trip, not where the matter is (去济南市看病).
_TRIP_RE = re.compile(r"(?:去|到|回|往|赴|上|从|来自|离开|出差|旅游|跑)(?:了|过|趟|一趟)?$")
#: Township points farther than this are not "nearest known" (km).
TOWNSHIP_RADIUS_KM = 6.0


@dataclass
class Gazetteer:
    """The Heze place names, indexed for matching."""

    counties: dict[str, str] = field(default_factory=dict)  # name or alias -> county
    townships: dict[str, set[str]] = field(default_factory=dict)  # name/alias -> counties
    town_names: dict[str, dict[str, str]] = field(default_factory=dict)  # alias -> county -> name
    villages: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    county_at: dict[str, tuple[float, float]] = field(default_factory=dict)
    township_at: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    other_cities: tuple[str, ...] = ()
    seat: str | None = None
    zones: set[str] = field(default_factory=set)  # development zones (streets lent to them)
    maxlen: int = 12
    _bare: list[str] | None = None

    @classmethod
    def load(cls, path: Path | None = None, units: Path | None = UNITS_PATH) -> Gazetteer:
        """Read the gazetteer YAML; TrainingDataError when it is malformed.

        ``units``: the dispatch configuration (``config/data/units.yaml``; a missing file
        is no names): a township it names in another form (皇镇乡人民政府 for the
        gazetteer's 皇镇街道) is given under the dispatch name, so its unit resolves.
        """
        path = path or CONFIG_DIR / "gazetteer.yml"
        try:
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
            dispatch = _dispatch_townships(units)
            gaz = cls(other_cities=tuple(data.get("other_cities") or ()), seat=data.get("seat"))
            official: dict[str, set[str]] = {}  # official township name -> counties
            for county, spec in data["counties"].items():
                for town in (spec or {}).get("townships") or {}:
                    official.setdefault(str(town), set()).add(county)
            variants: dict[str, dict[str, set[str]]] = {}  # alias -> county -> townships
            for town, counties in official.items():
                for alias in _town_variants(town):
                    for county in counties:
                        variants.setdefault(alias, {}).setdefault(county, set()).add(town)
            named: dict[tuple[str, str], str] = {}  # (official, county) -> name given
            for county, name in dispatch:
                towns = variants.get(name, {}).get(county, set())
                if len(towns) == 1 and name not in official:
                    named[(next(iter(towns)), county)] = name
            for alias, by_county in variants.items():
                for county, towns in by_county.items():
                    if alias in official and county in official[alias]:
                        towns = {alias}  # an official name is never another's alias
                    if len(towns) == 1:
                        town = next(iter(towns))
                        gaz._add_town(alias, named.get((town, county), town), county)
            for county, spec in data["counties"].items():
                spec = spec or {}
                gaz.counties[county] = county
                if spec.get("zone"):
                    gaz.zones.add(county)
                for alias in spec.get("aliases") or ():
                    gaz.counties[str(alias)] = county
                if spec.get("at"):
                    gaz.county_at[county] = (float(spec["at"][0]), float(spec["at"][1]))
                for town, villages in (spec.get("townships") or {}).items():
                    name = named.get((str(town), county), str(town))
                    for v in villages or ():
                        gaz.villages.setdefault(str(v), set()).add((name, county))
                for town, at in (spec.get("townships_at") or {}).items():
                    name = named.get((str(town), county), str(town))
                    gaz.township_at[(name, county)] = (float(at[0]), float(at[1]))
        except (
            OSError,
            yaml.YAMLError,
            KeyError,
            AttributeError,
            TypeError,
            ValueError,
            IndexError,
        ) as exc:
            raise TrainingDataError(f"bad gazetteer {path}: {exc}") from exc
        return gaz

    def _add_town(self, alias: str, town: str, county: str) -> None:
        self.townships.setdefault(alias, set()).add(county)
        self.town_names.setdefault(alias, {})[county] = town

    def names(self) -> list[str]:
        """Every place name (for the jieba user dictionary)."""
        return sorted(set(self.counties) | set(self.town_names) | set(self.villages))

    # -- matching ---------------------------------------------------------------------
    def county_at_start(self, text: str) -> tuple[str, int] | None:
        """(county, length) of a county name or alias at the start of ``text``."""
        for n in range(min(self.maxlen, len(text)), 1, -1):
            county = self.counties.get(text[:n])
            if county is not None and not _road_follows(text, n):
                return county, n
        return None

    def town_at_start(self, text: str, county: str | None) -> tuple[str, set[str], int] | None:
        """(township, its counties, length) at the start of ``text``; the township is
        named for ``county`` when given, else for its only county or the seat. An office
        form before a position word (皇镇街道办事处门口) leaves 办事处 to the detail when the
        name before it is a township's."""
        limit = min(self.maxlen, len(text))
        office: tuple[str, set[str], int] | None = None
        for n in range(limit, 1, -1):
            alias = text[:n]
            counties = self.townships.get(alias)
            if not counties or not (county is None or county in counties or county in self.zones):
                continue
            names = self.town_names[alias]
            pick = county if county in names else (self.seat if self.seat in names else None)
            found = names[pick] if pick is not None else names[min(names)], counties, n
            if office is None and alias.endswith("办事处") and _POSITION_RE.match(text, n):
                office, limit = found, n - len("办事处")
                continue
            if n <= limit:
                return found
        return office

    def village_at_start(
        self, text: str, town: str | None, county: str | None
    ) -> tuple[str, tuple[str, str] | None, int] | None:
        """(village, (its township, county) or None, length) at the start of ``text``."""
        for n in range(min(self.maxlen, len(text)), 1, -1):
            places = self.villages.get(text[:n])
            if places:
                fit = [
                    p
                    for p in places
                    if (town is None or p[0] == town)
                    and (county is None or p[1] == county or county in self.zones)
                ]
                if fit:
                    return text[:n], (fit[0] if len(fit) == 1 else None), n
        m = re.match(r"[\u4e00-\u9fff]{1,5}?(?:村|社区)(?![东西南北中]?(?:路|街|大道))", text)
        if m and (town is not None or county is not None):
            return m.group(0), None, m.end()
        return None

    def first_place(self, text: str) -> int | None:
        """Position of the first county, township or village name in ``text``."""
        best: int | None = None
        for m in _SUFFIX_RE.finditer(text):
            end = m.end()
            for n in range(2, min(self.maxlen, end) + 1):
                start = end - n
                name = text[start:end]
                if (name in self.counties or name in self.townships or name in self.villages) and (
                    best is None or start < best
                ):
                    best = start
            if best is not None and best < m.start():
                break
        for alias in self._bare_aliases():
            pos = text.find(alias)
            if (
                pos >= 0
                and not _road_follows(text, pos + len(alias))
                and (best is None or pos < best)
            ):
                best = pos
        return best

    def _bare_aliases(self) -> list[str]:
        """County aliases without a 区/县 suffix (定陶, 郓城 ...), computed once."""
        if self._bare is None:
            self._bare = [a for a in self.counties if not _SUFFIX_RE.search(a[-2:])]
        return self._bare

    def outside(self, text: str) -> str | None:
        """The other city where the matter in ``text`` is (``济宁`` for 济宁市任城区, ``商丘``
        for 河南商丘睢阳区: :func:`nlu.territory.outside_city`), if any; not the goal of a
        trip (去济南市看病). The caller checks first that no Heze place is named."""
        if "市" in text:  # a cheap exact prefilter: every name tried here ends in 市
            for city in self.other_cities:
                pos = text.find(city + "市")
                if pos >= 0 and not _TRIP_RE.search(text[max(0, pos - 4) : pos]):
                    return city
        from nlu.territory import outside_city  # nlu.territory re-exports this module

        return outside_city(text)

    def resolve(self, text: str) -> Territory | None:
        """The territory named in ``text``, or None when no Heze place appears."""
        found = find_address(text, self, outside=False)  # Address.outside is not read here
        if found.county is None and found.township is None and found.village is None:
            return None
        return found.territory()


def _road_follows(text: str, end: int) -> bool:
    """True when a road word follows a county alias (东明路, 定陶路: roads, not counties)."""
    return bool(re.match(r"[东西南北中]?(?:路|街|大道|大街)", text[end : end + 2]))


def _town_variants(town: str) -> set[str]:
    """The names a citizen may write for the township ``town``: its official name, the
    name without an infix (侯集回族镇 → 侯集镇), with any other kind suffix (皇镇街道 →
    皇镇乡, 皇镇镇) and in office form (西城街道办事处, 西城办事处, 西城街办)."""
    out = {town}
    kind = next((k for k in _TOWN_KINDS if town.endswith(k)), None)
    if kind is None:
        return out
    stem = town[: -len(kind)]
    short = _INFIX_RE.sub("", stem)
    for st in {stem, short} if len(short) >= 2 else {stem}:
        out.update(st + k for k in _TOWN_KINDS)
        out.update(st + o for o in _OFFICES)
    return out


def _dispatch_townships(units: Path | None) -> list[tuple[str, str]]:
    """(county, township name) of the township units in the dispatch configuration, the
    office suffix dropped (皇镇乡人民政府 → 皇镇乡); empty when there is no file."""
    if units is None or not units.is_file():
        return []
    data = yaml.safe_load(units.read_text(encoding="utf-8")) or {}
    out = []
    for county in data.get("counties") or ():
        for unit in (county or {}).get("townships") or ():
            name = re.sub(r"(?:人民政府|政府|街道办事处|办事处)$", "", str(unit.get("name", "")))
            if unit.get("name", "").endswith("街道办事处"):
                name += "街道"
            if name:
                out.append((str(county.get("name")), name))
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer (loaded once)."""
    return Gazetteer.load()


def _clean(text: str) -> str:
    text = _WS_RE.sub("", normalize(text, max_chars=400))
    return text.strip(",，.。!！?？;；:：、")


def _strip_lead(text: str) -> str:
    m = _LEAD_RE.match(text)
    return text[m.end() :] if m else text


def parse_address(text: str, gazetteer: Gazetteer | None = None) -> Address:
    """Parse an address given as an answer (the whole text is the address).

    The citizen's words after the levels are kept as the detail, except where the answer
    goes on into the matter (幸福路的路灯不亮了 → 幸福路; 镇政府门口的路面塌了 → 政府门口):
    the detail then ends at the last real boundary (:data:`_DETAIL_TOKEN_RE`).
    """
    gaz = gazetteer or default_gazetteer()
    t = _strip_lead(_clean(text))
    found = _parse_span(t, gaz)
    if found.county is None and found.township is None and found.village is None:
        start = gaz.first_place(t)  # 俺是沙土镇的: the place is inside the answer
        if start is not None:
            inside = _parse_span(t[_with_prefix(t, start) :], gaz)
            if not inside.empty:
                found = inside
    if found.empty and t:
        found = Address(detail=t)
    return _without_matter(found)


def _with_prefix(text: str, start: int) -> int:
    """``start`` moved back over a province/city prefix that belongs to the place."""
    m = re.search(r"(?:山东省?)?(?:菏泽市?)?$", text[max(0, start - 5) : start])
    return start - len(m.group(0)) if m and m.group(0) else start


#: What follows a place when the text goes on into the matter: a predicate or a generic
#: object that is not a spot (路灯, 路面, 楼道, 井盖 ...).
_MATTER_RE = re.compile(
    r"了|坏|漏|塌|堵|吵|臭|冒|淹|不亮|不通|不热|不转|没水|没电|没人|停水|停电|断水|断电|占道|乱|积水|"
    r"噪音|扰民|投诉|反映|举报|怎么|咋|一直|天天|经常|老是|总是|半夜|有人|"
    r"^的?(?:路灯|路面|路边|路上|楼道|楼梯|井盖|垃圾|污水|下水道|暖气|自来水|水管|电线|树)"
)


def _without_matter(found: Address) -> Address:
    """``found`` with its detail cut at the last boundary before a matter clause."""
    detail = found.detail
    if not detail:
        return found
    keep = _detail_prefix(detail, after_level=False)
    rest = detail[len(keep) :]
    if not rest or not _MATTER_RE.search(rest):
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
    t = _WS_RE.sub("", normalize(text, max_chars=2000))
    start = gaz.first_place(t)
    if start is None:
        return Address(outside=gaz.outside(t) if outside else None)
    # a province/city prefix right before the place belongs to it
    head = t[max(0, start - 5) : start]
    m = re.search(r"(?:山东省?)?(?:菏泽市?)?$", head)
    if m and m.group(0):
        start -= len(m.group(0))
    span = t[start:]
    found = _parse_span(span, gaz, free=True)
    return found


def _parse_span(t: str, gaz: Gazetteer, free: bool = False) -> Address:
    return _parse_consume(t, gaz, free)[0]


def _parse_consume(t: str, gaz: Gazetteer, free: bool = False) -> tuple[Address, int]:
    """The address at the start of ``t`` and how many characters of ``t`` it took."""
    total = len(t)
    province = city = None
    m = _PROVINCE_RE.match(t)
    if m:
        province, t = "山东省", t[m.end() :]
    m = _CITY_RE.match(t)
    if m and (
        gaz.county_at_start(t[m.end() :])
        or gaz.town_at_start(t[m.end() :], None)
        or _ROAD_RE.match(t[m.end() :])
    ):
        city, t = "菏泽市", t[m.end() :]
    county = township = village = None
    ambiguous = False
    hit = gaz.county_at_start(t)
    if hit:
        county, t = hit[0], _skip(t[hit[1] :])
    town = gaz.town_at_start(t, county)
    if town:
        township, counties, n = town
        t = _skip(t[n:])
        if county is None:
            if len(counties) == 1:
                county = next(iter(counties))
            elif gaz.seat in counties:
                county, ambiguous = gaz.seat, True
    vil = gaz.village_at_start(t, township, county)
    if vil:
        village, place, n = vil
        t = t[n:]
        if place is not None:
            township = township or place[0]
            county = county or place[1]
    consumed = total - len(t)
    if free:
        own = _OWN_RE.match(t)  # 定陶区买的御景苑的房子: the estate after 买的 is the place
        if own and _detail_prefix(t[own.end() :]):
            consumed, t = consumed + own.end(), t[own.end() :]
        t = _detail_prefix(t)
    consumed += len(t)
    t = t.lstrip(",，、:：") or ""
    road, place_part = _road(t) if t else (None, None)
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


_ROAD_SEARCH_RE = re.compile(
    r"[\u4e00-\u9fff0-9]{1,10}?(?:路|大道|大街|小区|花园|家园|社区|村)(?![\u4e00-\u9fff]{0,1}道)"
)


def address_span(text: str, gazetteer: Gazetteer | None = None) -> tuple[int, int] | None:
    """Start and end of the first address in ``text`` (a Heze place, or else a road or
    estate), lead words excluded; None when there is none."""
    gaz = gazetteer or default_gazetteer()
    t = text[:2000]
    start = gaz.first_place(t)
    if start is not None:
        head = t[max(0, start - 5) : start]
        m = re.search(r"(?:山东省?)?(?:菏泽市?)?$", head)
        if m and m.group(0):
            start -= len(m.group(0))
    else:
        m = _ROAD_SEARCH_RE.search(t)
        if m is None:
            return None
        start = m.start()
        lead = _LEAD_RE.match(t, start)
        while lead and lead.end() > start:
            start = lead.end()
            lead = _LEAD_RE.match(t, start)
        # lead words inside the lazy match: keep only from the last lead word on
        inner = re.search(r"(?:住在|住|在|是|位于)(?=[^住在是]*$)", t[start : m.end()])
        if inner and inner.end() < m.end() - start - 1:
            start += inner.end()
    _, consumed = _parse_consume(t[start:], gaz, free=True)
    value = t[start : start + consumed]
    consumed -= len(value) - len(_FILLER_END_RE.sub("", value))  # 滨河街道的 → 滨河街道
    return (start, start + consumed) if consumed else None


_FILLER_END_RE = re.compile(r"(?:的|那边的?|这边的?|那个|这个)$")


def _skip(text: str) -> str:
    """Drop fillers between two levels (郓城的黄安镇, 牡丹区那边的)."""
    return re.sub(r"^(?:的|那边的?|这边的?|那个|这个)", "", text)


def _road(detail: str) -> tuple[str | None, str | None]:
    m = _ROAD_RE.match(detail)
    if not m or not m.group(0):
        return None, detail or None
    rest = detail[m.end() :]
    return m.group(0), rest or None


def _detail_prefix(text: str, after_level: bool = True) -> str:
    """The address-like start of ``text`` (up to a clause end or a non-address word)."""
    text = _STOP_RE.split(text, 1)[0]
    if after_level and text.startswith("的"):
        return ""  # 丁楼村的路坏了: what follows is the matter, not the place
    end = 0
    while True:
        m = _ROUTE_RE.match(text, end) or _DETAIL_TOKEN_RE.match(text, end)
        if not m or m.end() == end:
            break
        word = m.group(0)
        after = text[m.end() : m.end() + 1]
        if len(word) == 1 and after and after in _MATTER_WORDS.get(word, ""):
            break  # 3号楼楼道: the second 楼 begins the matter
        end = m.end()
    return text[:end]
