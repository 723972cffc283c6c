"""The hotline knowledge base (第十八条): entries kept by units with versions, source unit,
effective and review dates; retrieval by BM25 (bm25s) over jieba words and character
bigrams, fused with a character n-gram TF-IDF cosine against the entry's questions.

Only answers above the threshold are returned, always with source unit and date; entries
past their review date are listed by ``stale`` for supervision (第二十二条(四)).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from pathlib import Path

import bm25s
import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.errors import KnowledgeError
from nlu.normalize import normalize
from nlu.sources import source_category
from nlu.tokenize import tokens
from nlu.types import KnowledgeAnswer, KnowledgeMedia

#: Fused score below which no answer is given (tuned on tests/unit/nlu paraphrases).
THRESHOLD = 0.32
#: When a question names two or more things (:data:`OBJECTS_FILE`), added to an answer's
#: score (after the threshold, so it only reorders) per thing asked about its title and
#: questions name beyond the first (taken off when they name none): the dialogue answers
#: with the best score.
NAMED_BONUS = 0.1
_STOP_WORDS = (
    "的 了 吗 呢 啊 吧 呀 我 你 您 请问 一下 怎么 如何 什么 是 在 有 要 想 问 问问 "
    "能 可以 和 与 及 、 , . ? ! 哪 哪里 多少 需要 咨询"
)
_STOP = frozenset(_STOP_WORDS.split())
#: Words of asking and of the spoken language around a question (俺 恁 咋 啥 去哪 能不能 ...):
#: taken out of the query before it is compared, so a long colloquial question weighs
#: what it is about, not how it is asked. Single characters only where they are never part
#: of a term of the entries (个 of 个体户 and 上 of 上户口 stay).
_FILLER = re.compile(
    r"俺们|俺|恁们|恁|咱们|咱|我们|你们|请问|问一下|问问|想问|咨询一下|打听一下|麻烦|"
    r"怎么|怎样|如何|咋|啥|什么|哪里|哪儿|去哪|上哪|在哪|能不能|可不可以|要不要|是不是|"
    r"有没有|一下|[吗呢啊呀吧哈嘛哦]|了(?=\s|$)"
)


@dataclass(frozen=True)
class KnowledgeEntry:
    """One knowledge-base entry at one version."""

    id: str
    domain: str
    title: str
    answer: str
    source_unit: str
    effective_date: date
    review_date: date
    questions: tuple[str, ...] = ()
    version: int = 1
    retired: bool = False
    keywords: tuple[str, ...] = field(default=())
    media: tuple[KnowledgeMedia, ...] = field(default=())

    def validate(self) -> None:
        """Raise KnowledgeError when a required field is missing or dates are inverted."""
        for name in ("id", "domain", "title", "answer", "source_unit"):
            if not str(getattr(self, name)).strip():
                raise KnowledgeError(f"entry {self.id or '?'}: {name} is required")
        if self.review_date < self.effective_date:
            raise KnowledgeError(f"entry {self.id}: review date before effective date")
        if self.version < 1:
            raise KnowledgeError(f"entry {self.id}: version must be >= 1")
        for m in self.media:
            if (m.file is None) == (m.url is None):
                raise KnowledgeError(f"entry {self.id}: a picture needs a file or a url")
            if m.url is not None and not m.url.startswith("https://"):
                raise KnowledgeError(f"entry {self.id}: a picture's url must be https")
            if m.file is not None and (m.file.startswith("/") or ".." in m.file):
                raise KnowledgeError(f"entry {self.id}: a picture's file must be relative")

    def search_text(self) -> str:
        """The text retrieval indexes: title and questions weigh double."""
        head = " ".join((self.title, *self.questions, *self.keywords))
        return f"{head} {head} {self.answer}"


def _date(value: object, what: str, entry_id: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeError(f"entry {entry_id}: bad {what} {value!r}") from exc


def _texts(value: object) -> tuple[str, ...]:
    """A YAML list of texts (one bare text is a list of one); missing is empty."""
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, not {value!r}")
    return tuple(str(v) for v in value)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a whole number, not {value!r}")
    return int(value)


def entry_from_dict(
    data: Mapping[str, object], defaults: Mapping[str, object] | None = None
) -> KnowledgeEntry:
    """Build and validate an entry from YAML/JSON data (file-level ``defaults`` apply)."""
    merged = {**(defaults or {}), **data}
    entry_id = str(merged.get("id", "")).strip()
    try:
        entry = KnowledgeEntry(
            id=entry_id,
            domain=str(merged.get("domain", "")),
            title=str(merged.get("title", "")),
            answer=str(merged.get("answer", "")).strip(),
            source_unit=str(merged.get("source_unit", "")),
            effective_date=_date(merged.get("effective"), "effective date", entry_id),
            review_date=_date(merged.get("review"), "review date", entry_id),
            questions=_texts(merged.get("questions")),
            version=_whole(merged.get("version", 1)),
            retired=bool(merged.get("retired", False)),
            keywords=_texts(merged.get("keywords")),
            media=_media(merged.get("images") or ()),
        )
    except (TypeError, ValueError) as exc:
        raise KnowledgeError(f"entry {entry_id or '?'}: {exc}") from exc
    entry.validate()
    return entry


def _media(items: object) -> tuple[KnowledgeMedia, ...]:
    """``images: [{file|url, caption, mime}]`` of an entry."""
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list | tuple):
        raise ValueError(f"bad pictures {items!r}")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError(f"bad picture {item!r}")
        out.append(
            KnowledgeMedia(
                caption=str(item.get("caption", "")).strip(),
                mime=str(item.get("mime", "image/png")),
                file=str(item["file"]) if item.get("file") else None,
                url=str(item["url"]) if item.get("url") else None,
            )
        )
    return tuple(out)


_SYNONYMS: dict[str, str] = {}
#: Objects a question is about, per file of the knowledge directory (see objects.yml).
OBJECTS_FILE = "objects.yml"


def load_objects(path: Path) -> dict[str, tuple[str, ...]]:
    """``object: [aliases]`` of ``objects.yml``; missing file: no object filter."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(k): tuple(str(a) for a in v or ()) for k, v in doc.items()}


