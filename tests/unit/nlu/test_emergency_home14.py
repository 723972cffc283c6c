"""Domestic violence against the citizen told with habit words (trial10 N06): a beating by
kin or a partner that happened today or just now is 110, however the habit is told around
it (天天, 老是, 经常, 又); a beating that is over (去年, 以前, 离婚了) or negated is an
ordinary appeal. The intake goes on either way (the finding is the emergency's; the
intent stays an appeal).

None of these lines was tuned on (nlu/emergency_home.py was written from the kind), but
the two regressions marked in ``NOT_NOW``.
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, assert_not_in_training, assert_number_told

#: Today or now, wrapped in a habit: 110.
BEATEN_TODAY: list[str] = [
    "俺家掌柜的老是喝了酒就撒酒疯 今天晌午又把俺打了一顿",
    "我老公经常对我动手 今天早上又打我了 脸都肿了",
    "俺男人一喝酒就打人 刚刚又打了俺 俺躲到邻居家了",
    "俺媳妇脾气不好 总动手打俺 今儿个又打了",
    "俺儿子天天跟俺要钱 不给就打俺 刚才又打俺了",
    "我对象三天两头打我 这会儿又动手了",
    "孩子他爹成天喝酒 喝醉了就揍俺 今晚上又挨揍了",
]

#: Over, negated or not the citizen: no number told.
NOT_NOW: list[str] = [
    "前些年俺男人老打俺 后来离婚了 现在想问问孩子的抚养费咋要",
    "俺老公以前喝了酒就打我 这两年改好了",
    "俺男人天天喝酒 今天倒是没打俺 就是不给家里钱",
    "我老公老是不回家 今天又去打麻将了",
    "俺家那口子天天打游戏 今儿又打了一宿",
    # found while writing (a child beaten at school, a near miss): kept as regressions
    "俺闺女今天挨打了 在学校让同学打的",
    "俺男人今天跟俺吵了一架 差点打俺",
]


def test_lines_are_not_in_the_training_data() -> None:
    assert_not_in_training(set(BEATEN_TODAY) | set(NOT_NOW))


@pytest.mark.parametrize("text", BEATEN_TODAY)
def test_beaten_today_is_110(engine: EmbeddedEngine, text: str) -> None:
    assert_number_told(engine, text, "110")


@pytest.mark.parametrize("text", BEATEN_TODAY)
def test_beaten_today_stays_an_appeal(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.intent.name == "appeal", (text, result.intent)


@pytest.mark.parametrize("text", NOT_NOW)
def test_not_now_is_no_emergency(engine: EmbeddedEngine, text: str) -> None:
    assert_no_number(engine.parse(text), text)


#: Told with a habit: the violence at home is also the appeal the intake goes on with.
HABIT_TOLD: list[str] = [
    *BEATEN_TODAY,
    "俺老头子动不动就打俺 今天又打了俺一顿",
    "我老婆隔三差五就跟我动手 今天又把我打了",
]


@pytest.mark.parametrize("text", HABIT_TOLD)
def test_the_habit_is_kept_as_the_appeal(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.beside is not None, text
    assert_number_told(engine, text, "110")


def test_a_beating_now_with_no_habit_keeps_no_appeal_beside(engine: EmbeddedEngine) -> None:
    # the emergency alone: nothing lasting told beside it (nlu.emergency_appeal.beside)
    assert engine.parse("俺男人拿着棍子正在打俺 俺锁在屋里了").beside is None
