"""Which emergency numbers are told, and in which order (issue 11, 第十三条(一)): the
service that saves life first comes first (nlu.emergency_numbers).

Every wording below is this file's own (none is in a blind set or the corpus); the first
table runs on the shipped model, the second tests the pure function :func:`arrange` on
signs alone, the third how 119 is named.
"""

from __future__ import annotations

import pytest

from casebridge.emergency.naming import named as desk_named
from dialogs.common import named
from nlu.emergency_numbers import arrange, renumbered, signs
from nlu.engine import EmbeddedEngine
from nlu.types import Emergency
from tests.unit.nlu.told import numbers_told

#: (what a citizen says, the numbers told first, in order)
SITUATIONS = [
    # fire, smoke, gas, an explosion, a chemical: 119 first, 120 when someone is hurt
    ("俺家厨房油锅着起来了 火苗子蹿到房顶了", ("119",)),
    ("楼道里电动车起火了 浓烟往楼上灌 有个老太太呛晕了", ("119", "120")),
    ("仓库那边冒黑烟 火越来越大 里头还有工人", ("119",)),
    ("一进门一股煤气味 俺爹躺在床上叫不醒", ("119", "120")),
    ("饭馆后厨液化气罐呲呲漏气 味冲得很", ("119",)),
    ("厂里锅炉刚才炸了 有俩工人被烫伤了", ("119", "120")),
    ("化工厂那边飘过来一股黄烟 刺鼻得很 村里好几个人头晕想吐", ("119", "120")),
    # someone trapped, under what fell, in the water: 119 first
    ("俺被关电梯里了 电梯停在两层中间不动了", ("119",)),
    ("工地沟塌了 一个工人埋到胸口了 拽不出来", ("119",)),
    ("车库卷帘门坏了 孩子被夹在底下出不来", ("119",)),
    ("卫生间门把手坏了 俺娘被锁在里头出不来 岁数大了", ("119",)),
    ("老屋的房顶塌了 俺奶奶还在屋里 喊不应", ("119", "120")),
    ("大风把工地的塔吊刮倒了 底下压着人", ("119",)),
    ("有个小孩掉进鱼塘了 在水里扑腾", ("119", "120")),
    ("刚才有人从大桥上跳到河里了 还在水里漂着", ("119", "120")),
    # someone hurt or in a medical crisis: 120 first
    ("俺娘吃着饭突然倒了 嘴歪了 叫也不答应", ("120",)),
    ("俺对象心口疼得厉害 出了一身冷汗 喘不上气", ("120",)),
    ("老头在澡堂子里晕过去了 叫不醒", ("120",)),
    ("孩子误喝了半瓶消毒液 一直吐", ("120",)),
    ("学校来电话说俺孩子在操场上晕倒了 叫不醒", ("120",)),  # a call is no scam
    # a crash: the injured first, then 122; 119 when someone is stuck or it burns
    ("路口一辆大货车把骑三轮的撞了 人躺地上流血", ("120", "122")),
    ("高速上两辆车撞了 一个司机卡在驾驶室里 满头是血", ("120", "122", "119")),
    ("国道上一辆面包车翻了 车着火了", ("119", "122")),
    ("国道上两辆车撞了 司机腿卡在车里出不来", ("122", "119")),
    # driving dangerously now: 122 on the road, 110 off it
    ("前面那个车在高速上逆行 迎面开过来了", ("122",)),
    ("有个人喝得醉醺醺的 开着车在路上歪歪扭扭的", ("122",)),
    ("小区里有个小年轻开车来回飙 孩子们都在下面玩", ("110",)),
    # a crime or violence going on, a scam under way, someone missing: 110 first
    ("有人拿着刀在菜市场追着一个人砍", ("110",)),
    ("俺男人喝醉了在家打俺 还在摔东西 俺躲到厕所了", ("110",)),
    ("家里刚进贼了 人还在院子里", ("110",)),
    ("俺娘接了个电话说俺出车祸了要交押金 她这会儿正往银行跑要转钱", ("110",)),
    ("俺家孩子放学到现在没回家 电话也打不通 才七岁", ("110",)),
    ("刚才一个骑摩托的把俺的包抢走了 往东跑了", ("110",)),
    ("俺表姐叫人骗到外地 锁在一个屋里不让走", ("110",)),
    ("俩车刮了一下 对方下来几个人拿棍子要打俺", ("110", "122")),
    # a fight still on with someone bleeding: 110 first (the attackers stopped), 120 after
    ("饭店门口两伙人打起来了 拿酒瓶子抡 有人头上流血", ("110", "120")),
    # violence over, someone lying hurt: 120 first, then 110
    ("两个人打完架 一个躺地上头上流血不动弹了", ("120", "110")),
    # someone threatening to jump or harm themselves; harm done: 120 first
    ("有个男的坐在楼顶边上 说不想活了", ("110", "120", "119")),
    ("俺闺女说活着没意思 刚才把一瓶安眠药都吃了", ("120", "110")),
    ("俺已经把一瓶安眠药吃了 就想跟你们说一声", ("120", "110")),
    # a dangerous animal loose: 110; a snake in a home: 119 catches it; wasps: 119
    ("村里一头牛惊了 在大街上乱顶 已经顶伤一个人了", ("110", "120")),
    ("俺家院子里钻进来一条大蛇 盘在鸡窝里", ("119", "110")),
    ("一群马蜂追着放学的孩子蛰 孩子们跑不掉", ("119", "120")),
    # a crowd crushing: 110 first, 120 for the hurt
    ("庙会上人挤人 桥上挤倒了好几个 有人被踩了起不来", ("110", "120")),
    # a live wire: someone shocked, 120; still held by it, 119 first
    ("俺爹修电闸叫电打着了 现在躺地上不动", ("120",)),
    ("工人在电线杆上触电了 挂在上头下不来", ("119", "120")),
]
SITUATIONS += [
    # a crash with nobody hurt: 122 only
    ("俩车在路口追尾了 人都没事 车横在路中间走不了", ("122",)),
    ("国道上一辆三轮和轿车撞了 没伤着人 对方司机不挪车", ("122",)),
]


