"""The same matter again (第十三条(三)): find a citizen's earlier order about it.

When a citizen raises, with no new facts, a matter already in progress or finished, the
hotline tells them its progress or result instead of opening a second order. Whether a
new message is the same matter is judged by meaning (:func:`nlu.dedup.same_matter`: the
key object, the place, the category family; shared characters only when no object is
named), against the citizen's own recent orders: "灯黑了好几天" is the 路灯 order of the
same estate, a stolen 井盖 there is a new matter. The detector keeps those orders (loaded
from the case store at start, kept current as this process opens orders, and refreshed
from the case store every few seconds (:meth:`RepeatDetector.refresh`, a worker) so that
orders opened by the other gateway processes count too). Between two refreshes a
citizen's next message may reach another process than the one that opened their order:
the dialogue state (shared, in the store) names it (``memory.last_order``), and a process
that does not know that number reads the case store at once
(:meth:`RepeatDetector.catch_up`, once per number), so "我刚才反映的…" finds it.

A citizen is their conversation (a WeChat or SMS sender keeps one), and also the phone
they left on an order: a web citizen in a new session (a new token) who gives the same
phone is the same citizen (``find(..., phone=…)``). Phones are kept only as a keyed
digest; the progress itself is told only after the case store's phone check, or for an
order of the same channel identity (:meth:`RepeatDetector.theirs`, :meth:`owns`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.models import Appeal, WorkOrder
from dialogs.model import OwnOrder
from dialogs.spoken import has_word, plain
from dialogs.state import IntakeSlots
from gateway.ports import RepeatPort
from nlu.dedup import MatterKey, matter_key, same_matter
from nlu.pii import mask_text
from nlu.subjects import COUNTIES
from nlu.types import Entity, NluResult, Triage, TriageOutcome

# the levels before an order's matter, left out of its summary (the place is not the matter)
_LEADING_PLACE = re.compile(
    r"^(?:山东省?)?(?:菏泽市?)?(?:" + "|".join(COUNTIES) + r"|开发区|高新区)?"
    r"(?:[\u4e00-\u9fff]{1,4}(?:街道|镇|乡))?"
)


@dataclass(frozen=True)
class _Known:
    """One indexed order: whose, when, what about."""

    number: str
    at: datetime
    key: MatterKey
    summary: str  # masked, the matter's first words (for the citizen's own list)
    last4: str | None  # the phone check of an order listed to its own channel identity


class RepeatDetector:
    """Recent orders per citizen, judged the same matter by meaning."""

    def __init__(
        self,
        *,
        window: timedelta = timedelta(days=90),
        threshold: float = 0.6,
        cued_threshold: float = 0.3,
        min_chars: int = 4,
        listed: int = 5,
    ) -> None:
        self.window = window
        # shared words needed when a text names no key object (cued: "还是…前面说了")
        self.threshold = threshold
        self.cued_threshold = cued_threshold
        self.min_chars = min_chars
        self.listed = listed  # at most this many of a citizen's orders listed to choose
        self._orders: dict[str, _Known] = {}
        self._mine: dict[str, list[str]] = {}  # conversation -> its order numbers
        # the orders of each phone (by its digest): a web citizen's sessions linked
        self._by_phone: dict[str, list[str]] = {}
        self._newest: datetime | None = None  # the newest order indexed (refresh reads on)
        self._sessions: async_sessionmaker[AsyncSession] | None = None  # from load()
        # numbers a catch-up looked for and did not find (outside the window, or gone):
        # not looked for again on every message of their conversation
        self._sought: dict[str, None] = {}

    def __len__(self) -> int:
        return len(self._orders)

    async def load(self, sessions: async_sessionmaker[AsyncSession]) -> int:
        """Index the orders of the window from the case store; returns how many."""
        self._sessions = sessions
        return await self._load_since(sessions, datetime.now(UTC) - self.window)

    async def refresh(
        self, sessions: async_sessionmaker[AsyncSession], overlap: timedelta = timedelta(minutes=2)
    ) -> int:
        """Index the orders opened since the last load (by any process); how many were new.

        Reads back ``overlap`` before the newest order seen, so an order committed late
        by another process is not missed; orders already indexed are skipped."""
        since = (self._newest or datetime.now(UTC) - self.window) - overlap
        return await self._load_since(sessions, since)

    def knows(self, number: str) -> bool:
        """Whether ``number`` is indexed (or was looked for by :meth:`catch_up`)."""
        return number in self._orders or number in self._sought

    async def catch_up(self, number: str) -> bool:
        """An order another process opened since the last refresh (a conversation's
        ``memory.last_order`` this process does not know): read the case store's new
        orders now. True when ``number`` is indexed afterwards; looked for once."""
        if self.knows(number) or self._sessions is None:
            return number in self._orders
        await self.refresh(self._sessions)
        if number not in self._orders:
            if len(self._sought) >= 10_000:
                self._sought.pop(next(iter(self._sought)))
            self._sought[number] = None
        return number in self._orders

    async def _load_since(self, sessions: async_sessionmaker[AsyncSession], since: datetime) -> int:
        async with sessions() as s:
            rows = (
                await s.execute(
                    select(
                        WorkOrder.number,
                        Appeal.text,
                        WorkOrder.category_level1,
                        WorkOrder.county,
                        Appeal.conversation_id,
                        WorkOrder.created_at,
                        Appeal.contact_phone,
                        Appeal.address,
                    )
                    .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                    .where(WorkOrder.created_at >= since, Appeal.conversation_id.is_not(None))
                )
            ).all()
        added = 0
        for number, text, category, county, conversation, at, phone, address in rows:
            if number in self._orders:
                continue
            self.remember(
                number,
                text,
                conversation or "",
                category=category,
                county=county,
                at=at,
                phone=phone,
                place=address,
            )
            added += 1
        return added

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
        place: str | None = None,
    ) -> None:
        """Index an order (``phone``: the one left on it; ``place``: its address)."""
        when = at or datetime.now(UTC)
        when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        digits = re.sub(r"[^0-9]", "", phone or "")
        self._orders[number] = _Known(
            number=number,
            at=when,
            key=matter_key(text, place=place, county=county, category=category),
            summary=_summary(text),
            last4=digits[-4:] if len(digits) >= 4 else None,
        )
        if self._newest is None or when > self._newest:
            self._newest = when
        if conversation:
            self._mine.setdefault(conversation, []).append(number)
        key = _phone_key(phone)
        if key is not None:
            self._by_phone.setdefault(key, []).append(number)

    def _recent(self, numbers: list[str], now: datetime | None) -> list[_Known]:
        since = (now or datetime.now(UTC)) - self.window
        known = (self._orders.get(n) for n in numbers)
        return [k for k in known if k is not None and k.at >= since]

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
        place: str | None = None,
    ) -> str | None:
        """The citizen's recent order about the same matter as ``text``, if any (the
        surest, then the newest).

        ``category``/``county``: the NLU's for ``text``; ``place``: where the citizen said
        it is, when told apart from ``text``. ``cued``: the citizen's words say
        it is the same matter again (还是, 前面说了, 到现在也没人…): a text that names no key
        object then needs fewer shared words. ``phone``: the phone the citizen gives in
        this conversation; the orders left with it are theirs too (a web citizen's
        earlier session).
        """
        key = _phone_key(phone)
        numbers = list(self._mine.get(conversation, []))
        numbers += self._by_phone.get(key, []) if key is not None else []
        if not numbers or len(text.strip()) < self.min_chars:
            return None
        told = matter_key(text, place=place, county=county, category=category)
        best: tuple[float, datetime, str] | None = None
        for order in self._recent(numbers, now):
            score = same_matter(
                told,
                order.key,
                cued=cued,
                threshold=self.threshold,
                cued_threshold=self.cued_threshold,
            )
            if score is not None and (best is None or (score, order.at) > best[:2]):
                best = (score, order.at, order.number)
        return best[2] if best else None

    def theirs(self, conversation: str, now: datetime | None = None) -> list[OwnOrder]:
        """The orders filed from this conversation (channel identity) within the window,
        newest first, at most ``listed``: what the citizen can ask after without a number."""
        recent = sorted(
            self._recent(list(dict.fromkeys(self._mine.get(conversation, []))), now),
            key=lambda k: k.at,
            reverse=True,
        )
        return [OwnOrder(number=k.number, summary=k.summary, at=k.at) for k in recent][
            : self.listed
        ]

    def owns(self, conversation: str, number: str) -> tuple[bool, str | None]:
        """Whether ``number`` was filed from this conversation, and its phone check."""
        if number not in self._mine.get(conversation, []):
            return False, None
        known = self._orders.get(number)
        return known is not None, known.last4 if known else None


def _summary(text: str, size: int = 18) -> str:
    """The matter's first words, masked, without the levels of its place."""
    clean = re.sub(r"\s+", " ", text).strip()
    rest = _LEADING_PLACE.sub("", clean, count=1).lstrip("，,的 ") or clean
    masked = mask_text(rest)
    return masked if len(masked) <= size else masked[:size] + "…"


