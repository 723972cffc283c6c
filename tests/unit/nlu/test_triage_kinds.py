"""第十三条 (四), (五), (六) and matters outside Heze by kind (concepts, not a closed list).

The held-out phrasings (data/triage_heldout.yml) were written and committed before the
concept lexicon (config/nlu/triage.yml) and are not in it; the precision side is every
appeal and dialogue training example of config/nlu (ordinary matters: none may be caught).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR
from nlu.triage import concept_triage, other_place, other_triage
from nlu.types import TriageOutcome

HELD = yaml.safe_load(
    (Path(__file__).parent / "data" / "triage_heldout.yml").read_text(encoding="utf-8")
)


def _outside(text: str) -> str | None:  # the engine's own check (X市) finds none of these
    return None


@pytest.mark.parametrize(
    ("text", "outcome"),
    [(p["text"], p["outcome"]) for p in HELD["positives"]],
)
def test_heldout_phrasings_get_their_outcome(text: str, outcome: str) -> None:
    found = other_triage(normalize(text), _outside)
    assert found is not None, text
    assert found.outcome.value == outcome


@pytest.mark.parametrize("text", HELD["negatives"])
def test_heldout_ordinary_appeals_get_none(text: str) -> None:
    assert other_triage(normalize(text), _outside) is None


#: Training examples that are themselves 第十三条 matters, not ordinary appeals: an
#: official's corruption (二: 纪检监察, the closed rules tell the same channel) and private
#: errands the intent model already calls out of scope (六).
_NOT_ORDINARY = ("appeal__纪检监察", "out_of_scope")


def test_no_training_example_is_caught_by_the_concepts() -> None:
    caught = [
        e.text
        for e in load_examples(CONFIG_DIR)
        if not e.intent.startswith(_NOT_ORDINARY)
        and (concept_triage(normalize(e.text)) or other_place(normalize(e.text)))
    ]
    assert caught == []


def test_the_not_ordinary_examples_get_the_outcome_of_their_kind() -> None:
    found = {
        e.intent.split("__")[0] + ("__" + e.intent.split("__")[1] if "__" in e.intent else ""): t
        for e in load_examples(CONFIG_DIR)
        if e.intent.startswith(_NOT_ORDINARY) and (t := concept_triage(normalize(e.text)))
    }
    assert {k: v.outcome for k, v in found.items()} == {
        "appeal__纪检监察": TriageOutcome.LEGAL_CHANNEL,
        "out_of_scope": TriageOutcome.UNACCEPTABLE,
    }


def test_heldout_lines_are_not_in_the_lexicon() -> None:
    lexicon = (CONFIG_DIR / "triage.yml").read_text(encoding="utf-8")
    texts = [p["text"] for p in HELD["positives"]] + list(HELD["negatives"])
    assert not [t for t in texts if t in lexicon]


# The kinds through the whole engine (the matter's place decides whether the check for
# another place runs at all).
@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("能不能托人给俺弄个假的残疾证", TriageOutcome.UNLAWFUL),
        ("你们跟交警说说 俺那辆车的罚单别处理了", TriageOutcome.UNLAWFUL),
        ("俺想知道那个跟俺吵架的人家住在哪 恁给俺查查", TriageOutcome.SECRET_PRIVACY),
        ("建议国家制定一部法律 专门管农村彩礼", TriageOutcome.UNACCEPTABLE),
        ("俺们是安徽砀山的 村里的自来水有股怪味", TriageOutcome.UNACCEPTABLE),
    ],
)
def test_each_kind_through_the_engine(
    engine: EmbeddedEngine, text: str, outcome: TriageOutcome
) -> None:
    result = engine.parse(text)
    assert result.triage is not None, text
    assert result.triage.outcome is outcome


@pytest.mark.parametrize(
    "text",
    [
        "去济南看病的报销比例怎么这么低",  # a Heze citizen treated elsewhere
        "俺儿子在郑州上学 学费减免怎么申请",  # studying elsewhere
        "俺是牡丹区的 在商丘打工 老板欠俺工资",  # a Heze place is named
        "有人在网上卖假学历证书 你们查一查",  # a report, not a request
        "学历证书丢了 能不能帮我补办一个",  # a true document
        "我想查一下我自己的公积金缴存明细",  # their own records
        "我想了解一下新出台的法律援助政策",  # asking about a law, not making one
    ],
)
def test_ordinary_appeals_near_the_kinds_get_no_such_finding(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert (
        result.triage is None
        or result.triage.outcome is TriageOutcome.EMERGENCY
        or (result.triage.outcome is TriageOutcome.LEGAL_CHANNEL)
    ), result.triage
    assert result.triage is None or result.triage.outcome not in (
        TriageOutcome.UNLAWFUL,
        TriageOutcome.SECRET_PRIVACY,
        TriageOutcome.UNACCEPTABLE,
    )


def test_the_place_is_told_as_the_citizen_named_it() -> None:
    assert other_place("俺是河南商丘睢阳区的 俺们小区停水了") == "河南商丘睢阳"
    assert other_place("北京路上的路灯不亮") is None  # a road named after a city
