"""The NLU engine: normalize → triage (emergencies first) → entities/territory →
intent and category. ``load_engine`` loads the saved model or trains it at first start.
"""

from __future__ import annotations

import json
import logging
import pickle
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import yaml

from nlu.classifier import ClassifierConfig, TextClassifier
from nlu.data import data_hash, load_examples
from nlu.entities import extract
from nlu.errors import ModelError, TrainingDataError
from nlu.normalize import has_content, normalize
from nlu.pii import mask_text
from nlu.resources import CONFIG_DIR
from nlu.territory import Gazetteer
from nlu.triage import abusive, triage
from nlu.types import Category, Intent, NluResult

log = logging.getLogger(__name__)

#: Bump when features or the saved format change: old saved models are retrained.
MODEL_VERSION = "1"
#: Below this category confidence the dialogue asks a clarifying question or hands off.
LOW_CONFIDENCE = 0.45
_SMALL_TALK = frozenset({"greet", "affirm", "deny", "out_of_scope"})  # thanks stay thanks
_MATTER_CONFIDENCE = 0.6
_MODEL_FILE = "model.pkl"
_META_FILE = "meta.json"
_QUESTION_RE = re.compile(
    r"怎么|如何|哪里|哪儿|在哪|什么材料|哪些材料|需要什么|多少钱|多久|什么"
    r"时候|几点"
    r"|流程|条件|标准|能不能|可不可以|可以吗|咨询|请问|吗[？?]?$"
)
_PROGRESS_RE = re.compile(r"进度|进展|办得怎么样|处理到哪|有结果了吗|有没有回复|办结了吗|工单")


class NluEngine(Protocol):
    """What the gateway and dialogues call."""

    def parse(self, text: str) -> NluResult:
        """Understand one text; never raises for a str."""
        ...


@dataclass(frozen=True)
class ModelInfo:
    """What a saved model was trained from."""

    version: str
    data_hash: str
    trained_at: str
    train_seconds: float
    examples: int


