"""第十三条 (二), (四), (五), (六) by kind of matter (issue 11, third triage round).

Two layers, like the emergency detector (``nlu.emergency``):

* a **floor of concept conjunctions** (:func:`kind_of`, concepts of
  ``config/nlu/triage.yml``): an official taking money (二: 纪检监察), a court's judgment to
  be changed (二: the court's 再审), who holds a phone number or a state secret (四), the
  citizen's own plan to poison an animal, hold or beat a person, a hardship certificate
  for one not in hardship, pollution on purpose, a favour to be let off (五), a private
  errand asked of the hotline (六); a post or promotion by favour (五); the army's own
  affairs, the people's congress, foreign affairs, an online game's account (六);
* a **learned reading** (:class:`KindModel`) over the corpus organised by kind
  (``config/nlu/triage_kinds.yml``) against its negatives and every appeal and dialogue
  training example of ``config/nlu``: a linear SVM over character 1-3-grams and concept
  tokens, trained on first use (about a second); a kind wins when its margin is positive.
  It reads only a request (a question, 能不能, 帮我, 俺想 ...), never a report or
  complaint, so that wordings the concepts miss still meet their kind.

Each kind carries the courteous reason told to the citizen, with the rule's source
(``reason`` in ``config/nlu/triage_kinds.yml``). Figures: ``bench/nlu.md``
(``bench/triage_kinds.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from nlu.data import load_examples
from nlu.errors import TrainingDataError
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR
from nlu.triage_evidence import content_gram, has_content
from nlu.types import Triage, TriageOutcome

__all__ = [
    "KindModel",
    "KindSpec",
    "kind_finding",
    "kind_model",
    "kind_of",
    "kind_specs",
    "kind_triage",
    "learned_kind",
    "overrides_emergency",
    "warm_model",
]

#: SVM margin of a kind from which the learned reading gives it.
MIN_MARGIN = 0.0
#: Sentences longer than this are not read by the model (a letter, not a request).
MAX_CHARS = 60
#: The least margin of a kind counting only the n-grams with a content character
#: (:meth:`KindModel.content_margins`). Calibrated (forbid14): the openers of
#: ``tests/unit/nlu/test_triage_openers14.py`` the model read as a kind score -0.49 to
#: -0.55 there (the kind's intercept and nothing else), the positives of the development
#: sets found by the model -0.17 and above.
MIN_EVIDENCE = -0.3


@dataclass(frozen=True)
class KindSpec:
    """One kind of 第十三条 matter: its outcome, the reason told, its examples."""

    name: str
    outcome: TriageOutcome
    reason: str
    examples: tuple[str, ...]
    learned: bool = True  # False: only the concept floor gives it (too few examples)


@lru_cache(maxsize=1)
def _corpus() -> tuple[dict[str, KindSpec], tuple[str, ...]]:
    path = CONFIG_DIR / "triage_kinds.yml"
    try:
        doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds = {
            name: KindSpec(
                name,
                TriageOutcome(spec["outcome"]),
                str(spec["reason"]),
                tuple(str(e) for e in spec.get("examples") or ()),
                bool(spec.get("learned", True)),
            )
            for name, spec in doc["kinds"].items()
        }
        return kinds, tuple(str(n) for n in doc.get("negatives") or ())
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise TrainingDataError(f"bad triage kinds corpus {path}: {exc}") from exc


def kind_specs() -> dict[str, KindSpec]:
    """The kinds of ``config/nlu/triage_kinds.yml`` by name (TrainingDataError if bad)."""
    return _corpus()[0]


def kind_finding(kind: str, matched: str) -> Triage:
    """The finding of ``kind`` (its outcome and reason); ``matched`` is ``kind:words``."""
    spec = kind_specs()[kind]
    return Triage(spec.outcome, spec.reason, None, f"{kind}:{matched}", (), kind)


# -- the floor: conjunctions of concepts ------------------------------------------------
def kind_of(found: frozenset[str]) -> str | None:
    """The kind named by the concepts ``found`` in one sentence, or None.

    Read before a report or complaint silences the sentence: an official taking money is
    for the 纪检监察 organs even when the citizen says 举报; a number's holder and a state
    secret are asked about, not reported.
    """
    if {"post_online", "no_proof"} <= found and "report" not in found:
        return "defame"  # 没证据也要在网上发帖说他贪污: not the official's corruption (trial17)
    if {"official", "taking"} <= found:
        return "corruption"
    if "whose_number" in found:
        return "personal"
    if "rejudge" in found and "to_hotline" in found:
        return "court"
    if {"loan", "recover", "to_hotline"} <= found:
        return "court"  # a private loan to get back: the court's (民事诉讼), not the hotline's
    asks = not found.isdisjoint({"ask", "wish", "get_info", "to_hotline", "question"})
    if "state_secret" in found and asks:
        return "state"
    return None


def _planned_kind(found: frozenset[str]) -> str | None:
    """(五) and (六) kinds of a request (read after a report silences the sentence)."""
    if "done" not in found:
        if "harm_animal" in found and "animal" in found:
            return "harm_animal"
        if "confine" in found:
            return "confine"
        if "beat" in found:
            return "violence"
    wants = not found.isdisjoint({"ask", "wish", "to_hotline"})
    if wants and {"untrue", "document"} <= found:
        return "fake_doc"
    if (wants or "dare" in found) and "pollute" in found:
        return "forbidden"  # 建筑垃圾夜里倒河沟里中不中 (trial17)
    if "favour" in found and wants:
        return "evade"
    if "private_help" in found and "to_hotline" in found:
        return "private_help"
    return _demand_kind(found)


def _demand_kind(found: frozenset[str]) -> str | None:
    """(五) a demand the rules do not allow (sixteenth round): what the citizen says they
    do not qualify for and insists on; a claim of millions (unless a house, land, a life or
    a business was lost); building, trading or taking a public place without the permit;
    the government asked to drive out or harm a private party. A question about what the
    rules allow is a consultation."""
    if {"ineligible", "insist"} <= found:
        return "ineligible"
    if "assign_job" in found and not found.isdisjoint({"to_hotline", "ask"}):
        return "job_assign"  # 恁政府给他安排到事业单位吧: a post outside open competition (六)
    if {"huge_sum", "claim"} <= found and "big_loss" not in found:
        return "exorbitant"
    own = not found.isdisjoint({"ask", "wish", "dare"})  # the citizen's plan, not 你们查查
    if own and not found.isdisjoint({"no_permit", "occupy"}) and "consult" not in found:
        return "no_permit"
    if "coerce_other" in found:
        return "unreasonable"
    return None


def _other_body_kind(found: frozenset[str], reported: bool) -> str | None:
    """A post or a promotion by favour (五: not in a report, 内定 is complained of), or a
    matter of the army, the people's congress, a foreign state or an online game's operator
    (六) asked of the hotline (whatever else is told: 账号被人盗了 恁给俺找回来)."""
    if not reported and {"job", "pull"} <= found and "grievance" not in found:
        return "job_favour"
    if found.isdisjoint({"ask", "wish", "to_hotline"}):
        return None
    if {"army", "army_matter"} <= found and "veteran" not in found:
        return "military"
    if {"congress", "congress_act"} <= found:
        return "congress"
    if "foreign" in found and "home_papers" not in found:
        return "foreign"
    if {"game", "game_act"} <= found and "minor" not in found:
        return "game"
    return _private_body_kind(found)


def _private_body_kind(found: frozenset[str]) -> str | None:
    """(六) asked of the hotline (sixteenth round): a spouse's affair to be found out or
    stopped, the Party's own admissions, a judge's or prosecutor's conduct to be punished
    (the court's and procuratorate's own supervision), a religious body's own affairs."""
    if {"affair", "affair_act", "records"} <= found:
        return "personal"  # 查查俺对象的开房记录: someone's personal data (四), trial17
    if {"affair", "affair_act"} <= found:
        return "affair"
    if "party" in found and not found.isdisjoint({"to_hotline", "pull"}):
        return "party"
    if {"judicial", "punish"} <= found:
        return "judicial"
    if {"religion", "religion_act"} <= found:
        return "religion"
    return None


