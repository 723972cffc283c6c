"""The developer-written emergency corpus (``config/nlu/emergency.yml``): situations with
the number to tell first (110/119/120/122) and the citizen's reason, borderline cases, and
ordinary appeals that merely mention emergency words. Read by :mod:`nlu.emergency` (the
decision), :mod:`nlu.training` (the two heads) and :mod:`nlu.emergency_eval` (leave-situation-out
cross-validation)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError
from nlu.resources import CONFIG_DIR

EMERGENCY = "emergency"
BORDERLINE = "borderline"
NONE = "none"
SERVICES = ("110", "119", "120", "122")


@dataclass(frozen=True)
class Situation:
    """One situation of the corpus with the number to tell and the citizen's reason."""

    name: str
    service: str
    also: tuple[str, ...]
    reason: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class EmergencyCorpus:
    """The developer-written corpus of ``config/nlu/emergency.yml``."""

    situations: dict[str, Situation]
    borderline: tuple[str, ...]
    borderline_reason: str
    negatives: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path | None = None) -> EmergencyCorpus:
        """Read and check the corpus; TrainingDataError names what is wrong."""
        path = path or CONFIG_DIR / "emergency.yml"
        try:
            doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
            situations = {}
            for name, spec in doc["situations"].items():
                service = str(spec["service"])
                also = tuple(str(s) for s in spec.get("also") or ())
                if service not in SERVICES or not set(also) <= set(SERVICES):
                    raise TrainingDataError(f"{path}: {name}: unknown service")
                examples = tuple(str(e) for e in spec["examples"])
                situations[name] = Situation(name, service, also, str(spec["reason"]), examples)
            border = doc.get("borderline") or {}
            negatives = {k: tuple(str(e) for e in v) for k, v in doc["negatives"].items()}
        except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
            raise TrainingDataError(f"bad emergency corpus {path}: {exc}") from exc
        return cls(
            situations,
            tuple(str(e) for e in border.get("examples") or ()),
            str(border.get("reason", "")),
            negatives,
        )

    def level_examples(self, exclude: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
        """Texts and levels (emergency/borderline/none), situations in ``exclude`` left out."""
        texts: list[str] = []
        labels: list[str] = []
        for s in self.situations.values():
            if s.name not in exclude:
                texts += s.examples
                labels += [EMERGENCY] * len(s.examples)
        texts += self.borderline
        labels += [BORDERLINE] * len(self.borderline)
        for group in self.negatives.values():
            texts += group
            labels += [NONE] * len(group)
        return texts, labels

    def situation_examples(
        self, exclude: frozenset[str] = frozenset()
    ) -> tuple[list[str], list[str]]:
        """Positive texts labelled by situation, ``exclude`` left out."""
        texts: list[str] = []
        labels: list[str] = []
        for s in self.situations.values():
            if s.name not in exclude:
                texts += s.examples
                labels += [s.name] * len(s.examples)
        return texts, labels
