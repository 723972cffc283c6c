"""The category of a knowledge entry's source unit (trial3 F02).

An appeal grown out of a knowledge answer ("还是不太明白") is about what the answer's own
source handles: 新生儿办理医保 answered by 菏泽市医疗保障局 goes to the 医疗保障局 of the
county, not where the question's words alone would send it. The source unit's name gives
its unit type (``config/data/units.yaml``: the city departments, and the county departments'
names with the city as prefix), and the unit type its category in the dispatch catalogue
(``config/data/catalogue.yaml``: the first entry of that unit type); a source the catalogue
does not know (a 管理中心, a 支队) has none, and the question's own category stands.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml

from nlu.resources import CATALOGUE_PATH, UNITS_PATH
from nlu.types import Category

_CITY = "菏泽市"


def _load(path: Path) -> Mapping[str, object]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}  # the NLU also works alone: no source categories
    return _mapping(doc)


def _mapping(value: object) -> Mapping[str, object]:
    """``value`` when it is a mapping with string keys (raw YAML), else empty."""
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return value
    return {}


def _mappings(value: object) -> Iterator[Mapping[str, object]]:
    """The mappings of a raw YAML list (anything else in it is left out)."""
    if isinstance(value, list):
        for item in value:
            if m := _mapping(item):
                yield m


def unit_types(units: Mapping[str, object]) -> dict[str, str]:
    """Unit name → unit type: the city's departments, and each county department's name
    as the city's (``{prefix}医疗保障局`` → ``菏泽市医疗保障局``)."""
    out: dict[str, str] = {}
    for d in _mappings(units.get("county_departments")):
        name = str(d.get("name", ""))
        if "{prefix}" in name and d.get("type"):
            out[name.replace("{prefix}", _CITY)] = str(d["type"])
    for d in _mappings(_mapping(units.get("city")).get("departments")):
        if d.get("name") and d.get("type"):
            out[str(d["name"])] = str(d["type"])
    return out


def catalogue_categories(catalogue: Mapping[str, object]) -> dict[str, Category]:
    """Unit type → the catalogue's first entry of that type (level 1 and 2)."""
    out: dict[str, Category] = {}
    for cat in _mappings(catalogue.get("categories")):
        level1 = str(cat.get("level1"))
        for e in _mappings(cat.get("entries")):
            kind = e.get("unit_type")
            if kind and str(kind) not in out:
                level2 = e.get("level2")
                out[str(kind)] = Category(
                    level1, str(level2) if level2 else None, 1.0, str(kind), source="knowledge"
                )
    return out


@functools.cache
def _table(units: Path, catalogue: Path) -> dict[str, Category]:
    by_type = catalogue_categories(_load(catalogue))
    return {
        name: by_type[kind] for name, kind in unit_types(_load(units)).items() if kind in by_type
    }


def source_category(
    source_unit: str, units: Path = UNITS_PATH, catalogue: Path = CATALOGUE_PATH
) -> Category | None:
    """The catalogue category of ``source_unit``'s unit type; None when not known. An office
    named in brackets after its unit (``菏泽市自然资源和规划局（不动产登记中心）``) is that
    unit's; a function in brackets (``菏泽市城市管理局（燃气管理）``) is not an office, and
    the question's own category stands (the gas company, not the regulator)."""
    table = _table(units, catalogue)
    name = source_unit.strip()
    return table.get(name) or table.get(_OFFICE.sub("", name))


#: A trailing office in brackets (full-width or ASCII): its name ends as an office's does.
_OFFICE = re.compile(r"\s*[（(][^（）()]*(?:中心|局|处|所|站|科|队)[）)]$")
