"""County water, gas and heating (trial17, issue 11): a county's supply goes to the county's
own enterprise (units.yaml), or, where none is configured, to the county's 住房和城乡建设局
(the entry's ``fallback_type``), never to the city's companies, which serve the city's
urban area (牡丹区 and the two development zones); medical insurance goes to the 医疗保障局
of the territory whatever the kind of insurance (a resident's, an employee's)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from casebridge.catalogue import COUNTIES, Catalogue, load_catalogue

REPO = Path(__file__).resolve().parents[3]

_L2 = "城市建设和市政管理"
_CITY_COMPANIES = {"U-WATER-HZ", "U-GAS-HZ", "U-HEAT-HZ", "U-WATER-ALL"}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(REPO / "config" / "data")


@pytest.mark.parametrize(
    ("level3", "county", "unit"),
    [
        ("冬季采暖", "曹县", "U-HEAT-CX"),
        ("冬季采暖", "单县", "U-HEAT-SX"),
        ("冬季采暖", "东明县", "U-HEAT-DM"),
        ("燃气供应", "成武县", "U-GAS-CW"),
        ("燃气供应", "定陶区", "U-GAS-DT"),
        ("燃气供应", "鄄城县", "U-GAS-JC"),
        ("自来水供应", "巨野县", "U-WATER-JY"),
        ("自来水供应", "郓城县", "U-WATER-YC"),
        ("自来水供应", "曹县", "U-WATER-CX"),
        ("自来水供应", "定陶区", "U-WATER-DT"),
        # the city's urban area: the city's companies
        ("冬季采暖", "牡丹区", "U-HEAT-HZ"),
        ("燃气供应", None, "U-GAS-HZ"),
        ("自来水供应", "经开区", "U-WATER-HZ"),
        ("冬季采暖", "高新区", "U-HEAT-HZ"),
    ],
)
def test_a_countys_supply_stays_in_the_county(
    cat: Catalogue, level3: str, county: str | None, unit: str
) -> None:
    d = cat.dispatch(level1="城乡建设", level2=_L2, level3=level3, county=county)
    assert d.unit.code == unit, d.reason
    assert not d.fallback  # a competent unit, not the government's 兜底
    assert d.limit.hours is not None  # still the utilities' round-the-clock limit


@pytest.mark.parametrize(
    ("level3", "unit_type"), [("冬季采暖", "utility:heat"), ("燃气供应", "utility:gas")]
)
def test_without_a_county_enterprise_the_countys_housing_bureau(
    level3: str, unit_type: str
) -> None:
    # a county whose enterprise is not configured: its 住建局, not a city company
    units = REPO / "config" / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    kept = "\n".join(ln for ln in text.splitlines() if "serves: [单县]" not in ln)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "units.yaml").write_text(kept, encoding="utf-8")
        shutil.copy(REPO / "config" / "data" / "catalogue.yaml", Path(tmp) / "catalogue.yaml")
        local = load_catalogue(Path(tmp))
    d = local.dispatch(
        level1="城乡建设", level2=_L2, level3=level3, unit_type=unit_type, county="单县"
    )
    assert d.unit.code == "SX-ZJ", d.reason
    assert not d.fallback


@pytest.mark.parametrize("county", [c for c in COUNTIES if c != "牡丹区"])
@pytest.mark.parametrize(
    ("level3", "unit_type"),
    [("冬季采暖", "utility:heat"), ("燃气供应", "utility:gas"), ("自来水供应", "utility:water")],
)
def test_no_county_order_reaches_a_city_company(
    cat: Catalogue, county: str, level3: str, unit_type: str
) -> None:
    d = cat.dispatch(
        level1="城乡建设", level2=_L2, level3=level3, unit_type=unit_type, county=county
    )
    assert d.unit.code not in _CITY_COMPANIES, (county, level3, d.unit.name)
    # the county's own: its department, or an enterprise that serves it by name
    assert d.unit.county == county or county in d.unit.serves, (county, level3, d.unit.name)


def test_power_is_unchanged(cat: Catalogue) -> None:
    # power keeps the provincial grid's city company for counties without their own
    d = cat.dispatch(level1="城乡建设", level2=_L2, level3="电力供应", county="单县")
    assert d.unit.code == "U-POWER-HZ"


@pytest.mark.parametrize(
    ("level2", "level3"),
    [("城镇居民社会保险", "城镇居民医疗保险"), ("城镇职工社会保险", "职工医疗保险")],
)
@pytest.mark.parametrize(("county", "unit"), [("曹县", "CX-YB"), (None, "HZ-YB")])
def test_medical_insurance_is_the_medical_security_bureaus(
    cat: Catalogue, level2: str, level3: str, county: str | None, unit: str
) -> None:
    d = cat.dispatch(level1="劳动和社会保障", level2=level2, level3=level3, county=county)
    assert d.unit.code == unit, d.reason


def test_employees_other_insurance_stays_with_human_resources(cat: Catalogue) -> None:
    d = cat.dispatch(
        level1="劳动和社会保障", level2="城镇职工社会保险", level3="职工工伤保险", county="曹县"
    )
    assert d.unit.code == "CX-RS"
