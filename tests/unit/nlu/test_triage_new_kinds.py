"""Four more kinds of 第十三条 by concepts (issue 11): government information (二: refer to
依申请公开), who reported me (四: the informant is protected), a demand forced by blocking a
gate, a banner or a threat (五: persuade, public order), a private family matter (六: not a
government matter, explained courteously).

``data/triage_new_kinds.yml`` was committed before its lines were run (first run 16/21
right, 1/16 negatives caught; bench/nlu.md); the sentences below were written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nlu.engine import EmbeddedEngine
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR
from nlu.triage import other_triage
from nlu.types import TriageOutcome

KINDS: dict[str, list[Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "triage_new_kinds.yml").read_text(encoding="utf-8")
)
L = TriageOutcome.LEGAL_CHANNEL
S = TriageOutcome.SECRET_PRIVACY
U = TriageOutcome.UNLAWFUL
X = TriageOutcome.UNACCEPTABLE


@pytest.mark.parametrize(
    ("text", "outcome"), [(p["text"], p["outcome"]) for p in KINDS["positives"]]
)
def test_new_kinds_get_their_outcome(text: str, outcome: str) -> None:
    found = other_triage(normalize(text))
    assert found is not None, text
    assert found.outcome.value == outcome


@pytest.mark.parametrize("text", KINDS["negatives"])
def test_ordinary_appeals_near_the_new_kinds_get_none(text: str) -> None:
    assert other_triage(normalize(text)) is None


def test_the_lines_are_not_in_the_lexicon() -> None:
    lexicon = (CONFIG_DIR / "triage.yml").read_text(encoding="utf-8")
    texts = [p["text"] for p in KINDS["positives"]] + list(KINDS["negatives"])
    assert not [t for t in texts if t in lexicon]


@pytest.mark.parametrize(
    ("text", "outcome", "told"),
    [
        ("俺想看看市里批给那个化工项目的环评文件 能不能给俺一份", L, "依申请公开"),
        ("是哪个举报的俺家烧锅炉 你们得告诉俺", S, "保密"),
        ("再不给俺们结账 俺们就去把县政府的大门堵上", U, "治安管理处罚法"),
        ("恁给俺儿子做做工作 让他赶紧找个对象结婚", X, "不属于政府部门的职责"),
    ],
)
def test_each_new_kind_through_the_engine(
    engine: EmbeddedEngine, text: str, outcome: TriageOutcome, told: str
) -> None:
    result = engine.parse(text)
    assert result.triage is not None, text
    assert result.triage.outcome is outcome
    assert told in result.triage.reason
    assert "请" in result.triage.reason  # courteous: the citizen is told what to do


def test_a_forced_demand_is_persuaded_before_its_channel_is_told() -> None:
    # 上访 alone is a legal channel; the threat around it is a matter of public order
    found = other_triage(normalize("这事不给解决 俺就去上访 还要带着村民去拉横幅"))
    assert found is not None
    assert found.outcome is U


def test_complaining_that_the_informant_leaked_is_an_ordinary_appeal() -> None:
    assert other_triage(normalize("对方知道是谁举报的 肯定是你们泄露了我的信息")) is None
