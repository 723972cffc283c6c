"""Emergencies of the eighth round (issue 11, 第十三条(一)), kind by kind: each kind has
emergencies told in new words and ordinary appeals that merely share its words.

Kinds: a danger that is over (trial5 F12: a fight seen an hour ago, the people gone, a
public-order report) and a utility outage are no 110/119/120; a flood with people stranded
(119); someone being beaten right now, even wrapped in a habit word (110); chest pain with
a numb arm (120); a parcel of drugs (110); the traffic signals out at a busy crossing (122);
a habit word (每天, 经常, 总是) makes an ongoing nuisance, not an emergency, unless a danger
is present now; a missing person told by consequences (好几天没回家, 电话打不通, 联系不上);
snakes in a home; self-harm told indirectly (passwords handed over, "照顾好我妈"); and the
false alarms of old accidents told in the past, rumours, place names (河南, 河北: no water)
and expired extinguishers.

The sentences were written for these tests, before the round's changes, and are in no
training file nor in a development or blind set (a test checks the training files).
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import (
    assert_no_number,
    assert_not_in_training,
    assert_number_told,
    numbers_told,
)

#: trial5 F12 (docs/trials/2026-12-01-trial5.md), word for word.
F12 = "一个小时以前我在路上看见有人打架 现在已经走了 想反映下治安"

# kind → [(an emergency in new words, the number that must be among those told)]
EMERGENCIES: dict[str, list[tuple[str, str]]] = {
    "flood": [
        ("村东头的桥让水冲了 俺们十几口人困在一个高台子上 水还往上漫", "119"),
        ("大水进院子了 快齐腰深了 俺爹腿脚不好走不出去", "119"),
        ("俺们被水围在厂房二楼了 一楼全淹了 出不去", "119"),
        ("堤坝开口子了 水哗哗往庄里流 还有好几户老人没出来", "119"),
        ("俺家楼下的水一个劲往上涨 俺和孩子爬到房顶上了", "119"),
        ("下暴雨 地下车库一下子灌满水了 有个人还在车里", "119"),
    ],
    "beaten_now": [
        ("对门男的又在打他媳妇 这会儿听见她在屋里哭着喊救命", "110"),
        ("有几个人把一个学生按在地上踢 现在还在踢", "110"),
        ("俺爸喝了酒正拿皮带抽俺妈 俺不敢出屋", "110"),
        ("隔壁老是打孩子 今天打得孩子直叫唤 现在还没停手", "110"),
        ("超市门口三个人围着一个老头打 老头躺地上了", "110"),
    ],
    "chest_pain": [
        ("俺爹说胸口像压了块石头 左边胳膊发麻 脸上直冒汗", "120"),
        ("俺对象心口疼得厉害 左胳膊也麻了 喘不匀气", "120"),
        ("老人胸口闷得慌 胳膊麻得抬不起来 嘴唇发白", "120"),
        ("俺心口窝疼了半个钟头了 越来越疼 左手也没劲发麻", "120"),
    ],
    "drug_parcel": [
        ("俺在驿站帮人代收快递 拆开一看里面是一小袋一小袋的白粉 人说一会儿来取", "110"),
        ("楼上租户的快递破了 漏出来好多小包装的白色晶体 像冰毒", "110"),
        ("收到一个不认识的人寄来的包裹 里头是锡纸包着的白粉末 还有吸管", "110"),
    ],
    "signals_out": [
        ("中华路和人民路路口红绿灯全黑了 车都抢着走 刚才差点撞上", "122"),
        ("这个大十字路口的信号灯坏了 不亮 车堵成一团 行人在车缝里穿", "122"),
        ("学校门口路口红绿灯停了 放学人多 车乱开 好几回差点碰着孩子", "122"),
    ],
    "missing": [
        ("俺兄弟好几天没回家了 电话也打不通 谁都找不着他", "110"),
        ("俺闺女上大学放假该回来了 三天了联系不上 宿舍说早走了", "110"),
        ("俺爹出门赶集 到这会儿还没回来 手机一直关机 他有高血压", "110"),
        ("俺对象前天下午出去就没音信了 微信不回 电话关机", "110"),
    ],
    "snake": [
        ("俺家厨房里钻进去一条大长虫 一米多长 盘在柜子底下", "119"),
        ("卧室床底下有条蛇 孩子在床上 不敢动", "119"),
        ("院子里蛇正往屋里爬 老人在屋里睡觉", "119"),
    ],
    "self_harm": [
        ("俺弟弟刚给俺发了个微信 说把房产证放在哪了 让俺以后照顾好咱娘 再打就关机了", "110"),
        ("俺朋友把他的手机密码和银行卡都交给俺了 说以后用不着了 现在人不知道去哪了", "110"),
        ("俺同学在朋友圈发了一句 谢谢大家 再见了 打电话不接", "110"),
    ],
}

# the new frames never silence these: a report word, a lost thing, a past word or a hospital
# beside a present danger
EMERGENCIES["frame_guard"] = [
    ("一辆面包车把骑电动车的大爷撞了 司机下来看了一眼又开走了 大爷躺着不动", "120"),
    ("在医院排队挂号的时候俺爹突然晕倒了 叫不醒", "120"),
    ("俺兄弟出去好几天了 电话一直打不通 谁也不知道他在哪", "110"),
    ("刚才在公交车上有人掏俺的包 手机丢了 那人还在车上", "110"),
    ("治安太差了 这会儿有人正在撬俺家门", "110"),
]

# kind → ordinary appeals that share the kind's words (never an emergency)
ORDINARY: dict[str, list[str]] = {
    "over": [
        F12,
        "昨天晚上我们小区门口有人打架 后来都走了 希望派出所加强巡逻",
        "刚才看见两个人在路边吵架推搡 人已经散了 就是想反映一下这个路段治安不好",
        "上午十点左右在超市门口看见有人打架 早就走了 建议多安排点巡逻",
        "前半个小时那边有辆车着火了 消防已经灭了 路现在通了 想问问啥时候清理",
    ],
    "outage": [
        "俺们小区停电了 一直没来电 问问啥时候来",
        "从早上就停水了 也没通知 做不了饭",
        "天然气停了 说是管道检修 啥时候能恢复",
        "这一片突然停电了 冰箱里的东西都要坏了",
        "楼里停水停了两天了 老人孩子没法洗漱",
    ],
    "habit": [
        "楼下烧烤摊每天晚上烟熏火燎的 呛得开不了窗",
        "俺们这条路经常有大货车开得飞快 建议装个测速",
        "隔壁两口子总是吵架 摔东西 吵得俺们睡不着",
        "那个路口每天早上都堵 红绿灯时间太短",
        "邻居的狗每天晚上都叫 吵得孩子睡不好",
    ],
    "past_accident": [
        "前几年在工地上摔断了腿 现在想申请个残疾人补贴",
        "两年前出车祸撞伤了 对方保险公司到现在没赔完",
        "去年家里失过火 房子重新盖了 想问问能不能办房产证",
        "那年孩子掉河里淹死了 村里说给的抚恤一直没给",
    ],
    "rumour": [
        "网上传菏泽有人开面包车抢孩子 是不是真的 别吓唬人",
        "朋友圈都在转说东关那边要爆炸 这种谣言有人管吗",
        "听人说俺们县要发大水 是不是谣言",
    ],
    "place_name": [
        "俺是河南的 在菏泽打工 社保怎么转过来",
        "俺老家河北的 孩子在这边上学 户口咋办",
        "河南路上的路灯坏了好几个 晚上黑乎乎的",
        "俺想问问从菏泽到河北邯郸的长途车在哪坐",
    ],
    "extinguisher": [
        "俺们楼道里的灭火器都过期好几年了 也没人换",
        "小区的消防栓没水 灭火器也是空的 请消防部门来查查",
        "单位的灭火器压力表指到红区了 该去哪里充装",
    ],
    "drugs_word": [
        "药店卖的感冒药是不是要登记身份证",
        "快递驿站把俺的包裹弄丢了 里面是给老人买的药",
    ],
    "signals_word": [
        "人民路那个路口红绿灯时间设置得不合理 左转灯太短",
        "新修的路口一直没装红绿灯 建议装一个",
    ],
    "snake_word": [
        "公园里有人放生蛇 建议管一管",
        "菜市场有卖蛇的 这个合法吗",
    ],
    "missing_word": [
        "俺儿子在外地上班 过年不回家了 电话也老是打不通 俺想他",
        "俺的快递好几天了还没到 电话打不通快递员",
        "社保局的电话一直打不通 想问问退休金的事",
    ],
}


@pytest.mark.parametrize(
    ("text", "service"),
    [pair for pairs in EMERGENCIES.values() for pair in pairs],
)
def test_each_kind_is_an_emergency_with_its_number(
    engine: EmbeddedEngine, text: str, service: str
) -> None:
    assert_number_told(engine, text, service)


@pytest.mark.parametrize("text", [t for texts in ORDINARY.values() for t in texts])
def test_ordinary_appeals_sharing_the_words_are_nonumbers_told(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)


def test_f12_a_fight_that_is_over_is_a_public_order_report_not_a_transfer(
    engine: EmbeddedEngine,
) -> None:
    result = engine.parse(F12)
    assert numbers_told(result) is None, result.triage
    assert result.emergency is None or result.emergency.level != "emergency"
    # an appeal about public order: the police's own department, not a 110 transfer
    assert result.category is not None
    assert result.category.unit_type == "department:公安", result.category


def test_a_fight_still_going_on_or_someone_left_lying_is_still_annumbers_told(
    engine: EmbeddedEngine,
) -> None:
    # "over" is a frame a present danger overrides: the injured person left behind
    left = numbers_told(engine.parse("打架的人现在已经走了 可是有个人躺在地上一动不动 满头是血"))
    assert left is not None
    assert "120" in left, left
    going = numbers_told(engine.parse("路口有人正在打架 拿着棍子 快来人"))
    assert going is not None
    assert "110" in going, going


def test_these_sentences_are_not_training_data() -> None:
    ours = {t for pairs in EMERGENCIES.values() for t, _ in pairs}
    ours |= {t for texts in ORDINARY.values() for t in texts}
    assert_not_in_training(ours)
