"""Emergencies told by their consequences, and ordinary appeals that only look like them
(issue 11, 第十三条(一); third round).

Each kind is a state concept of ``config/nlu/emergency_concepts.yml`` (a person lying still
or in the water, a vehicle stopped on the motorway, money leaving in a scam, a child or a
confused elder gone, a place filling with smoke, someone driving recklessly) or a frame of
an ordinary appeal (nobody deals with it, it has lasted for years, a law suggestion, a drill,
a complaint about the emergency services, an idiom such as 黑灯瞎火). The sentences below
were written for these tests and are in no training file (a test checks it).
"""

from __future__ import annotations

import pytest

from nlu.emergency import (
    MIN_CHARS,
    NEVER,
    EmergencyCorpus,
    concepts,
    content_chars,
    model_threshold,
)
from nlu.emergency_states import state_matches
from nlu.engine import EmbeddedEngine
from nlu.normalize import normalize
from nlu.triage import emergency_matches
from nlu.types import TriageOutcome

# (text, the number that must be told): consequences only, none of them names the danger
STATES = [
    ("公园长椅上一个大爷歪在那 怎么拍都没反应", "120"),
    ("俺家老头子在地里干活 趴在垄沟里一动不动", "120"),
    ("有个小孩滑进鱼塘里了 就看见两只手在扑腾", "119"),
    ("俺表哥下河摸鱼 半天没浮上来", "119"),
    ("高架上有辆面包车熄火了 就停在快车道 后面车刹不住", "122"),
    ("国道上一辆拖挂车趴窝了 横在路中间 天黑了也没灯", "122"),
    ("一个自称是法院的打电话 让俺把存款转到安全账户 俺已经转了一笔", "110"),
    ("网上的导师带着刷流水 我已经充进去八万了 现在还让我再交", "110"),
    ("俺姥姥有点糊涂 下午出门买菜到现在还没回来", "110"),
    ("四岁的小孙子在超市门口一转眼就没了", "110"),
    ("出租屋里全是烟 隔壁的人还没出来", "119"),
    ("有个司机喝醉了开着车在集上横冲直撞", "122"),
]

# ordinary appeals: a tree or a sign down with nobody hurt, 偷偷, a law suggestion, a
# chronic illness in a welfare appeal, idioms, drills, complaints about the services,
# a neglected matter, a past danger, a name given with a phone
ORDINARY = [
    "学校门口那棵梧桐树被风刮断了 倒在人行道上 没砸着人 叫园林来拉走",
    "商场外墙的广告布被风刮开了一半 在那呼啦呼啦响 让他们固定一下",
    "有人偷偷在河堤上开荒种玉米",
    "建议把醉驾的罚款再提高一点 光拘留不够",
    "俺爹脑梗以后瘫在床上五六年了 残疾证能不能上门办",
    "晚上回家摸黑上楼 楼道灯一个也不亮",
    "家里困难 孩子的助学金怎么申请",
    "社区组织防汛演练 喇叭响了一上午 能不能小点声",
    "上回打120 救护车一个多小时才到 要投诉",
    "村西头那座小桥塌了一块 也没人修",
    "前年俺家着过一回火 保险到现在也没赔",
    "焦 18653001234",
    "麦收以后天天有人在地头烧麦秸 烟大得呛人 环保也不来管",
]


@pytest.mark.parametrize(("text", "service"), STATES)
def test_emergencies_told_by_their_consequences(
    engine: EmbeddedEngine, text: str, service: str
) -> None:
    result = engine.parse(text)
    assert result.triage is not None, text
    assert result.triage.outcome is TriageOutcome.EMERGENCY
    assert service in result.triage.services


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_appeals_that_look_like_emergencies(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is None or result.triage.outcome is not TriageOutcome.EMERGENCY, (
        result.emergency
    )


def test_these_sentences_are_not_training_data() -> None:
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    assert not ({t for t, _ in STATES} | set(ORDINARY)) & written


@pytest.mark.parametrize(
    ("text", "rule", "service"),
    [
        ("路边有个大姐躺着 叫也叫不应", "person lying still", "120"),
        ("俺闺女掉进水坑里了 够不着底", "person in the water", "119"),
        ("快速路上一辆车抛锚了 没开双闪", "vehicle stopped on the motorway", "122"),
        ("有个自称客服的让我开通备用金 我正在操作", "money leaving in a scam", "110"),
        ("俺爷爷老年痴呆 早上出去到现在没回家", "a child or a confused elder gone", "110"),
        ("地下室往外冒黑烟", "smoke filling a place", "119"),
    ],
)
def test_the_state_floor_needs_no_model(text: str, rule: str, service: str) -> None:
    norm = normalize(text)
    assert rule in [r.name for r, _ in state_matches(norm)]
    assert service in {t.service for t in emergency_matches(norm)}


@pytest.mark.parametrize(
    "text",
    [
        "上个月有辆车在高速上抛锚了 拖车费太贵",  # past
        "要是老人在高速上车坏了该怎么办",  # hypothetical
        "电视上说有个老人掉进河里被救上来了",  # told
        "高速上车坏了停在应急车道 拖车收费怎么这么高 要投诉",  # complaint
        "孩子在外地打工 过年没回家",  # away on purpose
        "夜里有人开着车乱跑炸街 吵得睡不着",  # a nuisance
        "学校组织演练 老师假装溺水 让学生练习救人",  # a drill
    ],
)
def test_the_state_floor_keeps_silent_inside_a_frame(text: str) -> None:
    assert state_matches(normalize(text)) == []


@pytest.mark.parametrize(
    ("text", "concept", "absent"),
    [
        ("黑灯瞎火的", "idiom", "fire"),
        ("家里贫困", "idiom", "trapped"),
        ("晚上摸黑走", "idiom", "crime"),
        ("有人偷偷倒垃圾", "idiom", "crime"),
    ],
)
def test_idioms_hide_the_danger_words_they_contain(text: str, concept: str, absent: str) -> None:
    found = concepts(text)
    assert concept in found
    assert absent not in found


def test_a_shorter_word_at_the_same_place_counts_too() -> None:
    # "刚转" (money leaving) starts where "刚" (now) does: both are found
    assert {"now", "money_out"} <= concepts("我刚转了五千")


def test_a_name_and_a_phone_is_never_an_alarm_by_the_model() -> None:
    assert content_chars("焦 13853100134") == 1 < MIN_CHARS
    assert model_threshold("焦 13853100134") == NEVER > 1.0
    assert model_threshold("屋里着火了快来人") < 0.5


def test_the_situation_seen_adds_its_numbers_after_the_rules(engine: EmbeddedEngine) -> None:
    # a crash found by the rules (122); the model's situation (a traffic accident) adds 120,
    # told first since someone is hurt (nlu.emergency_numbers: the life saved first)
    result = engine.parse("国道上两辆大货车撞一块了 有人在车里直喊疼")
    assert result.triage is not None
    assert result.triage.services[:2] == ("120", "122")
