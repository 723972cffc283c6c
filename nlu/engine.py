"""The NLU engine: normalize → emergency (rules + learned detector) and the other 第十三条
findings → entities and territory → intent, dialogue act and category.

One featurizer and one matrix product score all four heads (intent, category, emergency
level, emergency situation); identical texts (menus, 确认, 匿名) come from a small LRU.
``load_engine`` loads the saved model or trains it at first start (seconds).

Parts of its own: the saved model's files and version (:mod:`nlu.engine_store`), the
emergency triage over the text read as meant (:mod:`nlu.engine_triage`), the intent and
dialogue act of a short text (:mod:`nlu.engine_acts`).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from nlu import acts
from nlu.address import Gazetteer
from nlu.address_clause import warm_tags
from nlu.data import data_hash
from nlu.emergency import EmergencyCorpus
from nlu.emergency_appeal import beside, hazard_report
from nlu.emergency_home import home_matter
from nlu.engine_acts import read_act, read_intent
from nlu.engine_store import MODEL_VERSION as MODEL_VERSION
from nlu.engine_store import ModelInfo as ModelInfo
from nlu.engine_store import load_model, save_model
from nlu.engine_triage import emergency_triage
from nlu.entities import extract
from nlu.errors import ModelError
from nlu.lead import lead_matter
from nlu.linear import LinearModel
from nlu.normalize import has_content, normalize, strip_emoticons
from nlu.pii import mask_text
from nlu.resources import CONFIG_DIR
from nlu.routing import Routing
from nlu.suggestions import question_or_matter
from nlu.taxonomy_prior import TaxonomyPrior
from nlu.territory import heze_named, outside_beside_heze, place_outside
from nlu.training import ANALYSIS_CHARS, HistoryRow, train_model, training_set
from nlu.triage import abusive, other_triage, request_over_emergency, warm_kinds
from nlu.types import Category, Intent, NluResult, TriageOutcome

log = logging.getLogger(__name__)

#: Below this category confidence the dialogue asks a clarifying question or hands off.
LOW_CONFIDENCE = 0.45
#: A unit type learned from history replaces the catalogue's from this probability.
LEARNED_UNIT_CONFIDENCE = 0.6
#: Texts longer than this are "heavy": run ``parse`` off the event loop (issue 16).
HEAVY_CHARS = 300
#: Characters read by the rules (triage, entities, territory) at the start of a long text...
RULE_CHARS = 600
#: ... and at its end, where long appeals often give the address and the phone.
TAIL_CHARS = 300
#: Characters read for dialogue acts and refusals (answers are short; a long text is a
#: matter whatever words it ends with).
ACT_CHARS = 200
_SMALL_TALK = frozenset({"greet", "affirm", "deny", "out_of_scope"})  # thanks stay thanks
_MATTER_CONFIDENCE = 0.6
#: The category head's probability at which the words before 还有/另外 are a matter of
#: their own and decide the category (nlu.lead, trial17).
LEAD_CONFIDENCE = 0.5
_CACHE_SIZE = 2048
#: Categories looked through for the best ones of the family chosen first.
FAMILY_SEARCH = 12
#: Share of the level-1 head in the family's score (the rest: the category head's
#: probabilities summed per family); chosen on the dev file's odd rows (bench/nlu.md).
LEVEL1_WEIGHT = 0.5
#: Share of the naive Bayes family head (``level1_nb``) in the family's score, mixed after
#: the above; chosen among 0.2, 0.35, 0.5 on the dev file's looked-at rows (bench/nlu.md).
NB_WEIGHT = 0.35
#: Share of the taxonomy words' prior (``config/nlu/taxonomy_words.yml``,
#: :mod:`nlu.taxonomy_prior`) in the family score when the message holds such a word.
#: Off: every weight tried (0.05-0.5, also only for words of 3+ characters or only when
#: the best family scores below 0.4-0.6) lowered the dev file's looked-at accuracy
#: (bench/nlu.md, eighth round); a centre may try it on its own history.
PRIOR_WEIGHT = 0.0


class NluEngine(Protocol):
    """What the gateway and dialogues call."""

    def parse(self, text: str) -> NluResult:
        """Understand one text; never raises for a str."""
        ...


@dataclass(frozen=True)
class _Families:
    """Where each head's classes fall among the first-level categories, so the family
    scores are one ``bincount`` and two vector mixes (no per-class Python loop)."""

    names: tuple[str, ...]
    of_category: np.ndarray  # family index of each class of the category head
    mixes: tuple[tuple[str, float, np.ndarray], ...]  # (head, weight, family indices)

    @classmethod
    def of(cls, model: LinearModel) -> _Families:
        names: dict[str, int] = {}
        cats = model.heads["category"].classes
        of_category = np.asarray(
            [names.setdefault(c.split("/")[0], len(names)) for c in cats], dtype=np.intp
        )
        mixes = []
        for head, weight in (("level1", LEVEL1_WEIGHT), ("level1_nb", NB_WEIGHT)):
            if head in model.heads and weight > 0:
                idx = [names.setdefault(c, len(names)) for c in model.heads[head].classes]
                mixes.append((head, weight, np.asarray(idx, dtype=np.intp)))
        return cls(tuple(names), of_category, tuple(mixes))


class EmbeddedEngine:
    """The default engine: one featurizer, four linear heads, rules as a floor."""

    def __init__(self, model: LinearModel, info: ModelInfo, data_dir: Path = CONFIG_DIR) -> None:
        self.model = model
        self.info = info
        self.data_dir = data_dir
        self.gazetteer = Gazetteer.load(data_dir / "gazetteer.yml")
        self.routing = Routing.load(data_dir)
        self.prior = TaxonomyPrior.load(data_dir)
        self.corpus = EmergencyCorpus.load(data_dir / "emergency.yml")
        self._cache: OrderedDict[str, NluResult] = OrderedDict()
        self._families = _Families.of(model)
        warm_kinds()  # the 第十三条 kinds' model (about a second), not at a citizen's message
        warm_tags()  # the address clause's word tags (about a second), likewise

    # -- training and persistence -------------------------------------------------------
    @classmethod
    def train(
        cls,
        data_dir: Path = CONFIG_DIR,
        history: Sequence[HistoryRow] = (),
        calibration: Sequence[HistoryRow] = (),
    ) -> EmbeddedEngine:
        """Train every head from ``data_dir`` and a centre's ``history`` (finished orders
        labelled with their final category and unit; ``calibration``: held-out rows for
        the category head's temperature). TrainingDataError on bad data."""
        started = time.perf_counter()
        corpus = EmergencyCorpus.load(data_dir / "emergency.yml")
        ts = training_set(data_dir, corpus, history)
        model = train_model(ts, units=history, calibration=calibration)
        info = ModelInfo(
            MODEL_VERSION,
            data_hash(data_dir),
            datetime.now(UTC).isoformat(),
            round(time.perf_counter() - started, 3),
            len(ts.intent[0]),
            history_rows=len(history),
        )
        return cls(model, info, data_dir)

    def adopt(self, other: EmbeddedEngine) -> None:
        """Serve ``other``'s model from now on (a retrain swaps the live engine)."""
        self.model, self.info = other.model, other.info
        self._families = other._families
        self._cache = OrderedDict()

    def save(self, model_dir: Path) -> None:
        """Write the model and its metadata (version, data hash) to ``model_dir``."""
        save_model(self.model, self.info, model_dir)

    @classmethod
    def load(cls, model_dir: Path, data_dir: Path = CONFIG_DIR) -> EmbeddedEngine:
        """Load a saved model; ModelError when missing, stale or of another version."""
        model, info = load_model(model_dir, data_dir)
        return cls(model, info, data_dir)

    # -- parsing --------------------------------------------------------------------------
    def is_heavy(self, text: str) -> bool:
        """True when parsing ``text`` may take milliseconds: run it off the event loop."""
        return len(text) > HEAVY_CHARS and text not in self._cache

    def parse(self, text: str) -> NluResult:
        """Understand one text. Never raises: internal errors give an out_of_scope result."""
        key = text if isinstance(text, str) else str(text)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        try:
            result = self._parse(key)
        except Exception:  # a bug must not take the conversation down
            log.exception("nlu parse failed for %r", mask_text(key[:200]))
            return NluResult(text=key[:200], intent=Intent("out_of_scope", 0.0))
        self._cache[key] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def _parse(self, raw: str) -> NluResult:
        text = strip_emoticons(normalize(raw))
        if not has_content(text):
            return NluResult(text=text, intent=Intent("out_of_scope", 0.0))
        head = text[:RULE_CHARS]
        tail_at = max(RULE_CHARS, len(text) - TAIL_CHARS)
        tail = text[tail_at:]
        analysed = text[:ANALYSIS_CHARS]
        margins = self.model.margins(analysed)
        territory = self.gazetteer.resolve(head) or (tail and self.gazetteer.resolve(tail))
        if territory and outside_beside_heze(head, self.gazetteer):
            territory = None  # 俺是河南兰考的…离东明近: a Heze county only as a landmark
        territory = territory or None
        triage, emergency, hazard = emergency_triage(
            self.model, self.corpus, analysed, head, margins
        )
        if triage is not None and (instead := request_over_emergency(head)) is not None:
            triage, emergency = instead, None  # 第十三条(四)(五): a plan or a request, no danger
        if triage is None:
            no_heze_place = territory is None and not heze_named(head)
            triage = other_triage(head, self.gazetteer.outside if no_heze_place else None)
        entities = extract(head)
        if tail:  # positions in the tail are positions in ``text``
            entities += tuple(
                replace(e, start=e.start + tail_at, end=e.end + tail_at) for e in extract(tail)
            )
        intent = read_intent(self.model, text[:ACT_CHARS], margins, entities, long=len(text) > 30)
        category = None
        candidates: tuple[Category, ...] = ()
        if intent.name in _SMALL_TALK and len(text) > 6:
            # "不知道为什么停水了": a small-talk opener in front of a clear matter
            candidates = self._categories(text, margins)
            if candidates and candidates[0].confidence >= _MATTER_CONFIDENCE:
                intent = Intent("appeal", candidates[0].confidence)
        if intent.name in ("appeal", "ask_info", "complain_staff") or triage is not None:
            candidates = candidates or self._categories(text, margins)
            category = candidates[0] if candidates else None
        asks = question_or_matter(text[:ACT_CHARS])
        worry = hazard_report(head)
        if (intent.name == "ask_info" or asks == "question") and worry:
            # a hazard told as a worry ("说不定哪天就炸了"): a report to file, no question
            intent, asks = Intent("appeal", max(intent.confidence, 0.6)), "matter"
            candidates = candidates or self._categories(text, margins)
            category = category or (candidates[0] if candidates else None)
        act, has_matter = read_act(text[:ACT_CHARS], intent, emergency is not None)
        alarm = triage if triage is not None and triage.outcome is TriageOutcome.EMERGENCY else None
        return NluResult(
            text=text,
            intent=intent,
            category=category,
            triage=triage,
            entities=entities,
            territory=territory,
            abusive=abusive(head),
            candidates=candidates,
            emergency=emergency,
            act=act,
            has_matter=has_matter,
            declined=acts.declined(text[:ACT_CHARS]),
            place_outside=None if territory or heze_named(head) else place_outside(head),
            asks=asks,
            beside=None if alarm is None else beside(head, alarm.matched) or home_matter(head),
            hazard=hazard or ("worry" if worry and emergency is None else None),
        )

    def _categories(self, text: str, margins: np.ndarray, k: int = 3) -> tuple[Category, ...]:
        text, margins = self._lead(text, margins)
        p_cat = self.model.probs(margins, "category")
        classes = self.model.heads["category"].classes
        order = np.argsort(-p_cat)[: max(k, FAMILY_SEARCH)]
        wide = [(classes[i], float(p_cat[i])) for i in order.tolist()]
        if self._families.mixes:  # the family first, then its best categories
            fam = self._families
            family = int(np.argmax(self._family_vector(margins, p_cat, text)))
            first = [
                r for r, i in zip(wide, order.tolist(), strict=True) if fam.of_category[i] == family
            ]
            ranked = (first + [r for r in wide if r not in first])[:k]
        else:
            ranked = wide[:k]
        out: list[Category] = []
        override = self.routing.override(text)
        if override is not None:
            out.append(
                Category(
                    override.level1,
                    override.level2,
                    0.95,
                    self.routing.unit_type(override.level1, override.level2, override.level3),
                    level3=override.level3,
                    source="keyword",
                )
            )
        learned_unit = self._learned_unit(margins)
        for label, p in ranked:
            l1, _, l2 = label.partition("/")
            if override is not None and (l1, l2) == (override.level1, override.level2):
                continue
            unit = learned_unit if not out and learned_unit else self.routing.unit_type(l1, l2)
            out.append(Category(l1, l2 or None, round(p, 4), unit))
        return tuple(out[:k])

    def _lead(self, text: str, margins: np.ndarray) -> tuple[str, np.ndarray]:
        """The lead matter's words and margins when ``text`` joins a second matter to a
        first one that is clear on its own (a keyword override or a category at
        ``LEAD_CONFIDENCE``: nlu.lead); else ``text`` and ``margins`` unchanged."""
        lead = lead_matter(text)
        if lead is None:
            return text, margins
        lead_margins = self.model.margins(lead)
        if self.routing.override(lead) is not None:
            return lead, lead_margins
        if float(self.model.probs(lead_margins, "category").max()) >= LEAD_CONFIDENCE:
            return lead, lead_margins
        return text, margins

    def _learned_unit(self, margins: np.ndarray) -> str | None:
        """The unit type learned from the centre's history, when confident."""
        if "unit" not in self.model.heads:
            return None
        unit, p = self.model.rank(margins, "unit", 1)[0]
        return unit if p >= LEARNED_UNIT_CONFIDENCE else None

    def _read(self, text: str) -> tuple[str, np.ndarray]:
        """The normalized text and the model's margins on its analysed head."""
        norm = strip_emoticons(normalize(text))
        return norm, self.model.margins(norm[:ANALYSIS_CHARS])

    def classify(self, text: str, k: int = 3) -> tuple[Category, ...]:
        """The ``k`` best categories of ``text`` (a keyword override first)."""
        norm, margins = self._read(text)
        return self._categories(norm, margins, k)

    def level1_scores(self, text: str) -> dict[str, float]:
        """Summed probability per first-level category (a keyword override scores 1), of
        the lead matter when the text joins a second one to it (``_lead``)."""
        norm, margins = self._read(text)
        norm, margins = self._lead(norm, margins)
        override = self.routing.override(norm[:RULE_CHARS])
        if override is not None:
            return {override.level1: 1.0}
        vec = self._family_vector(margins, self.model.probs(margins, "category"), norm)
        return dict(zip(self._families.names, vec.tolist(), strict=True))

    def _family_vector(self, margins: np.ndarray, p_cat: np.ndarray, text: str) -> np.ndarray:
        """Probability per first-level category, in ``_families.names`` order: the
        category head's probabilities ``p_cat`` summed per family, mixed with the level-1
        head's (``LEVEL1_WEIGHT``), then with the naive Bayes family head's
        (``NB_WEIGHT``), when the model has them; then with the taxonomy words' prior of
        ``text`` (``PRIOR_WEIGHT``) when it holds any."""
        fam = self._families
        vec: np.ndarray = np.bincount(fam.of_category, weights=p_cat, minlength=len(fam.names))
        for head, weight, idx in fam.mixes:
            vec = vec * (1 - weight)
            vec[idx] += weight * self.model.probs(margins, head)
        if PRIOR_WEIGHT > 0 and (prior := self.prior.vector(text, fam.names)) is not None:
            vec = vec * (1 - PRIOR_WEIGHT) + PRIOR_WEIGHT * prior
        return vec

    def accuracy(
        self, texts: Sequence[str], labels: Sequence[str], units: Sequence[str | None] | None = None
    ) -> tuple[float, float | None]:
        """(category accuracy, unit-type accuracy or None) of the best category of each text
        (level1 only when the label is level1 only)."""
        if not texts:
            return 0.0, None
        right = unit_right = unit_n = 0
        for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
            best = self.classify(text, 1)
            if not best:
                continue
            guess = best[0].level1 if "/" not in label else f"{best[0].level1}/{best[0].level2}"
            right += guess == label
            if units is not None and units[i]:
                unit_n += 1
                unit_right += best[0].unit_type == units[i]
        return (round(right / len(texts), 4), round(unit_right / unit_n, 4) if unit_n else None)


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
