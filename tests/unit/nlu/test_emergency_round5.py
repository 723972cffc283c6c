"""Emergencies of the fifth round (issue 11, 第十三条(一)): a present danger is never
silenced by the frame of an ordinary appeal, dangers told only by what follows, and the
precision kinds new users met (an old injury in a money dispute, an insult word, an
ordinary nuisance). Every sentence below was written for these tests and is in no training
file (a test checks it).
"""

from __future__ import annotations

import pytest

from nlu.danger import present_danger
from nlu.data import load_examples
from nlu.emergency import (
    URGENT_THRESHOLD,
    EmergencyCorpus,
    concepts,
    has_danger,
    model_threshold,
)
from nlu.engine import EmbeddedEngine
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR
from nlu.types import TriageOutcome

# (a frame word with a present danger, the same frame without it, the frame's name)
PAIRS = [
    (
        "楼上那家门口堆的纸箱子没人管 这会儿烧起来了 楼道里全是烟",
        "楼上那家门口堆的纸箱子没人管 堵着楼道",
        "neglect",
    ),
    (
        "这个路口经常出事 刚才一个骑电动车的被撞了 躺那儿一动不动",
        "这个路口经常出事 建议装个红绿灯",
        "habit",
    ),
    (
        "打了好几遍120都占线 俺爷爷没气了 快来人",
        "120电话老是占线 服务太差了",
        "service_complaint",
    ),
    (
        "上回有人偷过俺家 刚才又有人正在撬俺家窗户",
        "上回俺家被偷了 到现在也没抓着人",
        "past",
    ),
    (
        "天天担心俺爹出事 刚才他栽河里了 还在水里扑腾",
        "天天担心俺爹在河边钓鱼出事",
        "worry",
    ),
    (
        "隔壁天天吵 刚才男的拿刀把女的砍了 一地血",
        "隔壁天天吵 半夜都睡不着",
        "nuisance",
    ),
    (
        "包工头不给工钱 有个工友刚从楼上跳下来 躺地上不动了",
        "包工头不给工钱 工友们都没钱过年",
        "dispute",
    ),
    (
        "俺家电线老化了 恁给修修 俺娘刚才碰着电线倒在地上了 叫不醒",
        "俺家电线老化了 恁给修修",
        "fix",
    ),
    (
        "俺儿在外地打工 刚才给俺发消息说活够了 现在打电话关机",
        "俺儿在外地打工 过年回不来",
        "away",
    ),
    (
        "想投诉这个工地 刚才沟塌了 底下有人在喊",
        "想投诉这个工地 晚上施工太吵",
        "complaint",
    ),
]

# dangers told only by what follows (item 2), with the number that must be told
CONSEQUENCES = [
    ("她留了句话说以后别找她 手机关机了", "110"),
    ("俺家小孙女刚刚还在超市里跟着俺 一转身就没了", "110"),
    ("路边坐着个大爷 迷迷糊糊的 记不得家在哪了", "110"),
    ("俺婶子跟俺叔吵完架 喝了半瓶敌敌畏", "120"),
    ("俺爹浇地碰着电线了 倒那儿了 喊他不答应", "120"),
    ("邻居家的牛惊了 把人顶伤了 现在还满村跑", "110"),
    ("有个人开着车在幼儿园门口来回飙 孩子们都在那", "122"),
    ("俺地头那块地里种的全是罂粟", "110"),
    ("刚才自称是客服的让俺下载软件 钱一下子被转走了", "110"),
]

# the precision kinds new users met: no emergency, no safety line
ORDINARY = [
    "俺老公在工地上摔伤了腿 包工头到现在一分钱也不给",  # an old injury in a money dispute
    "俺大哥在厂里干活被机器夹着手了 老板不给出医药费",
    "俺闺女在学校被老师打了一巴掌 你们都是一帮骗子",  # a past event and an insult
    "你们这群骗子 反映了八回都没人来",
    "小区垃圾桶好几天没人倒了",  # an ordinary nuisance
    "门口垃圾堆了一个星期没人拉",
    "楼下的垃圾箱一个礼拜没人倒了 味大得很",
]


def _emergency(engine: EmbeddedEngine, text: str) -> tuple[str, ...] | None:
    result = engine.parse(text)
    if result.triage is None or result.triage.outcome is not TriageOutcome.EMERGENCY:
        return None
    return result.triage.services


@pytest.mark.parametrize(("danger", "plain", "frame"), PAIRS)
def test_a_frame_never_silences_a_present_danger(
    engine: EmbeddedEngine, danger: str, plain: str, frame: str
) -> None:
    assert _emergency(engine, danger) is not None, frame
    assert _emergency(engine, plain) is None, frame


@pytest.mark.parametrize(("danger", "plain", "frame"), PAIRS)
def test_present_danger_sets_the_lowest_bar(danger: str, plain: str, frame: str) -> None:
    assert present_danger(concepts(normalize(danger))), frame
    assert model_threshold(normalize(danger)) == URGENT_THRESHOLD
    assert not present_danger(concepts(normalize(plain))), frame


@pytest.mark.parametrize(
    "text",
    [
        "消防演练 模拟有人被困在楼道里 全是烟",  # a drill
        "昨天电视上演的 有人掉河里了 没上来",  # told
        "刚才孩子掉河里了 幸亏抢救过来了 没事了",  # over
        "去年俺爹掉河里了 赔偿到现在也没给",  # past without a word of the present
    ],
)
def test_negating_frames_and_the_past_are_no_present_danger(text: str) -> None:
    assert not present_danger(concepts(normalize(text)))


@pytest.mark.parametrize(("text", "service"), CONSEQUENCES)
def test_dangers_told_by_what_follows(engine: EmbeddedEngine, text: str, service: str) -> None:
    services = _emergency(engine, text)
    assert services is not None, text
    assert service in services, (text, services)


@pytest.mark.parametrize("text", ORDINARY)
def test_precision_kinds_of_new_users(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.emergency is None, (text, result.emergency)


def test_an_injury_told_with_zhaole_is_no_fire() -> None:
    found = concepts(normalize("在工地干活摔着了"))
    assert "alight" not in found
    assert "fire" not in found
    assert "harm" in found


def test_emptying_a_bin_is_no_collapse() -> None:
    found = concepts(normalize("垃圾桶三天没人倒了"))
    assert "caved" not in found
    assert "trapped" not in found
    assert "caved" in concepts(normalize("院墙一下子倒了"))


def test_until_now_is_urgent_only_of_someone_still_gone() -> None:
    gone = normalize("俺家小子早上出去的 到现在都没见人影 电话也联系不上")
    unpaid = normalize("俺爹前几年让车撞断了腿 到现在一分钱也没拿到")
    assert model_threshold(gone) == URGENT_THRESHOLD
    assert model_threshold(unpaid) > URGENT_THRESHOLD


def test_a_service_not_back_yet_is_no_danger() -> None:
    assert not has_danger(normalize("从昨天下午到现在还没来电"))
    assert has_danger(normalize("俺娘从昨天下午出门到现在还没回"))


def test_an_insult_is_no_crime() -> None:
    assert "crime" not in concepts(normalize("你们这帮骗子"))
    assert "crime" in concepts(normalize("有个骗子冒充客服"))


def test_these_sentences_are_not_training_data() -> None:
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    written |= {e.text for e in load_examples(CONFIG_DIR)}
    ours = {t for pair in PAIRS for t in pair[:2]} | {t for t, _ in CONSEQUENCES}
    ours |= set(ORDINARY)
    assert not ours & written
