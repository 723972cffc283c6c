"""Thirteenth round (trial9 N01 N10 N11 N12 F09): words that only sound like an emergency
or a 第十三条 matter beside an ordinary appeal. Figurative despair over a concrete grievance,
a meter or bill complaint, a past injury that motivates a repair, "we will petition" said
in anger and a hazard told as a worry are appeals; a genuine wish to die, a gas leak now
and someone still in the hole stay emergencies. The first input of each kind is the
trial's; the others were written before the change and not tuned on."""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from nlu.types import TriageOutcome


def _outcome(engine: EmbeddedEngine, text: str) -> TriageOutcome | None:
    found = engine.parse(text).triage
    return None if found is None else found.outcome


@pytest.mark.parametrize(
    "text",
    [
        "这天热得俺都不想活了 小区停电一下午了",  # trial9 N01
        "楼上天天装修 吵得俺都不想活了",
        "暖气一点都不热 冻得人不想活了",
        "这个月水费八百多 愁死俺了",
        "停水三天了 渴得要命",
        "小区门口的垃圾堆臭得俺不想活了",
    ],
)
def test_figurative_despair_over_a_grievance_is_an_appeal(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert result.triage is None, result.triage
    found = result.emergency
    assert found is None or found.level != "emergency", found
    assert found is None or not {"110", "120"} & set(found.services), found
    assert result.intent.name == "appeal"


@pytest.mark.parametrize(
    "text",
    [
        "俺不想活了 这日子没法过了",  # trial9 F02
        "活够了 明天一早就去河边 谁也别找俺",  # trial9 F02
        "欠了一屁股债 愁得不想活了 药都买好了",
        "真不想活了 俺现在就在楼顶上",
        "热得俺不想活了 俺想从楼上跳下去",
        "没钱给孩子看病 愁得俺都不想活了",  # money is no grievance to file: despair heard
    ],
)
def test_a_genuine_wish_to_die_is_still_an_emergency(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert _outcome(engine, text) is TriageOutcome.EMERGENCY
    assert result.emergency is not None
    assert result.emergency.situation == "self_harm"


@pytest.mark.parametrize(
    "text",
    [
        "燃气表走得飞快 一个月用了三百多块",  # trial9 N10
        "电表转得贼快 这个月电费四百多",
        "俺家水表走得飞快 家里没人用水也转",
        "天然气费一个月三百多 表是不是有毛病",
        "煤气表跑得特别快 比去年贵了一倍",
    ],
)
def test_a_meter_or_bill_complaint_is_an_appeal(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is None, result.triage
    assert result.emergency is None or result.emergency.level != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "屋里一股煤气味 俺娘头疼得厉害",
        "燃气表那里嘶嘶响 一股臭鸡蛋味",
        "厨房的燃气管子漏气了 味特别大",
    ],
)
def test_a_gas_leak_is_an_emergency_and_never_122(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.EMERGENCY
    assert "122" not in result.triage.services
    assert result.emergency is not None
    assert "122" not in result.emergency.services


@pytest.mark.parametrize(
    "text",
    [
        "路口那个井盖没了 昨天晚上有个骑电动车的掉进去了 腿摔断了",  # trial9 N11
        "小区门口的坑一直没人填 前天有个老太太摔进去了 胳膊骨折了",
        "桥上的护栏断了 上个月有辆电动车从那掉下去了",
        "那段路的路灯不亮 昨天晚上有个小孩掉沟里了 幸亏救上来了",
    ],
)
def test_a_past_injury_behind_a_repair_is_an_appeal(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is None, result.triage
    found = result.emergency
    assert found is None or found.level != "emergency", found


@pytest.mark.parametrize(
    "text",
    [
        "有个骑电动车的掉进井里了 人还在下面 快来",
        "刚才有人掉进路口的窨井里了 腿摔断了 爬不上来",
    ],
)
def test_someone_still_in_the_hole_is_an_emergency(engine: EmbeddedEngine, text: str) -> None:
    assert _outcome(engine, text) is TriageOutcome.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "这物业费收得真要命 俺们要上访",  # trial9 N12
        "工地天天半夜施工 再不管俺就去上访",
        "村里的路三年没修了 不修俺们就上访",
        "学校乱收补课费 家长们准备去信访",
    ],
)
def test_saying_one_will_petition_is_an_appeal(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is None, result.triage
    assert result.intent.name == "appeal"


@pytest.mark.parametrize(
    "text",
    [
        "俺这个事去年就到信访局信访了 人家受理了 到现在没个结果",
        "信访局说这个事已经按信访程序办结了 俺不服 还想再反映",
    ],
)
def test_a_matter_in_the_petition_procedure_is_still_referred(
    engine: EmbeddedEngine, text: str
) -> None:
    assert _outcome(engine, text) is TriageOutcome.LEGAL_CHANNEL


@pytest.mark.parametrize(
    "text",
    [
        "楼下饭店的煤气罐就摆在人行道上 说不定哪天就炸了",  # trial9 F09
        "菜市场过道里堆着好几个液化气罐 早晚得爆炸",
        "小区旁边的加油站有人卖散装汽油 迟早得着火",
        "俺们楼下的配电箱门一直开着 说不定哪天就电死人",
    ],
)
def test_a_hazard_told_as_a_worry_is_an_appeal(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is None, result.triage
    assert result.intent.name == "appeal"
    assert result.asks != "question"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("小区停电一下午了 俺爹被困在电梯里了", "停电"),
        ("俺们村的自来水停了三天了 俺奶奶晕倒了 叫不醒", "自来水"),
        ("小区的路灯坏了好几天了 刚才有个人在那被车撞了 躺地上不动", "路灯"),
        ("物业一直不修电梯 刚才俺娘被关在电梯里了 出不来", "物业"),
    ],
)
def test_the_matter_beside_an_emergency_is_kept(
    engine: EmbeddedEngine, text: str, kept: str
) -> None:
    result = engine.parse(text)
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.EMERGENCY
    assert result.beside is not None
    assert kept in result.beside
    for alarm in ("困在", "晕倒", "撞", "被困"):
        assert alarm not in result.beside


@pytest.mark.parametrize(
    "text",
    [
        "俺娘晕倒了 叫不醒 快来",
        "有人拿着刀抢劫 就在超市门口",
        "俺家着火了 火苗老高了",
        "俺不想活了 这日子没法过了",
    ],
)
def test_an_emergency_alone_has_no_matter_beside(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.EMERGENCY
    assert result.beside is None
