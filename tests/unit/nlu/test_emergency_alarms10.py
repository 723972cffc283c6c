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
  the theft over: an appeal to replace it (市政, 公安 by order), not a transfer;
* ``letter``: a long letter addressed to an official (尊敬的领导, 陈书记：你好) telling a
  grievance's history with danger words (被困, 摔下来, 浓烟, 交通事故): at most the safety
  line, never a transfer (the kind of most dev false alarms, written anew here).

The sentences were written for these tests and are in no training file nor in a
development or blind set (a test checks the training files).
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import (
    assert_no_number,
    assert_not_in_training,
    assert_number_told,
)

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
    "letter": [
        "尊敬的市长：您好！我是牡丹区某小区的业主，想反映我们小区电梯的问题。这部电梯从交房到现在三年多，大大小小的故障不下二十次，去年夏天我母亲被困在里面四十多分钟，后来是消防员把门撬开才出来的，当时老人吓得住了一个礼拜的院。我们多次找物业和开发商，他们互相推诿，维修基金也迟迟动不了。恳请领导督促有关部门尽快组织检测，该换的换，该修的修，别等出了人命再后悔。我们全体业主已经联名签字，材料随信附上，盼望早日得到答复。此致敬礼。",
        "王局长您好：我写这封信是想替我父亲讨个说法。前年冬天，他在村东头的砖厂干活时从架子上摔下来，腿骨折了，在医院住了两个多月，花了四万多块钱。砖厂老板当时答应全部报销，可到现在只给了五千，电话也不接，厂子也换了名字。我们去劳动部门问过，说要先做工伤认定，可老板不给出劳动关系证明。我们一家都是老实巴交的农民，实在没有办法了，恳请您帮我们主持公道，督促老板把医药费和误工费给了。父亲现在走路还一瘸一拐，干不了重活，家里的日子越来越难。",
        "尊敬的领导：您好！我们是开发区某村的村民，村西的化工厂多年来一直偷偷往河里排污水，一到晚上就冒浓烟，整个村子都是一股刺鼻的味道。前些年有好几个老人得了怪病，村里的鱼塘也死过几回鱼。我们向环保部门反映了不下十次，每次来人看看就走了，过不了几天照样排。孩子们上学都得捂着鼻子走。恳请领导派人彻查这家工厂的环评手续和排放记录，给我们老百姓一个干干净净的生活环境，我们全村人感激不尽。随信附上我们拍的照片和村民的签名。",
        "陈书记：你好！我是一名在外打工的菏泽人，想反映我们镇上的一个路口。这个十字路口车多人多，红绿灯装了两年却一直不亮，这两年发生交通事故少说也有十几起，上个月还有个骑电动车的老人被撞伤住了院。村民们多次找镇上和交警部门反映，都说要等规划。我每次回家路过都提心吊胆，家里老人孩子出门更让人担心。希望书记能过问一下，尽快让红绿灯用起来，再在路口加装减速带和警示牌，保护过往群众的安全。谢谢书记在百忙之中看这封信，祝您工作顺利。",
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
    "letter": [
        ("领导您好 俺家厨房着火了 火苗子窜到房顶了 快来人", "119"),
        ("尊敬的领导：俺爹刚才在地里喝了农药 现在口吐白沫叫不醒", "120"),
    ],
    "public_theft": [
        ("有几个人正在撬路上的井盖往三轮车上装 现在还没走", "110"),
        ("路上井盖没了 一个小孩刚掉下去了 下面都是水", "119"),
    ],
}


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in ORDINARY.items() for t in texts])
def test_ordinary_appeals_sounding_like_danger_get_no_number(
    engine: EmbeddedEngine, kind: str, text: str
) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    if kind in QUIET:
        assert result.emergency is None, (text, result.emergency)


@pytest.mark.parametrize(
    ("text", "service"),
    [pair for pairs in EMERGENCIES.values() for pair in pairs],
)
def test_each_near_twin_is_an_emergency_with_its_number(
    engine: EmbeddedEngine, text: str, service: str
) -> None:
    assert_number_told(engine, text, service)


def test_every_kind_has_ordinary_appeals_and_near_twins() -> None:
    assert set(ORDINARY) == set(EMERGENCIES)
    assert set(QUIET) <= set(ORDINARY)
    assert all(len(v) >= 4 for v in ORDINARY.values())


def test_these_sentences_are_not_training_data() -> None:
    ours = [t for texts in ORDINARY.values() for t in texts]
    ours += [t for pairs in EMERGENCIES.values() for t, _ in pairs]
    assert_not_in_training(set(ours))
