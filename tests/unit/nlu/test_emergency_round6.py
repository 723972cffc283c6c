"""Emergencies of the sixth round (issue 11, 第十三条(一)): missing people told only by
consequences, dangerous animals loose, a present fire in habit words; and the ordinary
appeals that must never be ended as emergencies (a hazard complaint, a past fall in a
complaint about lights, rubbish on a road, a bus question, the citizen's own unlawful plan,
an old injury in a wage dispute, a past school event with an insult).

``data/emergency_dev6.yml`` is the round's development set (written before any change,
tuned on); the sentences below were written for these tests and are in no training file
nor in the development set (a test checks it). trial3's F24, F46 and F49 are tested word
for word.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from nlu.danger import present_danger
from nlu.data import load_examples
from nlu.emergency import EmergencyCorpus, concepts
from nlu.emergency_states import state_matches
from nlu.engine import EmbeddedEngine
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR
from nlu.types import NluResult, TriageOutcome

DEV6: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "emergency_dev6.yml").read_text(encoding="utf-8")
)
#: Measured at the end of the round (tuned on: 30/30 found, 0 alarms among 32, no safety
#: line on the 10 plain appeals), rounded down.
DEV6_RECALL_FLOOR = 0.95
DEV6_PRECISION_FLOOR = 0.95

# (an emergency told by what follows, the number that must be told)
CONSEQUENCES = [
    ("俺奶奶记性不好 吃完晌午饭出去溜达 天擦黑了还不见回来", "110"),
    ("孩子在游乐场门口 俺低头看个手机的工夫就找不着了", "110"),
    ("俺老公昨晚出去喝酒 一夜没回 手机关机了", "110"),
    ("马戏团的狮子从笼子里跑出来了 在大街上", "110"),
    # a snake in a home: 119 catches snakes (eighth round), 110 is told after it
    ("有条毒蛇钻进了俺家院子 孩子在院里玩", "119"),
    ("一条没拴的大狗正在追着小孩咬", "110"),
    ("平常就爱在院里烧纸 这回把柴火垛点着了 火呼呼的", "119"),
    ("老板说不结清账不让走 把俺们仨锁在厂里了", "110"),  # held over a debt
    ("这会儿车库里冒黑烟了 俺家车在里头", "119"),  # smoke from a place now
    ("俺大姐前天晚上出去 到现在联系不上 打电话一直没人接", "110"),
    ("有个自称是俺老板的加了俺微信 让俺把工钱先转到一个账户上", "110"),  # a scam's wages
    ("网上找的兼职 刷了几单不给钱 还让我再交保证金", "110"),
    ("有人打电话自称是网贷平台的 说我再不还就上征信 让我把钱转到他给的账户", "110"),
]

# ordinary appeals: never an emergency
ORDINARY = [
    "小区有人从楼上扯电线下来给电动车充电 请处理",  # a hazard, nothing burning
    "楼道灯坏了 前几天俺爹下楼踩空摔了 现在在家养着 请物业修灯",  # a past fall
    "路上有一堆建筑垃圾 把路挡了一大半",  # rubbish on a road
    "老人坐公交车是不是免费的",  # a question
    "他再不还钱 俺就找人把他关起来",  # the citizen's own unlawful plan
    "俺男人在工地摔伤了腿 包工头不给医药费",  # an old injury in a wage dispute
    "俺孩子在学校被老师打了 你们这帮骗子",  # a past school event, an insult
    "去年俺家着火的事已经处理好了 想问问补助",  # settled
    "小区的垃圾桶好几天没人倒了",  # nothing suggesting danger
    "俺的三轮车被扣在停车场了 咋取出来",  # a vehicle held, nobody
]

# trial3 (docs/trials/2026-12-01-trial3.md), word for word
F24 = "我儿子王小军在实验小学被老师打了 你们这帮骗子"
F46 = "俺家那口子在工地干活摔着了 包工头不给钱看病"
F49 = "单县园艺街道湖西社区的垃圾桶三天没人倒了"


def _emergency(result: NluResult) -> tuple[str, ...] | None:
    if result.triage is None or result.triage.outcome is not TriageOutcome.EMERGENCY:
        return None
    return result.triage.services


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(("text", "service"), CONSEQUENCES)
def test_dangers_told_by_what_follows(engine: EmbeddedEngine, text: str, service: str) -> None:
    services = _emergency(engine.parse(text))
    assert services is not None, text
    assert services[0] == service, (text, services)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_appeals_are_never_ended_as_emergencies(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert _emergency(result) is None, (text, result.triage)
    assert result.emergency is None or result.emergency.level != "emergency", text


def test_f46_an_old_injury_in_a_wage_dispute_is_an_appeal_to_renshe(
    engine: EmbeddedEngine,
) -> None:
    result = engine.parse(F46)
    assert result.triage is None
    assert result.emergency is None  # not even the safety line
    assert result.category is not None
    assert result.category.unit_type == "department:人社", result.category


def test_f24_a_past_school_event_with_an_insult_is_an_appeal_and_warned(
    engine: EmbeddedEngine,
) -> None:
    result = engine.parse(F24)
    assert result.triage is None
    assert result.emergency is None
    assert result.abusive
    assert result.category is not None
    assert result.category.unit_type == "department:教育", result.category


def test_f49_no_safety_line_where_nothing_suggests_danger(engine: EmbeddedEngine) -> None:
    result = engine.parse(F49)
    assert result.triage is None
    assert result.emergency is None


def test_a_dangerous_animal_needs_to_be_loose_or_attacking() -> None:
    assert "wild_loose" in concepts(normalize("动物园的熊跑出来了"))
    assert "wild_loose" not in concepts(normalize("动物园的熊看着很瘦"))
    assert "wild_loose" not in concepts(normalize("邻居家的熊孩子跑出来了"))
    assert "animal_attack" in concepts(normalize("一条大狗见人就咬"))
    assert [r.name for r, _ in state_matches(normalize("山里的狼窜到村里来了"))] == [
        "a dangerous animal loose or attacking"
    ]
    # caught again, or a habit: no state
    assert not state_matches(normalize("跑出来的老虎已经抓回去了"))
    assert not state_matches(normalize("那条狗天天见人就咬 也没人管"))


def test_someone_not_home_and_unreachable_is_a_state_only_of_a_person_here() -> None:
    assert state_matches(normalize("俺对象一夜没回 手机关机"))
    # away working, or a habit: an appeal
    assert not state_matches(normalize("俺儿在外地打工 过年没回来 电话关机"))
    assert not state_matches(normalize("俺家老头子天天不回家 电话也不接"))


def test_a_missing_persons_phone_is_no_complaint_about_the_hotline() -> None:
    assert "service_complaint" not in concepts(normalize("俺哥一夜没回 电话打不通"))
    assert "service_complaint" in concepts(normalize("120打不通 太耽误事了"))


def test_a_phone_nobody_answers_is_no_past_matter() -> None:
    found = concepts(normalize("电话一直没人接"))
    assert "unreachable" in found
    assert "past" not in found
    assert "past" in concepts(normalize("一直没修"))


def test_held_over_a_debt_is_present_but_a_plan_to_lock_someone_up_is_not() -> None:
    assert present_danger(concepts(normalize("老板不给工钱 把俺锁在屋里不让出门")))
    assert not present_danger(concepts(normalize("他再不还钱 俺就找几个人把他关起来")))


def test_nobody_has_seen_them_is_no_danger_over() -> None:
    found = concepts(normalize("俺娘出门到现在没回来 问谁都说没看见"))
    assert "resolved" not in found
    assert "gone" in found


def test_dev6_recall_precision_and_no_safety_line(engine: EmbeddedEngine) -> None:
    positives = DEV6["positives"]
    found = [p for p in positives if _emergency(engine.parse(p["text"])) is not None]
    negatives = [t for group in DEV6["negatives"].values() for t in group]
    alarms = [t for t in negatives if _emergency(engine.parse(t)) is not None]
    recall = len(found) / len(positives)
    precision = len(found) / (len(found) + len(alarms))
    missed = [p["text"] for p in positives if p not in found]
    assert recall >= DEV6_RECALL_FLOOR, "missed:\n" + "\n".join(missed)
    assert precision >= DEV6_PRECISION_FLOOR, "false alarms:\n" + "\n".join(alarms)
    lines = [t for t in DEV6["no_line"] if engine.parse(t).emergency is not None]
    assert not lines, lines


def test_these_sentences_are_not_training_data() -> None:
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    written |= {e.text for e in load_examples(CONFIG_DIR)}
    dev = {p["text"] for p in DEV6["positives"]} | set(DEV6["no_line"])
    dev |= {t for group in DEV6["negatives"].values() for t in group}
    ours = {t for t, _ in CONSEQUENCES} | set(ORDINARY)
    compact = {_clean(t) for t in written}
    assert not {t for t in ours | dev if _clean(t) in compact}
    assert not {_clean(t) for t in ours} & {_clean(t) for t in dev}
