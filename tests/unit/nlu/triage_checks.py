"""Checks shared by the 第十三条 test files: the development rounds (test_triage_dev3,
dev16) and, for loading their set, the held-out ones (tests/unit/nlu/triage_heldout.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from config.settings import DATA_DIR
from dialogs.context import DialogContext
from dialogs.wording import load_wording
from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.types import TriageOutcome
from tests.unit.dialogs.dialog_helpers import NO_DETAIL, Chat, texts

#: The outcomes' short names in the tables of sentences.
L = TriageOutcome.LEGAL_CHANNEL
S = TriageOutcome.SECRET_PRIVACY
U = TriageOutcome.UNLAWFUL
X = TriageOutcome.UNACCEPTABLE
E = TriageOutcome.EMERGENCY


def assert_kind_with_its_rule(
    engine: EmbeddedEngine,
    text: str,
    outcome: TriageOutcome,
    kind: str,
    sources: tuple[str, ...] = ("《",),
) -> None:
    """The engine finds ``outcome``/``kind`` for ``text``, names the rule's source (one of
    ``sources``) and tells the citizen courteously what to do."""
    found = engine.parse(text).triage
    assert found is not None, text
    assert (found.outcome, found.kind) == (outcome, kind)
    assert any(s in found.reason for s in sources)  # the rule's source is named
    assert "请" in found.reason  # courteous: the citizen is told what to do


def outcomes_below(
    engine: EmbeddedEngine, positives: list[dict[str, str]], floor: float
) -> dict[str, float]:
    """outcome → share of its development phrasings given it, for those under ``floor``."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in positives:
        total[row["outcome"]] += 1
        found = engine.parse(row["text"]).triage
        right[row["outcome"]] += found is not None and found.outcome.value == row["outcome"]
    return {o: right[o] / total[o] for o in total if right[o] / total[o] < floor}


def lines_in_training(texts: list[str]) -> list[str]:
    """The test lines found in the kinds corpus, the triage lexicon or the training data."""
    corpus = (CONFIG_DIR / "triage_kinds.yml").read_text(encoding="utf-8")
    lexicon = (CONFIG_DIR / "triage.yml").read_text(encoding="utf-8")
    examples = {e.text for e in load_examples(CONFIG_DIR)}
    return [t for t in texts if t in corpus or t in lexicon or t in examples]


def assert_answered_without_intake(engine: EmbeddedEngine, text: str, told: str) -> None:
    """On the web, ``text`` is answered (the reply tells ``told``: the kind's reason) and
    recorded as disposed of, and no intake starts."""
    chat = Chat(DialogContext.for_channel("web", load_wording(DATA_DIR), NO_DETAIL))
    acts = chat.say(text, engine.parse(text))
    assert [a.type for a in acts] == ["reply", "record_disposition"]
    assert told in texts(acts)
    assert chat.flow == "idle"


#: The development and held-out sets' files.
DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class TriageSet:
    """One development or held-out set: its phrasings with their outcome, and its
    ordinary appeals."""

    positives: list[dict[str, str]]
    negatives: list[str]

    @property
    def texts(self) -> list[str]:
        """Every line of the set, positives first."""
        return [p["text"] for p in self.positives] + self.negatives

    def of_outcome(self, outcome: TriageOutcome) -> list[dict[str, str]]:
        """The phrasings whose expected outcome is ``outcome``."""
        return [p for p in self.positives if p["outcome"] == outcome.value]

    def of_kind(self, kind: str) -> list[dict[str, str]]:
        """The phrasings of one kind (``outside_heze`` ...)."""
        return [p for p in self.positives if p["kind"] == kind]


def load_set(name: str) -> TriageSet:
    """The set ``data/<name>.yml``, every value read as a string."""
    raw: object = yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))
    assert isinstance(raw, dict), name
    positives = raw["positives"]
    negatives = raw["negatives"]
    assert isinstance(positives, list), name
    assert isinstance(negatives, list), name
    rows: list[dict[str, str]] = []
    for row in positives:
        assert isinstance(row, dict), row
        rows.append({str(k): str(v) for k, v in row.items()})
    return TriageSet(rows, [str(t) for t in negatives])
