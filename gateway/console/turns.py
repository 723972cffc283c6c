"""Turns: every message kept (group commit), pushed live, read back masked, revealed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert

from gateway.console.core import ConsoleCore, TurnFields
from gateway.console.errors import Forbidden, NotFound
from gateway.console.models import ConsoleConversation, ConsoleTurn
from gateway.console.views import (
    AgentView,
    Direction,
    TurnView,
    _jsonable,
)
from gateway.ports import ActionRecord, NluSummary, TurnAttachment


class TurnsMixin(ConsoleCore):
    """Recording and reading a conversation's turns."""

    async def record_turn(
        self,
        conversation_key: str,
        channel: str,
        account: str,
        sender: str,
        direction: Direction,
        text: str,
        attachments: list[TurnAttachment],
        nlu: NluSummary | None,
        actions: list[ActionRecord] | None,
        *,
        author: str | None = None,
        wait: bool = True,
    ) -> None:
        """Keep one turn (every direction) and push it live to the holder and supervisors.

        With ``wait`` it returns once the turn is committed; without, once it is queued
        (the reply path: :class:`~gateway.pipeline.writebehind.WriteBehind`, which waits
        only when its bounded queue is full). Turns are written in groups, one transaction
        each, in call order: fewer, shorter write transactions.
        """
        row = {
            "conversation_key": conversation_key,
            "channel": channel,
            "account": account,
            "sender": sender,
            "direction": direction,
            "text": text,
            "attachments": [dict(a) for a in attachments],
            "nlu": nlu,
            "actions": actions,
            "author": author,
        }
        if wait:
            await self.records.put_and_wait(row)
        else:
            await self.records.put(row)

    async def _write_turns(self, rows: list[dict[str, Any]]) -> None:
        self._publish(await self._write_batch(rows, live=self._live))

    def _live(self, holder: str | None) -> bool:
        return self.hub.reaches({holder} if holder else None)

    def _publish(self, published: list[tuple[dict[str, Any], str | None]]) -> None:
        for event, holder in published:
            self.hub.publish(event, agents={holder} if holder else set())

    async def _write_batch(
        self,
        rows: list[dict[str, Any]],
        live: Callable[[str | None], bool] | None = None,
    ) -> list[tuple[dict[str, Any], str | None]]:
        """Write ``rows`` in one transaction; the live events of the written turns, with
        each turn's holder. ``live(holder)`` false: that turn's event is not built (nobody
        would receive it: the masked view costs a masking pass per string)."""
        now = self.clock()
        keys = list(dict.fromkeys(r["conversation_key"] for r in rows))
        async with self.sessions() as s, s.begin():
            # the conversation rows of the whole group, created or touched, and who holds
            # each: one multi-row upsert … RETURNING (was insert-or-ignore, select, update)
            first = {r["conversation_key"]: r for r in reversed(rows)}
            dialect = s.bind.dialect.name if s.bind is not None else "sqlite"
            touched = (
                await s.execute(
                    _touch(dialect),
                    [
                        {
                            "key": key,
                            "channel": first[key]["channel"],
                            "account": first[key]["account"],
                            "sender": first[key]["sender"],
                            "status": "bot",
                            "last_turn_at": now,
                            "created_at": now,
                            "updated_at": now,
                        }
                        for key in keys
                    ],
                )
            ).all()
            holders: dict[str, str | None] = {key: held_by for key, held_by in touched}
            values = []
            for r in rows:
                author = r["author"]
                if r["direction"] == "agent" and author is None:
                    author = holders.get(r["conversation_key"])  # agent turns: the holder's
                values.append(
                    {
                        "conversation_key": r["conversation_key"],
                        "at": now,
                        "channel": r["channel"],
                        "direction": r["direction"],
                        "author": author,
                        "text": r["text"],
                        "attachments": r["attachments"],
                        "nlu": r["nlu"],
                        "actions": r["actions"],
                    }
                )
            # the group's turns as one executemany INSERT … RETURNING (batched into multi-
            # row statements from one cached template), no ORM objects built or flushed;
            # the rows come back whole, so each event is built from its own row whatever
            # order the database returns them in
            table = cast(Table, ConsoleTurn.__table__)
            written = (await s.execute(insert(table).returning(table), values)).all()
            turns = sorted((cast(TurnFields, row) for row in written), key=lambda t: t.id)
            return [
                (
                    {
                        "type": "turn",
                        "key": t.conversation_key,
                        "turn": _jsonable(self._turn_view(t)),
                    },
                    holders.get(t.conversation_key),
                )
                for t in turns
                if live is None or live(holders.get(t.conversation_key))
            ]

    async def turns(
        self, conversation_key: str, after: int = 0, limit: int = 500
    ) -> list[TurnView]:
        """The history after turn id ``after``, oldest first, personal data masked."""
        async with self.sessions() as s:
            rows = (
                await s.scalars(
                    select(ConsoleTurn)
                    .where(ConsoleTurn.conversation_key == conversation_key, ConsoleTurn.id > after)
                    .order_by(ConsoleTurn.id)
                    .limit(limit)
                )
            ).all()
        return [self._turn_view(t) for t in rows]

    async def reveal(self, conversation_key: str, turn_id: int, viewer: AgentView) -> str:
        """The unmasked text of a turn for its holder or a supervisor; the look is logged."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            conv = await s.get(ConsoleConversation, conversation_key)
            turn = await s.get(ConsoleTurn, turn_id)
            if conv is None or turn is None or turn.conversation_key != conversation_key:
                raise NotFound("该条消息不存在")
            if not (viewer.supervisor or conv.held_by == viewer.username):
                raise Forbidden("只有接入该会话的坐席或值班长可以查看个人信息")
            self._audit(s, now, viewer.username, "reveal_pii", conversation_key, {"turn": turn_id})
            return turn.text


def _touch(dialect: str) -> ReturningInsert[str, str | None]:
    """Conversation rows (executemany parameters) created if new, else their
    ``last_turn_at`` and ``updated_at`` moved on; returns each row's key and holder."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ConsoleConversation)
    return stmt.on_conflict_do_update(
        index_elements=["key"],
        set_={
            "last_turn_at": stmt.excluded.last_turn_at,
            "updated_at": stmt.excluded.updated_at,
        },
    ).returning(ConsoleConversation.key, ConsoleConversation.held_by)
