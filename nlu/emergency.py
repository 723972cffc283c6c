"""Emergency detection (第十三条(一): the one thing the bot must never miss).

Two layers:

* **rules** (:func:`nlu.triage.emergency_matches`): a floor of regular expressions for the
  plainest wordings, kept from before;
* a **learned detector** over the developer-written corpus ``config/nlu/emergency.yml``
  (situations in colloquial Mandarin and Heze dialect, borderline cases, and ordinary
  appeals that merely mention emergency words). Its features add *concept tokens*
  (``config/nlu/emergency_concepts.yml``: "now", "harm", "water", "money" ...) to the
  character and word n-grams, so a wording or a whole situation never seen in training
  shares features with those that were. Two heads: the level (``emergency`` /
  ``borderline`` / ``none``) and the situation (fire, gas, violence ...), whose service
  (110/119/120/122) is told first.

Generalisation is measured by leave-situation-out cross-validation
(``bench/nlu_emergency.py``, figures in ``bench/nlu.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError
from nlu.resources import CONFIG_DIR
from nlu.types import Emergency, Triage

EMERGENCY = "emergency"
BORDERLINE = "borderline"
NONE = "none"
SERVICES = ("110", "119", "120", "122")
#: Probability of ``emergency`` from which the model alone transfers the citizen.
EMERGENCY_THRESHOLD = 0.25
#: The same when the text names no danger concept (see :func:`has_danger`).
NO_DANGER_THRESHOLD = 0.9
#: Frames (see :func:`model_threshold`): told, imagined or over ...
FRAMED_THRESHOLD = 0.7
#: ... past, procedural or a worry without an urgency word ...
WEAK_FRAME_THRESHOLD = 0.45
#: ... and a danger with an urgency word ("正在", "刚", "救命") and no frame.
URGENT_THRESHOLD = 0.15
#: Shorter texts are never alarms by the model alone (rules still apply).
MIN_CHARS = 4
#: Probability of ``emergency`` + ``borderline`` from which the safety line is given.
BORDERLINE_THRESHOLD = 0.5
#: Class weights of the level head (emergencies and borderline cases are few).
LEVEL_CLASS_WEIGHT: dict[str, float] = {EMERGENCY: 2.0, BORDERLINE: 1.0, NONE: 1.0}
#: A second situation this probable adds its number (a fight with the injured: 110, 120).
SECOND_SERVICE = 0.25


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


# -- concept tokens ----------------------------------------------------------------------
@lru_cache(maxsize=1)
def _concepts() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    path = CONFIG_DIR / "emergency_concepts.yml"
    try:
        doc: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrainingDataError(f"bad concept lexicon {path}: {exc}") from exc
    index: dict[str, list[str]] = {}
    for concept, words in doc.items():
        for w in words:
            index.setdefault(str(w), []).append(concept)
    alternation = "|".join(re.escape(w) for w in sorted(index, key=len, reverse=True))
    return re.compile(alternation), {w: tuple(c) for w, c in index.items()}


_URGENT = ("now", "help")
#: Frames that put a danger word out of the present: quoted, over, or a procedural question.
_FRAMES = ("quoted", "resolved", "process")
#: Concepts of danger: the model alone raises an alarm only when one of them is present.
_DANGER = (
    "harm",
    "fire",
    "gas",
    "water",
    "trapped",
    "violence",
    "crime",
    "money",
    "missing",
    "selfharm",
    "vehicle",
    "fall",
)


@lru_cache(maxsize=256)
def concepts(text: str) -> frozenset[str]:
    """The concept classes whose words occur in ``text`` (cached: features and the
    danger gate ask for the same text)."""
    pattern, index = _concepts()
    found: set[str] = set()
    for m in pattern.finditer(text):
        found.update(index[m.group(0)])
    return frozenset(found)


def has_danger(text: str) -> bool:
    """True when ``text`` names some danger (harm, fire, water, violence, crime ...)."""
    return not concepts(text).isdisjoint(_DANGER)


def model_threshold(text: str) -> float:
    """Probability of ``emergency`` from which the model alone raises an alarm on ``text``.

    The frame decides: no danger named, a high bar; a danger told, imagined or over
    (quoted, resolved), a high bar; past, procedural or a worry without an urgency word, a
    raised bar; a danger with an urgency word and no frame, a low bar (recall first).
    """
    found = concepts(text)
    if found.isdisjoint(_DANGER):
        return NO_DANGER_THRESHOLD
    if not found.isdisjoint(("quoted", "resolved")):
        return FRAMED_THRESHOLD
    urgent = not found.isdisjoint(_URGENT)
    if not found.isdisjoint(("past", "process", "admin", "worry")):
        return EMERGENCY_THRESHOLD if urgent else WEAK_FRAME_THRESHOLD
    return URGENT_THRESHOLD if urgent else EMERGENCY_THRESHOLD


def concept_tokens(text: str) -> list[str]:
    """``C:<concept>`` tokens of ``text`` and urgent×danger conjunctions (feature extras)."""
    found = concepts(text)
    if not found:
        return []
    out = ["C:" + c for c in sorted(found)]
    urgent = [c for c in _URGENT if c in found]
    danger = [c for c in _DANGER if c in found]
    out += [f"C:{u}+{d}" for u in urgent for d in danger]
    if "person" in found:
        out += [f"C:person+{d}" for d in danger]
    if "past" in found or "admin" in found:
        out += [f"C:followup+{d}" for d in danger]
    # frames: a danger word told, imagined, over or asked about is no call for help;
    # one in the first person with an urgency word is.
    frames = [f for f in _FRAMES if f in found]
    if danger:
        out += [f"C:{f}+danger" for f in frames]
        if not frames and "past" not in found and "admin" not in found:
            out.append("C:bare+danger")
        if "first" in found and urgent:
            out.append("C:first+urgent+danger")
    return out


# -- the decision ------------------------------------------------------------------------
def decide(
    corpus: EmergencyCorpus,
    levels: dict[str, float],
    situations: list[tuple[str, float]],
    rules: list[Triage],
    danger: bool = True,
    length: int = MIN_CHARS,
    threshold: float | None = None,
) -> Emergency | None:
    """Combine rule matches and the two heads' probabilities into one finding.

    ``levels``: probability per level; ``situations``: situations ranked by probability;
    ``rules``: emergency rule matches (outside past contexts), strongest first;
    ``danger``: the text names some danger (:func:`has_danger`); without one the model
    alone needs a much higher probability to raise an alarm; ``length``: characters of the
    text (a word or two, such as a menu keyword, never raises an alarm by the model);
    ``threshold``: the model's bar for this text (:func:`model_threshold`; default: by
    ``danger`` alone).
    """
    p_emergency = levels.get(EMERGENCY, 0.0)
    p_border = levels.get(BORDERLINE, 0.0)
    top = corpus.situations.get(situations[0][0]) if situations else None
    if rules:
        services: list[str] = []
        for rule in rules:
            for s in (rule.service, *rule.services):
                if s and s not in services:
                    services.append(s)
        return Emergency(
            level=EMERGENCY,
            services=tuple(services),
            situation=top.name if top else None,
            reason=rules[0].reason,
            score=round(max(p_emergency, 0.99), 4),
            matched=rules[0].matched,
            source="rule",
        )
    if threshold is None:
        threshold = EMERGENCY_THRESHOLD if danger else NO_DANGER_THRESHOLD
    if (
        p_emergency >= threshold
        and p_emergency >= p_border
        and top is not None
        and length >= MIN_CHARS
    ):
        services = [top.service, *top.also]
        for name, p in situations[1:3]:
            second = corpus.situations.get(name)
            if second is not None and p >= SECOND_SERVICE and second.service not in services:
                services.append(second.service)
        return Emergency(
            level=EMERGENCY,
            services=tuple(dict.fromkeys(services)),
            situation=top.name,
            reason=top.reason if "转接" in top.reason else f"{top.reason}，已为您转接{top.service}",
            score=round(p_emergency, 4),
            source="model",
        )
    if danger and length >= MIN_CHARS and p_emergency + p_border >= BORDERLINE_THRESHOLD:
        services = [top.service] if top is not None else []
        return Emergency(
            level=BORDERLINE,
            services=tuple(services),
            situation=top.name if top else None,
            reason=corpus.borderline_reason,
            score=round(p_emergency + p_border, 4),
            source="model",
        )
    return None