@pytest.mark.parametrize(("text", "first"), SITUATIONS)
def test_the_numbers_told_and_their_order(
    engine: EmbeddedEngine, text: str, first: tuple[str, ...]
) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert told[: len(first)] == first, (text, told)
    assert len(set(told)) == len(told), told


#: Things in trouble with nobody in danger: no police number (the triage may still alarm).
NOBODY_IN_DANGER = [
    "马路上自来水主管道爆了 水哗哗往外冒",
    "大风把电线刮断了 搭在地上冒火花",
]


@pytest.mark.parametrize("text", NOBODY_IN_DANGER)
def test_a_thing_in_trouble_is_no_police_matter(engine: EmbeddedEngine, text: str) -> None:
    told = numbers_told(engine.parse(text))
    assert told is None or "110" not in told, (text, told)


#: (signs, numbers the detector proposed, numbers told): the pure function.
RULES = [
    ({"fire"}, ("110",), ("119",)),
    ({"gas", "hurt"}, ("120",), ("119", "120")),
    ({"trapped", "hurt"}, ("120", "119"), ("119", "120")),
    ({"water", "self_harm"}, ("110",), ("119", "120", "110")),
    ({"hurt"}, ("119",), ("120",)),
    ({"hurt", "violence"}, ("110",), ("120", "110")),
    ({"hurt", "violence", "ongoing"}, ("120",), ("110", "120")),
    ({"violence"}, ("120",), ("110",)),
    ({"crash", "hurt"}, ("122",), ("120", "122")),
    ({"crash", "hurt", "trapped"}, ("122",), ("120", "122", "119")),
    ({"crash"}, ("122", "120"), ("122",)),
    ({"crash", "trapped"}, ("119",), ("122", "119")),
    ({"crash", "water", "trapped"}, ("122",), ("119", "120", "122")),
    ({"crash", "fire"}, ("122",), ("119", "122")),
    ({"crash", "violence"}, ("122",), ("110", "122")),
    ({"reckless"}, ("119",), ("122", "110")),
    ({"reckless", "off_road"}, ("122",), ("110", "122")),
    ({"fraud", "crash", "hurt"}, ("122", "120"), ("110",)),
    ({"missing", "child"}, ("120",), ("110",)),
    ({"ledge", "self_harm"}, ("119",), ("110", "120", "119")),
    ({"self_harm", "harm_done"}, ("110",), ("120", "110")),
    ({"utility"}, ("110",), ("119",)),
    ({"utility"}, ("110", "122"), ("122",)),
    ({"wire", "hurt"}, ("119",), ("120",)),
    ({"wire", "held"}, ("120",), ("119", "120")),
    ({"animal", "loose", "hurt"}, ("120",), ("110", "120")),
    ({"animal", "catch", "home"}, ("110",), ("119", "110")),
    ({"animal", "on_road"}, ("110",), ("122", "110")),
    ({"wasps", "swarming", "hurt"}, ("120",), ("119", "120")),
    ({"crowd", "hurt"}, ("120",), ("110", "120")),
    ({"struck", "hurt"}, ("119",), ("120", "119")),
    (set(), ("110", "120"), ("110", "120")),
]


