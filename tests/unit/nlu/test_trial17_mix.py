"""trial17 (issue 11), three kinds through the shipped model: each reported input beside
near twins written for this file (in other words than the training lines).

1. 第十三条(一): a cry for help heard now (喊救命, 呼救, 喊"来人啊") over violence heard
   through the wall (打得叮当响, 砸东西, 打得乒乒乓乓) is domestic violence in progress: 110.
   A quarrel or a noise with no cry for help stays an ordinary matter.
2. Complaints about a public service go to its body: the ambulance service (120 late, not
   sent, overcharging) to 卫健 (医政监管), not the police; a house burnt or cracked into a
   danger of collapse (危房) to 住建, not agriculture because it stands in a village.
3. A how-to question about a benefit told with a kin's hardship (俺家老人没人管) is a
   question; drinking water gone off asked about (自来水黄的 能喝不) is a matter, never a
   question about a new connection.
"""

from __future__ import annotations

import pytest

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.questions import reading
from nlu.resources import CONFIG_DIR
from nlu.routing import Routing
from tests.unit.nlu.told import assert_no_number, assert_not_in_training, assert_number_told

#: Kind 1: a cry for help over violence heard now.
CRY_OVER_VIOLENCE = [
    "隔壁邻居家吵架 打得叮当响 女的一直喊救命",  # reported
    "对门两口子吵架 砸东西 女的哭着呼救",
    "楼下那家打得乒乒乓乓 女的喊来人啊",
    "后院那家男的喝醉了 打得叮叮当当 他媳妇一直喊救命",
    "邻居家打得咣咣响 听见女的喊救命",
    "隔壁吵架打得噼里啪啦 孩子哭喊着叫救命",
]

#: Twins with no cry for help: a quarrel or a noise, an ordinary matter.
NO_CRY = [
    "楼上两口子天天吵架 吵得睡不着",
    "隔壁装修叮当响 吵得俺睡不着",
]

#: Kind 2: (text, override, level1, level2, unit type).
SERVICES: list[tuple[str, str, str, str, str]] = [
    (
        "俺想投诉 上回打120 救护车一个多小时才来",  # reported
        "ambulance_service",
        "卫生计生",
        "医政监管",
        "department:卫健",
    ),
    (
        "打了120半天救护车都不来 人差点没了",
        "ambulance_service",
        "卫生计生",
        "医政监管",
        "department:卫健",
    ),
    (
        "急救中心的救护车拉一趟要了八百 太贵了",
        "ambulance_service",
        "卫生计生",
        "医政监管",
        "department:卫健",
    ),
    (
        "俺家房子烧塌了一半 成危房了 没法住",  # reported (08)
        "dangerous_house",
        "城乡建设",
        "工程质量",
        "department:住建",
    ),
    (
        "村里有户人家的老屋快塌了 没人管",
        "dangerous_house",
        "城乡建设",
        "工程质量",
        "department:住建",
    ),
    (
        "俺们庄后头那个平房裂了好几道缝 怕塌",
        "dangerous_house",
        "城乡建设",
        "工程质量",
        "department:住建",
    ),
]

#: Twins that are not the ambulance service's conduct: the crew's own job, the police.
NOT_AMBULANCE = [
    "俺在卫生院开救护车 现在在门诊收费 单位欠缴社保",
    "上回打110半天没人来",
]

#: Kind 3: a benefit asked about beside a kin's hardship: a question.
BENEFIT_ASKED = [
    "农村低保咋申请 俺家老人没人管",  # reported
    "俺娘瘫在床上没人照顾 低保咋办",
    "残疾人补贴咋申请 俺爹没人伺候",
]

#: Twins that stay matters: the benefit's handling reproached, nobody acting asked about.
STILL_MATTERS = [
    "低保申请了仨月了咋还没批",
    "低保咋申请 村里不给办",
    "村里的五保老人没人管 谁管",
]

#: Kind 3: drinking water gone off, asked about: a matter.
WATER_ASKED = [
    "俺们村自来水黄的 能喝不",  # reported
    "水龙头放出来的水浑的 还有味 能喝吗",
    "俺家井水发臭了 能不能喝",
]


def test_lines_are_not_in_the_training_data() -> None:
    assert_not_in_training(set(CRY_OVER_VIOLENCE + NO_CRY))
    seen = {ex.text for ex in load_examples(CONFIG_DIR)}
    assert not [t for t, *_ in SERVICES if t in seen]


@pytest.mark.parametrize("text", CRY_OVER_VIOLENCE)
def test_a_cry_for_help_over_violence_is_110(engine: EmbeddedEngine, text: str) -> None:
    assert_number_told(engine, text, "110")
    found = engine.parse(text).emergency
    assert found is not None, text
    assert found.situation == "domestic_violence", (text, found)


@pytest.mark.parametrize("text", NO_CRY)
def test_a_quarrel_or_a_noise_without_a_cry_is_no_alarm(engine: EmbeddedEngine, text: str) -> None:
    assert_no_number(engine.parse(text), text)


@pytest.mark.parametrize(("text", "name", "level1", "level2", "unit"), SERVICES)
def test_a_public_services_complaint_goes_to_its_body(
    engine: EmbeddedEngine, text: str, name: str, level1: str, level2: str, unit: str
) -> None:
    routing = Routing.load()
    found = routing.override(text)
    assert found is not None, text
    assert found.name == name, (text, found)
    assert (found.level1, found.level2) == (level1, level2)
    assert routing.unit_type(found.level1, found.level2, found.level3) == unit
    best = engine.parse(text).category
    assert best is not None, text
    assert best.unit_type == unit, (text, best)


@pytest.mark.parametrize("text", NOT_AMBULANCE)
def test_the_crews_job_and_the_police_are_not_the_ambulance_service(text: str) -> None:
    found = Routing.load().override(text)
    assert found is None or found.name != "ambulance_service", (text, found)


@pytest.mark.parametrize("text", BENEFIT_ASKED)
def test_a_benefit_asked_about_beside_a_hardship_is_a_question(text: str) -> None:
    assert reading(text) == "question", text


@pytest.mark.parametrize("text", STILL_MATTERS + WATER_ASKED)
def test_reproach_and_water_gone_off_are_matters(text: str) -> None:
    assert reading(text) == "matter", text
