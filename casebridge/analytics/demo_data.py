"""What the demo data is drawn from: where appeals come from and about what (weights by
county, channel and category, seasons), their wording, and each unit's handling quality.

The unit figures follow what 12345 centres publish: city-wide 满意率 and 解决率 in the
mid-90s (Beijing's 接诉即办 2020: 解决率 94.3 %, 满意率 94.1 %), 签收 and 按时办结 near
99 %, and a real spread between units (the weakest in the 80s), so that a ranking means
something. Each unit's quality is one draw from Beta(4, 1.6) (mean 0.71), stable per
seed and unit code; every probability below moves linearly with it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

from casebridge.catalogue import Entry

COUNTY_WEIGHTS = {
    "牡丹区": 24, "曹县": 15, "单县": 11, "郓城县": 11, "巨野县": 9, "东明县": 7,
    "成武县": 7, "鄄城县": 7, "定陶区": 6, "菏泽经济技术开发区": 2, "菏泽高新技术产业开发区": 1,
}  # fmt: skip
CHANNEL_WEIGHTS = {"voice": 55, "wechat": 22, "web": 8, "sms": 7, "weibo": 5, "telegram": 1}
LEVEL1_WEIGHTS = {
    "城乡建设": 26, "劳动和社会保障": 12, "教育文体": 8, "商贸旅游": 9, "卫生计生": 7,
    "环境保护": 8, "交通运输": 8, "农村农业": 6, "民政": 4, "政法": 4, "经济管理": 3,
    "国土资源": 3, "科技与信息产业": 2, "党务政务": 1, "纪检监察": 1,
}  # fmt: skip
# month -> multiplier, per (level1, level2 or level3 keyword)
SEASONS: dict[str, dict[int, float]] = {
    "冬季采暖": {11: 6, 12: 8, 1: 8, 2: 5, 3: 2},
    "自来水供应": {6: 2.5, 7: 3, 8: 3},
    "电力供应": {6: 2, 7: 3, 8: 3, 1: 1.5},
    "教育文体": {8: 1.6, 9: 2.2, 2: 1.3},
    "劳动和社会保障": {12: 1.5, 1: 2.0, 2: 1.3},
    "环境保护": {5: 1.3, 6: 1.5, 7: 1.5, 8: 1.4},
    "商贸旅游": {4: 1.6, 10: 1.5},  # 牡丹花会, 国庆
}
TEMPLATES: dict[str, list[str]] = {
    "城乡建设": [
        "{place}小区楼道灯和路灯坏了很久，晚上出行很不方便，希望尽快维修。",
        "{place}附近道路坑洼积水严重，车辆和行人通行困难，请有关部门处理。",
        "{place}有工地夜间施工噪音很大，影响居民休息，请予以查处。",
        "{place}小区物业服务差，电梯经常故障，业主多次反映无果。",
        "{place}一带停水已超过一天，没有接到任何通知，请尽快恢复供水。",
        "{place}小区冬季暖气不热，室内温度只有十几度，请供热单位处理。",
        "{place}频繁停电，家中电器受到影响，请供电部门排查线路。",
    ],
    "劳动和社会保障": [
        "在{place}一家企业打工，工资已拖欠三个月，多次讨要未果，请求帮助。",
        "咨询{place}灵活就业人员养老保险缴费标准和办理流程。",
        "{place}的公司未依法给员工缴纳社会保险，请劳动监察部门调查。",
    ],
    "教育文体": [
        "{place}孩子入学报名材料要求不清楚，请教育部门给予解答。",
        "{place}某培训机构收费后停课，不给退费，请有关部门处理。",
        "{place}学校周边交通拥堵，上下学存在安全隐患，建议设置交通疏导。",
    ],
    "商贸旅游": [
        "在{place}商店购买的商品有质量问题，商家拒绝退换，请求维权。",
        "{place}景区停车收费不合理，希望规范管理。",
        "{place}有商户占道经营，影响通行，请城管部门处理。",
    ],
    "卫生计生": [
        "{place}卫生院看病排队时间太长，希望改进服务流程。",
        "咨询{place}新生儿疫苗接种时间和地点。",
        "{place}药店药品价格明显偏高，请有关部门核查。",
    ],
    "环境保护": [
        "{place}附近工厂排放刺鼻气味，影响周边居民健康，请环保部门查处。",
        "{place}河道内有垃圾和污水，气味难闻，希望尽快治理。",
        "{place}有人焚烧秸秆和垃圾，烟雾很大。",
    ],
    "交通运输": [
        "{place}公交车班次太少，等车时间过长，建议增加班次。",
        "{place}路段红绿灯设置不合理，经常拥堵。",
        "{place}出租车拒载、不打表，请交通部门处理。",
    ],
}
GENERIC = [
    "反映{place}的相关问题，希望有关部门尽快核实处理并给予答复。",
    "咨询{place}相关政策的办理条件和所需材料。",
]
SURGE_TEXT = "{place}一带自昨天起停水，至今仍未恢复，也没有停水通知，生活受到严重影响。"


@dataclass(frozen=True)
class UnitProfile:
    """How one unit handles its orders (probabilities per order)."""

    quality: float  # 0 (weakest) .. 1 (best)
    sign_on_time: float  # 响应: signed within the sign limit
    reply_on_time: float  # 按时办结
    callback_ok: float  # 满意 or 基本满意 at the callback
    satisfied_share: float  # of those, 满意 (the rest 基本满意)
    return_request: float  # 退单申请
    return_rejected: float  # share of return requests the centre rejects (不合理退单)

    @classmethod
    def draw(cls, code: str, seed: int) -> UnitProfile:
        """The profile of unit ``code`` (the same for the same seed)."""
        q = random.Random(f"{seed}:{code}").betavariate(4.0, 1.6)

        def between(worst: float, best: float) -> float:
            return worst + (best - worst) * q

        return cls(
            quality=q,
            sign_on_time=between(0.93, 0.999),
            reply_on_time=between(0.88, 0.998),
            callback_ok=between(0.80, 0.975),
            satisfied_share=between(0.70, 0.93),
            return_request=between(0.06, 0.004),
            return_rejected=between(0.6, 0.15),
        )


@dataclass
class SeedStats:
    """What was written."""

    appeals: int = 0
    orders: int = 0
    assignments: int = 0
    events: int = 0
    callbacks: int = 0
    supervisions: int = 0
    by_state: dict[str, int] = field(default_factory=dict)


class PlannedAppeal(TypedDict):
    """One synthetic appeal of the demo month (``i``: its place in the plan)."""

    i: int
    at: datetime  # aware UTC
    entry: Entry  # its catalogue entry
    county: str
    township: str | None
    text: str
    channel: str
    cluster: str | None  # the near-duplicate cluster of the surge, else None
