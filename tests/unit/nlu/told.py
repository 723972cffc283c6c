"""What an emergency answer tells (第十三条(一)), and how the blind emergency sets are scored.

Shared by the emergency test files (``numbers_told``, ``assert_no_number``,
``assert_number_told``) and by test_blind4 to test_blind9 (``Measure``, ``measure``,
``clean``, ``assert_well_formed``, ``assert_not_in_training``, ``assert_floors``; blind7 to
blind9 also ``load_blind``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from nlu.data import load_examples
from nlu.emergency import EmergencyCorpus
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.types import NluResult, TriageOutcome


def numbers_told(result: NluResult) -> tuple[str, ...] | None:
    """The numbers told, in order, when ``result`` is an emergency; ``None`` otherwise."""
    triage = result.triage
    if triage is None or triage.outcome is not TriageOutcome.EMERGENCY:
        return None
    return triage.services or ((triage.service,) if triage.service else ())


def assert_no_number(result: NluResult, text: str) -> None:
    """An ordinary appeal: no number told, and no emergency-level risk."""
    assert numbers_told(result) is None, (text, result.triage)
    assert result.emergency is None or result.emergency.level != "emergency", text


def assert_number_told(engine: EmbeddedEngine, text: str, service: str) -> None:
    """An emergency whose numbers told include ``service``."""
    services = numbers_told(engine.parse(text))
    assert services is not None, text
    assert service in services, (text, services)


@dataclass(frozen=True)
class Measure:
    """Recall and precision on a blind set, with what went wrong.

    ``wrong_service``: found positives whose expected number was not among those told;
    ``wrong_first``: found positives whose expected number was not the first told.
    """

    missed: list[dict[str, str]]
    alarms: list[str]
    total: int
    wrong_service: list[dict[str, str]] = field(default_factory=list)
    wrong_first: list[dict[str, str]] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.total - len(self.missed)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        flagged = self.found + len(self.alarms)
        return self.found / flagged if flagged else 0.0

    @property
    def service_right(self) -> float:
        return (self.found - len(self.wrong_service)) / self.found if self.found else 0.0

    @property
    def service_first(self) -> float:
        return (self.found - len(self.wrong_first)) / self.found if self.found else 0.0

    def by_situation(self, positives: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
        """situation → (found, total)."""
        table: dict[str, tuple[int, int]] = {}
        missed = {p["text"] for p in self.missed}
        for p in positives:
            found, total = table.get(p["situation"], (0, 0))
            table[p["situation"]] = (found + (p["text"] not in missed), total + 1)
        return table


#: The blind sets' files.
DATA = Path(__file__).parent / "data"


def load_blind(name: str) -> tuple[list[dict[str, str]], list[str]]:
    """(positives, negatives) of ``data/emergency_<name>.yml``, every value a string."""
    raw: object = yaml.safe_load((DATA / f"emergency_{name}.yml").read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    positives = [{str(k): str(v) for k, v in p.items()} for p in raw["positives"]]
    negatives = [t for t in raw["negatives"] if isinstance(t, str)]
    assert len(negatives) == len(raw["negatives"]), "every negative is a string"
    return positives, negatives


def clean(text: str) -> str:
    """NFKC (full-width digits) without spaces: lines are compared on this."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def assert_well_formed(positives: list[dict[str, str]], negatives: list[str]) -> None:
    """Every number (110 119 120 122) expected somewhere, every negative a string, and no
    line twice once cleaned."""
    assert {p["service"] for p in positives} == {"110", "119", "120", "122"}
    assert all(isinstance(t, str) for t in negatives)
    texts = [p["text"] for p in positives] + negatives
    assert len({clean(t) for t in texts}) == len(texts)


def measure(
    engine: EmbeddedEngine, positives: list[dict[str, str]], negatives: list[str]
) -> Measure:
    """Score the engine on a blind set's positives (situation, service, text) and negatives."""
    told = {p["text"]: numbers_told(engine.parse(p["text"])) for p in positives}
    return Measure(
        missed=[p for p in positives if told[p["text"]] is None],
        alarms=[t for t in negatives if numbers_told(engine.parse(t)) is not None],
        total=len(positives),
        wrong_service=[
            p
            for p in positives
            if (numbers := told[p["text"]]) is not None and p["service"] not in numbers
        ],
        wrong_first=[
            p
            for p in positives
            if (numbers := told[p["text"]]) is not None and numbers[:1] != (p["service"],)
        ],
    )


def assert_not_in_training(held: set[str]) -> None:
    """No held line stands (as written or once cleaned) in the emergency corpus or the NLU data."""
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    written |= {e.text for e in load_examples(CONFIG_DIR)}
    compact = {clean(t) for t in written}
    assert not {t for t in held if t in written or clean(t) in compact}


def assert_floors(
    m: Measure,
    positives: list[dict[str, str]],
    *,
    recall: float,
    precision: float,
    service: float | None = None,
    first: float | None = None,
) -> None:
    """The set's floors hold; ``service``/``first`` are checked only where the set has one."""
    table = m.by_situation(positives)
    per = ", ".join(f"{k} {f}/{t}" for k, (f, t) in sorted(table.items()))
    assert m.recall >= recall, f"found by situation: {per}\nmissed:\n" + "\n".join(
        f"{p['situation']}: {p['text']}" for p in m.missed
    )
    assert m.precision >= precision, "false alarms:\n" + "\n".join(m.alarms)
    if service is not None:
        assert m.service_right >= service, "expected number not told:\n" + "\n".join(
            f"{p['service']} {p['situation']}: {p['text']}" for p in m.wrong_service
        )
    if first is not None:
        assert m.service_first >= first, "expected number not told first:\n" + "\n".join(
            f"{p['service']} {p['situation']}: {p['text']}" for p in m.wrong_first
        )
