"""The matter decides the family (issue 11, branch route13): a bus or coach fare went to
the bus service (transport), a public toilet at a bus station to transport, wages owed on
a road project to the building market, expired milk sold beside a named street office to
the city administration, square-dance loudspeakers to culture, pigeons on a roof to public
health, a bus line to a township to the city's buses.

Every text below is a paraphrase written for this file, in other words than the
scenarios', the dev file's and the training lines (checked by the first test).
"""

from __future__ import annotations

import pytest

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.routing import Routing

#: (text, level1, level2, the override that decides it or None for the model alone)
KINDS: list[tuple[str, str, str, str | None]] = [
    # fares of buses and coaches: price supervision
    (
        "从俺庄坐班车去县城，原来五块钱，这两天非得要八块，也不说为啥",
        "商贸旅游",
        "市场监管",
        "fare",
    ),
    ("公交车上小孩一米二都不到也让买全票，这合理吗", "商贸旅游", "市场监管", "fare"),
    ("跑乡镇的客车过节乱要钱 平常六块现在十二", "商贸旅游", "市场监管", "fare"),
    # a public toilet, wherever it stands: the city administration
    (
        "汽车站里的公厕上一次要一块钱，这不是公共厕所吗",
        "城乡建设",
        "城市建设和市政管理",
        "public_toilet",
    ),
    (
        "火车站广场那个厕所门天天锁着 旅客没地方方便",
        "城乡建设",
        "城市建设和市政管理",
        "public_toilet",
    ),
    # a bus line between the county town and a township: passenger transport
    ("能不能开通县城到俺们黄岗镇的公交 来回就一趟班车不够坐", "交通运输", "客货运输", "rural_bus"),
    ("从镇上发往县城的公交一天才三趟 赶不上就得打车", "交通运输", "客货运输", "rural_bus"),
    # wages owed, whatever was built: the labour inspectorate
    (
        "给人家修了俩月水渠 包工头拿着钱跑了 十来个人的工钱没着落",
        "劳动和社会保障",
        "工资福利",
        "wages_owed",
    ),
    (
        "在开发区盖楼干了一年 年底老板说没钱 工资拖着不给",
        "劳动和社会保障",
        "工资福利",
        "wages_owed",
    ),
    # spoiled or fake food sold, a street office named: food safety
    ("南城街道那个小卖部卖过期的火腿肠 孩子吃了拉肚子", "卫生计生", "食品药品监管", "food_safety"),
    ("西城街道菜市场里有人卖注水牛肉 一斤多出二两水", "卫生计生", "食品药品监管", "food_safety"),
    # a driving school, a street office named with it: the transport bureau
    (
        "俺在城东那个驾校报的名 钱交了半年了 教练老推说没车练",
        "交通运输",
        "交通运输",
        "driving_school",
    ),
]

#: The same words with another matter: the new keywords stay out of them.
NOT_OVERRIDDEN = [
    "老师的工资三个月没发了",  # teachers' pay: the model's (教育文体)
    "邮政局欠俺们的工程款好几年了",  # a contractor's payment, not wages
    "卖农药的卖假农药 庄稼都死了",  # farm inputs, not food
    "公交车上老年卡刷不了 司机让下车",  # the bus service, not a fare
    "学校的厕所太脏了 孩子不愿意上",  # a school's toilet: education
    "驾照到期了在哪换",  # a licence: the traffic police's
    "农资店卖的打玉米的药是假的 喷了一点用没有",  # a farm chemical, not food or medicine
]

_NEW = {"fare", "public_toilet", "wages_owed", "food_safety", "driving_school"}


def test_the_wordings_here_are_not_training_lines() -> None:
    seen = {e.text for e in load_examples(CONFIG_DIR)}
    texts = [k[0] for k in KINDS] + NOT_OVERRIDDEN + NOISE
    assert not [t for t in texts if t in seen]


@pytest.mark.parametrize(("text", "level1", "level2", "override"), KINDS)
def test_the_matter_decides_the_family(
    engine: EmbeddedEngine, text: str, level1: str, level2: str, override: str | None
) -> None:
    best = engine.parse(text).category
    assert best is not None, text
    assert (best.level1, best.level2) == (level1, level2), text


@pytest.mark.parametrize(("text", "level1", "level2", "override"), KINDS)
def test_the_kinds_keyword(text: str, level1: str, level2: str, override: str | None) -> None:
    found = Routing.load().override(text)
    if override is None:
        assert found is None or found.name not in _NEW, text
        return
    assert found is not None, text
    assert found.name == override, text
    assert (found.level1, found.level2) == (level1, level2)


@pytest.mark.parametrize("text", NOT_OVERRIDDEN)
def test_the_same_words_with_another_matter_are_left_alone(text: str) -> None:
    found = Routing.load().override(text)
    assert found is None or found.name not in _NEW, (text, found)


NOISE = [
    "晚上跳舞的音响开得老大 小区里的老人孩子都睡不着",
    "手机店门口的喇叭从早喊到晚 对面楼上都能听见",
]


@pytest.mark.parametrize("text", NOISE)
def test_noise_goes_to_a_family_that_enforces_it(engine: EmbeddedEngine, text: str) -> None:
    # noise pollution (环境保护) or the city administration's enforcement, never culture
    best = engine.parse(text).category
    assert best is not None, text
    assert best.level1 in {"环境保护", "城乡建设", "政法"}, (text, best)


def test_noise_is_not_trained_as_culture() -> None:
    culture = [
        e.text
        for e in load_examples(CONFIG_DIR)
        if e.intent == "appeal__教育文体__文化" and any(w in e.text for w in ("吵", "扰民", "音响"))
    ]
    assert culture == []
