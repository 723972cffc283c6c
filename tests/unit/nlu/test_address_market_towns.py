"""A market town (X集镇) written without its 集, as a street office or another kind of
township (trial5 F24: ``成武县伯乐街道东关村…`` lost 伯乐街道, since 成武县 has 伯乐集镇 and no
伯乐街道): it resolves to that county's market town, but only after the county is named,
and never in place of a township whose name is closer (成武县 has both 九女镇 and 九女集镇).

Rows (input, county, township, words below the township) written for this file; the
townships are the gazetteer's (config/nlu/gazetteer.yml).
"""

from __future__ import annotations

import pytest

from nlu.address import find_address, parse_address
from tests.unit.nlu.address_rows import row_right

F24 = "成武县伯乐街道东关村的垃圾堆了半个月没人清理"

# (input, county, township, detail) as answers to "请问在哪里？"
TABLE: list[tuple[str, str | None, str | None, str]] = [
    ("成武县伯乐街道东关村", "成武县", "伯乐集镇", "东关村"),
    ("成武县伯乐镇", "成武县", "伯乐集镇", ""),
    ("菏泽市成武县伯乐街道东关村南头", "成武县", "伯乐集镇", "东关村南头"),
    ("成武县的伯乐街道那边", "成武县", "伯乐集镇", ""),
    ("成武县 伯乐乡 政府门口", "成武县", "伯乐集镇", "政府门口"),
    ("东明县菜园街道张庄村", "东明县", "菜园集镇", "张庄村"),
    ("东明县菜园镇", "东明县", "菜园集镇", ""),
    ("曹县青堌镇范庄村", "曹县", "青堌集镇", "范庄村"),
    ("曹县普连街道办事处", "曹县", "普连集镇", ""),
    ("曹县常乐镇", "曹县", "常乐集镇", ""),
    ("郓城县张鲁镇", "郓城县", "张鲁集镇", ""),
    ("郓城县侯咽街道", "郓城县", "侯咽集镇", ""),
    ("成武县大田镇郜庄村", "成武县", "大田集镇", "郜庄村"),
    ("牡丹区大黄镇", "牡丹区", "大黄集镇", ""),
    # the official names are unchanged, the closest name wins
    ("成武县伯乐集镇伯乐集村", "成武县", "伯乐集镇", "伯乐集村"),
    ("成武县九女集镇", "成武县", "九女集镇", ""),
    ("成武县九女镇", "成武县", "九女镇", ""),
    ("成武县九女街道", "成武县", "九女镇", ""),
    # a road named like a market town stays a road
    ("曹县普连集路", "曹县", None, "普连集路"),
    # another county has no such market town: nothing is guessed
    ("单县伯乐街道", "单县", None, "伯乐街道"),
]


@pytest.mark.parametrize(("text", "county", "township", "detail"), TABLE)
def test_a_market_town_written_without_its_ji(
    text: str, county: str | None, township: str | None, detail: str
) -> None:
    found = parse_address(text)
    row = {"input": text, "county": county, "township": township, "detail": detail}
    assert row_right(row, found), found


def test_f24_names_the_county_and_the_market_town() -> None:
    found = find_address(F24)
    assert (found.county, found.township, found.village) == ("成武县", "伯乐集镇", "东关村")


def test_a_market_town_without_its_ji_is_read_only_after_its_county() -> None:
    # 汶上街道 is 济宁's (汶上县): 成武县's 汶上集镇 is not taken for it
    assert find_address("济宁市汶上县汶上街道的路灯坏了").outside == "济宁"
    assert parse_address("汶上县汶上街道").township is None
    assert parse_address("成武县汶上镇").township == "汶上集镇"
