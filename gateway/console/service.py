"""The agent takeover service: queue, claim, transfer, hand back, records and audit.

Claiming is one conditional ``UPDATE ... WHERE status IN ('queued','bot')``: the database
serializes it, so of two agents claiming at once exactly one changes the row. An agent's
liveness is a store key refreshed by every request and by the open event stream; when it
lapses, :meth:`ConsoleService.sweep` puts the agent's chats back in the queue.
"""

from __future__ import annotations

from gateway.console.agents import AgentsMixin
from gateway.console.orders import OrdersMixin
from gateway.console.turns import TurnsMixin
from gateway.console.views import (
    CHANNEL_LABELS,
    REASON_LABELS,
    AgentLoad,
    AgentView,
    ConsoleSettings,
    Direction,
    QueueItem,
    Role,
    SweepResult,
    TurnView,
    conversation_title,
    queue_json,
    reason_label,
    turn_json,
)

__all__ = [
    "CHANNEL_LABELS",
    "REASON_LABELS",
    "AgentLoad",
    "AgentView",
    "ConsoleService",
    "ConsoleSettings",
    "Direction",
    "QueueItem",
    "Role",
    "SweepResult",
    "TurnView",
    "conversation_title",
    "queue_json",
    "reason_label",
    "turn_json",
]


class ConsoleService(TurnsMixin, AgentsMixin, OrdersMixin):
    """The console façade: turns (:mod:`.turns`), queue and claim (:mod:`.queue`), agents and
    sessions (:mod:`.agents`), work orders (:mod:`.orders`) over one core (:mod:`.core`)."""
