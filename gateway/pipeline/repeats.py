"""The same matter again (第十三条(三)): find a citizen's earlier order about it.

When a citizen raises, with no new facts, a matter already in progress or finished, the
hotline tells them its progress or result instead of opening a second order. The index
(``nlu.dedup``, MinHash-LSH) holds the recent orders of every citizen, loaded from the
case store at start, kept current as this process opens orders, and refreshed from the
case store every few seconds (:meth:`RepeatDetector.refresh`, a worker) so that orders
opened by the other gateway processes count too.

A citizen is their conversation (a WeChat or SMS sender keeps one), and also the phone
they left on an order: a web citizen in a new session (a new token) who gives the same
phone is the same citizen (``find(..., phone=…)``). Phones are kept only as a keyed
digest; the progress itself is told only after the case store's phone check.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.cases.feeds import recent_orders
from dialogs.spoken import has_word, plain
from dialogs.state import IntakeSlots
from gateway.ports import RepeatPort
from nlu.dedup import NearDupIndex, shingles
from nlu.types import Entity, NluResult, Triage, TriageOutcome


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
        # the orders of each phone (by its digest): a web citizen's sessions linked
        self._by_phone: dict[str, list[tuple[str, datetime]]] = {}
        self.index = NearDupIndex()
        # shingles of each indexed order: the candidates of one citizen are few, so they
        # are scored exactly (overlap, which a short restatement of a long text keeps high)
        self._shingles: dict[str, frozenset[int]] = {}
        self._category: dict[str, str | None] = {}
        self._county: dict[str, str | None] = {}
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
            self._keep(
                o.number,
                o.text,
                o.category_level1,
                o.conversation_id,
                o.created_at,
                o.contact_phone,
                o.county,
            )
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
        phone: str | None = None,
        county: str | None = None,
    ) -> None:
        self._shingles[number] = frozenset(shingles(text))
        self._category[number] = category
        self._county[number] = county
        when = at or datetime.now(UTC)
        when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        if self._newest is None or when > self._newest:
            self._newest = when
        if conversation:
            self._mine.setdefault(conversation, []).append((number, when))
        key = _phone_key(phone)
        if key is not None:
            self._by_phone.setdefault(key, []).append((number, when))

    def remember(
        self,
        number: str,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        county: str | None = None,
        at: datetime | None = None,
        phone: str | None = None,
    ) -> None:
        """Index an order this process just opened (``phone``: the one left on it)."""
        self._keep(number, text, category, conversation, at, phone, county)
        self.index.add(number, text, category, county, conversation, at)

    def find(
        self,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        now: datetime | None = None,
        cued: bool = False,
        phone: str | None = None,
        county: str | None = None,
    ) -> str | None:
        """The citizen's most similar recent order about the same matter, if any.

        ``cued``: the citizen's words say it is the same matter again (还是, 前面说了,
        到现在也没人…); their own recent orders then count from a lower overlap.
        ``phone``: the phone the citizen gives in this conversation; the orders left with
        it are theirs too (a web citizen's earlier session).
        ``county``: where the matter told now is; an order in another county is another
        matter (第十三条(三) is the same matter at the same place).

        A short matter ("暖气不热", under ``min_chars``) is compared only with the
        citizen's own orders found by phone or said to be the same (cued), and, when not
        cued, only when all of its words are in that order's text or the order's in it:
        few words share too much by chance ("路灯坏了", "楼道灯坏了").
        """
        key = _phone_key(phone)
        theirs_by_phone = self._by_phone.get(key, []) if key is not None else []
        if conversation not in self._mine and not theirs_by_phone:
            return None  # no order of this citizen's is indexed: nothing to search
        short = len(text.strip()) < self.min_chars
        if short and not (theirs_by_phone or cued):
            return None
        mine = frozenset(shingles(text))
        if not mine:
            return None
        since = (now or datetime.now(UTC)) - self.window
        candidates: set[str] = set()
        if conversation in self._mine:
            if not short:
                hits = self.index.similar(
                    text, sender=conversation, since=since, k=5, threshold=0.15
                )
                candidates = {hit.order_id for hit in hits}
            if cued:
                candidates |= {n for n, at in self._mine.get(conversation, []) if at >= since}
        # the phone's orders are few: each is scored exactly
        candidates |= {n for n, at in theirs_by_phone if at >= since}
        best: tuple[float, str] | None = None
        for number in candidates:
            theirs = self._shingles.get(number)
            if not theirs:
                continue
            known = self._category.get(number)
            other_kind = bool(category and known and category != known)
            if other_kind and not cued:
                continue  # the same words about another kind of matter
            there = self._county.get(number)
            if county and there and county != there:
                continue  # another place: another matter
            overlap = len(mine & theirs) / min(len(mine), len(theirs))
            bar = self.cued_threshold if cued else self.threshold
            if short and not cued:
                bar = 1.0  # every word of the shorter text in the other
            if other_kind:
                bar = max(bar, 0.2)  # said to be the same, yet classified apart: more overlap
            if overlap >= bar and (best is None or overlap > best[0]):
                best = (overlap, number)
        return best[1] if best else None


def _phone_key(phone: str | None) -> str | None:
    """A digest of a phone's digits (its last eleven), never the number itself."""
    digits = re.sub(r"[^0-9]", "", phone or "")[-11:]
    if len(digits) < 7:
        return None
    return hashlib.blake2b(digits.encode(), digest_size=16, person=b"hotline-repeat").hexdigest()


def mark_repeat(
    repeats: RepeatPort, result: NluResult, text: str, conversation: str, cues: tuple[str, ...]
) -> NluResult:
    """``result`` marked 第十三条(三) when ``text`` is the same matter as one of the
    citizen's recent orders (of this conversation, or left with the phone in ``text``);
    ``cues`` are the words that say it is the same matter again (the wording table's
    ``repeat_cue``)."""
    if result.triage is not None:
        return result
    category = result.category.level1 if result.category else None
    phone = result.first("phone")
    number = repeats.find(
        text,
        conversation,
        category=category,
        cued=has_word(cues, plain(text)),
        phone=phone.value if phone else None,
        county=result.territory.county if result.territory else None,
    )
    return _as_repeat(result, number)


def mark_repeat_by_phone(
    repeats: RepeatPort,
    result: NluResult,
    facts: IntakeSlots | None,
    conversation: str,
    cues: tuple[str, ...],
) -> NluResult:
    """The matter told in an intake under way, checked once the citizen gives a phone
    (the first time): the orders left with that phone are theirs, from any session."""
    phone = result.first("phone")
    if result.triage is not None or phone is None or facts is None:
        return result
    if not facts.matter or facts.phone is not None:
        return result
    number = repeats.find(
        facts.matter,
        conversation,
        category=facts.category.level1 if facts.category else None,
        cued=has_word(cues, plain(facts.matter)),
        phone=phone.value,
        county=facts.place.county,
    )
    return _as_repeat(result, number)


def _as_repeat(result: NluResult, number: str | None) -> NluResult:
    """``result`` marked as the same matter as order ``number`` (unchanged without one)."""
    if number is None:
        return result
    return dataclasses.replace(
        result,
        triage=Triage(TriageOutcome.REPEAT, f"与工单{number}为同一事项", matched=number),
        entities=(*result.entities, Entity("order_no", number, number, 0, 0)),
    )