def kind_triage(sentence: str, found: frozenset[str], reported: bool) -> Triage | None:
    """The floor's finding for one sentence with concepts ``found`` (``reported``: the
    sentence reports or complains, so only :func:`kind_of`'s kinds are read)."""
    kind = kind_of(found) or _other_body_kind(found, reported)
    if kind is None and not reported:
        kind = _planned_kind(found)
    return None if kind is None else kind_finding(kind, sentence)


#: Kinds whose finding replaces an emergency the detector saw in the same words when no
#: present danger is described: the citizen's own plan (把他关起来, 把狗毒死, 找人收拾他),
#: a question whether a forbidden act would pass (喝了酒开车没事吧, 偷用楼道的电查得到吗)
#: or a request for someone's data about a past event (撞了我车的司机叫什么).
#: A relative held by the police or in a 看守所 (detention, 第十三条(二)) is a lawful
#: custody asked about, not a person held by force.
_OVER_EMERGENCY = frozenset(
    {
        "harm_animal",
        "confine",
        "violence",
        "personal",
        "forbidden",
        "evade",  # a penalty to be undone by favour (俺表哥在局里): no danger in it
        "defame",  # an accusation to post online (说他偷东西 没凭没据): words, no danger
        "detention",
        "court",
    }
)
_URGENT_RE = re.compile(
    r"快来|救命|正在|正(?:拿|举|往|要|打|砍)|马上|刚才|刚刚|已经|现在就|赶紧|来人|"
    r"刀|枪(?!支)|血|砍|捅|着火|晕|不动了|喘不|炸(?:了|掉|死)|杀|"
    # harm told, not planned: a collapse, a person buried, drowned, fallen, a child taken
    r"塌|埋了|埋住|淹|摔|骨折|断了|推倒|抱走|抢走|带走|拐"
)


