"""Intake and the citizen's side: a confirmed appeal becomes a dispatched work order
(第十二条, 第十四条), the citizen sees its progress (第九条 知情权) and evaluates it.

Opening an order is one transaction of one statement per table, run as Core in one
synchronous call (:mod:`casebridge.cases.opening`): on SQLite in one worker thread on the
file's blocking twin (:func:`casebridge.db.blocking_twin`: one hand-off to the event loop
instead of 24), else through ``AsyncConnection.run_sync``; dispatch (catalogue) and unit
ids are read from memory before it.
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from casebridge.cases.checks import clean
from casebridge.cases.core import CaseCore
from casebridge.cases.opening import Opening, open_order
from casebridge.cases.types import SATISFACTION, Actor
from casebridge.db import blocking_twin, writer_slots
from casebridge.errors import InvalidInput
from casebridge.inputs import phone_number
from casebridge.intake import AppealDraft, OrderReceipt, ProgressView
from casebridge.lifecycle import FINAL, STATE_LABELS, Role, State, check
from casebridge.models import Appeal, Callback, WorkOrder
from casebridge.privacy import phone_last4


def _stored_phone(phone: str | None) -> str | None:
    """The contact phone as stored: read by the one phone reading of every surface
    (:func:`casebridge.inputs.phone_number`, full-width digits folded); what it cannot
    read (a dialogue's own text) is kept trimmed, never refused here."""
    text = (phone or "").strip()
    if not text:
        return None
    try:
        return phone_number(text)
    except ValueError:
        return text


class Intake(CaseCore):
    """Implements :class:`casebridge.intake.IntakePort`."""

    _order_slots: asyncio.Semaphore | None = None

    def _slots(self) -> asyncio.Semaphore:
        """Orders opened at once (:func:`casebridge.db.writer_slots`); the rest queue here,
        first come first served, without a timeout."""
        if self._order_slots is None:
            bind = self.sessions.kw.get("bind")
            n = writer_slots(bind) if isinstance(bind, AsyncEngine) else 4
            self._order_slots = asyncio.Semaphore(n)
        return self._order_slots

    async def open_work_order(
        self, draft: AppealDraft, *, strict_key: bool = False
    ) -> OrderReceipt:
        """Write appeal, order, assignment, event and outbox rows; idempotent on the key.

        A key seen before returns the order it opened (a retried confirmation, an inbox
        re-run after a crash). ``strict_key`` is for keys a client chose (the centre's
        intake, Open311's ``Idempotency-Key``): the same key with another text is then
        refused with :class:`casebridge.errors.IdempotencyConflict` (409), as the IETF
        Idempotency-Key draft asks, instead of answering with the first order.

        Raises :class:`InvalidInput` without an idempotency key (at most 200 characters)
        or text, :class:`casebridge.errors.NotFound` for an unknown category or unit.
        """
        if not draft.idempotency_key or len(draft.idempotency_key) > 200:
            raise InvalidInput("idempotency_key is required (at most 200 characters)")
        text = clean(draft.text, "诉求内容", limit=20000)
        assert text is not None

        async with self._slots():
            if not self._by_code:
                await self._run(self._index)
            opening = self._opening(draft, text, strict_key=strict_key)
            bind = self.sessions.kw.get("bind")
            twin = blocking_twin(bind) if isinstance(bind, AsyncEngine) else None
            if twin is not None:

                async def in_thread() -> OrderReceipt:
                    # SQLite: checkout, BEGIN, the statements, COMMIT and the return to
                    # the pool in one worker thread: one hand-off, not one per call
                    return await asyncio.to_thread(self._open_blocking, twin, opening)

                return await self._retrying(in_thread)
            if isinstance(bind, AsyncEngine):

                async def once() -> OrderReceipt:
                    # checkout, then BEGIN, the statements and COMMIT in one synchronous
                    # call (AsyncConnection.run_sync), then the return to the pool
                    async with bind.connect() as conn:
                        return await conn.run_sync(self._open_in_transaction, opening)

                return await self._retrying(once)

            async def work(s: AsyncSession) -> OrderReceipt:
                # a factory bound otherwise (a connection, several binds): the session's
                # transaction, the same statements in one synchronous call
                return await s.run_sync(lambda ss: self._open(ss.connection(), opening))

            return await self._run(work)

    def _opening(self, draft: AppealDraft, text: str, *, strict_key: bool) -> Opening:
        """Where the appeal goes and the rows' values, decided before the transaction
        (catalogue and unit ids from memory)."""
        level3 = draft.extra.get("category_level3") if isinstance(draft.extra, dict) else None
        d = self.catalogue.dispatch(
            level1=draft.category_level1,
            level2=draft.category_level2,
            level3=level3 if isinstance(level3, str) else None,
            unit_type=draft.unit_type,
            county=draft.county,
            township=draft.township,
            text=text,
        )
        phone = _stored_phone(draft.contact_phone)
        appeal: dict[str, Any] = {
            "idempotency_key": draft.idempotency_key,
            "channel": draft.channel,
            "sender": draft.sender,
            "text": text,
            "order_type": draft.order_type,
            "category_level1": draft.category_level1,
            "category_level2": draft.category_level2,
            "unit_type": draft.unit_type,
            "county": d.county or draft.county,
            "township": draft.township,
            "village": draft.village,
            "address": draft.address,
            "latitude": draft.latitude,
            "longitude": draft.longitude,
            "since": draft.since,
            "contact_name": None if draft.anonymous else draft.contact_name,
            "contact_phone": phone,
            "phone_last4": phone_last4(phone),
            "anonymous": draft.anonymous,
            "attachments": [a.stored() for a in draft.attachments],
            "conversation_id": draft.conversation_id,
            "extra": dict(draft.extra),
            "created_at": None,  # set at the transaction's start (the clock)
        }
        needs_contact = bool(
            d.entry.needs_contact
            and phone
            and not draft.anonymous
            and draft.order_type != "staff_complaint"  # 第九条: no retaliation
            and not draft.extra.get("confidential")
        )
        return Opening(
            appeal=appeal,
            dispatch=d,
            lead_unit_id=self._uid(d.unit.code),
            needs_contact=needs_contact,
            channel=draft.channel,
            strict_key=strict_key,
        )

    def _open_blocking(self, engine: Engine, o: Opening) -> OrderReceipt:
        """The whole transaction on a blocking engine (a worker thread's call)."""
        with engine.connect() as conn:
            return self._open_in_transaction(conn, o)

    def _open_in_transaction(self, conn: Connection, o: Opening) -> OrderReceipt:
        """BEGIN, the statements and COMMIT (ROLLBACK on an error) on ``conn``."""
        with conn.begin():
            return self._open(conn, o)

    def _open(self, conn: Connection, o: Opening) -> OrderReceipt:
        """The transaction's statements, synchronously, in the caller's transaction."""
        now = self.clock()
        o.appeal["created_at"] = now
        return open_order(conn, o, now, self._ref, self.clock)

    async def _find_for_citizen(
        self,
        s: AsyncSession,
        number: str,
        phone_last4_: str | None,
        channel: str | None,
        sender: str | None,
    ) -> tuple[WorkOrder, Appeal] | None:
        found = await self._by_number(s, number)
        if found is None:
            return None
        order, appeal = found
        if appeal.phone_last4:
            ok = bool(phone_last4_) and hmac.compare_digest(
                appeal.phone_last4.encode(), (phone_last4_ or "").strip().encode()
            )
        else:
            ok = bool(channel and sender) and appeal.channel == channel and appeal.sender == sender
        return (order, appeal) if ok else None

    async def progress(
        self,
        number: str,
        phone_last4: str | None,
        *,
        channel: str | None = None,
        sender: str | None = None,
    ) -> ProgressView | None:
        """State and result for the citizen who filed the order (第九条 知情权).

        The citizen proves it by the phone's last four digits, or (an order without a
        phone) by writing from the same channel account; None otherwise, so a wrong
        number and a wrong phone look alike.
        """
        async with self.readers() as s:
            await self._index(s)
            found = await self._find_for_citizen(s, number, phone_last4, channel, sender)
            if found is None:
                return None
            order, _ = found
            shown = order
            if order.state == State.MERGED and order.merged_into_id is not None:
                shown = await s.get(WorkOrder, order.merged_into_id) or order
        result = (
            shown.reply_text
            if shown.state in (State.REPLIED, State.CALLBACK, State.CLOSED)
            else None
        )
        label = STATE_LABELS.get(shown.state, shown.state)
        if shown is not order:
            result = f"您的诉求已与工单{shown.number}合并办理，当前状态：{label}。" + (
                f"办理结果：{result}" if result else ""
            )
            label = f"已并单（{label}）"
        elif order.state == State.TERMINATED:
            result = "经审核，该诉求已终止办理。"
        return ProgressView(
            number=order.number,
            state=order.state,
            state_label=label,
            unit_name=self._ref(shown.lead_unit_id).name,
            created_at=order.created_at,
            deadline=shown.deadline_at,
            result=result,
            updated_at=shown.updated_at,
            can_evaluate=order.state in (State.REPLIED, State.CALLBACK)
            and order.satisfaction is None,
        )

    async def record_urging(self, number: str, text: str, channel: str, sender: str) -> bool:
        """催办: the citizen urges an open order whose progress they were just told (the
        number and the phone check, or the chat that filed it, were their proof). One
        ``urge`` event on the order (its state unchanged, the words as its reason) and
        ``order.updated`` to its units, so the unit sees it; False when the order is
        unknown or no longer open."""
        words = clean(text, "催办内容", required=False, limit=500) or "诉求人催办"

        async def work(s: AsyncSession) -> bool:
            await self._index(s)
            found = await self._by_number(s, number)
            if found is None:
                return False
            order, appeal = found
            if order.state in FINAL:
                return False
            ctx = await self._ctx(
                s, order, appeal, Role.CITIZEN, Actor("citizen", name=sender), None
            )
            data = {
                "channel": channel,
                "own": appeal.channel == channel and appeal.sender == sender,
            }
            self._event(ctx, "urge", order.state, order.state, words, data)
            order.updated_at = ctx.now
            ctx.emits.append(("order.updated", self._units_of(ctx)))
            await self._flush_emits(ctx)
            return True

        return await self._run(work)

    async def record_evaluation(
        self, number: str, satisfaction: str, reason: str | None, channel: str, sender: str
    ) -> bool:
        """The citizen's own evaluation (第十七条); False if not theirs or not open for it.

        Unsatisfied keeps the order in callback for the centre; otherwise it closes.
        """
        if satisfaction not in SATISFACTION:
            raise InvalidInput(f"satisfaction must be one of {', '.join(SATISFACTION)}")

        async def work(s: AsyncSession) -> bool:
            await self._index(s)
            found = await self._by_number(s, number)
            if found is None:
                return False
            order, appeal = found
            if appeal.channel != channel or appeal.sender != sender:
                return False
            if order.state not in (State.REPLIED, State.CALLBACK) or order.satisfaction:
                return False
            ctx = await self._ctx(
                s, order, appeal, Role.CITIZEN, Actor("citizen", name=sender), None
            )
            check("evaluate", order.state, Role.CITIZEN)
            comment = clean(reason, "评价理由", required=False, limit=2000)
            s.add(
                Callback(
                    order_id=order.id,
                    source="citizen",
                    satisfaction=satisfaction,
                    reasonable=None,
                    comment=comment,
                    actor=None,
                    created_at=ctx.now,
                )
            )
            order.satisfaction = satisfaction
            to = State.CALLBACK if satisfaction == "unsatisfied" else State.CLOSED
            if to == State.CLOSED:
                order.closed_at = ctx.now
            self._move(ctx, "evaluate", to, comment, {"satisfaction": satisfaction})
            await self._end_supervisions(ctx)
            ctx.emits.append(("order.callback_recorded", self._units_of(ctx)))
            await self._flush_emits(ctx)
            return True

        return await self._run(work)
