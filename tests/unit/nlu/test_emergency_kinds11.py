"""Eleventh emergency round (trial8 F02, F09, F21; the triage helper's false alarms and
misses): own wordings by kind, ordinary lines quiet and their real-emergency twins caught.

Written for this round (emerg10), none taken from the held-out sets or the dev appeals.
"""

from __future__ import annotations

import pytest

from nlu.emergency_risk import child_taken, despair, quiet, unreal
from nlu.engine import EmbeddedEngine
from nlu.types import TriageOutcome


def _told(engine: EmbeddedEngine, text: str) -> tuple[str, ...] | None:
    """The numbers told when ``text`` is an emergency, else None."""
    triage = engine.parse(text).triage
    if triage is None or triage.outcome is not TriageOutcome.EMERGENCY:
        return None
    return triage.services


# 1. a wish to die in everyday words: care and 110 (then 120), as 「不如死了算了」
WISH_TO_DIE = [
    "活着真没意思 俺不想再撑了",  # trial8 F02
    "真想一了百了 太累了",  # trial8 F02
    "俺这辈子活够了 不想再拖累孩子们",
    "俺想去找俺娘了 这日子一天也过不下去",
    "活着有啥盼头 俺想早点解脱",
    "钱都留给俺闺女了 下辈子再见吧",
    "欠了那么多债 真不想活了",
    "你们别劝了 俺想走了算了",
]
# ... and the same words of a job, a business, a dispute or a show: an ordinary matter
NOT_A_WISH = [
    "这工作真没意思 天天加班还不给加班费",
    "俺那小饭馆撑不下去了 房租能不能减点",
    "厂子效益不好 工人们都快撑不下去了 工资拖了三个月",
    "他们说一次性赔五千 签了协议一了百了 俺觉得太少",
    "电视上那个节目真没意思 能不能投诉",
]
# exhaustion alone: the safety line, the conversation goes on (borderline)
TIRED_ONLY = ["俺真的熬不住了 太累了", "一个人带俩孩子 俺实在撑不住了"]


@pytest.mark.parametrize("text", WISH_TO_DIE)
def test_a_wish_to_die_in_other_words_is_an_emergency(engine: EmbeddedEngine, text: str) -> None:
    assert despair(text) == "emergency"
    told = _told(engine, text)
    assert told is not None
    assert told[0] == "110"
    assert engine.parse(text).emergency.situation == "self_harm"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", NOT_A_WISH)
def test_the_same_words_of_a_job_or_a_dispute_are_no_emergency(
    engine: EmbeddedEngine, text: str
) -> None:
    assert despair(text) is None
    assert _told(engine, text) is None


@pytest.mark.parametrize("text", TIRED_ONLY)
def test_exhaustion_alone_gets_the_safety_line(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.emergency is not None
    assert result.emergency.level == "borderline"
    assert _told(engine, text) is None


# 2. a danger told as a future worry: a hazard to report, no transfer
WORRIES = [
    "俺们楼道里天天有人给电动车充电 早晚得着火",  # trial8 F09
    "楼道里堆满了纸箱子 着了火可不得了 物业也不管",  # trial8 F09
    "小区门口那个加油站旁边有人卖烟花 迟早出大事",
    "那栋危房一直没人管 万一塌了砸着人咋办",
    "菜市场里私拉乱接电线 存在火灾隐患 赶紧来查查",
    "学校门口那个广告牌晃悠悠的 说不定哪天就掉下来",
]
WORRY_TWINS = [
    "俺们楼道里电动车充电着火了 烟可大了",
    "楼道里的纸箱子烧起来了 快来人",
    "那栋危房塌了 底下压着人",
]


@pytest.mark.parametrize("text", WORRIES)
def test_a_danger_in_the_future_is_no_emergency(engine: EmbeddedEngine, text: str) -> None:
    assert _told(engine, text) is None


@pytest.mark.parametrize("text", WORRY_TWINS)
def test_the_danger_happening_now_is_still_caught(engine: EmbeddedEngine, text: str) -> None:
    assert _told(engine, text) is not None


def test_unreal_blanks_only_the_worry() -> None:
    assert "着火" not in unreal("天天给电动车充电 早晚得着火")
    assert "抽过去了" in unreal("孩子抽过去了 万一出事咋办")
    assert unreal("屋里着火了 快来人") == "屋里着火了 快来人"


# 3.-4. ordinary appeals that only sound urgent, and their emergency twins
QUIET = [
    "明天俺们去堵政府大门",  # the lead's example
    "再不给俺们解决 俺们几十个人就去堵县政府大门",
    "工地半夜还在打桩 咚咚的吵得一宿睡不着",
    "晚上十二点了隔壁工地还在施工 机器响个不停",
    "有人在河道里偷挖沙子 河堤都快挖塌了",  # the triage helper's
    "村西头有人半夜偷偷采砂 河道都挖成大坑了",
    "孩子偷偷用我手机给游戏充了两千块钱 能退吗",  # the triage helper's
    "俺儿子在直播里打赏了八百块 平台能不能给退",
    "法院对面的公交站牌倒了",  # the triage helper's
    "人民路上的路牌被风刮倒了 没人管",
]
QUIET_TWINS = [
    "工地上打桩机倒了 压住了一个工人",
    "河边挖沙的坑塌了 有个人被埋在里头了",
    "公交站牌倒了 砸到一个老太太 流了好多血",
    "有人冒充客服让俺转账退游戏充值 俺已经转了三千",
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_appeals_that_sound_urgent_are_quiet(engine: EmbeddedEngine, text: str) -> None:
    assert _told(engine, text) is None


@pytest.mark.parametrize("text", QUIET_TWINS)
def test_their_twins_with_someone_hurt_are_caught(engine: EmbeddedEngine, text: str) -> None:
    assert not quiet(text)
    assert _told(engine, text) is not None


# a child carried off: 110; by a parent only when gone for days or unreachable
TAKEN = [
    "你们去查查那个小三 她把俺闺女抱走了",  # the triage helper's
    "俺前夫把孩子带走好几天联系不上",  # the triage helper's
    "菜市场里一个女的把俺孙子抱走了 追不上",
    "孩子被一个不认识的男的领走了 到现在没找着",
]
NOT_TAKEN = [
    "离婚判给俺了 孩子他爸把孩子带走了不让俺探视 法院不管吗",
    "他奶奶把孩子接走了 俺想问问幼儿园退费咋办",
]


@pytest.mark.parametrize("text", TAKEN)
def test_a_child_carried_off_is_a_110_emergency(engine: EmbeddedEngine, text: str) -> None:
    told = _told(engine, text)
    assert told is not None
    assert "110" in told


@pytest.mark.parametrize("text", NOT_TAKEN)
def test_a_custody_quarrel_is_no_emergency(engine: EmbeddedEngine, text: str) -> None:
    assert not child_taken(text)
    assert _told(engine, text) is None


# trial8 F21: someone staring at the river is a person at risk (110), nobody in the water
def test_a_person_staring_at_the_river_is_at_risk_not_drowning(engine: EmbeddedEngine) -> None:
    found = engine.parse("大桥底下有个人蹲了一下午了 一直往河里看").emergency
    assert found is not None
    assert found.situation == "self_harm"
    assert found.services[0] == "110"
    fallen = engine.parse("有个小孩掉河里了 在水里扑腾").emergency
    assert fallen is not None
    assert fallen.situation == "drowning"
