"""Routing kinds the trials found wrong, each tested on its finding and on new wordings of
the same kind written for this file (none of them a training line: checked below).

- trial5 F24: rubbish left in a village (``成武县伯乐街道东关村的垃圾堆了半个月没人清理``) went
  to 住房保障与房地产 (the housing bureau); it is sanitation, the city administration's
  (城乡建设/城市建设和市政管理, 综合行政执法局) or the township's;
- the housing provident fund (住房公积金) is its management centre's (菏泽市住房公积金管理中心,
  ``department:公积金``), whatever else the message names: a keyword override that wins
  over the model and over every other override.
"""

from __future__ import annotations

import pytest

from casebridge.catalogue import load_catalogue
from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR, REPO_ROOT

F24 = "成武县伯乐街道东关村的垃圾堆了半个月没人清理"
SANITATION = [
    F24,
    "单县郭村镇王庄村里的垃圾十几天没人拉走了",
    "俺们村口那堆垃圾快一个月了也没人管",
    "巨野县龙堌镇的集市散了 烂菜叶子满街没人扫",
    "郓城县张营镇的垃圾池满了好几天 味道熏人",
    "东明县城关街道西关社区外面的路边垃圾成堆",
    "村后头的坑塘快被生活垃圾填满了",
]
PROVIDENT_FUND = [
    "公积金提取不了 材料都交齐了",
    "单位好几年没给俺交住房公积金",
    "暖气不热 另外问下公积金贷款咋还",  # a utility named first: the fund still wins
    "学校不给我们老师缴公积金",
    "公基金贷款审批太慢了 房子都快交房了",  # a typo
    "离职半年了 公积金转不到新单位",
]


def _training_texts() -> set[str]:
    return {e.text for e in load_examples(CONFIG_DIR)}


def test_the_wordings_here_are_not_training_lines() -> None:
    seen = _training_texts()
    assert not [t for t in SANITATION + PROVIDENT_FUND if t in seen]


@pytest.mark.parametrize("text", SANITATION)
def test_rubbish_left_in_a_village_or_street_is_sanitation(
    engine: EmbeddedEngine, text: str
) -> None:
    best = engine.parse(text).category
    assert best is not None
    assert (best.level1, best.level2) == ("城乡建设", "城市建设和市政管理"), text
    assert best.unit_type == "department:城管"


def test_f24_is_dispatched_to_the_countys_administrative_enforcement(
    engine: EmbeddedEngine,
) -> None:
    result = engine.parse(F24)
    assert result.category is not None
    assert result.category.unit_type is not None
    catalogue = load_catalogue(REPO_ROOT / "config" / "data")
    unit, fallback, _ = catalogue.resolve(result.category.unit_type, "成武县", "伯乐街道", F24)
    assert not fallback
    assert unit.name == "成武县综合行政执法局"


@pytest.mark.parametrize("text", PROVIDENT_FUND)
def test_the_provident_fund_always_goes_to_its_management_centre(
    engine: EmbeddedEngine, text: str
) -> None:
    best = engine.classify(text)[0]
    assert best.source == "keyword"
    assert (best.level1, best.level2, best.level3) == ("城乡建设", "住房保障与房地产", "住房公积金")
    assert best.unit_type == "department:公积金"
    assert engine.level1_scores(text) == {"城乡建设": 1.0}


def test_the_provident_fund_centre_is_a_citywide_unit_of_the_catalogue() -> None:
    catalogue = load_catalogue(REPO_ROOT / "config" / "data")
    assert catalogue.knows_type("department:公积金")
    for county in ("曹县", "牡丹区", None):
        unit, fallback, _ = catalogue.resolve("department:公积金", county, None, "公积金")
        assert not fallback
        assert unit.code == "HZ-GJJ"
        assert unit.name == "菏泽市住房公积金管理中心"


def test_a_utility_named_alone_is_still_the_utilitys(engine: EmbeddedEngine) -> None:
    best = engine.classify("暖气片一点都不热 屋里冷得待不住")[0]
    assert best.unit_type == "utility:heat"


def test_routing_only_lines_train_routing_and_leave_the_emergency_detector() -> None:
    from nlu.emergency import EmergencyCorpus
    from nlu.training import training_set

    ts = training_set(CONFIG_DIR, EmergencyCorpus.load(CONFIG_DIR / "emergency.yml"))
    assert len(ts.routing_only) >= 50  # appeals_round8.yml
    assert ts.routing_only <= set(ts.category[0])
    assert ts.routing_only <= set(ts.intent[0])
    assert not ts.routing_only & set(ts.level[0])
    assert not ts.routing_only & set(ts.all_texts())
    flagged = [e for e in load_examples(CONFIG_DIR) if e.routing_only]
    assert flagged
    assert all(e.category for e in flagged)
