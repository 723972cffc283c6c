"""Leave-situation-out evaluation of the emergency detector (bench/nlu_emergency.py and the
held-out-situation tests).

For each fold one or more whole situations are removed from training; the detector (rules
plus a model trained without them) must still find their messages. Negatives (the corpus's
ordinary appeals that mention emergency words, borderline cases, and the appeal and dialogue
training examples) are split into the same number of folds, so every false alarm counted is
on a message the model did not see either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from nlu.emergency import (
    BORDERLINE,
    EMERGENCY,
    LEVEL_CLASS_WEIGHT,
    MIN_CHARS,
    NONE,
    EmergencyCorpus,
    decide,
    has_danger,
    model_threshold,
)
from nlu.emergency_appeal import figurative, settle
from nlu.emergency_figures import is_letter, literal
from nlu.emergency_risk import adjust, unreal
from nlu.emergency_veto import veto
from nlu.linear import LinearModel, fit_head
from nlu.normalize import normalize
from nlu.training import ANALYSIS_CHARS, new_featurizer
from nlu.triage import emergency_matches
from nlu.types import Emergency


@dataclass
class FoldResult:
    """Counts of one or more folds."""

    positives: int = 0
    found: int = 0  # rules or model
    found_by_model: int = 0
    found_by_rules: int = 0
    service_right: int = 0
    negatives: int = 0
    false_alarms: int = 0
    false_alarms_model: int = 0
    borderline_flagged: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)
    # (probability of emergency by the model minus its bar for the text, danger concept
    # present, rule matched)
    pos_scores: list[tuple[float, bool, bool]] = field(default_factory=list)
    neg_scores: list[tuple[float, bool, bool]] = field(default_factory=list)

    def add(self, other: FoldResult) -> None:
        """Sum another result into this one."""
        for name in (
            "positives",
            "found",
            "found_by_model",
            "found_by_rules",
            "service_right",
            "negatives",
            "false_alarms",
            "false_alarms_model",
            "borderline_flagged",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.alarms += other.alarms
        self.pos_scores += other.pos_scores
        self.neg_scores += other.neg_scores

    def sweep(self, offsets: Sequence[float]) -> list[dict[str, float]]:
        """Combined recall and precision if every bar of the model were moved by each of
        these offsets (0: as shipped)."""
        out = []
        for t in offsets:
            tp = sum(1 for p, d, r in self.pos_scores if r or (d and p >= t))
            fp = sum(1 for p, d, r in self.neg_scores if r or (d and p >= t))
            out.append(
                {
                    "offset": t,
                    "recall": round(tp / max(1, len(self.pos_scores)), 4),
                    "precision": round(tp / max(1, tp + fp), 4),
                }
            )
        return out

    def summary(self) -> dict[str, float]:
        """Recall, precision and service accuracy (combined and model alone)."""
        tp, fp = self.found, self.false_alarms
        tpm, fpm = self.found_by_model, self.false_alarms_model
        return {
            "positives": self.positives,
            "negatives": self.negatives,
            "recall": round(tp / self.positives, 4) if self.positives else 0.0,
            "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall_model_only": round(tpm / self.positives, 4) if self.positives else 0.0,
            "precision_model_only": round(tpm / (tpm + fpm), 4) if tpm + fpm else 0.0,
            "recall_rules_only": round(self.found_by_rules / self.positives, 4)
            if self.positives
            else 0.0,
            "service_accuracy": round(self.service_right / tp, 4) if tp else 0.0,
            "borderline_flagged": self.borderline_flagged,
        }


class Detector:
    """The emergency part of the engine alone: featurizer, level and situation heads."""

    def __init__(self, corpus: EmergencyCorpus, model: LinearModel) -> None:
        self.corpus = corpus
        self.model = model

    @classmethod
    def train(
        cls,
        corpus: EmergencyCorpus,
        extra_negatives: Sequence[str] = (),
        exclude: frozenset[str] = frozenset(),
        exclude_negatives: frozenset[str] = frozenset(),
    ) -> Detector:
        """Train on the corpus without the situations in ``exclude`` (and without the
        negative texts in ``exclude_negatives``)."""
        lv_t, lv_y = corpus.level_examples(exclude)
        pairs = [
            (normalize(t, max_chars=ANALYSIS_CHARS), y) for t, y in zip(lv_t, lv_y, strict=True)
        ]
        pairs = [(t, y) for t, y in pairs if t not in exclude_negatives]
        known = {t for t, _ in pairs}
        pairs += [
            (t, NONE) for t in extra_negatives if t not in known and t not in exclude_negatives
        ]
        st, sy = corpus.situation_examples(exclude)
        st = [normalize(t, max_chars=ANALYSIS_CHARS) for t in st]
        feats = new_featurizer(len(pairs)).fit([t for t, _ in pairs])
        heads = {
            "level": fit_head(
                feats.matrix([t for t, _ in pairs]),
                [y for _, y in pairs],
                c=1.0,
                class_weight=LEVEL_CLASS_WEIGHT,
            ),
            "situation": fit_head(feats.matrix(st), sy, c=1.0),
        }
        return cls(corpus, LinearModel(feats, heads))

    def _read(self, text: str) -> tuple[str, np.ndarray, dict[str, float]]:
        """The normalized text, the model's margins on its analysed head, and the
        probability of each level."""
        norm = figurative(unreal(literal(normalize(text))))
        margins = self.model.margins(norm[:ANALYSIS_CHARS])
        levels = dict(
            zip(
                self.model.heads["level"].classes,
                self.model.probs(margins, "level").tolist(),
                strict=True,
            )
        )
        return norm, margins, levels

    def score(self, text: str) -> tuple[float, bool, bool]:
        """(model's probability of emergency, danger concept present, a rule matched)."""
        norm, _, levels = self._read(text)
        long_enough = len(norm) >= MIN_CHARS
        return (
            levels.get(EMERGENCY, 0.0) - model_threshold(norm[:ANALYSIS_CHARS]),
            has_danger(norm) and long_enough,
            bool(emergency_matches(norm)),
        )

    def detect(self, text: str, *, rules: bool = True) -> Emergency | None:
        """The finding for one text (rules can be switched off to measure the model)."""
        norm, margins, levels = self._read(text)
        situations = self.model.rank(margins, "situation", 3)
        found = decide(
            self.corpus,
            levels,
            situations,
            emergency_matches(norm) if rules else [],
            has_danger(norm),
            len(norm),
            model_threshold(norm[:ANALYSIS_CHARS]),
        )
        if rules:
            found = veto(norm, settle(self.corpus, norm, adjust(self.corpus, norm, found)))
        if found is not None and found.level == EMERGENCY and is_letter(norm):
            return replace(found, level=BORDERLINE)  # a letter: the safety line (engine too)
        return found


def evaluate_fold(
    detector: Detector, positives: Sequence[tuple[str, str]], negatives: Sequence[str]
) -> FoldResult:
    """Score ``positives`` ((text, expected service)) and ``negatives`` on a detector."""
    out = FoldResult()
    for text, service in positives:
        out.positives += 1
        out.pos_scores.append(detector.score(text))
        combined = detector.detect(text)
        model = detector.detect(text, rules=False)
        by_rules = bool(emergency_matches(figurative(unreal(literal(normalize(text))))))
        out.found_by_rules += by_rules
        if model is not None and model.level == EMERGENCY:
            out.found_by_model += 1
        if combined is not None and combined.level == EMERGENCY:
            out.found += 1
            out.service_right += service in combined.services
        else:
            out.missed.append((text, service))
    for text in negatives:
        out.negatives += 1
        out.neg_scores.append(detector.score(text))
        combined = detector.detect(text)
        model = detector.detect(text, rules=False)
        if combined is not None and combined.level == EMERGENCY:
            out.false_alarms += 1
            out.alarms.append(f"{combined.source}:{combined.matched or ''} {text}")
        elif combined is not None and combined.level == BORDERLINE:
            out.borderline_flagged += 1
        if model is not None and model.level == EMERGENCY:
            out.false_alarms_model += 1
    return out


def leave_situations_out(
    corpus: EmergencyCorpus, extra_negatives: Sequence[str], folds: Sequence[frozenset[str]]
) -> FoldResult:
    """Run every fold (a set of situations held out) and sum the counts.

    Negatives are dealt round-robin into ``max(len(folds), 5)`` shares; fold i holds out
    share i (so even a single fold trains on most negatives).
    """
    negatives = [
        normalize(t, max_chars=ANALYSIS_CHARS) for group in corpus.negatives.values() for t in group
    ]
    negatives += [normalize(t, max_chars=ANALYSIS_CHARS) for t in extra_negatives]
    negatives = list(dict.fromkeys(negatives))
    total = FoldResult()
    shares = max(len(folds), 5)
    for i, held in enumerate(folds):
        held_neg = negatives[i::shares]
        detector = Detector.train(
            corpus, extra_negatives, exclude=held, exclude_negatives=frozenset(held_neg)
        )
        positives = [
            (t, corpus.situations[s].service)
            for s in sorted(held)
            for t in corpus.situations[s].examples
        ]
        total.add(evaluate_fold(detector, positives, held_neg))
    return total
