"""Build ``config/nlu/gazetteer.yml`` (the Heze gazetteer) from public data.

Sources, read at build time only (neither is a run-time dependency):

* the township and village/community names of 菏泽市 from JioNLP's administrative
  dictionary (``jionlp/dictionary/china_location.zip`` in the ``jionlp`` wheel, Apache-2.0);
* the county and district centroids from GeoToolCN (``geotool-cn``, MIT), the same package
  that resolves coordinates to counties at run time (:func:`nlu.coordinates.locate`).

The project's own additions (aliases, the development zones, communities named in tests and
demos) are kept in ``config/nlu/gazetteer_extra.yml`` and merged in. Townships that the
dispatch configuration (``config/data/units.yaml``) files under 牡丹区 although JioNLP lists
them under the development zones stay under 牡丹区, so township units resolve.

Run: ``python -m nlu.gazetteer_build path/to/jionlp-*.whl`` (``pip download jionlp``).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path
from typing import TypedDict

import yaml
from pydantic import BaseModel

from nlu.resources import CONFIG_DIR

_COUNTY_PREFIX_RE = re.compile(
    r"^(?:曹县|单县|成武县|巨野县|郓城县|鄄城县|东明县|定陶区|牡丹区)(?=.+[镇乡])"
)
#: Variant characters: JioNLP writes 固 where the official names use 堌.
_VARIANTS = {"冉固镇": "冉堌镇", "青固集镇": "青堌集镇"}
_ZONE_TOWNSHIPS_TO = "牡丹区"  # units.yaml files the zones' streets under 牡丹区


def _heze_lines(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as whl:
        inner = whl.read("jionlp/dictionary/china_location.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        text = z.read(z.namelist()[0]).decode("utf-8")
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("\t菏泽市"):
            inside = True
            continue
        if inside and re.match(r"^\t?[^\t]", line):
            break
        if inside:
            out.append(line)
    return out


def parse(lines: list[str]) -> dict[str, dict[str, list[str]]]:
    """county -> township -> villages/communities from the indented dictionary."""
    tree: dict[str, dict[str, list[str]]] = {}
    county = town = ""
    for line in lines:
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip().split("\t")[0]
        if depth == 2:
            county = name
            tree.setdefault(county, {})
        elif depth == 3:
            town = _VARIANTS.get(name, _COUNTY_PREFIX_RE.sub("", name))
            tree[county].setdefault(town, [])
        elif depth == 4 and town:
            tree[county][town].append(name)
    for zone in ("菏泽经济技术开发区", "菏泽高新技术开发区"):
        for town, villages in tree.pop(zone, {}).items():
            tree[_ZONE_TOWNSHIPS_TO].setdefault(town, []).extend(villages)
    return tree


def centroids() -> dict[str, list[float]]:
    """County/district centroids (lat, lon) from GeoToolCN, when it is installed."""
    try:
        from GeoToolCN import GeoTool
    except ImportError:
        return {}
    out = {}
    for region in GeoTool().list_regions("district"):
        if str(region.code).startswith("3717"):
            out[str(region.name)] = [round(region.latitude, 4), round(region.longitude, 4)]
    return out


class _Place(BaseModel):
    """A county's or zone's entry in ``gazetteer_extra.yml``."""

    aliases: list[str] | None = None
    at: list[float] | None = None
    townships: dict[str, list[str] | None] | None = None
    townships_at: dict[str, list[float]] | None = None


class _Extra(BaseModel):
    """``gazetteer_extra.yml``: the project's additions to the dictionary."""

    seat: str | None = None
    counties: dict[str, _Place | None] | None = None
    zones: dict[str, _Place | None] | None = None
    other_cities: list[str] | None = None


class CountyDoc(TypedDict, total=False):
    """A county or zone of the generated ``gazetteer.yml``."""

    aliases: list[str]
    at: list[float] | None
    zone: bool
    townships: dict[str, list[str]]
    townships_at: dict[str, list[float]]


class GazetteerDoc(TypedDict):
    """The generated ``gazetteer.yml``."""

    city: str
    seat: str | None
    counties: dict[str, CountyDoc]
    other_cities: list[str]


def build(wheel: Path, extra_path: Path, out_path: Path) -> GazetteerDoc:
    """Merge the dictionary, the centroids and the project's additions; write YAML."""
    tree = parse(_heze_lines(wheel))
    extra = _Extra.model_validate(yaml.safe_load(extra_path.read_text(encoding="utf-8")))
    at = centroids()
    counties: dict[str, CountyDoc] = {}
    for county, towns in sorted(tree.items()):
        spec = (extra.counties or {}).get(county) or _Place()
        for town, villages in (spec.townships or {}).items():
            towns.setdefault(town, [])
            towns[town] = sorted(set(towns[town]) | set(villages or ()))
        counties[county] = {
            "aliases": spec.aliases or [],
            "at": spec.at or at.get(county),
            "townships": {t: sorted(set(v)) for t, v in sorted(towns.items())},
            "townships_at": spec.townships_at or {},
        }
    for zone, zspec in (extra.zones or {}).items():
        spec = zspec or _Place()
        counties[zone] = {
            "aliases": spec.aliases or [],
            "at": spec.at,
            "zone": True,
            "townships": {},
        }
    doc: GazetteerDoc = {
        "city": "菏泽市",
        "seat": extra.seat,
        "counties": counties,
        "other_cities": extra.other_cities or [],
    }
    header = (
        "# GENERATED by `python -m nlu.gazetteer_build` from JioNLP's administrative\n"
        "# dictionary (Apache-2.0), GeoToolCN centroids (MIT) and gazetteer_extra.yml.\n"
        "# Edit gazetteer_extra.yml and rebuild; township points (`at`) are not in any\n"
        "# public data we ship: a centre adds them in gazetteer_extra.yml.\n"
    )
    out_path.write_text(
        header
        + yaml.safe_dump(
            doc, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
        ),
        encoding="utf-8",
    )
    return doc


def main(argv: list[str] | None = None) -> int:
    """CLI: the path of a jionlp wheel."""
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m nlu.gazetteer_build JIONLP.whl", file=sys.stderr)
        return 2
    doc = build(Path(args[0]), CONFIG_DIR / "gazetteer_extra.yml", CONFIG_DIR / "gazetteer.yml")
    n_t = sum(len(c.get("townships", {})) for c in doc["counties"].values())
    n_v = sum(len(v) for c in doc["counties"].values() for v in c.get("townships", {}).values())
    print(f"{len(doc['counties'])} counties/zones, {n_t} townships, {n_v} villages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
