"""Resolve addresses to the Heze hierarchy (county/district, township/street, village)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError
from nlu.resources import CONFIG_DIR
from nlu.types import Territory

_VILLAGE_RE = re.compile(r"([\u4e00-\u9fff]{1,5}?(?:村|社区))")
_DETAIL_RE = re.compile(
    r"([\u4e00-\u9fff0-9]{1,12}(?:路|街(?!道)|大道|巷|胡同)(?:[0-9]+号)?"
    r"|[\u4e00-\u9fff0-9]{1,10}(?:小区|花园|家园|苑|公寓|广场)(?:[0-9]+号楼)?(?:[0-9]+单元)?)"
)


@dataclass
class Gazetteer:
    """The place names of ``config/nlu/gazetteer.yml`` indexed for lookup."""

    counties: dict[str, str] = field(default_factory=dict)  # name or alias -> county
    townships: dict[str, set[str]] = field(default_factory=dict)  # township -> counties
    villages: dict[tuple[str, str], str] = field(default_factory=dict)  # (village, county)
    village_names: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    other_cities: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the gazetteer YAML; raises TrainingDataError when it is malformed."""
        path = path or CONFIG_DIR / "gazetteer.yml"
        try:
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
            gaz = cls(other_cities=tuple(data.get("other_cities", ())))
            for county, spec in data["counties"].items():
                gaz.counties[county] = county
                for alias in spec.get("aliases") or ():
                    gaz.counties[alias] = county
                for town, villages in (spec.get("townships") or {}).items():
                    gaz.townships.setdefault(town, set()).add(county)
                    for v in villages or ():
                        gaz.villages[(v, county)] = town
                        gaz.village_names.setdefault(v, set()).add((town, county))
        except (OSError, yaml.YAMLError, KeyError, AttributeError, TypeError) as exc:
            raise TrainingDataError(f"bad gazetteer {path}: {exc}") from exc
        return gaz

    def names(self) -> list[str]:
        """Every place name (for the jieba user dictionary)."""
        return sorted(set(self.counties) | set(self.townships) | set(self.village_names))

    def resolve(self, text: str) -> Territory | None:
        """The territory named in ``text``, or None when no Heze place appears."""
        county = _first(text, self.counties)
        county_name = self.counties[county] if county else None
        town = None
        town_hits = [t for t in self.townships if t in text]
        # prefer a township of the named county; longest name first ("北城街道" vs "城")
        town_hits.sort(
            key=lambda t: (
                -(county_name in self.townships[t]) if county_name else 0,
                -len(t),
                text.find(t),
            )
        )
        if town_hits:
            town = town_hits[0]
            counties = self.townships[town]
            if county_name is None and len(counties) == 1:
                county_name = next(iter(counties))
            elif county_name is not None and county_name not in counties:
                town = None  # named township belongs to another county: trust the county
        village = None
        for name, places in self.village_names.items():
            if name in text:
                match = [
                    p
                    for p in places
                    if (town is None or p[0] == town)
                    and (county_name is None or p[1] == county_name)
                ]
                if match:
                    village = name
                    town = town or match[0][0]
                    county_name = county_name or match[0][1]
                    break
        if village is None and town is not None:
            after = text[text.find(town) + len(town) :]
            m = _VILLAGE_RE.match(after)
            if m:
                village = m.group(1)
        detail_m = _DETAIL_RE.search(text)
        detail = detail_m.group(1) if detail_m else None
        if county_name is None and town is None and village is None:
            return None
        return Territory(county=county_name, township=town, village=village, detail=detail)

    def outside(self, text: str) -> str | None:
        """The other city named in ``text`` when no Heze place is named (out of territory)."""
        for city in self.other_cities:
            if city + "市" in text:
                return city
        return None


def _first(text: str, names: dict[str, str]) -> str | None:
    best: tuple[int, int, str] | None = None
    for name in names:
        pos = text.find(name)
        if pos >= 0:
            key = (pos, -len(name), name)
            if best is None or key < best:
                best = key
    return best[2] if best else None
