"""The Heze units hierarchy and the dispatch catalogue, read from config/data YAML.

Dispatch follows 第十二条 (职权法定、属地管理、分级负责): the taxonomy category picks a
unit type, the territory (county, township) picks the unit of that type, and where the
territory has no competent unit the county/district government takes the order (兜底).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casebridge.errors import ConfigurationError, NotFound
from casebridge.sla import Limit

CITY = "city"
COUNTIES = ("牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县")
UTILITY_TYPES = ("water", "power", "gas", "heat", "telecom")


@dataclass(frozen=True)
class UnitDef:
    """One handling unit (承办单位) or the hotline centre."""

    code: str
    name: str
    kind: str  # centre | government | department | township | utility
    types: tuple[str, ...] = ()
    county: str | None = None  # None: city level
    parent: str | None = None
    citywide: bool = False
    serves: tuple[str, ...] = ()  # utilities: county names, "city", or "all"
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A catalogue entry: a category (an Open311 service) and its handling rules."""

    code: str
    level1: str
    level2: str | None
    level3: str | None
    unit_type: str
    limit: Limit
    co_report: Limit
    max_extension_days: int
    needs_contact: bool = True
    fallback_type: str | None = None

    @property
    def utility(self) -> bool:
        """Public-service matters (第二十条): round the clock, shorter limits."""
        return self.unit_type.startswith("utility:")

    @property
    def name(self) -> str:
        """Human name, e.g. ``城乡建设/城市建设和市政管理/自来水供应``."""
        return "/".join(p for p in (self.level1, self.level2, self.level3) if p)


@dataclass(frozen=True)
class Dispatch:
    """Where an appeal goes and under what limit."""

    entry: Entry
    unit: UnitDef
    fallback: bool  # True when the government took it for lack of a competent unit
    reason: str
    county: str | None
    limit: Limit


def _limit(raw: object, where: str) -> Limit:
    if not isinstance(raw, Mapping):
        raise ConfigurationError(f"{where}: a limit is a mapping with hours or working_days")
    try:
        return Limit(hours=raw.get("hours"), working_days=raw.get("working_days"))
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"{where}: {exc}") from exc


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigurationError(f"missing configuration file {path}") from exc
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path}: expected a mapping at the top level")
    return data


