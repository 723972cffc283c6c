"""Emergency detection that generalises (issue 11, 第十三条(一)).

The held-out phrasings (data/emergency_heldout.yml) were written before the corpus and are
never trained on; whole situations are held out of training to test generalisation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nlu.data import load_examples
from nlu.emergency import EmergencyCorpus
from nlu.emergency_eval import leave_situations_out
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.types import TriageOutcome

HELDOUT = yaml.safe_load(
    (Path(__file__).parent / "data" / "emergency_heldout.yml").read_text(encoding="utf-8")
)

ISSUE_EXAMPLES = [  # each missed before; the kinds: burglary just discovered, a group fight
    # in other words, telephone fraud with money going now, a fall from a height, an injured
    # person lying still after a fight
    ("刚下班回来发现家门被撬了，屋里翻得乱七八糟，钱和金首饰都没了", "110"),
    ("菜市场门口七八个人拿着钢管在互殴，场面很乱", "110"),
    ("我妈正在银行给一个自称公安的人转账，说是安全账户，我拦不住，快帮帮我", "110"),
    ("工人从三楼脚手架上掉下来了，躺地上动不了", "120"),
    ("俩人打完架，一个满头是血躺在地上一动不动", "120"),
]


@pytest.mark.parametrize(("text", "service"), ISSUE_EXAMPLES)
def test_issue_examples_are_emergencies(engine: EmbeddedEngine, text: str, service: str) -> None:
    result = engine.parse(text)
    assert result.emergency is not None
    assert result.emergency.level == "emergency"
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.EMERGENCY
    assert service in result.triage.services
    assert result.triage.service == result.triage.services[0]


def test_heldout_phrasings_recall_and_precision(engine: EmbeddedEngine) -> None:
    found = [
        p
        for p in HELDOUT["positives"]
        if (r := engine.parse(p["text"])).triage is not None
        and r.triage.outcome is TriageOutcome.EMERGENCY
    ]
    alarms = [
        t
        for t in HELDOUT["negatives"]
        if (r := engine.parse(t)).triage is not None and r.triage.outcome is TriageOutcome.EMERGENCY
    ]
    recall = len(found) / len(HELDOUT["positives"])
    precision = len(found) / (len(found) + len(alarms))
    assert recall >= 0.95, [p["text"] for p in HELDOUT["positives"] if p not in found]
    assert precision >= 0.95, alarms
    right = sum(
        p["service"] in engine.parse(p["text"]).triage.services  # type: ignore[union-attr]
        for p in found
    )
    assert right / len(found) >= 0.95


BLIND = yaml.safe_load(
    (Path(__file__).parent / "data" / "emergency_blind.yml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("held_file", [HELDOUT, BLIND], ids=["heldout", "blind"])
def test_heldout_lines_are_not_in_the_corpus(held_file: dict[str, list[Any]]) -> None:
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    written |= {e.text for e in load_examples(CONFIG_DIR)}
    held = {p["text"] for p in held_file["positives"]} | set(held_file["negatives"])
    assert not (held & written)


def test_blind_set_covers_every_kind_of_situation() -> None:
    kinds = {p["situation"] for p in BLIND["positives"]}
    assert {"fire", "gas", "trapped", "drowning", "collapse", "medical", "violence"} <= kinds
    assert {"theft", "fraud", "missing", "self_harm", "confinement", "drugs"} <= kinds
    assert {"traffic", "dangerous_traffic"} <= kinds
    assert len(BLIND["positives"]) >= 140
    assert len(BLIND["negatives"]) >= 100


@pytest.mark.parametrize(
    "held",
    [
        ("poisoning", "robbery", "collapse"),
        ("drowning", "fraud", "fall"),
        ("self_harm", "drugs", "dangerous_traffic"),
    ],
)
def test_situations_held_out_of_training_are_still_found(held: tuple[str, ...]) -> None:
    corpus = EmergencyCorpus.load()
    extra = [e.text for e in load_examples(CONFIG_DIR)]
    result = leave_situations_out(corpus, extra, [frozenset(held)])
    summary = result.summary()
    assert summary["recall"] >= 0.9, result.missed
    # One fold holds out a fifth of the ~2,800 negatives against ~60 positives, so its
    # precision mostly reflects that ratio; the false-alarm rate on the unseen negatives
    # is the fold's own measure (the 29-fold precision is in bench/nlu.md).
    assert result.false_alarms / result.negatives <= 0.03, result.alarms


@pytest.mark.parametrize(
    "text",
    [
        "小区消防通道被私家车占了",
        "我要投诉120急救车收费太贵",
        "去年报警的事现在有进展了吗",
        "去年着火的赔偿到现在还没给",
        "楼道里的灭火器都过期了",
        "电动车电瓶老是被偷",
        "建议在河边装个防溺水的牌子",
        "交通事故的理赔太慢了",
        # frames: told, imagined, over or asked about (issue 11's kind: not happening now)
        "昨天新闻里说的那场大火是哪个厂子的",
        "我梦见俺家孩子掉河里了，醒了心还扑通扑通的",
        "刚才闻着像煤气味，检查了一下不是煤气，是垃圾桶的味",
        "上回打架的那两家已经调解完了，想问问调解书去哪拿",
        "消防安全检查不合格的地方都整改完了，找谁来复查",
        "小区里有人偷偷在楼道里堆纸箱子",
    ],
)
def test_words_of_emergencies_in_ordinary_appeals(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is None or result.triage.outcome is not TriageOutcome.EMERGENCY
    assert result.emergency is None or result.emergency.level != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "楼道里有点烧焦的味，找了一圈也没看到哪着火",  # held out
        "楼道里好像有点焦糊味，不知道是不是哪里着了",
        "电线杆被风刮得歪得厉害，底下是人行道",
    ],
)
def test_borderline_gives_the_safety_line_and_goes_on(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.emergency is not None
    assert result.emergency.level == "borderline"
    assert "110" in result.emergency.reason or "119" in result.emergency.reason
    assert result.triage is None or result.triage.outcome is not TriageOutcome.EMERGENCY


@pytest.mark.parametrize(
    ("text", "services"),
    [
        ("有人拿刀把人砍伤了，流了好多血", ("120", "110")),
        ("出车祸了，有人被撞伤了躺在地上", ("120", "122")),
        ("国道上三轮车和轿车撞了 有人受伤", ("120", "122")),  # someone hurt: 120 first
        ("我家着火了", ("119",)),
    ],
)
def test_every_number_to_tell_in_order(
    engine: EmbeddedEngine, text: str, services: tuple[str, ...]
) -> None:
    result = engine.parse(text)
    assert result.triage is not None
    assert set(services) <= set(result.triage.services)
    assert result.triage.services[0] == services[0]
