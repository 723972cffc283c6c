"""A place said first is where the matter is, not what it is (fresh3's terse SMS, trial3
F20's kind): a county, street office or road named before the matter never makes it a
transport matter; a village's accounts and public affairs are 村务管理 even when the money
went to a road. Paraphrases written for this test, none of them a training line."""

from __future__ import annotations

import pytest

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR

STREET_FURNITURE = [
    "鄄城县 陈王街道 富春路 路灯一个都不亮",
    "巨野县凤凰街道 青年路 下水井盖子翻了",
    "曹县 普连集镇 中心街 垃圾箱好几天没人清",
    "定陶 陶驿路 窨井冒黑水",
    "东明县渔沃街道 建设路的路灯杆被车撞倒了 一直没人扶",
]
VILLAGE_ACCOUNTS = [
    "村里修桥修路收了不少钱 花了多少一直不公开",
    "俺庄的账本谁也看不着 村干部说了算",
    "村集体卖了沙场的钱不知道去哪了 要求公开",
]
OTHER_FAMILIES_ON_A_ROAD = [
    ("郓城县 胜利街 一家烧烤店天天冒黑烟", "环境保护"),
    ("单县 北城 健康路 有家药店卖假药", {"卫生计生", "商贸旅游"}),
    ("牡丹区 和平路 有个培训机构收了学费就关门跑了", {"教育文体", "商贸旅游"}),
    ("巨野县 龙堌镇 俺村东边的养羊场 味大得吃不下饭", {"环境保护", "农村农业"}),
]


@pytest.mark.parametrize("said", STREET_FURNITURE)
def test_street_furniture_on_a_named_road_is_the_city_administrations(
    engine: EmbeddedEngine, said: str
) -> None:
    category = engine.parse(said).category
    assert category is not None
    assert category.level1 == "城乡建设", engine.parse(said).candidates
    assert category.unit_type in {"department:城管", "department:住建"}


@pytest.mark.parametrize("said", VILLAGE_ACCOUNTS)
def test_a_villages_accounts_are_village_affairs_not_roads(
    engine: EmbeddedEngine, said: str
) -> None:
    category = engine.parse(said).category
    assert category is not None
    assert category.level1 in {"农村农业", "纪检监察"}, engine.parse(said).candidates


@pytest.mark.parametrize(("said", "families"), OTHER_FAMILIES_ON_A_ROAD)
def test_a_road_named_before_another_matter_keeps_that_matters_family(
    engine: EmbeddedEngine, said: str, families: str | set[str]
) -> None:
    category = engine.parse(said).category
    assert category is not None
    wanted = {families} if isinstance(families, str) else families
    assert category.level1 in wanted, engine.parse(said).candidates


def test_these_paraphrases_are_not_training_lines() -> None:
    trained = {e.text for e in load_examples(CONFIG_DIR)}
    mine = {*STREET_FURNITURE, *VILLAGE_ACCOUNTS, *(t for t, _ in OTHER_FAMILIES_ON_A_ROAD)}
    assert not trained & mine