@dataclass
class Catalogue:
    """Units, entries and the dispatch rules over them."""

    centre: UnitDef
    units: dict[str, UnitDef]
    entries: dict[str, Entry]
    county_aliases: dict[str, str]
    zones: frozenset[str]
    general: Entry
    utility_limit: Limit
    _by_category: dict[tuple[str, str | None, str | None], list[Entry]] = field(
        default_factory=dict, repr=False
    )
    # (unit type, county or None) -> the first such unit, in the catalogue's order
    _by_type: dict[tuple[str, str | None], UnitDef] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries.values():
            self._by_category.setdefault((e.level1, e.level2, e.level3), []).append(e)
        for u in self.units.values():
            for t in u.types:
                self._by_type.setdefault((t, u.county), u)

    # -- look-ups -----------------------------------------------------------------
    def unit(self, code: str) -> UnitDef:
        """The unit with ``code``; :class:`NotFound` otherwise."""
        try:
            return self.units[code]
        except KeyError:
            raise NotFound(f"未知的承办单位代码：{code}") from None

    def entry(self, code: str) -> Entry:
        """The entry (Open311 service) with ``code``; :class:`NotFound` otherwise."""
        try:
            return self.entries[code]
        except KeyError:
            raise NotFound(f"未知的诉求类别代码：{code}") from None

    def handling_units(self) -> list[UnitDef]:
        """Every unit that can receive orders (the centre excluded)."""
        return [u for u in self.units.values() if u.kind != "centre"]

    def normalize_county(self, county: str | None) -> str | None:
        """The canonical county/district/zone name, or None (city level / unknown)."""
        if not county:
            return None
        c = county.strip().removeprefix("山东省").removeprefix("菏泽市")
        return self.county_aliases.get(c) or self.county_aliases.get(county.strip())

    def government(self, county: str | None) -> UnitDef:
        """The county/district government (or zone committee); the city office if None."""
        for u in self.units.values():
            if u.kind == "government" and u.county == county:
                return u
        raise ConfigurationError(f"no government unit for {county or CITY}")

    def entry_for(
        self, level1: str | None, level2: str | None = None, level3: str | None = None
    ) -> Entry | None:
        """The most specific entry for a category, None if level1 is unknown."""
        if not level1:
            return None
        for key in ((level1, level2, level3), (level1, level2, None), (level1, None, None)):
            found = self._by_category.get(key)
            if found:
                return found[0]
        return None

    def knows_type(self, unit_type: str) -> bool:
        """True when some unit (or the government fallback) has this type."""
        if unit_type in ("government", "township"):
            return True
        return any(unit_type in u.types for u in self.units.values())

    # -- dispatch -----------------------------------------------------------------
    def resolve(
        self,
        unit_type: str,
        county: str | None,
        township: str | None = None,
        text: str = "",
        fallback_type: str | None = None,
    ) -> tuple[UnitDef, bool, str]:
        """The unit of ``unit_type`` competent in the territory: (unit, fallback?, why)."""
        gov = self.government(county)
        if unit_type == "government":
            return gov, False, "属地政府"
        if unit_type == "township":
            t = (township or "").strip()
            if county and len(t) >= 2:
                for u in self.units.values():
                    if u.kind == "township" and u.county == county and u.name.startswith(t):
                        return u, False, "属地乡镇（街道）"
            if fallback_type:
                # the township is not known (or not configured in the county): the county
                # department of the matter's kind (土地承包 → 农业农村局), not the government
                return self.resolve(fallback_type, county, township, text)
            return gov, True, "未能确定乡镇（街道），由属地政府兜底"
        if unit_type.startswith("utility:"):
            found = self._utility(unit_type, county, text)
            if found is not None:
                return found, False, "公共服务企业"
            if fallback_type:
                # no enterprise of the county's own (county gas, heating, water: the city's
                # companies serve the urban area only): the county's competent department
                unit, fell, _ = self.resolve(fallback_type, county, township, text)
                return unit, fell, "属地无对应公共服务企业，由属地主管部门办理"
            return gov, True, "无对应公共服务企业，由属地政府兜底"
        # a department: the first of its type in the county, else the city's
        local = self._by_type.get((unit_type, county))
        if local is not None:
            return local, False, "职权法定、属地管理"
        city = self._by_type.get((unit_type, None))
        if city is not None and (county is None or city.citywide):
            return city, False, "市级部门"
        return gov, True, "属地无对应职能部门，由属地政府兜底"

    def _utility(self, unit_type: str, county: str | None, text: str) -> UnitDef | None:
        where = county or CITY
        typed = [u for u in self.units.values() if u.kind == "utility" and unit_type in u.types]
        local = [u for u in typed if where in u.serves]
        pool = local or [u for u in typed if "all" in u.serves]
        if len(pool) == 1:
            return pool[0]
        for u in pool:  # several carriers: the one the citizen names
            if any(k in text for k in u.keywords):
                return u
        plain = [u for u in pool if not u.keywords]
        return plain[0] if plain else None

    def dispatch(
        self,
        *,
        level1: str | None,
        level2: str | None,
        level3: str | None = None,
        unit_type: str | None = None,
        county: str | None = None,
        township: str | None = None,
        text: str = "",
    ) -> Dispatch:
        """Pick entry, unit and limit for an appeal; never fails for unknown input."""
        canon = self.normalize_county(county)
        entry = self.entry_for(level1, level2, level3)
        notes: list[str] = []
        if entry is None:
            if level1:
                notes.append(f"类别“{level1}”不在目录中")
            entry = self.general
        chosen_type = entry.unit_type
        if unit_type and unit_type != chosen_type:
            if self.knows_type(unit_type):
                better = next(
                    (
                        e
                        for e in self.entries.values()
                        if e.unit_type == unit_type
                        and e.level1 == entry.level1
                        and (e.level2 == entry.level2 or entry.level2 is None)
                    ),
                    None,
                )
                if better is not None:
                    entry = better
                chosen_type = unit_type
            else:
                notes.append(f"未知单位类型“{unit_type}”")
        if county and canon is None:
            notes.append(f"未识别的区县“{county}”，按市级派单")
        unit, fallback, why = self.resolve(chosen_type, canon, township, text, entry.fallback_type)
        limit = entry.limit
        if chosen_type.startswith("utility:") and entry.limit.hours is None:
            limit = self.utility_limit
        notes.insert(0, why)
        return Dispatch(entry, unit, fallback, "；".join(notes), canon, limit)


