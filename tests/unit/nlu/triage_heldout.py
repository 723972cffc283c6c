"""Loading and scoring shared by the 第十三条 held-out test files (test_triage_heldout2 to
test_triage_heldout4): each file keeps its own floors, measurements and file checks.

A held-out file (read by :func:`tests.unit.nlu.triage_checks.load_set`) has ``positives``
(``text``, ``outcome``, ``kind``) and ``negatives`` (ordinary appeals that share their
words); the floors are shares from 0 to 1.
"""

from __future__ import annotations

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.types import TriageOutcome
from tests.unit.nlu.triage_checks import TriageSet


def outcome_of(engine: EmbeddedEngine, text: str) -> str | None:
    """The 第十三条 outcome the engine gives ``text`` (its value), ``None`` without one."""
    triage = engine.parse(text).triage
    return None if triage is None else triage.outcome.value


def share_right(engine: EmbeddedEngine, rows: list[dict[str, str]]) -> tuple[float, list[str]]:
    """(share given their outcome, the wrong ones as ``kind: text → got``; the outcome
    stands for the kind in a set without kinds)."""
    wrong = [
        f"{row.get('kind', row['outcome'])}: {row['text']} → {got}"
        for row in rows
        if (got := outcome_of(engine, row["text"])) != row["outcome"]
    ]
    return (len(rows) - len(wrong)) / len(rows), wrong


def assert_not_in_training(held: TriageSet) -> None:
    """No line of the set is in the triage lexicon nor in the training data."""
    lexicon = (CONFIG_DIR / "triage.yml").read_text(encoding="utf-8")
    examples = {e.text for e in load_examples(CONFIG_DIR)}
    assert not [t for t in held.texts if t in lexicon or t in examples]


def assert_outcome_floors(
    engine: EmbeddedEngine, held: TriageSet, floors: dict[TriageOutcome, float]
) -> None:
    """Each outcome's phrasings are given it at least at its floor (all the wrong ones are
    listed when one falls below)."""
    below: dict[str, str] = {}
    wrong_all: list[str] = []
    for outcome, floor in floors.items():
        share, wrong = share_right(engine, held.of_outcome(outcome))
        wrong_all += wrong
        if share < floor:
            below[outcome.value] = f"{share:.3f} < {floor}"
    assert not below, f"{below}\n" + "\n".join(wrong_all)


def assert_kind_floor(engine: EmbeddedEngine, held: TriageSet, kind: str, floor: float) -> None:
    """The phrasings of ``kind`` are given their outcome at least at ``floor``."""
    share, wrong = share_right(engine, held.of_kind(kind))
    assert share >= floor, "\n".join(wrong)


def assert_negatives_clear(engine: EmbeddedEngine, held: TriageSet, floor: float) -> None:
    """At least ``floor`` of the ordinary appeals get no 第十三条 finding at all."""
    caught = [f"{t} → {o}" for t in held.negatives if (o := outcome_of(engine, t)) is not None]
    right = (len(held.negatives) - len(caught)) / len(held.negatives)
    assert right >= floor, "caught:\n" + "\n".join(caught)