def objects_in(text: str, objects: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The objects named in ``text``; longer aliases first and masked (公租房 is not 租房)."""
    found: set[str] = set()
    pairs = sorted(
        ((alias, name) for name, aliases in objects.items() for alias in aliases),
        key=lambda p: -len(p[0]),
    )
    for alias, name in pairs:
        if alias in text:
            found.add(name)
            text = text.replace(alias, "\x00")
    return frozenset(found)


def load_synonyms(path: Path) -> dict[str, str]:
    """``word canonical`` lines (``#`` comments); missing file: no synonyms."""
    out: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2 and parts[0] != parts[1]:
            out[parts[0]] = parts[1]
    return out


def _canonical(text: str, synonyms: dict[str, str]) -> str:
    # append canonical words rather than replace: the original words still match
    extra = [canon for word, canon in synonyms.items() if word in text]
    return text + (" " + " ".join(extra) if extra else "")


#: Words every procedure question may share: never the subject matched on.
_GENERIC = frozenset(
    [
        "办理",
        "申请",
        "需要",
        "材料",
        "手续",
        "流程",
        "条件",
        "时间",
        "多少",
        "可以",
        "能否",
        "一下",
        "哪个",
        "部门",
        "地方",
        "现在",
        "今年",
        "时候",
        "一个",
        "要办",
        "办证",
        "证件",
        "东西",
        "问题",
        "事情",
        "情况",
        "政策",
        "规定",
        "能办",
        "去办",
    ]
)


#: Words of when and of a common act (几点 开门, 登记, 预约 ...): a question shares them with
#: many entries, so they never alone make an entry the answer (图书馆几点开门 is not
#: 公共体育场馆开放 because both say when something opens).
_LIGHT = frozenset(
    [
        "几点",
        "开门",
        "关门",
        "开放",
        "营业",
        "上班",
        "下班",
        "办公",
        "几号",
        "哪天",
        "周末",
        "周六",
        "周日",
        "礼拜天",
        "星期天",
        "节假日",
        "假期",
        "上午",
        "中午",
        "下午",
        "晚上",
        "登记",
        "预约",
        "查询",
        "补办",
        "办理",
        "缴费",
        "交费",
        "报名",
        "领取",
        "咨询",
        "电话",
        # how long and what becomes of it (多久能处理 is asked of every procedure)
        "多久",
        "多长时间",
        "几天",
        "处理",
        "解决",
        "答复",
        "回复",
        "结果",
    ]
)
#: Fused score an answer needs when the question's subject is made only of light words
#: (:data:`_LIGHT`: 多久能处理, 几点开门): sharing a word of when or of a common act is weak
#: evidence (trial8 F20: 「你们多久能给处理啊」 got 临时身份证办理 at 0.32).
LIGHT_THRESHOLD = 0.4
#: Objects (:data:`OBJECTS_FILE`) whose entries answer only a question naming them: the
#: hotline's own handling of an appeal (多久能给处理) is asked with 你们, 热线, 工单, 反映的 ...;
#: without them "多久" is about a procedure, answered by its own entry or not at all.
NAMED_ONLY = frozenset({"热线诉求"})


#: A question about opening or office hours (几点开门, 周末上班吗) ...
_WHEN_ASKED = re.compile(
    r"几点|开门|关门|营业时间|办公时间|开放时间|上班时间|周[末六日]|礼拜[天六日]|星期[天六日]|节假日"
)
#: ... is answered only by an entry whose title or questions are about hours too.
_WHEN_ANSWERED = re.compile(r"几点|开门|营业时间|办公|开放|时间|周末|节假日|收班")


def _answers_subject(subject: frozenset[str], entry_text: str) -> bool:
    """Precision by subject: the entry names what the question is about. With its light
    words (:data:`_LIGHT`) set aside, one of the question's subject words is in the entry;
    a question made only of light words needs one of them."""
    heavy = [w for w in subject if w not in _LIGHT]
    return any(w in entry_text for w in (heavy or subject))


def _subject(norm: str) -> frozenset[str]:
    """The words of what a question is about: jieba words of two Han characters or more
    (the generic ones out), else adjacent Han character pairs (狗证 split as 狗 + 证)."""
    words = {w for w in tokens(norm) if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)}
    if not words:
        han = [c if "\u4e00" <= c <= "\u9fff" else " " for c in norm]
        words = {a + b for a, b in pairwise(han) if " " not in (a, b)}
    return frozenset(words - _GENERIC - _STOP)


def _core(norm: str) -> str:
    """A normalized text without the words of asking (:data:`_FILLER`); itself when
    nothing else is left."""
    return " ".join(_FILLER.sub(" ", norm).split()) or norm


def _analyze(text: str, synonyms: dict[str, str] | None = None) -> list[str]:
    """jieba words (stop words dropped) plus character bigrams of Han runs."""
    norm = _canonical(_core(normalize(text)), synonyms if synonyms is not None else _SYNONYMS)
    words = [w for w in tokens(norm) if w not in _STOP]
    han = [c for c in norm if "\u4e00" <= c <= "\u9fff"]
    bigrams = ["#" + a + b for a, b in pairwise(han)]
    return words + bigrams


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
        entries: list[KnowledgeEntry] = []
        seen: set[str] = set()
        for path in sorted(directory.glob("*.yml")):
            if path.name == OBJECTS_FILE:
                continue
            try:
                doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise KnowledgeError(f"{path}: {exc}") from exc
            defaults = {k: v for k, v in doc.items() if k != "entries"}
            for item in doc.get("entries") or ():
                entry = entry_from_dict(item, defaults)
                if entry.id in seen:
                    raise KnowledgeError(f"{path}: duplicate entry id {entry.id}")
                seen.add(entry.id)
                entries.append(entry)
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
        corpus = [_analyze(e.search_text(), self.synonyms) for e in live]
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        self._bm25 = bm25
        self._tfidf = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        heads = [
            _canonical(
                _core(normalize(" ".join((e.title, *e.questions, *e.keywords)))), self.synonyms
            )
            for e in live
        ]
        self._head_vecs = self._tfidf.fit_transform(heads)
        # each title and question on its own: a question asked nearly as an entry words it
        # is not diluted by the entry's other questions
        pieces = [(i, q) for i, e in enumerate(live) for q in (e.title, *e.questions)]
        self._piece_of = np.array([i for i, _ in pieces], dtype=np.int64)
        self._piece_vecs = self._tfidf.transform(
            [_canonical(_core(normalize(q)), self.synonyms) for _, q in pieces]
        )
        self._entry_objects = [
            objects_in(" ".join((e.title, *e.keywords)), self.objects) for e in live
        ]
        self._entry_mentions = [objects_in(normalize(e.search_text()), self.objects) for e in live]
        self._entry_names = [
            objects_in(normalize(" ".join((e.title, *e.questions, *e.keywords))), self.objects)
            for e in live
        ]
        self._entry_texts = [_canonical(normalize(e.search_text()), self.synonyms) for e in live]
        self._entry_hours = [
            _WHEN_ANSWERED.search(normalize(" ".join((e.title, *e.questions)))) is not None
            for e in live
        ]
        body = [normalize(e.answer[:300]) for e in live]
        self._body_vecs = self._tfidf.transform(body)

    # -- queries ----------------------------------------------------------------------------
    def search(self, query: str, k: int = 3) -> list[KnowledgeAnswer]:
        """Answers above the threshold, best first (never raises for a str): only entries
        about what was asked (objects, subject words, and hours when hours are asked)."""
        full = normalize(query)
        norm = _core(full)
        if self._bm25 is None or not any(ch.isalnum() for ch in norm):
            return []
        q_tokens = _analyze(norm, self.synonyms)
        if not q_tokens:
            return []
        with self._lock:
            bm = np.asarray(self._bm25.get_scores(q_tokens), dtype=np.float64)
            qv = self._tfidf.transform([_canonical(norm, self.synonyms)])
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
        score = 0.5 * head + 0.15 * body + 0.35 * bm_norm
        named = objects_in(full, self.objects)
        asked = named - NAMED_ONLY  # 你们 ... 公积金: the other filters read the things asked
        subject = _subject(_canonical(norm, self.synonyms))
        hours = _WHEN_ASKED.search(norm) is not None
        light = bool(subject) and subject <= _LIGHT and not asked
        order = np.argsort(-score)
        kept: list[tuple[int, float]] = []
        for i in order:
            s = float(score[int(i)])
            if s < THRESHOLD:
                break
            about = self._entry_objects[int(i)]
            if about & NAMED_ONLY and not about <= named:
                continue  # the hotline's own handling, not a procedure's (多久能拿证)
            if asked and about and not about <= asked:
                continue  # an entry about another thing (驾驶证 for a 身份证 question)
            if asked and asked.isdisjoint(self._entry_mentions[int(i)]):
                continue  # an entry that never mentions what was asked about (租房 → 创业补贴)
            if subject and not _answers_subject(subject, self._entry_texts[int(i)]):
                continue  # not what was asked about (狗证 → 残疾证; 图书馆 → 体育场馆)
            if light and s < LIGHT_THRESHOLD:
                continue  # only a word of when or of a common act shared (多久能处理)
            if hours and not self._entry_hours[int(i)]:
                continue  # hours asked, another aspect answered (健身房周末开门 → 预付卡纠纷)
            kept.append((int(i), s))
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
