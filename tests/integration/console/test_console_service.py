"""The takeover service on real SQLite and PostgreSQL: queue, claim race, expiry, audit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from casebridge.db import sync_url
from casebridge.intake import AppealDraft, OrderReceipt
from gateway.console.errors import Conflict, Forbidden, InvalidInput, NotFound
from gateway.console.models import ConsoleAudit
from gateway.console.service import AgentView, ConsoleService
from gateway.db import Base

from .conftest import Clock

A1 = AgentView("zhang", "张敏", "agent")
A2 = AgentView("li", "李强", "agent")
BOSS = AgentView("admin", "值班长", "supervisor")
KEY = "web::citizen-1"


async def _queue(console: ConsoleService, key: str = KEY, reason: str = "citizen_request") -> int:
    await console.record_turn(
        key, "web", "", key.split(":")[-1], "in", "我的电话是13853001234，路灯坏了", [], None, None
    )
    return await console.enqueue(
        key, "web", "", key.split(":")[-1], reason, "诉求：路灯坏了；电话13853001234"
    )


async def test_queue_positions_and_masked_summary(console: ConsoleService) -> None:
    assert await _queue(console, "web::a") == 1
    assert await _queue(console, "web::b") == 2
    assert await _queue(console, "web::c") == 3
    assert await _queue(console, "web::b") == 2  # asking again keeps the place
    items = await console.queue(A1)
    assert [i.key for i in items] == ["web::a", "web::b", "web::c"]
    assert [i.position for i in items] == [1, 2, 3]
    assert all("13853001234" not in (i.summary or "") for i in items)


@pytest.mark.parametrize("claimers", [2, 12])
async def test_exactly_one_of_concurrent_claims_wins(
    console: ConsoleService, claimers: int
) -> None:
    await _queue(console)
    results = await asyncio.gather(*(console.claim(KEY, f"agent{i}") for i in range(claimers)))
    assert sum(results) == 1
    winner = f"agent{results.index(True)}"
    assert await console.holder(KEY) == winner
    async with console.sessions() as s:
        claims = (await s.scalars(select(ConsoleAudit).where(ConsoleAudit.action == "claim"))).all()
    assert [c.actor for c in claims] == [winner]


async def test_history_masked_and_reveal_is_audited(console: ConsoleService) -> None:
    await _queue(console)
    assert await console.claim(KEY, A1.username)
    turns = await console.turns(KEY)
    first = turns[0]
    assert first.direction == "in"
    assert first.masked
    assert "13853001234" not in first.text
    assert "138****1234" in first.text
    with pytest.raises(Forbidden):
        await console.reveal(KEY, first.id, A2)
    assert await console.reveal(KEY, first.id, A1) == "我的电话是13853001234，路灯坏了"
    log = await console.audit_log(KEY)
    assert [e["action"] for e in log if e["action"] == "reveal_pii"] == ["reveal_pii"]
    assert log[0]["actor"] == "zhang"
    with pytest.raises(NotFound):
        await console.reveal(KEY, 999_999, A1)


async def test_turns_keep_arrival_order_and_reach_the_holder_live(console: ConsoleService) -> None:
    await _queue(console)
    await console.claim(KEY, A1.username)
    with (
        console.hub.subscribe(A1.username, False) as sub,
        console.hub.subscribe(A2.username, False) as other,
    ):
        for i in range(20):
            await console.record_turn(KEY, "web", "", "citizen-1", "in", f"消息{i}", [], None, None)
        await console.notify_inbound(KEY, "消息19", [])
        events = [sub.queue.get_nowait() for _ in range(sub.queue.qsize())]
        assert other.queue.empty()  # another agent does not see a chat it does not hold
    texts = [e["turn"]["text"] for e in events if e["type"] == "turn"]
    assert texts == [f"消息{i}" for i in range(20)]
    assert events[-1]["type"] == "inbound"
    stored = [t.text for t in await console.turns(KEY) if t.direction == "in"]
    assert stored[-20:] == texts


async def test_transfer_and_release(console: ConsoleService) -> None:
    await _queue(console)
    await console.claim(KEY, A1.username)
    await console.create_agent("li", "李强", "agent", "password-li")
    await console.create_agent("zhang", "张敏", "agent", "password-zhang")
    with pytest.raises(Forbidden):
        await console.transfer(KEY, A2, "zhang")  # not the holder
    with pytest.raises(NotFound):
        await console.transfer(KEY, A1, "nobody")
    await console.heartbeat("li")  # a colleague on duty
    # by display name too; the answer names the colleague for the handing agent's screen
    assert await console.transfer(KEY, A1, "李强") == ("li", "李强")
    assert await console.holder(KEY) == "li"
    with pytest.raises(Forbidden):
        await console.release(KEY, A1)
    await console.release(KEY, A2)
    assert await console.holder(KEY) is None
    assert (await console.conversation(KEY)).status == "bot"
    # a supervisor may hand back any held chat
    await _queue(console)
    await console.claim(KEY, A1.username)
    await console.release(KEY, BOSS)
    assert await console.holder(KEY) is None


async def test_agent_session_expiry_returns_the_chat_to_the_queue(
    console: ConsoleService, clock: Clock
) -> None:
    await _queue(console, "web::first")
    clock.advance(1)
    await _queue(console)
    assert await console.claim(KEY, A1.username)
    await console.store.delete(f"console:alive:{A1.username}")  # the session lapsed
    await console.record_turn(KEY, "web", "", "citizen-1", "in", "还在吗", [], None, None)
    result = await console.sweep()
    assert result.requeued == [KEY]
    assert await console.holder(KEY) is None
    items = await console.queue(A2)
    assert [i.key for i in items] == ["web::first", KEY]  # keeps its original place
    assert "还在吗" in [t.text for t in await console.turns(KEY)]  # nothing lost
    assert await console.claim(KEY, A2.username)


async def test_unclaimed_too_long_alerts_once(console: ConsoleService, clock: Clock) -> None:
    await _queue(console)
    assert (await console.sweep()).alerts == []
    clock.advance(61)
    with console.hub.subscribe("boss", True) as sub:
        assert (await console.sweep()).alerts == [KEY]
        assert (await console.sweep()).alerts == []
        assert sub.queue.get_nowait()["type"] == "alert"
    assert (await console.queue(A1))[0].alerted


async def test_agents_passwords_and_sessions(console: ConsoleService) -> None:
    await console.ensure_admin("admin-secret-1")
    assert await console.authenticate("admin", "admin-secret-1") == BOSS
    assert await console.authenticate("admin", "wrong") is None
    assert await console.authenticate("ghost", "admin-secret-1") is None
    await console.ensure_admin("admin-secret-2")  # the setting changed: the password follows
    assert await console.authenticate("admin", "admin-secret-2") == BOSS
    with pytest.raises(InvalidInput):
        await console.create_agent("x y", "坏名字", "agent", "password-1")
    with pytest.raises(InvalidInput):
        await console.create_agent("short", "短密码", "agent", "123")
    made = await console.create_agent("wang", "王丽", "agent", "password-wang")
    await console.start_session(made, "sid-1")
    assert await console.resume_session("sid-1") == made
    await _queue(console)
    await console.claim(KEY, "wang")
    await console.end_session("sid-1", made)
    assert await console.resume_session("sid-1") is None
    assert await console.holder(KEY) is None  # signing out puts held chats back in the queue
    loads = {a.username: a for a in await console.load()}
    assert loads["wang"].holding == 0


class RecordingCases:
    """The case store's intake port, recording what it is asked to write."""

    def __init__(self) -> None:
        self.drafts: list[AppealDraft] = []

    async def open_work_order(self, draft: AppealDraft) -> OrderReceipt:
        known = [d for d in self.drafts if d.idempotency_key == draft.idempotency_key]
        self.drafts.append(draft)
        return OrderReceipt(
            f"HZ20260302-{len(self.drafts):06d}", "牡丹区城管局", None, created=not known
        )

    async def progress(self, *a: Any, **k: Any) -> None:
        return None

    async def record_evaluation(self, *a: Any, **k: Any) -> bool:
        return True

    async def record_urging(self, *a: Any, **k: Any) -> bool:
        return True


