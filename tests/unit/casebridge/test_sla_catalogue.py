"""Deadlines on the holiday calendar, the catalogue's dispatch rules, keys and masking."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from casebridge.catalogue import Catalogue, load_catalogue, taxonomy_coverage
from casebridge.errors import ConfigurationError, NotFound
from casebridge.keys import centre_key_ok, demo_centre_key, demo_unit_key, hash_key
from casebridge.privacy import mask_name, mask_numbers, phone_last4
from casebridge.sla import SHANGHAI, Limit, add_working_days, extend_deadline, is_working_day

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(REPO / "config" / "data")


def sh(y: int, m: int, d: int, h: int = 0) -> datetime:
    """A Shanghai wall-clock time as aware UTC."""
    return datetime(y, m, d, h, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Friday 2025-03-07 10:00 -> Mon..Fri of the next week
        (sh(2025, 3, 7, 10), 5, sh(2025, 3, 15)),
        # before National Day 2025 (Oct 1-8 off, Sat Oct 11 worked)
        (sh(2025, 9, 30, 10), 5, sh(2025, 10, 15)),
        # Spring Festival 2025: Jan 28-Feb 4 off; Sun Jan 26 and Sat Feb 8 worked
        (sh(2025, 1, 24, 9), 1, sh(2025, 1, 27)),  # Sun Jan 26 is a working day
        (sh(2025, 1, 27, 9), 1, sh(2025, 2, 6)),  # next working day after the break: Feb 5
        # a Saturday dispatch counts from Monday
        (sh(2025, 3, 8, 9), 1, sh(2025, 3, 11)),
        # 17:00 UTC Thursday is 01:00 Friday in Shanghai: due at the end of Monday
        (datetime(2025, 3, 6, 17, tzinfo=UTC), 1, sh(2025, 3, 11)),
    ],
)
def test_working_days(start: datetime, days: int, due: datetime) -> None:
    assert add_working_days(start, days) == due


def test_adjusted_weekend_and_fallback_year() -> None:
    assert is_working_day(datetime(2025, 10, 11).date())  # adjusted Saturday
    assert not is_working_day(datetime(2025, 10, 1).date())
    assert is_working_day(datetime(2099, 3, 2).date())  # unknown year: Mon-Fri
    assert not is_working_day(datetime(2099, 3, 1).date())


def test_limits() -> None:
    assert Limit(hours=24).due(sh(2025, 10, 1, 10)) == sh(2025, 10, 2, 10)
    assert Limit(working_days=3).label() == "3个工作日"
    with pytest.raises(ValueError, match="exactly one"):
        Limit(hours=1, working_days=1)
    with pytest.raises(ValueError, match="positive"):
        Limit(hours=0)
    with pytest.raises(ValueError, match="naive"):
        Limit(hours=1).due(datetime(2025, 1, 1))
    # an extension from a 24:00 deadline counts from the next day
    assert extend_deadline(sh(2025, 10, 15), 3) == sh(2025, 10, 18)


def test_taxonomy_fully_covered(cat: Catalogue, shared_dir: Path) -> None:
    assert taxonomy_coverage(cat, shared_dir / "data" / "category-taxonomy.csv") == []
    for label in (
        "城乡建设",
        "劳动和社会保障",
        "教育文体",
        "商贸旅游",
        "卫生计生",
        "环境保护",
        "交通运输",
    ):
        assert cat.entry_for(label) is not None


@pytest.mark.parametrize(
    ("kw", "unit", "fallback", "limit"),
    [
        (
            {"level1": "城乡建设", "level2": "住房保障与房地产", "county": "曹县"},
            "CX-ZJ",
            False,
            "5个工作日",
        ),
        (
            {"level1": "城乡建设", "level2": "住房保障与房地产", "county": None},
            "HZ-ZJ",
            False,
            "5个工作日",
        ),
        (
            {
                "level1": "城乡建设",
                "level2": "城市建设和市政管理",
                "level3": "自来水供应",
                "county": "牡丹区",
            },
            "U-WATER-HZ",
            False,
            "24小时",
        ),
        (
            {
                "level1": "城乡建设",
                "level2": "城市建设和市政管理",
                "level3": "燃气供应",
                "county": "单县",
            },
            "U-GAS-SX",  # the county's own company, not the city's (trial17)
            False,
            "12小时",
        ),
        (
            {
                "level1": "城乡建设",
                "level2": "城市建设和市政管理",
                "unit_type": "utility:power",
                "county": "曹县",
            },
            "U-POWER-CX",
            False,
            "24小时",
        ),
        (
            {
                "level1": "科技与信息产业",
                "level2": "电信",
                "county": "巨野县",
                "text": "移动信号差",
            },
            "U-TEL-CM",
            False,
            "48小时",
        ),
        (
            {"level1": "交通运输", "level2": "邮政管理", "county": "东明县"},
            "HZ-YZ",
            False,
            "5个工作日",
        ),
        (
            {"level1": "教育文体", "level2": "体育", "county": "经开区"},
            "KFQ-GOV",
            True,
            "5个工作日",
        ),
        (
            {"level1": "农村农业", "level2": "村务管理", "county": "牡丹区", "township": "皇镇乡"},
            "MD-T23",
            False,
            "5个工作日",
        ),
        (
            {"level1": "农村农业", "level2": "村务管理", "county": "定陶区", "township": "马集镇"},
            "DT-GOV",
            True,
            "5个工作日",
        ),
        (
            {"level1": "城乡建设", "level2": "城乡规划", "county": "菏泽市郓城县"},
            "YC-ZRZY",
            False,
            "10个工作日",
        ),
        ({"level1": None, "level2": None, "county": "鄄城县"}, "JC-GOV", False, "5个工作日"),
        ({"level1": "不存在", "level2": None, "county": None}, "HZ-GOV", False, "5个工作日"),
        (
            {"level1": "环境保护", "level2": "环境污染", "county": "不存在县"},
            "HZ-STHJ",
            False,
            "5个工作日",
        ),
    ],
)
def test_dispatch(
    cat: Catalogue, kw: dict[str, object], unit: str, fallback: bool, limit: str
) -> None:
    args: dict[str, object] = {"level2": None, **kw}
    d = cat.dispatch(**args)  # type: ignore[arg-type]
    assert d.unit.code == unit, d.reason
    assert d.fallback is fallback
    assert d.limit.label() == limit


def test_units_hierarchy(cat: Catalogue) -> None:
    counties = {u.county for u in cat.units.values() if u.kind == "government"}
    assert {
        "牡丹区",
        "定陶区",
        "曹县",
        "单县",
        "成武县",
        "巨野县",
        "郓城县",
        "鄄城县",
        "东明县",
        "菏泽经济技术开发区",
        "菏泽高新技术产业开发区",
        None,
    } <= counties
    towns = {u.county for u in cat.units.values() if u.kind == "township"}
    assert {"牡丹区", "曹县"} <= towns
    kinds = {t for u in cat.units.values() if u.kind == "utility" for t in u.types}
    assert kinds == {f"utility:{k}" for k in ("water", "power", "gas", "heat", "telecom")}
    with pytest.raises(NotFound):
        cat.unit("NOPE")


def test_bad_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="missing"):
        load_catalogue(tmp_path)
    (tmp_path / "units.yaml").write_text("centre: [1, 2", encoding="utf-8")
    (tmp_path / "catalogue.yaml").write_text("categories: []", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="invalid YAML"):
        load_catalogue(tmp_path)
    src = (REPO / "config" / "data" / "units.yaml").read_text(encoding="utf-8")
    (tmp_path / "units.yaml").write_text(src, encoding="utf-8")
    (tmp_path / "catalogue.yaml").write_text(
        "categories:\n  - {level1: X, code: X, unit_type: 'department:火星'}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigurationError, match="unknown unit type"):
        load_catalogue(tmp_path)


def test_keys_and_masking() -> None:
    k = demo_unit_key("s", "CX-ZJ")
    assert k == demo_unit_key("s", "CX-ZJ")
    assert k != demo_unit_key("s", "CX-GA")
    assert k != demo_unit_key("other", "CX-ZJ")
    assert len(hash_key(k)) == 64
    assert k not in hash_key(k)
    assert centre_key_ok("s", demo_centre_key("s")) == "centre"
    assert centre_key_ok("s", demo_centre_key("s", "open311")) is None
    assert centre_key_ok("s", demo_centre_key("s", "open311"), ("centre", "open311")) == "open311"
    text = mask_numbers("电话13812345678，座机0530-5551234，身份证37170219900101123X")
    assert "13812345678" not in text
    assert "5551234" not in text
    assert "19900101" not in text
    assert "138****5678" in text
    assert mask_name("张三丰") == "张**"
    assert phone_last4("+86 138-1234-5678") == "5678"
    assert phone_last4(None) is None