def overrides_emergency(finding: Triage | None, text: str) -> bool:
    """Whether ``finding`` (a 第十三条 finding other than an emergency) replaces an
    emergency seen in ``text``; the caller has checked that no present danger is told."""
    if finding is None or finding.matched is None:
        return False
    kind = finding.matched.split(":", 1)[0]
    return kind in _OVER_EMERGENCY and not _URGENT_RE.search(text)


# -- the learned reading over the corpus by kind ------------------------------------------
#: A request (the model reads only these): a question, 能不能, 帮我, 俺想, 给我 ...
_REQUEST_RE = re.compile(
    r"[吗呢？?]|能不能|能否|可不可以|行不行|可以不|有没有|帮(?:我|俺|忙)|替(?:我|俺)|给(?:我|俺)|"
    r"(?:我|俺|咱)(?:们)?(?:想|要|打算|准备|就)|恁|你们|怎么|咋|哪里|哪儿|上哪|去哪|多少"
)
#: The concept classes of a text (``nlu.triage.triage_concepts``, passed in by the caller).
Concepts = Callable[[str], frozenset[str]]
#: Training examples of the intent model that are themselves 第十三条 matters (an
#: official's corruption; errands out of scope): not counted as ordinary appeals.
NOT_ORDINARY = ("appeal__纪检监察", "out_of_scope")


#: Kinds about someone else's data or a body's documents: never the citizen's own records.
_NOT_OWN = frozenset({"personal", "trade", "disclosure", "informant"})


class KindModel:
    """A linear SVM over character 1-3-grams and concept tokens: one class per kind and
    ``""`` for the ordinary appeals (the corpus's negatives and every appeal and dialogue
    training example of ``config/nlu``); kinds weigh :data:`KIND_WEIGHT` times more."""

    def __init__(self, texts: list[str], labels: list[str], concepts: Concepts) -> None:
        self._concepts = concepts
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
        self._tokens = TfidfVectorizer(analyzer=self._concept_tokens)
        weights = {label: (KIND_WEIGHT if label else 1.0) for label in set(labels)}
        self._svm = LinearSVC(C=SVM_C, class_weight=weights, dual="auto", max_iter=5000)
        x = sp.hstack([self._chars.fit_transform(texts), self._tokens.fit_transform(texts)])
        self._svm.fit(x.tocsr(), labels)
        self.classes: tuple[str, ...] = tuple(str(c) for c in self._svm.classes_)
        # scored by hand (one gather and one small product; sklearn's transform costs ms)
        coef = np.asarray(self._svm.coef_, dtype=np.float64)
        if coef.shape[0] == 1:  # two classes: liblinear keeps the second's margin only
            coef = np.vstack([-coef, coef])
        n_chars = len(self._chars.vocabulary_)
        self._char_index = {str(g): int(i) for g, i in self._chars.vocabulary_.items()}
        self._token_index = {str(g): int(i) for g, i in self._tokens.vocabulary_.items()}
        self._char_idf = np.asarray(self._chars.idf_, dtype=np.float64)
        self._token_idf = np.asarray(self._tokens.idf_, dtype=np.float64)
        self._char_coef = np.ascontiguousarray(coef[:, :n_chars].T)  # (n_chars, n_classes)
        self._token_coef = np.ascontiguousarray(coef[:, n_chars:].T)
        intercept = np.asarray(self._svm.intercept_, dtype=np.float64).ravel()
        self._intercept = (
            np.concatenate([-intercept, intercept]) if len(intercept) == 1 else intercept
        )
        self._analyse = self._chars.build_analyzer()

    def _concept_tokens(self, text: str) -> list[str]:
        return ["C:" + c for c in sorted(self._concepts(text))]

    @staticmethod
    def _part(
        grams: list[str],
        index: dict[str, int],
        idf: np.ndarray,
        coef: np.ndarray,
        keep: Callable[[str], bool] | None = None,
    ) -> np.ndarray:
        counts: dict[int, int] = {}
        kept: set[int] = set()
        for g in grams:
            i = index.get(g)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
                if keep is None or keep(g):
                    kept.add(i)
        if not counts:
            return np.zeros(coef.shape[1])
        idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))) + 1.0
        val = tf * idf[idx]
        val /= float(np.linalg.norm(val))
        if keep is not None:  # the weights of the whole row, the evidence of the kept grams
            val *= np.fromiter((int(i) in kept for i in idx), dtype=np.float64, count=len(idx))
        return np.asarray(val @ coef[idx])

    def margins(self, sentence: str) -> np.ndarray:
        """The SVM margin of every class (:attr:`classes`) for ``sentence``, shape
        ``(n_classes,)``; the same as scoring the tf-idf row with sklearn."""
        chars = self._part(
            self._analyse(sentence), self._char_index, self._char_idf, self._char_coef
        )
        tokens = self._part(
            self._concept_tokens(sentence), self._token_index, self._token_idf, self._token_coef
        )
        return np.asarray(chars + tokens + self._intercept)

    def content_margins(self, sentence: str) -> np.ndarray:
        """:meth:`margins` counting only the character n-grams with a content character
        (:func:`nlu.triage_evidence.content_gram`) and the concept tokens: what the
        sentence asks for, without how it is asked (俺想…个事)."""
        chars = self._part(
            self._analyse(sentence),
            self._char_index,
            self._char_idf,
            self._char_coef,
            content_gram,
        )
        tokens = self._part(
            self._concept_tokens(sentence), self._token_index, self._token_idf, self._token_coef
        )
        return np.asarray(chars + tokens + self._intercept)

    def reference_margins(self, sentence: str) -> np.ndarray:
        """:meth:`margins` by sklearn's own transform (slow; for tests)."""
        x = sp.hstack([self._chars.transform([sentence]), self._tokens.transform([sentence])])
        return np.asarray(self._svm.decision_function(x.tocsr())).ravel()

    def best(self, sentence: str) -> tuple[str, float]:
        """The most likely label of ``sentence`` and its SVM margin."""
        margins = self.margins(sentence)
        i = int(np.argmax(margins))
        return self.classes[i], float(margins[i])


