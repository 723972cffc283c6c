"""Near-duplicate appeals (第十三条(三), 第二十二条(三)): MinHash signatures over character
bigram shingles with LSH banding, kept in NumPy arrays so a million orders fit in memory
and a query is a handful of binary searches plus one vectorized comparison.

``similar`` answers "many citizens about the same place" (filter by ``category`` and
``county``) and finds near-copies among many orders. Whether one citizen's new message is
the same matter as one of their few earlier orders is judged by meaning instead
(:func:`same_matter`: key object, place, category; shared characters only when no object
is named).
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from nlu.errors import NluError
from nlu.normalize import normalize
from nlu.subjects import county_of, same_object, spots, subjects

_PRIME = np.uint64(4294967311)  # smallest prime above 2**32
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_KEEP_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


@dataclass(frozen=True)
class DuplicateHit:
    """An indexed order similar to the query, with its estimated Jaccard similarity."""

    order_id: str
    similarity: float
    category: str | None
    county: str | None
    sender: str | None
    created_at: datetime


def shingles(text: str, size: int = 2) -> list[int]:
    """CRC32 of the character ``size``-grams of ``text`` (punctuation and spaces dropped)."""
    clean = _KEEP_RE.sub("", normalize(text).lower())
    if not clean:
        return []
    if len(clean) < size:
        return [zlib.crc32(clean.encode())]
    return list({zlib.crc32(clean[i : i + size].encode()) for i in range(len(clean) - size + 1)})


class NearDupIndex:
    """MinHash-LSH index of orders. Thread-safe; ``add`` and ``similar`` are fast."""

    def __init__(
        self,
        num_perm: int = 48,
        bands: int = 24,
        threshold: float = 0.3,
        seed: int = 12345,
        merge_every: int = 20000,
        bucket_cap: int = 2000,
    ) -> None:
        if num_perm % bands:
            raise NluError("num_perm must be a multiple of bands")
        rng = np.random.default_rng(seed)
        self.num_perm, self.bands, self.rows = num_perm, bands, num_perm // bands
        self.threshold = threshold
        self._a = rng.integers(1, 2**31 - 1, num_perm, dtype=np.uint64)
        self._b = rng.integers(0, 2**31 - 1, num_perm, dtype=np.uint64)
        self._lock = threading.RLock()
        self._cap = 1024
        self._n = 0
        self._sig = np.zeros((self._cap, num_perm), dtype=np.uint32)
        self._keys = np.zeros((self._cap, bands), dtype=np.uint64)
        self._meta = np.zeros((self._cap, 4), dtype=np.int64)  # category, county, sender, ts
        self._alive = np.zeros(self._cap, dtype=bool)
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._codes: dict[str, int] = {}
        self._names: list[str] = []
        self._sorted_upto = 0
        self._sorted: list[tuple[np.ndarray, np.ndarray]] = []
        self._pending: list[dict[int, list[int]]] = [{} for _ in range(bands)]
        self._merge_every = merge_every
        self.bucket_cap = bucket_cap

    def __len__(self) -> int:
        return int(self._alive[: self._n].sum())

    # -- signatures ---------------------------------------------------------------------------
    def signature(self, text: str) -> np.ndarray:
        """The MinHash signature (uint32 × num_perm) of ``text``."""
        sig: np.ndarray = self._signatures([shingles(text)])[0]
        return sig

    def _signatures(self, docs: Sequence[Sequence[int]]) -> np.ndarray:
        out = np.full((len(docs), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        step = 100_000  # shingles per block: bounds the (shingles × num_perm) temporary
        group: list[int] = []
        size = 0
        for i, doc in enumerate(docs):
            if not doc:
                continue
            group.append(i)
            size += len(doc)
            if size >= step:
                self._fill(docs, group, out)
                group, size = [], 0
        if group:
            self._fill(docs, group, out)
        return out

    def _fill(self, docs: Sequence[Sequence[int]], group: list[int], out: np.ndarray) -> None:
        lengths = np.fromiter((len(docs[i]) for i in group), dtype=np.int64, count=len(group))
        flat = np.fromiter(
            (h for i in group for h in docs[i]), dtype=np.uint64, count=int(lengths.sum())
        )
        hashed = (flat[:, None] * self._a[None, :] + self._b[None, :]) % _PRIME
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        mins = np.minimum.reduceat(hashed, starts, axis=0)
        out[group] = (mins & np.uint64(0xFFFFFFFF)).astype(np.uint32)

    def _band_keys(self, sig: np.ndarray) -> np.ndarray:
        s = sig.reshape(-1, self.bands, self.rows).astype(np.uint64)
        key = np.zeros(s.shape[:2], dtype=np.uint64)
        for r in range(self.rows):
            key = key * _MIX[r % 3] + s[:, :, r]  # wraps modulo 2**64 on purpose
        return key

    # -- writes ---------------------------------------------------------------------------------
    def _code(self, value: str | None) -> int:
        if value is None:
            return -1
        code = self._codes.get(value)
        if code is None:
            code = self._codes[value] = len(self._names)
            self._names.append(value)
        return code

    def _grow(self, need: int) -> None:
        if need <= self._cap:
            return
        cap = max(need, self._cap * 2)
        for name in ("_sig", "_keys", "_meta", "_alive"):
            old = getattr(self, name)
            new = np.zeros((cap, *old.shape[1:]), dtype=old.dtype)
            new[: self._n] = old[: self._n]
            setattr(self, name, new)
        self._cap = cap

    def add(
        self,
        order_id: str,
        text: str,
        category: str | None = None,
        county: str | None = None,
        sender: str | None = None,
        created_at: datetime | None = None,
    ) -> None:
        """Index one order (re-adding an id replaces it)."""
        self.add_many([(order_id, text, category, county, sender, created_at)])

    def add_many(
        self, orders: Iterable[tuple[str, str, str | None, str | None, str | None, datetime | None]]
    ) -> int:
        """Index many orders at once (vectorized); returns how many were added."""
        batch = list(orders)
        if not batch:
            return 0
        sigs = self._signatures([shingles(o[1]) for o in batch])
        keys = self._band_keys(sigs)
        with self._lock:
            self._grow(self._n + len(batch))
            for i, (order_id, _text, category, county, sender, created) in enumerate(batch):
                old = self._row.get(order_id)
                if old is not None:
                    self._alive[old] = False
                row = self._n
                self._n += 1
                self._ids.append(order_id)
                self._row[order_id] = row
                self._sig[row] = sigs[i]
                self._keys[row] = keys[i]
                ts = (created or datetime.now(UTC)).timestamp()
                self._meta[row] = (
                    self._code(category),
                    self._code(county),
                    self._code(sender),
                    int(ts),
                )
                self._alive[row] = True
                for b in range(self.bands):
                    self._pending[b].setdefault(int(keys[i, b]), []).append(row)
            # merge the pending hash buckets into the sorted arrays geometrically, so bulk
            # loading a million orders sorts O(log n) times, not once per batch
            if self._n - self._sorted_upto >= max(self._merge_every, self._sorted_upto // 8):
                self._merge()
        return len(batch)

    def discard(self, order_id: str) -> bool:
        """Forget an order (closed long ago, or merged); True when it was indexed."""
        with self._lock:
            row = self._row.pop(order_id, None)
            if row is None:
                return False
            self._alive[row] = False
            return True

    def _merge(self) -> None:
        n = self._n
        self._sorted = []
        for b in range(self.bands):
            col = self._keys[:n, b]
            order = np.argsort(col, kind="stable")
            self._sorted.append((col[order], order.astype(np.int32)))
        self._pending = [{} for _ in range(self.bands)]
        self._sorted_upto = n

    # -- queries --------------------------------------------------------------------------------
    def similar(
        self,
        text: str,
        *,
        category: str | None = None,
        county: str | None = None,
        sender: str | None = None,
        since: datetime | None = None,
        k: int = 10,
        threshold: float | None = None,
    ) -> list[DuplicateHit]:
        """Indexed orders similar to ``text`` (best first), filtered as asked."""
        sig = self.signature(text)
        if not shingles(text):
            return []
        keys = self._band_keys(sig[None, :])[0]
        with self._lock:
            parts: list[np.ndarray] = []
            for b in range(self.bands):
                key = keys[b]
                if self._sorted:
                    sorted_keys, order = self._sorted[b]
                    lo = np.searchsorted(sorted_keys, key, side="left")
                    hi = np.searchsorted(sorted_keys, key, side="right")
                    if hi > lo:
                        # a huge bucket is one matter raised very often: its most recent
                        # rows (stable sort keeps row order) are the ones worth scoring
                        parts.append(order[max(lo, hi - self.bucket_cap) : hi])
                pend = self._pending[b].get(int(key))
                if pend:
                    parts.append(np.asarray(pend[-self.bucket_cap :], dtype=np.int32))
            if not parts:
                return []
            rows = np.unique(np.concatenate(parts))
            rows = rows[self._alive[rows]]
            meta = self._meta[rows]
            mask = np.ones(rows.size, dtype=bool)
            for col, value in ((0, category), (1, county), (2, sender)):
                if value is not None:
                    mask &= meta[:, col] == self._codes.get(value, -2)
            if since is not None:
                mask &= meta[:, 3] >= int(since.timestamp())
            rows, meta = rows[mask], meta[mask]
            sims = (self._sig[rows] == sig[None, :]).mean(axis=1)
            keep = sims >= (self.threshold if threshold is None else threshold)
            rows, meta, sims = rows[keep], meta[keep], sims[keep]
            order = np.lexsort((-meta[:, 3], -sims))[:k]
            return [
                DuplicateHit(
                    order_id=self._ids[int(rows[i])],
                    similarity=round(float(sims[i]), 4),
                    category=self._name(int(meta[i, 0])),
                    county=self._name(int(meta[i, 1])),
                    sender=self._name(int(meta[i, 2])),
                    created_at=datetime.fromtimestamp(int(meta[i, 3]), UTC),
                )
                for i in order
            ]

    def _name(self, code: int) -> str | None:
        return self._names[code] if code >= 0 else None


# ----------------------------------------------------------------------- the same matter
@dataclass(frozen=True)
class MatterKey:
    """What a matter is about, for judging "the same matter again" (第十三条(三)) by
    meaning: its key objects (:func:`nlu.subjects.subjects`), the named spots and county
    of its place, its category family, and its words (for texts that name no object)."""

    subjects: frozenset[tuple[str, ...]]
    spots: frozenset[str]
    county: str | None
    where: str  # the normalized text and address, where another's spots are looked up
    category: str | None
    words: frozenset[int]
    another: bool = False  # the text says it is another one ("另一盏", "不是上次那个")


# "另一盏灯", "别的地方", "不是上回那个", "又一个井盖", "还有个事": the citizen says it is another
_ANOTHER = re.compile(
    r"另(?:一|外)(?:个|盏|处|件|家|条|根|边)?|别的|不是(?:上次|上回|之前|以前|那个|那件|那盏|一个)|"
    r"又(?:一|有一)(?:个|盏|处|件|家|条|根)|还有(?:一|个|件)(?:个|件)?(?:事|问题)|新(?:坏|出)"
)


def matter_key(
    text: str, *, place: str | None = None, county: str | None = None, category: str | None = None
) -> MatterKey:
    """The :class:`MatterKey` of a matter told in ``text`` (``place``: its address when
    known apart; ``county``: the county known for it, else the one ``text`` names)."""
    whole = f"{text} {place or ''}"
    return MatterKey(
        subjects=subjects(text),
        spots=spots(whole),
        county=county or county_of(whole),
        where=normalize(whole),
        category=category,
        words=frozenset(shingles(text)),
        another=_ANOTHER.search(normalize(text)) is not None,
    )


def same_place(told: MatterKey, earlier: MatterKey) -> bool:
    """No sign of another place: the counties agree when both are known, and a spot the
    new message names is one of the earlier matter's (or names none); "晚上那盏灯" names
    no place and fits any."""
    if told.county and earlier.county and told.county != earlier.county:
        return False
    if not told.spots:
        return True
    if any(s in earlier.where for s in told.spots):
        return True
    return any(s in told.where for s in earlier.spots)


def same_matter(
    told: MatterKey,
    earlier: MatterKey,
    *,
    cued: bool = False,
    threshold: float = 0.6,
    cued_threshold: float = 0.3,
) -> float | None:
    """How surely ``told`` is the matter of ``earlier`` (higher is surer), None when it
    is another matter.

    Judged by meaning: said to be another one (另一盏, 不是上次那个), or at another
    place, never; when both name their key objects, the
    same when most of the objects told are the earlier one's, or half and the citizen says
    it is the same again (灯黑了 ~ 路灯不亮; 井盖 at the same estate as a 路灯 order is
    another matter, so is a 烧烤店's 下水道 after its 油烟), whatever the classifier says; when
    either names none, the same category family (when both are known) and most of the
    words shared (``cued``: the citizen says it is the same again, 还是/前面说了: fewer).
    """
    if told.another or not same_place(told, earlier):
        return None
    overlap = 0.0
    if told.words and earlier.words:
        overlap = len(told.words & earlier.words) / min(len(told.words), len(earlier.words))
    if told.subjects and earlier.subjects:
        known = tuple(earlier.subjects)
        matched = sum(any(same_object(x, y) for y in known) for x in told.subjects)
        other = len(told.subjects) - matched
        if matched == 0 or matched < other or (matched == other and not cued):
            return None  # mostly (or, unless said to be the same again, half) new objects
        return 1.0 + matched + overlap
    if told.category and earlier.category and told.category != earlier.category:
        return None
    bar = cued_threshold if cued else threshold
    return overlap if overlap >= bar else None
