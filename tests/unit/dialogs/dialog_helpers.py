"""Shared builders for the dialogue flow tests: real wording table, hand-made NLU results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from config.settings import DATA_DIR
from dialogs.context import DialogContext, Thresholds
from dialogs.engine import step
from dialogs.model import (
    Action,
    DialogState,
    Event,
    FindOrders,
    LookupOrder,
    OrderFound,
    OrdersFound,
    OwnOrder,
    UserMessage,
)
from dialogs.state import IntakeFlow, IntakeSlots
from dialogs.wording import Wording, load_wording
from nlu.types import Category, Entity, Intent, NluResult, Territory, Triage, TriageOutcome

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def wording() -> Wording:
    return load_wording(DATA_DIR)


# The flows are tested with a county as enough of a place; the question for the village,
# estate or road (``Thresholds.ask_place_detail``, on by default) is tested on its own in
# test_dialog_place_detail.py; so is "since when?" asked while an intake is quick enough
# (``Thresholds.order_turns``, test_dialog_kinds10.py): 0 never leaves room for it.
NO_DETAIL = Thresholds(ask_place_detail=False, order_turns=0)


@pytest.fixture
def ctx(wording: Wording) -> DialogContext:
    return DialogContext.for_channel("web", wording, NO_DETAIL)


@pytest.fixture
def since_ctx(wording: Wording) -> DialogContext:
    """A centre that asks "since when?" as a question of its own."""
    return DialogContext.for_channel(
        "web", wording, Thresholds(ask_since=True, ask_place_detail=False)
    )


@pytest.fixture
def sms_ctx(wording: Wording) -> DialogContext:
    return DialogContext.for_channel("sms", wording, NO_DETAIL)


def nlu(
    text: str,
    intent: str = "appeal",
    *,
    county: str | None = None,
    township: str | None = None,
    category: str | None = None,
    triage: TriageOutcome | None = None,
    service: str | None = None,
    reason: str = "规则匹配",
    entities: tuple[tuple[str, str], ...] = (),
    abusive: bool = False,
    confidence: float = 0.9,
) -> NluResult:
    """An NluResult as the NLU engine would produce it."""
    return NluResult(
        text=text,
        intent=Intent(intent, confidence),
        category=Category(category, None, 0.8, "department:住建") if category else None,
        triage=Triage(triage, reason, service=service) if triage else None,
        entities=tuple(Entity(t, v, v, 0, len(v)) for t, v in entities),
        territory=Territory(county=county, township=township) if county or township else None,
        abusive=abusive,
    )


class Chat:
    """Drives the engine like the gateway does, with a clock that moves 10 s a turn."""

    def __init__(self, ctx: DialogContext, channel: str = "web", phone: str | None = None):
        self.ctx = ctx
        self.channel = channel
        self.phone = phone
        self.state = DialogState()
        self.at = T0
        self.n = 0

    @property
    def flow(self) -> str:
        """The active flow's name."""
        return str(self.state.flow.name)

    def feed(self, event: Event) -> list[Action]:
        before = self.state.model_dump_json()
        new, actions = step(self.state, event, self.ctx)
        assert self.state.model_dump_json() == before, "step must not mutate its input"
        # the state must survive the session store (JSON) unchanged (``agent`` is not
        # stored: the gateway asks the console before every step)
        stored = DialogState.model_validate_json(new.model_dump_json())
        assert stored == new.model_copy(update={"agent": None})
        self.state = new
        return actions

    def say(self, text: str, result: NluResult | str | None = "auto", **kw: Any) -> list[Action]:
        self.n += 1
        self.at += timedelta(seconds=10)
        parsed = nlu(text, "unknown", confidence=0.1) if result == "auto" else result
        msg = UserMessage(
            channel=self.channel,
            sender="u1",
            text=text,
            nlu=parsed,
            at=self.at,
            message_key=f"{self.channel}:m{self.n}",
            contact_phone=self.phone,
            **kw,
        )
        return self.feed(msg)


def slots(chat: Chat) -> IntakeSlots:
    """The intake slots of the chat's state (the test fails when no intake is active)."""
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow), flow
    return flow.slots


def texts(actions: list[Action]) -> str:
    return "\n".join(getattr(a, "text", "") for a in actions)


def kinds(actions: list[Action]) -> list[str]:
    return [a.type for a in actions]


@pytest.fixture
def chat(ctx: DialogContext) -> Chat:
    return Chat(ctx)


def own_orders(chat: Chat, acts: list[Action], *numbers: str) -> list[Action]:
    """The gateway's answer to :class:`FindOrders` (asked in ``acts``): the citizen's own
    orders by channel identity, newest first (none when no number is given)."""
    assert acts == [FindOrders()], acts
    found = tuple(OwnOrder(number=n, summary=f"诉求{i}", at=T0) for i, n in enumerate(numbers))
    return chat.feed(OrdersFound(orders=found))


def not_theirs(chat: Chat, acts: list[Action]) -> list[Action]:
    """The gateway's answer to a lookup by channel identity (``LookupOrder(own=True)``, a
    number given without the last four) when the order was not filed from this chat:
    not found, so the last four are asked. Other actions pass through unchanged."""
    looked = [a for a in acts if isinstance(a, LookupOrder) and a.own]
    if not looked:
        return acts
    return chat.feed(OrderFound(found=False, number=looked[0].number))
