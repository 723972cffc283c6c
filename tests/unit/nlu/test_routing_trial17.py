"""Routing kinds of trial17 (issue 11, branch route) on the shipped model: two matters in
one message are routed by the lead one; medical insurance goes to the medical security
bureau, not the health commission; street vendors on the road to the city administration
(综合行政执法), not transport; noise by its source (neighbours: the police; square dances,
night markets, shops' loudspeakers: the city administration; building sites at night and
KTV: the environment bureau); illegal sand mining to the water bureau; an official car used
privately to the discipline commission. County utilities: tests/unit/casebridge.

Every text below is a paraphrase written for this file, in other words than the
scenarios', the dev file's and the training lines (checked by the first test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.lead import lead_matter
from nlu.resources import CONFIG_DIR
from nlu.routing import Routing
from tests.simulated.citizen import Facts
from tests.simulated.harness import Expect, Scenario, World

#: (text, level1, level2, unit type, the override that decides it or None for the model)
KINDS: list[tuple[str, str, str, str, str | None]] = [
    # medical insurance, a hospital or an illness named with it: 医疗保障局
    (
        "俺在县医院住了半个月院 出院时医保报销比例比去年低了一截",
        "劳动和社会保障",
        "城镇居民社会保险",
        "department:医保",
        "medical_insurance",
    ),
    (
        "去医院看病 医保卡刷不了 护士让先交现金",
        "劳动和社会保障",
        "城镇居民社会保险",
        "department:医保",
        "medical_insurance",
    ),
    (
        "老伴在郑州做的心脏手术 异地就医备案咋弄 回来能报多少",
        "劳动和社会保障",
        "城镇居民社会保险",
        "department:医保",
        "medical_insurance",
    ),
    (
        "糖尿病想办门诊慢特病 卫生院说不归他们管",
        "劳动和社会保障",
        "城镇居民社会保险",
        "department:医保",
        "medical_insurance",
    ),
    (
        "公司给交的职工医保 住院了说卡里没钱",
        "劳动和社会保障",
        "城镇职工社会保险",
        "department:医保",
        "employee_medical_insurance",
    ),
    # street vendors on the road: the city administration, not transport
    (
        "菜市场外边的摊贩把马路占了一半 早上上班的车堵成一串",
        "城乡建设",
        "城市建设和市政管理",
        "department:城管",
        "street_vending",
    ),
    (
        "学校东门天天有卖烤肠的三轮车占着路口卖 接孩子的车过不去",
        "城乡建设",
        "城市建设和市政管理",
        "department:城管",
        "street_vending",
    ),
    (
        "俺庄前那条街成了马路市场 逢集车根本走不动",
        "城乡建设",
        "城市建设和市政管理",
        "department:城管",
        "street_vending",
    ),
    # noise people make: neighbours the police; public activities and street trade 综合执法;
    # an entertainment venue (a fixed source under an emission standard) the environment
    (
        "楼上邻居天天夜里十二点还在屋里跺脚 咚咚的",
        "政法",
        "社会治安",
        "department:公安",
        "neighbour_noise",
    ),
    (
        "隔壁那家几乎天天打麻将到后半夜 哗啦哗啦的 老人睡不着",
        "政法",
        "社会治安",
        "department:公安",
        "neighbour_noise",
    ),
    (
        "小区中心广场跳广场舞的喇叭开得震耳朵 晚上九点半还不停",
        "城乡建设",
        "城市建设和市政管理",
        "department:城管",
        "public_noise",
    ),
    (
        "夜市那片每天喧哗到凌晨 喊叫声隔两条街都听得见",
        "城乡建设",
        "城市建设和市政管理",
        "department:城管",
        "public_noise",
    ),
    (
        "新开的KTV就在住宅楼底下 半夜唱歌的声音震得床都响",
        "环境保护",
        "环境污染",
        "department:生态环境",
        None,
    ),
    # building sites at night: the environment bureau, like a factory's noise
    (
        "开发区那个工地天天半夜打桩 咣咣的 一宿没法睡",
        "环境保护",
        "环境污染",
        "department:生态环境",
        "construction_noise",
    ),
    (
        "凌晨两点了对面工地还在浇混凝土 泵车声音特别大",
        "环境保护",
        "环境污染",
        "department:生态环境",
        "construction_noise",
    ),
    # illegal sand mining: the water bureau
    (
        "俺村南边河里有人夜里开船抽沙 河岸都塌了",
        "农村农业",
        "水利水电",
        "department:水务",
        "sand_mining",
    ),
    (
        "有几台挖掘机在河滩上非法采砂 拉沙的大车一趟一趟的",
        "农村农业",
        "水利水电",
        "department:水务",
        "sand_mining",
    ),
    # an official car used privately: the discipline commission
    (
        "前天看见镇上的公车贴着喜字去接亲 司机还是镇里的",
        "纪检监察",
        "干部作风",
        "department:纪委监委",
        "official_car",
    ),
    (
        "街道办有个副主任开着公车接送孩子上下学",
        "纪检监察",
        "干部作风",
        "department:纪委监委",
        "official_car",
    ),
    (
        "看见局里的公务车周末停在钓鱼场 这不是公车私用吗",
        "纪检监察",
        "干部作风",
        "department:纪委监委",
        "official_car",
    ),
]

#: (text, the lead's level1, the lead's unit type): two matters, the first one decides
LEADS: list[tuple[str, str, str]] = [
    ("物业费收得太高 楼下还有烧烤摊油烟", "城乡建设", "department:住建"),
    ("物业一年涨了三百多的物业费 另外小区门口饭店的油烟也熏人", "城乡建设", "department:住建"),
    ("小区物业费说涨就涨 还有楼下烤串的烟天天往屋里钻", "城乡建设", "department:住建"),
    ("老师周末给学生补课收钱 还有学校门口乱停车", "教育文体", "department:教育"),
]

#: The same words with another matter: the new keywords stay out of them.
NOT_OVERRIDDEN = [
    "每天坐公车上下班 车太挤了",  # a bus, not an official car
    "楼上装修电钻声从早响到晚",  # renovation: the model's
    "在厂里干活受了伤 工伤报销一直不给办",  # work injury, not medical insurance
    "大门特别破 风一吹就响",  # 门特 is no 门诊特殊病
    "买的沙发质量太差 商家不给退",  # furniture, not sand
]

_NEW = {
    "medical_insurance",
    "employee_medical_insurance",
    "street_vending",
    "neighbour_noise",
    "public_noise",
    "construction_noise",
    "sand_mining",
    "official_car",
}


def test_the_wordings_here_are_not_training_lines() -> None:
    seen = {e.text for e in load_examples(CONFIG_DIR)}
    texts = [k[0] for k in KINDS] + [k[0] for k in LEADS] + NOT_OVERRIDDEN
    assert not [t for t in texts if t in seen]


@pytest.mark.parametrize(("text", "level1", "level2", "unit", "override"), KINDS)
def test_the_matter_decides_category_and_unit(
    engine: EmbeddedEngine, text: str, level1: str, level2: str, unit: str, override: str | None
) -> None:
    best = engine.parse(text).category
    assert best is not None, text
    assert (best.level1, best.level2, best.unit_type) == (level1, level2, unit), (text, best)


@pytest.mark.parametrize(("text", "level1", "level2", "unit", "override"), KINDS)
def test_the_kinds_keyword(
    text: str, level1: str, level2: str, unit: str, override: str | None
) -> None:
    found = Routing.load().override(text)
    if override is None:
        assert found is None or found.name not in _NEW, text
        return
    assert found is not None, text
    assert (found.name, found.level1, found.level2) == (override, level1, level2)


@pytest.mark.parametrize("text", NOT_OVERRIDDEN)
def test_the_same_words_with_another_matter_are_left_alone(text: str) -> None:
    found = Routing.load().override(text)
    assert found is None or found.name not in _NEW, (text, found)


@pytest.mark.parametrize(("text", "level1", "unit"), LEADS)
def test_the_lead_matter_routes_and_the_second_is_kept(
    engine: EmbeddedEngine, text: str, level1: str, unit: str
) -> None:
    result = engine.parse(text)
    best = result.category
    assert best is not None, text
    assert (best.level1, best.unit_type) == (level1, unit), (text, best)
    assert result.text == text  # the second matter stays in the appeal's words


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("物业费收得太高 楼下还有烧烤摊油烟", "物业费收得太高"),
        ("路灯坏了一个多月了，另外井盖也丢了", "路灯坏了一个多月了"),
        ("停水了 还有三天才来", None),  # 还有 + a time goes on about the first matter
        ("暖气不热，还有没有人管了", None),
        ("你好 还有个事", None),  # no matter before the joiner
        ("小区门口的垃圾堆了一个礼拜没人拉", None),  # one matter
    ],
)
def test_lead_matter_shapes(text: str, lead: str | None) -> None:
    assert lead_matter(text) == lead


async def test_county_utility_and_insurance_orders_end_to_end(tmp_path: Path) -> None:
    """Through the real gateway and case store: a county's heating goes to the county's
    own heating company, not the city's; medical insurance to
    the county's 医疗保障局; a vendor on the road to the county's 综合行政执法局."""
    contact = Facts(contact="王秀兰 13953016688", phone="13953016688", since="前天")
    cases = [
        (
            "heat",
            "单县园艺街道 俺家暖气片一直冰凉 屋里才十一度",
            "单县园艺街道",
            "单县",
            "单县供热公司",
        ),
        (
            "insurance",
            "成武县 在县医院住院花了三万多 出院结算医保报销少了一大半",
            "成武县文亭街道",
            "成武县",
            "成武县医疗保障局",
        ),
        (
            "vendor",
            "郓城县 东溪路上卖水果的摊贩把人行道全占了 还往路中间摆",
            "郓城县东溪路",
            "郓城县",
            "郓城县综合行政执法局",
        ),
    ]
    world = await World.build(tmp_path)
    try:
        for key, said, place, county, unit in cases:
            scn = Scenario(
                id=key,
                author="route17",
                flow=key,
                says=[said],
                facts=Facts(**{**contact.__dict__, "place": place}),
                expect=Expect(outcome="order", county=county, unit=[unit]),
            )
            result = await world.run(scn)
            assert result.ok, (key, result.problems, result.transcript)
    finally:
        await world.aclose()
