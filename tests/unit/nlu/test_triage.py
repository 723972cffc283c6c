"""第十三条 triage. The emergency suite must pass at 100 % recall (recall first)."""

from __future__ import annotations

import pytest

from nlu.normalize import normalize
from nlu.triage import abusive, emergency, triage
from nlu.types import TriageOutcome

FIRE_119 = [
    "我家着火了，快来人啊",
    "楼下失火了",
    "厨房起火了怎么办",
    "仓库烧起来了",
    "对面楼里冒黑烟了",
    "火很大，快派消防车",
    "小区电动车棚着火了",
    "村里麦秸垛起火了",
    "有人被困在电梯里了",
    "电梯困人了，里面有个老人",
    "孩子掉到河里了",
    "有人掉进窨井里了",
    "房子塌了，下面埋着人",
    "家里煤气泄漏了，味道很大",
    "闻到一股很冲的天然气味",
    "燃气管道漏气了，呲呲响",
    "液化气罐漏气了",
    "饭店煤气罐爆炸了",
    "屋里冒烟了，着火了吧",
    "车里冒烟了",
    "快来救火",
    "我家燃气味特别浓",
    "厂房里发生爆炸了",
]
MEDICAL_120 = [
    "我爸突然晕倒了",
    "有个老人倒在路边昏迷了",
    "我妈叫不醒了",
    "孩子抽搐口吐白沫",
    "老人心脏病犯了",
    "他喝农药了，快救救他",
    "邻居割腕了，流了好多血",
    "我老婆要生了羊水破了",
    "工地有人从架子上摔下来骨折了",
    "有人触电了",
    "我喘不上气，胸口疼",
    "快叫救护车",
    "孩子吃了老鼠药",
    "老人中风了，嘴歪了",
    "他快不行了",
    "一家人好像一氧化碳中毒了",
    "有人被烫伤很严重",
    "家里老人没有呼吸了",
]
POLICE_110 = [
    "有人抢劫",
    "有人拿刀在街上砍人",
    "我被打了，他们还在打",
    "小偷正在偷电动车",
    "有人撬我家门",
    "我老公家暴，打我",
    "孩子不见了，找不到了",
    "有个人一直跟踪我",
    "有人入室盗窃",
    "他说要杀了我",
    "有人持刀威胁",
    "她要跳楼",
    "我不想活了",
    "饭店门口有人打架斗殴",
    "有人在我家门口打架",
    "有人要绑架孩子",
    "抢我手机跑了",
    "我家老人走失了",
    "有人打砸店铺",
]
TRAFFIC_122 = [
    "出车祸了",
    "前面两车相撞了",
    "我被车撞了",
    "高速上追尾了",
    "三轮车侧翻了",
    "路口发生交通事故",
    "撞了人就跑了，肇事逃逸",
    "我的车被追尾了，对方不承认",
    "大货车翻车了",
    "我骑电动车被汽车撞倒了",
    "刚才在解放大街出事故了",
]


@pytest.mark.parametrize(
    ("service", "texts"),
    [("119", FIRE_119), ("120", MEDICAL_120), ("110", POLICE_110), ("122", TRAFFIC_122)],
)
def test_emergency_recall_is_total(service: str, texts: list[str]) -> None:
    missed = [t for t in texts if emergency(normalize(t)) is None]
    assert missed == [], f"{service} missed: {missed}"


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("我家着火了", "119"),
        ("我爸晕倒了", "120"),
        ("有人抢劫", "110"),
        ("出车祸了", "122"),
        ("煤气泄漏了", "119"),
        ("车祸了，有人流了很多血", "120"),
    ],
)
def test_emergency_routes_to_the_right_service(text: str, service: str) -> None:
    found = emergency(normalize(text))
    assert found is not None
    assert found.service == service
    assert found.outcome is TriageOutcome.EMERGENCY
    assert service in found.reason


def test_emergency_in_traditional_and_full_width() -> None:
    found = emergency(normalize("我家著火了！！"))
    assert found is not None
    assert found.service == "119"


