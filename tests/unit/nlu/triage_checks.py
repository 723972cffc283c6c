"""Checks shared by the 第十三条 development-round test files (test_triage_dev3, dev16)."""

from __future__ import annotations

from collections import Counter

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.types import TriageOutcome

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
