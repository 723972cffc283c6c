"""The hotline knowledge base (第十八条): entries kept by units with versions, source unit,
effective and review dates; retrieval by BM25 (bm25s) over jieba words and character
bigrams, fused with a character n-gram TF-IDF cosine against the entry's questions.

Only answers above the threshold are returned, always with source unit and date; entries
past their review date are listed by ``stale`` for supervision (第二十二条(四)).
The entry and its files: :mod:`nlu.knowledge_entry`; the words of a question:
:mod:`nlu.knowledge_words`.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import bm25s
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.errors import KnowledgeError
from nlu.knowledge_acts import EntryActs, asked_part, distinct_acts
from nlu.knowledge_entry import OBJECTS_FILE, KnowledgeEntry, entry_from_dict, read_entries
from nlu.knowledge_handling import asks_handling_time
from nlu.knowledge_words import (
    LIGHT,
    WHEN_ANSWERED,
    WHEN_ASKED,
    analyze,
    answers_subject,
    canonical,
    core,
    load_objects,
    load_synonyms,
    objects_in,
    subject,
)
from nlu.normalize import normalize
from nlu.sources import source_category
from nlu.types import KnowledgeAnswer

__all__ = ["KnowledgeBase", "KnowledgeEntry", "entry_from_dict"]

#: Fused score below which no answer is given (tuned on tests/unit/nlu paraphrases).
THRESHOLD = 0.32
#: When a question names two or more things (:data:`OBJECTS_FILE`), added to an answer's
#: score (after the threshold, so it only reorders) per thing asked about its title and
#: questions name beyond the first (taken off when they name none): the dialogue answers
#: with the best score.
NAMED_BONUS = 0.1
#: Fused score an answer needs when the question's subject is made only of light words
#: (:data:`nlu.knowledge_words.LIGHT`: 多久能处理, 几点开门): sharing a word of when or of a
#: common act is weak evidence (trial8 F20: 「你们多久能给处理啊」 got 临时身份证办理 at 0.32).
LIGHT_THRESHOLD = 0.4
#: The score of an answer chosen by reading what the question asks (how long the handling
#: takes: :mod:`nlu.knowledge_handling`) rather than by likeness of words, when its fused
#: score is lower: the reading is the evidence, above every floor the dialogue applies.
READ_SCORE = 0.5
#: Objects (:data:`OBJECTS_FILE`) whose entries answer only a question naming them: the
#: hotline's own handling of an appeal (多久能给处理) is asked with 你们, 热线, 工单, 反映的 ...;
#: without them "多久" is about a procedure, answered by its own entry or not at all; the
#: hotline's own service (热线服务: its hours, persons, scope) is asked with 12345, 热线,
#: 人工服务, 你们几点 ... (a unit's office hours are that unit's entry).
NAMED_ONLY = frozenset({"热线诉求", "热线服务"})
#: The object of the hotline's own time limit (rx-001), answered to how long handling takes.
HANDLING = "热线诉求"


class KnowledgeBase:
    """Current, non-retired entries indexed for search; rebuilt on every change."""

    def __init__(
        self,
        entries: Iterable[KnowledgeEntry],
        synonyms: dict[str, str] | None = None,
        objects: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self.synonyms = synonyms or {}
        self.objects = objects or {}
        self.entries: dict[str, KnowledgeEntry] = {}
        for e in entries:
            if e.id in self.entries and self.entries[e.id].version >= e.version:
                continue  # keep the newest version of each id
            self.entries[e.id] = e
        self._rebuild()

    @classmethod
    def load(cls, directory: Path) -> KnowledgeBase:
        """Every ``*.yml`` under ``directory``; KnowledgeError names the bad entry."""
        entries = list(read_entries(directory))
        return cls(
            entries,
            load_synonyms(directory / "synonyms.txt"),
            load_objects(directory / OBJECTS_FILE),
        )

    def _rebuild(self) -> None:
        live = [e for e in self.entries.values() if not e.retired]
        self._live = live
        if not live:
            self._bm25: bm25s.BM25 | None = None
            return
        corpus = [analyze(e.search_text(), self.synonyms) for e in live]
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        self._bm25 = bm25
        self._tfidf = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        heads = [canonical(core(normalize(e.head())), self.synonyms) for e in live]
        self._head_vecs = self._tfidf.fit_transform(heads)
        # each title and question on its own: a question asked nearly as an entry words it
        # is not diluted by the entry's other questions
        pieces = [(i, q) for i, e in enumerate(live) for q in (e.title, *e.questions)]
        self._piece_of = np.array([i for i, _ in pieces], dtype=np.int64)
        self._piece_vecs = self._tfidf.transform(
            [canonical(core(normalize(q)), self.synonyms) for _, q in pieces]
        )
        self._entry_objects = [
            objects_in(" ".join((e.title, *e.keywords)), self.objects) for e in live
        ]
        self._entry_mentions = [objects_in(normalize(e.search_text()), self.objects) for e in live]
        self._entry_names = [objects_in(normalize(e.head()), self.objects) for e in live]
        self._entry_texts = [canonical(normalize(e.search_text()), self.synonyms) for e in live]
        self._entry_heads = [canonical(normalize(e.head()), self.synonyms) for e in live]
        self._entry_hours = [
            WHEN_ANSWERED.search(normalize(" ".join((e.title, *e.questions)))) is not None
            for e in live
        ]
        self._entry_acts = [
            EntryActs.of(
                [normalize(q) for q in (e.title, *e.questions)],
                [normalize(k) for k in e.keywords],
                normalize(e.answer),
            )
            for e in live
        ]
        body = [normalize(e.answer[:300]) for e in live]
        self._body_vecs = self._tfidf.transform(body)

    # -- queries ----------------------------------------------------------------------------
    def search(self, query: str, k: int = 3) -> list[KnowledgeAnswer]:
        """Answers above the threshold, best first (never raises for a str): only entries
        about what was asked (objects, subject words, the act, and hours when hours are
        asked); a question of how long the handling takes gets the hotline's own entries."""
        full = normalize(query)
        norm = core(full)
        if self._bm25 is None or not any(ch.isalnum() for ch in norm):
            return []
        scored = self._scores(norm)
        if scored is None:
            return []
        score, live = scored
        named = objects_in(full, self.objects)
        asked = named - NAMED_ONLY  # 你们 ... 公积金: the other filters read the things asked
        topic = subject(canonical(norm, self.synonyms))
        if asks_handling_time(full, topic, asked):
            # 「这事得几天能办好」: the hotline's time limit, whatever else shares its words
            own = [i for i, about in enumerate(self._entry_objects) if HANDLING in about]
            ranked = sorted(own, key=lambda i: -float(score[i]))
            kept = [(i, max(float(score[i]), READ_SCORE)) for i in ranked]
        else:
            kept = self._fitting(score, full, named, topic)
        if len(asked) > 1:
            # an entry whose title and questions name more of the things asked about ranks
            # higher (买了个二手房 + 公积金: the purchase withdrawal before the transfer)
            kept = [
                (i, min(1.0, s + NAMED_BONUS * (len(asked & self._entry_names[i]) - 1)))
                for i, s in kept
            ]
            kept.sort(key=lambda t: -t[1])
        out: list[KnowledgeAnswer] = []
        for i, s in kept[:k]:
            e = live[i]
            out.append(
                KnowledgeAnswer(
                    entry_id=e.id,
                    title=e.title,
                    answer=e.answer,
                    source_unit=e.source_unit,
                    updated=e.effective_date.isoformat(),
                    score=round(s, 4),
                    media=e.media,
                    category=source_category(e.source_unit),
                )
            )
        return out

    def _scores(self, norm: str) -> tuple[np.ndarray, list[KnowledgeEntry]] | None:
        """The fused score of every live entry for the question ``norm`` (asking words
        out), with the entries scored; None when the question has no words to weigh."""
        q_tokens = analyze(norm, self.synonyms)
        if not q_tokens:
            return None
        with self._lock:
            if self._bm25 is None:
                return None
            bm = np.asarray(self._bm25.get_scores(q_tokens), dtype=np.float64)
            qv = self._tfidf.transform([canonical(norm, self.synonyms)])
            head = (self._head_vecs @ qv.T).toarray().ravel()
            piece = (self._piece_vecs @ qv.T).toarray().ravel()
            best_piece = np.zeros_like(head)
            np.maximum.at(best_piece, self._piece_of, piece)
            head = np.maximum(head, best_piece)
            body = (self._body_vecs @ qv.T).toarray().ravel()
            live = self._live
        top_bm = float(bm.max()) if bm.size else 0.0
        # bm25 normalized by the query's own self-score scale: a query whose words
        # match nothing stays near zero, however the corpus looks.
        bm_norm = bm / (top_bm + 8.0) if top_bm > 0 else bm
        return 0.5 * head + 0.15 * body + 0.35 * bm_norm, live

    def _fitting(
        self, score: np.ndarray, full: str, named: frozenset[str], topic: frozenset[str]
    ) -> list[tuple[int, float]]:
        """The entries above the threshold that answer the question ``full`` (normalized),
        which names the objects ``named`` and is about the words ``topic``, best first."""
        asked = named - NAMED_ONLY
        hours = WHEN_ASKED.search(full) is not None
        acting = bool(distinct_acts(asked_part(full)))  # 丢了咋补, 到期换, 写错了改
        light = bool(topic) and topic <= LIGHT and not asked
        # the question's words besides the things it names (过户 of 燃气过户要带啥)
        own = [
            w
            for w in topic
            if w not in LIGHT and not objects_in(canonical(w, self.synonyms), self.objects)
        ]
        kept: list[tuple[int, float]] = []
        for i in (int(j) for j in np.argsort(-score)):
            s = float(score[i])
            if s < THRESHOLD:
                break
            about = self._entry_objects[i]
            if about & NAMED_ONLY and not about <= named:
                continue  # the hotline's own handling, not a procedure's (多久能拿证)
            if asked and about and not about <= asked:
                continue  # an entry about another thing (驾驶证 for a 身份证 question)
            if asked and asked.isdisjoint(self._entry_mentions[i]):
                continue  # an entry that never mentions what was asked about (租房 → 创业补贴)
            if topic and not answers_subject(topic, self._entry_texts[i]):
                continue  # not what was asked about (狗证 → 残疾证; 图书馆 → 体育场馆)
            if light and s < LIGHT_THRESHOLD:
                continue  # only a word of when or of a common act shared (多久能处理)
            if asked and acting and asked.isdisjoint(self._entry_names[i]):
                continue  # the act asked on another thing (毕业证补办 for 身份证丢了)
            shares_act = any(w in self._entry_heads[i] for w in own)
            if not self._entry_acts[i].answers(full, shares_act=shares_act):
                continue  # another act on the thing (下载 for 得带啥; 参保 for 丢了咋补)
            if hours and not self._entry_hours[i]:
                continue  # hours asked, another aspect answered (健身房周末开门 → 预付卡纠纷)
            kept.append((i, s))
        return kept

    def stale(self, today: date) -> list[KnowledgeEntry]:
        """Live entries whose review date has passed (supervision, 第二十二条(四))."""
        return sorted(
            (e for e in self._live if e.review_date < today), key=lambda e: (e.review_date, e.id)
        )

    def domain_counts(self) -> dict[str, int]:
        """Live entries per domain."""
        return dict(Counter(e.domain for e in self._live))

    # -- unit edits (the API persists; this keeps the in-memory index current) -----------------
    def upsert(self, entry: KnowledgeEntry) -> KnowledgeEntry:
        """Add an entry or a new version of one (version = previous + 1)."""
        entry.validate()
        with self._lock:
            old = self.entries.get(entry.id)
            if old is not None:
                entry = replace(entry, version=old.version + 1)
                if not entry.media and old.media:  # units edit words; pictures are config's
                    entry = replace(entry, media=old.media)
            self.entries[entry.id] = entry
            self._rebuild()
        return entry

    def apply(self, entries: Iterable[KnowledgeEntry]) -> int:
        """Take stored versions as they are (newer version wins); returns how many applied."""
        applied = 0
        with self._lock:
            for entry in entries:
                entry.validate()
                old = self.entries.get(entry.id)
                if old is None or entry.version > old.version:
                    if old is not None and not entry.media and old.media:
                        entry = replace(entry, media=old.media)
                    self.entries[entry.id] = entry
                    applied += 1
            if applied:
                self._rebuild()
        return applied

    def get(self, entry_id: str) -> KnowledgeEntry | None:
        """The current version of an entry (retired ones included)."""
        return self.entries.get(entry_id)

    def retire(self, entry_id: str) -> KnowledgeEntry:
        """Retire an entry (kept for the record, no longer answered)."""
        with self._lock:
            old = self.entries.get(entry_id)
            if old is None:
                raise KnowledgeError(f"no entry {entry_id}")
            new = replace(old, retired=True, version=old.version + 1)
            self.entries[entry_id] = new
            self._rebuild()
        return new