def _phone_key(phone: str | None) -> str | None:
    """A digest of a phone's digits (its last eleven), never the number itself."""
    digits = re.sub(r"[^0-9]", "", phone or "")[-11:]
    if len(digits) < 7:
        return None
    return hashlib.blake2b(digits.encode(), digest_size=16, person=b"hotline-repeat").hexdigest()


def mark_repeat(
    repeats: RepeatPort,
    result: NluResult,
    text: str,
    conversation: str,
    cues: tuple[str, ...],
    vouched: str | None = None,
) -> NluResult:
    """``result`` marked 第十三条(三) when ``text`` is the same matter as one of the
    citizen's recent orders (of this conversation, or left with the phone in ``text``,
    else with ``vouched``: the number the channel vouches for, an SMS sender's or a
    caller's, so the matter filed from the web chat with that phone is found from a text
    message too, trial12 P07); ``cues`` are the words that say it is the same matter
    again (the wording table's ``repeat_cue``)."""
    if result.triage is not None:
        return result
    category = result.category.level1 if result.category else None
    phone = result.first("phone")
    number = repeats.find(
        text,
        conversation,
        category=category,
        cued=has_word(cues, plain(text)),
        phone=phone.value if phone else vouched,
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
        place=" ".join(
            p for p in (facts.place.township, facts.place.village, facts.place.detail) if p
        ),
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
