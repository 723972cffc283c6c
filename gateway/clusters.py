"""Clusters of similar appeals from many citizens (第二十二条(三), 第二十七条).

The case store knows no text similarity, so the gateway lends it the NLU's near-duplicate
index: appeals about the same matter, in the same category and county, share one cluster
id, which the early-warning rules count ("a new cluster growing fast").
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping, Sequence

from casebridge.analytics.facts import AppealFacts
from nlu.dedup import NearDupIndex, shingles


class AppealClusterer:
    """Incremental union-find over near-duplicate appeals.

    Candidates come from the MinHash-LSH index at a low threshold (citizens word the same
    matter differently); each candidate is confirmed by the overlap of character bigrams,
    which stays high when one citizen writes a short version of another's long text.
    """

    def __init__(
        self,
        overlap: float = 0.4,
        candidate: float = 0.2,
        min_chars: int = 10,
        recent: int = 300,
    ) -> None:
        self.overlap = overlap
        self.candidate = candidate
        self.min_chars = min_chars
        self.recent = recent
        self.index = NearDupIndex()
        # the latest appeals of each (category, county): differently worded reports of one
        # matter can share too few bigrams for LSH to pair them; a short exact scan can
        self._latest: dict[tuple[str, str], deque[str]] = {}
        self._parent: dict[str, str] = {}
        self._shingles: dict[str, frozenset[int]] = {}
        self._lock = threading.Lock()

    def _root(self, number: str) -> str:
        parent = self._parent[number]
        while parent != self._parent[parent]:
            self._parent[parent] = self._parent[self._parent[parent]]  # path halving
            parent = self._parent[parent]
        return parent

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            # the earlier appeal names the cluster (numbers sort by date and sequence)
            keep, drop = (ra, rb) if ra < rb else (rb, ra)
            self._parent[drop] = keep

    def _place(self, a: AppealFacts) -> None:
        mine = frozenset(shingles(a.text))
        self._parent[a.number] = a.number
        self._shingles[a.number] = mine
        hits = self.index.similar(
            a.text,
            category=a.category,
            county=a.county or None,
            k=20,
            threshold=self.candidate,
        )
        group = self._latest.setdefault((a.category, a.county), deque(maxlen=self.recent))
        for other in {h.order_id for h in hits} | set(group):
            theirs = self._shingles.get(other)
            if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= self.overlap:
                self._union(a.number, other)
        group.append(a.number)
        self.index.add(a.number, a.text, a.category, a.county or None, None, a.created_at)

    def _forget_all_but(self, roots: dict[str, str]) -> None:
        """Drop appeals that left the analysis window (memory stays bounded by it)."""
        for number in [n for n in self._shingles if n not in roots]:
            del self._shingles[number]
            self.index.discard(number)
        self._parent = {n: r for n, r in roots.items()} | {r: r for r in roots.values()}
        for group in self._latest.values():
            kept = [n for n in group if n in roots]
            group.clear()
            group.extend(kept)

    def __call__(self, appeals: Sequence[AppealFacts]) -> Mapping[str, str]:
        """Cluster ids (appeal number -> id) for appeals in clusters of two or more."""
        with self._lock:
            for a in sorted(appeals, key=lambda a: a.created_at):
                if a.number not in self._parent and len(a.text) >= self.min_chars:
                    self._place(a)
            roots = {a.number: self._root(a.number) for a in appeals if a.number in self._parent}
            self._forget_all_but(roots)
            sizes: dict[str, int] = {}
            for root in roots.values():
                sizes[root] = sizes.get(root, 0) + 1
            return {n: r for n, r in roots.items() if sizes[r] >= 2}