@pytest.mark.parametrize(("found", "proposed", "told"), RULES)
def test_arrange_follows_the_principle(
    found: set[str], proposed: tuple[str, ...], told: tuple[str, ...]
) -> None:
    assert arrange(frozenset(found), proposed) == told
    assert arrange(frozenset(found), proposed) == told  # pure: the same answer again


def test_signs_read_the_evidence() -> None:
    assert {"crash", "hurt"} <= signs("路口俩车撞了 有个人躺地上流血")
    assert "hurt" not in signs("大车把电线杆撞倒了")  # a thing the victim
    assert "trapped" not in signs("孩子吃花生卡住了 喘不上气")  # choking, not trapped
    assert "water" not in signs("有个人说要去跳河 电话打不通了")  # a threat, not yet in it
    assert "explosion" not in signs("俺娘说头疼得要炸了")


def _found(services: tuple[str, ...], reason: str) -> Emergency:
    return Emergency("emergency", services, None, reason, 0.99, source="rule")


def test_a_new_first_number_is_told_its_own_reason() -> None:
    found = _found(("122", "120"), "发生交通事故，已为您转接122")
    again = renumbered("路口俩车撞了 有个人躺地上流血", found)
    assert again.services == ("120", "122")
    assert "120" in again.reason
    assert "122" not in again.reason
    same = _found(("120", "122"), "有人员伤病，已为您转接120")
    assert renumbered("路口俩车撞了 有个人躺地上流血", same) is same


def test_a_fire_the_reason_does_not_name_is_named_in_it() -> None:
    found = _found(("119",), "有人员被困或遇险，属于119消防救援事项，已为您转接119")
    again = renumbered("楼里着火了 有人困在三楼出不来", found)
    assert again.services[0] == "119"
    assert "火" in again.reason
    assert named("119", again.reason) == "火警"


@pytest.mark.parametrize(
    ("reason", "name"),
    [
        ("涉及火情，属于119消防救援事项，已为您转接119", "火警"),
        ("疑似燃气泄漏或爆炸，请立即关闭气阀，已为您转接119", "火警"),
        ("有人员被困或遇险，属于119消防救援事项，已为您转接119", "消防救援"),
        ("有人落水遇险，属于119救援事项，已为您转接119", "消防救援"),
        ("疑似危险化学品泄漏，请往上风方向撤离，已为您转接119", "消防救援"),
        ("", "消防救援"),
    ],
)
def test_119_is_a_fire_call_only_for_a_fire_or_gas(reason: str, name: str) -> None:
    assert named("119", reason) == name
    assert desk_named("119", {"119": "火警"}, reason) == name
    assert named("120", reason) == "医疗急救"
    assert desk_named("110", {"110": "公安报警"}, reason) == "公安报警"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("俺家厨房油锅着起来了 火苗子蹿到房顶了", "火警"),
        ("俺被关电梯里了 电梯停在两层中间不动了", "消防救援"),
        ("有个小孩掉进鱼塘了 在水里扑腾", "消防救援"),
    ],
)
def test_the_reason_names_119_as_the_situation_is(
    engine: EmbeddedEngine, text: str, name: str
) -> None:
    triage = engine.parse(text).triage
    assert triage is not None, text
    assert triage.services[0] == "119", (text, triage)
    assert named("119", triage.reason) == name, triage.reason
