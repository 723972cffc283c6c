"""``Catalogue.resolve`` picks a department by an index built once: the same unit as a
scan of every unit in the catalogue's order, for every type and every county."""

from __future__ import annotations

from pathlib import Path

from casebridge.catalogue import Catalogue, UnitDef, load_catalogue

REPO = Path(__file__).resolve().parents[3]


def scanned(cat: Catalogue, unit_type: str, county: str | None) -> tuple[UnitDef, str] | None:
    """The department rule written as a scan (what the index must agree with)."""
    units = list(cat.units.values())
    local = [u for u in units if unit_type in u.types and u.county == county]
    if local:
        return local[0], "职权法定、属地管理"
    city = [u for u in units if unit_type in u.types and u.county is None]
    if city and (county is None or city[0].citywide):
        return city[0], "市级部门"
    return None


def test_index_agrees_with_a_scan_for_every_type_and_county() -> None:
    cat = load_catalogue(REPO / "config" / "data")
    types = sorted(
        {
            t
            for u in cat.units.values()
            for t in u.types
            if t not in ("government", "township") and not t.startswith("utility:")
        }
    )
    counties = [*sorted({u.county for u in cat.units.values() if u.county}), None]
    assert len(types) > 10
    assert len(counties) > 5
    checked = 0
    for t in types:
        for county in counties:
            unit, fallback, why = cat.resolve(t, county)
            expected = scanned(cat, t, county)
            if expected is None:
                assert (unit, fallback) == (cat.government(county), True)
            else:
                assert (unit, why) == expected
                assert not fallback
            checked += 1
    assert checked == len(types) * len(counties)


def test_a_units_first_type_and_its_also_types_both_find_it() -> None:
    cat = load_catalogue(REPO / "config" / "data")
    several = [u for u in cat.units.values() if u.kind == "department" and len(u.types) > 1]
    assert several
    for u in several:
        for t in u.types:
            found, _, _ = cat.resolve(t, u.county)
            assert t in found.types
            assert found.county == u.county
