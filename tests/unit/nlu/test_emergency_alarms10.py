"""False alarms of the tenth round (issue 11, 第十三条(一)), kind by kind: ordinary appeals
whose words only sound like an emergency must get no 110/119/120/122 (and, for the
kinds marked ``QUIET``, not even the safety line), while their near twins, emergencies
told in the same words, must still be caught.

Kinds (from the simulated citizens' false alarms, written anew here):

* ``simile``: a comparison (冷得跟冰窖似的, 像冰窟窿一样, 跟火炉似的): the danger word
  describes how cold or hot a home is, nothing is in the water or on fire;
* ``hyperbole``: intensity told by danger words (…得要命, 脑袋要炸了, 气炸了, 电话被打爆了,
  群里炸锅了): a feeling, not an explosion or a threat to life;
* ``cooking_fumes``: a restaurant's or a barbecue's smoke or fumes coming in through the
  windows, a chronic nuisance (环保, 城管), not a fire;
* ``correction``: a phone number, a name or a detail corrected in the middle of a
  dialogue (刚才说错了, 少说了一位): "刚才" is no theft or accident just now;
* ``public_theft``: public property (a manhole cover, a cable, a railing) found stolen,
  the theft over: an appeal to replace it (市政, 公安 by order), not a transfer.

The sentences were written for these tests and are in no training file nor in a
development or blind set (a test checks the training files).
"""

from __future__ import annotations

import unicodedata

import pytest

from nlu.data import load_examples
from nlu.emergency import EmergencyCorpus
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from tests.unit.nlu.told import numbers_told

# kind → ordinary appeals whose words only sound like an emergency
ORDINARY: dict[str, list[str]] = {
    "simile": [
        "家里冷得像冰窟窿 孩子冻得直哭",
        "暖气片冰凉 屋里跟冰窟窿一样 老人晚上睡不着",
        "这屋里冷得跟冰窖似的 交了暖气费也不热",
        "楼顶那一户夏天热得跟火炉似的 隔热层也没做",
    ],
    "hyperbole": [
        "脑袋要炸了 楼下KTV天天唱到两点",
        "头都要炸了 隔壁工地打桩一直打到半夜",
        "手机快被打爆了 一天十几个推销电话",
        "俺的电话天天被贷款推销打爆 这号码是谁泄露的",
        "救命啊 楼上天天漏水 物业也不管",
        "气炸了 快递又丢了",
        "小区业主群都炸锅了 物业费一下涨了一半",
    ],
    "cooking_fumes": [
        "楼下饭馆的烟味一直往俺家窗户里灌 呛得人喘不上气",
        "饭馆油烟往窗户里灌 满屋子都是烟 孩子咳嗽",
        "楼下烧烤的烟呛得俺孩子直咳嗽 烟全往屋里灌",
        "对门餐馆的排烟管正对着俺家卧室 天天一股油烟味",
    ],
    "correction": [
        "不好意思 刚才号码说错了一位",
        "俺刚才手机号少说了一位",
        "刚才留的电话不对 少了个8",
        "刚才说错了 不是3号楼 是5号楼",
        "俺刚才名字写错了 是王志强的强",
    ],
    "public_theft": [
        "还有个事 井盖被人偷了",
        "还有个事 俺们这条路上的井盖被人偷了 黑灯瞎火的",
        "路边的井盖被偷了好几天了 也没人来补",
        "桥上的护栏被人偷走了几节",
        "村里的变压器铜线被偷了 停电两天了",
    ],
}

#: Kinds that get neither a transfer nor the safety line (nothing in them is a danger).
QUIET = ("correction", "public_theft")

# kind → [(an emergency in the same words, the number that must be among those told)]
EMERGENCIES: dict[str, list[tuple[str, str]]] = {
    "simile": [
        ("孩子掉进冰窟窿里了 在水里扑腾 快来人", "119"),
        ("屋里着火了 烟大得跟下雾似的 俺娘还在里屋", "119"),
    ],
    "hyperbole": [
        ("煤气罐要炸了 厨房里呲呲往外冒气", "119"),
        ("俺爹胸口疼得要命 满头大汗 喘不上气", "120"),
        ("救命啊 有人拿刀在楼道里追着砍人", "110"),
    ],
    "cooking_fumes": [
        ("楼下饭馆后厨着火了 烟往俺家窗户里灌 楼道里全是黑烟", "119"),
        ("烧烤摊的煤气罐着火了 火苗子窜老高", "119"),
    ],
    "correction": [
        ("刚才有人撬俺家门 人还在楼道里", "110"),
        ("刚才俺娘在厕所摔倒了 叫不醒", "120"),
    ],
    "public_theft": [
        ("有几个人正在撬路上的井盖往三轮车上装 现在还没走", "110"),
        ("路上井盖没了 一个小孩刚掉下去了 下面都是水", "119"),
    ],
}


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in ORDINARY.items() for t in texts])
def test_ordinary_appeals_sounding_like_danger_get_no_number(
    engine: EmbeddedEngine, kind: str, text: str
) -> None:
    result = engine.parse(text)
    assert numbers_told(result) is None, (text, result.triage)
    assert result.emergency is None or result.emergency.level != "emergency", text
    if kind in QUIET:
        assert result.emergency is None, (text, result.emergency)


@pytest.mark.parametrize(
    ("text", "service"),
    [pair for pairs in EMERGENCIES.values() for pair in pairs],
)
def test_each_near_twin_is_an_emergency_with_its_number(
    engine: EmbeddedEngine, text: str, service: str
) -> None:
    services = numbers_told(engine.parse(text))
    assert services is not None, text
    assert service in services, (text, services)


def test_every_kind_has_ordinary_appeals_and_near_twins() -> None:
    assert set(ORDINARY) == set(EMERGENCIES)
    assert set(QUIET) <= set(ORDINARY)
    assert all(len(v) >= 4 for v in ORDINARY.values())


def test_these_sentences_are_not_training_data() -> None:
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    written |= {e.text for e in load_examples(CONFIG_DIR)}
    compact = {_clean(t) for t in written}
    ours = [t for texts in ORDINARY.values() for t in texts]
    ours += [t for pairs in EMERGENCIES.values() for t, _ in pairs]
    assert not {t for t in ours if t in written or _clean(t) in compact}
