"""The Heze gazetteer, indexed for matching the place names a citizen writes: counties and
their aliases, townships and streets in every form a citizen may write them (any kind
suffix, office forms, the dispatch configuration's names), villages, the development
zones, landmarks named without a county and the points of counties and townships.

Read by :mod:`nlu.address` (parsing an address), :mod:`nlu.coordinates` (the nearest
known point) and :mod:`nlu.territory`. The data are ``config/nlu/gazetteer.yml`` (built by
:mod:`nlu.gazetteer_build` from JioNLP's administrative dictionary, with the project's
aliases and the development zones) and ``config/nlu/landmarks.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nlu.address_words import INFIX_RE, POSITION_RE, ROAD_AFTER_VILLAGE, SUFFIX_RE
from nlu.errors import TrainingDataError
from nlu.resources import CONFIG_DIR, REPO_ROOT
from nlu.types import Territory

#: The suffixes of a township's name: a citizen may write any of them for any township
#: (乡, 镇 and 街道 change with reorganisations: 皇镇乡 / 皇镇街道).
_TOWN_KINDS = ("街道", "镇", "乡")
#: The office forms of a township's name (西城街道办事处, 西城办事处, 西城街办). 政府 is not
#: one of them: 镇政府门口 names a building, kept in the detail.
_OFFICES = ("街道办事处", "办事处", "街道办", "街办")
#: The rank of a market town's name written without its 集 (:func:`_town_variants`).
_MARKET_RANK = 2
#: The dispatch configuration, whose township names the parser gives (``catalogue.resolve``
#: matches a township unit by the start of its name).
UNITS_PATH = REPO_ROOT / "config" / "data" / "units.yaml"
#: Landmarks citizens name without a county (菏泽学院, 曹州牡丹园): name -> county.
LANDMARKS_PATH = CONFIG_DIR / "landmarks.yml"
#: Before a city: it is the goal of a trip, not where the matter is (去济南市看病).
_TRIP_RE = re.compile(r"(?:去|到|回|往|赴|上|从|来自|离开|出差|旅游|跑)(?:了|过|趟|一趟)?$")
#: A village or community the gazetteer does not know, by its suffix; not the start of a
#: road named after it (李庄村路), but before a matter noun (陈集社区|路灯坏了).
_VILLAGE_RE = re.compile(rf"[\u4e00-\u9fff]{{1,5}}?(?:村|社区)(?!{ROAD_AFTER_VILLAGE})")
#: After a township's name said alone: where around it (吕陵那边, 黄安一带).
_STEM_NEXT = re.compile(r"那边|这边|那块|这块|那片|这片|一带|的(?=[\u4e00-\u9fff])")
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
    #: A market town's name written without its 集 (伯乐街道, 伯乐镇 for 成武县's 伯乐集镇):
    #: alias -> county -> township, read only after that county (伯乐 alone names nothing).
    market_names: dict[str, dict[str, str]] = field(default_factory=dict)
    maxlen: int = 12
    _bare: list[str] | None = None
    _marks: re.Pattern[str] | None = None
    _stems: dict[str, dict[str, str]] | None = None

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
            # alias -> county -> township -> rank (the closest form of a name wins)
            variants: dict[str, dict[str, dict[str, int]]] = {}
            for town, counties in official.items():
                for alias, rank in _town_variants(town).items():
                    for county in counties:
                        ranks = variants.setdefault(alias, {}).setdefault(county, {})
                        ranks[town] = min(rank, ranks.get(town, rank))
            named: dict[tuple[str, str], str] = {}  # (official, county) -> name given
            for county, name in dispatch:
                towns = _closest(variants.get(name, {}).get(county, {}))
                if len(towns) == 1 and name not in official:
                    named[(next(iter(towns)), county)] = name
            for alias, by_county in variants.items():
                for county, ranks in by_county.items():
                    towns = _closest(ranks)
                    if alias in official and county in official[alias]:
                        towns = {alias}  # an official name is never another's alias
                    if len(towns) == 1:
                        town = next(iter(towns))
                        name = named.get((town, county), town)
                        if ranks[town] < _MARKET_RANK or alias in official:
                            gaz._add_town(alias, name, county)
                        else:  # 伯乐街道 for 伯乐集镇: only where its county is named
                            gaz.market_names.setdefault(alias, {})[county] = name
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

    def landmark_at(self, text: str) -> tuple[int, str] | None:
        """(position, county) of the first landmark named in ``text``, if any."""
        if self._marks is None and self.landmarks:
            self.landmark_county("")  # compiles the pattern
        m = self._marks.search(text) if self._marks is not None else None
        return (m.start(), self.landmarks[m.group(0)]) if m else None

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
            found: tuple[str, set[str], int]
            if counties and (county is None or county in counties or county in self.zones):
                names = self.town_names[alias]
                pick = county if county in names else (self.seat if self.seat in names else None)
                found = names[pick] if pick is not None else names[min(names)], counties, n
            elif county is not None and county in self.market_names.get(alias, {}):
                found = self.market_names[alias][county], {county}, n
            else:
                continue
            if office is None and alias.endswith("办事处") and POSITION_RE.match(text, n):
                office, limit = found, n - len("办事处")
                continue
            if n <= limit:
                return found
        return office or (self._stem_at_start(text, county) if county else None)

    def _stem_at_start(self, text: str, county: str) -> tuple[str, set[str], int] | None:
        """A township of ``county`` said by its name alone before 那边, 一带 … (高新区吕陵那边
        → 吕陵镇, 郓城县黄安一带 → 黄安镇); a village of that name says 村 (吕陵村)."""
        m = _STEM_NEXT.search(text, 2, self.maxlen + 3)
        if m is None:
            return None
        if self._stems is None:
            self._stems = {}
            for names in self.town_names.values():
                for cty, town in names.items():
                    stem = re.sub(r"(?:镇|乡|街道)$", "", INFIX_RE.sub("", town))
                    if len(stem) >= 2 and stem != town:
                        self._stems.setdefault(stem, {}).setdefault(cty, town)
        towns = self._stems.get(text[: m.start()], {})
        zone = county in self.zones and len(set(towns.values())) == 1  # a zone's lent street
        pick = towns.get(county) or (next(iter(towns.values())) if zone else None)
        return (pick, {county}, m.start()) if pick else None

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
        m = _VILLAGE_RE.match(text)
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
        from nlu.address import find_address  # the parser reads this module

        found = find_address(text, self, outside=False)  # Address.outside is not read here
        if found.county is None and found.township is None and found.village is None:
            return None
        return found.territory()


def _road_follows(text: str, end: int) -> bool:
    """True when a road word follows a county alias (东明路, 定陶路: roads, not counties)."""
    return bool(re.match(r"[东西南北中]?(?:路|街|大道|大街)", text[end : end + 2]))


def _town_variants(town: str) -> dict[str, int]:
    """The names a citizen may write for the township ``town``, each with its rank (the
    lower, the closer to the official name): the official name (0); the name without an
    infix (侯集回族镇 → 侯集镇), with any other kind suffix (皇镇街道 → 皇镇乡, 皇镇镇) and
    in office form (西城街道办事处, 西城办事处, 西城街办) (1); a market town's (X集镇, X集乡)
    name without its 集 in any of those forms (伯乐集镇 → 伯乐街道, 伯乐镇) when at least
    two characters are left (:data:`_MARKET_RANK`)."""
    out = {town: 0}
    kind = next((k for k in _TOWN_KINDS if town.endswith(k)), None)
    if kind is None:
        return out
    stem = town[: -len(kind)]
    short = INFIX_RE.sub("", stem)
    stems = {stem: 1, short: 1} if len(short) >= 2 else {stem: 1}
    if stem.endswith("集") and len(stem) >= 3 and kind != "街道":
        stems.setdefault(stem[:-1], _MARKET_RANK)
    for st, rank in stems.items():
        for name in [st + k for k in _TOWN_KINDS] + [st + o for o in _OFFICES]:
            out[name] = min(rank, out.get(name, rank))
    return out


def _closest(ranks: dict[str, int]) -> set[str]:
    """The townships of the lowest rank among ``ranks`` (township -> rank)."""
    best = min(ranks.values(), default=0)
    return {town for town, rank in ranks.items() if rank == best}


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
