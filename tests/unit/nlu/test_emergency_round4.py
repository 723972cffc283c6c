"""Emergencies of the fourth round (issue 11, 第十三条(一)), by situation: a person in the
water, under what fell or caved in, a theft before one's eyes or just found, a chemical
leaking, and the states every situation shares (someone taken away, a farewell with no
answer, a live wire). ``data/emergency_fresh4.yml`` was written and committed before the
round's lexicon was finished and is never trained on; the sentences below were written for
these tests and are in no training file (a test checks both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nlu.data import load_examples
from nlu.emergency import URGENT_THRESHOLD, EmergencyCorpus, model_threshold
from nlu.emergency_eval import leave_situations_out
from nlu.emergency_states import state_matches
from nlu.engine import EmbeddedEngine
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR
from nlu.triage import emergency_matches
from nlu.types import TriageOutcome

DATA = Path(__file__).parent / "data"
FRESH: dict[str, list[Any]] = yaml.safe_load(
    (DATA / "emergency_fresh4.yml").read_text(encoding="utf-8")
)
FRESH5: dict[str, list[Any]] = yaml.safe_load(
    (DATA / "emergency_fresh5.yml").read_text(encoding="utf-8")
)

# (text, situation, the number that must be told), none of them in the corpus
BY_SITUATION = [
    ("俺家小子跟人去大沟里逮鱼 这会儿就剩一只鞋漂着", "drowning", "119"),
    ("有个老汉骑车拐弯没拐好 直接冲到河里去了 人还没露头", "drowning", "119"),
    ("俺家后头那堵土墙一下子塌了 俺婶子在墙根底下择菜", "collapse", "119"),
    ("修路挖的槽子塌了 有个工人被土埋到胸口了", "collapse", "119"),
    ("俺刚赶集回来 大门锁头叫人砸了 屋里翻得乱七八糟", "theft", "110"),
    ("有个人正在撬俺对门的防盗门 俺从窗户里看着呢", "theft", "110"),
    ("一辆拉液氯的槽罐车在国道边上漏了 一股子呛人的味", "chemical", "119"),
    ("俺闺女打电话说被人拉上车了 不知道在哪 电话就断了", "confinement", "110"),
    ("俺哥给俺发信息说这辈子活够了 对不起俺 现在电话打不通", "self_harm", "110"),
    ("有个小孩抓着掉下来的电线不撒手 浑身在抖", "electric", "119"),
]


@pytest.mark.parametrize(("text", "situation", "service"), BY_SITUATION)
def test_each_situation_through_the_engine(
    engine: EmbeddedEngine, text: str, situation: str, service: str
) -> None:
    result = engine.parse(text)
    assert result.triage is not None, (situation, text)
    assert result.triage.outcome is TriageOutcome.EMERGENCY
    assert service in result.triage.services, (situation, result.triage.services)


@pytest.mark.parametrize(
    ("text", "rule", "service"),
    [
        ("脚手架倒了 把俺爹压在底下了", "a person under what fell or caved in", "119"),
        ("厂房的顶子塌下来了 里面还有人在喊", "a collapse with people beneath or inside", "119"),
        ("楼下有人正在偷电动车", "a theft or a break-in before one's eyes", "110"),
        ("刚回来一看 家里遭贼了", "a theft or a break-in just found", "110"),
        ("有几个不认识的人在拆俺厂里的电机 往车上装", "things taken away by strangers", "110"),
        ("俺朋友说被人塞进车里了 手机被收了", "someone taken away by force and kept", "110"),
        ("俺妹子留了封遗书 人联系不上了", "a farewell and no answer", "110"),
        (
            "变压器那边有个人粘在上面 还冒火星",
            "a person held by a live wire, or a wire sparking",
            "119",
        ),
        ("化学品仓库的桶漏了一地 几个人都在咳", "a chemical leaking", "119"),
        ("煤气表那块一直咝咝地响", "gas hissing from an appliance", "119"),
        ("俺爹打完农药回来就站不稳 直吐", "sick after spraying a pesticide", "120"),
        ("路边有人在剪通信光缆 往车上装", "public property being taken apart", "110"),
        ("那个人说今晚就来弄死俺 俺一个人在家", "a threat for tonight or at the door", "110"),
        ("俺家的草房子坍了 俺姥姥还在里头", "a collapse with people beneath or inside", "119"),
        ("拉秸秆的拖拉机在半道上着了", "something alight", "119"),
    ],
)
def test_the_state_floor_of_the_fourth_round(text: str, rule: str, service: str) -> None:
    norm = normalize(text)
    assert rule in [r.name for r, _ in state_matches(norm)]
    assert service in {t.service for t in emergency_matches(norm)}


@pytest.mark.parametrize(
    "text",
    [
        "消防栓被埋在土里了 找不着",  # a thing buried, nobody under it
        "村里那间老屋塌了一角 没砸着人 想申请危房改造",  # over, nobody hurt
        "上个月家里被偷了 派出所到现在没信",  # past
        "电动车电瓶被偷了三回了 保安也不管",  # a habit, neglected
        "有人在偷偷往河里倒垃圾",  # 偷偷 is no theft
        "城管正在拆俺家的违建棚子",  # an authorised job, no stranger
        "楼顶漏水 打物业电话不接",  # a roof, not a farewell
        "装修完的新房子一股怪味 熏得眼睛睁不开",  # a smell, no dangerous chemical named
        "老板不让走 天天加班到半夜",  # a labour appeal, not confinement
        "去年有个孩子在那个坑里淹着了 坑到现在还没填",  # past
        "供电所的人在拆变压器 俺村停电一上午了",  # an authorised job
        "燃气表走得太快了 一个月用了三百块",  # a bill, no hiss
        "垃圾桶倒了 垃圾都在里面 没人收",  # a thing fell, nobody inside
        "电动车打不着了 去哪修",  # 打不着 is no fire
        "孩子睡着了以后老是说梦话",  # 睡着了 is no fire
        "商场门口的招牌晃晃悠悠的 怕掉下来砸着人",  # a worry about a thing
    ],
)
def test_the_new_states_keep_silent_outside_them(text: str) -> None:
    assert state_matches(normalize(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "消防栓被埋在土里了 找不着",
        "电动车电瓶被偷了三回了 保安也不管",
        "城管正在拆俺家的违建棚子",
        "楼顶漏水 打物业电话不接",
        "老房子的墙裂了一道缝 怕塌 申请危房改造",
        "商场门口的招牌晃晃悠悠的 怕掉下来砸着人",
    ],
)
def test_ordinary_appeals_of_the_same_words(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is None or result.triage.outcome is not TriageOutcome.EMERGENCY, (
        result.emergency
    )


@pytest.mark.parametrize(
    ("held", "recall", "precision"),
    [(FRESH, 0.9, 0.95), (FRESH5, 0.85, 0.95)],
    ids=["fresh4", "fresh5"],
)
def test_the_fresh_sets_are_found(
    engine: EmbeddedEngine, held: dict[str, list[Any]], recall: float, precision: float
) -> None:
    found = [
        p["text"]
        for p in held["positives"]
        if (t := engine.parse(p["text"]).triage) is not None
        and t.outcome is TriageOutcome.EMERGENCY
        and p["service"] in t.services
    ]
    alarms = [
        t
        for t in held["negatives"]
        if (r := engine.parse(t).triage) is not None and r.outcome is TriageOutcome.EMERGENCY
    ]
    # floors at the measured figures (bench/nlu.md), rounded down to 0.05
    assert len(found) / len(held["positives"]) >= recall
    assert len(found) / (len(found) + len(alarms)) >= precision


def test_these_sentences_are_not_training_data() -> None:
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    written |= {e.text for e in load_examples(CONFIG_DIR)}
    ours = {t for t, _, _ in BY_SITUATION} | {p["text"] for p in FRESH["positives"]}
    ours |= set(FRESH["negatives"]) | set(FRESH5["negatives"])
    ours |= {p["text"] for p in FRESH5["positives"]}
    assert not ours & written


def test_the_weakest_situations_held_out_together_are_still_found() -> None:
    corpus = EmergencyCorpus.load()
    extra = [e.text for e in load_examples(CONFIG_DIR)]
    held = frozenset({"drowning", "collapse", "burglary_theft", "chemical_leak"})
    result = leave_situations_out(corpus, extra, [held])
    assert result.summary()["recall"] >= 0.95, result.missed
    assert result.false_alarms / result.negatives <= 0.03, result.alarms


def test_nobody_answering_the_bell_is_no_frame() -> None:
    # "没人管" frames a neglected appeal, but not a person stuck where nobody answers
    found = emergency_matches(normalize("电梯里困了人 按铃没人管"))
    assert "119" in {t.service for t in found}


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("高速上一辆车打不着火了 停在车道中间", True),  # stopped on the motorway: a state
        ("电动车在小区门口打不着火了", False),  # a car that will not start
        ("自来水管子爆了 水哗哗地流", False),  # a leak is no state alone
        ("暖气片呲呲往外冒气", False),  # a hiss is no state alone
        ("燃气灶的管子一直呲呲往外漏气", True),  # beside a gas appliance it is
        ("俺闺女放学到现在没回来", True),  # someone not back
        ("钥匙找不着了", False),  # a thing not found
        ("楼顶的广告牌歪了 担心砸到行人", False),  # imagined harm from a thing
    ],
)
def test_states_lower_the_bar_only_with_what_they_need(text: str, low: bool) -> None:
    assert (model_threshold(normalize(text)) == URGENT_THRESHOLD) is low