#: Weight of a kind's examples against the ordinary appeals' (few against thousands).
KIND_WEIGHT = 3.0
#: Regularisation of the SVM.
SVM_C = 0.5


@lru_cache(maxsize=1)
def kind_model(concepts: Concepts) -> KindModel:
    """The learned reading of the kinds (trained once per process, about a second)."""
    kinds, negatives = _corpus()
    texts: list[str] = []
    labels: list[str] = []
    for spec in kinds.values():
        if not spec.learned:
            continue
        texts += spec.examples
        labels += [spec.name] * len(spec.examples)
    ordinary = [*negatives] + [
        normalize(e.text)
        for e in load_examples(CONFIG_DIR)
        if not e.intent.startswith(NOT_ORDINARY)
    ]
    return KindModel(texts + ordinary, labels + [""] * len(ordinary), concepts)


def warm_model(concepts: Concepts) -> None:
    """Train :class:`KindModel` now (it is cached per process)."""
    kind_model(concepts)


def learned_kind(sentence: str, concepts: Concepts) -> Triage | None:
    """The kind of a request ``sentence`` by the learned reading (:class:`KindModel`;
    ``concepts``: :func:`nlu.triage.triage_concepts`), or None: a kind wins when its
    margin is at least :data:`MIN_MARGIN` and its content alone still scores at least
    :data:`MIN_EVIDENCE` (``nlu.triage_evidence``); a report or complaint, a sentence longer than
    :data:`MAX_CHARS`, one that asks nothing or one without content is never read."""
    if len(sentence) > MAX_CHARS or not _REQUEST_RE.search(sentence):
        return None
    found = concepts(sentence)
    if "report" in found:
        return None
    if not has_content(sentence):
        return None  # an opener (俺想说个事), a greeting, a short answer: nothing to judge
    model = kind_model(concepts)
    kind, margin = model.best(sentence)
    if not kind or margin < MIN_MARGIN:
        return None
    if model.content_margins(sentence)[model.classes.index(kind)] < MIN_EVIDENCE:
        return None  # the kind was in how it is asked (俺想…个), not in what is asked
    if kind in _NOT_OWN and "self" in found:
        return None  # 俺自个的社保缴费记录: the citizen's own records, an ordinary service
    if kind == "disclosure" and found.isdisjoint({"gov_doc", "gov_body"}):
        return None  # government information is a government body's or its document
    return kind_finding(kind, f"model {margin:.2f}")