class EmbeddedEngine:
    """The default engine: jieba + TF-IDF + linear SVM, rules for triage and entities."""

    def __init__(
        self,
        intents: TextClassifier,
        categories: TextClassifier,
        info: ModelInfo,
        data_dir: Path = CONFIG_DIR,
    ) -> None:
        self.intents = intents
        self.categories = categories
        self.info = info
        self.gazetteer = Gazetteer.load(data_dir / "gazetteer.yml")
        self._units = _load_units(data_dir / "categories.yml")

    # -- training and persistence -------------------------------------------------------
    @classmethod
    def train(cls, data_dir: Path = CONFIG_DIR) -> EmbeddedEngine:
        """Train both classifiers from the Rasa YAML in ``data_dir``."""
        started = time.perf_counter()
        examples = load_examples(data_dir)
        intents = TextClassifier(ClassifierConfig(c=1.0)).fit(
            [e.text for e in examples], [e.dialogue_intent for e in examples]
        )
        cats = [e for e in examples if e.category]
        if len({e.category for e in cats}) < 2:
            raise TrainingDataError("need appeal examples of at least two categories")
        categories = TextClassifier(ClassifierConfig(c=1.0)).fit(
            [e.text for e in cats], [str(e.category) for e in cats]
        )
        info = ModelInfo(
            MODEL_VERSION,
            data_hash(data_dir),
            datetime.now(UTC).isoformat(),
            round(time.perf_counter() - started, 3),
            len(examples),
        )
        return cls(intents, categories, info, data_dir)

    def save(self, model_dir: Path) -> None:
        """Write the model and its metadata (version, data hash) to ``model_dir``."""
        model_dir.mkdir(parents=True, exist_ok=True)
        tmp = model_dir / (_MODEL_FILE + ".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(
                {"intents": self.intents, "categories": self.categories},
                fh,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        tmp.replace(model_dir / _MODEL_FILE)
        (model_dir / _META_FILE).write_text(
            json.dumps(self.info.__dict__, ensure_ascii=False, indent=2), encoding="utf-8"
        )

    @classmethod
    def load(cls, model_dir: Path, data_dir: Path = CONFIG_DIR) -> EmbeddedEngine:
        """Load a saved model; ModelError when missing, stale or of another version."""
        try:
            meta = json.loads((model_dir / _META_FILE).read_text(encoding="utf-8"))
            info = ModelInfo(**meta)
        except (OSError, ValueError, TypeError) as exc:
            raise ModelError(f"no usable model metadata in {model_dir}: {exc}") from exc
        if info.version != MODEL_VERSION:
            raise ModelError(f"model version {info.version} != {MODEL_VERSION}")
        if info.data_hash != data_hash(data_dir):
            raise ModelError("training data changed since the model was saved")
        try:
            with (model_dir / _MODEL_FILE).open("rb") as fh:
                # our own file, written by save() into the service's var directory
                parts = pickle.load(fh)  # noqa: S301
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            raise ModelError(f"cannot read {model_dir / _MODEL_FILE}: {exc}") from exc
        return cls(parts["intents"], parts["categories"], info, data_dir)

    # -- parsing --------------------------------------------------------------------------
    def parse(self, text: str) -> NluResult:
        """Understand one text. Never raises: internal errors give an out_of_scope result."""
        try:
            return self._parse(text)
        except Exception:  # a bug must not take the conversation down
            log.exception("nlu parse failed for %r", mask_text(str(text)[:200]))
            return NluResult(text=str(text)[:200], intent=Intent("out_of_scope", 0.0))

    def _parse(self, raw: str) -> NluResult:
        text = normalize(raw)
        if not has_content(text):
            return NluResult(text=text, intent=Intent("out_of_scope", 0.0))
        territory = self.gazetteer.resolve(text)
        no_heze_place = territory is None and "菏泽" not in text
        found = triage(text, self.gazetteer.outside if no_heze_place else None)
        entities = extract(text)
        intent = self._intent(text, entities)
        category = None
        candidates: tuple[Category, ...] = ()
        if intent.name in _SMALL_TALK and len(text) > 6:
            # "不知道为什么停水了": a small-talk opener in front of a clear matter
            candidates = self.classify(text)
            if candidates and candidates[0].confidence >= _MATTER_CONFIDENCE:
                intent = Intent("appeal", candidates[0].confidence)
        if intent.name in ("appeal", "ask_info", "complain_staff") or found is not None:
            candidates = candidates or self.classify(text)
            category = candidates[0] if candidates else None
        return NluResult(
            text=text,
            intent=intent,
            category=category,
            triage=found,
            entities=entities,
            territory=territory,
            abusive=abusive(text),
            candidates=candidates,
        )

    def _intent(self, text: str, entities: tuple[Any, ...]) -> Intent:
        ranked = self.intents.rank(text, k=3)
        name, conf = ranked[0]
        if any(e.type == "order_no" for e in entities) and _PROGRESS_RE.search(text):
            return Intent("ask_progress", max(conf, 0.9))
        # a long message is a matter to handle, whatever small-talk words it contains
        if len(text) > 30 and name in ("greet", "thank", "affirm", "deny", "out_of_scope"):
            second = next((n for n, _ in ranked if n in ("appeal", "ask_info")), "appeal")
            name, conf = second, max(0.5, dict(ranked).get(second, 0.5))
        if name == "appeal" and _QUESTION_RE.search(text) and dict(ranked).get("ask_info", 0) > 0.2:
            name, conf = "ask_info", dict(ranked)["ask_info"]
        return Intent(name, round(conf, 4))

    def classify(self, text: str, k: int = 3) -> tuple[Category, ...]:
        """The ``k`` best categories of normalized ``text`` (level1 confidence summed)."""
        ranked = self.categories.rank(text, k=len(self.categories.classes))
        level1: dict[str, float] = {}
        for label, p in ranked:
            level1[label.split("/")[0]] = level1.get(label.split("/")[0], 0.0) + p
        total = sum(level1.values()) or 1.0
        out = []
        for label, p in ranked[:k]:
            l1, _, l2 = label.partition("/")
            conf = p / total
            out.append(
                Category(
                    level1=l1,
                    level2=l2 or None,
                    confidence=round(conf, 4),
                    unit_type=self._unit_type(label, text),
                )
            )
        return tuple(out)

    def level1_scores(self, text: str) -> dict[str, float]:
        """Summed probability per first-level category (used to map onto coarse labels)."""
        scores: dict[str, float] = {}
        for label, p in self.categories.rank(normalize(text), k=len(self.categories.classes)):
            l1 = label.split("/")[0]
            scores[l1] = scores.get(l1, 0.0) + p
        return scores

    def _unit_type(self, label: str, text: str) -> str | None:
        spec = self._units.get(label)
        if spec is None:
            return None
        for word, unit in spec.get("keywords", {}).items():
            if word in text:
                return str(unit)
        unit_type = spec.get("unit_type")
        return str(unit_type) if unit_type else None


def _load_units(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        cats: dict[str, dict[str, Any]] = data.get("categories", {})
    except (OSError, yaml.YAMLError) as exc:
        raise TrainingDataError(f"bad category file {path}: {exc}") from exc
    return {k: (v or {}) for k, v in cats.items()}


def load_engine(
    model_dir: Path,
    *,
    backend: str = "embedded",
    rasa_url: str | None = None,
    data_dir: Path = CONFIG_DIR,
) -> NluEngine:
    """Load the saved model from ``model_dir`` or train (seconds) and save it.

    ``backend="rasa"`` wraps the embedded engine: Rasa classifies, the rules still triage.
    """
    try:
        engine = EmbeddedEngine.load(model_dir, data_dir)
    except ModelError as exc:
        log.info("training the NLU model (%s)", exc)
        engine = EmbeddedEngine.train(data_dir)
        try:
            engine.save(model_dir)
        except OSError as save_exc:  # read-only var dir: keep serving from memory
            log.warning("cannot save NLU model to %s: %s", model_dir, save_exc)
    if backend == "embedded":
        return engine
    if backend == "rasa":
        from nlu.rasa import RasaEngine

        if not rasa_url:
            raise ModelError("HOTLINE_RASA_URL is required for the rasa backend")
        return RasaEngine(rasa_url, fallback=engine)
    raise ModelError(f"unknown NLU backend {backend!r}")