@pytest.mark.parametrize(
    "text",
    [
        "小区消防通道被车堵了，有火灾隐患",
        "上班路上出了车祸，单位不给认定工伤",
        "去年出的交通事故，保险公司一直不理赔",
        "我家停水三天了",
        "物业不管楼道垃圾",
        "电动车电瓶老是被偷",
        "公司拖欠工资三个月",
        "孩子上学划片不合理",
        "建议小区开展防火演练",
        "他被困扰很久了，希望解决噪音问题",
        "请打我电话13812345678",
    ],
)
def test_ordinary_appeals_are_not_emergencies(text: str) -> None:
    assert emergency(normalize(text)) is None


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("我已经起诉到法院了，法院一直不判", TriageOutcome.LEGAL_CHANNEL),
        ("劳动仲裁的结果我不服", TriageOutcome.LEGAL_CHANNEL),
        ("我要申请行政复议", TriageOutcome.LEGAL_CHANNEL),
        ("我去信访局上访过好几次了", TriageOutcome.LEGAL_CHANNEL),
        ("举报村支书贪污扶贫款", TriageOutcome.LEGAL_CHANNEL),
        ("我要申请政府信息公开", TriageOutcome.LEGAL_CHANNEL),
        ("帮我查一下我前妻的手机号", TriageOutcome.SECRET_PRIVACY),
        ("能不能告诉我邻居的家庭住址", TriageOutcome.SECRET_PRIVACY),
        ("查询一下他的开房记录", TriageOutcome.SECRET_PRIVACY),
        ("我想看看招标底价", TriageOutcome.SECRET_PRIVACY),
        ("哪里能办假证", TriageOutcome.UNLAWFUL),
        ("帮我找小姐", TriageOutcome.UNLAWFUL),
        ("有没有黄色网站", TriageOutcome.UNLAWFUL),
        ("能不能帮我代开发票", TriageOutcome.UNLAWFUL),
        ("建议修改宪法", TriageOutcome.UNACCEPTABLE),
    ],
)
def test_other_outcomes(text: str, outcome: TriageOutcome) -> None:
    found = triage(normalize(text))
    assert found is not None, text
    assert found.outcome is outcome
    assert found.reason
    assert found.matched


def test_out_of_territory_uses_the_callback() -> None:
    found = triage("济南市历下区的小区停水了", lambda t: "济南" if "济南市" in t else None)
    assert found is not None
    assert found.outcome is TriageOutcome.UNACCEPTABLE
    assert "济南市12345" in found.reason


def test_emergency_wins_over_legal_words() -> None:
    found = triage(normalize("法院门口有人拿刀砍人"))
    assert found is not None
    assert found.outcome is TriageOutcome.EMERGENCY


@pytest.mark.parametrize(
    "text", ["", "饭店不给开发票，我要开发票", "小区有人聚众赌博，请管一管", "我家停水了"]
)
def test_ordinary_texts_get_no_triage(text: str) -> None:
    assert triage(normalize(text)) is None


@pytest.mark.parametrize("text", ["你们都是废物", "傻逼客服", "狗官不办事", "信不信我弄死你"])
def test_abusive(text: str) -> None:
    assert abusive(normalize(text))


@pytest.mark.parametrize("text", ["谢谢你们", "工作人员态度不好，希望改进", "垃圾没人清运"])
def test_not_abusive(text: str) -> None:
    assert not abusive(normalize(text))


@pytest.mark.parametrize(
    "text", ["你们是垃圾", "你们这帮骗子", "你们都是一群饭桶", "你们就是一帮骗子"]
)
def test_insults_to_the_hotline_in_other_words_are_abusive(text: str) -> None:
    """trial3 F41: 「你们是垃圾」, 「你们这帮骗子」 got no 第十一条 notice."""
    assert abusive(normalize(text))


@pytest.mark.parametrize(
    "text", ["小区垃圾三天没人收", "被电信骗子骗了五千块", "这帮骗子天天打电话推销", "垃圾站太臭了"]
)
def test_garbage_and_fraudsters_in_an_appeal_are_not_insults(text: str) -> None:
    assert not abusive(normalize(text))
