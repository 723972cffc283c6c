"""The same matter again (第十三条(三)): find a citizen's earlier order about it.

When a citizen raises, with no new facts, a matter already in progress or finished, the
hotline tells them its progress or result instead of opening a second order. The index
(``nlu.dedup``, MinHash-LSH) holds the recent orders of every citizen, loaded from the
case store at start, kept current as this process opens orders, and refreshed from the
case store every few seconds (:meth:`RepeatDetector.refresh`, a worker) so that orders
opened by the other gateway processes count too.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.cases.feeds import recent_orders
from nlu.dedup import NearDupIndex, shingles


class RepeatDetector:
    """Recent orders per citizen, searchable by meaning-preserving text similarity."""

    def __init__(
        self,
        *,
        window: timedelta = timedelta(days=90),
        threshold: float = 0.6,
        cued_threshold: float = 0.1,
        min_chars: int = 8,
    ) -> None:
        self.window = window
        self.threshold = threshold
        # "还是不热 前面说了…": the citizen says it is the same matter again, in few words;
        # their own recent orders are then scored directly with a lower bar
        self.cued_threshold = cued_threshold
        self.min_chars = min_chars
        self._mine: dict[str, list[tuple[str, datetime]]] = {}
        self.index = NearDupIndex()
        # shingles of each indexed order: the candidates of one citizen are few, so they
        # are scored exactly (overlap, which a short restatement of a long text keeps high)
        self._shingles: dict[str, frozenset[int]] = {}
        self._category: dict[str, str | None] = {}
        self._newest: datetime | None = None  # the newest order indexed (refresh reads on)

    async def load(self, sessions: async_sessionmaker[AsyncSession]) -> int:
        """Index the orders of the window from the case store; returns how many."""
        return await self._load_since(sessions, datetime.now(UTC) - self.window)

    async def refresh(
        self, sessions: async_sessionmaker[AsyncSession], overlap: timedelta = timedelta(minutes=2)
    ) -> int:
        """Index the orders opened since the last load (by any process); how many were new.

        Reads back ``overlap`` before the newest order seen, so an order committed late
        by another process is not missed; orders already indexed are skipped."""
        since = (self._newest or datetime.now(UTC) - self.window) - overlap
        return await self._load_since(sessions, since)

    async def _load_since(self, sessions: async_sessionmaker[AsyncSession], since: datetime) -> int:
        rows = [o for o in await recent_orders(sessions, since) if o.number not in self._shingles]
        batch = [
            (o.number, o.text, o.category_level1, o.county, o.conversation_id, o.created_at)
            for o in rows
        ]
        for o in rows:
            self._keep(o.number, o.text, o.category_level1, o.conversation_id, o.created_at)
        if not batch:
            return 0
        return await asyncio.to_thread(self.index.add_many, batch)

    def _keep(
        self,
        number: str,
        text: str,
        category: str | None,
        conversation: str | None = None,
        at: datetime | None = None,
    ) -> None:
        self._shingles[number] = frozenset(shingles(text))
        self._category[number] = category
        when = at or datetime.now(UTC)
        when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        if self._newest is None or when > self._newest:
            self._newest = when
        if conversation:
            self._mine.setdefault(conversation, []).append((number, when))

    def remember(
        self,
        number: str,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        county: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Index an order this process just opened."""
        self._keep(number, text, category, conversation, at)
        self.index.add(number, text, category, county, conversation, at)

    def find(
        self,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        now: datetime | None = None,
        cued: bool = False,
    ) -> str | None:
        """The citizen's most similar recent order about the same matter, if any.

        ``cued``: the citizen's words say it is the same matter again (还是, 前面说了,
        到现在也没人…); their own recent orders then count from a lower overlap.
        """
        if conversation not in self._mine:
            return None  # no order of this citizen's is indexed: nothing to search
        if len(text.strip()) < self.min_chars:
            return None
        mine = frozenset(shingles(text))
        if not mine:
            return None
        since = (now or datetime.now(UTC)) - self.window
        hits = self.index.similar(text, sender=conversation, since=since, k=5, threshold=0.15)
        candidates = {hit.order_id for hit in hits}
        if cued:
            candidates |= {n for n, at in self._mine.get(conversation, []) if at >= since}
        best: tuple[float, str] | None = None
        for number in candidates:
            theirs = self._shingles.get(number)
            if not theirs:
                continue
            known = self._category.get(number)
            other_kind = bool(category and known and category != known)
            if other_kind and not cued:
                continue  # the same words about another kind of matter
            overlap = len(mine & theirs) / min(len(mine), len(theirs))
            bar = self.cued_threshold if cued else self.threshold
            if other_kind:
                bar = max(bar, 0.2)  # said to be the same, yet classified apart: more overlap
            if overlap >= bar and (best is None or overlap > best[0]):
                best = (overlap, number)
        return best[1] if best else None