def _units(
    data: dict[str, Any], path: Path
) -> tuple[UnitDef, dict[str, UnitDef], dict[str, str], set[str]]:
    units: dict[str, UnitDef] = {}
    aliases: dict[str, str] = {}
    zones: set[str] = set()

    def add(u: UnitDef) -> None:
        if u.code in units:
            raise ConfigurationError(f"{path}: duplicate unit code {u.code}")
        units[u.code] = u

    try:
        c = data["centre"]
        centre = UnitDef(code=c["code"], name=c["name"], kind="centre")
        add(centre)
        city = data["city"]
        gov = city["government"]
        add(UnitDef(code=gov["code"], name=gov["name"], kind="government", types=("government",)))
        for d in city.get("departments", []):
            add(
                UnitDef(
                    code=d["code"],
                    name=d["name"],
                    kind="department",
                    types=(d["type"], *d.get("also", ())),
                    citywide=bool(d.get("citywide")),
                )
            )
        templates = data.get("county_departments", [])
        for cty in data["counties"]:
            name = cty["name"]
            aliases[name] = name
            for a in cty.get("aliases", []):
                aliases[a] = name
            if name.endswith(("区", "县")) and len(name) > 2:
                aliases.setdefault(name[:-1], name)
            gcode = cty["code"] + "-GOV"
            add(
                UnitDef(
                    code=gcode,
                    name=cty["government"],
                    kind="government",
                    types=("government",),
                    county=name,
                )
            )
            if cty.get("zone"):
                zones.add(name)
            else:
                for t in templates:
                    add(
                        UnitDef(
                            code=f"{cty['code']}-{t['suffix']}",
                            name=t["name"].format(prefix=cty.get("prefix", name), county=name),
                            kind="department",
                            types=(t["type"], *t.get("also", ())),
                            county=name,
                            parent=gcode,
                        )
                    )
            for tw in cty.get("townships", []):
                add(
                    UnitDef(
                        code=tw["code"],
                        name=tw["name"],
                        kind="township",
                        types=("township",),
                        county=name,
                        parent=gcode,
                    )
                )
        for ut in data.get("utilities", []):
            serves = ut.get("serves", "all")
            add(
                UnitDef(
                    code=ut["code"],
                    name=ut["name"],
                    kind="utility",
                    types=(ut["type"],),
                    serves=("all",) if serves == "all" else tuple(serves),
                    keywords=tuple(ut.get("keywords", ())),
                )
            )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ConfigurationError(f"{path}: malformed units file ({exc!r})") from exc
    return centre, units, aliases, zones


def _entries(data: dict[str, Any], path: Path) -> tuple[dict[str, Entry], Limit]:
    d = data.get("defaults", {})
    default_limit = _limit(d.get("limit", {"working_days": 5}), f"{path} defaults.limit")
    co = _limit(d.get("co_report", {"working_days": 3}), f"{path} defaults.co_report")
    max_ext = int(d.get("max_extension_working_days", 10))
    contact = bool(d.get("needs_contact", True))
    utility_limit = _limit(data.get("utility_limit", {"hours": 24}), f"{path} utility_limit")
    entries: dict[str, Entry] = {}

    def add(e: Entry) -> None:
        if e.code in entries:
            raise ConfigurationError(f"{path}: duplicate catalogue code {e.code}")
        entries[e.code] = e

    try:
        for cat in data["categories"]:
            l1 = cat["level1"]
            add(
                Entry(
                    cat["code"],
                    l1,
                    None,
                    None,
                    cat["unit_type"],
                    default_limit,
                    co,
                    max_ext,
                    contact,
                )
            )
            for raw in cat.get("entries", []):
                ut = raw["unit_type"]
                lim = raw.get("limit")
                limit = (
                    _limit(lim, f"{path} {raw['code']}")
                    if lim is not None
                    else utility_limit
                    if ut.startswith("utility:")
                    else default_limit
                )
                add(
                    Entry(
                        raw["code"],
                        l1,
                        raw["level2"],
                        raw.get("level3"),
                        ut,
                        limit,
                        co,
                        max_ext,
                        bool(raw.get("needs_contact", contact)),
                        raw.get("fallback_type"),
                    )
                )
    except (KeyError, TypeError) as exc:
        raise ConfigurationError(f"{path}: malformed catalogue ({exc!r})") from exc
    add(Entry("ZH", "综合", None, None, "government", default_limit, co, max_ext, contact))
    return entries, utility_limit


def load_catalogue(config_dir: Path) -> Catalogue:
    """Read ``units.yaml`` and ``catalogue.yaml`` under ``config_dir`` and check them."""
    upath, cpath = config_dir / "units.yaml", config_dir / "catalogue.yaml"
    centre, units, aliases, zones = _units(_read_yaml(upath), upath)
    entries, utility_limit = _entries(_read_yaml(cpath), cpath)
    cat = Catalogue(centre, units, entries, aliases, frozenset(zones), entries["ZH"], utility_limit)
    for e in entries.values():
        for t in (e.unit_type, e.fallback_type):
            if t and not cat.knows_type(t):
                raise ConfigurationError(f"{cpath}: entry {e.code} names unknown unit type {t}")
    for county in COUNTIES:
        if county not in aliases.values():
            raise ConfigurationError(f"{upath}: county {county} is missing")
    return cat


def taxonomy_coverage(catalogue: Catalogue, taxonomy_csv: Path) -> list[tuple[str, str]]:
    """(level1, level2) pairs of the taxonomy file that have no entry of their own."""
    missing: list[tuple[str, str]] = []
    with taxonomy_csv.open(encoding="utf-8") as fh:
        seen: set[tuple[str, str]] = set()
        for row in csv.DictReader(fh):
            key = (row["level1"], row["level2"])
            if key in seen:
                continue
            seen.add(key)
            e = catalogue.entry_for(*key)
            if e is None or e.level2 != key[1]:
                missing.append(key)
    return missing


def all_unit_types(units: Iterable[UnitDef]) -> set[str]:
    """Every unit type named by ``units``."""
    return {t for u in units for t in u.types}
