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
aliases and the development zones), landmarks a citizen names without a county (菏泽学院,
曹州牡丹园) from ``config/nlu/landmarks.yml``; county boundaries from GeoToolCN
(``geotool-cn``). The patterns of the words (lead words, suffixes, matter words) are in
:mod:`nlu.address_words`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nlu.address_words import (
    CITY_RE,
    DETAIL_TOKEN_RE,
    FILLER_END_RE,
    GENERIC_NAME_RE,
    INFIX_RE,
    LEAD_RE,
    MATTER_RE,
    MATTER_WORDS,
    NAMED_SITE_RE,
    OWN_RE,
    PART_RE,
    POSITION_RE,
    PREFIX_RE,
    PROVINCE_RE,
    ROAD_RE,
    ROAD_SEARCH_RE,
    ROUTE_RE,
    SEAT_RE,
    SITE_SUFFIX_RE,
    STOP_RE,
    SUFFIX_RE,
    TOWN_NEXT,
    WS_RE,
)
from nlu.errors import TrainingDataError
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR, REPO_ROOT
from nlu.types import Address, Territory

#: The suffixes of a township's name: a citizen may write any of them for any township
#: (乡, 镇 and 街道 change with reorganisations: 皇镇乡 / 皇镇街道).
_TOWN_KINDS = ("街道", "镇", "乡")
#: The office forms of a township's name (西城街道办事处, 西城办事处, 西城街办). 政府 is not
#: one of them: 镇政府门口 names a building, kept in the detail.
_OFFICES = ("街道办事处", "办事处", "街道办", "街办")
#: The dispatch configuration, whose township names the parser gives (``catalogue.resolve``
#: matches a township unit by the start of its name).
UNITS_PATH = REPO_ROOT / "config" / "data" / "units.yaml"
#: Landmarks citizens name without a county (菏泽学院, 曹州牡丹园): name -> county.
LANDMARKS_PATH = CONFIG_DIR / "landmarks.yml"
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
    landmarks: dict[str, str] = field(default_factory=dict)  # landmark -> county
    maxlen: int = 12
    _bare: list[str] | None = None
    _marks: re.Pattern[str] | None = None

    @classmethod
    def load(
        cls,
        path: Path | None = None,
        units: Path | None = UNITS_PATH,
        landmarks: Path | None = None,
    ) -> Gazetteer:
        """Read the gazetteer YAML; TrainingDataError when it is malformed.

        ``landmarks``: ``landmarks: {name: county}`` (default: ``landmarks.yml`` beside
        the gazetteer, :data:`LANDMARKS_PATH` for the shipped one; a missing file is
        none), the county of an answer that names only a landmark.

        ``units``: the dispatch configuration (``config/data/units.yaml``; a missing file
        is no names): a township it names in another form (皇镇乡人民政府 for the
        gazetteer's 皇镇街道) is given under the dispatch name, so its unit resolves.
        """
        path = path or CONFIG_DIR / "gazetteer.yml"
        landmarks = landmarks or path.with_name(LANDMARKS_PATH.name)
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
            if landmarks.is_file():
                marks = yaml.safe_load(landmarks.read_text(encoding="utf-8")) or {}
                for name, county in (marks.get("landmarks") or {}).items():
                    if county not in gaz.counties:
                        raise ValueError(f"landmark {name}: unknown county {county}")
                    gaz.landmarks[str(name)] = gaz.counties[county]
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

    def landmark_county(self, text: str) -> str | None:
        """The county of the first landmark named in ``text``, the longest name at its
        place (菏泽学院西门 → 牡丹区)."""
        if self._marks is None:
            names = sorted(self.landmarks, key=len, reverse=True)
            self._marks = re.compile("|".join(map(re.escape, names))) if names else None
        m = self._marks.search(text) if self._marks is not None else None
        return self.landmarks[m.group(0)] if m else None

    def names(self) -> list[str]:
        """Every place name (for the jieba user dictionary)."""
        return sorted(set(self.counties) | set(self.town_names) | set(self.villages))

    # -- matching ---------------------------------------------------------------------
    def county_at_start(self, text: str) -> tuple[str, int] | None:
        """(county, length) of a county name or alias at the start of ``text``."""
        for n in range(min(self.maxlen, len(text)), 1, -1):
            county = self.counties.get(text[:n])
            if county is not None and not _road_follows(text, n):
                town = self.town_at_start(text, None) if text[n - 1] not in "区县" else None
                return None if town and town[2] > n else (county, n)  # 东明集镇, 郓城镇
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
            if office is None and alias.endswith("办事处") and POSITION_RE.match(text, n):
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
        for m in SUFFIX_RE.finditer(text):
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
            self._bare = [a for a in self.counties if not SUFFIX_RE.search(a[-2:])]
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
    short = INFIX_RE.sub("", stem)
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
    text = WS_RE.sub("", normalize(text, max_chars=400))
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
    if found.county and found.detail and (joined := _joined(found.detail)) != found.detail:
        found = replace(found, detail=joined)
    found = _without_matter(found)
    detail = found.detail or ""
    if FILLER_END_RE.search(detail[-4:]):  # 俺家是李庄的, 天中街道那边
        found = _without_matter(replace(found, detail=FILLER_END_RE.sub("", detail) or None))
    if found.county is None and detail and (county := gaz.landmark_county(detail[:40])):
        found = replace(found, county=county)  # 菏泽学院西门: a landmark's county
    return found


def _with_prefix(text: str, start: int) -> int:
    """``start`` moved back over a province/city prefix that belongs to the place."""
    m = re.search(r"(?:山东省?)?(?:菏泽市?)?$", text[max(0, start - 5) : start])
    return start - len(m.group(0)) if m and m.group(0) else start


def _without_matter(found: Address) -> Address:
    """``found`` with its detail cut at the last boundary before a matter clause."""
    detail = found.detail
    if not detail:
        return found
    keep = _detail_prefix(detail, after_level=False)
    rest = detail[len(keep) :]
    if not rest or not MATTER_RE.search(rest):
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
    t = WS_RE.sub("", normalize(text, max_chars=2000))
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
    if town:
        township, counties, n = town
        t = _skip(t[n:], free)
        t = _repeated(
            t, lambda r: h[2] if (h := gaz.town_at_start(r, county)) and h[0] == township else 0
        )
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
        own = OWN_RE.match(t)  # 定陶区买的御景苑的房子: the estate after 买的 is the place
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
        m = ROAD_SEARCH_RE.search(t)
        site = _named_site(t)
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


def _detail_prefix(text: str, after_level: bool = True) -> str:
    """The address-like start of ``text`` (up to a clause end or a non-address word)."""
    text = STOP_RE.split(text, 1)[0]
    if after_level and text.startswith("的"):
        # 丁楼村的路坏了: what follows is the matter; 南城街道的中央公馆工地: a named place
        m = DETAIL_TOKEN_RE.match(text, 1)
        if not m or len(m.group(0)) < 3 or text[1] in "这那个一":
            return ""
        return "的" + _detail_prefix(text[1:], after_level=False)
    end = 0
    while True:
        m = ROUTE_RE.match(text, end) or DETAIL_TOKEN_RE.match(text, end)
        if not m or m.end() == end:
            break
        word = m.group(0)
        after = text[m.end() : m.end() + 1]
        if len(word) == 1 and after and after in MATTER_WORDS.get(word, ""):
            break  # 3号楼楼道: the second 楼 begins the matter
        end = m.end()
    return text[:end]