async def test_open_order_from_the_console(console: ConsoleService) -> None:
    await _queue(console)
    from dialogs.state import CategoryGuess, DialogState, IntakeFlow, IntakeSlots, Place
    from gateway.kv import KEYS

    facts = IntakeSlots(
        matter="路灯坏了，电话13853001234",
        phone="13853001234",
        place=Place(county="牡丹区"),
        category=CategoryGuess(level1="城乡建设"),
    )
    state = DialogState(flow=IntakeFlow(step="confirm", slots=facts))
    await console.store.set(KEYS.session(KEY), state.model_dump_json())
    cases = RecordingCases()
    fields = {
        "token": "tok-12345678",
        "text": "路灯坏了",
        "county": "牡丹区",
        "use_session_contact": True,
    }
    with pytest.raises(Forbidden):
        await console.open_order(cases, KEY, A1, fields)  # claim first
    await console.claim(KEY, A1.username)
    prefill = await console.prefill(KEY)
    assert prefill["county"] == "牡丹区"
    assert "13853001234" not in prefill["text"]
    assert prefill["has_contact_phone"] is True
    assert prefill["title"] == "网页访客…en-1 · 路灯坏了，电话138****1234"
    receipt = await console.open_order(cases, KEY, A1, fields)
    draft = cases.drafts[0]
    assert draft.idempotency_key == f"console:{KEY}:tok-12345678"
    assert (draft.channel, draft.sender, draft.conversation_id) == ("web", "citizen-1", KEY)
    assert draft.contact_phone == "13853001234"
    assert draft.category_level1 == "城乡建设"
    assert draft.extra["agent"] == "zhang"
    assert (await console.conversation(KEY)).work_order == receipt.number
    again = await console.open_order(cases, KEY, A1, fields)  # a double click
    assert again.created is False
    with pytest.raises(InvalidInput):
        await console.open_order(cases, KEY, A1, {**fields, "token": "bad token!"})
    with pytest.raises(InvalidInput):
        await console.open_order(cases, KEY, A1, {**fields, "text": " "})


def test_migration_matches_the_models(db_url: str) -> None:
    """Revision g0001 (gateway/migrations) creates exactly what the console's models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import gateway.console.models  # noqa: F401  (registers the tables)

    engine = create_engine(sync_url(db_url))
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": False})
            diffs = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()

    def console_only(diff: Any) -> bool:
        text = repr(diff)
        return "console_" in text

    flat = [d for d in diffs if console_only(d)]
    assert flat == []


async def test_a_bad_turn_does_not_fail_its_neighbours(console: ConsoleService) -> None:
    good = console.record_turn(KEY, "web", "", "citizen-1", "in", "正常消息", [], None, None)
    bad = console.record_turn("x" * 300, "web", "", "s", "in", "键过长", [], None, None)
    also = console.record_turn(KEY, "web", "", "citizen-1", "in", "后续消息", [], None, None)
    results = await asyncio.gather(good, bad, also, return_exceptions=True)
    assert results[0] is None
    assert results[2] is None
    if console.sessions.kw["bind"].dialect.name == "postgresql":  # SQLite ignores lengths
        assert isinstance(results[1], Exception)
    texts = [t.text for t in await console.turns(KEY)]
    assert texts == ["正常消息", "后续消息"]


async def test_concurrent_first_sign_ins_create_the_admin_once(console: ConsoleService) -> None:
    """Several first sign-ins (or processes starting together) on a fresh database: no
    IntegrityError, one account, and its password works."""
    await asyncio.gather(*(console.ensure_admin("admin-secret-1") for _ in range(12)))
    assert await console.authenticate("admin", "admin-secret-1") == BOSS
    assert [a.username for a in await console.load()].count("admin") == 1


async def test_concurrent_creation_of_one_name_is_a_conflict_never_a_500(
    console: ConsoleService,
) -> None:
    results = await asyncio.gather(
        *(console.create_agent("zhao", "赵", "agent", "password-zhao") for _ in range(8)),
        return_exceptions=True,
    )
    made = [r for r in results if not isinstance(r, BaseException)]
    assert len(made) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException)), results
